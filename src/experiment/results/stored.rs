//! Stored runs read back one by one and checked as a typed setting is: what fails is set aside
//! with its reason and its text as found (listed and exportable), never dropped or defaulted.

use super::RunRecord;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A stored run that could not be read: where it was, which entry, why, and its text unchanged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetAside {
    pub from: String,
    /// `run 3`, or `entry 7` when not even its id could be read.
    pub what: String,
    pub why: String,
    pub text: String,
}

/// Stored runs as one JSON array (localStorage, an older version's too): see `read_each`.
pub fn read_stored(text: &str) -> (Vec<RunRecord>, Vec<String>) {
    match serde_json::from_str::<Vec<Value>>(text) {
        Ok(values) => {
            let (read, notices) = read_each(values.iter().map(|v| (v.to_string(), ())));
            (read.into_iter().map(|r| r.0).collect(), notices)
        }
        Err(e) => (vec![], vec![format!("Stored results could not be read ({e})")]),
    }
}

/// Stored runs, one JSON text each with something that goes with it, read on their own (see
/// `Reader`): the readable records with theirs, and one notice per kind of problem.
pub fn read_each<S: AsRef<str>, T>(texts: impl IntoIterator<Item = (S, T)>) -> (Vec<(RunRecord, T)>, Vec<String>) {
    let mut reader = Reader::default();
    let records = reader.read_all(texts);
    (records, reader.notices())
}

/// Reads stored runs one at a time (in as many steps as the caller likes), counting what it
/// met: a record of the former `trainable` topology is migrated to `developmental` +
/// `train=all`, one that fails its checks is set aside.
#[derive(Default)]
pub struct Reader {
    /// Where the runs come from, as a person would name it.
    from: String,
    seen: usize,
    migrated: usize,
    pub set_aside: Vec<SetAside>,
}

impl Reader {
    pub fn new(from: &str) -> Reader {
        Reader {
            from: from.into(),
            ..Reader::default()
        }
    }

    pub fn read_all<S: AsRef<str>, T>(&mut self, texts: impl IntoIterator<Item = (S, T)>) -> Vec<(RunRecord, T)> {
        let mut records = vec![];
        for (text, with) in texts {
            self.seen += 1;
            match read_one(text.as_ref()) {
                Ok((r, was_trainable)) => {
                    self.migrated += usize::from(was_trainable);
                    records.push((r, with))
                }
                Err(why) => self.set_aside.push(SetAside {
                    from: self.from.clone(),
                    what: which(text.as_ref(), self.seen),
                    why,
                    text: text.as_ref().into(),
                }),
            }
        }
        records
    }

    /// One notice per kind of problem met so far.
    pub fn notices(&self) -> Vec<String> {
        let mut notices = vec![];
        if self.migrated > 0 {
            notices.push(format!(
                "{} stored run(s) of the former `trainable` topology are now shown as developmental with \
                train=all (W_rec trained)",
                self.migrated
            ));
        }
        if let Some(first) = self.set_aside.first() {
            notices.push(format!(
                "{} stored run(s) could not be read and are set aside, not shown ({}: {}); they are listed \
                under Set aside, where they can be exported as found",
                self.set_aside.len(),
                first.what,
                first.why
            ));
        }
        notices
    }
}

/// How a person finds an entry: its run id where that much reads, else its place.
fn which(text: &str, place: usize) -> String {
    match serde_json::from_str::<Value>(text).ok().and_then(|v| v["id"].as_u64()) {
        Some(id) => format!("run {id}"),
        None => format!("entry {place}"),
    }
}

/// One stored run, checked, and whether it was of the former `trainable` topology.
fn read_one(text: &str) -> Result<(RunRecord, bool), String> {
    let r: RunRecord = serde_json::from_str(text).map_err(|e| e.to_string())?;
    r.check()?;
    Ok((r, text.contains("\"topology\":\"trainable\"")))
}
