//! The model: plain descriptions (spec, feed, run events) always; with the `train` feature,
//! the recurrent layer as a Burn module and its training loop.

mod feed;
pub mod run;
mod spec;

pub use feed::{Encoding, Feed};
pub use spec::{Shape, Spec, TrainMode, Weights};

#[cfg(feature = "train")]
pub mod adam;
#[cfg(feature = "train")]
mod cpu;
#[cfg(feature = "train")]
mod reservoir;
#[cfg(feature = "train")]
pub mod tanh;
#[cfg(feature = "train")]
pub mod train;

#[cfg(feature = "train")]
pub use burn::tensor::Device;
#[cfg(feature = "train")]
pub use reservoir::{batch_tensors, Reservoir};
