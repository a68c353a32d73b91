//! The README's results are the collected sweeps: every table row of "What development adds"
//! appears verbatim in a committed `sweeps/results/*/summary.md`, and each plain-language
//! statement under it is checked against the verdicts it summarises.

use std::fs;

fn summaries() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = fs::read_dir("sweeps/results")
        .expect("sweeps/results is committed")
        .filter_map(|e| {
            let p = e.ok()?.path().join("summary.md");
            Some((
                p.parent()?.file_name()?.to_string_lossy().to_string(),
                fs::read_to_string(p).ok()?,
            ))
        })
        .collect();
    v.sort();
    v
}

fn section(readme: &str) -> &str {
    let start = readme.find("### What development adds").expect("the section exists");
    let end = readme[start..]
        .find("### Does the paper's claim hold?")
        .map_or(readme.len(), |e| start + e);
    &readme[start..end]
}

/// Verdicts of the paired rows of one summary whose condition matches `pred`.
fn verdicts(md: &str, pred: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    md.lines()
        .filter(|l| l.matches('|').count() == 7 && !l.starts_with("| condition") && !l.starts_with("|---"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            pred(cells[1]).then(|| (cells[1].to_string(), cells[6].to_string()))
        })
        .collect()
}

#[test]
fn every_result_row_in_the_readme_comes_from_a_collected_sweep() {
    let readme = fs::read_to_string("README.md").unwrap();
    let all: String = summaries().into_iter().map(|s| s.1).collect::<Vec<_>>().join("\n");
    let rows: Vec<&str> = section(&readme)
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| condition"))
        .collect();
    assert!(rows.len() >= 50, "only {} rows", rows.len());
    for r in rows {
        assert!(all.lines().any(|l| l == r), "README row not in any summary.md: {r}");
    }
}

#[test]
fn the_statements_follow_from_the_verdicts() {
    let s: std::collections::HashMap<String, String> = summaries().into_iter().collect();
    let mc = &s["memory-capacity"];
    let delay = &s["delay"];
    let narma = &s["narma10"];
    let memory = |md: &str, topo: &str, inout: &str| {
        verdicts(md, |c| {
            c.starts_with(&format!("{topo} ")) && c.ends_with(inout) || c == topo
        })
    };
    for inout in [
        "in=all out=all",
        "in=all out=l23",
        "in=l6,l5 out=all",
        "in=l6,l5 out=l23",
    ] {
        for (topo, want) in [
            ("block", "equivalent"),
            ("spatial", "worse"),
            ("shuffled", "worse"),
            ("random", "worse"),
            ("none", "worse"),
        ] {
            for (c, v) in memory(mc, topo, inout) {
                assert!(v.starts_with(want), "memory capacity {c}: {v}, README says {want}");
            }
        }
    }
    for (topo, want) in [
        ("block", "equivalent"),
        ("spatial", "worse"),
        ("shuffled", "worse"),
        ("random", "worse"),
    ] {
        let v = verdicts(delay, |c| c == topo);
        assert!(v.len() == 1 && v[0].1.starts_with(want), "delay {topo}: {v:?}");
    }
    for (c, v) in verdicts(&s["mnist"], |_| true) {
        let want = if c == "none train=readout" {
            "better"
        } else {
            "equivalent"
        };
        assert!(v.starts_with(want), "MNIST {c}: {v}, README says {want}");
    }
    for name in ["mnist-layers", "mnist-rows"] {
        for (c, v) in verdicts(&s[name], |_| true) {
            let want = if c == "none" { "worse" } else { "inconclusive" };
            assert!(v.starts_with(want), "{name} {c}: {v}, README says {want}");
        }
    }
    // The ρ sweep: (ρ, topology) → verdict.
    let rho: Vec<(f64, String, String)> = verdicts(&s["memory-capacity-rho"], |_| true)
        .into_iter()
        .map(|(c, v)| {
            let (topo, r) = c.split_once(" rho=").unwrap();
            (r.parse().unwrap(), topo.to_string(), v)
        })
        .collect();
    let at = |topo: &str, pred: &dyn Fn(f64) -> bool| {
        rho.iter()
            .filter(|r| r.1 == topo && pred(r.0))
            .map(|r| r.2.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        rho.iter()
            .filter(|r| r.0 <= 0.6 && r.1 != "none")
            .all(|r| !r.2.starts_with("worse")),
        "a null is worse below 0.6"
    );
    assert!(at("spatial", &|r| r <= 0.3).iter().all(|v| v.starts_with("better")));
    assert!(at("random", &|r| r >= 0.7).iter().all(|v| v.starts_with("worse")));
    assert!(at("block", &|r| (0.2..=1.1).contains(&r))
        .iter()
        .all(|v| v.starts_with("equivalent")));
    assert!(at("block", &|r| r == 1.3 || r == 1.5)
        .iter()
        .all(|v| v.starts_with("worse")));
    assert!(at("spatial", &|r| r >= 1.2)
        .iter()
        .chain(&at("shuffled", &|r| (0.9..=1.6).contains(&r)))
        .all(|v| v.starts_with("worse")));
    assert_eq!(
        verdicts(&s["paper-mnist"], |_| true),
        vec![("random".to_string(), "equivalent within ±0.01".to_string())]
    );
    assert_eq!(
        verdicts(&s["paper-cifar10"], |_| true),
        vec![("random".to_string(), "inconclusive".to_string())]
    );
    for (c, v) in verdicts(narma, |c| !c.starts_with("none")) {
        let want = if c == "shuffled in=all out=all" || c == "shuffled in=all out=l23" {
            "worse"
        } else {
            "equivalent"
        };
        assert!(v.starts_with(want), "NARMA {c}: {v}, README says {want}");
    }
}
