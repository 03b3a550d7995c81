//! The SCIM filter subset of the connections list: `attr op "value"` with `eq`, `co`, `sw`,
//! `gt`, `lt`, joined by `and` (binds tighter) and `or`, with parentheses.

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Filter {
    Compare { attr: String, op: Op, value: String },
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Co,
    Sw,
    Gt,
    Lt,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Open,
    Close,
}

fn tokenize(input: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                tokens.push(Token::Open);
            }
            ')' => {
                chars.next();
                tokens.push(Token::Close);
            }
            '"' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some('\\') => s.extend(chars.next()),
                        Some('"') => break,
                        Some(c) => s.push(c),
                        None => return Err("unterminated string".into()),
                    }
                }
                tokens.push(Token::Quoted(s));
            }
            _ => {
                let mut s = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                        break;
                    }
                    s.push(c);
                    chars.next();
                }
                tokens.push(Token::Word(s));
            }
        }
    }
    Ok(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    attributes: &'static [&'static str],
}

impl Parser {
    fn peek_word(&self, word: &str) -> bool {
        matches!(self.tokens.get(self.pos), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }
    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.pos += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }
    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.primary()?;
        while self.peek_word("and") {
            self.pos += 1;
            left = Filter::And(Box::new(left), Box::new(self.primary()?));
        }
        Ok(left)
    }
    fn primary(&mut self) -> Result<Filter, String> {
        match self.tokens.get(self.pos).cloned() {
            Some(Token::Open) => {
                self.pos += 1;
                let inner = self.or()?;
                if self.tokens.get(self.pos) != Some(&Token::Close) {
                    return Err("missing `)`".into());
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(Token::Word(attr)) => {
                let Some(canonical) = self
                    .attributes
                    .iter()
                    .find(|a| a.eq_ignore_ascii_case(&attr))
                else {
                    return Err(format!(
                        "`{attr}` is not filterable (use {})",
                        self.attributes.join(", ")
                    ));
                };
                let op = match self.tokens.get(self.pos + 1) {
                    Some(Token::Word(op)) => match op.to_ascii_lowercase().as_str() {
                        "eq" => Op::Eq,
                        "co" => Op::Co,
                        "sw" => Op::Sw,
                        "gt" => Op::Gt,
                        "lt" => Op::Lt,
                        other => return Err(format!("unsupported operator `{other}`")),
                    },
                    _ => return Err(format!("expected an operator after `{attr}`")),
                };
                let value = match self.tokens.get(self.pos + 2) {
                    Some(Token::Quoted(v)) | Some(Token::Word(v)) => v.clone(),
                    _ => return Err(format!("expected a value after `{attr}`")),
                };
                self.pos += 3;
                Ok(Filter::Compare {
                    attr: canonical.to_string(),
                    op,
                    value,
                })
            }
            Some(t) => Err(format!("unexpected {t:?}")),
            None => Err("unexpected end of filter".into()),
        }
    }
}

pub(crate) fn parse(input: &str, attributes: &'static [&'static str]) -> Result<Filter, String> {
    let mut p = Parser {
        tokens: tokenize(input)?,
        pos: 0,
        attributes,
    };
    let f = p.or()?;
    if p.pos != p.tokens.len() {
        return Err(format!("unexpected {:?}", p.tokens[p.pos]));
    }
    Ok(f)
}

impl Filter {
    /// String comparisons are case-insensitive (SCIM's default); `gt`/`lt` compare instants
    /// when both sides are RFC 3339 timestamps.
    pub fn matches(&self, get: &dyn Fn(&str) -> Option<String>) -> bool {
        match self {
            Filter::And(a, b) => a.matches(get) && b.matches(get),
            Filter::Or(a, b) => a.matches(get) || b.matches(get),
            Filter::Compare { attr, op, value } => {
                let Some(actual) = get(attr) else {
                    return false;
                };
                let (a, v) = (actual.to_lowercase(), value.to_lowercase());
                match op {
                    Op::Eq => a == v,
                    Op::Co => a.contains(&v),
                    Op::Sw => a.starts_with(&v),
                    Op::Gt | Op::Lt => {
                        let ordering = match (
                            chrono::DateTime::parse_from_rfc3339(&actual),
                            chrono::DateTime::parse_from_rfc3339(value),
                        ) {
                            (Ok(x), Ok(y)) => x.cmp(&y),
                            _ => a.cmp(&v),
                        };
                        if *op == Op::Gt {
                            ordering.is_gt()
                        } else {
                            ordering.is_lt()
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATTRS: &[&str] = &["qName", "qType", "created"];

    fn eval(filter: &str, name: &str, created: &str) -> bool {
        let f = parse(filter, ATTRS).unwrap();
        f.matches(&|a| match a {
            "qName" => Some(name.to_string()),
            "qType" => Some("rest".to_string()),
            "created" => Some(created.to_string()),
            _ => None,
        })
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let f = r#"qName co "abc" or qName sw "dd" and qType eq "rest" and created gt "2000-01-10T15:04:05Z""#;
        assert!(eval(f, "xabcx", "1999-01-01T00:00:00Z"));
        assert!(eval(f, "ddx", "2024-01-01T00:00:00.000Z"));
        assert!(!eval(f, "ddx", "1999-01-01T00:00:00Z"));
        assert!(eval(
            r#"(qName eq "A" or qName eq "b") and created lt "2030-01-01T00:00:00Z""#,
            "a",
            "2024-03-01T10:00:00Z"
        ));
    }

    #[test]
    fn rejects_unknown_attributes_and_operators() {
        assert!(parse(r#"secret eq "x""#, ATTRS)
            .unwrap_err()
            .contains("not filterable"));
        assert!(parse(r#"qName ne "x""#, ATTRS)
            .unwrap_err()
            .contains("unsupported operator"));
        assert!(parse(r#"qName eq "x" and"#, ATTRS).is_err());
        assert!(parse(r#"(qName eq "x""#, ATTRS).is_err());
    }
}
