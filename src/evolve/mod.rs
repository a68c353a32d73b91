//! Evolving the developmental program: genomes (development settings and rule edits) searched
//! by CMA-ES with (μ + λ) selection of edits, each scored on training development seeds.

pub mod cmaes;
pub mod edit;
mod exact;
pub mod genome;
pub mod plan;
pub mod search;

pub use genome::Genome;
pub use plan::Plan;
pub use search::{evaluate, Evaluation, Scored, Search};
