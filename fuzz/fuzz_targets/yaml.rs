//! `load::yaml::parse` and the position index on any text: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oncall_as_code::load::yaml::parse;
use oncall_as_code::source::positions::{PositionIndex, push_token};
use serde_json::Value;

/// Every JSON pointer of a value (bounded).
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    if out.len() >= 512 {
        return;
    }
    out.push(at.clone());
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| pointers(v, push_token(&at, k), out)),
        Value::Array(items) => {
            items.iter().enumerate().for_each(|(i, v)| pointers(v, push_token(&at, &i.to_string()), out))
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let result = parse(&text);
    // The loader builds the index for duplicate keys and for every diagnostic: on errors too.
    let index = PositionIndex::build(&text);
    for pointer in ["", "/0", "/people/0/id", "/alarms/0/metric/dimensions", "/a~1b/~0", "/x/y/z"] {
        let _ = index.lookup(pointer);
    }
    if let Ok(value) = result {
        let mut all = Vec::new();
        pointers(&value, String::new(), &mut all);
        for pointer in &all {
            let _ = index.lookup(pointer);
            let _ = index.lookup(&format!("{pointer}/missing"));
        }
    }
});
