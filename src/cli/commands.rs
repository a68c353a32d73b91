//! CLI commands over the core: grow, attractors, infer, train, export and bench.

use super::args::Args;
use super::host::CliHost;
use crate::circuit::{export, stats::stats};
use crate::development::{self, network_from_text, timeline::type_keys, GeneIds, Params};
use crate::experiment::{build_circuit, Config, Topology};
use crate::grn::{self, attractors, infer as inf, network::Fix, parse_bnet, Network};
use crate::model::{train::TrainConfig, Encoding, Reservoir, Shape};
use serde_json::json;
use std::time::Instant;

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

/// Rules (default or --rules FILE, with --fix GENE=0|1) and parameters (--params FILE).
fn setup(a: &Args) -> Result<(Network, GeneIds, Params), String> {
    let (text, name) = match a.value("rules") {
        Some(p) => (read(p)?, p.to_string()),
        None => (grn::CORTEX15.to_string(), "cortex15.bnet".to_string()),
    };
    let (mut net, ids) = network_from_text(&text).map_err(|e| format!("{name}: {e}"))?;
    apply_fixes(&mut net, a)?;
    let params = match a.value("params") {
        Some(p) => Params::from_json(&read(p)?).map_err(|e| format!("{p}: {e}"))?,
        None => Params::default(),
    };
    Ok((net, ids, params))
}

fn apply_fixes(net: &mut Network, a: &Args) -> Result<(), String> {
    for spec in a.all("fix") {
        let (gene, v) = spec.split_once('=').ok_or_else(|| format!("flag `--fix {spec}`: expected GENE=0 or GENE=1"))?;
        let fix = match v {
            "0" => Fix::KnockOut,
            "1" => Fix::ForceOn,
            _ => return Err(format!("flag `--fix {spec}`: the value must be 0 (knock-out) or 1 (forced on)")),
        };
        let g = net.index(gene)?;
        net.fix(g, Some(fix));
    }
    Ok(())
}

pub fn grow(a: &Args) -> Result<(), String> {
    let (net, ids, params) = setup(a)?;
    let seed: u64 = a.get("seed", 1)?;
    let t = Instant::now();
    let g = development::grow(&net, ids, &params, seed)?;
    let millis = t.elapsed().as_secs_f64() * 1000.0;
    let s = stats(&g.circuit);
    let types: serde_json::Map<String, serde_json::Value> = type_keys().iter().zip(g.cell_types).map(|(k, v)| (k.to_string(), json!(v))).collect();
    let at: Option<u32> = a.value("at").map(|v| v.parse().map_err(|_| format!("flag `--at`: `{v}` is not a step"))).transpose()?;
    let counts_at = match at {
        Some(s) if s >= 1 && (s as usize) <= g.timeline.counts.len() => {
            let c = g.timeline.counts[s as usize - 1];
            Some(type_keys().iter().zip(c).map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>())
        }
        Some(s) => return Err(format!("flag `--at {s}`: development runs steps 1 to {}", g.timeline.counts.len())),
        None => None,
    };
    let mut out = json!({
        "seed": seed, "cells": g.cells, "neurons": g.circuit.len(), "synapses": s.synapses,
        "connected_pairs": s.connected_pairs, "cell_types": types, "fingerprint": g.circuit.fingerprint(),
        "millis": millis, "zero_pair_fraction": s.zero_pair_fraction, "per_pair_quantiles": s.per_pair_quantiles,
        "max_per_pair": s.max_per_pair, "reciprocity": s.reciprocity, "mean_degree": s.mean_degree,
        "inhibitory": s.inhibitory, "steps": g.steps, "timeline_frames": g.timeline.frames.len(), "timeline_bytes": g.timeline.bytes(),
    });
    if let (Some(c), Some(step)) = (counts_at, at) {
        out["counts_at"] = json!({ "step": step, "cell_types": c });
    }
    if a.flag("json") {
        println!("{out}");
    } else {
        println!("seed {seed}: {} cells, {} mature neurons, {} synapses ({} connected pairs, {:.1} % empty), fingerprint {} ({millis:.1} ms)",
            g.cells, g.circuit.len(), s.synapses, s.connected_pairs, s.zero_pair_fraction * 100.0, g.circuit.fingerprint());
    }
    Ok(())
}

pub fn attractors(a: &Args) -> Result<(), String> {
    let path = a.positional(0, "the BoolNet file (devcircuit attractors FILE.bnet)")?;
    let rules = parse_bnet(&read(path)?).map_err(|e| format!("{path}: {e}"))?;
    let mut net = Network::compile(&rules).map_err(|e| format!("{path}: {e}"))?;
    apply_fixes(&mut net, a)?;
    let report = attractors::search(&net, 1);
    let steady = attractors::async_steady_states(&net, 1);
    if a.flag("json") {
        let mut v = serde_json::to_value(&report).map_err(|e| e.to_string())?;
        v["asynchronous_steady_states"] = json!(steady);
        println!("{v}");
    } else {
        println!("asynchronous steady states: {}", if steady.is_empty() { "none".to_string() } else { steady.join(" ") });
        println!("genes: {}", report.genes.join(" "));
        for (k, at) in report.synchronous_attractors.iter().enumerate() {
            let basin = at.basin.map_or("?".to_string(), |b| b.to_string());
            println!("attractor {}: length {}, basin {basin}: {}", k + 1, at.length, at.states.join(" → "));
        }
    }
    Ok(())
}

pub fn infer(a: &Args) -> Result<(), String> {
    let path = a.positional(0, "the expression matrix (devcircuit infer MATRIX.csv)")?;
    let k: usize = a.get("max-regulators", 3)?;
    if !(1..=6).contains(&k) {
        return Err(format!("flag `--max-regulators {k}`: must be 1 to 6"));
    }
    let m = inf::read_csv(&read(path)?).map_err(|e| format!("{path}: {e}"))?;
    let (rules, agreement) = inf::infer(&m, k);
    print!("{}", inf::to_bnet_scored(&rules, &agreement));
    Ok(())
}

fn parse_topology(a: &Args) -> Result<Topology, String> {
    let t = a.value("topology").unwrap_or("developmental");
    Topology::parse(t).ok_or_else(|| format!("flag `--topology {t}`: expected developmental, random, shuffled, none or trainable"))
}

/// The experiment configuration from train flags.
fn train_config(a: &Args) -> Result<Config, String> {
    let dataset = a.value("dataset").ok_or("missing `--dataset mnist|fashion-mnist|cifar10`")?.to_string();
    if !crate::data::KNOWN.contains(&dataset.as_str()) && !crate::data::fs::data_root().join(&dataset).join("manifest.json").exists() {
        return Err(format!("unknown dataset `{dataset}`; expected mnist, fashion-mnist, cifar10 or a name imported with `devcircuit data import`"));
    }
    let encoding = match a.value("encoding").unwrap_or("whole") {
        "whole" => Encoding::Whole,
        "rows" => Encoding::Rows,
        e => return Err(format!("flag `--encoding {e}`: expected whole or rows")),
    };
    let seed = a.get("seed", 1)?;
    Ok(Config {
        seed, dataset, topology: parse_topology(a)?, epochs: a.get("epochs", 1)?, steps: a.get("steps", 5)?, encoding,
        radius: a.get("rho", 0.9)?, learning_rate: a.get("lr", 1e-3)?, batch_size: a.get("batch", 64)?,
        limit: a.value("limit-batches").map(|v| v.parse().map_err(|_| format!("flag `--limit-batches`: `{v}` is not a number"))).transpose()?,
        init_seed: a.get("init-seed", seed)?, data_seed: a.get("data-seed", seed)?, test_limit: None, force_cpu: false, rules: None, knockouts: vec![], forced: vec![],
    })
}

pub fn train(a: &Args) -> Result<(), String> {
    let cfg = train_config(a)?;
    let (net, ids, params) = setup(a)?;
    let t = Instant::now();
    let data = crate::data::fs::load(&cfg.dataset)?;
    let load_s = t.elapsed().as_secs_f64();
    let built = build_circuit(&cfg, &net, ids, &params, || t.elapsed().as_secs_f64() * 1000.0)?;
    let limit_train: Option<usize> = a.value("limit-train").map(|v| v.parse().map_err(|_| format!("flag `--limit-train`: `{v}` is not a number"))).transpose()?;
    let (out, backend) = run_training(&cfg, &data, &built.w_rec, built.circuit.len(), limit_train, a.flag("json"))?;
    let done = json!({
        "event": "done", "iteration0_accuracy": out.iteration0_accuracy, "test_accuracy": out.test_accuracy,
        "seconds": out.seconds, "epoch_seconds": out.epoch_seconds, "samples_per_second": out.samples_per_second,
        "backend": backend, "fingerprint": built.fingerprint, "topology_fingerprint": built.used_fingerprint,
        "topology": cfg.topology.key(), "seed": cfg.seed, "dataset": cfg.dataset, "neurons": built.circuit.len(),
        "synapses": built.circuit.synapses(), "load_seconds": load_s, "grow_millis": built.grow_ms,
        "version": crate::experiment::APP_VERSION,
    });
    if a.flag("json") {
        println!("{done}");
    } else {
        println!("{}", serde_json::to_string_pretty(&done).unwrap_or_default());
    }
    Ok(())
}

/// Trains on the native CPU backend; returns the outcome and the backend's name.
pub fn run_training(cfg: &Config, data: &crate::data::Dataset, w_rec: &[f64], hidden: usize, limit_train: Option<usize>, json: bool) -> Result<(crate::model::train::Outcome, &'static str), String> {
    #[allow(deprecated)]
    let device = burn::tensor::Device::ndarray().autodiff();
    let [c, h, w] = data.manifest.shape;
    let (input, steps) = match cfg.encoding {
        Encoding::Whole => (c * h * w, cfg.steps),
        Encoding::Rows => (c * w, h),
    };
    let shape = Shape { input, hidden, classes: data.manifest.classes.len(), steps };
    let model = Reservoir::new(shape, w_rec, cfg.topology == Topology::Trainable, cfg.init_seed, &device);
    let tc = TrainConfig { epochs: cfg.epochs, batch_size: cfg.batch_size, learning_rate: cfg.learning_rate, limit_train, limit_batches: cfg.limit, log_every: 5, data_seed: cfg.data_seed };
    let mut host = CliHost { start: Instant::now(), json };
    let (_, out) = pollster::block_on(crate::model::train::train(model, &data.train, &data.test, cfg.encoding, shape.classes, &tc, &device, &mut host))?;
    Ok((out, "ndarray (CPU, native)"))
}

pub fn export(a: &Args) -> Result<(), String> {
    let (net, ids, params) = setup(a)?;
    let seed: u64 = a.get("seed", 1)?;
    let g = development::grow(&net, ids, &params, seed)?;
    let fp = g.circuit.fingerprint();
    match a.value("format").unwrap_or("json") {
        "json" => println!("{}", export::to_json(&g.circuit, &fp)),
        "csv" => print!("{}", export::to_csv(&g.circuit)),
        "graphml" => print!("{}", export::to_graphml(&g.circuit)),
        f => return Err(format!("flag `--format {f}`: expected json, csv or graphml")),
    }
    Ok(())
}

pub fn bench(a: &Args) -> Result<(), String> {
    match a.positional(0, "what to benchmark: grow, grn or train")? {
        "grow" => super::bench::grow(),
        "grn" => super::bench::grn(),
        "train" => super::bench::train(a.get("limit-batches", 0usize)?, parse_topology(a)?),
        other => Err(format!("unknown benchmark `{other}`; expected grow, grn or train")),
    }
}
