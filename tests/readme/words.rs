//! The Results' sentences in words: each function asserts the verdicts its wording needs and
//! returns the exact text the README must contain (statements.rs has the listings and tables).

use super::statements::*;
use serde_json::Value;

/// The headline of "What development adds", said only when every memory and delay sweep at
/// ρ 0.9 (both seed sets, both draws) finds spatial, shuffled and random wiring worse.
pub(crate) fn headline(s: &Sweeps) -> Vec<String> {
    let sweeps = [
        "memory-capacity-fresh",
        "memory-capacity",
        "memory-capacity-draw2",
        "delay-fresh",
        "delay",
        "delay-draw2",
    ];
    for n in sweeps {
        all_worse(s, n, 1.0, 2);
    }
    vec![
        "So, at ρ = 0.9 with plain tanh units, the grown circuit remembers more than random, shuffled or spatially \
        matched wiring in every arrangement, on both seed sets and for both input draws"
            .to_string(),
    ]
}

/// How many runs of a sweep are not echo-state, and at which values of `field`.
pub(crate) fn not_echo_state(s: &Sweeps, name: &str, field: &str) -> (u64, Vec<String>) {
    let mut values: Vec<String> = vec![];
    let mut total = 0;
    for c in summary(s, name)["conditions"].as_array().unwrap() {
        let n = c["not_echo_state"].as_u64().unwrap_or(0);
        let v = field_value(&serde_json::json!({ "condition": c["condition"] }), field);
        if n > 0 && !values.contains(&v) {
            values.push(v);
        }
        total += n;
    }
    (total, values)
}

/// Runs that are not echo-state in the ρ sweeps, which kept them (their plans did not say).
pub(crate) fn echo(s: &Sweeps) -> Vec<String> {
    let (rho, at) = not_echo_state(s, "memory-capacity-rho", "rho");
    let (delay, delay_at) = not_echo_state(s, "robust-delay-rho", "rho");
    vec![format!(
        "{rho} runs of `memory-capacity-rho` (at ρ {}) and {delay} of `robust-delay-rho` (at ρ {}) are not \
        echo-state; their plans predate the rule that a plan says what happens to such runs, so they are kept in the \
        verdicts, and the tables mark those cells †.",
        at.join(", "),
        delay_at.join(", ")
    )]
}

/// `random`'s verdicts in one robustness sweep, as "value: verdict" items.
pub(crate) fn random_verdicts(s: &Sweeps, name: &str, field: &str) -> String {
    paired(s, name, is_null("random"))
        .iter()
        .map(|p| {
            format!(
                "{} {}: *{}*",
                field,
                field_value(p, field),
                p["verdict"].as_str().unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The robustness section in words: where `random` stays worse (asserted), and the verdicts
/// over leak and tissue scale as they are.
pub(crate) fn robust_words(s: &Sweeps) -> Vec<String> {
    let worse_in = |names: &[&str]| {
        for n in names {
            for p in paired(s, n, is_null("random")) {
                assert_eq!(key(p), "worse", "{n} {}", p["condition"]);
            }
        }
    };
    worse_in(&["robust-mc-input-scale", "robust-mc-ridge", "robust-mc-leak"]);
    worse_in(&["robust-delay-input-scale", "robust-delay-ridge", "robust-delay-rho"]);
    vec![
        "On memory capacity, random wiring is *worse* than the grown circuit at each input scale, ridge λ and leak \
        rate tried; on the delay task it is *worse* at each input scale, ridge λ and ρ tried"
            .to_string(),
        format!(
            "With leaky units on the delay task, `random`: {}.",
            random_verdicts(s, "robust-delay-leak", "leak")
        ),
        format!(
            "Over the tissue scale on 30 fresh seeds, memory capacity per neuron, `random`: {}; `block`: {}.",
            random_verdicts(s, "robust-mc-scale-per-neuron", "scale"),
            null_listing(s, "robust-mc-scale-per-neuron", "block")
        ),
        format!(
            "Over the tissue scale on 30 fresh seeds, the delay task, `random`: {}; `block`: {}.",
            random_verdicts(s, "robust-delay-scale-30", "scale"),
            null_listing(s, "robust-delay-scale-30", "block")
        ),
    ]
}

/// The paper's claims, from the committed classification runs.
pub(crate) fn paper(s: &Sweeps) -> Vec<String> {
    let mut acc0 = vec![];
    let mut sweeps = 0;
    for (n, (v, _)) in s {
        if v["metric"] != "test accuracy" {
            continue;
        }
        sweeps += 1;
        acc0.extend(first_epochs(s, n).iter().map(|x| x.1 * 100.0));
    }
    let (lo, hi) = span(&acc0);
    let above = acc0.iter().filter(|a| **a > 12.0).count();
    let paper_protocol: Vec<f64> = first_epochs(s, "mnist")
        .iter()
        .zip(summary(s, "mnist")["records"].as_array().unwrap())
        .filter(|(_, r)| r["config"]["train"] == "input+readout")
        .map(|(e, _)| e.2 * 100.0)
        .collect();
    let (plo, phi) = span(&paper_protocol);
    let cifar = first_epochs(s, "paper-cifar10");
    let (clo, chi) = span(&cifar.iter().map(|e| e.2 * 100.0).collect::<Vec<_>>());
    let one_epoch = |c: &str| paired(s, "mnist", |x| x == c);
    let (random, none) = (
        one_epoch("random train=input+readout"),
        one_epoch("none train=input+readout"),
    );
    assert!(key(random[0]) == "equivalent" && key(none[0]) == "equivalent");
    vec![
        format!(
            "Iteration-0 test accuracy over the {} committed classification runs of {sweeps} sweeps lies between \
            {lo:.2} % and {hi:.2} % (chance: 10 %); {above} of them are above 12 %.",
            acc0.len()
        ),
        format!(
            "After one epoch with the paper's protocol every run reaches {plo:.2}-{phi:.2} % ({} runs).",
            paper_protocol.len()
        ),
        format!(
            "After one epoch of CIFAR-10 the {} runs lie between {clo:.2} % and {chi:.2} %.",
            cifar.len()
        ),
        format!("`mnist`, random: {}.", listing(&random)),
        format!(
            "After one epoch `none`, a layer with no recurrent weights at all, is as close: {}; so one epoch of \
            MNIST does not tell wirings apart, and these runs do not show that a random topology fails to learn \
            rapidly",
            listing(&none)
        ),
        format!("`paper-mnist`: {}.", listing(&paired(s, "paper-mnist", |_| true))),
        format!("`paper-cifar10`: {}.", listing(&paired(s, "paper-cifar10", |_| true))),
    ]
}

/// Which sweeps with verdicts show their plan's commit before their runs, and which cannot.
pub(crate) fn standing(s: &Sweeps) -> Vec<String> {
    let with = |k: &str| -> Vec<String> {
        s.iter()
            .filter(|(_, (v, _))| v["standing"] == k && v["paired"].as_array().is_some_and(|p| !p.is_empty()))
            .map(|(n, _)| format!("`{n}`"))
            .collect()
    };
    let (shown, unrecorded) = (with("preregistered"), with("unrecorded"));
    assert!(with("exploratory").is_empty() && with("none").is_empty());
    vec![format!(
        "{} sweeps show their plan's commit before their runs ({}); the other {} sweeps with verdicts were planned \
        before plans recorded a commit, so their order cannot be shown from the records, and their summaries open \
        with **Order not shown** ({}).",
        shown.len(),
        shown.join(", "),
        unrecorded.len(),
        unrecorded.join(", ")
    )]
}

/// One verdict of a sweep by its condition label, against its first reference (the topology).
fn verdict<'a>(s: &'a Sweeps, name: &str, label: &str) -> &'a Value {
    paired(s, name, |c| c == label)
        .first()
        .copied()
        .unwrap_or_else(|| panic!("{name}: no comparison `{label}`"))
}

/// "*verdict*, ±difference" of one comparison.
fn said(p: &Value) -> String {
    format!("*{}*, {:+.4}", p["verdict"].as_str().unwrap(), f(&p["mean_difference"]))
}

/// What the four plasticity rules do, in words, each said only as its verdicts have it.
pub(crate) fn plasticity_words(s: &Sweeps) -> Vec<String> {
    let (mc, delay) = ("plasticity-mc-rules", "plasticity-delay-rules");
    let circuits = ["developmental", "block", "random"];
    let rule = |name: &str, r: &str| -> Vec<&Value> {
        circuits
            .iter()
            .map(|c| verdict(s, name, &format!("{c} plast={r}")))
            .collect()
    };
    for r in ["ip", "oja"] {
        for p in rule(mc, r).into_iter().chain(rule(delay, r)) {
            assert_eq!(key(p), "worse", "{}", p["condition"]);
        }
    }
    let scaled = rule(mc, "scaling");
    assert!(scaled.iter().all(|p| key(p) != "better" && key(p) != "worse"));
    let pruned = rule(mc, "prune");
    assert!(pruned.iter().all(|p| key(p) == "better"));
    let each = |v: Vec<&Value>| v.iter().map(|p| said(p)).collect::<Vec<_>>().join("; ");
    let after = |name: &str, topo: &str, r: &str| said(verdict(s, name, &format!("{topo} plast={r}")));
    vec![
        format!(
            "Intrinsic plasticity and Oja's rule lower memory capacity and delayed recall on every circuit (all 12 \
            comparisons *worse*). Pruning raises memory capacity beyond the margin on all three circuits (grown, \
            block, random: {}); its point estimate is larger on random wiring than on the grown circuit, a difference \
            no preregistered test compared. Synaptic scaling moves memory capacity by less than the margin ({}). So of \
            these four rules, pruning is the one that adds memory capacity to what development built beyond the \
            margin.",
            each(pruned),
            each(rule(mc, "scaling"))
        ),
        format!(
            "On the delay task, pruning on the grown circuit: {}; scaling: {}.",
            after(delay, "developmental", "prune"),
            after(delay, "developmental", "scaling")
        ),
        format!(
            "Random wiring against the grown circuit after each rule, memory capacity: ip {}, oja {}, scaling {}, \
            prune {}; delay: ip {}, oja {}, scaling {}, prune {}.",
            after("plasticity-mc", "random", "ip"),
            after("plasticity-mc", "random", "oja"),
            after("plasticity-mc", "random", "scaling"),
            after("plasticity-mc", "random", "prune"),
            after("plasticity-delay", "random", "ip"),
            after("plasticity-delay", "random", "oja"),
            after("plasticity-delay", "random", "scaling"),
            after("plasticity-delay", "random", "prune")
        ),
        format!(
            "On row-sequential MNIST, against no plasticity on the same circuit: ip {}, oja {}, scaling {}, prune {} \
            (grown circuit); random wiring against the grown circuit: without plasticity {}, after scaling {}.",
            after("plasticity-mnist-rows", "developmental", "ip"),
            after("plasticity-mnist-rows", "developmental", "oja"),
            after("plasticity-mnist-rows", "developmental", "scaling"),
            after("plasticity-mnist-rows", "developmental", "prune"),
            said(paired(s, "plasticity-mnist-rows", |c| c == "random plast=none")[0]),
            said(paired(s, "plasticity-mnist-rows", |c| c == "random plast=scaling")[0])
        ),
    ]
}

/// Mean neuron count of the developmental runs of `name` with default (`evolved` false) or
/// custom rules.
fn neurons(s: &Sweeps, name: &str, evolved: bool) -> f64 {
    let n: Vec<f64> = summary(s, name)["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["config"]["topo"] == "developmental" && r["config"]["rules"].is_null() != evolved)
        .map(|r| f(&r["task"]["neurons"]))
        .collect();
    n.iter().sum::<f64>() / n.len() as f64
}

/// The evolved rules on fresh seeds 101-200: what they grow, what the grown circuit and random
/// wiring of the same neurons gain, and the block null on each, as the verdicts say.
pub(crate) fn evolution_fresh(s: &Sweeps) -> Vec<String> {
    let name = "evolved-memory-capacity-fresh";
    let custom = summary(s, name)["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["condition"].as_str().unwrap())
        .find(|c| c.starts_with("developmental rules=custom#"))
        .unwrap()
        .trim_start_matches("developmental ")
        .to_string();
    let at = |topo: &str, rules: &str| condition(s, name, &format!("{topo} {rules}"));
    let gain = |topo: &str| {
        let (label, reference) = (format!("{topo} {custom}"), format!("{topo} rules=cortex15"));
        paired(s, name, |c| c == label)
            .into_iter()
            .find(|p| p["reference"] == reference.as_str())
            .unwrap_or_else(|| panic!("{name}: no `{label}` against `{reference}`"))
    };
    vec![
        format!(
            "On seeds 101-200 the evolved rules grow {:.1} neurons a circuit against {:.1} for cortex15. Their grown \
            circuit holds {:.4} memory capacity against {:.4} ({}), {:.4} against {:.4} per neuron; random wiring of \
            the evolved circuit's neurons against random wiring of cortex15's: {}.",
            neurons(s, name, true),
            neurons(s, name, false),
            f(&at("developmental", &custom)["mean"]),
            f(&at("developmental", "rules=cortex15")["mean"]),
            said(gain("developmental")),
            f(&at("developmental", &custom)["mean_per_neuron"]),
            f(&at("developmental", "rules=cortex15")["mean_per_neuron"]),
            said(gain("random"))
        ),
        format!(
            "Against the grown circuit of the same rules: random wiring {} on cortex15 and {} on the evolved rules; \
            `block` {} on cortex15 and {} on the evolved rules.",
            said(verdict(s, name, "random rules=cortex15")),
            said(verdict(s, name, &format!("random {custom}"))),
            said(verdict(s, name, "block rules=cortex15")),
            said(verdict(s, name, &format!("block {custom}")))
        ),
        format!("`{name}`: {}.", listing(&paired(s, name, |_| true))),
    ]
}

/// The block null in words: equivalent on fresh seeds (asserted), never shown equivalent on NARMA-10.
pub(crate) fn block_words(s: &Sweeps) -> Vec<String> {
    let fresh: Vec<&Value> = ["memory-capacity-fresh", "delay-fresh"]
        .iter()
        .flat_map(|n| paired(s, n, is_null("block")))
        .collect();
    assert!(fresh.iter().all(|p| key(p) == "equivalent"));
    assert!(paired(s, "narma10", is_null("block"))
        .iter()
        .all(|p| key(p) != "equivalent"));
    vec![format!(
        "The `block` null, which keeps the synapse total between each pair of layers and nothing else of the \
        wiring, comes close on memory and delay: *equivalent* on fresh seeds in all {} comparisons, and on seeds 1-100 \
        *equivalent* or *inconclusive* (listed above). On NARMA-10 it is not shown equivalent in any arrangement.",
        fresh.len()
    )]
}

/// The comparisons that several sweeps share (the same runs at the default settings: ρ 0.9,
/// input L6+L5, readout L2/3, seeds 1-100), with the verdict each sweep's family gives them.
pub(crate) fn shared(s: &Sweeps) -> Vec<String> {
    let memory = [
        ("memory-capacity", "in=l6,l5 out=l23"),
        ("evolved-memory-capacity", "rules=cortex15"),
        ("plasticity-mc", "plast=none"),
        ("robust-mc-input-scale", "win=1"),
        ("robust-mc-leak", "leak=1"),
        ("robust-mc-ridge", "ridge=0.000001"),
    ];
    let delay = [
        ("delay", ""),
        ("plasticity-delay", "plast=none"),
        ("robust-delay-input-scale", "win=1"),
        ("robust-delay-leak", "leak=1"),
        ("robust-delay-ridge", "ridge=0.000001"),
        ("robust-delay-rho", "rho=0.9"),
    ];
    let mut out = shared_in(s, "memory capacity", &memory);
    out.extend(shared_in(s, "the delay task", &delay));
    out
}

/// One shared comparison per null model: the same verdict everywhere, or each with its family's size.
fn shared_in(s: &Sweeps, task: &str, places: &[(&str, &str)]) -> Vec<String> {
    ["block", "random"]
        .iter()
        .map(|null| {
            let rows: Vec<(&str, &Value)> = places
                .iter()
                .map(|(n, c)| (*n, verdict(s, n, format!("{null} {c}").trim())))
                .collect();
            let mean = f(&rows[0].1["mean_difference"]);
            let same = rows.iter().all(|(_, p)| (f(&p["mean_difference"]) - mean).abs() < 1e-9);
            let means: Vec<f64> = rows.iter().map(|r| f(&r.1["mean_difference"])).collect();
            assert!(same, "{null}: not the same runs: {means:?}");
            let names: Vec<String> = rows.iter().map(|(n, _)| format!("`{n}`")).collect();
            let what = format!(
                "On {task}, `{null}` against the grown circuit at ρ 0.9, input L6 + L5, readout L2/3, seeds 1-100 \
                ({mean:+.4}) is one comparison that {} sweeps share",
                rows.len()
            );
            let first = key(rows[0].1);
            if rows.iter().all(|(_, p)| key(p) == first) {
                let v = rows[0].1["verdict"].as_str().unwrap();
                format!(
                    "{what} ({}); it gets the same verdict, *{v}*, in each of them.",
                    names.join(", ")
                )
            } else {
                let each: Vec<String> = rows
                    .iter()
                    .map(|(n, p)| {
                        format!(
                            "`{n}` *{}* ({} comparisons)",
                            p["verdict"].as_str().unwrap(),
                            family_size(s, n)
                        )
                    })
                    .collect();
                format!(
                    "{what}; its verdicts differ with the size of each sweep's family: {}.",
                    each.join(", ")
                )
            }
        })
        .collect()
}
