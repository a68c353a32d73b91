//! What leaves the workspace: results as CSV (per batch, per epoch) and JSON, a generated
//! Methods paragraph, and the compact summary a share link carries for ghost curves.

use super::config::{Config, Task, Topology};
use super::results::condition_value;
use super::results::{condition_labels, summarise_conditions, RunRecord};
use super::settings::SETTINGS;
use super::APP_VERSION;
use crate::model::{Encoding, TrainMode};
use serde::Serialize;

const SEEDS_HEADER: [&str; 9] = [
    "run",
    "condition",
    "topology",
    "dataset",
    "seed",
    "init_seed",
    "data_seed",
    "backend",
    "status",
];

fn row_prefix(r: &RunRecord, label: &str) -> Vec<String> {
    let c = &r.config;
    vec![
        r.id.to_string(),
        label.to_string(),
        c.topology.key().to_string(),
        c.dataset.clone(),
        c.seed.to_string(),
        c.init_seed.to_string(),
        c.data_seed.to_string(),
        r.backend.clone(),
        r.status.label(),
    ]
}

/// Rows under a header as CSV (the csv crate: a label such as `in=l6,l5` is quoted).
pub fn csv_table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(vec![]);
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// One row per logged batch: iteration and loss.
pub fn csv_per_batch(records: &[RunRecord]) -> String {
    let header: Vec<&str> = SEEDS_HEADER.iter().copied().chain(["iteration", "loss"]).collect();
    let rows = records.iter().zip(condition_labels(records)).flat_map(|(r, label)| {
        let prefix = row_prefix(r, &label);
        r.losses
            .iter()
            .map(move |(i, l)| [prefix.clone(), vec![i.to_string(), l.to_string()]].concat())
    });
    csv_table(&header, rows)
}

/// One row per evaluation: epoch 0 is iteration 0 (before training).
pub fn csv_per_epoch(records: &[RunRecord]) -> String {
    let tail = [
        "epoch",
        "test_accuracy",
        "test_images",
        "samples_per_second",
        "fingerprint",
    ];
    let header: Vec<&str> = SEEDS_HEADER.iter().copied().chain(tail).collect();
    let rows = records.iter().zip(condition_labels(records)).flat_map(|(r, label)| {
        let prefix = row_prefix(r, &label);
        r.accuracy_curve().into_iter().enumerate().map(move |(e, a)| {
            let values = [e.to_string(), a.to_string(), r.test_images.to_string()];
            let more = [format!("{:.1}", r.samples_per_second), r.fingerprint.clone()];
            [prefix.clone(), values.to_vec(), more.to_vec()].concat()
        })
    });
    csv_table(&header, rows)
}

#[derive(Serialize)]
struct Export<'a> {
    app: &'static str,
    version: &'static str,
    runs: &'a [RunRecord],
    conditions: Vec<super::results::ConditionSummary>,
    /// Each condition's headline value (accuracy or task metric) across seeds.
    metrics: Vec<(String, super::results::Summary)>,
    /// Each condition against its developmental twin: paired CI, p-values unadjusted and
    /// Holm-adjusted over all comparisons, and the verdict from the adjusted ones.
    paired: Vec<super::results::PairedRow>,
}

/// Every run with its configuration, fingerprint and results, plus the per-condition summary
/// and the paired verdicts against the developmental twin (default margin, Holm over all).
pub fn json(records: &[RunRecord]) -> String {
    serde_json::to_string_pretty(&Export {
        app: "devcircuit",
        version: APP_VERSION,
        runs: records,
        conditions: summarise_conditions(records),
        metrics: super::results::metric_summaries(records),
        paired: super::results::paired_rows(records, &super::results::Analysis::against(Topology::Developmental)),
    })
    .unwrap_or_default()
}

fn list(v: &[String]) -> String {
    match v.len() {
        0 => String::new(),
        1 => v[0].clone(),
        n => format!("{} and {}", v[..n - 1].join(", "), v[n - 1]),
    }
}

/// The value of a setting when every record shares it, else "per condition (…)" listing each.
fn shared(records: &[RunRecord], f: impl Fn(&Config) -> String) -> String {
    let values = distinct(records, |r| f(&r.config));
    match values.as_slice() {
        [one] => one.clone(),
        many => format!("per condition ({})", many.join(" / ")),
    }
}

/// The development sentence: rules, knock-outs and the development parameters as run.
fn development_text(records: &[RunRecord]) -> String {
    let rules = shared(records, |c| {
        c.rules
            .as_deref()
            .map_or("the 15-gene cortex15 Boolean rules".into(), |r| {
                format!(
                    "custom rules #{:08x}",
                    crate::rng::fingerprint_bytes(r.as_bytes()) as u32
                )
            })
    });
    let fixes = shared(records, |c| match (c.knockouts.is_empty(), c.forced.is_empty()) {
        (true, true) => "no knock-outs".into(),
        _ => format!(
            "knock-outs [{}] and forced genes [{}]",
            c.knockouts.join(", "),
            c.forced.join(", ")
        ),
    });
    format!(
        "Circuits were grown with devcircuit {APP_VERSION} from founder cortical stem cells (tissue scale {scale}) \
        under {rules}, {fixes} (development seed per run); synapses formed with distance scale σ = {sigma} µm, \
        similarity exponent {sim} and a synapse total of {syn} per unit of scale; an inhibitory fraction of {ei} of \
        the mature neurons per layer (Dale's principle) with inhibitory gain {gain}.",
        scale = shared(records, |c| c.scale.to_string()),
        sigma = shared(records, |c| c.sigma.to_string()),
        sim = shared(records, |c| c.similarity.to_string()),
        syn = shared(records, |c| c.synapses.to_string()),
        ei = shared(records, |c| c.ei_fraction.to_string()),
        gain = shared(records, |c| c.inhibitory_gain.to_string())
    )
}

fn norm_text(c: &Config) -> String {
    if c.radius > 0.0 {
        format!("scaled to spectral radius {}", c.radius)
    } else if c.radius == 0.0 {
        "left as raw signed synapse counts".into()
    } else {
        "row-normalised".into()
    }
}

/// A Methods paragraph naming every parameter and seed behind the records; a setting that
/// differs between conditions is given per condition.
pub fn methods(records: &[RunRecord]) -> String {
    let Some(first) = records.first() else {
        return "No runs yet.".into();
    };
    let prose = if first.config.task != Task::Classify {
        task_methods(records)
    } else {
        classify_methods(records)
    };
    let plastic: Vec<String> = distinct(records, |r| plasticity_methods(&r.config))
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    format!(
        "{prose} {}{}",
        plastic.iter().map(|t| format!("{t} ")).collect::<String>(),
        settings_sentence(records)
    )
}

/// The plasticity phase of a configuration with its rule's equation ("" without plasticity).
pub fn plasticity_methods(c: &Config) -> String {
    use crate::plasticity::Rule;
    let rule = match c.plasticity {
        Rule::None => return String::new(),
        Rule::Ip => format!(
            "intrinsic plasticity (Schrauwen et al. 2008): each unit computes tanh(a·z + b) and, with y its output and \
             z its net input, Δb = −η(−μ/σ² + (y/σ²)(2σ² + 1 − y² + μy)), Δa = η/a + Δb·z, toward N(μ = {}, σ = {}); \
             the gains and biases are kept, W is unchanged",
            c.ip_mean, c.ip_sd
        ),
        Rule::Oja => "Oja-normalised Hebbian learning on the existing synapses: |w_ij| ← |w_ij| + \
             η·y_j·s_i·x_i (s_i the presynaptic sign, floored at 0 so no sign flips), then each neuron's input \
             vector is renormalised to its norm before the phase; W is then rescaled to ρ"
            .into(),
        Rule::Scaling => format!(
            "homeostatic synaptic scaling: each neuron's incoming weights are multiplied every step by \
             1 + η(r* − r̄_j), r̄_j its running mean |y| (time constant 100 steps), r* = {}; W is then rescaled to ρ",
            c.target_rate
        ),
        Rule::Prune => format!(
            "activity-dependent pruning: over the phase each synapse sums |w_ij·x_i|; at its end the {} % of connected \
             pairs with the smallest sum are removed; W is then rescaled to ρ",
            c.prune_fraction * 100.0
        ),
    };
    format!(
        "After development and before any training, the layer was driven for P = {} steps by independent uniform noise \
         in ±{} into every neuron (seeded by the initialisation seed) under {rule} (η = {}); the result was frozen.",
        c.plastic_steps, c.plastic_noise, c.plastic_rate
    )
}

/// Every setting that acts on the runs, from the settings table (so a new setting is in the
/// Methods without a word written for it), per condition where it differs.
fn settings_sentence(records: &[RunRecord]) -> String {
    let parts: Vec<String> = SETTINGS
        .iter()
        .filter(|s| records.iter().any(|r| (s.acts)(&r.config)))
        .map(|s| format!("{} = {}", s.spec.name(), shared(records, |c| condition_value(s, c))))
        .collect();
    format!("All settings (devcircuit's names): {}.", parts.join("; "))
}

/// The classification paragraph.
fn classify_methods(records: &[RunRecord]) -> String {
    let seeds = distinct(records, |r| {
        format!("{}/{}/{}", r.config.seed, r.config.init_seed, r.config.data_seed)
    });
    let labels = {
        let l = condition_labels(records);
        let mut u: Vec<String> = vec![];
        for x in l {
            if !u.contains(&x) {
                u.push(x)
            }
        }
        u
    };
    let enc = shared(records, |c| match c.encoding {
        Encoding::Whole => format!("the whole image presented at each of T = {} recurrent steps", c.steps),
        Encoding::Rows => "row t of every channel presented at recurrent step t".into(),
        Encoding::Permuted => "pixels in a fixed seeded permutation (data-order seed), one row's worth of every \
            channel per recurrent step"
            .into(),
    });
    let trained = shared(records, |c| match c.train {
        TrainMode::Readout => format!(
            "only the readout trained, W_in (uniform in ±{}/√inputs) and b frozen",
            c.input_scale
        ),
        TrainMode::InputReadout => format!(
            "W_in (initialised uniform in ±{}/√inputs), b and the readout trained",
            c.input_scale
        ),
        TrainMode::All => format!(
            "W_rec, W_in (initialised uniform in ±{}/√inputs), b and the readout all trained",
            c.input_scale
        ),
    });
    let leak = shared(records, |c| {
        if c.leak == 1.0 {
            "tanh units".into()
        } else {
            format!("leaky-integrator units, h ← (1 − α)h + α·tanh(…) with α = {}", c.leak)
        }
    });
    let sets = shared(records, |c| {
        format!(
            "input into {} and readout from {}",
            c.input_layers.label(),
            c.readout_layers.label()
        )
    });
    let limit = shared(records, |c| {
        c.limit
            .map_or("whole epochs".into(), |l| format!("{l} batches per epoch"))
    });
    let test = shared(records, |c| {
        c.test_limit
            .map_or("the full test set".into(), |t| format!("the first {t} test images"))
    });
    format!(
        "{dev} The mature neurons' signed synapse counts formed a fixed recurrent matrix W_rec ({norm}); {nulls}. \
        Inputs were {data} images (pixels scaled to [−0.5, 0.5]), with {enc}; h_t = tanh(x W_in + b + h_(t-1) \
        W_rec) ({leak}), {sets}, and a linear readout of the last state; {trained} (Adam, learning rate {lr}, batch \
        size {batch}, cross-entropy) for {epochs} epoch(s), {limit}; accuracy was measured on {test} before training \
        (iteration 0) and after every epoch. Conditions: {conds}. Seeds (development/initialisation/data order): \
        {seeds}; {n} run(s) in total, summarised as mean ± sd with 95 % confidence intervals from Student's t; \
        conditions paired with their developmental twin on shared seeds (paired t, two one-sided tests for \
        equivalence, p-values Holm-adjusted over the comparisons shown). Backend: {backends}.",
        dev = development_text(records),
        norm = shared(records, norm_text),
        nulls = null_definitions(records),
        data = shared(records, |c| c.dataset.clone()),
        lr = shared(records, |c| c.learning_rate.to_string()),
        batch = shared(records, |c| c.batch_size.to_string()),
        epochs = shared(records, |c| c.epochs.to_string()),
        conds = list(&labels),
        seeds = seeds.join(", "),
        n = records.len(),
        backends = list(&distinct(records, |r| r.backend.clone()))
    )
}

/// A condition recorded in a share link: its label, accuracy curve and a thinned loss curve.
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    pub label: String,
    pub accuracy: Vec<f64>,
    pub loss: Vec<(usize, f64)>,
}

/// The `rec=` value of `records`: see `conditions_to_fragment`.
pub fn ghosts_to_fragment(records: &[RunRecord]) -> String {
    conditions_to_fragment(&summarise_conditions(records))
}

/// The `rec=` value: per condition `label*acc,acc,…*iter:loss,…`, conditions joined by `!`.
pub fn conditions_to_fragment(conditions: &[crate::experiment::results::ConditionSummary]) -> String {
    let parts: Vec<String> = conditions
        .iter()
        .map(|c| {
            let acc: Vec<String> = c.accuracy.iter().map(|s| format!("{:.4}", s.mean)).collect();
            let step = c.loss.len().div_ceil(40).max(1);
            let loss: Vec<String> = c
                .loss
                .iter()
                .step_by(step)
                .map(|(i, s)| format!("{i}:{:.3}", s.mean))
                .collect();
            format!("{}*{}*{}", c.label, acc.join(","), loss.join(","))
        })
        .collect();
    super::link::encode(&parts.join("!"))
}

/// Reads a `rec=` value (already percent-decoded) back; errors name the broken part.
pub fn ghosts_from_fragment(value: &str) -> Result<Vec<Ghost>, String> {
    value
        .split('!')
        .filter(|p| !p.is_empty())
        .map(|part| {
            let bad = |what: &str| format!("recorded results `{part}`: {what}");
            let mut f = part.split('*');
            let label = f.next().unwrap_or_default().to_string();
            let nums = |s: &str| -> Result<Vec<f64>, String> {
                s.split(',')
                    .filter(|x| !x.is_empty())
                    .map(|x| x.parse::<f64>().map_err(|_| bad(&format!("`{x}` is not a number"))))
                    .collect()
            };
            let accuracy = nums(f.next().ok_or_else(|| bad("no accuracies"))?)?;
            let loss = f
                .next()
                .unwrap_or_default()
                .split(',')
                .filter(|x| !x.is_empty())
                .map(|p| {
                    let (i, l) = p
                        .split_once(':')
                        .ok_or_else(|| bad(&format!("`{p}` is not iteration:loss")))?;
                    Ok((
                        i.parse().map_err(|_| bad(&format!("`{i}` is not an iteration")))?,
                        l.parse().map_err(|_| bad(&format!("`{l}` is not a loss")))?,
                    ))
                })
                .collect::<Result<Vec<_>, String>>()?;
            Ok(Ghost { label, accuracy, loss })
        })
        .collect()
}

/// The values of one setting across records, deduplicated in first-seen order.
fn distinct(records: &[RunRecord], f: impl Fn(&RunRecord) -> String) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for r in records {
        let v = f(r);
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// The Methods paragraph of reservoir-task runs (memory capacity, NARMA-10, delay).
fn task_methods(records: &[RunRecord]) -> String {
    use crate::reservoir::{delay, echo, TEST_STEPS, TRAIN_STEPS, WASHOUT};
    let c = &records[0].config;
    let tasks = distinct(records, |r| r.config.task.key().to_string());
    let rhos = distinct(records, |r| r.config.radius.to_string());
    let topologies = distinct(records, |r| r.config.topology.key().to_string());
    let seeds = distinct(records, |r| {
        format!("{}/{}/{}", r.config.seed, r.config.init_seed, r.config.data_seed)
    });
    let sets = distinct(records, |r| {
        format!(
            "input into {} and readout from {}",
            r.config.input_layers.label(),
            r.config.readout_layers.label()
        )
    });
    let what = match c.task {
        Task::MemoryCapacity => "memory capacity (Jaeger 2001): i.i.d. input uniform in [−1, 1]; for each delay k = \
            1…2N a separate readout reconstructed u(t−k) and MC = Σ_k r²(u(t−k), prediction) on held-out steps; \
            its floor, the same sum for an independent signal the reservoir never saw, measures the estimator's bias"
            .to_string(),
        Task::Narma10 => {
            "NARMA-10: input uniform in [0, 0.5], one-step prediction of the tenth-order system, NRMSE on held-out \
            steps; an input draw whose series diverges is replaced by the next stream of the same seed"
                .to_string()
        }
        Task::Delay => format!(
            "delayed classification: a one-step pulse (+1) on one of {} input channels, then D = {} steps, every \
            channel carrying uniform noise in ±{} at every step, trials back to back ({} washout, {} fitted, {} \
            held-out trials); accuracy at D",
            delay::CLASSES,
            c.delay,
            delay::NOISE,
            delay::WASHOUT_TRIALS,
            delay::TRAIN_TRIALS,
            delay::TEST_TRIALS
        ),
        Task::Classify => String::new(),
    };
    format!(
        "{dev} The signed synapse counts formed a fixed W_rec scaled to spectral radius ρ ∈ {{{rhos}}}. Topologies: \
        {topo} ({nulls}). Reservoir {units}, h_0 = 0, no bias, W_in uniform in \
        ±{win} on the input neurons only; {sets}. Task(s): {tasks}: {what}. Readout: closed-form ridge regression (λ = \
        {ridge}) on centred states with an intercept, fitted on {train} steps after a washout of {washout} and scored \
        on {test} held-out steps (memory and NARMA). The echo-state property was checked by driving two initial states \
        (0 and uniform in [−1, 1]) with the same input for {esp} steps (holds when they end within {tol:e}). Seeds \
        (development/initialisation/signal): {seeds}; {n} run(s).",
        dev = development_text(records),
        nulls = null_definitions(records),
        rhos = rhos.join(", "),
        topo = list(&topologies),
        win = c.input_scale,
        units = shared(records, |c| if c.leak == 1.0 {
            "h_t = tanh(W_in u_t + W_rec^T h_(t−1))".into()
        } else {
            format!(
                "of leaky integrators h_t = (1 − α) h_(t−1) + α tanh(W_in u_t + W_rec^T h_(t−1)), α = {}",
                c.leak
            )
        }),
        sets = list(&sets),
        tasks = list(&tasks),
        ridge = c.ridge,
        train = TRAIN_STEPS,
        washout = WASHOUT,
        test = TEST_STEPS,
        esp = echo::ECHO_STEPS,
        tol = echo::ECHO_TOLERANCE,
        seeds = seeds.join(", "),
        n = records.len()
    )
}

/// What each null model and reference among the records keeps (`Topology::keeps`, the
/// viewer's wording).
pub fn null_definitions(records: &[RunRecord]) -> String {
    let mut seen: Vec<Topology> = vec![];
    for t in records.iter().map(|r| r.config.topology) {
        if t != Topology::Developmental && !seen.contains(&t) {
            seen.push(t);
        }
    }
    let listed = |refs: bool| -> Vec<String> {
        seen.iter()
            .filter(|t| t.is_reference() == refs)
            .map(|t| format!("{}: {}", t.key(), t.keeps()))
            .collect()
    };
    let (nulls, references) = (listed(false), listed(true));
    let mut parts = vec![];
    if !nulls.is_empty() {
        parts.push(format!(
            "every null model kept the neurons, their E/I signs and the exact synapse total ({})",
            nulls.join("; ")
        ));
    }
    if !references.is_empty() {
        parts.push(format!(
            "every reference reservoir kept the neurons and their layers (so the input and readout neurons), not \
            the synapse total, and was scaled to ρ like every W_rec ({})",
            references.join("; ")
        ));
    }
    if parts.is_empty() {
        "no null model was run".into()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::config::{Config, Topology};
    use crate::experiment::results::RunStatus;

    fn rec(id: u64, topology: Topology, seed: u64) -> RunRecord {
        let mut r = RunRecord::new(
            id,
            Config {
                topology,
                seed,
                init_seed: seed,
                data_seed: seed,
                limit: Some(10),
                ..Config::default()
            },
            "0.1.0",
            "cpu",
        );
        r.acc0 = Some(0.1);
        r.accuracy = vec![0.8 + seed as f64 / 100.0];
        r.losses = (1..=60).map(|i| (i, 2.3 / i as f64)).collect();
        r.status = RunStatus::Done;
        r
    }

    #[test]
    fn csv_rows_per_batch_and_epoch() {
        let rs = vec![rec(1, Topology::Developmental, 1), rec(2, Topology::Random, 1)];
        let b = csv_per_batch(&rs);
        assert_eq!(b.lines().count(), 1 + 120);
        assert!(b
            .lines()
            .nth(61)
            .unwrap()
            .starts_with("2,random,random,mnist,1,1,1,cpu,done,1,2.3"));
        let e = csv_per_epoch(&rs);
        assert_eq!(e.lines().count(), 1 + 4);
        assert!(e
            .lines()
            .nth(2)
            .unwrap()
            .starts_with("1,developmental,developmental,mnist,1,1,1,cpu,done,1,0.81,"));
        // A label with a comma (a layer list) stays one field.
        let mut deep = rec(3, Topology::Developmental, 2);
        deep.config = Config::from_settings(&serde_json::json!({"in": "l6,l5"})).unwrap();
        let text = csv_per_epoch(&[rs[0].clone(), deep]);
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        assert!(rows.iter().all(|r| r.len() == 14), "{text}");
        assert!(rows[2][1].starts_with("developmental in=l6,l5 "), "{text}");
    }

    #[test]
    fn methods_names_every_parameter_and_seed() {
        let m = methods(&[rec(1, Topology::Developmental, 3), rec(2, Topology::None, 4)]);
        for bit in [
            "spectral radius 0.9",
            "T = 5",
            "learning rate 0.001",
            "batch size 64",
            "1 epoch(s)",
            "10 batches per epoch",
            "mnist",
            "developmental and none",
            "3/3/3, 4/4/4",
            "Backend: cpu",
            "σ = 200 µm",
            "inhibitory fraction of 0.2",
            "inhibitory gain 4",
            "tissue scale 1",
            "pixels scaled to [−0.5, 0.5]",
        ] {
            assert!(m.contains(bit), "no `{bit}` in {m}");
        }
    }

    #[test]
    fn a_mixed_comparison_states_each_conditions_own_values() {
        let mut a = rec(1, Topology::Developmental, 1);
        a.config.knockouts = vec!["Hes1".into()];
        a.config.radius = 0.5;
        let mut b = rec(2, Topology::Developmental, 1);
        b.config.radius = 1.2;
        let m = methods(&[a, b]);
        for bit in [
            "per condition (scaled to spectral radius 0.5 / scaled to spectral radius 1.2)",
            "per condition (knock-outs [Hes1] and forced genes [] / no knock-outs)",
            "developmental ko=Hes1 rho=0.5 and developmental ko=none rho=1.2",
            "learning rate 0.001",
        ] {
            assert!(m.contains(bit), "no `{bit}` in {m}");
        }
        assert!(
            !m.contains("under the 15-gene cortex15 Boolean rules, no knock-outs"),
            "claims no knock-outs for all: {m}"
        );
    }

    #[test]
    fn task_methods_state_the_records_values() {
        use crate::circuit::layers::LayerSet;
        let task = |id: u64, topology: Topology, rho: f64| {
            let cfg = Config {
                task: Task::MemoryCapacity,
                topology,
                radius: rho,
                input_scale: 0.25,
                ridge: 1e-4,
                seed: id,
                init_seed: id,
                data_seed: id,
                input_layers: LayerSet::parse("deep").unwrap(),
                readout_layers: LayerSet::parse("upper").unwrap(),
                ..Config::default()
            };
            RunRecord {
                status: RunStatus::Done,
                ..RunRecord::new(id, cfg, "0.1.0", "cpu")
            }
        };
        let rs = [
            task(1, Topology::Developmental, 0.5),
            task(2, Topology::Block, 1.5),
            task(3, Topology::Shuffled, 0.5),
        ];
        let m = methods(&rs);
        for bit in [
            "ρ ∈ {0.5, 1.5}",
            "uniform in ±0.25",
            "λ = 0.0001",
            "input into L6 + L5 and readout from L2/3",
            "memory-capacity",
            "developmental, block and shuffled",
            &format!("block: {}", Topology::Block.keeps()),
            &format!("shuffled: {}", Topology::Shuffled.keeps()),
            "1/1/1, 2/2/2, 3/3/3",
            "3 run(s)",
            "washout of 200",
            "1000 held-out",
            "inhibitory gain 4",
        ] {
            assert!(m.contains(bit), "no `{bit}` in {m}");
        }
        assert!(!m.contains("random:"), "describes a null that was not run: {m}");
    }

    #[test]
    fn ghosts_round_trip_through_a_fragment() {
        let rs = vec![
            rec(1, Topology::Developmental, 1),
            rec(2, Topology::Developmental, 3),
            rec(3, Topology::Random, 1),
        ];
        let frag = ghosts_to_fragment(&rs);
        assert!(
            frag.chars().all(|c| c.is_ascii_alphanumeric() || "._-%,".contains(c)),
            "{frag}"
        );
        let link = format!("v=1&rec={frag}");
        assert!(Config::from_fragment(&link).1.is_empty());
        let g = ghosts_from_fragment(&crate::experiment::link::provenance(&link).recorded.unwrap()).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(
            (g[0].label.as_str(), g[0].accuracy.clone()),
            ("developmental", vec![0.1, 0.82])
        );
        assert_eq!(g[1].loss.len(), 30);
        assert!(ghosts_from_fragment("x*0.1,abc*")
            .unwrap_err()
            .contains("`abc` is not a number"));
    }
}
