//! A classification run from its configuration: the model, the test split and the training
//! loop, the one path the CLI, the sweeps and the page's worker train through.

use super::pipeline::{model_plan, train_config, Built};
use super::Config;
use crate::data::{Dataset, Split};
use crate::model::train::{train, Host, Outcome, TrainError};
use crate::model::{Device, Reservoir};

/// The test images a run is evaluated on (the first `test_limit`, or all).
pub fn test_split(cfg: &Config, data: &Dataset) -> Split {
    match cfg.test_limit {
        Some(n) => data.test.clone().truncate(n),
        None => data.test.clone(),
    }
}

/// Trains the run of `cfg` on its built circuit and dataset on `device`, reporting to `host`;
/// the trained model and what it measured.
pub async fn classify<H: Host>(
    cfg: &Config,
    built: &Built,
    data: &Dataset,
    device: &Device,
    host: &mut H,
) -> Result<(Reservoir, Outcome), TrainError> {
    let (mut spec, feed) =
        model_plan(cfg, &built.circuit, data.manifest.shape, data.manifest.classes.len()).map_err(TrainError::Setup)?;
    spec.units = built.units.clone();
    let model = Reservoir::new(&spec, &built.w_rec, device);
    let test = test_split(cfg, data);
    train(
        model,
        &data.train,
        &test,
        &feed,
        spec.shape.classes,
        &train_config(cfg),
        device,
        host,
    )
    .await
}
