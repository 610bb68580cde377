//! Go template text through the lexer and parser: any text parses or fails cleanly.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut set = chartroom::gotmpl::TemplateSet::new(chartroom::gotmpl::FuncMap::default());
    let _ = set.parse_file("fuzz", text);
});
