//! The CLI contract of DESIGN.md: JSON fields, exit codes and one-line errors for bad input.

use std::process::Command;

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_devcircuit"))
        .args(args)
        .env("DEVCIRCUIT_DATA", "/nonexistent-devcircuit-data")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn grow_json_has_the_contract_fields() {
    let (code, out, _) = cli(&["grow", "--seed", "4", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    for k in [
        "seed",
        "cells",
        "neurons",
        "synapses",
        "connected_pairs",
        "cell_types",
        "fingerprint",
        "millis",
    ] {
        assert!(v.get(k).is_some(), "missing {k}: {out}");
    }
    assert_eq!(v["seed"], 4);
    assert_eq!(v["fingerprint"].as_str().unwrap().len(), 16);
}

#[test]
fn knocked_out_rules_file_grows_a_different_tissue() {
    let rules = devcircuit::grn::CORTEX15.replace("Hes1,    (Notch1 & !Hes1) | (Sox2 & !tNeuro)", "Hes1,    0");
    let path = std::env::temp_dir().join(format!("hes1-ko-{}.bnet", std::process::id()));
    std::fs::write(&path, rules).unwrap();
    let (code, ko, err) = cli(&["grow", "--seed", "1", "--json", "--rules", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (_, wt, _) = cli(&["grow", "--seed", "1", "--json"]);
    let (ko, wt): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&ko).unwrap(), serde_json::from_str(&wt).unwrap());
    assert_ne!(ko["fingerprint"], wt["fingerprint"]);
    assert_ne!(ko["cell_types"], wt["cell_types"]);
}

#[test]
fn attractors_json_matches_boolnet_for_cellcycle() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/boolnet/cellcycle.bnet");
    let (code, out, _) = cli(&["attractors", file, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["genes"][0], "CycD");
    let a = &v["synchronous_attractors"];
    assert_eq!(a[0]["states"][0], "0100010100");
    assert_eq!(a[1]["length"], 7);
    assert_eq!(a[1]["basin"], 512);
    assert_eq!(v["asynchronous_steady_states"], serde_json::json!(["0100010100"]));
}

#[test]
fn bad_input_gets_one_clear_line_and_a_nonzero_exit() {
    let (code, _, err) = cli(&["grow", "--sed", "3"]);
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("unknown flag `--sed`") && err.contains("--seed"), "{err}");
    let (code, _, err) = cli(&["train", "--dataset", "mnist", "--epochs", "1"]);
    assert_eq!(code, 1);
    assert!(err.contains("devcircuit data fetch mnist"), "{err}");
    let bad = std::env::temp_dir().join(format!("bad-{}.bnet", std::process::id()));
    std::fs::write(&bad, "targets, factors\nA, (B & \nB, B\n").unwrap();
    let (code, _, err) = cli(&["attractors", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains(&format!("{}: line 2, column 8", bad.display())), "{err}");
    let params = std::env::temp_dir().join(format!("bad-{}.json", std::process::id()));
    std::fs::write(
        &params,
        "{\n  \"sigma\": 0.3,\n  \"similarity_exponent\": \"high\"\n}\n",
    )
    .unwrap();
    let (code, _, err) = cli(&["grow", "--params", params.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("development parameters: line 3, column 31: invalid type: string \"high\", expected f64\n"),
        "{err}"
    );
    let (code, _, err) = cli(&["train", "--dataset", "mnist", "--topology", "lattice"]);
    assert_eq!(code, 1);
    assert!(err.contains("--topology lattice"), "{err}");
}

/// Writes an 8×8 grey PNG whose bright half depends on the class (left, right, top).
fn write_png(path: &std::path::Path, class: usize, jitter: u8) {
    let pixels: Vec<u8> = (0..64)
        .map(|i| {
            let (x, y) = (i % 8, i / 8);
            let on = match class {
                0 => x < 4,
                1 => x >= 4,
                _ => y < 4,
            };
            if on {
                200 + jitter
            } else {
                jitter
            }
        })
        .collect();
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), 8, 8);
    enc.set_color(png::ColorType::Grayscale);
    enc.write_header().unwrap().write_image_data(&pixels).unwrap();
}

#[test]
fn an_imported_image_folder_is_listed_and_trains() {
    let root = std::env::temp_dir().join(format!("devcircuit-import-{}", std::process::id()));
    let (images, data) = (root.join("images"), root.join("data"));
    for (k, class) in ["left", "right", "top"].iter().enumerate() {
        std::fs::create_dir_all(images.join(class)).unwrap();
        for i in 0..30 {
            write_png(&images.join(class).join(format!("{i:02}.png")), k, i as u8);
        }
    }
    std::fs::create_dir_all(&data).unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_devcircuit"))
            .args(args)
            .env("DEVCIRCUIT_DATA", &data)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, err) = run(&[
        "data",
        "import",
        "--image-folder",
        images.to_str().unwrap(),
        "--name",
        "halves",
    ]);
    assert_eq!(code, 0, "{err}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("halves/manifest.json")).unwrap()).unwrap();
    assert_eq!(
        (manifest["shape"].clone(), manifest["classes"].clone()),
        (
            serde_json::json!([1, 8, 8]),
            serde_json::json!(["left", "right", "top"])
        )
    );
    assert_eq!(
        (manifest["train_count"].as_u64(), manifest["test_count"].as_u64()),
        (Some(75), Some(15))
    );
    let index: Vec<String> = serde_json::from_str(&std::fs::read_to_string(data.join("index.json")).unwrap()).unwrap();
    assert_eq!(index, ["halves"]);
    let (code, out, err) = run(&[
        "train",
        "--dataset",
        "halves",
        "--epochs",
        "20",
        "--batch",
        "8",
        "--lr",
        "0.01",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let done: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert!(
        done["test_accuracy"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .as_f64()
            .unwrap()
            > 0.9,
        "{done}"
    );
    let (code, _, err) = run(&[
        "data",
        "import",
        "--image-folder",
        images.to_str().unwrap(),
        "--name",
        "bad name",
    ]);
    assert_eq!((code, err.contains("`--name bad name`")), (1, true), "{err}");
    std::fs::remove_dir_all(&root).ok();
}

/// Every numeric and choice flag of `train` and `task` with malformed values: exit 1, one
/// line naming the flag, never a panic. `--help` works for every command.
#[test]
fn malformed_values_for_every_flag_are_refused_in_one_line() {
    use devcircuit::experiment::settings::{choices, numbers};
    let commands: [&[&str]; 4] = [
        &["train", "--dataset", "mnist"],
        &["task", "memory-capacity"],
        &["grow"],
        &["export"],
    ];
    for base in commands {
        let (_, help, _) = cli(&[base[0], "--help"]);
        for s in numbers().filter(|s| help.contains(&format!("--{} ", s.flag))) {
            for bad in ["nan", "-5", "abc", "1e99", "inf", ""] {
                let flag = format!("--{}", s.flag);
                let args: Vec<&str> = base.iter().copied().chain([flag.as_str(), bad]).collect();
                let (code, _, err) = cli(&args);
                assert_eq!(code, 1, "{args:?}: {err}");
                assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
                assert!(
                    err.contains(&format!("--{}", s.flag)) && !err.contains("panicked"),
                    "{args:?}: {err}"
                );
            }
        }
        for c in choices().filter(|c| help.contains(&format!("--{} ", c.flag))) {
            let flag = format!("--{}", c.flag);
            let (code, _, err) = cli(&[base, &[flag.as_str(), "bogus"]].concat());
            assert_eq!((code, err.lines().count()), (1, 1), "--{} bogus: {err}", c.flag);
            assert!(err.contains(&format!("--{} bogus", c.flag)), "{err}");
        }
    }
    for (args, bit) in [
        (
            &["sweep", "slurm", "plan.jsonl", "--out", "r", "--runs-per-task", "0"][..],
            "--runs-per-task 0",
        ),
        (&["sweep", "fly"][..], "unknown sweep action `fly`; expected plan, run"),
        (&["sweep", "run", "plan.jsonl"][..], "missing --out"),
        (
            &["sweep", "run", "plan.jsonl", "--out", "r", "--task", "-1"][..],
            "--task -1",
        ),
        (&["task", "memory"][..], "unknown task `memory`"),
        (&["data", "fetch", "mnist2"][..], "unknown dataset `mnist2`"),
        (&["infer", "x.csv", "--max-regulators", "7"][..], "7 is outside 1-6"),
        (
            &["infer", "x.csv", "--max-regulators", "nan"][..],
            "--max-regulators nan",
        ),
        (&["grow", "--at", "-1"][..], "--at"),
        (&["bench", "warp"][..], "unknown benchmark"),
    ] {
        let (code, _, err) = cli(args);
        assert_eq!((code, err.lines().count()), (1, 1), "{args:?}: {err}");
        assert!(err.contains(bit) && !err.contains("panicked"), "{args:?}: {err}");
    }
    let (code, _, err) = cli(&["train", "--dataset", "mnist", "--encoding", "rows", "--steps", "5"]);
    assert_eq!(code, 1);
    assert!(err.contains("one step per image row"), "{err}");
    // `--backend` is not a setting of the registry: checked here, for both commands that take it.
    for args in [
        &["train", "--dataset", "mnist", "--backend", "cuda"][..],
        &["bench", "train", "--backend", "nan"],
        &["train", "--dataset", "mnist", "--backend"],
    ] {
        let (code, _, err) = cli(args);
        assert_eq!((code, err.lines().count()), (1, 1), "{args:?}: {err}");
        assert!(
            err.contains("--backend") && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
    for cmd in [
        "grow",
        "attractors",
        "infer",
        "train",
        "task",
        "data",
        "export",
        "bench",
    ] {
        let (code, out, _) = cli(&[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd} --help");
        assert!(out.contains(&format!("Usage: devcircuit {cmd}")), "{out}");
    }
}

/// `grow --json` of seeds 1-20 equals the committed golden file (every field but the time):
/// "bit-identical growth" is checked, not claimed.
#[test]
fn growth_of_seeds_1_to_20_matches_the_golden_file() {
    let golden = std::fs::read_to_string("tests/data/grow-golden.jsonl").unwrap();
    for (k, line) in golden.lines().enumerate() {
        let (code, out, err) = cli(&["grow", "--seed", &(k + 1).to_string(), "--json"]);
        assert_eq!(code, 0, "{err}");
        let mut now: serde_json::Value = serde_json::from_str(&out).unwrap();
        now.as_object_mut().unwrap().remove("millis");
        assert_eq!(
            now,
            serde_json::from_str::<serde_json::Value>(line).unwrap(),
            "seed {}",
            k + 1
        );
    }
}

/// Development parameters as flags: a sparse regime is reachable, the scale grows larger
/// tissues, and every parameter is recorded in a run's settings.
#[test]
fn development_flags_reach_a_sparse_regime_and_larger_tissues() {
    let grow = |args: &[&str]| -> serde_json::Value {
        let (code, out, err) = cli(&[&["grow", "--seed", "2", "--json"], args].concat());
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let dense = grow(&[]);
    let sparse = grow(&["--sigma", "20", "--synapses", "20000"]);
    assert_eq!(dense["zero_pair_fraction"].as_f64(), Some(0.0));
    assert!(sparse["zero_pair_fraction"].as_f64().unwrap() > 0.3, "{sparse}");
    let big = grow(&["--scale", "3"]);
    let ratio = big["neurons"].as_f64().unwrap() / dense["neurons"].as_f64().unwrap();
    assert!((2.3..3.7).contains(&ratio), "scale 3 grew {ratio}× the neurons");
    assert!(
        (big["synapses"].as_f64().unwrap() / 3.0 - 200_400.0).abs() < 3000.0,
        "{big}"
    );
    let (code, out, err) = cli(&[
        "task",
        "narma10",
        "--seed",
        "2",
        "--sigma",
        "50",
        "--ei-fraction",
        "0.3",
        "--inhibitory-gain",
        "2",
        "--fix",
        "Olig2=0",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let s: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        (
            s["settings"]["sigma"].as_f64(),
            s["settings"]["ei"].as_f64(),
            s["settings"]["gain"].as_f64()
        ),
        (Some(50.0), Some(0.3), Some(2.0))
    );
    assert_eq!(s["settings"]["ko"], serde_json::json!(["Olig2"]));
    let (code, _, err) = cli(&["grow", "--scale", "20", "--synapses", "5000000"]);
    assert_eq!((code, err.lines().count()), (1, 1), "{err}");
    assert!(err.contains("synapses × scale") && err.contains("100000000"), "{err}");
    let (code, _, err) = cli(&["grow", "--scale", "0"]);
    assert_eq!(code, 1);
    assert!(err.contains("--scale 0") && err.contains("outside 1-20"), "{err}");
}

/// The bash completion script names every command and flag, is valid bash, and completes
/// a choice flag's values.
#[test]
fn bash_completions_cover_every_command_and_flag() {
    let (code, script, err) = cli(&["completions", "bash"]);
    assert_eq!(code, 0, "{err}");
    for word in [
        "grow",
        "train",
        "task",
        "sweep",
        "--input-layers",
        "--readout-layers",
        "--rho",
        "--sigma",
        "--runs-per-task",
        "memory-capacity",
        "input+readout",
    ] {
        assert!(script.contains(word), "no `{word}` in the completion script");
    }
    let path = std::env::temp_dir().join(format!("devcircuit-completion-{}.bash", std::process::id()));
    std::fs::write(&path, &script).unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && COMP_WORDS=(devcircuit train --train ''); COMP_CWORD=3; _devcircuit devcircuit '' --train; \
                echo ${{COMPREPLY[*]}}",
            path.display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "readout input+readout all",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, fish, _) = cli(&["completions", "fish"]);
    assert!(code == 0 && fish.contains("complete -c devcircuit"), "{fish}");
    let (code, _, err) = cli(&["completions", "tcsh"]);
    assert_eq!((code, err.lines().count()), (1, 1), "{err}");
    assert!(err.contains("unknown shell `tcsh`; expected one of bash"), "{err}");
}

/// `devcircuit … | head -1`: when the reader closes the pipe the CLI ends quietly (no panic).
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_devcircuit"))
        .args(["sweep", "plan", "sweeps/plasticity-mc.toml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("preregistration"), "{first}");
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}
