//! Effective values built layer by layer, remembering which layer set each value.
//!
//! Layers merge the way Helm merges `-f` files (`crate::chart::merge_maps`): two maps under
//! the same key merge key by key, anything else replaces what was there (a null included, so
//! a later layer can null a chart default; Helm's coalescing then drops that key). `--set`
//! lines apply on top with Helm's strvals grammar (`crate::chart::strvals`), so they can patch
//! lists that earlier layers wrote.
//!
//! Alongside the values, a [`Provenance`] maps each JSON path to the place that last wrote it:
//! a map key written by several layers belongs to the last of them, and a value that replaces
//! a subtree takes over every path beneath it. Schema problems in merged values are then
//! reported at the line that is actually responsible.

use std::collections::BTreeMap;

use super::source::{Diagnostic, Location};
use crate::chart::merge_maps;
use crate::chart::strvals;
use crate::value::{Map, Value};
use crate::yaml::spans::child_path;

/// Where each JSON path of a merged document was last written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance {
    entries: BTreeMap<String, Location>,
}

impl Provenance {
    /// The place that wrote `pointer`, or its nearest recorded ancestor.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let mut current = pointer;
        loop {
            if let Some(location) = self.entries.get(current) {
                return Some(location.clone());
            }
            match current.rfind('/') {
                Some(slash) => current = current.get(..slash).unwrap_or_default(),
                None => return None,
            }
        }
    }

    /// The place recorded for exactly `pointer`.
    pub fn get(&self, pointer: &str) -> Option<&Location> {
        self.entries.get(pointer)
    }

    /// Every recorded path with its place, in byte order of the paths.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Location)> {
        self.entries
            .iter()
            .map(|(path, location)| (path.as_str(), location))
    }

    fn remove_below(&mut self, pointer: &str) {
        let prefix = format!("{pointer}/");
        let doomed: Vec<String> = self
            .entries
            .range(prefix.clone()..)
            .take_while(|(path, _)| path.starts_with(&prefix))
            .map(|(path, _)| path.clone())
            .collect();
        for path in doomed {
            self.entries.remove(&path);
        }
    }

    /// Records that `layer` (merged over `before`) was written where `locate` says, following
    /// the merge rules: maps over maps descend, anything else takes over the whole subtree.
    fn record(&mut self, before: &Value, layer: &Value, locate: &dyn Fn(&str) -> Location) {
        let mut pending: Vec<(String, Option<Value>, Value)> =
            vec![(String::new(), Some(before.clone()), layer.clone())];
        while let Some((pointer, before, layer)) = pending.pop() {
            match (&before, &layer) {
                (Some(Value::Map(old)), Value::Map(new)) => {
                    if !pointer.is_empty() {
                        self.entries.insert(pointer.clone(), locate(&pointer));
                    }
                    for (key, value) in new.entries() {
                        pending.push((child_path(&pointer, &key), old.get(&key), value));
                    }
                }
                _ => {
                    self.remove_below(&pointer);
                    if !pointer.is_empty() {
                        self.entries.insert(pointer.clone(), locate(&pointer));
                    }
                    match &layer {
                        Value::Map(map) => {
                            for (key, value) in map.entries() {
                                pending.push((child_path(&pointer, &key), None, value));
                            }
                        }
                        Value::List(items) => {
                            for (index, value) in items.iter().enumerate() {
                                pending.push((
                                    child_path(&pointer, &index.to_string()),
                                    None,
                                    value.clone(),
                                ));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

/// Merged values and where each of them came from.
#[derive(Debug, Clone, Default)]
pub struct EffectiveValues {
    pub values: Map,
    pub provenance: Provenance,
}

impl EffectiveValues {
    /// Where `pointer` was written; `fallback` when no layer wrote it or an ancestor.
    pub fn locate_or(&self, pointer: &str, fallback: &Location) -> Location {
        self.provenance
            .locate(pointer)
            .unwrap_or_else(|| fallback.clone())
    }
}

/// Builds [`EffectiveValues`] from layers, lowest precedence first.
#[derive(Debug, Default)]
pub struct ValuesComposer {
    current: EffectiveValues,
}

impl ValuesComposer {
    pub fn new() -> ValuesComposer {
        ValuesComposer::default()
    }

    /// Merges `layer` over the values so far; `locate` says where a path of `layer` was written.
    pub fn add_map(&mut self, layer: &Map, locate: &dyn Fn(&str) -> Location) {
        let before = Value::Map(self.current.values.clone());
        self.current
            .provenance
            .record(&before, &Value::Map(layer.clone()), locate);
        self.current.values = merge_maps(&self.current.values, layer);
    }

    /// Applies one `--set` line (Helm's grammar) over the values so far; every path it sets is
    /// attributed to `location`.
    pub fn add_set(&mut self, line: &str, location: &Location) -> Result<(), Diagnostic> {
        let fail = |error: strvals::StrvalsError| {
            Diagnostic::new(
                location.clone(),
                "",
                format!("failed parsing --set data: {error}"),
            )
        };
        let alone = strvals::parse(line).map_err(fail)?;
        let before = Value::Map(self.current.values.clone());
        self.current
            .provenance
            .record(&before, &Value::Map(alone), &|_| location.clone());
        let target = self.current.values.deep_copy();
        strvals::parse_into(line, &target).map_err(fail)?;
        self.current.values = target;
        Ok(())
    }

    pub fn finish(self) -> EffectiveValues {
        self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::source::SourceFile;
    use std::path::Path;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile::parse(text, Path::new(name), name).unwrap()
    }

    fn map(file: &SourceFile) -> Map {
        file.value.as_map().cloned().unwrap_or_default()
    }

    #[test]
    fn later_layers_win_and_own_their_paths() {
        let chart = file(
            "values.yaml",
            "image:\n  repository: x\n  tag: \"1\"\nports: [80, 81]\n",
        );
        let profile = file("prod.yaml", "image:\n  tag: \"2\"\nports: [443]\n");
        let mut composer = ValuesComposer::new();
        composer.add_map(&map(&chart), &|pointer| chart.locate(pointer));
        composer.add_map(&map(&profile), &|pointer| profile.locate(pointer));
        let effective = composer.finish();
        let image = effective.values.get("image").unwrap();
        assert_eq!(image.as_map().unwrap().get("tag"), Some(Value::from("2")));
        assert_eq!(
            image.as_map().unwrap().get("repository"),
            Some(Value::from("x"))
        );
        let located = |pointer: &str| effective.provenance.locate(pointer).unwrap().to_string();
        assert_eq!(located("/image/repository"), "values.yaml:2:3");
        assert_eq!(located("/image/tag"), "prod.yaml:2:3");
        assert_eq!(located("/image"), "prod.yaml:1:1");
        assert_eq!(located("/ports/0"), "prod.yaml:3:9");
        assert!(
            effective.provenance.get("/ports/1").is_none(),
            "replaced list items must be forgotten"
        );
    }

    #[test]
    fn set_lines_patch_values_and_are_attributed() {
        let base = file("values.yaml", "a:\n  b: 1\n");
        let mut composer = ValuesComposer::new();
        composer.add_map(&map(&base), &|pointer| base.locate(pointer));
        let here = Location::new("--set", 1, 1);
        composer.add_set("a.c=5,d=true", &here).unwrap();
        let effective = composer.finish();
        let a = effective.values.get("a").unwrap();
        assert_eq!(a.as_map().unwrap().get("c"), Some(Value::Int64(5)));
        assert_eq!(a.as_map().unwrap().get("b"), Some(Value::Float(1.0)));
        assert_eq!(effective.provenance.locate("/a/c").unwrap(), here);
        assert_eq!(
            effective.provenance.locate("/a/b").unwrap().file,
            "values.yaml"
        );
        assert!(ValuesComposer::new().add_set("a[x]=1", &here).is_err());
    }

    #[test]
    fn earlier_values_are_not_mutated() {
        let base = file("values.yaml", "a:\n  b: 1\n");
        let original = map(&base);
        let mut composer = ValuesComposer::new();
        composer.add_map(&original, &|pointer| base.locate(pointer));
        composer
            .add_set("a.b=2", &Location::new("--set", 1, 1))
            .unwrap();
        let a = original.get("a").unwrap();
        assert_eq!(a.as_map().unwrap().get("b"), Some(Value::Float(1.0)));
    }
}
