//! A whole workspace as one file (runs, queue, the page's settings) and how an imported one
//! joins the runs already here: nothing is overwritten; a clash of ids keeps both runs.

use super::{Reader, RunRecord, SetAside};
use crate::experiment::Config;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const FORMAT: &str = "devcircuit-workspace";
/// The file's name as the page writes it (and names it in what it could not read).
pub const NAME: &str = "devcircuit-workspace.json";

/// What `Export workspace` writes and `Import workspace` reads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceFile {
    pub format: String,
    pub version: u32,
    pub runs: Vec<RunRecord>,
    pub queue: Vec<Config>,
    /// The page's configuration when it was exported (None: it failed its checks).
    pub settings: Option<Config>,
    /// What the file holds that could not be read (runs, queue entries, settings), with why.
    #[serde(skip)]
    pub set_aside: Vec<SetAside>,
}

impl WorkspaceFile {
    pub fn new(runs: Vec<RunRecord>, queue: Vec<Config>, settings: Config) -> WorkspaceFile {
        WorkspaceFile {
            format: FORMAT.into(),
            version: 1,
            runs,
            queue,
            settings: Some(settings),
            set_aside: vec![],
        }
    }

    /// Reads a workspace file, or says why it is not one.
    pub fn read(text: &str) -> Result<WorkspaceFile, String> {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
        if v["format"] != FORMAT {
            return Err(format!("not a devcircuit workspace (its `format` is not \"{FORMAT}\")"));
        }
        if v["version"] != 1 {
            return Err(format!("workspace version {} is not 1", v["version"]));
        }
        let list = |k: &str| match &v[k] {
            Value::Array(a) => Ok(a.clone()),
            other => Err(format!("its `{k}` is not a list ({other})")),
        };
        let mut reader = Reader::new(NAME);
        let runs = reader.read_all(list("runs")?.iter().map(|r| (r.to_string(), ())));
        let mut set_aside = reader.set_aside;
        let mut config = |what: String, c: &Value| match Config::read_value(c) {
            Ok(c) => Some(c),
            Err(why) => {
                set_aside.push(SetAside {
                    from: NAME.into(),
                    what,
                    why,
                    text: c.to_string(),
                });
                None
            }
        };
        let queue = list("queue")?
            .iter()
            .enumerate()
            .filter_map(|(k, c)| config(format!("queue entry {}", k + 1), c))
            .collect();
        let settings = config("its settings".into(), &v["settings"]);
        Ok(WorkspaceFile {
            format: FORMAT.into(),
            version: 1,
            runs: runs.into_iter().map(|r| r.0).collect(),
            queue,
            settings,
            set_aside,
        })
    }
}

/// The imported runs to add, and what happened to the others.
#[derive(Debug, PartialEq)]
pub struct Merged {
    pub added: Vec<RunRecord>,
    /// Imported runs equal to a run already here (same content, any id): not added again.
    pub already_here: usize,
    /// (id in the file, id here) of runs whose id a different run here already had.
    pub renumbered: Vec<(u64, u64)>,
}

impl Merged {
    /// What the import did, in one line.
    pub fn summary(&self) -> String {
        let mut s = format!("Imported {} run(s)", self.added.len());
        if self.already_here > 0 {
            s.push_str(&format!(
                "; {} were already here and were not added again",
                self.already_here
            ));
        }
        if !self.renumbered.is_empty() {
            let moves: Vec<String> = self.renumbered.iter().map(|(a, b)| format!("{a} → {b}")).collect();
            s.push_str(&format!(
                "; {} had the id of a different run here, so both are kept and the imported one is renumbered ({})",
                self.renumbered.len(),
                moves.join(", ")
            ));
        }
        s + "."
    }
}

/// A run's content without its id (what makes two runs the same run), numbers to 12 digits:
/// a float read back from JSON text may differ from the one written in its last bit.
fn content(r: &RunRecord) -> String {
    fn digits(v: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match v {
            Value::Number(n) if n.is_f64() => Value::String(format!("{:.11e}", n.as_f64().unwrap_or(0.0))),
            Value::Array(a) => Value::Array(a.into_iter().map(digits).collect()),
            Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, digits(v))).collect()),
            v => v,
        }
    }
    serde_json::to_value(RunRecord { id: 0, ..r.clone() }).map_or(String::new(), |v| digits(v).to_string())
}

/// Joins `incoming` to `here`: a run already here is skipped, a free id is kept, a taken id is
/// replaced by the next id from `next_free` on.
pub fn merge(here: &[RunRecord], incoming: Vec<RunRecord>, next_free: u64) -> Merged {
    let mut known: std::collections::HashSet<String> = here.iter().map(content).collect();
    let mut taken: std::collections::HashSet<u64> = here.iter().map(|r| r.id).collect();
    let mut next = next_free.max(here.iter().map(|r| r.id + 1).max().unwrap_or(1));
    let mut out = Merged {
        added: vec![],
        already_here: 0,
        renumbered: vec![],
    };
    for r in incoming {
        if !known.insert(content(&r)) {
            out.already_here += 1;
            continue;
        }
        let mut r = r;
        if !taken.insert(r.id) {
            while taken.contains(&next) {
                next += 1;
            }
            out.renumbered.push((r.id, next));
            r.id = next;
            taken.insert(next);
        }
        out.added.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(id: u64, seed: u64) -> RunRecord {
        let cfg = Config {
            seed,
            ..Config::default()
        };
        RunRecord::new(id, cfg, "test", "cpu")
    }

    #[test]
    fn an_import_never_overwrites_keeps_both_on_a_clash_and_skips_what_is_here() {
        let here = vec![run(1, 1), run(2, 2)];
        // The same runs, one under another id, a new run on a taken id and one on a free id.
        let incoming = vec![run(1, 1), run(9, 2), run(2, 7), run(5, 8)];
        let m = merge(&here, incoming, 3);
        assert_eq!(m.already_here, 2);
        assert_eq!(m.renumbered, vec![(2, 3)]);
        let ids: Vec<(u64, u64)> = m.added.iter().map(|r| (r.id, r.config.seed)).collect();
        assert_eq!(ids, vec![(3, 7), (5, 8)]);
        assert!(
            m.summary().contains("2 were already here") && m.summary().contains("2 → 3"),
            "{}",
            m.summary()
        );
        // Importing the result again adds nothing.
        let mut all = here.clone();
        all.extend(m.added);
        assert!(merge(&all, all.clone(), 10).added.is_empty());
    }

    #[test]
    fn a_workspace_file_round_trips_and_other_files_are_refused_with_the_reason() {
        let f = WorkspaceFile::new(vec![run(1, 1)], vec![Config::default()], Config::default());
        assert_eq!(WorkspaceFile::read(&serde_json::to_string(&f).unwrap()).unwrap(), f);
        assert!(WorkspaceFile::read("[1]")
            .unwrap_err()
            .contains("not a devcircuit workspace"));
        assert!(WorkspaceFile::read("{").unwrap_err().starts_with("not JSON"));
        let v2 = serde_json::to_string(&f)
            .unwrap()
            .replace("\"version\":1", "\"version\":2");
        assert!(WorkspaceFile::read(&v2).unwrap_err().contains("version 2 is not 1"));
    }

    /// The file: a run whose confusion matrix has one row for ten classes opened the
    /// page's panic; a run of batch size 0 reached `chunks(0)`. Both are set aside with why.
    #[test]
    fn a_workspace_file_with_bad_runs_imports_the_good_ones_and_sets_the_bad_aside() {
        let mut bad = run(2, 2);
        bad.classes = (0..10).map(|c| c.to_string()).collect();
        bad.confusion = vec![1; 10];
        let f = WorkspaceFile::new(vec![run(1, 1), bad], vec![Config::default()], Config::default());
        let mut v = serde_json::to_value(&f).unwrap();
        v["runs"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::to_value(run(3, 3)).unwrap());
        v["runs"][2]["config"]["batch"] = 0.into();
        v["queue"][0]["lr"] = "fast".into();
        v["settings"]["sigma"] = (-1).into();
        let read = WorkspaceFile::read(&v.to_string()).unwrap();
        assert_eq!(read.runs, vec![run(1, 1)]);
        assert!(read.queue.is_empty() && read.settings.is_none());
        let why: Vec<(&str, &str)> = read
            .set_aside
            .iter()
            .map(|s| (s.what.as_str(), s.why.as_str()))
            .collect();
        assert_eq!(why.len(), 4, "{why:?}");
        assert!(
            why[0].0 == "run 2" && why[0].1.contains("10 entries, not 10 × 10"),
            "{why:?}"
        );
        assert!(why[1].0 == "run 3" && why[1].1.contains("`batch`"), "{why:?}");
        assert!(why[2].0 == "queue entry 1" && why[2].1.contains("`lr`"), "{why:?}");
        assert!(why[3].0 == "its settings" && why[3].1.contains("`sigma`"), "{why:?}");
        let back: RunRecord = serde_json::from_str(&read.set_aside[0].text).unwrap_or_else(|_| run(0, 0));
        assert_eq!(back.confusion.len(), 10, "the text is kept as found");
    }
}
