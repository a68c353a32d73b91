//! The workspace in localStorage: every run and the queue survive a reload; a run that was
//! training when the page went away comes back marked interrupted, its history kept.

use crate::experiment::results::{RunRecord, RunStatus};
use crate::experiment::Config;

const RECORDS: &str = "devcircuit.v1.records";
const QUEUE: &str = "devcircuit.v1.queue";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// What the last visit left behind, with notices about what was recovered.
pub struct Stored {
    pub records: Vec<RunRecord>,
    pub queue: Vec<Config>,
    pub notices: Vec<String>,
}

/// Keeps unreadable stored text under `KEY.broken`; says where it is, or that it could not be kept.
fn keep(s: &web_sys::Storage, key: &str, text: &str) -> String {
    match s.set_item(&format!("{key}.broken"), text) {
        Ok(()) => format!("the stored text was kept in localStorage under `{key}.broken`."),
        Err(e) => format!(
            "and the stored text could not be kept either ({}): it is lost at the next save.",
            e.as_string().unwrap_or_else(|| "storage refused it".into())
        ),
    }
}

pub fn load() -> Stored {
    let mut out = Stored {
        records: vec![],
        queue: vec![],
        notices: vec![],
    };
    let Some(s) = storage() else {
        out.notices
            .push("This browser offers no localStorage: results will not survive a reload.".into());
        return out;
    };
    if let Some(text) = s.get_item(RECORDS).ok().flatten() {
        let (records, notices) = crate::experiment::results::read_stored(&text);
        let damaged = records.len() < text.matches("\"config\"").count()
            || (records.is_empty() && !text.is_empty() && text != "[]");
        let kept = if damaged {
            keep(&s, RECORDS, &text)
        } else {
            String::new()
        };
        out.notices.extend(
            notices
                .into_iter()
                .map(|n| if kept.is_empty() { n } else { format!("{n}; {kept}") }),
        );
        out.records = records;
    }
    let interrupted = out
        .records
        .iter_mut()
        .filter(|r| r.status == RunStatus::Running)
        .map(|r| r.status = RunStatus::Interrupted)
        .count();
    if interrupted > 0 {
        out.notices.push(format!(
            "{interrupted} run(s) were interrupted by a reload; their history so far is kept and marked interrupted."
        ));
    }
    match s
        .get_item(QUEUE)
        .ok()
        .flatten()
        .map(|t| serde_json::from_str::<Vec<Config>>(&t))
    {
        Some(Ok(q)) => {
            if !q.is_empty() {
                out.notices.push(format!(
                    "{} queued run(s) were restored; press \"Resume queue\" to run them.",
                    q.len()
                ));
            }
            out.queue = q;
        }
        Some(Err(e)) => {
            let text = s.get_item(QUEUE).ok().flatten().unwrap_or_default();
            out.notices.push(format!(
                "The saved queue could not be read ({e}); the results are unaffected, {}",
                keep(&s, QUEUE, &text)
            ))
        }
        None => {}
    }
    out
}

/// Saves runs and queue; a full storage is reported, never silently ignored.
pub fn save(records: &[RunRecord], queue: &[Config]) -> Result<(), String> {
    let s = storage().ok_or("no localStorage")?;
    let text = serde_json::to_string(records).map_err(|e| e.to_string())?;
    s.set_item(RECORDS, &text).map_err(|_| {
        format!(
            "localStorage is full ({} kB of results); export them and clear old runs",
            text.len() / 1000
        )
    })?;
    s.set_item(QUEUE, &serde_json::to_string(queue).map_err(|e| e.to_string())?)
        .map_err(|_| "localStorage is full".to_string())
}
