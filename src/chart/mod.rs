//! Loading a Helm chart from disk or a .tgz: Chart.yaml, values, templates, files, dependencies;
//! the `--set` grammar and Helm's coalescing of values.
