//! The head of each rendered document: the fast line reader must either step aside or agree
//! with the full parse (the same head, or the same error).
#![no_main]
use chartroom::engine::manifest::{parse_head_fully, split_manifests, SimpleHead};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for document in split_manifests(text) {
        if let Some(value) = chartroom::yaml::head_scan::scan_head(&document) {
            let quick = SimpleHead::from_value(&value).map_err(|error| error.to_string());
            assert_eq!(quick, parse_head_fully(&document), "for {document:?}");
        }
    }
});
