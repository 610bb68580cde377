//! Go's Unicode case rules and the case-changing string functions built on them.
//!
//! Go maps case rune by rune with the *simple* Unicode mappings (`ToUpper("ß")` stays `ß`,
//! `ToLower("İ")` is `i`), classifies runes by general category (`IsUpper` is `Lu`, `IsPunct`
//! is `P`), and Sprig's `title`, `untitle`, `swapcase`, `snakecase`, `kebabcase` and `camelcase`
//! (Go's deprecated `strings.Title`, goutils and huandu/xstrings) are defined on those. Rust's
//! standard library offers full mappings and derived properties instead, so the differences are
//! corrected here; general categories outside ASCII are approximated from the Unicode
//! properties Rust exposes.

/// `unicode.ToUpper`: the simple uppercase mapping (unchanged when the full mapping expands).
pub fn go_to_upper(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    single(c.to_uppercase()).unwrap_or(c)
}

/// `unicode.ToLower`: the simple lowercase mapping.
pub fn go_to_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    if c == '\u{130}' {
        return 'i';
    }
    single(c.to_lowercase()).unwrap_or(c)
}

/// `unicode.ToTitle`: uppercase, except that the Latin digraphs have their own title forms.
pub fn go_to_title(c: char) -> char {
    match c {
        '\u{1C4}'..='\u{1C6}' => '\u{1C5}',
        '\u{1C7}'..='\u{1C9}' => '\u{1C8}',
        '\u{1CA}'..='\u{1CC}' => '\u{1CB}',
        '\u{1F1}'..='\u{1F3}' => '\u{1F2}',
        _ => go_to_upper(c),
    }
}

fn single<I: Iterator<Item = char>>(mut mapped: I) -> Option<char> {
    let first = mapped.next()?;
    mapped.next().is_none().then_some(first)
}

/// `unicode.IsUpper` (category Lu).
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    c.is_uppercase()
        && !matches!(c, '\u{2160}'..='\u{216F}' | '\u{24B6}'..='\u{24CF}' | '\u{1F130}'..='\u{1F189}')
        && !is_title(c)
}

/// `unicode.IsLower` (category Ll).
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    c.is_lowercase()
        && !matches!(
            c,
            '\u{AA}'
                | '\u{BA}'
                | '\u{2B0}'..='\u{2B8}'
                | '\u{2C0}'..='\u{2C1}'
                | '\u{2E0}'..='\u{2E4}'
                | '\u{345}'
                | '\u{1D2C}'..='\u{1D6A}'
                | '\u{2170}'..='\u{217F}'
                | '\u{24D0}'..='\u{24E9}'
        )
}

/// `unicode.IsTitle` (category Lt).
pub fn is_title(c: char) -> bool {
    matches!(
        c,
        '\u{1C5}'
            | '\u{1C8}'
            | '\u{1CB}'
            | '\u{1F2}'
            | '\u{1F88}'..='\u{1F8F}'
            | '\u{1F98}'..='\u{1F9F}'
            | '\u{1FA8}'..='\u{1FAF}'
            | '\u{1FBC}'
            | '\u{1FCC}'
            | '\u{1FFC}'
    )
}

/// `unicode.IsLetter` (category L).
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    c.is_alphabetic() && !c.is_numeric()
}

/// `unicode.IsPunct` (category P). In ASCII this excludes the symbols `$+<=>^`|~`.
pub fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    matches!(
        c,
        '\u{A1}'
            | '\u{A7}'
            | '\u{AB}'
            | '\u{B6}'
            | '\u{B7}'
            | '\u{BB}'
            | '\u{BF}'
            | '\u{37E}'
            | '\u{387}'
            | '\u{55A}'..='\u{55F}'
            | '\u{589}'..='\u{58A}'
            | '\u{5BE}'
            | '\u{5C0}'
            | '\u{5C3}'
            | '\u{5C6}'
            | '\u{5F3}'..='\u{5F4}'
            | '\u{609}'..='\u{60A}'
            | '\u{60C}'..='\u{60D}'
            | '\u{61B}'
            | '\u{61D}'..='\u{61F}'
            | '\u{66A}'..='\u{66D}'
            | '\u{6D4}'
            | '\u{964}'..='\u{965}'
            | '\u{970}'
            | '\u{E4F}'
            | '\u{E5A}'..='\u{E5B}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{2043}'
            | '\u{2045}'..='\u{2051}'
            | '\u{2053}'..='\u{205E}'
            | '\u{207D}'..='\u{207E}'
            | '\u{208D}'..='\u{208E}'
            | '\u{2308}'..='\u{230B}'
            | '\u{2329}'..='\u{232A}'
            | '\u{2768}'..='\u{2775}'
            | '\u{27C5}'..='\u{27C6}'
            | '\u{27E6}'..='\u{27EF}'
            | '\u{2983}'..='\u{2998}'
            | '\u{29D8}'..='\u{29DB}'
            | '\u{29FC}'..='\u{29FD}'
            | '\u{2CF9}'..='\u{2CFC}'
            | '\u{2CFE}'..='\u{2CFF}'
            | '\u{2E00}'..='\u{2E2E}'
            | '\u{2E30}'..='\u{2E4F}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301F}'
            | '\u{3030}'
            | '\u{303D}'
            | '\u{30A0}'
            | '\u{30FB}'
            | '\u{FE10}'..='\u{FE19}'
            | '\u{FE30}'..='\u{FE52}'
            | '\u{FE54}'..='\u{FE61}'
            | '\u{FE63}'
            | '\u{FE68}'
            | '\u{FE6A}'..='\u{FE6B}'
            | '\u{FF01}'..='\u{FF03}'
            | '\u{FF05}'..='\u{FF0A}'
            | '\u{FF0C}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF1B}'
            | '\u{FF1F}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF3D}'
            | '\u{FF3F}'
            | '\u{FF5B}'
            | '\u{FF5D}'
            | '\u{FF5F}'..='\u{FF65}'
    )
}

/// `strings.ToUpper`.
pub fn upper(s: &str) -> String {
    s.chars().map(go_to_upper).collect()
}

/// `strings.ToLower`.
pub fn lower(s: &str) -> String {
    s.chars().map(go_to_lower).collect()
}

/// Go's deprecated `strings.Title`: title-cases every rune that follows a separator. ASCII
/// letters, digits and `_` are no separators, other ASCII is; outside ASCII only spaces are.
pub fn title(s: &str) -> String {
    let is_separator = |c: char| {
        if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            c.is_whitespace()
        }
    };
    let mut previous = ' ';
    s.chars()
        .map(|c| {
            let mapped = if is_separator(previous) {
                go_to_title(c)
            } else {
                c
            };
            previous = c;
            mapped
        })
        .collect()
}

/// goutils `Uncapitalize`: lower-cases the first rune of every whitespace-separated word.
pub fn untitle(s: &str) -> String {
    let mut at_word_start = true;
    s.chars()
        .map(|c| {
            if c.is_whitespace() {
                at_word_start = true;
                c
            } else if at_word_start {
                at_word_start = false;
                go_to_lower(c)
            } else {
                c
            }
        })
        .collect()
}

/// goutils `SwapCase`: upper and title case become lower; lower case becomes title case at the
/// start of a word and upper case elsewhere.
pub fn swapcase(s: &str) -> String {
    let mut after_space = true;
    s.chars()
        .map(|c| {
            if is_upper(c) || is_title(c) {
                after_space = false;
                go_to_lower(c)
            } else if is_lower(c) {
                if after_space {
                    after_space = false;
                    go_to_title(c)
                } else {
                    go_to_upper(c)
                }
            } else {
                after_space = c.is_whitespace();
                c
            }
        })
        .collect()
}

/// xstrings' word separators: `-`, `_` and white space.
fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || c.is_whitespace()
}

/// xstrings' letters: Unicode letters other than CJK ideographs.
fn is_alphabet(c: char) -> bool {
    if !is_letter(c) {
        return false;
    }
    !matches!(c, '\u{4E00}'..='\u{9FCC}' | '\u{3400}'..='\u{4D85}' | '\u{20000}'..='\u{2B81D}')
}

/// xstrings `ToPascalCase` (Sprig's `camelcase`): words split at connectors are joined with
/// their first rune upper-cased; a run of capitals right after a word's first capital is
/// lower-cased (`HTTPServer` becomes `Httpserver`); doubled connectors keep one of them.
pub fn pascal_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    let mut first_rune_upper = false;
    let mut current = None;
    for c in chars.by_ref() {
        if !is_connector(c) {
            first_rune_upper = is_upper(c);
            current = Some(go_to_upper(c));
            break;
        }
        out.push(c);
        current = Some(c);
    }
    let Some(mut current) = current else {
        return out;
    };
    let rest = chars.as_str();
    if rest.is_empty() {
        out.push(current);
        return out;
    }
    for next in rest.chars() {
        let previous = current;
        current = next;
        if is_connector(current) && is_connector(previous) {
            out.push(previous);
            continue;
        }
        if is_connector(previous) {
            first_rune_upper = is_upper(current);
            current = go_to_upper(current);
        } else {
            if first_rune_upper {
                if is_upper(current) {
                    current = go_to_lower(current);
                } else {
                    first_rune_upper = false;
                }
            }
            out.push(previous);
        }
    }
    out.push(current);
    out
}

/// xstrings' word classes for snake and kebab case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WordKind {
    Invalid,
    Number,
    UpperCase,
    Alphabet,
    Connector,
    Punct,
    Other,
}

/// The next rune that is not U+FFFD (Go's decoder reports that rune as an error and xstrings
/// skips it), with the bytes consumed; `fallback` when only such runes remain.
fn next_valid_rune(s: &str, fallback: char) -> (char, usize) {
    let mut size = 0;
    for c in s.chars() {
        size += c.len_utf8();
        if c != '\u{FFFD}' {
            return (c, size);
        }
    }
    (fallback, size)
}

/// Moves `remaining` and `offset` past the runes that satisfy `keep`.
fn advance_while(
    remaining: &mut &str,
    offset: &mut usize,
    mut previous: char,
    keep: impl Fn(char) -> bool,
) {
    while !remaining.is_empty() {
        let (c, size) = next_valid_rune(remaining, previous);
        if !keep(c) {
            break;
        }
        previous = c;
        *offset += size;
        *remaining = &remaining[size..];
    }
}

/// Splits the next word off `s`: its kind, its length in bytes.
fn next_word(s: &str) -> (WordKind, usize) {
    if s.is_empty() {
        return (WordKind::Invalid, 0);
    }
    let (first, size) = next_valid_rune(s, '\u{FFFD}');
    let mut offset = size;
    if first == '\u{FFFD}' {
        return (WordKind::Invalid, offset);
    }
    let mut remaining = &s[size..];
    let kind = if is_connector(first) {
        advance_while(&mut remaining, &mut offset, first, is_connector);
        WordKind::Connector
    } else if is_punct(first) {
        advance_while(&mut remaining, &mut offset, first, is_punct);
        WordKind::Punct
    } else if is_upper(first) {
        if !remaining.is_empty() {
            let (second, second_size) = next_valid_rune(remaining, first);
            if is_upper(second) {
                let mut previous_size = second_size;
                offset += second_size;
                remaining = &remaining[second_size..];
                let mut last = second;
                while !remaining.is_empty() {
                    let (c, size) = next_valid_rune(remaining, last);
                    last = c;
                    if !is_upper(c) {
                        break;
                    }
                    previous_size = size;
                    offset += size;
                    remaining = &remaining[size..];
                }
                // "HTTPStatus": the capital starting the next word stays with it.
                if !remaining.is_empty() && is_alphabet(last) {
                    offset -= previous_size;
                }
            } else if is_alphabet(second) {
                offset += second_size;
                remaining = &remaining[second_size..];
                advance_while(&mut remaining, &mut offset, first, |c| {
                    is_alphabet(c) && !is_upper(c)
                });
            }
        }
        WordKind::UpperCase
    } else if is_alphabet(first) {
        advance_while(&mut remaining, &mut offset, first, |c| {
            is_alphabet(c) && !is_upper(c)
        });
        WordKind::Alphabet
    } else if first.is_numeric() {
        advance_while(&mut remaining, &mut offset, first, char::is_numeric);
        WordKind::Number
    } else {
        advance_while(&mut remaining, &mut offset, first, |c| {
            !(is_connector(c) || is_alphabet(c) || c.is_numeric() || is_punct(c))
        });
        WordKind::Other
    };
    (kind, offset)
}

/// Writes a word, lower-casing upper-case words and turning connectors into `connector`.
fn write_lower(out: &mut String, kind: WordKind, word: &str, connector: char) {
    if kind != WordKind::UpperCase && kind != WordKind::Connector {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        if is_connector(c) {
            out.push(connector);
        } else if is_upper(c) {
            out.push(go_to_lower(c));
        } else {
            out.push(c);
        }
    }
}

/// xstrings `ToSnakeCase` / `ToKebabCase`: words (split at case changes, digits, connectors
/// and punctuation) lower-cased and joined by `connector`; digits stay with a preceding word
/// unless letters follow them (`Bld4Floor` is `bld4_floor`, `HTTP2xx` is `http_2xx`).
pub fn delimited_lower_case(s: &str, connector: char) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut rest = s;
    let take = |rest: &mut &str| -> (WordKind, String) {
        let (kind, length) = next_word(rest);
        let word = rest[..length].to_string();
        *rest = &rest[length..];
        (kind, word)
    };
    let (mut kind, mut word) = take(&mut rest);
    while !rest.is_empty() {
        if kind != WordKind::Connector {
            write_lower(&mut out, kind, &word, connector);
        }
        let previous = kind;
        let last = std::mem::take(&mut word);
        (kind, word) = take(&mut rest);
        match previous {
            WordKind::Number => {
                while kind == WordKind::Alphabet || kind == WordKind::Number {
                    write_lower(&mut out, kind, &word, connector);
                    (kind, word) = take(&mut rest);
                }
                if !matches!(
                    kind,
                    WordKind::Invalid | WordKind::Punct | WordKind::Connector
                ) {
                    out.push(connector);
                }
            }
            WordKind::Connector => write_lower(&mut out, previous, &last, connector),
            WordKind::Punct => {}
            _ => {
                if kind != WordKind::Number {
                    if kind != WordKind::Connector && kind != WordKind::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                if rest.is_empty() {
                    continue;
                }
                let number = std::mem::take(&mut word);
                (kind, word) = take(&mut rest);
                if kind != WordKind::Alphabet {
                    write_lower(&mut out, WordKind::Number, &number, connector);
                    if kind != WordKind::Connector && kind != WordKind::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                out.push(connector);
                write_lower(&mut out, WordKind::Number, &number, connector);
                while kind == WordKind::Alphabet || kind == WordKind::Number {
                    write_lower(&mut out, kind, &word, connector);
                    (kind, word) = take(&mut rest);
                }
                if !matches!(
                    kind,
                    WordKind::Invalid | WordKind::Connector | WordKind::Punct
                ) {
                    out.push(connector);
                }
            }
        }
    }
    write_lower(&mut out, kind, &word, connector);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_case_mappings() {
        assert_eq!(upper("abc é ß"), "ABC É ß");
        assert_eq!(lower("ABC É"), "abc é");
        assert_eq!(lower("İ"), "i");
        assert_eq!(go_to_title('ǆ'), 'ǅ');
    }

    #[test]
    fn title_and_untitle() {
        assert_eq!(title("hello-world foo_bar"), "Hello-World Foo_bar");
        assert_eq!(title("ÉCOLE école"), "ÉCOLE École");
        assert_eq!(title("x.y z"), "X.Y Z");
        assert_eq!(title("o'neil mc-donald"), "O'Neil Mc-Donald");
        assert_eq!(title("ﬁx"), "ﬁx");
        assert_eq!(untitle("HELLO WORLD"), "hELLO wORLD");
        assert_eq!(untitle("A"), "a");
    }

    #[test]
    fn swapcase_title_cases_word_starts() {
        assert_eq!(swapcase("Hello World"), "hELLO wORLD");
        assert_eq!(swapcase("ABC def 123"), "abc DEF 123");
        assert_eq!(swapcase("ÉcOlE"), "éCoLe");
    }

    #[test]
    fn punctuation_follows_go_categories() {
        assert!(is_punct('.'));
        assert!(is_punct('_'));
        assert!(!is_punct('$'));
        assert!(!is_punct('+'));
        assert!(is_punct('«'));
    }

    const INPUTS: [&str; 17] = [
        "HTTPServer",
        "fooBar",
        "foo_bar",
        "foo-bar",
        "Foo Bar",
        "already_snake",
        "XMLHttpRequest",
        "a1b2",
        "ID",
        "foo__bar",
        "  spaced  out ",
        "camelCaseString",
        "Foo",
        "getHTTPResponseCode",
        "v1beta1",
        "my.dotted.name",
        "",
    ];

    #[test]
    fn snake_and_kebab_case() {
        let snake: Vec<String> = INPUTS
            .iter()
            .map(|s| delimited_lower_case(s, '_'))
            .collect();
        assert_eq!(
            snake,
            [
                "http_server",
                "foo_bar",
                "foo_bar",
                "foo_bar",
                "foo_bar",
                "already_snake",
                "xml_http_request",
                "a_1b2",
                "id",
                "foo__bar",
                "__spaced__out_",
                "camel_case_string",
                "foo",
                "get_http_response_code",
                "v_1beta1",
                "my.dotted.name",
                "",
            ]
        );
        assert_eq!(delimited_lower_case("Bld4Floor3rd", '-'), "bld4-floor-3rd");
        assert_eq!(delimited_lower_case("HTTP20xOK", '_'), "http_20x_ok");
        assert_eq!(delimited_lower_case("Duration2m3s", '_'), "duration_2m3s");
        assert_eq!(delimited_lower_case("http2xx", '_'), "http_2xx");
    }

    #[test]
    fn pascal_case() {
        let camel: Vec<String> = INPUTS.iter().map(|s| super::pascal_case(s)).collect();
        assert_eq!(
            camel,
            [
                "Httpserver",
                "FooBar",
                "FooBar",
                "FooBar",
                "FooBar",
                "AlreadySnake",
                "XmlhttpRequest",
                "A1b2",
                "Id",
                "Foo_Bar",
                "  Spaced Out ",
                "CamelCaseString",
                "Foo",
                "GetHTTPResponseCode",
                "V1beta1",
                "My.dotted.name",
                "",
            ]
        );
        assert_eq!(super::pascal_case("_complex__case_"), "_Complex_Case_");
        assert_eq!(super::pascal_case("a"), "A");
    }
}
