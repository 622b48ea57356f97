//! The whole lint on an in-memory repository decoded from the input (see `Mem::decode`),
//! rendered through every emitter.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oncall_as_code_fuzz::{Mem, lint};

fuzz_target!(|data: &[u8]| {
    lint(&Mem::decode(data));
});
