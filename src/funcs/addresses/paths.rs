//! Path functions: `base`, `dir`, `ext`, `clean`, `isAbs` (Go's slash-separated `path`
//! package) and their `os*` twins (Go's `path/filepath`). Helm runs on Linux here, where
//! `filepath` uses `/` and has no volume names, so both families share one implementation.

use crate::funcs::convert::string_arg;
use crate::value::{FuncError, Function, GoType, Signature, Value};

const ONE_STRING: Signature = Signature {
    params: &[GoType::String],
    variadic: None,
};

pub const FUNCTIONS: &[Function] = &[
    Function {
        name: "base",
        signature: ONE_STRING,
        call: base_function,
    },
    Function {
        name: "dir",
        signature: ONE_STRING,
        call: dir_function,
    },
    Function {
        name: "ext",
        signature: ONE_STRING,
        call: ext_function,
    },
    Function {
        name: "clean",
        signature: ONE_STRING,
        call: clean_function,
    },
    Function {
        name: "isAbs",
        signature: ONE_STRING,
        call: is_abs_function,
    },
    Function {
        name: "osBase",
        signature: ONE_STRING,
        call: base_function,
    },
    Function {
        name: "osDir",
        signature: ONE_STRING,
        call: dir_function,
    },
    Function {
        name: "osExt",
        signature: ONE_STRING,
        call: ext_function,
    },
    Function {
        name: "osClean",
        signature: ONE_STRING,
        call: clean_function,
    },
    Function {
        name: "osIsAbs",
        signature: ONE_STRING,
        call: is_abs_function,
    },
];

fn base_function(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(base(string_arg(args, 0)?)))
}

fn dir_function(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(dir(string_arg(args, 0)?)))
}

fn ext_function(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(ext(string_arg(args, 0)?)))
}

fn clean_function(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::from(clean(string_arg(args, 0)?)))
}

fn is_abs_function(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Bool(string_arg(args, 0)?.starts_with('/')))
}

/// Go's `path.Clean`: the shortest equivalent path, processing `.` and `..` lexically;
/// `..` above the root is dropped, an empty result is `.`.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    // Count of leading `..` elements kept in a relative path (they cannot be cancelled).
    let mut leading_parent_count = 0;
    for element in path.split('/') {
        match element {
            "" | "." => {}
            ".." => {
                if parts.len() > leading_parent_count {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                    leading_parent_count += 1;
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Go's `path.Base`: the last element after dropping trailing slashes; `.` for an empty path,
/// `/` for a path of slashes.
pub fn base(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    match trimmed.rfind('/') {
        Some(index) => trimmed[index + 1..].to_string(),
        None => trimmed.to_string(),
    }
}

/// Go's `path.Dir`: everything up to the last slash, cleaned.
pub fn dir(path: &str) -> String {
    let head = match path.rfind('/') {
        Some(index) => &path[..=index],
        None => "",
    };
    clean(head)
}

/// Go's `path.Ext`: the suffix from the last dot of the last element, or empty.
pub fn ext(path: &str) -> String {
    for (index, byte) in path.bytes().enumerate().rev() {
        match byte {
            b'/' => break,
            b'.' => return path[index..].to_string(),
            _ => {}
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    const INPUTS: [&str; 11] = [
        "/a/b/c.txt",
        "a/b/",
        "",
        ".",
        "/",
        "c.tar.gz",
        "../x/./y//z",
        "/a/../../b",
        "noext",
        ".hidden",
        "a/b.c/d",
    ];

    fn all(function: fn(&str) -> String) -> Vec<String> {
        INPUTS.iter().map(|input| function(input)).collect()
    }

    #[test]
    fn base_dir_ext_clean_follow_go() {
        assert_eq!(
            all(base),
            ["c.txt", "b", ".", ".", "/", "c.tar.gz", "z", "b", "noext", ".hidden", "d"]
        );
        assert_eq!(
            all(dir),
            ["/a/b", "a/b", ".", ".", "/", ".", "../x/y", "/", ".", ".", "a/b.c"]
        );
        assert_eq!(
            all(ext),
            [".txt", "", "", ".", "", ".gz", "", "", "", ".hidden", ""]
        );
        assert_eq!(
            all(clean),
            [
                "/a/b/c.txt",
                "a/b",
                ".",
                ".",
                "/",
                "c.tar.gz",
                "../x/y/z",
                "/b",
                "noext",
                ".hidden",
                "a/b.c/d"
            ]
        );
        assert_eq!(clean("a/../../b/.."), "..");
        assert_eq!(clean("//x//y/../z"), "/x/z");
    }

    #[test]
    fn functions_take_one_string() {
        assert_eq!(is_abs_function(&[Value::from("/x")]), Ok(Value::Bool(true)));
        assert_eq!(is_abs_function(&[Value::from("x")]), Ok(Value::Bool(false)));
        assert_eq!(
            base_function(&[Value::from("/x/y.z")]),
            Ok(Value::from("y.z"))
        );
        assert!(dir_function(&[Value::Int(1)]).is_err());
        assert!(ext_function(&[]).is_err());
    }
}
