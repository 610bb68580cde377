//! The `--set` family's grammar.
#![no_main]
use chartroom::chart::strvals;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &str| {
    let _ = strvals::parse_into(line, &chartroom::value::Map::new());
    let _ = strvals::parse_into_string(line, &chartroom::value::Map::new());
    let _ = strvals::parse_json_into(line, &chartroom::value::Map::new());
    let _ = strvals::parse_literal_into(line, &chartroom::value::Map::new());
});
