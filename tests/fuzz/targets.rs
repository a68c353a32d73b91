//! What each fuzz target feeds its parsers: shared by the cargo-fuzz targets (libFuzzer) and
//! by `tests/fuzz.rs`, which replays the committed corpus and seeded mutations in `cargo test`.

use devcircuit::circuit::layers::LayerSet;
use devcircuit::experiment::config::Config;
use devcircuit::experiment::link::{page_options, provenance};
use devcircuit::experiment::report::ghosts_from_fragment;
use devcircuit::experiment::results::{parse_seeds, parse_topologies, read_stored};

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// BoolNet text: the reader, the compiler to truth tables and the development network check.
pub fn boolnet(b: &[u8]) {
    if let Ok(r) = devcircuit::grn::parse_bnet(&text(b)) {
        let _ = devcircuit::grn::Network::compile(&r);
    }
    let _ = devcircuit::development::network_from_text(&text(b));
}

/// A link's fragment and everything read from it: settings, page options, provenance, ghost
/// curves (share-link results), seed and topology lists, layer sets, ρ ranges.
pub fn fragment(b: &[u8]) {
    let t = text(b);
    let _ = Config::from_fragment(&t);
    let _ = page_options(&t);
    let _ = provenance(&t);
    let _ = ghosts_from_fragment(&t);
    let _ = parse_seeds(&t);
    let _ = parse_topologies(&t);
    let _ = LayerSet::parse(&t);
    let _ = devcircuit::reservoir::rho::parse_rhos(&t);
}

/// An expression matrix (CSV with quoted fields) and rule inference on what it reads.
pub fn csv(b: &[u8]) {
    if let Ok(m) = devcircuit::grn::infer::read_csv(&text(b)) {
        if devcircuit::grn::infer::check_size(m.genes.len(), 2, 100_000).is_ok() {
            let _ = devcircuit::grn::infer::infer(&m, 2);
        }
    }
}

/// IDX and CIFAR-10 binaries, and a split made from raw bytes.
pub fn binaries(b: &[u8]) {
    let _ = devcircuit::data::idx::parse_idx(b, "fuzz");
    let _ = devcircuit::data::idx::parse_cifar_bin(b, "fuzz");
    let _ = devcircuit::data::split_from_bytes(b.to_vec(), b.iter().take(4).copied().collect(), 4, "fuzz");
}

/// The page's saved workspace (localStorage), a workspace file, development parameter files,
/// stored configs; and every run read is opened as the page opens one.
pub fn stored(b: &[u8]) {
    let (runs, _) = read_stored(&text(b));
    open_runs(&runs);
    if let Ok(w) = devcircuit::experiment::results::WorkspaceFile::read(&text(b)) {
        open_runs(&w.runs);
    }
    let _ = devcircuit::development::Params::from_json(&text(b));
    let _ = serde_json::from_slice::<Vec<Config>>(b);
}

/// What the page does with runs it read: headlines, per-class accuracy (the confusion matrix),
/// metrics, conditions, paired comparisons, the CSV exports and the Methods paragraph.
fn open_runs(runs: &[devcircuit::experiment::results::RunRecord]) {
    use devcircuit::experiment::results::{
        metric_summaries, paired_rows, record_metric, summarise_conditions, Analysis,
    };
    for r in runs {
        let _ = (r.headline(), r.per_class(), record_metric(r), r.accuracy_curve());
    }
    let _ = metric_summaries(runs);
    let _ = summarise_conditions(runs);
    let _ = paired_rows(
        runs,
        &Analysis::against(devcircuit::experiment::Topology::Developmental),
    );
    let _ = devcircuit::experiment::report::csv_per_epoch(runs);
    let _ = devcircuit::experiment::report::csv_per_batch(runs);
    let _ = devcircuit::experiment::report::methods(runs);
}

/// A dataset manifest, its shape arithmetic and the unfiltering of packed bytes.
pub fn manifest(b: &[u8]) {
    if let Ok(m) = serde_json::from_slice::<devcircuit::data::Manifest>(b) {
        let _ = m.dims();
        let mut bytes = b.to_vec();
        for f in m.files.iter().filter_map(|f| f.packed.as_ref()) {
            devcircuit::data::pack::unfilter(&mut bytes, f.filter, m.shape);
        }
    }
}
