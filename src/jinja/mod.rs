//! Jinja-templated manifest directories (minijinja) with the project's function library.
