//! Training on real MNIST (prepared by .ci/setup under public/data/mnist): chance at
//! iteration zero, learning within an epoch, the `none` baseline, and the CLI's JSON lines.

mod common;

use devcircuit::cli::commands::run_training;
use devcircuit::cli::flags::Backend;
use devcircuit::data::fs::load;
use devcircuit::experiment::classify::classify;
use devcircuit::experiment::{build, Config, Topology};
use devcircuit::model::train::{Event, Host, Outcome};
use devcircuit::model::Device;

/// A host that keeps nothing: the library's training path as the CLI and the page call it.
struct Quiet;

impl Host for Quiet {
    fn now_ms(&self) -> f64 {
        0.0
    }

    fn emit(&mut self, _: &Event) {}

    fn stop_requested(&self) -> bool {
        false
    }

    async fn breathe(&mut self) {}
}

/// Trains `cfg` on MNIST on the CPU through `experiment::classify::classify`.
fn classify_mnist(cfg: &Config) -> Result<Outcome, String> {
    let data = load("mnist").expect("MNIST must be prepared (.ci/setup)");
    let built = build(cfg, || 0.0)?;
    #[allow(deprecated)]
    let device = Device::ndarray().autodiff();
    pollster::block_on(classify(cfg, &built, &data, &device, &mut Quiet))
        .map(|r| r.1)
        .map_err(|e| e.to_string())
}

fn run(topology: Topology, limit: Option<usize>) -> Outcome {
    let cfg = Config {
        topology,
        limit,
        ..Config::default()
    };
    classify_mnist(&cfg).unwrap()
}

#[test]
fn developmental_circuit_learns_mnist_in_one_epoch() {
    if !(common::mnist("developmental_circuit_learns_mnist_in_one_epoch")) {
        return;
    }
    let out = run(Topology::Developmental, None);
    assert!(
        out.iteration0_accuracy < 0.2,
        "iteration 0 is not near chance: {}",
        out.iteration0_accuracy
    );
    let acc = out.test_accuracy[0];
    assert!(acc > 0.90, "one epoch reached only {acc}");
    let first = out.losses.first().unwrap().1;
    let last = out.losses.last().unwrap().1;
    assert!(last < first / 3.0, "loss {first} → {last}");
}

#[test]
fn a_diverging_run_stops_with_an_explanation() {
    if !(common::mnist("a_diverging_run_stops_with_an_explanation")) {
        return;
    }
    let cfg = Config {
        learning_rate: 1.0,
        radius: 0.0,
        limit: Some(60),
        ..Config::default()
    };
    let err = classify_mnist(&cfg).unwrap_err();
    assert!(
        err.contains("training diverged") && err.contains("lower learning rate"),
        "{err}"
    );
}

#[test]
fn none_topology_trains_too() {
    if !(common::mnist("none_topology_trains_too")) {
        return;
    }
    let out = run(Topology::None, Some(150));
    assert!(
        out.test_accuracy[0] > 0.8,
        "W_rec = 0 after 150 batches: {}",
        out.test_accuracy[0]
    );
}

#[test]
fn cli_train_prints_batch_epoch_and_done_lines() {
    if !(common::mnist("cli_train_prints_batch_epoch_and_done_lines")) {
        return;
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_devcircuit"))
        .args([
            "train",
            "--dataset",
            "mnist",
            "--epochs",
            "1",
            "--topology",
            "random",
            "--seed",
            "1",
            "--limit-batches",
            "30",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.iter().any(|l| l["event"] == "batch"));
    assert!(lines.iter().any(|l| l["event"] == "epoch"));
    let done = lines.last().unwrap();
    assert_eq!(done["event"], "done");
    for k in [
        "iteration0_accuracy",
        "test_accuracy",
        "seconds",
        "epoch_seconds",
        "samples_per_second",
        "backend",
        "fingerprint",
    ] {
        assert!(done.get(k).is_some(), "done lacks {k}");
    }
    assert!(done["test_accuracy"][0].as_f64().unwrap() > 0.5);
}

/// The wgpu backend (the page's WebGPU kernels, here on Vulkan: Mesa's lavapipe on this
/// machine, installed by .ci/setup) trains the same model as ndarray: the same accuracy at
/// iteration 0 up to float rounding, and the same learning after 40 batches within a point.
#[test]
fn wgpu_backend_trains_the_same_model_as_ndarray() {
    if !(common::mnist("wgpu_backend_trains_the_same_model_as_ndarray")
        && common::vulkan("wgpu_backend_trains_the_same_model_as_ndarray"))
    {
        return;
    }
    let data = load("mnist").expect("MNIST must be prepared (.ci/setup)");
    let cfg = Config {
        limit: Some(40),
        test_limit: Some(1000),
        ..Config::default()
    };
    let built = build(&cfg, || 0.0).unwrap();
    let test = |b| run_training(&cfg, &data, &built, false, b).unwrap();
    let (cpu, _) = test(Backend::Ndarray);
    let (gpu, name) = test(Backend::Wgpu);
    assert!(name.starts_with("wgpu"), "{name}");
    assert!(
        (cpu.iteration0_accuracy - gpu.iteration0_accuracy).abs() <= 0.002,
        "iteration 0: ndarray {} vs wgpu {}",
        cpu.iteration0_accuracy,
        gpu.iteration0_accuracy
    );
    let (a, b) = (cpu.test_accuracy[0], gpu.test_accuracy[0]);
    assert!(
        a > 0.6 && (a - b).abs() <= 0.01,
        "after 40 batches: ndarray {a} vs wgpu {b}"
    );
    assert!(
        gpu.readback_seconds > 0.0 && gpu.readback_seconds < gpu.seconds,
        "read-back {} of {} s",
        gpu.readback_seconds,
        gpu.seconds
    );
}
