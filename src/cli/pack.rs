//! Writes and checks the gzip'd copies of prepared files that the page downloads: picks the
//! filter that packs a sample smaller, compresses at level 9, and decodes to verify.

use crate::data::pack::{delta_encode, unfilter, Filter, Packed};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::{Read, Write};
use std::path::Path;

fn gzip(bytes: &[u8], level: u32) -> Result<Vec<u8>, String> {
    let mut enc = GzEncoder::new(Vec::with_capacity(bytes.len() / 2), Compression::new(level));
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    enc.finish().map_err(|e| e.to_string())
}

fn filtered(bytes: &[u8], filter: Filter, shape: [usize; 3]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    if filter == Filter::Delta {
        delta_encode(&mut b, shape);
    }
    b
}

/// The filter under which the first 2 MB of an image file gzip smaller (labels: none).
fn choose(bytes: &[u8], images: bool, shape: [usize; 3]) -> Result<Filter, String> {
    if !images {
        return Ok(Filter::None);
    }
    let dims: usize = shape.iter().product::<usize>().max(1);
    let sample = &bytes[..bytes.len().min((2 << 20) / dims * dims)];
    let plain = gzip(sample, 6)?.len();
    let delta = gzip(&filtered(sample, Filter::Delta, shape), 6)?.len();
    Ok(if delta < plain { Filter::Delta } else { Filter::None })
}

/// Writes `<name>.gz` beside a prepared file and describes it.
pub fn write(dir: &Path, name: &str, bytes: &[u8], images: bool, shape: [usize; 3]) -> Result<Packed, String> {
    let filter = choose(bytes, images, shape)?;
    let gz = gzip(&filtered(bytes, filter, shape), 9)?;
    let packed = Packed {
        name: format!("{name}.gz"),
        bytes: gz.len() as u64,
        filter,
    };
    let path = dir.join(&packed.name);
    std::fs::write(&path, &gz).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(packed)
}

/// Decodes a packed file as the page does (gunzip, then undo the filter).
pub fn read(dir: &Path, p: &Packed, shape: [usize; 3]) -> Result<Vec<u8>, String> {
    let path = dir.join(&p.name);
    let gz = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if gz.len() as u64 != p.bytes {
        return Err(format!(
            "{}: {} bytes, the manifest says {}",
            path.display(),
            gz.len(),
            p.bytes
        ));
    }
    let mut out = vec![];
    GzDecoder::new(&gz[..])
        .read_to_end(&mut out)
        .map_err(|e| format!("{}: not valid gzip ({e})", path.display()))?;
    unfilter(&mut out, p.filter, shape);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_packed_file_reads_back_to_the_original_bytes_and_smooth_images_choose_delta() {
        let dir = std::env::temp_dir().join(format!("devcircuit-pack-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let shape = [3, 16, 16];
        // Smooth colour images like photographs: each a random level plus a gradient, the
        // channels alike, with a little noise.
        let mut r = crate::rng::Stream::new(1, 0, 0, crate::rng::Purpose::Test);
        let mut img = vec![0u8; 200 * 768];
        for im in img.chunks_mut(768) {
            let level = r.below(128) as usize;
            for (i, v) in im.iter_mut().enumerate() {
                let (c, y, x) = (i / 256, (i / 16) % 16, i % 16);
                *v = (level + 3 * x + 2 * y + 5 * c + r.below(3) as usize) as u8;
            }
        }
        let p = write(&dir, "x.u8", &img, true, shape).unwrap();
        assert_eq!(p.filter, Filter::Delta);
        let plain = gzip(&img, 9).unwrap().len() as u64;
        assert!(p.bytes < plain, "filtered {} bytes, plain gzip {plain}", p.bytes);
        assert_eq!(read(&dir, &p, shape).unwrap(), img);
        let labels: Vec<u8> = (0..1000).map(|i| (i % 10) as u8).collect();
        let q = write(&dir, "y.u8", &labels, false, shape).unwrap();
        assert_eq!((q.filter, read(&dir, &q, shape).unwrap()), (Filter::None, labels));
        std::fs::write(dir.join("y.u8.gz"), b"not gzip at all").unwrap();
        let e = read(&dir, &Packed { bytes: 15, ..q }, shape).unwrap_err();
        assert!(e.contains("y.u8.gz") && e.contains("not valid gzip"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
