//! Why a dataset cannot be used: it is not prepared where it is looked for, or a file is not
//! what its name says (a bad IDX header, a CIFAR-10 record cut short). One line each.

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DataError {
    #[error(
        "dataset `{name}` is not prepared: cannot read {path} ({why}); run `devcircuit data fetch {name}` (or the \
        README's set-up command)"
    )]
    NotPrepared { name: String, path: String, why: String },
    /// A file or split that does not hold what it should, named with what is wrong.
    #[error("{what}: {why}")]
    Malformed { what: String, why: String },
}

impl DataError {
    pub fn malformed(what: &str, why: impl Into<String>) -> DataError {
        DataError::Malformed {
            what: what.into(),
            why: why.into(),
        }
    }
}

/// Callers that report in one line of text take the message as it is.
impl From<DataError> for String {
    fn from(e: DataError) -> String {
        e.to_string()
    }
}
