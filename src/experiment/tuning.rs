//! A plan's tuning: settings (input scale, ρ, …) that a committed pilot chooses for each system
//! by a stated rule, so a confirmatory sweep compares every system at its own best settings.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a plan's `[tuned]` table fixed: the pilot, the settings it chooses, per which axis, by
/// which rule, and what it chose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tuning {
    /// The pilot's runs.csv, relative to the plan file.
    pub pilot: String,
    /// The settings chosen, by link key (e.g. `win`, `rho`).
    pub choose: Vec<String>,
    /// The axis each choice is made for, by link key (e.g. `topo`).
    pub per: String,
    /// The rule in words.
    pub rule: String,
    /// Per value of `per`: the chosen value of each setting.
    pub chosen: BTreeMap<String, BTreeMap<String, String>>,
}

/// One pilot run as the rule sees it: its settings by link key, and its value (None: failed).
pub struct PilotRun {
    pub settings: BTreeMap<String, String>,
    pub value: Option<f64>,
    pub echo_state: bool,
}

/// The rule's words.
pub const BEST_MEAN: &str = "the grid point with the best mean over the pilot's seeds among those whose every run \
    finished and is echo-state";

impl Tuning {
    /// The choice in one sentence, for a summary's preamble.
    pub fn describe(&self) -> String {
        let each: Vec<String> = self
            .chosen
            .iter()
            .map(|(v, c)| {
                let set: Vec<String> = c.iter().map(|(k, x)| format!("{k}={x}")).collect();
                format!("{v}: {}", set.join(" "))
            })
            .collect();
        format!(
            "{} chosen per {} by the pilot {} ({}): {}",
            self.choose.join(" and "),
            self.per,
            self.pilot,
            self.rule,
            each.join("; ")
        )
    }
}

/// Chooses, for each value of `per` among the pilot's runs, the values of the `choose` settings
/// with the best mean (`higher` better or lower) over that grid point's runs, among the points
/// whose runs all finished echo-state. Ties keep the first point in sorted order.
pub fn best_mean(
    runs: &[PilotRun],
    choose: &[String],
    per: &str,
    higher: bool,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, String> {
    // per value → grid point (values of `choose`) → (sum, n, all good)
    type Grid = BTreeMap<Vec<String>, (f64, usize, bool)>;
    let mut points: BTreeMap<String, Grid> = BTreeMap::new();
    for r in runs {
        let Some(system) = r.settings.get(per) else {
            return Err(format!("a pilot run has no `{per}`"));
        };
        let point: Vec<String> = choose
            .iter()
            .map(|k| r.settings.get(k).cloned().ok_or(format!("a pilot run has no `{k}`")))
            .collect::<Result<_, _>>()?;
        let e = points
            .entry(system.clone())
            .or_default()
            .entry(point)
            .or_insert((0.0, 0, true));
        match r.value {
            Some(v) if r.echo_state && v.is_finite() => {
                e.0 += v;
                e.1 += 1;
            }
            _ => e.2 = false,
        }
    }
    let mut out = BTreeMap::new();
    for (system, grid) in points {
        let better = |a: f64, b: f64| if higher { a > b } else { a < b };
        let mut best: Option<(&Vec<String>, f64)> = None;
        for (point, (sum, n, _)) in grid.iter().filter(|(_, g)| g.2 && g.1 > 0) {
            let mean = sum / *n as f64;
            if best.is_none_or(|b| better(mean, b.1)) {
                best = Some((point, mean));
            }
        }
        let (point, _) = best.ok_or(format!(
            "the pilot has no grid point for `{per}={system}` whose runs all finished echo-state"
        ))?;
        out.insert(system, choose.iter().cloned().zip(point.iter().cloned()).collect());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(topo: &str, win: &str, rho: &str, value: f64, echo: bool) -> PilotRun {
        PilotRun {
            settings: [("topo", topo), ("win", win), ("rho", rho)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            value: Some(value),
            echo_state: echo,
        }
    }

    #[test]
    fn each_system_gets_its_best_mean_point_among_echo_state_ones() {
        let runs = [
            run("developmental", "1", "0.9", 5.0, true),
            run("developmental", "1", "0.9", 7.0, true),
            run("developmental", "0.01", "0.9", 8.0, true),
            run("developmental", "0.01", "0.9", 9.0, true),
            // The best mean, but one run is not echo-state: not eligible.
            run("developmental", "0.01", "1.1", 30.0, true),
            run("developmental", "0.01", "1.1", 30.0, false),
            run("cycle", "1", "0.9", 10.0, true),
            run("cycle", "0.01", "0.9", 70.0, true),
        ];
        let keys = ["win".to_string(), "rho".to_string()];
        let chosen = best_mean(&runs, &keys, "topo", true).unwrap();
        assert_eq!(chosen["developmental"]["win"], "0.01");
        assert_eq!(chosen["developmental"]["rho"], "0.9");
        assert_eq!(chosen["cycle"]["win"], "0.01");
        let lower = best_mean(&runs, &keys, "topo", false).unwrap();
        assert_eq!(lower["developmental"]["win"], "1", "lower is better: the smallest mean");
        let e = best_mean(&runs[4..6], &keys, "topo", true).unwrap_err();
        assert!(e.contains("topo=developmental"), "{e}");
        let e = best_mean(&runs, &["leak".to_string()], "topo", true).unwrap_err();
        assert!(e.contains("`leak`"), "{e}");
    }
}
