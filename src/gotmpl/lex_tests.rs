use super::*;

fn kinds(input: &str) -> Vec<(ItemKind, String)> {
    let (items, error) = lex(input);
    items
        .into_iter()
        .map(|i| match i.kind {
            ItemKind::Error => (i.kind, error.clone()),
            _ => (i.kind, i.val.to_string()),
        })
        .collect()
}

#[test]
fn text_and_action_tokens() {
    use ItemKind::*;
    assert_eq!(
        kinds("a {{ .Values.x | quote }} b"),
        vec![
            (Text, "a ".into()),
            (LeftDelim, "{{".into()),
            (Space, " ".into()),
            (Field, ".Values".into()),
            (Field, ".x".into()),
            (Space, " ".into()),
            (Pipe, "|".into()),
            (Space, " ".into()),
            (Identifier, "quote".into()),
            (Space, " ".into()),
            (RightDelim, "}}".into()),
            (Text, " b".into()),
            (Eof, "".into()),
        ]
    );
}

#[test]
fn trim_markers_remove_surrounding_space() {
    use ItemKind::*;
    assert_eq!(
        kinds("a  \n{{- 3 -}}\n  b"),
        vec![
            (Text, "a".into()),
            (LeftDelim, "{{".into()),
            (Number, "3".into()),
            (RightDelim, "}}".into()),
            (Text, "b".into()),
            (Eof, "".into()),
        ]
    );
    // Without the space the dash belongs to a number.
    assert_eq!(kinds("{{-3}}")[1], (Number, "-3".into()));
}

#[test]
fn comments_are_dropped_and_checked() {
    use ItemKind::*;
    assert_eq!(
        kinds("a {{- /* c */ -}} b"),
        vec![(Text, "a".into()), (Text, "b".into()), (Eof, "".into())]
    );
    assert_eq!(kinds("{{/* x"), vec![(Error, "unclosed comment".into())]);
    assert_eq!(
        kinds("{{/* x */ }}"),
        vec![(Error, "comment ends before closing delimiter".into())]
    );
}

#[test]
fn variables_keywords_and_literals() {
    use ItemKind::*;
    let items = kinds("{{ $x := 'a' }}{{ if true }}{{ else }}{{ end }}{{ `r` \"s\" nil . $ }}");
    let got: Vec<ItemKind> = items
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| *k != Space)
        .collect();
    assert_eq!(
        got,
        vec![
            LeftDelim,
            Variable,
            Declare,
            CharConstant,
            RightDelim,
            LeftDelim,
            If,
            Bool,
            RightDelim,
            LeftDelim,
            Else,
            RightDelim,
            LeftDelim,
            End,
            RightDelim,
            LeftDelim,
            RawString,
            String,
            Nil,
            Dot,
            Variable,
            RightDelim,
            Eof
        ]
    );
}

#[test]
fn numbers_and_lexical_errors() {
    use ItemKind::*;
    assert_eq!(kinds("{{0x1F}}")[1], (Number, "0x1F".into()));
    assert_eq!(kinds("{{1e-3}}")[1], (Number, "1e-3".into()));
    assert_eq!(kinds("{{1+2i}}")[1], (Complex, "1+2i".into()));
    assert_eq!(
        kinds("{{ 1.2.3 }}")[2..4],
        [(Number, "1.2".into()), (Number, ".3".into())]
    );
    assert_eq!(
        kinds("{{3x}}")[1],
        (Error, "bad number syntax: \"3x\"".into())
    );
    assert_eq!(
        kinds("{{ \"abc }}").last().unwrap(),
        &(Error, "unterminated quoted string".into())
    );
    assert_eq!(
        kinds("{{ .x").last().unwrap(),
        &(Error, "unclosed action".into())
    );
    assert_eq!(
        kinds("{{ (1 }}").last().unwrap(),
        &(Error, "unclosed left paren".into())
    );
    assert_eq!(
        kinds("{{ .a#b }}").last().unwrap(),
        &(Error, "bad character U+0023 '#'".into())
    );
}

#[test]
fn items_carry_offsets_and_lines() {
    let (items, _) = lex("a\nb {{\n.x }}");
    let field = items.iter().find(|i| i.kind == ItemKind::Field).unwrap();
    assert_eq!((field.pos, field.line), (7, 3));
    let delim = items
        .iter()
        .find(|i| i.kind == ItemKind::LeftDelim)
        .unwrap();
    assert_eq!((delim.pos, delim.line), (4, 2));
}

#[test]
fn delimiters_are_found_like_str_find() {
    for text in ["", "{", "a{b{{c", "{{", "{{{", "x{ {{y}}{{", "é{{", "{a{{b"] {
        assert_eq!(find_left_delim(text.as_bytes()), text.find("{{"), "{text}");
    }
}
