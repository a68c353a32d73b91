//! The native training host: wall-clock time, events as JSON lines or a progress line.

use crate::model::train::{Event, Host};
use std::time::Instant;

pub struct CliHost {
    pub start: Instant,
    pub json: bool,
}

impl Host for CliHost {
    fn now_ms(&self) -> f64 {
        self.start.elapsed().as_secs_f64() * 1000.0
    }

    fn emit(&mut self, event: &Event) {
        if self.json {
            println!("{}", serde_json::to_string(event).unwrap_or_default());
        } else {
            match event {
                Event::Iteration0 { accuracy, .. } => eprintln!("iteration 0: test accuracy {:.2} %", accuracy * 100.0),
                Event::Batch {
                    epoch,
                    batch,
                    loss,
                    samples_per_second,
                    ..
                } if batch % 100 == 0 => {
                    eprintln!("epoch {epoch} batch {batch}: loss {loss:.4} ({samples_per_second:.0} samples/s)")
                }
                Event::Epoch {
                    epoch,
                    test_accuracy,
                    seconds,
                    ..
                } => {
                    eprintln!(
                        "epoch {epoch}: test accuracy {:.2} % ({seconds:.2} s)",
                        test_accuracy * 100.0
                    )
                }
                _ => {}
            }
        }
    }
}
