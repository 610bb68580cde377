//! Go's `path/filepath.Match` on slash-separated paths, as `--show-only` uses it: `*` matches
//! any run of non-`/` characters, `?` one non-`/` character, `[...]` a class (ranges, `^`
//! negation) and `\` escapes. A malformed pattern matches nothing (Helm ignores the error).

/// Whether `name` matches the whole of `pattern`.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    match_from(&pattern, &name).unwrap_or(false)
}

/// Iterative matcher with single-star backtracking (stars never cross `/`, so remembering the
/// last star is enough). `None` for a malformed pattern.
fn match_from(pattern: &[char], name: &[char]) -> Option<bool> {
    let mut p = 0;
    let mut n = 0;
    let mut star: Option<(usize, usize)> = None;
    loop {
        if p < pattern.len() {
            match pattern.get(p) {
                Some('*') => {
                    star = Some((p, n));
                    p += 1;
                    continue;
                }
                Some(_) if n < name.len() => {
                    let (matched, width) = match_one(pattern, p, name.get(n).copied())?;
                    if matched {
                        p += width;
                        n += 1;
                        continue;
                    }
                }
                _ => {
                    // Pattern left but no input: still validate the rest is well formed.
                    if n >= name.len() {
                        validate(&pattern[p..])?;
                    }
                }
            }
        } else if n == name.len() {
            return Some(true);
        }
        // Mismatch: let the last star swallow one more non-separator character.
        match star {
            Some((star_p, star_n)) if star_n < name.len() && name.get(star_n) != Some(&'/') => {
                star = Some((star_p, star_n + 1));
                p = star_p + 1;
                n = star_n + 1;
            }
            _ => {
                validate(&pattern[p.min(pattern.len())..])?;
                return Some(false);
            }
        }
    }
}

/// Checks the remaining pattern for syntax errors the way Go reports `ErrBadPattern`.
fn validate(pattern: &[char]) -> Option<()> {
    let mut p = 0;
    while p < pattern.len() {
        match pattern.get(p) {
            Some('*') => p += 1,
            _ => {
                let (_, width) = match_one(pattern, p, Some('a'))?;
                p += width;
            }
        }
    }
    Some(())
}

/// Matches one pattern element at `p` against `c`; returns whether it matched and the
/// element's width in the pattern. `None` when the element is malformed.
fn match_one(pattern: &[char], p: usize, c: Option<char>) -> Option<(bool, usize)> {
    let c = c?;
    match pattern.get(p)? {
        '?' => Some((c != '/', 1)),
        '\\' => {
            let escaped = pattern.get(p + 1)?;
            Some((*escaped == c, 2))
        }
        '[' => {
            let mut i = p + 1;
            let negated = pattern.get(i) == Some(&'^');
            if negated {
                i += 1;
            }
            let mut matched = false;
            let mut first = true;
            loop {
                let current = *pattern.get(i)?;
                if current == ']' && !first {
                    i += 1;
                    break;
                }
                first = false;
                let low = class_char(pattern, &mut i)?;
                let mut high = low;
                if pattern.get(i) == Some(&'-') {
                    i += 1;
                    high = class_char(pattern, &mut i)?;
                }
                if low <= c && c <= high {
                    matched = true;
                }
            }
            Some((matched != negated && c != '/', i - p))
        }
        literal => Some((*literal == c, 1)),
    }
}

/// One character of a class, honouring `\` escapes; `-` and `]` cannot start a range end.
fn class_char(pattern: &[char], i: &mut usize) -> Option<char> {
    let current = *pattern.get(*i)?;
    match current {
        '-' | ']' => None,
        '\\' => {
            let escaped = *pattern.get(*i + 1)?;
            *i += 2;
            Some(escaped)
        }
        other => {
            *i += 1;
            Some(other)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_filepath_match() {
        assert!(glob_match("templates/a.yaml", "templates/a.yaml"));
        assert!(glob_match("templates/[ab].yaml", "templates/b.yaml"));
        assert!(!glob_match("templates/[ab].yaml", "templates/c.yaml"));
        assert!(glob_match("templates/*", "templates/a.yaml"));
        assert!(!glob_match("templates/*", "templates/tests/t.yaml"));
        assert!(glob_match("templates/*/*.yaml", "templates/tests/t.yaml"));
        assert!(glob_match("templates/?.yaml", "templates/a.yaml"));
        assert!(glob_match("templates/[^b].yaml", "templates/a.yaml"));
        assert!(glob_match("templates/[a-c].yaml", "templates/c.yaml"));
        assert!(glob_match("*a*b", "xaxxb"));
        assert!(!glob_match("templates/[", "templates/["));
        assert!(!glob_match("templates", "templates/a.yaml"));
        assert!(glob_match("a\\*b", "a*b"));
    }
}
