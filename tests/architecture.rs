//! The invariants of ARCHITECTURE.md that the source text itself shows: stages import one way,
//! only `model` names Burn, only `app` touches the browser, randomness only through `rng.rs`,
//! and growth's transcendental functions only through `libm`.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(sources(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// The stage a source file belongs to (`src/grn/parse.rs` → `grn`, `src/rng.rs` → `rng`).
fn stage(p: &Path) -> String {
    let rel = p.strip_prefix("src").unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file without its comments (a doc comment may name anything).
fn code(p: &Path) -> String {
    std::fs::read_to_string(p)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Which stages each stage may use: data flows from the rules to the circuit to the model, then
/// to the experiments, the search over them, and only the two front ends (`cli`, `app`) and the
/// binaries see everything.
fn allowed(stage: &str) -> Vec<&'static str> {
    const BELOW_EXPERIMENT: [&str; 8] = [
        "rng",
        "grn",
        "circuit",
        "data",
        "reservoir",
        "development",
        "plasticity",
        "model",
    ];
    let above = |extra: &[&'static str]| BELOW_EXPERIMENT.iter().chain(extra).copied().collect();
    match stage {
        "rng" => vec![],
        "grn" | "circuit" | "data" | "reservoir" => vec!["rng"],
        "development" => vec!["rng", "grn", "circuit"],
        "model" => vec!["rng", "data"],
        "plasticity" => vec!["rng", "circuit"],
        "experiment" => above(&[]),
        "evolve" => above(&["experiment"]),
        "cli" | "app" => above(&["experiment", "evolve"]),
        _ => above(&["experiment", "evolve", "cli", "app"]),
    }
}

#[test]
fn stages_import_one_way() {
    let mut wrong = vec![];
    for p in sources(Path::new("src")) {
        let s = stage(&p);
        let text = code(&p);
        for (at, _) in text.match_indices("crate::") {
            let used: String = text[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if used != s && !allowed(&s).contains(&used.as_str()) {
                wrong.push(format!("{}: {s} uses {used}", p.display()));
            }
        }
    }
    wrong.dedup();
    assert!(wrong.is_empty(), "imports against the flow:\n{}", wrong.join("\n"));
}

/// Files of `src` whose code (comments aside) contains `needle`, outside `allowed` prefixes.
fn found_outside(needle: &str, allowed: &[&str]) -> Vec<String> {
    sources(Path::new("src"))
        .into_iter()
        .filter(|p| !allowed.iter().any(|a| p.starts_with(a)))
        .filter(|p| code(p).contains(needle))
        .map(|p| p.display().to_string())
        .collect()
}

#[test]
fn only_model_names_burn_and_only_app_touches_the_browser() {
    assert_eq!(found_outside("burn::", &["src/model"]), Vec::<String>::new());
    for browser in ["web_sys", "js_sys", "wasm_bindgen", "leptos"] {
        assert_eq!(
            found_outside(browser, &["src/app", "src/main.rs"]),
            Vec::<String>::new(),
            "{browser}"
        );
    }
}

#[test]
fn randomness_only_through_the_keyed_generator() {
    for rand in ["rand::", "getrandom", "thread_rng", "SystemTime", "Math.random"] {
        let outside = found_outside(rand, &["src/rng.rs", "src/cli", "src/app"]);
        assert_eq!(outside, Vec::<String>::new(), "{rand}");
    }
}

#[test]
fn growth_uses_libm_for_transcendental_functions() {
    let methods = [
        ".exp()", ".ln()", ".sqrt()", ".sin()", ".cos()", ".powf(", ".powi(", ".hypot(", ".atan2(",
    ];
    let mut wrong = vec![];
    for dir in [
        "src/development",
        "src/circuit/baselines.rs",
        "src/circuit/recurrent.rs",
        "src/reservoir",
        "src/plasticity",
    ] {
        let files = if dir.ends_with(".rs") {
            vec![PathBuf::from(dir)]
        } else {
            sources(Path::new(dir))
        };
        for p in files {
            let text = code(&p);
            let text = text.split("#[cfg(test)]").next().unwrap_or("");
            wrong.extend(
                methods
                    .iter()
                    .filter(|m| text.contains(*m))
                    .map(|m| format!("{}: {m}", p.display())),
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "std float methods where libm keeps native = wasm:\n{}",
        wrong.join("\n")
    );
}
