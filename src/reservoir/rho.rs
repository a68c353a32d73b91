//! Spectral-radius lists for sweeps: one value (`0.9`), a list (`0.1,0.9`) or a range
//! (`0.1:2.0:0.1`, end included); every value positive, finite and at most `RHO_MAX`.

pub const RHO_MAX: f64 = 10.0;
pub const MAX_VALUES: usize = 200;

fn value(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= RHO_MAX => Ok(v),
        Ok(v) => Err(format!(
            "ρ = {v} is outside (0, {RHO_MAX}]: a spectral radius must be positive"
        )),
        Err(_) => Err(format!("`{}` is not a number", s.trim())),
    }
}

/// Parses a ρ list or range; errors name the offending part.
pub fn parse_rhos(text: &str) -> Result<Vec<f64>, String> {
    let parts: Vec<&str> = text.split(':').collect();
    let values = match parts.as_slice() {
        [start, end, step] => {
            let (a, b, s) = (
                value(start)?,
                value(end)?,
                step.trim()
                    .parse::<f64>()
                    .map_err(|_| format!("step `{}` is not a number", step.trim()))?,
            );
            if !(s.is_finite() && s > 0.0) {
                return Err(format!("step {s} must be positive"));
            }
            if b < a {
                return Err(format!("range {a}:{b} runs backwards"));
            }
            let count = libm::floor((b - a) / s + 1e-9) as usize + 1;
            if count > MAX_VALUES {
                return Err(format!("{count} values; at most {MAX_VALUES}"));
            }
            (0..count)
                .map(|i| libm::round((a + i as f64 * s) * 1e9) / 1e9)
                .collect()
        }
        [list] => list.split(',').map(value).collect::<Result<Vec<_>, _>>()?,
        _ => {
            return Err(format!(
                "`{text}` is neither a value, a list (0.1,0.9) nor a range (start:end:step)"
            ))
        }
    };
    if values.is_empty() || values.len() > MAX_VALUES {
        return Err(format!("give 1 to {MAX_VALUES} values of ρ"));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_lists_and_ranges_and_their_refusals() {
        assert_eq!(parse_rhos("0.9").unwrap(), vec![0.9]);
        assert_eq!(parse_rhos("0.1, 0.9").unwrap(), vec![0.1, 0.9]);
        let r = parse_rhos("0.1:2.0:0.1").unwrap();
        assert_eq!(r.len(), 20);
        assert_eq!((r[2], r[19]), (0.3, 2.0));
        for bad in [
            "nan",
            "0",
            "-1",
            "0.1:0.5:0",
            "1:0.5:0.1",
            "inf",
            "",
            "1:2",
            "0.001:10:0.0001",
        ] {
            assert!(parse_rhos(bad).is_err(), "{bad}");
        }
    }
}
