//! What can go wrong with a gene network once its rules parse: too many genes to simulate, or
//! a gene named that the network does not have. Each is the one line users see.

/// A network error (parse errors are `ParseError`, with line and column).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GrnError {
    #[error("the network has {0} genes; simulation supports at most 64")]
    TooManyGenes(usize),
    #[error("unknown gene `{name}`; the network's genes are {genes}")]
    UnknownGene { name: String, genes: String },
}

/// Callers that report in one line of text take the message as it is.
impl From<GrnError> for String {
    fn from(e: GrnError) -> String {
        e.to_string()
    }
}
