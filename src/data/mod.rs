//! Datasets as plain values: images as u8 pixels with labels, read from IDX files (MNIST,
//! Fashion-MNIST), CIFAR-10 binary batches or the prepared `public/data/<name>/` layout.

pub mod batch;
mod error;
pub mod idx;
pub mod manifest;
pub mod pack;

pub use batch::{batch_order, Batch};
pub use error::DataError;
pub use manifest::Manifest;

/// A labelled image set: `pixels` holds `len * dims` bytes, channel-major per image.
#[derive(Clone, Debug)]
pub struct Split {
    pub pixels: Vec<u8>,
    pub labels: Vec<u8>,
    /// Values per image (784 for 28×28 grey, 3072 for 32×32 RGB).
    pub dims: usize,
}

impl Split {
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    pub fn image(&self, i: usize) -> &[u8] {
        &self.pixels[i * self.dims..(i + 1) * self.dims]
    }

    /// The first `n` images (all when n ≥ len).
    pub fn truncate(mut self, n: usize) -> Split {
        let n = n.min(self.len());
        self.labels.truncate(n);
        self.pixels.truncate(n * self.dims);
        self
    }

    pub fn label_counts(&self, classes: usize) -> Vec<usize> {
        let mut c = vec![0; classes];
        for &l in &self.labels {
            if (l as usize) < classes {
                c[l as usize] += 1;
            }
        }
        c
    }
}

#[derive(Clone, Debug)]
pub struct Dataset {
    pub manifest: Manifest,
    pub train: Split,
    pub test: Split,
}

/// Datasets the app and CLI know by name.
pub const KNOWN: [&str; 3] = ["mnist", "fashion-mnist", "cifar10"];

/// A name the page and CLI accept for a prepared dataset (a folder under public/data).
pub fn is_dataset_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The prepared layout (written by `devcircuit data`): raw u8 pixels and labels per split.
pub fn split_from_bytes(images: Vec<u8>, labels: Vec<u8>, dims: usize, what: &str) -> Result<Split, DataError> {
    if dims == 0 || images.len() != labels.len() * dims {
        let why = format!(
            "{} image bytes do not match {} labels of {dims} values",
            images.len(),
            labels.len()
        );
        return Err(DataError::malformed(what, why));
    }
    Ok(Split {
        pixels: images,
        labels,
        dims,
    })
}

#[cfg(not(target_arch = "wasm32"))]
pub mod fs {
    //! Native loading of a prepared dataset directory.
    use super::*;
    use std::path::{Path, PathBuf};

    /// Where prepared datasets live: $DEVCIRCUIT_DATA or public/data under the crate root.
    pub fn data_root() -> PathBuf {
        std::env::var_os("DEVCIRCUIT_DATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("public/data"))
    }

    fn read(path: &Path, name: &str) -> Result<Vec<u8>, DataError> {
        std::fs::read(path).map_err(|e| DataError::NotPrepared {
            name: name.into(),
            path: path.display().to_string(),
            why: e.to_string(),
        })
    }

    pub fn load(name: &str) -> Result<Dataset, DataError> {
        let dir = data_root().join(name);
        let path = dir.join("manifest.json");
        let manifest: Manifest = serde_json::from_slice(&read(&path, name)?)
            .map_err(|e| DataError::malformed(&path.display().to_string(), e.to_string()))?;
        let dims = manifest.dims();
        let split = |s: &str| -> Result<Split, DataError> {
            let images = read(&dir.join(format!("{s}-images.u8")), name)?;
            let labels = read(&dir.join(format!("{s}-labels.u8")), name)?;
            split_from_bytes(images, labels, dims, &format!("{}/{s}", dir.display()))
        };
        Ok(Dataset {
            train: split("train")?,
            test: split("test")?,
            manifest,
        })
    }
}
