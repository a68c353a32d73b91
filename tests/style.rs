//! House style that tools do not enforce on their own: every line of Rust in the repository is
//! at most 120 characters (rustfmt and leptosfmt wrap code at 120; long strings are split with `\`).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() && !p.ends_with("node_modules") && !p.ends_with("target") {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_rust_line_fits_in_120_characters() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![];
    for dir in ["src", "tests", "benches"] {
        if root.join(dir).exists() {
            rust_files(&root.join(dir), &mut files);
        }
    }
    assert!(files.len() > 50, "only {} Rust files found", files.len());
    let long: Vec<String> = files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let name = f.strip_prefix(root).unwrap().display().to_string();
            text.lines()
                .enumerate()
                .filter(|(_, l)| l.chars().count() > 120)
                .map(|(k, l)| format!("{name}:{}: {} characters", k + 1, l.chars().count()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(long.is_empty(), "lines over 120 characters:\n{}", long.join("\n"));
}

/// The stage folders of `src/` that each file of a folder names through `crate::`.
fn stage_imports(root: &Path, stage: &str, stages: &[&str]) -> Vec<String> {
    let mut files = vec![];
    rust_files(&root.join("src").join(stage), &mut files);
    let mut used: Vec<String> = stages
        .iter()
        .filter(|&&other| other != stage)
        .filter(|&&other| {
            let needle = format!("crate::{other}");
            files.iter().any(|f| {
                let text = std::fs::read_to_string(f).unwrap();
                text.match_indices(&needle)
                    .any(|(i, _)| !text[i + needle.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'))
            })
        })
        .map(|s| s.to_string())
        .collect();
    used.sort();
    used
}

/// Stages depend on each other one way: the `crate::` imports between the folders of `src/`
/// form no cycle (development uses circuit, never the reverse; only experiment joins them).
#[test]
fn stage_folders_import_each_other_without_a_cycle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stages = [
        "grn",
        "development",
        "circuit",
        "data",
        "model",
        "reservoir",
        "experiment",
        "cli",
        "app",
    ];
    let edges: Vec<(String, Vec<String>)> = stages
        .iter()
        .map(|s| (s.to_string(), stage_imports(root, s, &stages)))
        .collect();
    assert!(edges
        .iter()
        .any(|(s, d)| s == "development" && d.contains(&"circuit".to_string())));
    // Kahn's algorithm: repeatedly remove a stage no remaining stage depends on.
    let mut left = edges.clone();
    while let Some(k) = left.iter().position(|(s, _)| !left.iter().any(|(_, d)| d.contains(s))) {
        left.remove(k);
    }
    assert!(left.is_empty(), "an import cycle among {:?}", left);
}
