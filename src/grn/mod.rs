//! Boolean gene-regulatory networks: BoolNet files, compiled evaluation, attractors, inference.
//! Plain values in and out; the development stage runs on `Network`.

pub mod attractors;
mod error;
pub mod expr;
pub mod infer;
pub mod network;
pub mod parse;
pub mod write;

pub use attractors::{Attractor, AttractorReport};
pub use error::GrnError;
pub use expr::Expr;
pub use network::Network;
pub use parse::{parse_bnet, ParseError, Rules};

/// The default 15-gene cortical network (shared/biology/cortex15.md §1.2), embedded.
pub const CORTEX15: &str = include_str!("../../public/rules/cortex15.bnet");
