//! devcircuit: grow a neural circuit by simulated development and test what it can learn.
//! Module map only; each stage hands plain values to the next (see README "Code map").

pub mod circuit;
pub mod data;
pub mod development;
pub mod evolve;
pub mod experiment;
pub mod grn;
pub mod model;
pub mod plasticity;
pub mod reservoir;
pub mod rng;

#[cfg(all(not(target_arch = "wasm32"), feature = "train"))]
pub mod cli;

#[cfg(all(target_arch = "wasm32", feature = "train"))]
pub mod app;
