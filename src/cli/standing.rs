//! What a collected sweep's records say of its standing (preregistered in a commit before its
//! first run, exploratory, or with no recorded order) and, per condition, what its verdicts set apart.

use crate::experiment::prereg::{Preregistration, Standing};
use crate::experiment::results::{condition_labels, record_metric, RunRecord};
use serde_json::{json, Value};

/// A Unix time as an ISO 8601 UTC date and time, to the second.
pub fn iso_utc(unix: f64) -> String {
    let secs = unix.floor() as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The sentence that opens a summary: where its verdicts stand and why.
pub fn sentence(prereg: Option<&Preregistration>, first_run: Option<f64>) -> String {
    let first = first_run.map_or("its first run's time is not recorded".to_string(), |t| {
        format!("first run at {}", iso_utc(t))
    });
    match prereg.map(Preregistration::standing) {
        None => "Not preregistered: the plan states no analysis.".into(),
        Some(Standing::Pilot) => String::new(),
        Some(Standing::Exploratory) => format!(
            "**Exploratory**: planned with --exploratory{}; {first}.",
            match prereg.and_then(|p| p.origin.as_ref()) {
                Some(o) => format!(" from `{}` at commit {}", o.path, short(&o.commit)),
                None => " from a plan not committed".into(),
            }
        ),
        Some(Standing::Preregistered(o)) => format!(
            "Preregistered in commit {} ({}; `{}`, blob {}); {first}.",
            short(&o.commit),
            o.date,
            o.path,
            short(&o.blob)
        ),
        Some(Standing::Unrecorded) => format!(
            "**Order not shown**: the plan records no commit (planned before plans recorded one), so these verdicts \
            cannot be shown to precede their runs; {first}."
        ),
    }
}

/// The standing as one word, for summary.json: preregistered, exploratory, unrecorded, pilot
/// or none.
pub fn key(prereg: Option<&Preregistration>) -> &'static str {
    match prereg.map(Preregistration::standing) {
        None => "none",
        Some(Standing::Pilot) => "pilot",
        Some(Standing::Exploratory) => "exploratory",
        Some(Standing::Preregistered(_)) => "preregistered",
        Some(Standing::Unrecorded) => "unrecorded",
    }
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

/// Per condition (in the order the summary lists them): runs that are not echo-state, and the
/// mean metric per neuron over runs that record their neuron count.
pub fn per_condition(records: &[RunRecord]) -> Vec<(String, usize, Option<f64>)> {
    let mut out: Vec<(String, usize, f64, usize)> = vec![];
    for (r, l) in records.iter().zip(condition_labels(records)) {
        let Some(m) = record_metric(r) else { continue };
        let k = match out.iter().position(|c| c.0 == l) {
            Some(k) => k,
            None => {
                out.push((l, 0, 0.0, 0));
                out.len() - 1
            }
        };
        if let Some(t) = &r.task {
            out[k].1 += usize::from(!t.echo_state);
            if t.neurons > 0 {
                out[k].2 += m / t.neurons as f64;
                out[k].3 += 1;
            }
        }
    }
    out.into_iter()
        .map(|(l, e, sum, n)| (l, e, (n > 0).then(|| sum / n as f64)))
        .collect()
}

/// The conditions of a summary with `not_echo_state` and `mean_per_neuron` added.
pub fn annotate(conditions: &mut [Value], records: &[RunRecord]) {
    let extra = per_condition(records);
    for c in conditions {
        if let Some(x) = extra.iter().find(|x| c["condition"] == x.0.as_str()) {
            c["not_echo_state"] = json!(x.1);
            c["mean_per_neuron"] = json!(x.2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_read_as_the_calendar_does() {
        // date -u -d @0, @951782400 (a leap day), @1796601600
        assert_eq!(iso_utc(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400.0), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(1_796_601_600.5), "2026-12-07T00:00:00Z");
        assert_eq!(iso_utc(1_796_650_245.0), "2026-12-07T13:30:45Z");
    }
}
