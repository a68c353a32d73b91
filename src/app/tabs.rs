//! The other tabs of this site: each change of the workspace is announced on a BroadcastChannel,
//! and what another tab announces is read back from IndexedDB and shown here within a moment.

use super::{store, Ui};
use crate::experiment::results::{RunRecord, RunStatus};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent};

const CHANNEL: &str = "devcircuit.workspace";

/// What changed in the workspace.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    Runs { ids: Vec<u64> },
    Queue,
    Cleared,
}

thread_local! {
    static OPEN: RefCell<Option<BroadcastChannel>> = const { RefCell::new(None) };
}

fn channel() -> Option<BroadcastChannel> {
    OPEN.with(|c| {
        if c.borrow().is_none() {
            *c.borrow_mut() = BroadcastChannel::new(CHANNEL).ok();
        }
        c.borrow().clone()
    })
}

/// Tells the other tabs (never this one) what changed.
pub fn announce(change: &Change) {
    if let (Some(c), Ok(text)) = (channel(), serde_json::to_string(change)) {
        let _ = c.post_message(&text.into());
    }
}

/// Shows here what other tabs change.
pub fn listen(ui: Ui) {
    let Some(c) = channel() else { return };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let Some(change) = e
            .data()
            .as_string()
            .and_then(|t| serde_json::from_str::<Change>(&t).ok())
        else {
            return;
        };
        leptos::task::spawn_local(apply(ui, change));
    });
    c.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

async fn apply(ui: Ui, change: Change) {
    use leptos::prelude::*;
    let result = match change {
        Change::Runs { ids } => store::read(&ids).await.map(|rs| upsert(ui, rs)),
        Change::Queue => store::read_queue().await.map(|q| ui.work.queue.set(q)),
        // Another tab cleared the workspace: keep only what this tab is training.
        Change::Cleared => {
            ui.work.records.update(|rs| {
                rs.retain(|r| r.status == RunStatus::Running);
                // The summary worker starts again from the runs kept.
                super::summaries::replaced(super::protocol::Start::Empty);
                rs.iter().for_each(|r| super::summaries::changed(r.id));
            });
            Ok(())
        }
    };
    if let Err(e) = result {
        ui.page
            .notices
            .update(|n| n.push(format!("A change made in another tab could not be read: {e}")));
    }
}

/// Puts runs another tab wrote into this tab's list (a run it trains shows as running there).
fn upsert(ui: Ui, runs: Vec<RunRecord>) {
    use leptos::prelude::*;
    ui.work.records.update(|rs| {
        for mut r in runs {
            super::summaries::changed(r.id);
            if r.status == RunStatus::Running {
                r.status = RunStatus::Elsewhere;
            }
            match rs.iter_mut().find(|x| x.id == r.id) {
                Some(x) => *x = r,
                None => rs.push(r),
            }
        }
        rs.sort_by_key(|r| r.id);
    });
}
