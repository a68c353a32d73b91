//! A sweep's preregistration: what it compares against, in which direction, within which
//! margin and over which families, fixed in the plan before any run exists.

use super::config::Task;
use super::results::{family_fields, Analysis, Reference};
use super::stats::Correction;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The analysis a plan commits to, as `sweep plan` writes it into the plan's first line and
/// every result file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Preregistration {
    pub reference: String,
    /// Further references each condition is also paired with (e.g. `plast=none`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
    /// "higher" or "lower": which way the metric is better.
    pub direction: String,
    /// Equivalence margin in the metric's unit.
    pub margin: f64,
    /// How the margin was fixed: "stated in the plan" or the rule and pilot it came from.
    pub margin_source: String,
    /// Condition fields whose values split the comparisons into families (empty: one family).
    #[serde(default)]
    pub family: Vec<String>,
    pub correction: Correction,
    /// How the input draw (W_in and the task signal: init and data seeds) varies.
    pub input_draw: String,
    /// The claim under test, in words (optional).
    #[serde(default)]
    pub hypothesis: String,
    /// A pilot only estimates (e.g. the gaps that fix other plans' margins): no verdicts.
    #[serde(default)]
    pub pilot: bool,
    /// How runs that are not echo-state enter the verdicts (plans before this key: unstated, kept).
    #[serde(default, skip_serializing_if = "EchoHandling::is_unstated")]
    pub echo_state: EchoHandling,
    /// Verdicts on the metric per neuron (each run's metric over its circuit's neuron count),
    /// with the margin in that unit: comparable across tissue scales.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub per_neuron: bool,
    /// Where the plan file stood in git when it was planned (None: planned before plans
    /// recorded it, or planned with `--exploratory` outside a commit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<PlanOrigin>,
    /// Planned with `--exploratory`: its verdicts are exploratory whatever the plan says.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exploratory: bool,
    /// Settings a pilot chose per system (`[tuned]`): conditions pair across those settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tuned: Option<super::tuning::Tuning>,
    /// The search genome every run takes (`genome = "…/best.json"`), in words with its flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genome: Option<String>,
}

/// The commit that last changed a plan file before it was planned, and the file's blob there:
/// the plan's text is fixed in history before any of its runs exists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOrigin {
    /// The plan file's path in the repository.
    pub path: String,
    pub commit: String,
    /// The commit's date (ISO 8601, committer time).
    pub date: String,
    /// The git blob hash of the plan file's text.
    pub blob: String,
}

/// What a plan says of runs whose reservoir is not echo-state (two initial states that do not
/// converge under the same input): kept in the verdicts, or excluded from them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EchoHandling {
    /// The plan does not say (plans written before it had to): kept.
    #[default]
    Unstated,
    Keep,
    Exclude,
}

impl EchoHandling {
    pub fn is_unstated(&self) -> bool {
        *self == EchoHandling::Unstated
    }

    /// True when a run of this echo state enters the verdicts.
    pub fn admits(&self, echo_state: bool) -> bool {
        echo_state || *self != EchoHandling::Exclude
    }

    /// The rule in words, for the summary's preamble.
    pub fn describe(&self) -> &'static str {
        match self {
            EchoHandling::Unstated => "runs that are not echo-state are kept in the verdicts (the plan does not say)",
            EchoHandling::Keep => "runs that are not echo-state are kept in the verdicts (as the plan says)",
            EchoHandling::Exclude => {
                "runs that are not echo-state are excluded from the verdicts with their pairs (as the plan says)"
            }
        }
    }
}

/// Where a sweep's verdicts stand, from what its preregistration records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Standing {
    Pilot,
    /// Planned with `--exploratory`.
    Exploratory,
    /// The plan's commit is recorded: confirmatory once its runs are committed after it.
    Preregistered(PlanOrigin),
    /// A plan from before commits were recorded: its order cannot be shown from the records.
    Unrecorded,
}

impl Preregistration {
    pub fn standing(&self) -> Standing {
        match (&self.origin, self.pilot, self.exploratory) {
            (_, true, _) => Standing::Pilot,
            (_, _, true) => Standing::Exploratory,
            (Some(o), _, _) => Standing::Preregistered(o.clone()),
            (None, _, _) => Standing::Unrecorded,
        }
    }

    /// The analysis it fixes.
    pub fn analysis(&self) -> Result<Analysis, String> {
        Ok(Analysis {
            reference: Reference::parse(&self.reference)?,
            also: self
                .also
                .iter()
                .map(|r| Reference::parse(r))
                .collect::<Result<_, _>>()?,
            margin: Some(self.margin),
            correction: self.correction,
            family_by: self.family.clone(),
            echo_state: self.echo_state,
            per_neuron: self.per_neuron,
            tuned: self.tuned.as_ref().map_or(vec![], |t| t.choose.clone()),
        })
    }
}

/// A margin rule: `fraction` of the gap between the mean metric of topology `gap[1]` and of
/// `gap[0]` in a pilot's per-run table (runs.csv), e.g. 5 % of the none → developmental gap.
pub struct MarginRule {
    pub fraction: f64,
    pub low: String,
    pub high: String,
    pub pilot: String,
}

/// The `[preregistration]` table of a plan, checked against the plan's task and topologies;
/// `margin_of` turns a margin rule into a number. Errors name the key.
pub fn from_table(
    t: &serde_json::Map<String, Value>,
    task: Task,
    topologies: &[String],
    input_draw: String,
    margin_of: &dyn Fn(&MarginRule) -> Result<f64, String>,
) -> Result<Preregistration, String> {
    const KEYS: [&str; 10] = [
        "reference",
        "also",
        "direction",
        "margin",
        "family",
        "correction",
        "hypothesis",
        "pilot",
        "echo_state",
        "per_neuron",
    ];
    if let Some(k) = t.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(format!("unknown key `{k}`; expected one of {}", KEYS.join(", ")));
    }
    let text = |k: &str| t.get(k).and_then(Value::as_str);
    let reference = text("reference").ok_or("`reference` (the topology every condition is paired with) is missing")?;
    let parsed = Reference::parse(reference).map_err(|e| format!("`reference = \"{reference}\"`: {e}"))?;
    if parsed.field == "topology" && !topologies.iter().any(|x| x == reference) {
        return Err(format!(
            "`reference = \"{reference}\"` is not among the plan's topologies ({})",
            topologies.join(", ")
        ));
    }
    let also = match t.get("also") {
        None => vec![],
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| {
                let r = v.as_str().ok_or(format!("`also`: {v} is not a string"))?;
                Reference::parse(r).map_err(|e| format!("`also = \"{r}\"`: {e}"))?;
                Ok(r.to_string())
            })
            .collect::<Result<_, String>>()?,
        Some(v) => return Err(format!("`also = {v}`: a list of references, e.g. [\"plast=none\"]")),
    };
    let (metric, higher) = task.metric();
    let want = if higher { "higher" } else { "lower" };
    let direction = text("direction").ok_or(format!("`direction` is missing (\"{want}\": {metric})"))?;
    if direction != want {
        return Err(format!("`direction = \"{direction}\"`: a {want} {metric} is better"));
    }
    let pilot = match t.get("pilot") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(v) => return Err(format!("`pilot = {v}`: true or false")),
    };
    let (margin, margin_source) = match (pilot, t.get("margin")) {
        (true, None) => (0.0, "none: a pilot draws no verdicts".to_string()),
        (_, m) => margin(m, margin_of)?,
    };
    let family = match t.get("family") {
        None => vec![],
        Some(Value::String(s)) if s == "sweep" => vec![],
        Some(Value::Array(a)) => a.iter().map(|v| v.as_str().unwrap_or("").to_string()).collect(),
        Some(v) => return Err(format!("`family = {v}`: \"sweep\" or a list of condition fields")),
    };
    let fields = family_fields();
    if let Some(f) = family
        .iter()
        .find(|f| !fields.contains(&f.as_str()) || f.as_str() == "topology")
    {
        return Err(format!(
            "`family`: `{f}` is not a condition field ({})",
            fields[1..].join(", ")
        ));
    }
    let correction = match text("correction") {
        None => Correction::Holm,
        Some(c) => Correction::parse(c).ok_or(format!("`correction = \"{c}\"`: holm, bh or none"))?,
    };
    let echo_state = match t.get("echo_state") {
        None => EchoHandling::Unstated,
        Some(Value::String(s)) if s == "keep" => EchoHandling::Keep,
        Some(Value::String(s)) if s == "exclude" => EchoHandling::Exclude,
        Some(v) => return Err(format!("`echo_state = {v}`: \"keep\" or \"exclude\"")),
    };
    if echo_state != EchoHandling::Unstated && task == Task::Classify {
        return Err("`echo_state`: a classification sweep has no echo-state check".into());
    }
    let per_neuron = match t.get("per_neuron") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(v) => return Err(format!("`per_neuron = {v}`: true or false")),
    };
    if per_neuron && task == Task::Classify {
        return Err("`per_neuron`: accuracy is not a quantity per neuron; only reservoir tasks".into());
    }
    Ok(Preregistration {
        reference: reference.into(),
        also,
        direction: direction.into(),
        margin,
        margin_source,
        family,
        correction,
        input_draw,
        hypothesis: text("hypothesis").unwrap_or("").into(),
        pilot,
        echo_state,
        per_neuron,
        origin: None,
        exploratory: false,
        tuned: None,
        genome: None,
    })
}

/// The margin as a number with where it came from.
fn margin(v: Option<&Value>, margin_of: &dyn Fn(&MarginRule) -> Result<f64, String>) -> Result<(f64, String), String> {
    let positive = |m: f64| m.is_finite() && m > 0.0;
    match v {
        None => Err("`margin` is missing: the equivalence margin in the metric's unit, or \
            { fraction = 0.05, gap = [\"none\", \"developmental\"], pilot = \"…/runs.csv\" }"
            .into()),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(m) if positive(m) => Ok((m, "stated in the plan".into())),
            _ => Err(format!("`margin = {n}`: a positive number")),
        },
        Some(Value::Object(o)) => {
            let fraction = o
                .get("fraction")
                .and_then(Value::as_f64)
                .filter(|f| positive(*f) && *f <= 1.0);
            let gap: Vec<&str> = o
                .get("gap")
                .and_then(Value::as_array)
                .map_or(vec![], |a| a.iter().filter_map(Value::as_str).collect());
            let pilot = o.get("pilot").and_then(Value::as_str);
            let (Some(fraction), [low, high], Some(pilot)) = (fraction, gap.as_slice(), pilot) else {
                return Err(
                    "`margin`: a rule needs fraction (0-1], gap = [LOW, HIGH] topologies and pilot = a \
                    runs.csv"
                        .into(),
                );
            };
            let rule = MarginRule {
                fraction,
                low: low.to_string(),
                high: high.to_string(),
                pilot: pilot.into(),
            };
            let m = margin_of(&rule)?;
            if !positive(m) {
                return Err(format!("`margin`: the rule gives {m}, not a positive margin"));
            }
            Ok((
                m,
                format!("{fraction} of the {low} → {high} gap of the pilot {pilot} (mean {high} − mean {low})"),
            ))
        }
        Some(v) => Err(format!("`margin = {v}`: a number or a rule table")),
    }
}
