//! Term parser: any string. `to_regex` may refuse a term, but never panics,
//! and what it accepts must compile once wrapped the way rulesets use it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylint::ruleset::term::{group_regex, to_regex};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    match to_regex(input) {
        Ok(source) => {
            let group = group_regex(&[source]);
            if let Err(err) = regex::Regex::new(&group) {
                panic!("term {input:?} was accepted but its group {group:?} does not compile: {err}");
            }
        }
        Err(err) => {
            assert!(
                err.offset <= input.len(),
                "error offset {} past the term's end {}",
                err.offset,
                input.len()
            );
            assert!(!err.message.is_empty());
        }
    }
});
