//! A plan's `genome`: every run takes the settings and rules of a search's best genome (its
//! `best.json` and `best.bnet`), so a held-out test names the search, not its numbers.

use crate::experiment::settings::{Spec, SETTINGS};
use crate::experiment::sweep::PlannedRun;
use crate::experiment::Config;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Settings the plan's own axes or the run's identity decide, never the genome.
const NOT_FROM_GENOME: [&str; 6] = ["seed", "iseed", "dseed", "topo", "task", "rules"];

/// The flags (and values) a genome sets: each setting of `best.json`'s best genome that differs
/// from the default, read from the genome's link (numbers to 15 significant digits), and its
/// rules as the `best.bnet` beside it. `file` is relative to the plan's folder `base`; a setting that
/// is also an axis of the plan is refused.
pub fn genome_flags(
    file: &str,
    base: &Path,
    axes: &BTreeMap<String, Vec<String>>,
) -> Result<BTreeMap<String, String>, String> {
    let path = base.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {file}: {e}"))?;
    let best: Value = serde_json::from_str(&text).map_err(|e| format!("{file}: not JSON ({e})"))?;
    let link = best["best"]["link"]
        .as_str()
        .ok_or(format!("{file}: no best genome with its link (`best.link`)"))?;
    let (cfg, notices) = Config::from_fragment(link);
    if let Some(n) = notices.first() {
        return Err(format!(
            "{file}: the best genome's link does not read as it is: {}",
            n.0
        ));
    }
    if !(cfg.knockouts.is_empty() && cfg.forced.is_empty()) {
        return Err(format!(
            "{file}: a genome with knocked-out or forced genes is not supported here"
        ));
    }
    let default = Config::default();
    let mut flags = BTreeMap::new();
    for s in SETTINGS.iter().filter(|s| !NOT_FROM_GENOME.contains(&s.key())) {
        let (mine, theirs) = ((s.get)(&cfg), (s.get)(&default));
        if mine == theirs || s.spec.flag().is_empty() {
            continue;
        }
        let flag = s.spec.flag().to_string();
        if axes.contains_key(&flag) {
            return Err(format!(
                "`{}` is both an axis of the plan and set by the genome",
                s.key()
            ));
        }
        flags.insert(
            flag,
            if matches!(s.spec, Spec::Num(_)) {
                json_exact(&mine)
            } else {
                mine
            },
        );
    }
    if let Some(rules) = &cfg.rules {
        let bnet = path.with_file_name("best.bnet");
        let kept = std::fs::read_to_string(&bnet).map_err(|e| format!("cannot read {}: {e}", bnet.display()))?;
        if &kept != rules {
            return Err(format!("{} is not the best genome's rules", bnet.display()));
        }
        flags.insert("rules".into(), bnet.to_string_lossy().into_owned());
    }
    Ok(flags)
}

/// A number to 15 significant digits, which a plan's JSON reads back exactly (serde_json
/// rounds longer decimals to within one ulp, which would change the run's identity).
fn json_exact(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => format!("{v:.14e}").parse::<f64>().unwrap_or(v).to_string(),
        _ => text.to_string(),
    }
}

/// The plan's runs with the genome's flags set.
pub fn apply(flags: &BTreeMap<String, String>, runs: Vec<PlannedRun>) -> Vec<PlannedRun> {
    runs.into_iter()
        .map(|mut r| {
            r.settings.extend(flags.iter().map(|(k, v)| (k.clone(), v.clone())));
            PlannedRun::new(&r.command, &r.task, r.settings)
        })
        .collect()
}
