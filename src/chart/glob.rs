//! Go's `path/filepath.Match` on slash-separated paths, which `.helmignore` rules and
//! `--show-only` (where Helm drops the error: a malformed pattern matches nothing) use.
//!
//! `*` matches any run of characters except `/`, `?` one character except `/`, `[...]` a
//! character class (`^` negates, `a-z` ranges, `\` escapes), and `\c` the character `c`. A
//! malformed pattern is an error ("syntax error in pattern"), reported even when the text does
//! not match, as Go does. Matching works chunk by chunk (a chunk is the text after a run of
//! stars), so it never backtracks exponentially.

/// Go's `filepath.ErrBadPattern`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("syntax error in pattern")]
pub struct BadPattern;

/// Whether `name` matches the shell pattern `pattern`.
pub fn glob_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    match_chars(&pattern, &name)
}

/// A pattern prepared once and matched against many names (`.helmignore` rules meet every
/// file of a chart): a pattern without metacharacters is a plain comparison.
#[derive(Debug, Clone)]
pub struct Glob {
    chars: Vec<char>,
    literal: Option<String>,
}

impl Glob {
    /// Prepares `pattern` for matching. A malformed pattern matches nothing (as Helm drops the
    /// error of each match); checking a rule for errors is [`glob_match`]'s.
    pub fn new(pattern: &str) -> Glob {
        let literal = (!pattern.contains(['*', '?', '[', '\\'])).then(|| pattern.to_string());
        Glob {
            chars: pattern.chars().collect(),
            literal,
        }
    }

    /// Whether `name` (as text, and as its characters) matches.
    pub fn matches(&self, name: &str, name_chars: &[char]) -> bool {
        match &self.literal {
            Some(literal) => literal == name,
            None => match_chars(&self.chars, name_chars).unwrap_or(false),
        }
    }
}

fn match_chars(pattern: &[char], name: &[char]) -> Result<bool, BadPattern> {
    let mut pattern = pattern;
    let mut name = name;
    'chunks: while !pattern.is_empty() {
        let (star, chunk, rest) = scan_chunk(pattern);
        pattern = rest;
        if star && chunk.is_empty() {
            return Ok(!name.contains(&'/'));
        }
        let attempt = match_chunk(chunk, name)?;
        if let Some(remaining) = attempt {
            if remaining.is_empty() || !pattern.is_empty() {
                name = remaining;
                continue;
            }
        }
        if star {
            let mut skip = 0;
            while skip < name.len() && name.get(skip) != Some(&'/') {
                if let Some(remaining) =
                    match_chunk(chunk, name.get(skip + 1..).unwrap_or_default())?
                {
                    if pattern.is_empty() && !remaining.is_empty() {
                        skip += 1;
                        continue;
                    }
                    name = remaining;
                    continue 'chunks;
                }
                skip += 1;
            }
        }
        while !pattern.is_empty() {
            let (_, chunk, rest) = scan_chunk(pattern);
            pattern = rest;
            match_chunk(chunk, &[])?;
        }
        return Ok(false);
    }
    Ok(name.is_empty())
}

/// Splits off the leading stars and the chunk up to the next star outside a class.
fn scan_chunk(pattern: &[char]) -> (bool, &[char], &[char]) {
    let stars = pattern.iter().take_while(|c| **c == '*').count();
    let pattern = pattern.get(stars..).unwrap_or_default();
    let mut in_range = false;
    let mut index = 0;
    while index < pattern.len() {
        match pattern.get(index) {
            Some('\\') if index + 1 < pattern.len() => index += 1,
            Some('[') => in_range = true,
            Some(']') => in_range = false,
            Some('*') if !in_range => break,
            _ => {}
        }
        index += 1;
    }
    let (chunk, rest) = pattern.split_at(index.min(pattern.len()));
    (stars > 0, chunk, rest)
}

/// Matches `chunk` at the start of `text`: the rest of the text on success. The whole chunk is
/// always scanned so a malformed chunk is reported even after a mismatch.
fn match_chunk<'t>(
    mut chunk: &[char],
    mut text: &'t [char],
) -> Result<Option<&'t [char]>, BadPattern> {
    let mut failed = false;
    while let Some(&first) = chunk.first() {
        if !failed && text.is_empty() {
            failed = true;
        }
        match first {
            '[' => {
                let mut current = None;
                if !failed {
                    current = text.first().copied();
                    text = text.get(1..).unwrap_or_default();
                }
                chunk = chunk.get(1..).unwrap_or_default();
                let negated = chunk.first() == Some(&'^');
                if negated {
                    chunk = chunk.get(1..).unwrap_or_default();
                }
                let mut matched = false;
                let mut ranges = 0;
                loop {
                    if chunk.first() == Some(&']') && ranges > 0 {
                        chunk = chunk.get(1..).unwrap_or_default();
                        break;
                    }
                    let (low, rest) = class_char(chunk)?;
                    chunk = rest;
                    let mut high = low;
                    if chunk.first() == Some(&'-') {
                        let (upper, rest) = class_char(chunk.get(1..).unwrap_or_default())?;
                        high = upper;
                        chunk = rest;
                    }
                    if let Some(c) = current {
                        if low <= c && c <= high {
                            matched = true;
                        }
                    }
                    ranges += 1;
                }
                if matched == negated {
                    failed = true;
                }
            }
            '?' => {
                if !failed {
                    if text.first() == Some(&'/') {
                        failed = true;
                    }
                    text = text.get(1..).unwrap_or_default();
                }
                chunk = chunk.get(1..).unwrap_or_default();
            }
            _ => {
                if first == '\\' {
                    chunk = chunk.get(1..).unwrap_or_default();
                    if chunk.is_empty() {
                        return Err(BadPattern);
                    }
                }
                if !failed {
                    if chunk.first() != text.first() {
                        failed = true;
                    }
                    text = text.get(1..).unwrap_or_default();
                }
                chunk = chunk.get(1..).unwrap_or_default();
            }
        }
    }
    Ok(if failed { None } else { Some(text) })
}

/// One (possibly escaped) character of a class; a class must not end right after it.
fn class_char(chunk: &[char]) -> Result<(char, &[char]), BadPattern> {
    let mut chunk = chunk;
    match chunk.first() {
        None | Some('-') | Some(']') => return Err(BadPattern),
        Some('\\') => {
            chunk = chunk.get(1..).unwrap_or_default();
        }
        Some(_) => {}
    }
    let Some(&c) = chunk.first() else {
        return Err(BadPattern);
    };
    let rest = chunk.get(1..).unwrap_or_default();
    if rest.is_empty() {
        return Err(BadPattern);
    }
    Ok((c, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_match_cases() {
        let cases: &[(&str, &str, bool)] = &[
            ("abc", "abc", true),
            ("*", "abc", true),
            ("*c", "abc", true),
            ("a*", "a", true),
            ("a*", "ab/c", false),
            ("a*/b", "abc/b", true),
            ("a*b*c*d*e*/f", "axbxcxdxe/f", true),
            ("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
            ("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
            ("a*b?c*x", "abxbbxdbxebxczzx", true),
            ("a*b?c*x", "abxbbxdbxebxczzy", false),
            ("ab[c]", "abc", true),
            ("ab[b-d]", "abc", true),
            ("ab[^c]", "abc", false),
            ("ab[^b-d]", "abe", true),
            ("a\\*b", "a*b", true),
            ("a\\*b", "ab", false),
            ("a?b", "a☺b", true),
            ("a[^a]b", "a☺b", true),
            ("*x", "xxx", true),
            ("templates/.?*", "templates/.hidden", true),
            ("templates/.?*", "templates/.", false),
            ("templates/.?*", "templates/sub/.x", false),
            ("templates/[ab].yaml", "templates/b.yaml", true),
            ("templates/[ab].yaml", "templates/c.yaml", false),
            ("templates/*", "templates/tests/t.yaml", false),
            ("templates/*/*.yaml", "templates/tests/t.yaml", true),
            ("templates/?.yaml", "templates/a.yaml", true),
            ("templates/[a-c].yaml", "templates/c.yaml", true),
            ("*a*b", "xaxxb", true),
            ("templates", "templates/a.yaml", false),
            ("[^a]", "/", true),
        ];
        for (pattern, name, expected) in cases {
            assert_eq!(
                glob_match(pattern, name),
                Ok(*expected),
                "{pattern} vs {name}"
            );
        }
    }

    #[test]
    fn bad_patterns_are_errors() {
        for pattern in ["[", "[^", "[^bc", "a[", "a\\", "[a-", "[]a]", "[-]"] {
            assert_eq!(glob_match(pattern, "abc"), Err(BadPattern), "{pattern}");
        }
        assert_eq!(glob_match("*x[", "a"), Err(BadPattern));
    }
}
