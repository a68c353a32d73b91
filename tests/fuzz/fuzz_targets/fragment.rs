//! cargo-fuzz target `fragment`: libFuzzer feeds its inputs to `targets::fragment`; any panic is a
//! finding (`.ci/fuzz`; corpus in tests/fuzz/corpus/fragment/).
#![no_main]

#[path = "../targets.rs"]
#[allow(dead_code)] // each target uses one of the shared feeders
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::fragment(data));
