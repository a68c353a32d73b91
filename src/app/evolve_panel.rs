//! The Evolve section: the search's form (task, budget, what may mutate), Start/Stop/Resume, the
//! fitness per generation, and the best genome — its rule diff, its link, its circuit, its test.

use super::chart;
use super::evolve_search::{plan_of, plan_toml, EvolveState, Form};
use crate::evolve::plan::{mutable_names, Fitness};
use crate::evolve::Search;
use crate::experiment::{Config, Task, Topology};
use leptos::html::Canvas;
use leptos::prelude::*;
use strum::IntoEnumIterator;

/// Up to ten development seeds the search never saw: the held-out seeds of the comparison.
fn held_out(search: &Search) -> Vec<u64> {
    (1..).filter(|s| !search.plan.seeds.contains(s)).take(10).collect()
}

/// The held-out comparison: the best genome and the page's rules, each as grown and under the
/// block and random nulls, on the held-out seeds.
fn held_out_runs(search: &Search) -> Option<Vec<Config>> {
    let best = search.config_of(&search.best.as_ref()?.genome).ok()?;
    let mut runs = vec![];
    for cfg in [&best, &search.plan.base] {
        for topology in [Topology::Developmental, Topology::Block, Topology::Random] {
            for &seed in &held_out(search) {
                runs.push(Config {
                    topology,
                    ..crate::evolve::Plan::at_seed(cfg, seed)
                });
            }
        }
    }
    Some(runs)
}

/// Best and mean fitness per generation, as the chart draws them.
fn curves(s: &Search) -> Vec<(String, Vec<(f64, f64)>)> {
    let of = |f: fn(&crate::evolve::search::GenerationSummary) -> Option<f64>| {
        s.history
            .iter()
            .filter_map(|h| f(h).map(|v| (h.generation as f64 + 1.0, v)))
            .collect::<Vec<_>>()
    };
    vec![("best".into(), of(|h| h.best)), ("mean".into(), of(|h| h.mean))]
}

#[component]
fn Number(label: &'static str, testid: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <label>
            {label}
            <input
                type="text"
                data-testid=testid
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
    }
}

/// The form's fields as text, read into a `Form` (or why not).
#[derive(Clone, Copy)]
struct Fields {
    task: RwSignal<Task>,
    generations: RwSignal<String>,
    population: RwSignal<String>,
    seeds: RwSignal<String>,
    seed: RwSignal<String>,
    rule_rate: RwSignal<String>,
    mutate: RwSignal<Vec<String>>,
    fitness: RwSignal<Fitness>,
}

impl Fields {
    fn new(f: Form) -> Fields {
        Fields {
            task: RwSignal::new(f.task),
            generations: RwSignal::new(f.generations.to_string()),
            population: RwSignal::new(f.population.to_string()),
            seeds: RwSignal::new(f.seeds),
            seed: RwSignal::new(f.seed.to_string()),
            rule_rate: RwSignal::new(f.rule_rate.to_string()),
            mutate: RwSignal::new(f.mutate),
            fitness: RwSignal::new(f.fitness),
        }
    }

    fn form(&self) -> Result<Form, String> {
        let whole = |name: &str, s: RwSignal<String>| {
            let t = s.get();
            t.trim()
                .parse::<u64>()
                .map_err(|_| format!("`{name} = {t}`: a whole number"))
        };
        let rate = self.rule_rate.get();
        Ok(Form {
            task: self.task.get(),
            generations: whole("generations", self.generations)? as usize,
            population: whole("population", self.population)? as usize,
            seeds: self.seeds.get(),
            seed: whole("seed", self.seed)?,
            mutate: self.mutate.get(),
            fitness: self.fitness.get(),
            rule_rate: rate
                .trim()
                .parse()
                .map_err(|_| format!("`rule_rate = {rate}`: a chance in 0-1"))?,
        })
    }
}

#[component]
/// What a genome is scored by: the metric, per neuron, or its advantage over its random null.
fn FitnessSelect(fitness: RwSignal<Fitness>) -> impl IntoView {
    view! {
        <label title=move || {
            fitness.get().describe()
        }>
            "Fitness"
            <select
                data-testid="evolve-fitness"
                on:change=move |ev| {
                    if let Some(f) = Fitness::parse(&event_target_value(&ev)) {
                        fitness.set(f)
                    }
                }
            >
                {Fitness::ALL
                    .into_iter()
                    .map(|f| {
                        view! {
                            <option value=f.key() selected=move || fitness.get() == f>
                                {f.key()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn EvolvePanel(
    /// The page's configuration: the settings every genome starts from.
    config: Signal<Config>,
    state: EvolveState,
    /// Runs the search in `state` (new or resumed) in the worker.
    on_run: Callback<()>,
    /// Shows a configuration on the page (the best genome's circuit and rules).
    on_show: Callback<Config>,
    /// Queues runs (the held-out comparison).
    on_queue: Callback<Vec<Config>>,
    on_error: Callback<String>,
) -> impl IntoView {
    // A kept search shows its own plan; otherwise the committed search's.
    let fields = Fields::new(
        state
            .search
            .with_untracked(|s| s.as_ref().map_or_else(Form::default, |s| Form::of(&s.plan))),
    );
    let planned = Memo::new(move |_| fields.form().and_then(|f| plan_of(&f, &config.get()).map(|p| (f, p))));
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let (Some(c), Some(s)) = (canvas.get(), state.search.get()) else {
            return;
        };
        if let Err(e) = chart::draw_fitness(c, &curves(&s), &s.plan.fitness_label()) {
            on_error.run(format!("fitness chart: {e}"));
        }
    });
    let start = move |_| {
        if let Ok((_, plan)) = planned.get_untracked() {
            state.search.set(Some(Search::new(plan)));
            on_run.run(());
        }
    };
    let can_resume = move || !state.running.get() && state.search.with(|s| s.as_ref().is_some_and(|s| !s.done()));
    view! {
        <section
            class="evolve"
            id="evolve"
            data-panel="evolve"
            data-testid="evolve-panel"
            aria-label="evolve development"
        >
            <h2>"Evolve development"</h2>
            <p class="muted">
                "Search the rules and development settings for a circuit that computes better: CMA-ES moves the \
                    settings, (μ + λ) selection keeps rule edits. Each genome is scored in the worker on the training \
                    seeds; the other settings come from the run configuration."
            </p>
            <div class="evolve-form">
                <label>
                    "Task"
                    <select
                        data-testid="evolve-task"
                        on:change=move |ev| {
                            if let Some(t) = Task::parse(&event_target_value(&ev)) {
                                fields.task.set(t)
                            }
                        }
                    >
                        {Task::iter()
                            .filter(|t| *t != Task::Classify)
                            .map(|t| {
                                view! {
                                    <option value=t.key() selected=move || fields.task.get() == t>
                                        {t.key()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <Number label="Generations" testid="evolve-generations" value=fields.generations />
                <Number label="Genomes per generation" testid="evolve-population" value=fields.population />
                <Number label="Training seeds" testid="evolve-seeds" value=fields.seeds />
                <Number label="Search seed" testid="evolve-seed" value=fields.seed />
                <Number label="Chance of a new edit" testid="evolve-rule-rate" value=fields.rule_rate />
                <FitnessSelect fitness=fields.fitness />
            </div>
            <fieldset data-testid="evolve-mutate">
                <legend>"What may mutate"</legend>
                {mutable_names()
                    .into_iter()
                    .map(|m| {
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    data-testid=format!("evolve-mutate-{m}")
                                    prop:checked=move || fields.mutate.get().iter().any(|x| x == m)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        fields
                                            .mutate
                                            .update(|v| {
                                                v.retain(|x| x != m);
                                                if on {
                                                    v.push(m.to_string())
                                                }
                                            });
                                    }
                                />
                                {m}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            {move || {
                planned
                    .get()
                    .err()
                    .map(|e| {
                        view! {
                            <span class="field-error" role="alert" data-testid="evolve-error">
                                {e}
                            </span>
                        }
                    })
            }}
            <div class="buttons">
                <button
                    data-testid="evolve-start"
                    on:click=start
                    disabled=move || state.running.get() || planned.get().is_err()
                >
                    {move || match planned.get() {
                        Ok((f, p)) => {
                            format!("Start: {} × {} genomes × {} seeds", f.generations, f.population, p.seeds.len())
                        }
                        Err(_) => "Start".into(),
                    }}
                </button>
                <button data-testid="evolve-resume" on:click=move |_| on_run.run(()) disabled=move || !can_resume()>
                    "Resume"
                </button>
                <button
                    data-testid="evolve-stop"
                    on:click=move |_| state.stop.set_value(true)
                    disabled=move || !state.running.get()
                >
                    "Stop"
                </button>
            </div>
            <p
                data-testid="evolve-status"
                aria-live="polite"
                data-seconds-per-genome=move || state.pace.get().map(|p| p.to_string())
            >
                {move || state.status.get()}
            </p>
            <canvas
                node_ref=canvas
                data-testid="evolve-chart"
                width="640"
                height="260"
                role="img"
                aria-label="best and mean fitness per generation"
            ></canvas>
            {move || state.search.get().map(|s| view! { <Best search=s on_show=on_show on_queue=on_queue /> })}
            <details>
                <summary>"The same search on the command line or a cluster"</summary>
                <pre data-testid="evolve-plan">
                    {move || planned.get().map(|(f, p)| plan_toml(&f, &p)).unwrap_or_default()}
                </pre>
                <p class="muted">
                    "Save as PLAN.toml and run devcircuit evolve PLAN.toml --out DIR (add --runner parallel or \
                        --runner slurm for a cluster): the same seed gives the same search."
                </p>
            </details>
        </section>
    }
}

/// The best genome so far: its score, what it changed, and what to do with it.
#[component]
fn Best(search: Search, on_show: Callback<Config>, on_queue: Callback<Vec<Config>>) -> impl IntoView {
    let Some(best) = search.best.clone() else {
        return view! { <p class="muted">"No genome has survived yet."</p> }.into_any();
    };
    let cfg = search.config_of(&best.genome).ok();
    let diff = search.diff(&best.genome);
    let fitness = best.evaluation.fitness.unwrap_or(f64::NAN);
    let link = cfg.as_ref().map(|c| format!("#{}", c.to_fragment()));
    let runs = held_out_runs(&search);
    let seeds = held_out(&search);
    let (show_cfg, n) = (cfg.clone(), runs.as_ref().map_or(0, Vec::len));
    view! {
        <div
            class="evolve-best"
            data-testid="evolve-best"
            data-fitness=fitness.to_string()
            data-generation=best.generation
        >
            <p>
                {format!(
                    "Best after {} of {} generations: fitness {fitness:.4} (generation {}, genome {}); {} mean over \
                    seeds {:?}",
                    search.generation,
                    search.plan.generations,
                    best.generation + 1,
                    best.index + 1,
                    search.plan.fitness_label(),
                    search.plan.seeds,
                )}
            </p>
            <ul data-testid="evolve-diff">
                {if diff.is_empty() {
                    view! { <li>"the rules are the page's; only settings moved"</li> }.into_any()
                } else {
                    diff.into_iter()
                        .map(|d| {
                            view! {
                                <li>
                                    <code>{d}</code>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            <div class="buttons">
                {link
                    .map(|l| {
                        view! {
                            <a href=l target="_blank" data-testid="evolve-open">
                                "Open the best as a run"
                            </a>
                        }
                    })}
                <button
                    data-testid="evolve-show"
                    disabled=show_cfg.is_none()
                    on:click=move |_| {
                        if let Some(c) = show_cfg.clone() {
                            on_show.run(c)
                        }
                    }
                >
                    "Grow the best here"
                </button>
                <button
                    data-testid="evolve-held-out"
                    disabled=runs.is_none()
                    on:click=move |_| {
                        if let Some(r) = runs.clone() {
                            on_queue.run(r)
                        }
                    }
                >
                    {format!("Queue the held-out comparison ({n} runs on seeds {seeds:?})")}
                </button>
            </div>
        </div>
    }
    .into_any()
}
