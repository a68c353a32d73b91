//! Finished and running runs as plain records, grouped into conditions (what differs apart
//! from the seeds), summarised per epoch as mean ± sd with a 95 % confidence interval, and
//! paired against a reference topology.

mod compare;
mod conditions;
mod planner;
mod record;
mod stored;
mod summaries;
mod summary;
#[cfg(test)]
mod tests;
mod workspace;

pub use compare::*;
pub use conditions::*;
pub use planner::*;
pub use record::*;
pub use stored::*;
pub use summaries::Summaries;
pub use summary::*;
pub use workspace::{merge, Merged, WorkspaceFile};
