//! A YAML writer for JSON values, in the block style CloudFormation templates are written in.
//!
//! The templates are read by YAML 1.1 parsers (CloudFormation, cfn-lint's PyYAML) as well as
//! YAML 1.2 ones, which disagree about plain scalars: `yes`, `on`, `12:30`, `1_000` and
//! `2024-01-01` are strings to one and booleans, numbers or dates to the other. A string is
//! written plain only when it cannot be anything but a string to either; otherwise it is
//! quoted. Numbers never use exponents (YAML 1.1 wants `1.0e-06` where JSON writes `1e-6`).
//! Entries can be written one at a time, so a template is assembled from resources serialised
//! once each.

use serde_json::{Map, Value};

/// The whole value as a YAML document (a mapping at the top level, usually).
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => entries(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => items.iter().for_each(|v| item(&mut out, v, 0, true)),
        _ => {
            scalar(&mut out, value, 2, false);
            out.push('\n');
        }
    }
    out
}

/// Writes every entry of `map` as `key: value` lines indented by `indent` spaces.
pub fn entries(out: &mut String, map: &Map<String, Value>, indent: usize) {
    for (key, value) in map {
        entry(out, key, value, indent, true);
    }
}

/// Writes one `key: value` entry indented by `indent` spaces (the first line unindented when
/// `pad` is false: it follows a `- ` on the same line).
pub fn entry(out: &mut String, key: &str, value: &Value, indent: usize, pad: bool) {
    if pad {
        spaces(out, indent);
    }
    string(out, key, indent + 2, true);
    out.push(':');
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            entries(out, map, indent + 2);
        }
        // A sequence under a key sits at the key's own indentation, as libyaml writes it.
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            items.iter().for_each(|v| item(out, v, indent, true));
        }
        _ => {
            out.push(' ');
            scalar(out, value, indent + 2, false);
            out.push('\n');
        }
    }
}

/// Writes one `- value` sequence item.
fn item(out: &mut String, value: &Value, indent: usize, pad: bool) {
    if pad {
        spaces(out, indent);
    }
    out.push_str("- ");
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (n, (key, value)) in map.iter().enumerate() {
                entry(out, key, value, indent + 2, n > 0);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (n, value) in items.iter().enumerate() {
                item(out, value, indent + 2, n > 0);
            }
        }
        _ => {
            scalar(out, value, indent + 2, false);
            out.push('\n');
        }
    }
}

fn spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// Writes a scalar (or an empty collection) without its line break. `content` is the
/// indentation of a literal block's lines; keys are never written as blocks.
fn scalar(out: &mut String, value: &Value, content: usize, key: bool) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (None, Some(u), _) => out.push_str(&u.to_string()),
            (None, None, Some(f)) => {
                // Display never uses an exponent; a float keeps a `.0` so it stays one.
                let text = f.to_string();
                out.push_str(&text);
                if !text.contains(['.', 'N', 'i']) {
                    out.push_str(".0");
                }
            }
            _ => out.push_str(&n.to_string()),
        },
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::String(s) => string(out, s, content, key),
    }
}

fn string(out: &mut String, s: &str, content: usize, key: bool) {
    if plain(s) {
        out.push_str(s);
    } else if !key && literal(s) {
        let body = s.strip_suffix('\n');
        out.push_str(if body.is_some() { "|" } else { "|-" });
        for line in body.unwrap_or(s).split('\n') {
            out.push('\n');
            if !line.is_empty() {
                spaces(out, content);
                out.push_str(line);
            }
        }
    } else if !s.chars().any(|c| escaped(c) || c == '\n') {
        out.push('\'');
        out.push_str(&s.replace('\'', "''"));
        out.push('\'');
    } else {
        double_quoted(out, s);
    }
}

/// Characters that can only be written escaped, in a double-quoted scalar: controls, what
/// YAML 1.1 takes for line breaks or a byte order mark, and the two non-characters outside
/// YAML's printable set.
fn escaped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

fn double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if escaped(c) && (c as u32) < 0x100 => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if escaped(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether a multi-line string reads back the same as a literal block (`|` or `|-`).
fn literal(s: &str) -> bool {
    let body = s.strip_suffix('\n').unwrap_or(s);
    body.contains('\n')
        && !body.starts_with([' ', '\t', '\n'])
        && !body.ends_with('\n')
        && !s.chars().any(escaped)
        && body.split('\n').all(|line| !line.ends_with([' ', '\t']))
}

/// Whether `s` can be written unquoted and read back as this string by YAML 1.1 and 1.2.
fn plain(s: &str) -> bool {
    const INDICATORS: &str = "-?:,[]{}#&*!|>'\"%@`";
    const WORDS: [&str; 11] = ["null", "~", "true", "false", "yes", "no", "y", "n", "on", "off", "<<"];
    let Some(first) = s.chars().next() else { return false };
    let unsigned = s.trim_start_matches('+');
    !INDICATORS.contains(first)
        && !first.is_whitespace()
        && !s.ends_with(|c: char| c.is_whitespace() || c == ':')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.chars().any(|c| c.is_control() || escaped(c) || matches!(c, '\u{85}' | '\u{a0}'))
        // Numbers, dates, times and sexagesimals start with a digit or a point, and have
        // nothing but digits, signs, separators, exponents, hex digits and time zones.
        && !(unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            && unsigned.chars().all(|c| c.is_ascii_alphanumeric() || "._:+- ".contains(c)))
        && !WORDS.iter().any(|w| w.eq_ignore_ascii_case(s))
        && s != "="
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_other_parsers_would_misread_are_quoted() {
        let value = json!({"Version": "2012-10-17", "List": ["yes", "12:30", "1_000", "plain", "10:00-22:00", "No", "~", "+1", ".inf", "="], "Name": "on"});
        assert_eq!(
            to_string(&value),
            "Version: '2012-10-17'\nList:\n- 'yes'\n- '12:30'\n- '1_000'\n- plain\n- '10:00-22:00'\n- 'No'\n- '~'\n- '+1'\n- '.inf'\n- '='\nName: 'on'\n"
        );
    }

    #[test]
    fn numbers_are_written_without_exponents() {
        let numbers = json!({"Small": 0.000001, "Large": 5e16, "Huge": 1.2345678901234567e19, "Plain": 0.05, "Text": "1e-6", "Int": -3, "Big": u64::MAX});
        assert_eq!(
            to_string(&numbers),
            "Small: 0.000001\nLarge: 50000000000000000.0\nHuge: 12345678901234567000.0\nPlain: 0.05\nText: '1e-6'\nInt: -3\nBig: 18446744073709551615\n"
        );
    }

    #[test]
    fn layout_follows_libyaml() {
        let value = json!({"A": {"B": [{"C": 1, "D": [[1, 2], []]}, {}], "E": {}}, "Fn::Sub": "${AWS::StackName}-x", "K": "a: b", "L": "x #y"});
        assert_eq!(
            to_string(&value),
            "A:\n  B:\n  - C: 1\n    D:\n    - - 1\n      - 2\n    - []\n  - {}\n  E: {}\nFn::Sub: ${AWS::StackName}-x\nK: 'a: b'\nL: 'x #y'\n"
        );
    }

    #[test]
    fn multi_line_and_control_characters() {
        let value = json!({"Q": "fields @x\n\n| limit 5\n", "D": "one\ntwo", "T": "trailing \nspace", "C": "bell\u{7}", "N": "it's", "n": "no", "K\nK": 1});
        assert_eq!(
            to_string(&value),
            "Q: |\n  fields @x\n\n  | limit 5\nD: |-\n  one\n  two\nT: \"trailing \\nspace\"\nC: \"bell\\x07\"\n'N': it's\n'n': 'no'\n\"K\\nK\": 1\n"
        );
    }

    fn strings() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            "[ -~]{0,12}",
            "[-+.:#'\"0-9a-z \n\t]{0,10}",
            "[\u{0}-\u{a0}\u{2028}\u{feff}\u{fffe}\u{ffff}é]{0,6}",
            proptest::sample::select(vec![
                "yes",
                "No",
                "ON",
                "~",
                "null",
                "<<",
                "=",
                "1_0",
                "0x1F",
                "1:30",
                "2024-01-01 10:00:00 +1",
                ".NaN",
                "-.inf",
                "- a",
                "? x"
            ])
            .prop_map(str::to_string),
        ]
    }

    fn values() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            strings().prop_map(Value::String),
            any::<i64>().prop_map(Value::from),
            any::<bool>().prop_map(Value::from),
            (-1e20f64..1e20).prop_map(Value::from),
            Just(Value::Null),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::vec((strings(), inner), 0..4)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// What is written reads back as the same value (serde_yaml, a YAML 1.2 reader; CI
        /// reads the generated templates with PyYAML, a YAML 1.1 one, through cfn-lint).
        #[test]
        fn reads_back_as_written(value in values()) {
            let text = to_string(&value);
            let back: Value = serde_yaml::from_str(&text).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e}\n{text}")))?;
            let same = |a: &Value, b: &Value| a == b || (a.as_f64().is_some() && a.as_f64() == b.as_f64());
            fn eq(a: &Value, b: &Value, same: &dyn Fn(&Value, &Value) -> bool) -> bool {
                match (a, b) {
                    (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| eq(a, b, same)),
                    (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && eq(a, b, same)),
                    _ => same(a, b),
                }
            }
            proptest::prop_assert!(eq(&value, &back, &same), "{value:?}\n{text}\n{back:?}");
        }
    }
}
