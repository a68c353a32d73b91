//! Files the CLI writes so that a kill never leaves half of one: a temporary file in the same
//! folder, named by the process, then a rename over the target.

use std::path::Path;

/// Writes `text` to `path` atomically (concurrent processes each use their own temporary file).
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let name = path
        .file_name()
        .map_or("out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot move {} into place: {e}", tmp.display()))
}
