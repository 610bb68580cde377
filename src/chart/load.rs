//! Loading a chart from a directory or a `.tgz` archive (Helm's `loader.Load`).
//!
//! A directory is walked in byte order of names, following symbolic links, with `.helmignore`
//! (plus Helm's built-in rule) applied to chart-relative paths, files over 5 MiB and
//! non-regular files refused, and a UTF-8 byte-order mark stripped. Archives go through
//! [`super::archive`]. Either way the files are then sorted into a [`Chart`] like Helm's
//! `LoadFiles`: Chart.yaml first (apiVersion defaulting to v1), values.yaml, the schema,
//! v1 `requirements.yaml`, `templates/`, subcharts under `charts/<name>/` or
//! `charts/<name>.tgz` (names starting with `_` or `.` skipped), everything else as files;
//! then the metadata is validated and the subcharts loaded.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use super::archive::{ensure_archive, load_archive_files, MAX_DECOMPRESSED_FILE_SIZE};
use super::chartfile::{decode_api_version, decode_metadata_into};
use super::compat::HelmCompat;
use super::error::{go_path_error, yaml_error_location, yaml_text_location};
use super::ignore::{IgnoreRules, HELM_IGNORE};
use super::metadata::Metadata;
use super::model::{Chart, ChartFile};
use super::ChartError;
use crate::value::Map;

/// How deep directories (including symlinked ones) and nested subchart archives may go; a
/// symbolic-link cycle would otherwise never end.
const MAX_DEPTH: usize = 64;

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// Loads the chart at `path`: a chart directory or a packaged `.tgz`, as Helm 4 does.
pub fn load_chart(path: &Path) -> Result<Chart, ChartError> {
    load_chart_for(path, HelmCompat::V4)
}

/// Loads the chart at `path` as the given Helm release does: Helm 3 reads a directory or
/// archive without first checking Chart.yaml's `apiVersion` (so a missing Chart.yaml is only
/// noticed once all files are read) and keeps the first document of `values.yaml`.
pub fn load_chart_for(path: &Path, compat: HelmCompat) -> Result<Chart, ChartError> {
    let info = std::fs::metadata(path).map_err(|error| ChartError::Io {
        path: path.display().to_string(),
        message: go_path_error("stat", path, &error),
    })?;
    if info.is_dir() {
        load_directory(path, compat)
    } else {
        load_archive_path(path, compat)
    }
}

/// Helm's `LoadDir` behind the format check on `Chart.yaml`'s apiVersion.
fn load_directory(directory: &Path, compat: HelmCompat) -> Result<Chart, ChartError> {
    let top = std::path::absolute(directory).unwrap_or_else(|_| directory.to_path_buf());
    if compat == HelmCompat::V4 {
        let chart_yaml = top.join("Chart.yaml");
        let data = crate::input::read(&chart_yaml).map_err(|error| ChartError::NotAChart {
            path: chart_yaml.display().to_string(),
            message: go_path_error("open", &chart_yaml, &error),
        })?;
        check_chart_format(&data)?;
    }

    let mut rules = IgnoreRules::empty();
    let ignore_file = top.join(HELM_IGNORE);
    if ignore_file.exists() {
        let text = crate::input::read(&ignore_file)
            .map_err(|error| ChartError::io(&ignore_file, &error))?;
        rules = IgnoreRules::parse(&String::from_utf8_lossy(&text))?;
    }
    rules.add_defaults();
    let mut files = Vec::new();
    walk(&top, "", &rules, &mut files, 0)?;
    load_files(files, 0, compat, &mut crate::limits::CHART_SIZE.get())
}

/// Helm refuses chart formats other than v1/v2 (and v3, which `helm template` cannot render).
fn check_chart_format(chart_yaml: &[u8]) -> Result<(), ChartError> {
    let text = String::from_utf8_lossy(chart_yaml);
    let api_version = decode_api_version(&text).map_err(|error| ChartError::BadChartFile {
        file: "Chart.yaml".into(),
        message: error.0,
        location: yaml_text_location("Chart.yaml", &text),
    })?;
    match api_version.as_str() {
        "" | "v1" | "v2" => Ok(()),
        "v3" => Err(ChartError::InvalidApiVersion),
        _ => Err(ChartError::UnsupportedChartVersion),
    }
}

/// Collects the files under `directory` (chart-relative name `prefix`), sorted by name.
/// Helm follows symbolic links inside a chart directory and says so on stderr, in its log
/// format, naming the link and where it resolves, so a link to a file outside the chart (a
/// template that is `/etc/passwd`) is never included silently.
fn note_symbolic_link(path: &Path) {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|info| info.file_type().is_symlink());
    if !is_link {
        return;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let resolved = std::fs::canonicalize(path).unwrap_or_else(|_| absolute.clone());
    eprintln!(
        "level=INFO msg=\"found symbolic link in path. Contents of linked file included and used\" path={} resolved={}",
        log_value(&absolute.display().to_string()),
        log_value(&resolved.display().to_string())
    );
}

/// A value as Go's text log handler writes it: bare unless it needs quoting.
fn log_value(text: &str) -> String {
    if text.is_empty()
        || text
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '=' || c.is_control())
    {
        crate::value::fmt::quote::quote(text)
    } else {
        text.to_string()
    }
}

fn walk(
    directory: &Path,
    prefix: &str,
    rules: &IgnoreRules,
    files: &mut Vec<ChartFile>,
    depth: usize,
) -> Result<(), ChartError> {
    if depth > MAX_DEPTH {
        return Err(ChartError::Io {
            path: directory.display().to_string(),
            message: format!(
                "chart directory nesting deeper than {MAX_DEPTH} levels at {}",
                directory.display()
            ),
        });
    }
    let entries =
        std::fs::read_dir(directory).map_err(|error| ChartError::io(directory, &error))?;
    let mut names: Vec<std::ffi::OsString> = entries
        .filter_map(|entry| entry.ok().map(|e| e.file_name()))
        .collect();
    names.sort_by(|a, b| a.as_encoded_bytes().cmp(b.as_encoded_bytes()));
    for name in names {
        let full = directory.join(&name);
        let relative = if prefix.is_empty() {
            name.to_string_lossy().into_owned()
        } else {
            format!("{prefix}/{}", name.to_string_lossy())
        };
        note_symbolic_link(&full);
        let info = std::fs::metadata(&full).map_err(|error| ChartError::Io {
            path: full.display().to_string(),
            message: go_path_error("stat", &full, &error),
        })?;
        if info.is_dir() {
            if rules.ignore(&relative, true) {
                continue;
            }
            walk(&full, &relative, rules, files, depth + 1)?;
            continue;
        }
        if rules.ignore(&relative, false) {
            continue;
        }
        if !info.is_file() {
            return Err(ChartError::Io {
                path: full.display().to_string(),
                message: format!(
                    "cannot load irregular file {} as it has file mode type bits set",
                    full.display()
                ),
            });
        }
        if info.len() > MAX_DECOMPRESSED_FILE_SIZE {
            return Err(ChartError::Io {
                path: full.display().to_string(),
                message: format!(
                    "chart file {} is larger than the maximum file size {MAX_DECOMPRESSED_FILE_SIZE}",
                    crate::value::fmt::quote::quote(&name.to_string_lossy())
                ),
            });
        }
        let mut data = read_shared(&full, info.len()).map_err(|error| ChartError::Io {
            path: full.display().to_string(),
            message: format!(
                "error reading {relative}: {}",
                go_path_error("open", &full, &error)
            ),
        })?;
        if data.starts_with(UTF8_BOM) {
            data = Arc::from(&data[UTF8_BOM.len()..]);
        }
        files.push(ChartFile {
            name: relative,
            data,
        });
    }
    Ok(())
}

/// Reads a file straight into the shared buffer the chart keeps (`expected` is its size from
/// the directory walk), so its bytes are never copied afterwards. A file whose size changed
/// since is read whole the ordinary way.
fn read_shared(path: &Path, expected: u64) -> std::io::Result<Arc<[u8]>> {
    let mut file = std::fs::File::open(path)?;
    let Ok(length) = usize::try_from(expected) else {
        return crate::input::read(path).map(Arc::from);
    };
    let mut shared: Arc<[u8]> = std::iter::repeat_n(0u8, length).collect();
    let buffer = Arc::get_mut(&mut shared).ok_or_else(|| std::io::Error::other("shared buffer"))?;
    let mut filled = 0;
    while filled < length {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    let mut probe = [0u8; 1];
    let at_end = loop {
        match file.read(&mut probe) {
            Ok(read) => break read == 0,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    };
    if filled == length && at_end {
        Ok(shared)
    } else {
        // The file changed size while it was read: read it again, bounded.
        crate::input::read(path).map(Arc::from)
    }
}

/// Helm's `LoadFile` for a packaged chart.
fn load_archive_path(path: &Path, compat: HelmCompat) -> Result<Chart, ChartError> {
    let bytes = crate::input::read(path).map_err(|error| ChartError::io(path, &error))?;
    let name = path.display().to_string();
    ensure_archive(&name, &bytes)?;
    let mut budget = crate::limits::CHART_SIZE.get();
    let files = load_archive_files(&bytes, &mut budget).map_err(|error| match error {
        ChartError::Archive(message) if message.contains(crate::limits::CHART_SIZE.variable) => {
            ChartError::Archive(message)
        }
        _ => ChartError::Archive("unable to load chart archive".into()),
    })?;
    if compat == HelmCompat::V4 {
        let Some(chart_yaml) = files.iter().find(|file| file.name == "Chart.yaml") else {
            return Err(ChartError::Archive(
                "unable to detect chart version, no Chart.yaml found".into(),
            ));
        };
        check_chart_format(&chart_yaml.data)?;
    }
    load_files(files, 0, compat, &mut budget)
}

/// Helm's `LoadFiles`: builds a chart from its files (names relative to the chart).
/// `archive_budget` is what sub-chart archives may still decompress to, all together.
pub fn load_files(
    files: Vec<ChartFile>,
    depth: usize,
    compat: HelmCompat,
    archive_budget: &mut u64,
) -> Result<Chart, ChartError> {
    let mut metadata: Option<Metadata> = None;
    for file in files.iter().filter(|file| file.name == "Chart.yaml") {
        let target = metadata.get_or_insert_with(Metadata::default);
        let text = file.text();
        decode_metadata_into(&text, target).map_err(|error| ChartError::BadChartFile {
            file: "Chart.yaml".into(),
            message: error.0,
            location: yaml_text_location("Chart.yaml", &text),
        })?;
        if target.api_version.is_empty() {
            target.api_version = "v1".into();
        }
    }
    let mut values = Map::new();
    let mut schema = None;
    let mut templates = Vec::new();
    let mut other_files = Vec::new();
    let mut subchart_files: BTreeMap<String, Vec<ChartFile>> = BTreeMap::new();
    for file in files {
        match file.name.as_str() {
            "Chart.yaml" | "Chart.lock" => {}
            "values.yaml" => {
                let parsed = values_document(&file.text(), compat).map_err(|error| {
                    ChartError::BadChartFile {
                        file: "values.yaml".into(),
                        message: error.to_string(),
                        location: yaml_error_location("values.yaml", &error),
                    }
                })?;
                values = parsed.as_map().cloned().unwrap_or_default();
            }
            "values.schema.json" => schema = Some(file.data.to_vec()),
            "requirements.yaml" => {
                let target = metadata.get_or_insert_with(Metadata::default);
                let text = file.text();
                decode_metadata_into(&text, target).map_err(|error| ChartError::BadChartFile {
                    file: "requirements.yaml".into(),
                    message: error.0,
                    location: yaml_text_location("requirements.yaml", &text),
                })?;
                if target.api_version == "v1" {
                    other_files.push(file);
                }
            }
            "requirements.lock" => {
                if metadata.as_ref().is_some_and(|m| m.api_version == "v1") {
                    other_files.push(file);
                }
            }
            name if name.starts_with("templates/") => templates.push(file),
            name if name.starts_with("charts/") => {
                if name.ends_with(".prov") {
                    other_files.push(file);
                    continue;
                }
                let inside = name.get("charts/".len()..).unwrap_or_default();
                let subchart = inside.split('/').next().unwrap_or(inside).to_string();
                subchart_files.entry(subchart).or_default().push(ChartFile {
                    name: inside.to_string(),
                    data: file.data,
                });
            }
            _ => other_files.push(file),
        }
    }
    let Some(mut metadata) = metadata else {
        return Err(ChartError::MissingChartYaml);
    };
    metadata.validate()?;
    let parent_name = metadata.name.clone();

    let mut dependencies = Vec::new();
    for (name, files) in subchart_files {
        if name.starts_with('_') || name.starts_with('.') {
            continue;
        }
        let loaded = load_subchart(&name, files, &parent_name, depth, compat, archive_budget);
        let subchart = loaded.map_err(|error| match error {
            tar_error @ ChartError::Archive(_)
                if name.ends_with(".tgz") && is_tar_name_mismatch(&tar_error) =>
            {
                tar_error
            }
            other => ChartError::Subchart {
                name: name.clone(),
                parent: parent_name.clone(),
                source: Box::new(other),
            },
        })?;
        dependencies.push(subchart);
    }
    templates.sort_by(|a, b| a.name.cmp(&b.name));
    other_files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Chart {
        metadata,
        values,
        schema,
        templates,
        files: other_files,
        dependencies,
    })
}

fn is_tar_name_mismatch(error: &ChartError) -> bool {
    error
        .to_string()
        .starts_with("error unpacking subchart tar in ")
}

fn load_subchart(
    name: &str,
    files: Vec<ChartFile>,
    parent: &str,
    depth: usize,
    compat: HelmCompat,
    archive_budget: &mut u64,
) -> Result<Chart, ChartError> {
    if depth >= MAX_DEPTH {
        return Err(ChartError::Archive(format!(
            "subcharts nested deeper than {MAX_DEPTH} levels"
        )));
    }
    if std::path::Path::new(name)
        .extension()
        .is_some_and(|extension| extension == "tgz")
    {
        let Some(file) = files.into_iter().next() else {
            return Err(ChartError::MissingChartYaml);
        };
        if file.name != name {
            return Err(ChartError::Archive(format!(
                "error unpacking subchart tar in {parent}: expected {name}, got {}",
                file.name
            )));
        }
        let archive_files =
            load_archive_files(&file.data, archive_budget).map_err(|error| match error {
                ChartError::Archive(message) if message.starts_with("gzip:") => {
                    ChartError::Archive(format!(
                        "stream does not appear to be a valid chart file (details: {message})"
                    ))
                }
                other => other,
            })?;
        return load_files(archive_files, depth + 1, compat, archive_budget);
    }
    let inner: Vec<ChartFile> = files
        .into_iter()
        .filter_map(|file| {
            let (_, rest) = file.name.split_once('/')?;
            Some(ChartFile {
                name: rest.to_string(),
                data: file.data,
            })
        })
        .collect();
    load_files(inner, depth + 1, compat, archive_budget)
}

/// A values file's content: Helm 4 merges every YAML document of it, Helm 3 decodes only
/// the first (sigs.k8s.io/yaml's `Unmarshal`, a null document giving an empty map).
pub fn values_document(
    text: &str,
    compat: HelmCompat,
) -> Result<crate::value::Value, crate::yaml::YamlError> {
    match compat {
        HelmCompat::V4 => crate::yaml::parse_values(text),
        HelmCompat::V3 => crate::yaml::unmarshal_map(text).map(crate::value::Value::Map),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::archive::tests::make_tgz;

    fn write(root: &Path, name: &str, content: &str) {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    fn temp_chart(tag: &str) -> std::path::PathBuf {
        let root =
            std::env::temp_dir().join(format!("chartroom-load-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        root
    }

    #[test]
    fn loads_a_directory_with_subcharts_and_ignores() {
        let root = temp_chart("dir");
        write(
            &root,
            "Chart.yaml",
            "apiVersion: v2\nname: probe\nversion: 0.1.0\n",
        );
        write(&root, "values.yaml", "a: 1\n---\nb: 2\n");
        write(&root, ".helmignore", "*.bak\n");
        write(&root, "templates/b.yaml", "b");
        write(&root, "templates/a.yaml", "a");
        write(&root, "templates/.hidden", "h");
        write(&root, "notes.bak", "x");
        write(&root, "files/data.txt", "d");
        write(&root, "crds/crd.yaml", "kind: CRD");
        write(
            &root,
            "charts/sub/Chart.yaml",
            "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
        );
        write(&root, "charts/sub/templates/s.yaml", "s");
        write(&root, "charts/_skipped/Chart.yaml", "broken");
        let chart = load_chart(&root).unwrap();
        assert_eq!(chart.name(), "probe");
        let templates: Vec<&str> = chart.templates.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(templates, ["templates/a.yaml", "templates/b.yaml"]);
        let files: Vec<&str> = chart.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(files, [".helmignore", "crds/crd.yaml", "files/data.txt"]);
        assert_eq!(chart.values.len(), 2);
        assert_eq!(chart.dependencies.len(), 1);
        assert_eq!(chart.dependencies[0].templates[0].name, "templates/s.yaml");
        assert_eq!(chart.crd_objects("probe")[0].0, "probe/crds/crd.yaml");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn loads_subchart_archives() {
        let root = temp_chart("tgz");
        write(
            &root,
            "Chart.yaml",
            "apiVersion: v2\nname: probe\nversion: 0.1.0\n",
        );
        let tgz = make_tgz(&[
            (
                "packed/Chart.yaml",
                b"apiVersion: v2\nname: packed\nversion: 1.0.0\n",
            ),
            ("packed/values.yaml", b"own: 2\n"),
        ]);
        std::fs::create_dir_all(root.join("charts")).unwrap();
        std::fs::write(root.join("charts/packed-1.0.0.tgz"), &tgz).unwrap();
        let chart = load_chart(&root).unwrap();
        assert_eq!(chart.dependencies[0].name(), "packed");
        assert_eq!(chart.dependencies[0].values.len(), 1);
        std::fs::write(root.join("top.tgz"), &tgz).unwrap();
        assert_eq!(load_chart(&root.join("top.tgz")).unwrap().name(), "packed");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn error_messages() {
        let root = temp_chart("errors");
        let error = load_chart(&root).unwrap_err().to_string();
        assert!(
            error.starts_with("unable to detect chart at ")
                && error.ends_with("/Chart.yaml: no such file or directory"),
            "{error}"
        );
        write(
            &root,
            "Chart.yaml",
            "apiVersion: v9\nname: probe\nversion: 0.1.0\n",
        );
        assert_eq!(
            load_chart(&root).unwrap_err(),
            ChartError::UnsupportedChartVersion
        );
        write(
            &root,
            "Chart.yaml",
            "apiVersion: v3\nname: probe\nversion: 0.1.0\n",
        );
        assert_eq!(
            load_chart(&root).unwrap_err(),
            ChartError::InvalidApiVersion
        );
        write(
            &root,
            "Chart.yaml",
            "apiVersion: v2\nname: probe\nversion: 0.1.0\n",
        );
        write(&root, "charts/broken/values.yaml", "a: 1\n");
        assert_eq!(
            load_chart(&root).unwrap_err().to_string(),
            "error unpacking subchart broken in probe: Chart.yaml file is missing"
        );
        std::fs::remove_dir_all(root.join("charts")).unwrap();
        write(&root, "values.yaml", "a: [\n");
        assert!(load_chart(&root)
            .unwrap_err()
            .to_string()
            .starts_with("cannot load values.yaml: cannot unmarshal yaml document: "));
        write(&root, "values.yaml", "");
        write(&root, "Chart.yaml", "name: probe\nversion: 0.1.0\n");
        assert_eq!(load_chart(&root).unwrap().metadata.api_version, "v1");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn yaml_syntax_errors_name_file_line_and_column() {
        let root = temp_chart("located");
        write(
            &root,
            "Chart.yaml",
            "apiVersion: v2\nname: probe\nversion: 0.1.0\n",
        );
        write(&root, "values.yaml", "a: 1\nb: [\n  c\n");
        let error = load_chart(&root).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("yaml: line 3: did not find expected ',' or ']'"),
            "{error}"
        );
        assert_eq!(error.location().as_deref(), Some("values.yaml:4:1"));
        write(&root, "values.yaml", "");
        write(
            &root,
            "charts/sub/Chart.yaml",
            "apiVersion: v2\nname: sub\nversion: 0.1.0\ndescription: [\n",
        );
        let error = load_chart(&root).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("did not find expected node content"),
            "{error}"
        );
        assert_eq!(
            error.location().as_deref(),
            Some("charts/sub/Chart.yaml:5:1")
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn v1_requirements_become_dependencies() {
        let root = temp_chart("v1");
        write(
            &root,
            "Chart.yaml",
            "apiVersion: v1\nname: probe\nversion: 0.1.0\n",
        );
        write(
            &root,
            "requirements.yaml",
            "dependencies:\n  - name: sub\n    version: 0.1.0\n    condition: sub.enabled\n",
        );
        let chart = load_chart(&root).unwrap();
        assert_eq!(chart.metadata.dependency_list().count(), 1);
        assert_eq!(chart.files[0].name, "requirements.yaml");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
