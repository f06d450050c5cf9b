//! The API's query parameters: read strictly, so that a typo is a 400 that says what
//! is wrong instead of a silently ignored filter.

use crate::search::{check_half_life, Filters, SortOrder};
use crate::timefmt::{parse_user_date, DayEdge};

/// Most hits or quotations one request may ask for.
pub const MAX_LIMIT: usize = 1000;
/// Furthest a request may page into the results.
pub const MAX_OFFSET: usize = 100_000;

/// The parameters of one request, in order, each taken at most once (but the
/// repeatable ones).
pub struct Params {
    pairs: Vec<(String, String)>,
}

/// Parameters that may appear more than once (any of the values).
const REPEATABLE: &[&str] = &["category", "site", "speaker"];
/// The filter parameters every listing accepts.
pub const FILTERS: &[&str] = &["since", "until", "category", "site", "speaker", "lang"];

impl Params {
    /// Reads a query string; `allowed` are the names this endpoint knows.
    pub fn parse(query: Option<&str>, allowed: &[&str]) -> Result<Params, String> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
            .map_err(|e| format!("malformed query string: {e}"))?;
        for (i, (name, _)) in pairs.iter().enumerate() {
            if !allowed.contains(&name.as_str()) {
                let mut known = allowed.to_vec();
                known.sort_unstable();
                return Err(format!(
                    "unknown parameter '{name}' (known: {})",
                    known.join(", ")
                ));
            }
            let repeated = pairs[..i].iter().any(|(earlier, _)| earlier == name);
            if repeated && !REPEATABLE.contains(&name.as_str()) {
                return Err(format!("parameter '{name}' is given more than once"));
            }
        }
        Ok(Params { pairs })
    }

    /// The value of a parameter, if given and not blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-blank value of a repeatable parameter.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A whole number between `0` and `max`, or `default` when absent.
    pub fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, String> {
        match self.get(name) {
            None => Ok(default),
            Some(text) => match text.trim().parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(format!(
                    "{name} must be a whole number from 0 to {max}, not '{text}'"
                )),
            },
        }
    }

    /// The filters: dates, categories, sites, speakers, language.
    pub fn filters(&self) -> Result<Filters, String> {
        let date = |name: &str, edge| {
            self.get(name)
                .map(|text| parse_user_date(text, edge))
                .transpose()
                .map_err(|e| format!("{name}: {e}"))
        };
        // A reversed range is the search's error to find (Error::ReversedDates).
        Ok(Filters {
            since: date("since", DayEdge::Start)?,
            until: date("until", DayEdge::End)?,
            categories: self.all("category"),
            sites: self.all("site"),
            sites_exact: false,
            speakers: self.all("speaker"),
            lang: self.get("lang").map(str::to_string),
        })
    }

    /// `sort`: relevance (default), date or recent.
    pub fn sort(&self) -> Result<SortOrder, String> {
        match self.get("sort") {
            None | Some("relevance") => Ok(SortOrder::Relevance),
            Some("date") => Ok(SortOrder::Date),
            Some("recent") => Ok(SortOrder::Recent),
            Some(other) => Err(format!(
                "sort must be relevance, date or recent, not '{other}'"
            )),
        }
    }

    /// `half_life` in days for `sort=recent` (none: the default).
    pub fn half_life(&self) -> Result<Option<f64>, String> {
        match self.get("half_life") {
            None => Ok(None),
            Some(text) => match text.trim().parse::<f64>().map(check_half_life) {
                Ok(Ok(days)) => Ok(Some(days)),
                _ => Err(format!(
                    "half_life must be a number of days above 0, not '{text}'"
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_repeated_and_malformed_parameters_are_refused() {
        let allowed = ["q", "limit", "category"];
        assert_eq!(
            Params::parse(Some("q=a&lmit=3"), &allowed).err().unwrap(),
            "unknown parameter 'lmit' (known: category, limit, q)"
        );
        assert_eq!(
            Params::parse(Some("q=a&q=b"), &allowed).err().unwrap(),
            "parameter 'q' is given more than once"
        );
        let params = Params::parse(Some("category=a&category=b%20c&limit=+5"), &allowed).unwrap();
        assert_eq!(params.all("category"), vec!["a", "b c"]);
        assert_eq!(params.number("limit", 10, 100), Ok(5));
        let params = Params::parse(Some("limit=-1"), &allowed).unwrap();
        assert_eq!(
            params.number("limit", 10, 100).unwrap_err(),
            "limit must be a whole number from 0 to 100, not '-1'"
        );
        assert_eq!(Params::parse(None, &allowed).unwrap().get("q"), None);
    }
}
