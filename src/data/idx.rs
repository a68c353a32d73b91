//! IDX reader (MNIST, Fashion-MNIST; optionally gzip is handled by the caller) and CIFAR-10
//! binary batches (label byte + 1024 R + 1024 G + 1024 B per record).

use super::DataError;

/// Parses an IDX file of u8 values: returns (dimensions, data).
pub fn parse_idx(bytes: &[u8], what: &str) -> Result<(Vec<usize>, Vec<u8>), DataError> {
    if bytes.len() < 4 || bytes[0] != 0 || bytes[1] != 0 {
        return Err(DataError::malformed(what, "not an IDX file (bad magic number)"));
    }
    if bytes[2] != 0x08 {
        let why = format!("IDX element type 0x{:02x} is not unsigned byte (0x08)", bytes[2]);
        return Err(DataError::malformed(what, why));
    }
    let ndim = bytes[3] as usize;
    let header = 4 + 4 * ndim;
    if bytes.len() < header {
        return Err(DataError::malformed(what, "IDX header truncated"));
    }
    let dims: Vec<usize> = (0..ndim)
        .map(|k| u32::from_be_bytes([bytes[4 + 4 * k], bytes[5 + 4 * k], bytes[6 + 4 * k], bytes[7 + 4 * k]]) as usize)
        .collect();
    // A corrupt header can declare more values than any file holds: no overflow, a refusal.
    let total = dims
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| {
            DataError::malformed(
                what,
                format!("IDX dimensions {dims:?} declare more values than a file can hold"),
            )
        })?;
    if bytes.len() != header + total {
        let why = format!("IDX declares {total} values but holds {}", bytes.len() - header);
        return Err(DataError::malformed(what, why));
    }
    Ok((dims, bytes[header..].to_vec()))
}

/// Reads CIFAR-10 binary batches: returns (channel-major pixels, labels).
pub fn parse_cifar_bin(bytes: &[u8], what: &str) -> Result<(Vec<u8>, Vec<u8>), DataError> {
    const RECORD: usize = 3073;
    if bytes.is_empty() || !bytes.len().is_multiple_of(RECORD) {
        let why = format!(
            "{} bytes is not a whole number of 3073-byte CIFAR-10 records",
            bytes.len()
        );
        return Err(DataError::malformed(what, why));
    }
    let mut pixels = Vec::with_capacity(bytes.len() / RECORD * 3072);
    let mut labels = Vec::with_capacity(bytes.len() / RECORD);
    for (k, rec) in bytes.chunks(RECORD).enumerate() {
        if rec[0] > 9 {
            return Err(DataError::malformed(
                what,
                format!("record {k} has label {} (expected 0-9)", rec[0]),
            ));
        }
        labels.push(rec[0]);
        pixels.extend_from_slice(&rec[1..]);
    }
    Ok((pixels, labels))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idx_header_and_errors() {
        let mut f = vec![0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2];
        f.extend([1, 2, 3, 4]);
        assert_eq!(parse_idx(&f, "t").unwrap(), (vec![2, 1, 2], vec![1, 2, 3, 4]));
        assert!(parse_idx(&f[..18], "t")
            .unwrap_err()
            .to_string()
            .contains("declares 4 values but holds 2"));
        assert!(parse_idx(&[1, 2, 3, 4], "t")
            .unwrap_err()
            .to_string()
            .contains("bad magic"));
        let rec: Vec<u8> = std::iter::once(3).chain(std::iter::repeat_n(7, 3072)).collect();
        assert_eq!(parse_cifar_bin(&rec, "c").unwrap().1, vec![3]);
        assert!(parse_cifar_bin(&rec[..100], "c").is_err());
    }
}
