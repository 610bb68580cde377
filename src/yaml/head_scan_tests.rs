use super::*;
use crate::engine::manifest::{parse_head_fully, SimpleHead};

/// The fast reading, checked against the full one wherever it gives an answer.
fn fast(text: &str) -> Option<SimpleHead> {
    let value = scan_head(text)?;
    let head = SimpleHead::from_value(&value).expect("a head the full reading accepts");
    assert_eq!(Ok(head.clone()), parse_head_fully(text), "for {text:?}");
    Some(head)
}

#[test]
fn reads_a_plain_block_document() {
    let text = "\
# Source: x/templates/a.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    \"helm.sh/hook\": pre-install
    helm.sh/hook-weight: \"5\"
  labels:
    app: web
spec:
  template:
    spec:
      containers:
      - name: a
        args: [] # none
        env:
          - name: X
            value: '1'
      volumes: {}
";
    let head = fast(text).unwrap();
    assert_eq!(head.kind, "Deployment");
    assert_eq!(head.api_version, "apps/v1");
    let metadata = head.metadata.unwrap();
    assert_eq!(metadata.name, "web");
    let annotations = metadata.annotations.unwrap();
    assert_eq!(annotations["helm.sh/hook"], "pre-install");
    assert_eq!(annotations["helm.sh/hook-weight"], "5");
}

#[test]
fn multi_line_plain_scalars_outside_the_head() {
    let text =
        "kind: A\nspec:\n  description: one\n    two three\n  next: x\nmetadata:\n  name: web\n";
    assert_eq!(fast(text).unwrap().metadata.unwrap().name, "web");
    // `n` is a YAML 1.1 boolean: not plainly a string.
    assert!(scan_head("metadata:\n  name: n\n").is_none());
}

#[test]
fn empty_and_null_heads() {
    assert_eq!(fast("# only a comment\n").unwrap(), SimpleHead::default());
    assert!(fast("kind: A\nmetadata:\n").unwrap().metadata.is_none());
    assert!(fast("kind: A\nmetadata: {}\n").unwrap().metadata.is_some());
    let metadata = fast("metadata:\n  annotations:\n  name: x\n")
        .unwrap()
        .metadata
        .unwrap();
    assert_eq!(metadata.annotations, None);
}

#[test]
fn leaves_everything_unusual_to_the_full_parse() {
    for text in [
        "kind: [a]\n",
        "kind: |\n  x\n",
        "kind: &a x\n",
        "kind: !!str x\n",
        "Kind: x\n",
        "kind: x\nkind: y\n",
        "kind: 1\n",
        "kind: true\n",
        "metadata:\n  name: a\n    b\n",
        "a: b: c\n",
        "a:\n  b: 1\n c: 2\n",
        "- a\n",
        "a: x\n\tb: y\n",
        "a: .inf\n",
        "a: \"x\\ny\"\n",
        "a: 'it''s'\n",
        "a: \"open\n  b\"\n",
        "yes: 1\n",
        "a: b\n---\nc: d\n",
        "a: x\n\n  y\n",
        "a:\n  just text\n",
        "a: - b\n",
        "a: @x\n",
    ] {
        assert!(scan_head(text).is_none(), "{text:?}");
    }
}

#[test]
fn comments_end_plain_scalars() {
    assert_eq!(fast("kind: A # the kind\n").unwrap().kind, "A");
    assert!(scan_head("a: x\n# c\n  y\n").is_none());
}
