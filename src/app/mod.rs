//! The browser app (wasm only): Leptos components over the same core as the CLI. Signals
//! flow down into small components; callbacks flow up; the training task owns no DOM.

mod backend;
mod chart;
mod charts_panel;
mod circuit_draw;
mod circuit_view;
mod classroom;
mod config_panel;
mod controls;
mod download;
mod evolve_panel;
mod evolve_search;
mod fetch;
mod grown;
mod growth;
mod idb;
mod import;
mod infer_panel;
mod inspect;
mod inspector;
mod keys;
mod locks;
mod pixels;
mod plastic_draw;
mod plastic_view;
mod protocol;
mod results_panel;
mod rule_editor;
mod rule_tables;
mod run;
mod scope;
mod set_aside;
mod share;
mod status;
mod store;
mod summaries;
mod table;
mod tabs;
mod tissue;
mod trainer;
mod view;
mod worker;
mod workspace_file;

use crate::experiment::config::Config;
use crate::experiment::link::{page_options, provenance, PageOptions};
use crate::experiment::report::{ghosts_from_fragment, Ghost};
use crate::experiment::results::{Analysis, RunRecord, RunStatus, Summaries};
use leptos::prelude::*;

/// The signal of the shown tissue (see `Ui::tissue`).
pub type Tissue = RwSignal<Option<std::sync::Arc<grown::Explored>>>;

/// The runs of this workspace and what the views derive from them.
#[derive(Clone, Copy)]
pub struct Workspace {
    /// Every run of this workspace, oldest first (one IndexedDB record each, `store.rs`).
    pub records: RwSignal<Vec<RunRecord>>,
    /// The runs as tables and charts show them (`RunRecord::headline`: no loss history, no
    /// confusion or predictions), so they update when an accuracy or a status changes, not at
    /// every logged batch; a run's details come from `records` (`current_summary`).
    pub summary: Memo<Vec<RunRecord>>,
    /// The statistics of every run (conditions, paired comparisons, tasks, ρ series), computed
    /// by the summary worker (`summaries.rs`) under `analysis`.
    pub stats: RwSignal<Summaries>,
    /// Whether `stats` is of the runs as they are now (else an update is on its way).
    pub stats_fresh: RwSignal<bool>,
    /// The reference, margin and correction the paired comparisons use (the paired table sets them).
    pub analysis: RwSignal<Analysis>,
    /// The run shown in the detail views (the running one, or one picked in the table).
    pub current: RwSignal<Option<u64>>,
    /// Runs waiting their turn (persisted).
    pub queue: RwSignal<Vec<Config>>,
    /// Another link's recorded results drawn as ghost curves.
    pub ghosts: RwSignal<Vec<Ghost>>,
    /// The trained parameters of the latest finished run (run id, weights), for the download.
    pub weights: StoredValue<Option<(u64, crate::model::Weights)>>,
    /// The browser storage this site uses (after the last save).
    pub usage: RwSignal<Option<store::Usage>>,
    /// Runs being written to the browser's storage now (a reload before that loses them).
    pub saving: RwSignal<usize>,
    /// Why the browser refused the last save (None once a save succeeds).
    pub refused: RwSignal<Option<String>>,
    /// What could not be read (stored runs, an imported file's entries), with why.
    pub set_aside: RwSignal<Vec<crate::experiment::results::SetAside>>,
}

/// The training under way: where it runs, what it says, and the flags Pause and Stop set.
#[derive(Clone, Copy)]
pub struct RunState {
    pub backend: RwSignal<backend::BackendInfo>,
    pub status: RwSignal<String>,
    /// (fraction done, label)
    pub progress: RwSignal<(f64, String)>,
    /// (runs finished, runs in this batch) for the progress and ETA line.
    pub batch: RwSignal<(usize, usize)>,
    pub running: RwSignal<bool>,
    pub paused: RwSignal<bool>,
    /// When (performance.now(), ms) the page last heard of a trained batch from the worker:
    /// how quickly Pause and Stop take effect is measured against it.
    pub batch_heard_ms: RwSignal<f64>,
    pub error: RwSignal<Option<String>>,
    /// The run to repeat when the error offers "Retry" (a dataset that failed to load).
    pub retry: RwSignal<Option<Config>>,
    /// Set by Stop: the queue halts after the running run (the worker is told as well).
    pub stop: StoredValue<bool>,
    /// The most training workers the page may use at once (a page setting, kept in this browser).
    pub workers: RwSignal<usize>,
    /// What each busy worker is doing, by worker.
    pub lanes: RwSignal<std::collections::BTreeMap<usize, String>>,
}

/// The shown tissue and what the explorer, the circuit views and the inspector show of it.
#[derive(Clone, Copy)]
pub struct Explorer {
    /// The tissue the explorer, circuit views and inspector show: the latest growth with its
    /// baselines (None before the first growth). Replaced whole, never mutated in place.
    pub tissue: Tissue,
    /// The timeline frame the explorer shows (clamped to the last).
    pub frame: RwSignal<usize>,
    /// The inspected cell (lineage slot).
    pub selected: RwSignal<Option<u32>>,
    pub fingerprint: RwSignal<Option<String>>,
    pub circuit_line: RwSignal<String>,
    /// What a shared link recorded and whether it was reproduced.
    pub reproduced: RwSignal<Option<String>>,
}

/// The page itself: the configuration its panel edits, its notices, datasets and options.
#[derive(Clone, Copy)]
pub struct PageState {
    /// The configuration the panel edits (a comparison varies topology and seeds from it).
    pub config: RwSignal<Config>,
    pub notices: RwSignal<Vec<String>>,
    /// Datasets the site offers (public/data/index.json).
    pub datasets: RwSignal<Vec<String>>,
    pub shortcuts_open: RwSignal<bool>,
    /// The rule editor's text: typed there, or replaced by rules inferred in the page.
    pub rules_text: RwSignal<String>,
    /// Classroom mode and hidden controls, from the link.
    pub options: RwSignal<PageOptions>,
}

/// Everything the page shows, as four stores of signals (Send + Sync); a panel takes the
/// store or the signals it needs.
#[derive(Clone, Copy)]
pub struct Ui {
    pub work: Workspace,
    pub run: RunState,
    pub explore: Explorer,
    pub page: PageState,
}

impl Workspace {
    pub fn current_record(&self) -> Option<RunRecord> {
        let id = self.current.get()?;
        self.records.with(|rs| rs.iter().find(|r| r.id == id).cloned())
    }

    /// The shown run without its loss history (changes only with accuracies and status).
    pub fn current_summary(&self) -> Option<RunRecord> {
        let id = self.current.get()?;
        self.records.with(|rs| {
            rs.iter().find(|r| r.id == id).map(|r| RunRecord {
                losses: vec![],
                ..r.clone()
            })
        })
    }

    /// Changes one record in place (no-op when it was cleared meanwhile).
    pub fn update_record(&self, id: u64, f: impl FnOnce(&mut RunRecord)) {
        store::touch(id);
        self.records.update(|rs| {
            if let Some(r) = rs.iter_mut().find(|r| r.id == id) {
                f(r)
            }
        });
    }
}

/// The wasm's entry: the page mounts the app; the same wasm in the training worker serves jobs.
pub fn start() {
    console_error_panic_hook::set_once();
    if web_sys::window().is_none() {
        worker::start();
        return;
    }
    reload_on_pasted_link();
    mount_to_body(view::App);
}

/// A link pasted into the address bar of an open page changes only the fragment: reload so
/// the page restores that experiment (our own updates use replaceState, which fires nothing).
fn reload_on_pasted_link() {
    use wasm_bindgen::JsCast;
    if let Some(w) = web_sys::window() {
        let cb = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ = w.add_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref());
        cb.forget();
    }
}

/// Reads the URL fragment and the stored workspace into a fresh UI state.
pub fn initial_ui() -> Ui {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let (config, notices) = Config::from_fragment(&hash);
    let rules_text = rule_editor::initial_text(&config);
    let mut notices: Vec<String> = notices.into_iter().map(|n| n.0).collect();
    let recorded = provenance(&hash);
    let ghosts = match recorded.recorded.as_deref().map(ghosts_from_fragment) {
        Some(Ok(g)) => g
            .into_iter()
            .map(|g| Ghost {
                label: format!("link: {}", g.label),
                ..g
            })
            .collect(),
        Some(Err(e)) => {
            notices.push(e);
            vec![]
        }
        None => vec![],
    };
    let records: RwSignal<Vec<RunRecord>> = RwSignal::new(vec![]);
    let summary = Memo::new(move |_| records.with(|rs| rs.iter().map(RunRecord::headline).collect::<Vec<_>>()));
    let ui = Ui {
        work: Workspace {
            current: RwSignal::new(None),
            records,
            summary,
            stats: RwSignal::new(Summaries::default()),
            stats_fresh: RwSignal::new(false),
            analysis: RwSignal::new(Analysis::against(crate::experiment::Topology::Developmental)),
            queue: RwSignal::new(vec![]),
            ghosts: RwSignal::new(ghosts),
            weights: StoredValue::new(None),
            usage: RwSignal::new(None),
            saving: RwSignal::new(0),
            refused: RwSignal::new(None),
            set_aside: RwSignal::new(vec![]),
        },
        run: RunState {
            backend: RwSignal::new(backend::BackendInfo::detecting()),
            status: RwSignal::new("Ready.".into()),
            progress: RwSignal::new((0.0, String::new())),
            batch: RwSignal::new((0, 0)),
            running: RwSignal::new(false),
            paused: RwSignal::new(false),
            batch_heard_ms: RwSignal::new(0.0),
            error: RwSignal::new(None),
            retry: RwSignal::new(None),
            stop: StoredValue::new(false),
            workers: RwSignal::new(controls::stored_workers()),
            lanes: RwSignal::new(Default::default()),
        },
        explore: Explorer {
            tissue: RwSignal::new(None),
            frame: RwSignal::new(usize::MAX),
            selected: RwSignal::new(None),
            fingerprint: RwSignal::new(None),
            circuit_line: RwSignal::new(String::new()),
            reproduced: RwSignal::new(None),
        },
        page: PageState {
            config: RwSignal::new(config),
            notices: RwSignal::new(notices),
            datasets: RwSignal::new(crate::data::KNOWN.iter().map(|s| s.to_string()).collect()),
            shortcuts_open: RwSignal::new(false),
            rules_text: RwSignal::new(rules_text),
            options: RwSignal::new(page_options(&hash)),
        },
    };
    summaries::start(ui);
    leptos::task::spawn_local(async move {
        let stored = store::load().await;
        summaries::replaced(protocol::Start::Database);
        // Runs whose status the load changed (interrupted, running elsewhere) are sent again.
        stored
            .records
            .iter()
            .filter(|r| matches!(r.status, RunStatus::Interrupted | RunStatus::Elsewhere))
            .for_each(|r| summaries::changed(r.id));
        ui.page.notices.update(|n| n.extend(stored.notices));
        ui.work.set_aside.update(|s| s.extend(stored.set_aside));
        ui.work.current.set(stored.records.last().map(|r| r.id));
        ui.work.records.set(stored.records);
        ui.work.queue.set(stored.queue);
        tabs::listen(ui);
        run::persist(ui);
        store::ask_persistent().await;
        list_datasets(ui).await;
        backend::detect(ui.run, ui.page.config.with_untracked(|c| c.force_cpu)).await;
        run::grow_now(ui, Some(recorded));
        trainer::warm_up();
    });
    ui
}

/// Reads data/index.json into the dataset list (keeps the built-in list when it is missing)
/// and says so when the link names a dataset this site does not offer.
async fn list_datasets(ui: Ui) {
    match fetch::list_datasets().await {
        Ok(names) if !names.is_empty() => ui.page.datasets.set(names),
        Ok(_) => {}
        Err(fetch::FetchError::Http { status: 404, .. }) => {}
        Err(e) => ui.page.notices.update(|n| n.push(e.to_string())),
    }
    let (chosen, offered) = (
        ui.page.config.with_untracked(|c| c.dataset.clone()),
        ui.page.datasets.get_untracked(),
    );
    if !offered.contains(&chosen) {
        ui.page.notices.update(|n| {
            n.push(format!(
                "`data={chosen}` is not a dataset this site offers ({}); choose one in the run configuration",
                offered.join(", ")
            ))
        });
    }
}

/// Writes configuration, provenance and a results summary into the fragment (replaceState).
pub fn write_fragment(ui: Ui) {
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("#{}", share::fragment(ui))),
            );
        }
    }
}

/// What the page would record for a link now (for `Provenance::differences`).
pub fn provenance_now(ui: Ui) -> (String, String, String) {
    (
        crate::experiment::APP_VERSION.to_string(),
        ui.run.backend.get_untracked().key.name().to_string(),
        ui.explore.fingerprint.get_untracked().unwrap_or_default(),
    )
}
