//! The user's values from the command line (Helm's `values.Options.MergeValues`).
//!
//! The sources apply in a fixed order whatever their order on the command line: `-f` files
//! (each merged deeply over the previous), then every `--set-json`, `--set`, `--set-string`,
//! `--set-file` and finally `--set-literal`, each set flag applied onto the map built so far
//! (so an index like `list[1]` patches a list from a file). A file named `-` is read from
//! standard input; other names are read relative to the given base directory but reported as
//! written.

use std::path::{Path, PathBuf};

use super::coalesce::merge_maps;
use super::compat::HelmCompat;
use super::error::go_path_error;
use super::strvals::{self, StrvalsError};
use super::ChartError;
use crate::value::json::from_serde_json;
use crate::value::{Map, Value};

/// Values given on the command line, in the order of each flag's occurrences.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueOptions {
    /// `-f/--values` files.
    pub values_files: Vec<String>,
    /// `--set` lines.
    pub set: Vec<String>,
    /// `--set-string` lines.
    pub set_string: Vec<String>,
    /// `--set-json` lines (`key=json,...` or a whole JSON object).
    pub set_json: Vec<String>,
    /// `--set-literal` lines.
    pub set_literal: Vec<String>,
    /// `--set-file` lines (`key=path,...`).
    pub set_file: Vec<String>,
}

impl ValueOptions {
    /// The user-supplied values map (Helm's `MergeValues`), relative paths resolved against
    /// `base_dir`.
    pub fn merge(&self, base_dir: &Path) -> Result<Value, ChartError> {
        self.merge_for(base_dir, HelmCompat::V4)
    }

    /// [`ValueOptions::merge`] as the given Helm release reads `-f` files (Helm 3 keeps only
    /// the first YAML document of each).
    pub fn merge_for(&self, base_dir: &Path, compat: HelmCompat) -> Result<Value, ChartError> {
        let mut base = Map::new();
        for file in &self.values_files {
            let bytes = read_input(base_dir, file).map_err(|message| ChartError::Io {
                path: file.clone(),
                message,
            })?;
            let parsed = super::load::values_document(&String::from_utf8_lossy(&bytes), compat)
                .map_err(|error| ChartError::ValuesFile {
                    path: file.clone(),
                    message: error.to_string(),
                    location: super::error::yaml_error_location(file, &error),
                })?;
            let current = parsed.as_map().cloned().unwrap_or_default();
            base = merge_maps(&base, &current);
        }
        for line in &self.set_json {
            let trimmed = line.trim();
            if trimmed.starts_with('{') {
                let object = match serde_json::from_str::<serde_json::Value>(trimmed) {
                    Ok(parsed @ serde_json::Value::Object(_)) => from_serde_json(&parsed),
                    _ => return Err(ChartError::SetJsonObject(line.clone())),
                };
                let object = object.as_map().cloned().unwrap_or_default();
                base = merge_maps(&base, &object);
            } else {
                strvals::parse_json_into(line, &base)
                    .map_err(|_| ChartError::SetJson(line.clone()))?;
            }
        }
        let flag_error = |flag: &'static str| {
            move |error: StrvalsError| ChartError::SetFlag {
                flag,
                message: error.0,
            }
        };
        for line in &self.set {
            strvals::parse_into(line, &base).map_err(flag_error("--set"))?;
        }
        for line in &self.set_string {
            strvals::parse_into_string(line, &base).map_err(flag_error("--set-string"))?;
        }
        for line in &self.set_file {
            let mut reader = |path: &str| -> Result<Value, StrvalsError> {
                let bytes = read_input(base_dir, path).map_err(StrvalsError)?;
                Ok(Value::string(String::from_utf8_lossy(&bytes).into_owned()))
            };
            strvals::parse_file_into(line, &base, &mut reader).map_err(flag_error("--set-file"))?;
        }
        for line in &self.set_literal {
            strvals::parse_literal_into(line, &base).map_err(flag_error("--set-literal"))?;
        }
        Ok(Value::Map(base))
    }
}

/// Reads a values source: `-` is standard input, anything else a file under `base_dir`;
/// errors are Go's texts naming the path as given.
fn read_input(base_dir: &Path, name: &str) -> Result<Vec<u8>, String> {
    if name.trim() == "-" {
        return crate::input::read_stdin().map_err(|error| format!("read /dev/stdin: {error}"));
    }
    let full: PathBuf = base_dir.join(name);
    crate::input::read(&full).map_err(|error| go_path_error("open", Path::new(name), &error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::fmt::format_v;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("chartroom-options-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn precedence_follows_flag_type() {
        let dir = temp_dir("precedence");
        std::fs::write(dir.join("f.txt"), "from-file\n").unwrap();
        std::fs::write(dir.join("vals.yaml"), "k1: file\n").unwrap();
        let options = ValueOptions {
            values_files: vec!["vals.yaml".into()],
            set: vec!["k1=1".into(), "k2=2".into(), "k3=3".into()],
            set_string: vec!["k1=string".into(), "k3=s3".into(), "k4=s4".into()],
            set_json: vec!["k1=[1]".into(), "k2=[2]".into()],
            set_literal: vec!["k1=literal".into(), "k5=lit5".into()],
            set_file: vec!["k1=f.txt".into(), "k4=f.txt".into(), "k5=f.txt".into()],
        };
        let merged = options.merge(&dir).unwrap();
        assert_eq!(
            format_v(&merged),
            "map[k1:literal k2:2 k3:s3 k4:from-file\n k5:lit5]"
        );
        assert_eq!(merged.as_map().unwrap().get("k2"), Some(Value::Int64(2)));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn set_index_patches_a_file_list() {
        let dir = temp_dir("patch");
        std::fs::write(dir.join("f.yaml"), "l: [x, xx, xxx]\n").unwrap();
        let options = ValueOptions {
            values_files: vec!["f.yaml".into()],
            set: vec!["l[2]=z".into()],
            ..ValueOptions::default()
        };
        assert_eq!(format_v(&options.merge(&dir).unwrap()), "map[l:[x xx z]]");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn files_merge_in_order() {
        let dir = temp_dir("order");
        std::fs::write(dir.join("one.yaml"), "a: one\nm: {p: 1, q: 1}\n").unwrap();
        std::fs::write(dir.join("two.yaml"), "m: {q: 2}\n").unwrap();
        let options = ValueOptions {
            values_files: vec!["one.yaml".into(), "two.yaml".into()],
            ..ValueOptions::default()
        };
        assert_eq!(
            format_v(&options.merge(&dir).unwrap()),
            "map[a:one m:map[p:1 q:2]]"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn errors_read_like_helm() {
        let dir = temp_dir("errors");
        let error = |options: ValueOptions| options.merge(&dir).unwrap_err().to_string();
        assert_eq!(
            error(ValueOptions {
                values_files: vec!["nope.yaml".into()],
                ..Default::default()
            }),
            "open nope.yaml: no such file or directory"
        );
        std::fs::write(dir.join("bad.yaml"), "a: [\n").unwrap();
        assert!(error(ValueOptions { values_files: vec!["bad.yaml".into()], ..Default::default() })
            .starts_with("failed to parse bad.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line"));
        assert_eq!(
            error(ValueOptions {
                set: vec!["novalue".into()],
                ..Default::default()
            }),
            "failed parsing --set data: key \"novalue\" has no value"
        );
        assert_eq!(
            error(ValueOptions {
                set_json: vec!["a={bad".into()],
                ..Default::default()
            }),
            "failed parsing --set-json data a={bad"
        );
        assert_eq!(
            error(ValueOptions {
                set_json: vec!["{bad".into()],
                ..Default::default()
            }),
            "failed parsing --set-json data JSON: {bad"
        );
        assert_eq!(
            error(ValueOptions {
                set_file: vec!["a=missing.txt".into()],
                ..Default::default()
            }),
            "failed parsing --set-file data: open missing.txt: no such file or directory"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn set_json_object_form_merges() {
        let options = ValueOptions {
            set_json: vec![r#"{"a":{"b":1}}"#.into(), r#"{"a":{"c":2}}"#.into()],
            ..ValueOptions::default()
        };
        assert_eq!(
            format_v(&options.merge(Path::new(".")).unwrap()),
            "map[a:map[b:1 c:2]]"
        );
    }
}
