//! The fast head reading (`yaml::head_scan`) against the full parse, on every YAML text at
//! hand: the rendered outputs of the helm-vectors suite and the bench charts, the golden
//! renders of the projects, and the charts' values files and templates as raw text. Wherever
//! the fast reading gives an answer, it must be the full parse's answer.

use std::path::{Path, PathBuf};

use chartroom::engine::manifest::{parse_head_fully, split_manifests, SimpleHead};
use chartroom::yaml::head_scan::scan_head;

fn files_under(root: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            files_under(&path, keep, out);
        } else if kind.is_file() && keep(&path) {
            out.push(path);
        }
    }
}

fn corpus() -> Vec<PathBuf> {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = repository.join("../shared");
    let yaml_like = |path: &Path| {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        name == "expected.out"
            || name.ends_with(".yaml")
            || name.ends_with(".yml")
            || name.ends_with(".tpl")
    };
    let mut files = Vec::new();
    for root in [
        shared.join("helm-vectors/cases"),
        shared.join("bench-charts/cases"),
        shared.join("bench-charts/charts"),
        repository.join("tests/golden"),
        repository.join("charts"),
        repository.join("examples"),
    ] {
        files_under(&root, &yaml_like, &mut files);
    }
    files.sort();
    files
}

#[test]
fn fast_head_reading_agrees_with_the_full_parse() {
    let files = corpus();
    assert!(!files.is_empty(), "no YAML corpus found");
    let (mut documents, mut fast) = (0usize, 0usize);
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        for document in split_manifests(&text) {
            documents += 1;
            let Some(value) = scan_head(&document) else {
                continue;
            };
            fast += 1;
            let quick = SimpleHead::from_value(&value).map_err(|error| error.to_string());
            assert_eq!(
                quick,
                parse_head_fully(&document),
                "{}: the fast head reading differs on\n{document}",
                path.display()
            );
        }
    }
    eprintln!("{fast} of {documents} documents read by the fast path");
    assert!(
        fast * 2 > documents,
        "the fast path should cover most documents"
    );
}
