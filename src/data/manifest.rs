//! Dataset manifest: shape, classes, counts, bytes and sha256 of each prepared file.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
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
    pub fn dims(&self) -> usize {
        self.shape.iter().product()
    }
}
