//! CLI commands over the core: grow, attractors, infer, train, export and bench.

use super::flags::{self, Backend, SettingFlags};
use super::host::CliHost;
use crate::circuit::diagnostics::Diagnostics;
use crate::circuit::{export, stats::stats};
use crate::development::{self, timeline::type_keys};
use crate::experiment::classify::classify;
use crate::experiment::task::{diagnose, run_task};
use crate::experiment::{build, network_for, Built, Config, Task, Topology};
use crate::grn::{attractors, infer as inf, network::Fix, parse_bnet, Network};
use crate::reservoir::rho::parse_rhos;
use serde_json::json;
use std::time::Instant;

fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))
}

/// `--fix GENE=0|1` recorded in the configuration (knock-outs and forced genes are part of a
/// condition's identity).
fn apply_fixes_to(c: &mut Config, fixes: &[String]) -> Result<(), String> {
    for spec in fixes {
        match spec.split_once('=') {
            Some((g, "0")) => c.knockouts.push(g.to_string()),
            Some((g, "1")) => c.forced.push(g.to_string()),
            _ => {
                return Err(format!(
                    "flag `--fix {spec}`: expected GENE=0 (knock-out) or GENE=1 (forced on)"
                ))
            }
        }
    }
    Ok(())
}

/// The configuration of a command's setting flags and `--fix`, checked as a whole: the rules
/// compile (an error names the `--rules` file), the genes exist, the parameters fit together.
pub fn config_of_flags<const CMD: u8>(flags: &SettingFlags<CMD>, fixes: &[String]) -> Result<Config, String> {
    let mut c = flags.config()?;
    if !flags.has("iseed") {
        c.init_seed = c.seed;
    }
    if !flags.has("dseed") {
        c.data_seed = c.seed;
    }
    apply_fixes_to(&mut c, fixes)?;
    let rules = flags.value_of("rules").unwrap_or("cortex15.bnet");
    network_for(&c).map_err(|e| format!("{rules}: {e}"))?;
    c.check()?;
    Ok(c)
}

fn apply_fixes(net: &mut Network, fixes: &[String]) -> Result<(), String> {
    for spec in fixes {
        let (gene, v) = spec
            .split_once('=')
            .ok_or_else(|| format!("flag `--fix {spec}`: expected GENE=0 or GENE=1"))?;
        let fix = match v {
            "0" => Fix::KnockOut,
            "1" => Fix::ForceOn,
            _ => {
                return Err(format!(
                    "flag `--fix {spec}`: the value must be 0 (knock-out) or 1 (forced on)"
                ))
            }
        };
        let g = net.index(gene)?;
        net.fix(g, Some(fix));
    }
    Ok(())
}

pub fn grow(a: &flags::Grow) -> Result<(), String> {
    let cfg = config_of_flags(&a.circuit.settings, &a.circuit.fix)?;
    let (net, ids) = network_for(&cfg)?;
    let seed = cfg.seed;
    let t = Instant::now();
    let g = development::grow(&net, ids, &cfg.params(), seed)?;
    let millis = t.elapsed().as_secs_f64() * 1000.0;
    let s = stats(&g.circuit);
    let types: serde_json::Map<String, serde_json::Value> = type_keys()
        .iter()
        .zip(g.cell_types)
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    let at = a.at;
    let counts_at = match at {
        Some(s) if (s as usize) <= g.timeline.counts.len() => {
            let c = g.timeline.counts[s as usize - 1];
            Some(
                type_keys()
                    .iter()
                    .zip(c)
                    .map(|(k, v)| (k.to_string(), json!(v)))
                    .collect::<serde_json::Map<_, _>>(),
            )
        }
        Some(s) => {
            return Err(format!(
                "flag `--at {s}`: development runs steps 1 to {}",
                g.timeline.counts.len()
            ))
        }
        None => None,
    };
    let mut out = json!({
        "seed": seed, "cells": g.cells, "neurons": g.circuit.len(), "synapses": s.synapses,
        "connected_pairs": s.connected_pairs, "cell_types": types, "fingerprint": g.circuit.fingerprint(),
        "millis": millis, "zero_pair_fraction": s.zero_pair_fraction, "per_pair_quantiles": s.per_pair_quantiles,
        "max_per_pair": s.max_per_pair, "reciprocity": s.reciprocity, "mean_degree": s.mean_degree,
        "inhibitory": s.inhibitory, "steps": g.steps, "timeline_frames": g.timeline.frames.len(),
        "timeline_bytes": g.timeline.bytes(),
    });
    if let (Some(c), Some(step)) = (counts_at, at) {
        out["counts_at"] = json!({ "step": step, "cell_types": c });
    }
    if a.json {
        println!("{out}");
    } else {
        println!(
            "seed {seed}: {} cells, {} mature neurons, {} synapses ({} connected pairs, {:.1} % empty), fingerprint {} \
            ({millis:.1} ms)",
            g.cells,
            g.circuit.len(),
            s.synapses,
            s.connected_pairs,
            s.zero_pair_fraction * 100.0,
            g.circuit.fingerprint()
        );
    }
    Ok(())
}

pub fn attractors(a: &flags::Attractors) -> Result<(), String> {
    let path = &a.file;
    let rules = parse_bnet(&read(path)?).map_err(|e| format!("{path}: {e}"))?;
    let mut net = Network::compile(&rules).map_err(|e| format!("{path}: {e}"))?;
    apply_fixes(&mut net, &a.fix)?;
    let report = attractors::search(&net, 1);
    let steady = attractors::async_steady_states(&net, 1);
    if a.json {
        let mut v = serde_json::to_value(&report).map_err(|e| e.to_string())?;
        v["asynchronous_steady_states"] = json!(steady);
        println!("{v}");
    } else {
        println!(
            "asynchronous steady states: {}",
            if steady.is_empty() {
                "none".to_string()
            } else {
                steady.join(" ")
            }
        );
        println!("genes: {}", report.genes.join(" "));
        for (k, at) in report.synchronous_attractors.iter().enumerate() {
            let basin = at.basin.map_or("?".to_string(), |b| b.to_string());
            println!(
                "attractor {}: length {}, basin {basin}: {}",
                k + 1,
                at.length,
                at.states.join(" → ")
            );
        }
    }
    Ok(())
}

pub fn infer(a: &flags::Infer) -> Result<(), String> {
    let path = &a.file;
    let k = a.max_regulators as usize;
    let m = inf::read_csv(&read(path)?).map_err(|e| format!("{path}: {e}"))?;
    inf::check_size(m.genes.len(), k, inf::CLI_CANDIDATES).map_err(|e| format!("{path}: {e}"))?;
    let (rules, agreement) = inf::infer(&m, k);
    print!("{}", inf::to_bnet_scored(&rules, &agreement));
    Ok(())
}

/// A topology flag (checked by the registry), developmental when absent.
fn topology(flag: &Option<String>) -> Topology {
    flag.as_deref()
        .and_then(Topology::parse)
        .unwrap_or(Topology::Developmental)
}

/// The experiment configuration from train flags.
pub fn train_config(a: &flags::Train) -> Result<Config, String> {
    let dataset = a
        .settings
        .value_of("data")
        .ok_or("missing `--dataset mnist|fashion-mnist|cifar10`")?;
    if !crate::data::KNOWN.contains(&dataset)
        && !crate::data::fs::data_root()
            .join(dataset)
            .join("manifest.json")
            .exists()
    {
        return Err(format!(
            "unknown dataset `{dataset}`; expected mnist, fashion-mnist, cifar10 or a name imported with `devcircuit \
            data import`"
        ));
    }
    let c = config_of_flags(&a.settings, &a.fix)?;
    if c.encoding.sequential() && a.settings.has("T") {
        return Err(format!(
            "flag `--steps` sets T of the whole-image encoding; `--encoding {}` takes one step per image row",
            c.encoding.key()
        ));
    }
    Ok(c)
}

pub fn train(a: &flags::Train) -> Result<(), String> {
    let cfg = train_config(a)?;
    let t = Instant::now();
    let data = crate::data::fs::load(&cfg.dataset)?;
    let load_s = t.elapsed().as_secs_f64();
    let built = build(&cfg, || t.elapsed().as_secs_f64() * 1000.0)?;
    let (out, backend) = run_training(&cfg, &data, &built, a.json, a.backend)?;
    let done = json!({
        "event": "done", "iteration0_accuracy": out.iteration0_accuracy, "test_accuracy": out.test_accuracy,
        "seconds": out.seconds, "epoch_seconds": out.epoch_seconds, "samples_per_second": out.samples_per_second,
        "readback_seconds": out.readback_seconds, "backend": backend, "fingerprint": built.fingerprint,
        "topology_fingerprint": built.used_fingerprint, "topology": cfg.topology.key(), "seed": cfg.seed,
        "dataset": cfg.dataset, "neurons": built.circuit.len(), "synapses": built.circuit.synapses(),
        "load_seconds": load_s, "grow_millis": built.grow_ms, "version": crate::experiment::APP_VERSION,
        "settings": cfg.settings_json(),
    });
    if a.json {
        println!("{done}");
    } else {
        println!("{}", serde_json::to_string_pretty(&done).unwrap_or_default());
    }
    Ok(())
}

/// The autodiff device of a backend and the name a result records.
fn device_for(backend: Backend) -> Result<(crate::model::Device, &'static str), String> {
    match backend {
        #[allow(deprecated)]
        Backend::Ndarray => Ok((crate::model::Device::ndarray().autodiff(), "ndarray (CPU, native)")),
        Backend::Wgpu => {
            let d = crate::model::Device::wgpu_options().init().map_err(|e| {
                format!(
                    "--backend wgpu: no wgpu adapter could start ({e:?}); it needs a Vulkan, Metal or DX12 driver (on \
                    Linux without a GPU: Mesa's lavapipe, Debian package mesa-vulkan-drivers)"
                )
            })?;
            Ok((d.autodiff(), "wgpu (native)"))
        }
    }
}

/// Trains natively on `backend` through the library's one classification path; returns the
/// outcome and the backend's name.
pub fn run_training(
    cfg: &Config,
    data: &crate::data::Dataset,
    built: &Built,
    json: bool,
    backend: Backend,
) -> Result<(crate::model::train::Outcome, &'static str), String> {
    let (device, backend_name) = device_for(backend)?;
    let mut host = CliHost {
        start: Instant::now(),
        json,
    };
    let (_, out) = pollster::block_on(classify(cfg, built, data, &device, &mut host)).map_err(|e| e.to_string())?;
    Ok((out, backend_name))
}

/// The configuration of `task NAME` flags and its list of ρ.
pub fn task_config(a: &flags::TaskRun) -> Result<(Config, Vec<f64>), String> {
    let name = &a.name;
    let task = Task::parse(name)
        .filter(|t| *t != Task::Classify)
        .ok_or_else(|| format!("unknown task `{name}`; expected memory-capacity, narma10 or delay"))?;
    let mut cfg = Config {
        task,
        ..config_of_flags(&a.settings, &a.fix)?
    };
    let rhos = match &a.rho_list {
        Some(v) => parse_rhos(v).map_err(|e| format!("flag `--rho {v}`: {e}"))?,
        None => vec![cfg.radius],
    };
    cfg.radius = rhos[0];
    Ok((cfg, rhos))
}

/// `task memory-capacity|narma10|delay`: one JSON line per ρ for one topology and seed.
pub fn task(a: &flags::TaskRun) -> Result<(), String> {
    let (cfg, rhos) = task_config(a)?;
    let task = cfg.task;
    let built = build(&cfg, || 0.0)?;
    for rho in rhos {
        let t = Instant::now();
        let out = run_task(
            &Config {
                radius: rho,
                ..cfg.clone()
            },
            &built.circuit,
            rho,
        )?;
        let line = json!({
            "task": task.key(), "metric_name": task.metric().0, "metric": out.metric, "floor": out.floor,
            "curve": out.curve, "rho": rho,
            "echo_state": out.echo_state, "echo_distance": out.echo_distance, "topology": cfg.topology.key(),
            "seed": cfg.seed, "fingerprint": built.fingerprint, "topology_fingerprint": built.used_fingerprint,
            "neurons": built.circuit.len(), "per_neuron": out.per_neuron(), "diagnostics": out.diagnostics,
            "input_neurons": out.input_neurons,
            "readout_neurons": out.readout_neurons, "millis": t.elapsed().as_secs_f64() * 1000.0,
            "version": crate::experiment::APP_VERSION,
            "settings": Config { radius: rho, ..cfg.clone() }.settings_json(),
        });
        let mut line = line;
        if let Some(p) = &out.plasticity {
            line["plasticity"] = json!(p);
        }
        if a.json {
            println!("{line}");
        } else {
            println!(
                "{} ρ={rho}: {} = {:.4}, per neuron {:.4} (N = {}; echo state {}), {} topology, seed {}, \
                fingerprint {}",
                task.key(),
                task.metric().0,
                out.metric,
                out.per_neuron().unwrap_or(f64::NAN),
                out.neurons,
                if out.echo_state { "holds" } else { "fails" },
                cfg.topology.key(),
                cfg.seed,
                built.fingerprint
            );
            if let Some(d) = &out.diagnostics {
                println!("  {}", diagnostics_line(d));
            }
        }
    }
    Ok(())
}

/// The four diagnostics in one line of text.
fn diagnostics_line(d: &Diagnostics) -> String {
    format!(
        "participation ratio {:.2}, {} eigenvalues above ρ/2, block means hold {:.1} % of ‖W‖², ‖W‖₂/ρ = {:.2}",
        d.participation_ratio,
        d.strong_eigenvalues,
        100.0 * d.block_mean_share,
        d.non_normality
    )
}

pub fn export(a: &flags::Export) -> Result<(), String> {
    let cfg = config_of_flags(&a.settings, &a.fix)?;
    // `--topology` exports a null model or reference of the grown circuit (the same neurons).
    let built = build(&cfg, || 0.0)?;
    let circuit = &built.circuit;
    let fp = circuit.fingerprint();
    let diagnostics = diagnose(&cfg, circuit, cfg.radius)?;
    if built.plasticity.is_some() && a.format != "json" {
        return Err(format!(
            "flag `--format {}`: the plastic layer (weights, gains, biases) is exported as JSON only (`--format json`)",
            a.format
        ));
    }
    match a.format.as_str() {
        "json" => {
            let mut v = export::to_json(circuit, &fp);
            if let Some(report) = &built.plasticity {
                let (gain, bias) = built
                    .units
                    .clone()
                    .unwrap_or_else(|| (vec![1.0; circuit.len()], vec![0.0; circuit.len()]));
                v["plastic"] = json!({ "w_rec": built.w_rec, "gain": gain, "bias": bias, "report": report });
            }
            v["diagnostics"] = json!(diagnostics);
            v["rho"] = json!(cfg.radius);
            println!("{v}")
        }
        "csv" => print!("{}", export::to_csv(circuit)),
        "graphml" => print!("{}", export::to_graphml(circuit)),
        f => return Err(format!("flag `--format {f}`: expected json, csv or graphml")),
    }
    if a.format != "json" {
        eprintln!("W_rec at ρ = {}: {}", cfg.radius, diagnostics_line(&diagnostics));
    }
    Ok(())
}

pub fn bench(a: &flags::Bench) -> Result<(), String> {
    match a.what.as_str() {
        "grow" => super::bench::grow(),
        "grn" => super::bench::grn(),
        "train" => super::bench::train(
            a.limit_batches.map_or(0, |v| v as usize),
            topology(&a.topology),
            a.backend,
            a.json,
        ),
        "task" => super::bench::task(),
        "genome" => super::bench::genome(),
        other => Err(format!(
            "unknown benchmark `{other}`; expected grow, grn, train, task or genome"
        )),
    }
}
