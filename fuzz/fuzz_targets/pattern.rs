//! See huashu::fuzzing::pattern for the property.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| huashu::fuzzing::pattern(data));
