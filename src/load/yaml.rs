//! YAML text to a JSON value, bounded: serde_yaml's recursion and alias-expansion limits
//! guard against hostile input, and duplicate keys are refused instead of silently
//! overwritten. Positions are not kept here; see [`super::positions`].

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Why a YAML text could not become a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YamlError {
    /// The text holds no value (only whitespace and comments).
    Empty,
    /// A mapping repeats a key; the position comes from the event walk.
    DuplicateKey(String),
    /// Nesting or alias expansion beyond the limits.
    TooComplex { message: String, line: usize, column: usize },
    /// Anything else the parser refused.
    Syntax { message: String, line: usize, column: usize },
}

const DUPLICATE: &str = "\u{1}duplicate key\u{1}";

/// Parses one YAML document into a JSON value.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    match serde_yaml::from_str::<JsonValue>(text) {
        Ok(JsonValue(Value::Null)) if is_blank(text) => Err(YamlError::Empty),
        Ok(JsonValue(value)) => Ok(value),
        Err(error) => Err(classify(text, &error)),
    }
}

fn classify(text: &str, error: &serde_yaml::Error) -> YamlError {
    let raw = error.to_string();
    if let Some(rest) = raw.split(DUPLICATE).nth(1) {
        return YamlError::DuplicateKey(strip_marks(rest));
    }
    // libyaml gives reader errors (control characters) as a byte offset in the message only.
    let offset = raw.rsplit_once(" at position ").and_then(|(_, n)| n.parse::<usize>().ok());
    let (line, column) = match (error.location(), offset) {
        (_, Some(offset)) => line_column(text, offset),
        (Some(location), None) => (location.line(), location.column()),
        (None, None) => end_of(text),
    };
    let message = strip_marks(&raw);
    let message = match message.find(" at position ") {
        Some(cut) if message[cut + 13..].chars().all(|c| c.is_ascii_digit()) => message[..cut].to_string(),
        _ => message,
    };
    if raw.contains("recursion limit exceeded") || raw.contains("repetition limit exceeded") {
        YamlError::TooComplex { message, line, column }
    } else {
        YamlError::Syntax { message, line, column }
    }
}

/// Removes serde_yaml's " at line L column C" suffixes: the diagnostic carries the position.
fn strip_marks(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(found) = rest.find(" at line ") {
        out.push_str(&rest[..found]);
        let tail = &rest[found + " at line ".len()..];
        let skip = tail.find(|c: char| !(c.is_ascii_digit() || c == ' ' || "column".contains(c))).unwrap_or(tail.len());
        rest = &tail[skip..];
    }
    out.push_str(rest);
    out
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn end_of(text: &str) -> (usize, usize) {
    let line = text.lines().count().max(1);
    let column = text.lines().last().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

/// How YAML writes a number JSON cannot hold.
pub fn non_finite(v: f64) -> &'static str {
    if v.is_nan() {
        ".nan"
    } else if v > 0.0 {
        ".inf"
    } else {
        "-.inf"
    }
}

/// A JSON value built straight from serde_yaml's events, refusing duplicate keys.
struct JsonValue(Value);

impl<'de> Deserialize<'de> for JsonValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor).map(JsonValue)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON has no NaN or infinity: keep the YAML spelling, which the schema then reports
        // at its place (a number was expected), and the rest of the file is still checked.
        Ok(Number::from_f64(v).map_or_else(|| Value::String(non_finite(v).to_string()), Value::Number))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        JsonValue::deserialize(d).map(|v| v.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(JsonValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("{DUPLICATE}{key}")));
            }
            let JsonValue(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged node (`!Ref x`): keep it as `{tag: value}` so the schema reports it.
        use de::VariantAccess;
        let (tag, variant): (String, A::Variant) = data.variant()?;
        let JsonValue(value) = variant.newtype_variant()?;
        let mut out = Map::new();
        out.insert(format!("!{tag}"), value);
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_types() {
        let v = parse("a: 1\nb: [x, 2.5, true, null]\nc: '2026-01-01'\n").unwrap();
        assert_eq!(v, serde_json::json!({"a": 1, "b": ["x", 2.5, true, null], "c": "2026-01-01"}));
    }

    #[test]
    fn duplicate_key_is_refused() {
        assert_eq!(parse("a: 1\nb: 2\na: 3\n"), Err(YamlError::DuplicateKey("a".into())));
    }

    #[test]
    fn non_json_values_and_control_characters() {
        assert_eq!(parse("a: .nan\nb: -.inf\n"), Ok(serde_json::json!({"a": ".nan", "b": "-.inf"})));
        assert_eq!(parse("a: 99999999999999999999999\n"), Ok(serde_json::json!({"a": 1e23})));
        match parse("a: 1\nb: \"x\u{7}y\"\n") {
            Err(YamlError::Syntax { message, line, column }) => {
                assert_eq!((line, column), (2, 6), "{message}");
                assert!(!message.contains("position"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_and_comment_only() {
        assert_eq!(parse(""), Err(YamlError::Empty));
        assert_eq!(parse("# nothing\n\n"), Err(YamlError::Empty));
        assert_eq!(parse("null\n"), Ok(Value::Null));
    }

    #[test]
    fn syntax_error_has_position_without_suffix() {
        match parse("a: 1\n b: 2\n") {
            Err(YamlError::Syntax { message, line, column }) => {
                assert!(!message.contains("at line"), "{message}");
                assert_eq!((line, column), (2, 3));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn alias_bomb_and_deep_nesting_are_bounded() {
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 0..12 {
            let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
            bomb.push_str(&format!(
                "b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            ));
        }
        assert!(matches!(parse(&bomb), Err(YamlError::TooComplex { .. })));
        let deep = "[".repeat(20_000) + &"]".repeat(20_000);
        assert!(matches!(parse(&deep), Err(YamlError::TooComplex { .. })));
    }
}
