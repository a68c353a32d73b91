//! Why a setting's value is refused: not a number, not finite, not whole, out of range, not one
//! of the named values, or invalid for that setting. One line, naming the setting and the value.

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refused {
    #[error("{setting}: `{text}` is not a number ({range})")]
    NotANumber {
        setting: &'static str,
        text: String,
        range: String,
    },
    #[error("{setting}: `{text}` is not a finite number")]
    NotFinite { setting: &'static str, text: String },
    #[error("{setting}: `{text}` is not a whole number")]
    NotWhole { setting: &'static str, text: String },
    #[error("{setting}: {text} is outside {range}")]
    OutOfRange {
        setting: &'static str,
        text: String,
        range: String,
    },
    #[error("{setting}: `{text}` is not one of {options}")]
    NotAnOption {
        setting: &'static str,
        text: String,
        options: String,
    },
    /// A value the setting's own reader refuses (a gene name, a layer, a development parameter).
    #[error("{setting}: {why}")]
    Invalid { setting: &'static str, why: String },
}

impl Refused {
    /// The setting refused (its name, as the panel and the CLI show it).
    pub fn setting(&self) -> &'static str {
        match self {
            Refused::NotANumber { setting, .. }
            | Refused::NotFinite { setting, .. }
            | Refused::NotWhole { setting, .. }
            | Refused::OutOfRange { setting, .. }
            | Refused::NotAnOption { setting, .. }
            | Refused::Invalid { setting, .. } => setting,
        }
    }
}

/// Callers that report in one line of text take the message as it is.
impl From<Refused> for String {
    fn from(e: Refused) -> String {
        e.to_string()
    }
}
