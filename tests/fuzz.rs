//! Bounded fuzzing of every parser of outside input: valid examples mutated byte by byte
//! (insert, delete, flip, splice) by the project's seeded generator, fed to each parser; none
//! may panic. `DEVCIRCUIT_FUZZ_ITERATIONS` raises the count (default 20,000 per parser in CI; 200,000 ran clean).

#[path = "fuzz/targets.rs"]
mod targets;

use devcircuit::experiment::config::Config;
use devcircuit::experiment::results::RunRecord;
use devcircuit::rng::{Purpose, Stream};
use std::panic::{catch_unwind, AssertUnwindSafe};

fn iterations() -> usize {
    std::env::var("DEVCIRCUIT_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

const SPICE: &[&[u8]] = &[
    b"%",
    b"%zz",
    b"&",
    b"=",
    b",",
    b"(",
    b")",
    b"!",
    b"\n",
    b"#",
    b"\"",
    b"nan",
    b"-1",
    b"1e999",
    b"\xff\xfe",
    b"0:0:0",
    b"*",
    b"!!",
    b"\0",
];

/// One mutation of `seed` input.
fn mutate(base: &[u8], rng: &mut Stream) -> Vec<u8> {
    let mut v = base.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = if v.is_empty() {
            0
        } else {
            rng.below(v.len() as u64 + 1) as usize
        };
        match rng.below(4) {
            0 => {
                let s = SPICE[rng.below(SPICE.len() as u64) as usize];
                v.splice(at..at, s.iter().copied());
            }
            1 if at < v.len() => {
                let end = (at + 1 + rng.below(8) as usize).min(v.len());
                v.drain(at..end);
            }
            2 if at < v.len() => v[at] ^= 1 << rng.below(8),
            _ => v.insert(at.min(v.len()), rng.below(256) as u8),
        }
    }
    v
}

/// The committed corpus of a target: tests/fuzz/corpus/<name>/* (seed inputs and every input
/// that once broke a parser), read in name order.
fn corpus(name: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(name);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

/// Feeds the corpus as it is, then `iterations()` mutations of it and of `seeds`, to `parse`;
/// a panic fails with the input.
fn fuzz(name: &str, seeds: &[&[u8]], parse: impl Fn(&[u8])) {
    let stored = corpus(name);
    assert!(!stored.is_empty(), "tests/fuzz/corpus/{name}/ is empty");
    let all: Vec<&[u8]> = seeds
        .iter()
        .copied()
        .chain(stored.iter().map(|v| v.as_slice()))
        .collect();
    for input in &stored {
        if catch_unwind(AssertUnwindSafe(|| parse(input))).is_err() {
            panic!(
                "{name} panicked on its corpus input {:?}",
                String::from_utf8_lossy(input)
            );
        }
    }
    let mut rng = Stream::new(7, name.len() as u64, 0, Purpose::Test);
    for k in 0..iterations() {
        let input = mutate(all[k % all.len()], &mut rng);
        if catch_unwind(AssertUnwindSafe(|| parse(&input))).is_err() {
            panic!("{name} panicked on {:?}", String::from_utf8_lossy(&input));
        }
    }
}

#[test]
fn boolnet_text() {
    fuzz(
        "boolnet",
        &[
            devcircuit::grn::CORTEX15.as_bytes(),
            b"targets, factors\nA, maj(A, B, C) | sumgt(A, B, 1)\nB, !A\nC, C\n",
        ],
        targets::boolnet,
    );
}

#[test]
fn url_fragment_and_share_link_results() {
    let c = Config {
        rules: Some("targets, factors\nA, A\n".into()),
        knockouts: vec!["Hes1".into()],
        ..Config::default()
    }
    .to_fragment();
    fuzz(
        "fragment",
        &[
            c.as_bytes(),
            b"v=1&seed=7&task=delay&in=deep&out=l23&rho=0.1&mode=class&hide=rules",
            b"rec=dev*0.1,0.9*1:2.3,5:1.0!random*0.2*",
        ],
        targets::fragment,
    );
}

#[test]
fn expression_csv_with_quoted_fields() {
    fuzz(
        "csv",
        &[
            b"pseudotime,lineage,A,B\n0,1,0,1\n1,1,1,1\n2,\"1\",1,0\n",
            b"\"A\",\"B, C\",pseudotime\n1,0,0.5\n",
        ],
        targets::csv,
    );
}

#[test]
fn idx_and_cifar_binaries() {
    let mut idx = vec![0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2];
    idx.extend([1, 2, 3, 4, 5, 6, 7, 8]);
    let mut cifar = vec![3u8];
    cifar.extend(vec![9u8; 3072]);
    fuzz("binaries", &[&idx, &cifar[..64]], targets::binaries);
}

#[test]
fn stored_workspace_and_parameter_files() {
    let mut run = RunRecord::new(1, Config::default(), "0.1.0", "cpu");
    let stored = serde_json::to_string(&vec![run.clone()]).unwrap();
    // A workspace file whose run has a one-row confusion matrix for ten classes.
    (run.classes, run.confusion) = ((0..10).map(|c| c.to_string()).collect(), vec![1; 10]);
    let workspace = devcircuit::experiment::results::WorkspaceFile::new(vec![run], vec![], Config::default());
    let workspace = serde_json::to_string(&workspace).unwrap();
    fuzz(
        "stored",
        &[
            stored.as_bytes(),
            workspace.as_bytes(),
            b"{\"sigma\": 50, \"scale\": 2}",
        ],
        targets::stored,
    );
}

#[test]
fn dataset_manifest_and_packed_bytes() {
    let m =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus/manifest/cifar10.json"))
            .unwrap();
    fuzz("manifest", &[&m], targets::manifest);
}
