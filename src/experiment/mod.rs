//! One experiment: its configuration (↔ URL fragment ↔ JSON), the circuit it trains on, and
//! the fingerprint that proves two runs grew the same circuit.

pub mod config;
pub mod explore;
pub mod pipeline;
pub mod report;
pub mod results;

pub use config::{Config, Notice, Topology};
pub use pipeline::{build_circuit, network_for, Built};

/// Version recorded with every result and share link.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");
