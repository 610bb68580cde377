//! Profile files: YAML with source spans, then every location a diagnostic may ask for.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = std::path::Path::new("profiles/fuzz.yaml");
    if let Ok(file) = chartroom::project::source::SourceFile::parse(text, path, "profiles/fuzz.yaml") {
        for pointer in ["", "/extends", "/components", "/values/a/b", "/external/0/name"] {
            let _ = file.locate(pointer);
        }
    }
});
