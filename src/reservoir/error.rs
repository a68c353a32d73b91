//! Why a reservoir task has no score: the ridge system is singular, or the task's input series
//! diverged in every draw. One line each.

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TaskError {
    #[error("the ridge system is not positive definite (raise the ridge regularisation)")]
    NotPositiveDefinite,
    #[error("the NARMA-10 series of seed {seed} diverged in {draws} draws")]
    Diverged { seed: u64, draws: usize },
}

/// Callers that report in one line of text take the message as it is.
impl From<TaskError> for String {
    fn from(e: TaskError) -> String {
        e.to_string()
    }
}
