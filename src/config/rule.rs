//! The expressions CloudWatch reads inside alarms: a composite alarm's rule
//! (`ALARM(name) AND NOT OK("other name")`) and an anomaly detection band
//! (`ANOMALY_DETECTION_BAND(m1, 2)`).

/// A reference to an alarm in a rule: the name as written (quotes removed), the state
/// function, and the character offset of the name in the rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleReference {
    pub name: String,
    pub state: &'static str,
    pub offset: usize,
}

/// Why a rule does not parse, and the character offset where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleError {
    pub message: String,
    pub offset: usize,
}

const STATES: [&str; 3] = ["ALARM", "OK", "INSUFFICIENT_DATA"];

struct Parser<'a> {
    text: &'a str,
    at: usize,
    found: Vec<RuleReference>,
}

impl Parser<'_> {
    fn skip(&mut self) {
        while self.text[self.at..].starts_with(char::is_whitespace) {
            self.at += self.text[self.at..].chars().next().map_or(1, char::len_utf8);
        }
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, RuleError> {
        Err(RuleError { message: message.into(), offset: self.text[..self.at].chars().count() })
    }

    fn word(&mut self) -> &str {
        self.skip();
        let rest = &self.text[self.at..];
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        &rest[..len]
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip();
        if self.text[self.at..].starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expression(&mut self) -> Result<(), RuleError> {
        self.unary()?;
        loop {
            let word = self.word().to_string();
            if word == "AND" || word == "OR" {
                self.at += word.len();
                self.unary()?;
            } else {
                return Ok(());
            }
        }
    }

    fn unary(&mut self) -> Result<(), RuleError> {
        let word = self.word().to_string();
        if word == "NOT" {
            self.at += 3;
            return self.unary();
        }
        if self.eat('(') {
            self.expression()?;
            if !self.eat(')') {
                return self.error("`(` is not closed");
            }
            return Ok(());
        }
        match word.as_str() {
            "TRUE" | "FALSE" => {
                self.at += word.len();
                Ok(())
            }
            state if STATES.contains(&state) => {
                self.at += word.len();
                if !self.eat('(') {
                    return self.error(format!("`{state}` takes an alarm name in parentheses: `{state}(name)`"));
                }
                self.name(STATES.iter().find(|s| **s == state).expect("a state"))
            }
            "" if self.at >= self.text.len() => self.error("the rule ends where an alarm state was expected"),
            "" => self.error(format!(
                "unexpected `{}`: expected ALARM(name), OK(name), INSUFFICIENT_DATA(name), TRUE, FALSE, NOT or `(`",
                self.text[self.at..].chars().next().unwrap_or(' ')
            )),
            other => {
                let hint = STATES
                    .iter()
                    .chain(["AND", "OR", "NOT", "TRUE", "FALSE"].iter())
                    .find(|k| k.eq_ignore_ascii_case(other) && **k != other)
                    .map(|k| format!(" (operators and states are upper case: `{k}`)"))
                    .unwrap_or_default();
                self.error(format!("unexpected `{other}`{hint}"))
            }
        }
    }

    fn name(&mut self, state: &'static str) -> Result<(), RuleError> {
        self.skip();
        let offset = self.text[..self.at].chars().count();
        let rest = &self.text[self.at..];
        let name = if let Some(quoted) = rest.strip_prefix('"') {
            // `\"` and `\\` stand for a quote and a backslash inside the name.
            let mut name = String::new();
            let mut chars = quoted.char_indices();
            let end = loop {
                match chars.next() {
                    Some((i, '"')) => break i,
                    Some((_, '\\')) => match chars.next() {
                        Some((_, c)) => name.push(c),
                        None => return self.error("a quoted alarm name is not closed"),
                    },
                    Some((_, c)) => name.push(c),
                    None => return self.error("a quoted alarm name is not closed"),
                }
            };
            self.at += end + 2;
            name
        } else {
            let end = rest.find([')', '(']).unwrap_or(rest.len());
            let name = rest[..end].trim_end().to_string();
            if name.contains(char::is_whitespace) {
                return self.error(format!("the alarm name `{name}` holds a space: quote it, `{state}(\"{name}\")`"));
            }
            self.at += end;
            name
        };
        if name.is_empty() {
            return self.error(format!("`{state}()` names no alarm"));
        }
        if !self.eat(')') {
            return self.error(format!("`{state}(` is not closed after the alarm name"));
        }
        self.found.push(RuleReference { name, state, offset });
        Ok(())
    }
}

/// The alarms a composite rule names, or where it stops making sense.
pub fn parse(rule: &str) -> Result<Vec<RuleReference>, RuleError> {
    let mut parser = Parser { text: rule, at: 0, found: Vec::new() };
    parser.expression()?;
    parser.skip();
    if parser.at < rule.len() {
        let word = parser.word().to_string();
        let what = if word.is_empty() { rule[parser.at..].chars().next().unwrap_or(' ').to_string() } else { word };
        return parser.error(format!("unexpected `{what}`: states are joined with AND or OR"));
    }
    Ok(parser.found)
}

/// The alarm names of a rule that parses (none otherwise), ARNs as the alarm name they end in.
pub fn names(rule: &str) -> Vec<String> {
    parse(rule).map(|found| found.into_iter().map(|r| alarm_name(&r.name).to_string()).collect()).unwrap_or_default()
}

/// An alarm named by its name or its ARN (`arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME`).
pub fn alarm_name(reference: &str) -> &str {
    match reference.strip_prefix("arn:") {
        Some(rest) => rest.splitn(6, ':').nth(5).unwrap_or(reference),
        None => reference,
    }
}

/// The arguments of a whole `ANOMALY_DETECTION_BAND(id[, width])` expression: the id and the
/// band width as written (None when absent, CloudWatch's default of 2).
pub fn band_arguments(expression: &str) -> Option<(&str, Option<&str>)> {
    let inner = expression.trim().strip_prefix("ANOMALY_DETECTION_BAND")?.trim_start().strip_prefix('(')?;
    let inner = inner.trim_end().strip_suffix(')')?;
    let (id, width) = match inner.split_once(',') {
        Some((id, width)) => (id.trim(), Some(width.trim())),
        None => (inner.trim(), None),
    };
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some((id, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(rule: &str) -> Vec<(String, &'static str, usize)> {
        parse(rule).unwrap().into_iter().map(|r| (r.name, r.state, r.offset)).collect()
    }

    #[test]
    fn rules() {
        assert_eq!(
            found(r#"ALARM(api-5xx) AND NOT OK("Prod API (latency)")"#),
            vec![("api-5xx".into(), "ALARM", 6), ("Prod API (latency)".into(), "OK", 26)]
        );
        assert_eq!(
            found("(ALARM(a) OR INSUFFICIENT_DATA(b)) AND TRUE"),
            vec![("a".into(), "ALARM", 7), ("b".into(), "INSUFFICIENT_DATA", 31)]
        );
        assert_eq!(found("FALSE"), vec![]);
        assert_eq!(names("ALARM(arn:aws:cloudwatch:eu-west-1:123456789012:alarm:Legacy-CPU)"), vec!["Legacy-CPU"]);
    }

    #[test]
    fn broken_rules() {
        let error = |rule: &str| parse(rule).unwrap_err();
        assert_eq!(error("ALARM(a) and ALARM(b)").message, "unexpected `and`: states are joined with AND or OR");
        assert_eq!(error("alarm(a)").message, "unexpected `alarm` (operators and states are upper case: `ALARM`)");
        assert_eq!(error("ALARM(a) AND").message, "the rule ends where an alarm state was expected");
        assert_eq!(error("(ALARM(a)").offset, 9);
        assert_eq!(error("ALARM()").message, "`ALARM()` names no alarm");
        assert_eq!(error("ALARM a").message, "`ALARM` takes an alarm name in parentheses: `ALARM(name)`");
        assert_eq!(error(r#"OK("a)"#).message, "a quoted alarm name is not closed");
        assert_eq!(
            error("ALARM(Legacy X)").message,
            "the alarm name `Legacy X` holds a space: quote it, `ALARM(\"Legacy X\")`"
        );
        assert_eq!(error("ALARM(a) AND AND ALARM(b)").message, "unexpected `AND`");
        assert_eq!(
            found(r#"ALARM("orders \"anomaly\" (prod)")"#),
            vec![(r#"orders "anomaly" (prod)"#.into(), "ALARM", 6)]
        );
    }

    #[test]
    fn bands() {
        assert_eq!(band_arguments("ANOMALY_DETECTION_BAND(m1, 2)"), Some(("m1", Some("2"))));
        assert_eq!(band_arguments(" ANOMALY_DETECTION_BAND (m1) "), Some(("m1", None)));
        assert_eq!(band_arguments("ANOMALY_DETECTION_BAND(m1 + 1, 2)"), None);
        assert_eq!(band_arguments("m1 * 2"), None);
    }
}
