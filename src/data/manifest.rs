//! Dataset manifest: shape, classes, counts, bytes and sha256 of each prepared file.

use super::pack::Packed;
use serde::{Deserialize, Serialize};

/// One prepared file; `bytes` and `sha256` describe it decoded, `packed` its gzip'd twin
/// that the page downloads (absent in manifests written before compression).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packed: Option<Packed>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub name: String,
    /// [channels, height, width]
    pub shape: [usize; 3],
    pub classes: Vec<String>,
    pub train_count: usize,
    pub test_count: usize,
    pub train_label_counts: Vec<usize>,
    pub test_label_counts: Vec<usize>,
    pub source: String,
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// Values per image; a shape too large to count saturates (no data length matches it).
    pub fn dims(&self) -> usize {
        self.shape
            .iter()
            .try_fold(1usize, |a, &d| a.checked_mul(d))
            .unwrap_or(usize::MAX)
    }
}
