//! Where a plan file stands in git: the commit that last changed it, its date and the file's
//! blob, so a preregistration shows it was fixed before any run; refusals say what is missing.

use crate::experiment::prereg::PlanOrigin;
use std::path::Path;
use std::process::Command;

/// `git -C dir ARGS` → its standard output, trimmed, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git ({e})"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err.lines().next().unwrap_or("git failed").to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The plan file's commit and blob; an error says why the file cannot be shown committed:
/// outside a repository, never committed, or changed since its last commit.
pub fn origin(path: &str) -> Result<PlanOrigin, String> {
    let file = std::fs::canonicalize(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let dir = file.parent().unwrap_or(Path::new("."));
    let top =
        git(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| format!("{path} is not in a git repository ({e})"))?;
    let top = std::fs::canonicalize(&top).map_err(|e| format!("{top}: {e}"))?;
    let rel = file
        .strip_prefix(&top)
        .map_err(|_| format!("{path} is outside the repository {}", top.display()))?
        .to_string_lossy()
        .replace('\\', "/");
    let status = git(&top, &["status", "--porcelain", "--", &rel])?;
    if !status.is_empty() {
        let what = if status.starts_with("??") {
            "not committed"
        } else {
            "changed since its last commit"
        };
        return Err(format!("{path} is {what}"));
    }
    let last = git(&top, &["log", "-1", "--format=%H %cI", "--", &rel])?;
    let (commit, date) = last.split_once(' ').ok_or(format!("{path} is not committed"))?;
    let blob = git(&top, &["rev-parse", &format!("HEAD:{rel}")])?;
    Ok(PlanOrigin {
        path: rel,
        commit: commit.into(),
        date: date.into(),
        blob,
    })
}
