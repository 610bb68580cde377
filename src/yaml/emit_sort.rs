//! The order in which go-yaml writes map keys.
//!
//! go-yaml sorts string keys rune by rune with two twists: at the first differing position a
//! letter sorts after a non-letter, and runs of digits compare by numeric value (`a9` before
//! `a10`, `"9"` before `"10"`). go-yaml v3 (`toYamlPretty`) changed one case: when the runes
//! just before the difference were digits, the non-letter sorts after the letter instead.
//! The comparison is not guaranteed to be a total order for every key set, so the sort here
//! is a merge sort that only ever asks "is a before b" (it never panics on inconsistency).

/// Which go-yaml generation's comparison to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOrder {
    /// go-yaml v2 (`toYaml`).
    V2,
    /// go-yaml v3 (`toYamlPretty`).
    V3,
}

/// Go's `unicode.IsLetter`, approximated by Rust's alphabetic property.
fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

/// Go's `unicode.IsDigit` (decimal digits of any script).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric())
}

/// Digit value as go-yaml computes it (`rune - '0'`, so other scripts' digits are large).
fn digit_value(c: char) -> i64 {
    i64::from(u32::from(c)) - i64::from(u32::from('0'))
}

/// go-yaml's `keyList.Less` for two string keys.
pub fn key_less(a: &str, b: &str, order: KeyOrder) -> bool {
    let left: Vec<char> = a.chars().collect();
    let right: Vec<char> = b.chars().collect();
    let mut after_digits = false;
    for position in 0..left.len().min(right.len()) {
        let (lc, rc) = (left[position], right[position]);
        if lc == rc {
            after_digits = is_digit(lc);
            continue;
        }
        let (left_letter, right_letter) = (is_letter(lc), is_letter(rc));
        if left_letter && right_letter {
            return lc < rc;
        }
        if left_letter || right_letter {
            return if order == KeyOrder::V3 && after_digits {
                left_letter
            } else {
                right_letter
            };
        }
        let (mut left_number, mut right_number) = (0i64, 0i64);
        if lc == '0' || rc == '0' {
            // A zero continuing a non-zero digit run is part of a number, not a leading zero.
            let continues_number = left[..position]
                .iter()
                .rev()
                .take_while(|c| is_digit(**c))
                .any(|c| *c != '0');
            if continues_number {
                left_number = 1;
                right_number = 1;
            }
        }
        let mut left_end = position;
        while left_end < left.len() && is_digit(left[left_end]) {
            left_number = left_number
                .wrapping_mul(10)
                .wrapping_add(digit_value(left[left_end]));
            left_end += 1;
        }
        let mut right_end = position;
        while right_end < right.len() && is_digit(right[right_end]) {
            right_number = right_number
                .wrapping_mul(10)
                .wrapping_add(digit_value(right[right_end]));
            right_end += 1;
        }
        if left_number != right_number {
            return left_number < right_number;
        }
        if left_end != right_end {
            return left_end < right_end;
        }
        return lc < rc;
    }
    left.len() < right.len()
}

/// Sorts `items` by their keys in go-yaml's order (stable merge sort on `key_less`).
pub fn sort_by_key_order<T>(items: &mut Vec<(String, T)>, order: KeyOrder) {
    let mut taken: Vec<(String, T)> = std::mem::take(items);
    let length = taken.len();
    if length < 2 {
        *items = taken;
        return;
    }
    let right_half = taken.split_off(length / 2);
    let mut left_half = taken;
    let mut right_half = right_half;
    sort_by_key_order(&mut left_half, order);
    sort_by_key_order(&mut right_half, order);
    let mut merged = Vec::with_capacity(length);
    let mut left_iter = left_half.into_iter().peekable();
    let mut right_iter = right_half.into_iter().peekable();
    loop {
        let take_right = match (left_iter.peek(), right_iter.peek()) {
            (Some(left), Some(right)) => key_less(&right.0, &left.0, order),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right {
            right_iter.next()
        } else {
            left_iter.next()
        };
        merged.extend(next);
    }
    *items = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(keys: &[&str], order: KeyOrder) -> Vec<String> {
        let mut items: Vec<(String, ())> = keys.iter().map(|k| (k.to_string(), ())).collect();
        sort_by_key_order(&mut items, order);
        items.into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn digit_runs_compare_numerically_and_letters_sort_last() {
        let keys = ["a10", "a9", "alpha", "Alpha", "b", "10", "9", "_x", "Z"];
        let expected = ["_x", "9", "10", "Alpha", "Z", "a9", "a10", "alpha", "b"];
        assert_eq!(sorted(&keys, KeyOrder::V2), expected);
    }

    #[test]
    fn helm_key_ordering_case() {
        let keys = ["b", "a", "B", "_", "10", "9", "aa", "A"];
        assert_eq!(
            sorted(&keys, KeyOrder::V2),
            ["_", "9", "10", "A", "B", "a", "aa", "b"]
        );
    }

    #[test]
    fn quoted_keys_case() {
        let keys = [
            "a:b",
            "yes",
            "1",
            "",
            "with space",
            "#hash",
            "null",
            "~",
            "-dash",
            "x.y",
            "é",
            "true",
            "*star",
        ];
        let expected = [
            "",
            "#hash",
            "*star",
            "-dash",
            "~",
            "1",
            "a:b",
            "null",
            "true",
            "with space",
            "x.y",
            "yes",
            "é",
        ];
        assert_eq!(sorted(&keys, KeyOrder::V2), expected);
    }

    #[test]
    fn leading_zeros_make_longer_runs_later() {
        assert!(key_less("a1", "a01", KeyOrder::V2));
        assert!(key_less("x10", "x100", KeyOrder::V2));
        assert!(!key_less("x100", "x10", KeyOrder::V2));
    }

    #[test]
    fn v3_puts_letters_first_after_a_digit_prefix() {
        // Both start with "1"; then '-' (non-letter) vs 'a' (letter).
        assert!(key_less("1-", "1a", KeyOrder::V2));
        assert!(key_less("1a", "1-", KeyOrder::V3));
    }
}
