//! `Config` is a run's whole identity: any valid configuration survives the link, the CLI's
//! flags and a record's settings unchanged (property tests over every setting), and a sweep
//! whose rules differ collects them as two conditions.

use devcircuit::circuit::layers::LayerSet;
use devcircuit::cli::commands::{task_config, train_config};
use devcircuit::cli::flags::Cmd;
use devcircuit::cli::setting_flags::args_for;
use devcircuit::development::params::DEFAULT as DEV;
use devcircuit::development::Params;
use devcircuit::experiment::settings::{CMD_TASK, CMD_TRAIN};
use devcircuit::experiment::{Config, Task, Topology, TrainMode};
use devcircuit::grn::CORTEX15;
use devcircuit::model::Encoding;
use proptest::prelude::*;
use std::path::PathBuf;
use strum::IntoEnumIterator;

const GENES: [&str; 6] = ["Hes1", "Dll1", "Olig2", "Gfap", "Tbr1", "Satb2"];
const LAYERS: [&str; 7] = ["all", "l6", "l5", "l23", "l6,l5", "l5,l23", "l6,l23"];

fn pick<T: Clone + std::fmt::Debug + 'static>(items: Vec<T>) -> impl Strategy<Value = T> {
    proptest::sample::select(items)
}

/// A value in `lo..=hi` as the settings' text gives it back: any f64, or a round one.
fn real(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    prop_oneof![
        lo..=hi,
        (0u32..=100).prop_map(move |k| lo + (hi - lo) * k as f64 / 100.0)
    ]
}

fn optional_count() -> impl Strategy<Value = Option<usize>> {
    proptest::option::of(1usize..=1_000_000)
}

/// Development parameters beyond the settings: a few timings and rates changed, epochs kept in order.
fn development() -> impl Strategy<Value = Option<Params>> {
    proptest::option::of(
        (1u32..=39, 0.0f64..=1.0, 0.0f64..=0.1, 1.0f64..=50.0).prop_map(|(t, p, h, v)| Params {
            t_neuro: t,
            p_asym: p,
            hazard_neuron: h,
            migration_speed: v,
            ..DEV
        }),
    )
    .prop_map(|p| p.filter(|p| *p != DEV))
}

/// Gene fixes: distinct genes, knocked out or forced on.
fn fixes() -> impl Strategy<Value = (Vec<String>, Vec<String>)> {
    proptest::sample::subsequence(GENES.to_vec(), 0..=3).prop_flat_map(|genes| {
        proptest::collection::vec(any::<bool>(), genes.len()).prop_map(move |on| {
            let (mut ko, mut forced) = (vec![], vec![]);
            for (g, on) in genes.iter().zip(on) {
                if on { &mut forced } else { &mut ko }.push(g.to_string());
            }
            (ko, forced)
        })
    })
}

/// Rules: the default, or cortex15 with a comment (other text, the same genes).
fn rules() -> impl Strategy<Value = Option<String>> {
    proptest::option::of((0u32..1000).prop_map(|k| format!("{CORTEX15}\n# variant {k}\n")))
}

/// What every run shares: circuit, recurrent layer and seeds.
fn common() -> impl Strategy<Value = Config> {
    let circuit = (
        0u64..=u32::MAX as u64,
        rules(),
        fixes(),
        real(1.0, 5000.0),
        0u32..=1_000_000,
        real(0.0, 10.0),
        real(0.0, 1.0),
        1u32..=20,
        development(),
    );
    let layer = (
        pick(Topology::iter().collect()),
        pick(LAYERS.to_vec()),
        pick(LAYERS.to_vec()),
        real(0.0, 10.0),
        real(0.01, 1.0),
        real(0.0, 20.0),
        real(0.01, 10.0),
        0u64..=u32::MAX as u64,
        0u64..=u32::MAX as u64,
    );
    (circuit, layer).prop_map(|(c, l)| {
        let (seed, rules, (knockouts, forced), sigma, synapses, similarity, ei_fraction, scale, development) = c;
        let (topology, input, readout, input_scale, leak, inhibitory_gain, radius, init_seed, data_seed) = l;
        Config {
            seed,
            rules,
            knockouts,
            forced,
            sigma,
            synapses,
            similarity,
            ei_fraction,
            scale,
            development,
            topology,
            input_layers: LayerSet::parse(input).unwrap(),
            readout_layers: LayerSet::parse(readout).unwrap(),
            input_scale,
            leak,
            inhibitory_gain,
            radius,
            init_seed,
            data_seed,
            ..Config::default()
        }
    })
}

/// A classification run: every training setting varies (T only where the encoding uses it).
fn classification() -> impl Strategy<Value = Config> {
    let training = (
        pick(vec!["mnist", "fashion-mnist", "cifar10"]),
        pick(TrainMode::iter().collect()),
        pick(Encoding::iter().collect()),
        1usize..=64,
        1usize..=200,
        real(1e-6, 1.0),
        1usize..=4096,
        optional_count(),
        optional_count(),
        optional_count(),
    );
    (common(), training).prop_map(|(c, t)| {
        let (dataset, train, encoding, steps, epochs, learning_rate, batch_size, limit, test_limit, limit_train) = t;
        Config {
            dataset: dataset.into(),
            train,
            encoding,
            steps: if encoding == Encoding::Whole { steps } else { c.steps },
            epochs,
            learning_rate,
            batch_size,
            limit,
            test_limit,
            limit_train,
            ..c
        }
    })
}

/// A reservoir-task run: the task's own settings vary.
fn reservoir_task() -> impl Strategy<Value = Config> {
    let tasks = vec![Task::MemoryCapacity, Task::Narma10, Task::Delay];
    (common(), pick(tasks), real(1e-12, 1e3), 0usize..=100).prop_map(|(c, task, ridge, delay)| Config {
        task,
        ridge,
        delay,
        ..c
    })
}

/// Any configuration the page can hold (also the CPU switch, which no CLI flag carries).
fn any_config() -> impl Strategy<Value = Config> {
    (prop_oneof![classification(), reservoir_task()], any::<bool>())
        .prop_map(|(c, force_cpu)| Config { force_cpu, ..c })
}

fn scratch() -> PathBuf {
    let d = std::env::temp_dir().join(format!("devcircuit-config-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The configuration `devcircuit` builds from the command line that `args_for` writes for `c`.
fn through_cli(c: &Config) -> Config {
    let dir = scratch();
    let mut files = 0;
    let mut write = |key: &str, text: &str| {
        files += 1;
        let p = dir.join(format!("{key}-{files}.txt"));
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let args: Vec<String> = if c.task == Task::Classify {
        let mut a = vec!["train".to_string()];
        a.extend(args_for(c, CMD_TRAIN, &mut write));
        a
    } else {
        let mut a = vec![
            "task".to_string(),
            c.task.key().into(),
            "--rho".into(),
            c.radius.to_string(),
        ];
        a.extend(args_for(c, CMD_TASK, &mut write));
        a
    };
    match devcircuit::cli::parse(&args).unwrap_or_else(|e| panic!("{args:?}: {e}")) {
        Cmd::Train(t) => train_config(&t),
        Cmd::Task(t) => task_config(&t).map(|r| r.0),
        _ => unreachable!(),
    }
    .unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_link_gives_back_the_configuration_without_a_notice(c in any_config()) {
        let (back, notes) = Config::from_fragment(&c.to_fragment());
        prop_assert!(notes.is_empty(), "{notes:?}");
        prop_assert_eq!(back, c);
    }

    #[test]
    fn a_record_gives_back_the_configuration(c in any_config()) {
        prop_assert_eq!(Config::from_settings(&c.settings_json()), Ok(c));
    }

    #[test]
    fn the_cli_flags_give_back_the_configuration(c in prop_oneof![classification(), reservoir_task()]) {
        prop_assert_eq!(through_cli(&c), c);
    }
}

#[test]
fn refusals_name_the_setting_and_a_parameter_file_counts() {
    let (c, notes) = Config::from_fragment("dev=t_neuro:20,p_asym:0.25&sigma=300");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!((c.params().t_neuro, c.params().p_asym, c.sigma), (20, 0.25, 300.0));
    assert!(c.growth_key() != Config::default().growth_key());
    let (_, notes) = Config::from_fragment("dev=t_nero:20");
    assert!(notes[0].0.contains("t_nero"), "{notes:?}");
    let bad = serde_json::json!({ "seed": 1, "colour": "red" });
    assert_eq!(
        Config::from_settings(&bad).unwrap_err(),
        "settings: unknown key `colour`"
    );
    let bad = serde_json::json!({ "lr": 7 });
    assert!(Config::from_settings(&bad)
        .unwrap_err()
        .contains("learning rate: 7 is outside"));
}
