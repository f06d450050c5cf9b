//! The query language: words, `"phrases"`, `-exclusions`, `OR` and `field:word`.
//!
//! Parsing never fails: anything malformed is searched leniently and explained in
//! [`UserQuery::warnings`].

/// Names a query may use before `:`.
pub const FIELD_NAMES: &[&str] = &[
    "title",
    "body",
    "quotes",
    "quote",
    "category",
    "categories",
    "tag",
    "tags",
    "site",
    "author",
    "speaker",
    "speakers",
];

/// Most words and phrases searched: a query longer than this (a pasted article) is
/// cut, so that a search stays fast.
pub const MAX_CLAUSES: usize = 1000;

/// One searchable unit: a word or a phrase, in one field or in the default fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// Field named with `field:`, lower-cased; `None` for the default fields.
    pub field: Option<String>,
    /// The word or the phrase's words.
    pub text: String,
    /// Whether the text was quoted (its words must appear in order).
    pub phrase: bool,
}

impl Clause {
    /// Whether it is a plain word (or words joined, `covid-19`): no field named, not
    /// quoted.
    pub fn is_plain(&self) -> bool {
        self.field.is_none() && !self.phrase
    }

    /// The clause as messages show it: a plain word quoted (`'harbor'`), anything
    /// else as written (`"port strike"`, `title:harbr`).
    pub fn shown(&self) -> String {
        if self.is_plain() {
            format!("'{}'", self.text)
        } else {
            self.written()
        }
    }

    /// The clause as it is written in a query: `title:"port strike"`, `harbor`.
    pub fn written(&self) -> String {
        let text = if self.phrase {
            format!("\"{}\"", self.text)
        } else {
            self.text.clone()
        };
        match &self.field {
            Some(field) => format!("{field}:{text}"),
            None => text,
        }
    }
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserQuery {
    /// Groups of alternatives (`a OR b` is one group); a post should match every group.
    pub groups: Vec<Vec<Clause>>,
    /// Clauses a post must not match (`-word`).
    pub excluded: Vec<Clause>,
    /// What was malformed and how it was read.
    pub warnings: Vec<String>,
}

impl UserQuery {
    /// True when the query has nothing positive to look for.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

enum Token {
    Clause { clause: Clause, negated: bool },
    Or,
}

/// Parses a query string.
pub fn parse_query(input: &str) -> UserQuery {
    let mut query = UserQuery::default();
    let tokens = tokenize(input, &mut query.warnings);
    let mut pending_or = false;
    let mut or_warned = false;
    let mut warn_or = |warnings: &mut Vec<String>| {
        if !or_warned {
            warnings.push("'OR' must stand between two words; ignored".to_string());
            or_warned = true;
        }
    };
    for token in tokens {
        match token {
            Token::Or => {
                if pending_or || query.groups.is_empty() {
                    warn_or(&mut query.warnings);
                }
                pending_or = !query.groups.is_empty();
            }
            Token::Clause {
                clause,
                negated: true,
            } => {
                if pending_or {
                    warn_or(&mut query.warnings);
                    pending_or = false;
                }
                query.excluded.push(clause);
            }
            Token::Clause {
                clause,
                negated: false,
            } => match query.groups.last_mut() {
                Some(group) if pending_or => {
                    group.push(clause);
                    pending_or = false;
                }
                _ => query.groups.push(vec![clause]),
            },
        }
    }
    if pending_or {
        warn_or(&mut query.warnings);
    }
    let clauses = query.groups.len() + query.excluded.len();
    if clauses > MAX_CLAUSES {
        query.groups.truncate(MAX_CLAUSES);
        query
            .excluded
            .truncate(MAX_CLAUSES.saturating_sub(query.groups.len()));
        query.warnings.push(format!(
            "the query has {clauses} words and phrases; only the first {MAX_CLAUSES} are searched"
        ));
    }
    query
}

fn is_quote_open(ch: char) -> bool {
    matches!(ch, '"' | '“' | '„')
}

fn is_quote_close(ch: char) -> bool {
    matches!(ch, '"' | '”' | '“')
}

fn tokenize(input: &str, warnings: &mut Vec<String>) -> Vec<Token> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut pos = 0;
    while pos < chars.len() {
        if chars[pos].is_whitespace() {
            pos += 1;
            continue;
        }
        let negated = chars[pos] == '-'
            && chars
                .get(pos + 1)
                .is_some_and(|next| !next.is_whitespace() && *next != '-');
        if negated {
            pos += 1;
        }
        let mut field = None;
        if !is_quote_open(chars[pos]) {
            let start = pos;
            while pos < chars.len() && !chars[pos].is_whitespace() && !is_quote_open(chars[pos]) {
                pos += 1;
            }
            let word: String = chars[start..pos].iter().collect();
            if !negated && word == "OR" {
                tokens.push(Token::Or);
                continue;
            }
            if !negated && word == "AND" {
                continue;
            }
            let known_field = word.split_once(':').and_then(|(name, rest)| {
                let name = name.to_lowercase();
                FIELD_NAMES
                    .contains(&name.as_str())
                    .then(|| (name, rest.to_string()))
            });
            match known_field {
                Some((name, rest)) if !rest.is_empty() => {
                    let clause = Clause {
                        field: Some(name),
                        text: rest,
                        phrase: false,
                    };
                    tokens.push(Token::Clause { clause, negated });
                    continue;
                }
                Some((name, _)) if pos < chars.len() && is_quote_open(chars[pos]) => {
                    field = Some(name);
                }
                Some((name, _)) => {
                    warnings.push(format!(
                        "'{name}:' is not followed by anything to search; ignored"
                    ));
                    continue;
                }
                None => {
                    let clause = Clause {
                        field: None,
                        text: word,
                        phrase: false,
                    };
                    tokens.push(Token::Clause { clause, negated });
                    continue;
                }
            }
        }
        // A quoted phrase starts at `pos`.
        pos += 1;
        let start = pos;
        while pos < chars.len() && !is_quote_close(chars[pos]) {
            pos += 1;
        }
        let text: String = chars[start..pos].iter().collect();
        if pos >= chars.len() {
            warnings.push("unbalanced quote in query; searched as if it were closed".to_string());
        }
        pos += 1;
        if !text.trim().is_empty() {
            let clause = Clause {
                field,
                text: text.trim().to_string(),
                phrase: true,
            };
            tokens.push(Token::Clause { clause, negated });
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Clause {
        Clause {
            field: None,
            text: text.to_string(),
            phrase: false,
        }
    }

    fn phrase(field: Option<&str>, text: &str) -> Clause {
        Clause {
            field: field.map(str::to_string),
            text: text.to_string(),
            phrase: true,
        }
    }

    #[test]
    fn words_phrases_exclusions_and_or() {
        let q = parse_query(r#"iran "nuclear talks" -sanctions trump OR biden"#);
        assert_eq!(
            q.groups,
            vec![
                vec![word("iran")],
                vec![phrase(None, "nuclear talks")],
                vec![word("trump"), word("biden")]
            ]
        );
        assert_eq!(q.excluded, vec![word("sanctions")]);
        assert!(q.warnings.is_empty());
    }

    #[test]
    fn fields_known_and_unknown() {
        let q =
            parse_query(r#"title:Iran quotes:"no process" http://x.org 10:30 -site:golkar.or.id"#);
        assert_eq!(
            q.groups,
            vec![
                vec![Clause {
                    field: Some("title".into()),
                    text: "Iran".into(),
                    phrase: false
                }],
                vec![phrase(Some("quotes"), "no process")],
                vec![word("http://x.org")],
                vec![word("10:30")],
            ]
        );
        assert_eq!(
            q.excluded,
            vec![Clause {
                field: Some("site".into()),
                text: "golkar.or.id".into(),
                phrase: false
            }]
        );
    }

    #[test]
    fn malformed_queries_are_read_leniently_with_warnings() {
        let q = parse_query(r#"talks "no process"#);
        assert_eq!(
            q.groups,
            vec![vec![word("talks")], vec![phrase(None, "no process")]]
        );
        assert_eq!(
            q.warnings,
            vec!["unbalanced quote in query; searched as if it were closed"]
        );
        let q = parse_query("title: iran OR");
        assert_eq!(q.groups, vec![vec![word("iran")]]);
        assert_eq!(
            q.warnings,
            vec![
                "'title:' is not followed by anything to search; ignored",
                "'OR' must stand between two words; ignored"
            ]
        );
    }

    #[test]
    fn very_long_queries_are_cut() {
        let q = parse_query(&"tide ".repeat(5000));
        assert_eq!(q.groups.len(), MAX_CLAUSES);
        assert_eq!(
            q.warnings,
            vec!["the query has 5000 words and phrases; only the first 1000 are searched"]
        );
    }

    #[test]
    fn curly_quotes_make_phrases_and_hyphens_inside_words_stay() {
        let q = parse_query("“nuclear talks” U.S.-Iran - x");
        assert_eq!(
            q.groups,
            vec![
                vec![phrase(None, "nuclear talks")],
                vec![word("U.S.-Iran")],
                vec![word("-")],
                vec![word("x")]
            ]
        );
    }
}
