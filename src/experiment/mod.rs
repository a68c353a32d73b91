//! One experiment: its configuration (↔ URL fragment ↔ JSON), the circuit it trains on, and
//! the fingerprint that proves two runs grew the same circuit.

pub mod choices;
#[cfg(feature = "train")]
pub mod classify;
pub mod config;
pub mod explore;
pub mod identity;
pub mod link;
pub mod paired;
pub mod pipeline;
pub mod prereg;
pub mod report;
pub mod results;
pub mod settings;
pub mod stats;
pub mod sweep;
pub mod task;
pub mod tuning;

pub use config::{Config, Task, Topology, TrainMode};
pub use link::Notice;
pub use pipeline::{build, built_from, model_plan, network_for, neuron_sets, topology_of, Built};

/// Version recorded with every result and share link: the crate's version and the git commit
/// it was built from (`.modified` when the sources differed from it; `build.rs`).
pub const APP_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("DEVCIRCUIT_GIT"));
