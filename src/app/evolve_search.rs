//! The page's search over development: a plan from the Evolve panel's form on top of the page's
//! settings, each genome scored in the training worker, kept after every generation (a reload resumes).

use super::protocol::{FromWorker, ToWorker};
use super::scope::now_ms;
use super::{trainer, Ui};
use crate::evolve::plan::Fitness;
use crate::evolve::{Evaluation, Plan, Search};
use crate::experiment::settings::{Spec, CMD_TASK, SETTINGS};
use crate::experiment::sweep::expand_seeds;
use crate::experiment::{Config, Task};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const KEY: &str = "devcircuit.evolve";

/// What the panel's form asks for (the plan's keys, as `devcircuit evolve` reads them).
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub task: Task,
    pub generations: usize,
    pub population: usize,
    pub seeds: String,
    pub seed: u64,
    /// Names from `evolve::plan::mutable_names`.
    pub mutate: Vec<String>,
    pub rule_rate: f64,
    pub fitness: Fitness,
}

impl Default for Form {
    /// The committed search (`sweeps/evolve-memory-capacity.toml`).
    fn default() -> Self {
        Form {
            task: Task::MemoryCapacity,
            generations: 20,
            population: 16,
            seeds: "1001-1003".into(),
            seed: 1,
            mutate: vec!["rules".into()],
            rule_rate: 0.5,
            fitness: Fitness::Metric,
        }
    }
}

impl Form {
    /// The form of a kept search's plan (the seeds as a list).
    pub fn of(plan: &Plan) -> Form {
        let named = |name: &str| match name {
            "rules" => plan.rules,
            "genes" => plan.genes,
            flag => plan
                .real
                .iter()
                .any(|k| crate::experiment::settings::by_key(k).is_some_and(|s| s.spec.flag() == flag)),
        };
        let seeds: Vec<String> = plan.seeds.iter().map(u64::to_string).collect();
        Form {
            task: plan.base.task,
            generations: plan.generations,
            population: plan.population,
            seeds: seeds.join(","),
            seed: plan.seed,
            mutate: crate::evolve::plan::mutable_names()
                .into_iter()
                .filter(|m| named(m))
                .map(String::from)
                .collect(),
            rule_rate: plan.rule_rate,
            fitness: plan.fitness,
        }
    }
}

/// The search of the page: the current one, whether it runs, what it is doing.
#[derive(Clone, Copy)]
pub struct EvolveState {
    pub search: RwSignal<Option<Search>>,
    pub running: RwSignal<bool>,
    pub stop: StoredValue<bool>,
    pub status: RwSignal<String>,
    /// Seconds a genome took in this session's evaluations (what the time left is told from).
    pub pace: RwSignal<Option<f64>>,
}

impl EvolveState {
    pub fn new() -> EvolveState {
        EvolveState {
            search: RwSignal::new(None),
            running: RwSignal::new(false),
            stop: StoredValue::new(false),
            status: RwSignal::new(String::new()),
            pace: RwSignal::new(None),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    search: Search,
    /// It was running when the page was left: a reload resumes it.
    running: bool,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The settings of the page a task run uses (what `devcircuit task` takes as flags).
fn task_settings() -> impl Iterator<Item = &'static crate::experiment::settings::Setting> {
    SETTINGS
        .iter()
        .filter(|s| s.condition && (s.commands & CMD_TASK != 0 || s.key() == "rho"))
}

/// The run every genome starts from: the task with the page's task settings.
fn base_of(page: &Config, task: Task) -> Config {
    let mut base = Config {
        task,
        ..Config::default()
    };
    for s in task_settings() {
        // Every value comes from a valid Config, so each put succeeds.
        let _ = (s.put)(&mut base, &(s.get)(page));
    }
    base
}

/// The plan of the form on top of the page's settings, checked as the CLI checks it.
pub fn plan_of(form: &Form, page: &Config) -> Result<Plan, String> {
    let seeds = expand_seeds(&form.seeds).map_err(|e| format!("training seeds: {e}"))?;
    let names = &form.mutate;
    let real = crate::evolve::genome::REAL
        .iter()
        .filter(|k| crate::experiment::settings::by_key(k).is_some_and(|s| names.iter().any(|n| n == s.spec.flag())))
        .map(|k| k.to_string())
        .collect();
    let plan = Plan {
        base: base_of(page, form.task),
        generations: form.generations,
        population: form.population,
        seeds: seeds.iter().map(|s| s.parse().unwrap_or(0)).collect(),
        seed: form.seed,
        real,
        rules: names.iter().any(|n| n == "rules"),
        genes: names.iter().any(|n| n == "genes"),
        rule_rate: form.rule_rate,
        step: 0.2,
        ranges: Default::default(),
        fitness: form.fitness,
    };
    plan.check()?;
    Ok(plan)
}

/// The same plan as a file for `devcircuit evolve` (rules and parameter files are named, not
/// inlined: the CLI reads them from files).
pub fn plan_toml(form: &Form, plan: &Plan) -> String {
    let quoted: Vec<String> = form.mutate.iter().map(|m| format!("\"{m}\"")).collect();
    let mut t = format!(
        "task = \"{}\"\ngenerations = {}\npopulation = {}\nseeds = \"{}\"\nseed = {}\nmutate = [{}]\nrule_rate = {}\n",
        form.task.key(),
        form.generations,
        form.population,
        form.seeds.trim(),
        form.seed,
        quoted.join(", "),
        form.rule_rate
    );
    if !form.fitness.is_metric() {
        t.push_str(&format!("fitness = \"{}\"\n", form.fitness.key()));
    }
    let default = Config::default();
    let mut settings = String::new();
    for s in task_settings() {
        let (mine, theirs) = ((s.get)(&plan.base), (s.get)(&default));
        if mine == theirs || s.key() == "task" {
            continue;
        }
        match s.spec {
            Spec::Text(x) if x.from_file => settings.push_str(&format!(
                "# {}: save the page's as a file and name it: {} = \"FILE\"\n",
                x.name, x.flag
            )),
            _ => settings.push_str(&format!("{} = \"{mine}\"\n", s.spec.flag().replace('-', "_"))),
        }
    }
    if !settings.is_empty() {
        t.push_str(&format!("\n[settings]\n{settings}"));
    }
    t
}

fn save(search: &Search, running: bool) {
    let stored = Stored {
        search: search.clone(),
        running,
    };
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(&stored)) {
        if s.set_item(KEY, &text).is_err() {
            leptos::logging::warn!("the search could not be kept: browser storage is full");
        }
    }
}

/// The search kept by this browser, and whether it was running when the page was left.
pub fn restore(ev: EvolveState, ui: Ui) {
    let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else {
        return;
    };
    match serde_json::from_str::<Stored>(&text) {
        Ok(st) => {
            let running = st.running && !st.search.done();
            ev.status.set(format!(
                "Restored a search at generation {} of {}{}.",
                st.search.generation,
                st.search.plan.generations,
                if running { "; resuming it" } else { "" }
            ));
            ev.search.set(Some(st.search));
            if running {
                start(ui, ev);
            }
        }
        Err(e) => ev
            .status
            .set(format!("The kept search could not be read ({e}); start a new one.")),
    }
}

/// Starts (or resumes) the search in `ev.search` unless something else holds the worker.
pub fn start(ui: Ui, ev: EvolveState) {
    if ev.running.get_untracked() {
        return;
    }
    if ui.run.running.get_untracked() {
        ev.status
            .set("The worker is training a run: wait for the queue or press Stop there first.".into());
        return;
    }
    ev.stop.set_value(false);
    ev.running.set(true);
    ui.run.running.set(true);
    leptos::task::spawn_local(async move {
        let result = generations(ev, trainer::pool_size(ui.run.workers.get_untracked())).await;
        ev.running.set(false);
        ui.run.running.set(false);
        if let Some(s) = ev.search.get_untracked() {
            save(&s, false);
        }
        match result {
            Err(e) => ev.status.set(format!("The search stopped: {e}")),
            Ok(()) if ev.stop.get_value() => ev
                .status
                .set("Stopped: every finished generation is kept; Resume evaluates the unfinished one again.".into()),
            Ok(()) => ev.status.set("The search is done.".into()),
        }
        if !ui.work.queue.with_untracked(Vec::is_empty) {
            leptos::task::spawn_local(super::run::run_queue(ui));
        }
    });
}

/// Evaluates generation after generation on `lanes` workers, keeping the search after each.
async fn generations(ev: EvolveState, lanes: usize) -> Result<(), String> {
    loop {
        let Some(mut search) = ev.search.get_untracked() else {
            return Ok(());
        };
        if search.done() || ev.stop.get_value() {
            return Ok(());
        }
        let genomes = search.candidates()?;
        let t0 = now_ms();
        let Some(evaluations) = generation(ev, &search, &genomes, lanes).await? else {
            return Ok(()); // stopped: the unfinished generation is evaluated again on Resume
        };
        let took = (now_ms() - t0) / 1000.0 / genomes.len() as f64;
        ev.pace.set(Some(took));
        search.advance(genomes, evaluations);
        save(&search, true);
        ev.search.set(Some(search));
    }
}

/// Each genome's evaluation once a worker has scored it.
type Answers = std::rc::Rc<std::cell::RefCell<Vec<Option<Result<Evaluation, String>>>>>;

/// One generation's evaluations in the genomes' order, whatever the number of workers (None
/// when Stop was pressed).
async fn generation(
    ev: EvolveState,
    search: &Search,
    genomes: &[crate::evolve::Genome],
    lanes: usize,
) -> Result<Option<Vec<Evaluation>>, String> {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    let n = genomes.len();
    let results: Answers = Rc::new(RefCell::new(vec![None; n]));
    let (next, active) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(lanes.min(n))));
    let left_after = (search.plan.generations - search.generation - 1) * n;
    for k in 0..lanes.min(n) {
        let (plan, genomes) = (search.plan.clone(), genomes.to_vec());
        let (results, next, active) = (results.clone(), next.clone(), active.clone());
        let title = format!("Generation {} of {}", search.generation + 1, search.plan.generations);
        leptos::task::spawn_local(async move {
            while next.get() < n && !ev.stop.get_value() && results.borrow().iter().flatten().all(Result::is_ok) {
                let i = next.get();
                next.set(i + 1);
                let eta = ev.pace.get_untracked().map_or(String::new(), |p| {
                    let left = left_after + n - i;
                    format!(" ({p:.2} s a genome; about {:.1} min left)", p * left as f64 / 60.0)
                });
                ev.status.set(format!("{title}: genome {} of {n}…{eta}", i + 1));
                let e = evaluate(&plan, genomes[i].clone(), k).await;
                results.borrow_mut()[i] = Some(e);
            }
            active.set(active.get() - 1);
        });
    }
    while active.get() > 0 {
        super::scope::sleep(20).await;
    }
    let all = Rc::try_unwrap(results).map_or_else(|r| r.borrow().clone(), RefCell::into_inner);
    if let Some(Err(e)) = all.iter().flatten().find(|r| r.is_err()) {
        return Err(e.clone());
    }
    all.into_iter().collect::<Option<Result<Vec<_>, _>>>().transpose()
}

/// One genome scored in the training worker.
async fn evaluate(plan: &Plan, genome: crate::evolve::Genome, k: usize) -> Result<Evaluation, String> {
    trainer::start_job(
        k,
        ToWorker::Evaluate {
            plan: Box::new(plan.clone()),
            genome,
        },
    )
    .await?;
    loop {
        match trainer::next(k).await {
            FromWorker::Evaluated { evaluation } => return Ok(evaluation),
            FromWorker::Failed { error, .. } => return Err(error),
            _ => {}
        }
    }
}
