//! See huashu::fuzzing::fix for the property.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| huashu::fuzzing::fix(data));
