//! cargo-fuzz target `stored`: libFuzzer feeds its inputs to `targets::stored`; any panic is a
//! finding (`.ci/fuzz`; corpus in tests/fuzz/corpus/stored/).
#![no_main]

#[path = "../targets.rs"]
#[allow(dead_code)] // each target uses one of the shared feeders
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::stored(data));
