//! Values files: YAML 1.1 loading with spans, and Helm's `toYaml` of what loaded.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok((value, _spans)) = chartroom::yaml::parse_values_with_spans(text) {
        let _ = chartroom::yaml::emit::to_yaml(&value);
    }
    let _ = chartroom::yaml::parse_documents(text);
});
