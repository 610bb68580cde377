//! Output state and scalar writing of the libyaml-style emitter behind go-yaml.
//!
//! go-yaml's emitter (a port of libyaml) tracks the current column, the indentation, and two
//! flags: `whitespace` (the last thing written was a space or line start, so an indicator needs
//! no separating space) and `indention` (only indentation is on the current line). Every
//! layout decision, from where a `- ` goes to where a long scalar folds, follows from those;
//! [`Writer`] keeps the same state and the same primitive moves.
//!
//! Scalars: the encoder asks for a style (plain, double-quoted, or literal for text with a
//! newline); the emitter analyses the text and downgrades the style when the text cannot be
//! written that way (plain -> single-quoted -> double-quoted, literal -> double-quoted).
//! Plain and quoted scalars fold at a space once the column passes the best width (80), unless
//! they are simple keys; literal blocks never fold.

/// Which go-yaml generation's emitter to imitate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// go-yaml v2 as used by sigs.k8s.io/yaml (`toYaml`): folds at 80 columns, sequences in
    /// mappings are not indented, tabs force double quotes.
    V2,
    /// go-yaml v3 (`toYamlPretty`): no folding, sequences indented under their key, tabs allow
    /// literal blocks.
    V3,
}

/// The style the encoder asks for; the emitter may pick a stronger one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestedStyle {
    Plain,
    DoubleQuoted,
    Literal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

const BEST_INDENT: usize = 2;
const BEST_WIDTH: usize = 80;

/// The emitter's output and layout state.
pub struct Writer {
    pub out: String,
    pub dialect: Dialect,
    column: usize,
    /// Current indentation; `None` before the root node (libyaml's -1).
    pub indent: Option<usize>,
    indents: Vec<Option<usize>>,
    whitespace: bool,
    indention: bool,
    best_width: usize,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// libyaml's printable set: LF, ASCII graphics and space, and the BMP outside the C1 controls,
/// surrogates, U+FEFF, U+FFFE and U+FFFF. Characters beyond the BMP count as non-printable.
fn is_printable(c: char) -> bool {
    let code = u32::from(c);
    code == 0x0A
        || (0x20..=0x7E).contains(&code)
        || (0xA0..=0xD7FF).contains(&code)
        || ((0xE000..=0xFFFD).contains(&code) && code != 0xFEFF)
}

impl Writer {
    pub fn new(dialect: Dialect) -> Writer {
        Writer {
            out: String::new(),
            dialect,
            column: 0,
            indent: None,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            best_width: match dialect {
                Dialect::V2 => BEST_WIDTH,
                Dialect::V3 => usize::MAX,
            },
        }
    }

    /// Whether only indentation has been written on the current line.
    pub fn at_indention(&self) -> bool {
        self.indention
    }

    /// Pushes the indentation and moves it one level in (or to 0 / 2 for the root node).
    pub fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        self.indent = match self.indent {
            None => Some(if flow { BEST_INDENT } else { 0 }),
            Some(current) if !indentless => Some(current + BEST_INDENT),
            Some(current) => Some(current),
        };
    }

    pub fn restore_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(None);
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
        if self.dialect == Dialect::V3 {
            self.indention = true;
        }
    }

    /// Copies a line-break character of the value: LF becomes the output line break, other
    /// breaks are written as they are and start a new line.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
            if self.dialect == Dialect::V3 {
                self.indention = true;
            }
        }
    }

    /// Starts a new line when needed and pads to the current indentation.
    pub fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    pub fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    /// Writes a scalar node: picks the final style, indents one level for continuation lines,
    /// and writes the text. `simple_key` is set for a mapping key written inline.
    pub fn write_scalar(&mut self, text: &str, requested: RequestedStyle, simple_key: bool) {
        let analysis = ScalarAnalysis::of(text, self.dialect);
        let style = select_style(requested, &analysis, text.is_empty(), simple_key);
        self.increase_indent(true, false);
        let allow_breaks = !simple_key;
        match style {
            Style::Plain => self.write_plain(text, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(text, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(text, allow_breaks),
            Style::Literal => self.write_literal(text),
        }
        self.restore_indent();
    }

    fn write_plain(&mut self, text: &str, allow_breaks: bool) {
        // go-yaml v3 writes nothing at all for an empty plain scalar.
        let writes_nothing = self.dialect == Dialect::V3 && text.is_empty();
        if !self.whitespace && !writes_nothing {
            self.put(' ');
        }
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        let mut breaks = false;
        for (index, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(index + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > self.best_width && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if !writes_nothing {
            self.whitespace = false;
        }
        self.indention = false;
    }

    fn write_single_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let last = chars.len().saturating_sub(1);
        let mut spaces = false;
        let mut breaks = false;
        for (index, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(index + 1) == Some(&' ');
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && index > 0
                    && index < last
                    && !next_is_space
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                if self.dialect == Dialect::V2 {
                    self.indention = true;
                }
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        // libyaml tests for a byte-order mark at the start of the whole value rather than at
        // the current character, so a value starting with U+FEFF has every character escaped.
        let starts_with_bom = text.starts_with('\u{FEFF}');
        let chars: Vec<char> = text.chars().collect();
        let last = chars.len().saturating_sub(1);
        let mut spaces = false;
        for (index, &c) in chars.iter().enumerate() {
            if !is_printable(c) || starts_with_bom || is_break(c) || c == '"' || c == '\\' {
                self.write_escape(c);
                spaces = false;
            } else if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > self.best_width
                    && index > 0
                    && index < last
                {
                    self.write_indent();
                    if chars.get(index + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_escape(&mut self, c: char) {
        self.put('\\');
        let short = match c {
            '\0' => Some('0'),
            '\u{07}' => Some('a'),
            '\u{08}' => Some('b'),
            '\t' => Some('t'),
            '\n' => Some('n'),
            '\u{0B}' => Some('v'),
            '\u{0C}' => Some('f'),
            '\r' => Some('r'),
            '\u{1B}' => Some('e'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            '\u{85}' => Some('N'),
            '\u{A0}' => Some('_'),
            '\u{2028}' => Some('L'),
            '\u{2029}' => Some('P'),
            _ => None,
        };
        if let Some(letter) = short {
            self.put(letter);
            return;
        }
        let code = u32::from(c);
        let (letter, width) = if code <= 0xFF {
            ('x', 2)
        } else if code <= 0xFFFF {
            ('u', 4)
        } else {
            ('U', 8)
        };
        self.put(letter);
        for digit in format!("{code:0width$X}").chars() {
            self.put(digit);
        }
    }

    /// The block header: an indentation indicator when the text starts with a space or break,
    /// then `-` (no final break), `+` (more than one final break, or only a break), or nothing.
    fn write_block_hints(&mut self, text: &str) {
        let mut chars = text.chars();
        if text.starts_with(' ') || text.chars().next().is_some_and(is_break) {
            self.write_indicator(&BEST_INDENT.to_string(), false, false, false);
        }
        let last = chars.next_back();
        let chomp = match last {
            None => Some("-"),
            Some(c) if !is_break(c) => Some("-"),
            Some(_) => match chars.next_back() {
                None => Some("+"),
                Some(before) if is_break(before) => Some("+"),
                Some(_) => None,
            },
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
    }

    fn write_literal(&mut self, text: &str) {
        self.write_indicator("|", true, false, false);
        self.write_block_hints(text);
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in text.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// What the emitter learns about a scalar's text before choosing its style.
#[derive(Debug)]
pub struct ScalarAnalysis {
    pub multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

impl ScalarAnalysis {
    pub fn of(text: &str, dialect: Dialect) -> ScalarAnalysis {
        if text.is_empty() {
            return ScalarAnalysis {
                multiline: false,
                block_plain_allowed: true,
                single_quoted_allowed: true,
                block_allowed: false,
            };
        }
        let mut block_indicators = text.starts_with("---") || text.starts_with("...");
        let mut line_breaks = false;
        let mut special_characters = false;
        let mut tab_characters = false;
        let (mut leading_space, mut leading_break) = (false, false);
        let (mut trailing_space, mut trailing_break) = (false, false);
        let (mut break_space, mut space_break) = (false, false);
        let (mut previous_space, mut previous_break) = (false, false);
        let mut preceded_by_whitespace = true;
        let chars: Vec<char> = text.chars().collect();
        let count = chars.len();
        for (index, &c) in chars.iter().enumerate() {
            let followed_by_whitespace = chars.get(index + 1).is_none_or(|n| is_blank(*n));
            if index == 0 {
                match c {
                    '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\''
                    | '"' | '%' | '@' | '`' => block_indicators = true,
                    '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                    _ => {}
                }
            } else {
                match c {
                    ':' if followed_by_whitespace => block_indicators = true,
                    '#' if preceded_by_whitespace => block_indicators = true,
                    _ => {}
                }
            }
            if dialect == Dialect::V3 && c == '\t' {
                tab_characters = true;
            } else if !is_printable(c) {
                special_characters = true;
            }
            if c == ' ' {
                leading_space |= index == 0;
                trailing_space |= index + 1 == count;
                break_space |= previous_break;
                previous_space = true;
                previous_break = false;
            } else if is_break(c) {
                line_breaks = true;
                leading_break |= index == 0;
                trailing_break |= index + 1 == count;
                space_break |= previous_space;
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_whitespace = is_blank(c) || is_break(c) || c == '\0';
        }
        let mut analysis = ScalarAnalysis {
            multiline: line_breaks,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: true,
        };
        if leading_space || leading_break || trailing_space || trailing_break {
            analysis.block_plain_allowed = false;
        }
        if trailing_space {
            analysis.block_allowed = false;
        }
        if break_space {
            analysis.block_plain_allowed = false;
            analysis.single_quoted_allowed = false;
        }
        if space_break || tab_characters || special_characters {
            analysis.block_plain_allowed = false;
            analysis.single_quoted_allowed = false;
        }
        if space_break || special_characters {
            analysis.block_allowed = false;
        }
        if line_breaks || block_indicators {
            analysis.block_plain_allowed = false;
        }
        analysis
    }

    /// Whether a mapping key with this text can be written inline (`key: value`) rather than
    /// as an explicit `? key` entry: single-line and at most 128 bytes.
    pub fn fits_simple_key(&self, text: &str) -> bool {
        !self.multiline && text.len() <= 128
    }
}

/// libyaml's style choice for block context (go-yaml only uses flow style for empty
/// collections, which hold no scalars).
fn select_style(
    requested: RequestedStyle,
    analysis: &ScalarAnalysis,
    empty: bool,
    simple_key: bool,
) -> Style {
    let mut style = match requested {
        RequestedStyle::Plain => Style::Plain,
        RequestedStyle::DoubleQuoted => Style::DoubleQuoted,
        RequestedStyle::Literal => Style::Literal,
    };
    if simple_key && analysis.multiline {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain && (!analysis.block_plain_allowed || (empty && simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !analysis.single_quoted_allowed {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!analysis.block_allowed || simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}
