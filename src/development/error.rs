//! Why a tissue cannot grow: the rules do not parse or lack a gene the simulator reads, they
//! follow too many genes, or a development parameter is out of range. One line each.

use crate::grn::{GrnError, ParseError};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DevError {
    #[error("{0}")]
    Parse(#[from] ParseError),
    #[error("{0}")]
    Network(#[from] GrnError),
    #[error(
        "{0} genes: development follows at most {max} genes per cell (the timeline, the cell inspector and the \
        gene-change lists store 32-bit states); `devcircuit attractors` takes up to 64",
        max = super::MAX_GROWTH_GENES
    )]
    TooManyGenes(usize),
    #[error("the rules lack required gene(s) {0}: the simulator reads them")]
    MissingGenes(String),
    /// A parameter out of range, named with its value and range.
    #[error("{0}")]
    Params(String),
}

/// Callers that report in one line of text take the message as it is.
impl From<DevError> for String {
    fn from(e: DevError) -> String {
        e.to_string()
    }
}
