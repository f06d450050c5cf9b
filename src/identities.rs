//! One identity per person within a site. Posts name the same person in several ways:
//! "Setya Novanto", "Novanto", "Setnov" (a short form one post introduces in brackets).
//! After each index run, the speakers of every site are joined: a name whose words
//! all belong to exactly one longer name of the same site is that person, and so is a
//! short form a post introduced for a full name. The joins are kept in the index
//! folder (`identities.json`); `speakers` counts per identity, `--speaker` matches any
//! of an identity's forms, and quotations show the identity's full name.

use crate::error::{Error, Result};
use crate::quotes::is_organisation_head;
use crate::text::fold;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The file in the index folder.
pub const IDENTITIES_FILE: &str = "identities.json";

/// Separates the short form from the full name in the `speaker_alias` field.
pub const ALIAS_SEPARATOR: char = '\u{1f}';

/// Per site, every name that is another name's form: name → the identity's full name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identities {
    sites: BTreeMap<String, BTreeMap<String, String>>,
}

impl Identities {
    /// The identities kept in an index folder; none when the file is absent (an index
    /// of an earlier version, or one without speakers).
    pub fn load(index_dir: &Path) -> Identities {
        std::fs::read(index_dir.join(IDENTITIES_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the identities into the index folder (a whole file or none).
    pub fn save(&self, index_dir: &Path) -> Result<()> {
        let path = index_dir.join(IDENTITIES_FILE);
        let partial = index_dir.join(format!("{IDENTITIES_FILE}.partial"));
        let json = serde_json::to_vec(self).unwrap_or_default();
        std::fs::write(&partial, json).map_err(|reason| Error::Io {
            path: partial.clone(),
            reason,
        })?;
        std::fs::rename(&partial, &path).map_err(|reason| Error::Io { path, reason })
    }

    /// The identity a name of a site belongs to: its full name.
    pub fn identity<'a>(&'a self, site: &str, name: &'a str) -> &'a str {
        self.sites
            .get(site)
            .and_then(|names| names.get(name))
            .map_or(name, String::as_str)
    }

    /// The sites with joined names.
    pub fn sites(&self) -> impl Iterator<Item = &str> {
        self.sites.keys().map(String::as_str)
    }

    /// Joins of one site, name → full name.
    pub fn of_site(&self, site: &str) -> impl Iterator<Item = (&str, &str)> {
        self.sites
            .get(site)
            .into_iter()
            .flat_map(|names| names.iter().map(|(n, f)| (n.as_str(), f.as_str())))
    }

    /// The wanted names with every form of each identity one of them names: wanting
    /// "Setnov" also wants "Setya Novanto" and "Novanto". `matches(name, wanted)`
    /// says whether a name answers a wanted one.
    pub fn expand(&self, wanted: &[String], matches: impl Fn(&str, &str) -> bool) -> Vec<String> {
        let mut out: Vec<String> = wanted.to_vec();
        for names in self.sites.values() {
            let mut groups: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
            for (name, full) in names {
                groups.entry(full).or_default().push(name);
            }
            for (full, forms) in groups {
                let named = std::iter::once(full)
                    .chain(forms.iter().copied())
                    .any(|form| wanted.iter().any(|w| matches(form, w)));
                if named {
                    for form in std::iter::once(full).chain(forms) {
                        if !out.iter().any(|o| o == form) {
                            out.push(form.to_string());
                        }
                    }
                }
            }
        }
        out
    }

    /// Joins the names of one site: `names` are its speakers' names with how often
    /// each is quoted, `aliases` the (short form, full name) pairs its posts
    /// introduced.
    pub fn add_site(&mut self, site: &str, names: &[(String, u64)], aliases: &[(String, String)]) {
        let joins = join_names(names, aliases);
        if !joins.is_empty() {
            self.sites.insert(site.to_string(), joins);
        }
    }

    /// Whether no name is joined to another.
    pub fn is_empty(&self) -> bool {
        self.sites.is_empty()
    }
}

/// The folded words of a name.
fn name_words(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// name → full name for every name of a site that is another's form. An identity is
/// shown by its most quoted form of two words or more (the longest of equals): "James
/// Baker" rather than a "Secertary James Baker" that a typo in a title left.
fn join_names(counted: &[(String, u64)], aliases: &[(String, String)]) -> BTreeMap<String, String> {
    let names: Vec<String> = counted.iter().map(|(n, _)| n.clone()).collect();
    let joins = join_forms(&names, aliases);
    let quoted: FxHashMap<&str, u64> = counted.iter().map(|(n, c)| (n.as_str(), *c)).collect();
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, full) in &joins {
        groups.entry(full.as_str()).or_default().push(name.as_str());
    }
    let mut shown: BTreeMap<String, String> = BTreeMap::new();
    for (full, forms) in groups {
        let best = std::iter::once(full)
            .chain(forms.iter().copied())
            .filter(|f| f.contains(' '))
            .max_by_key(|f| {
                (
                    quoted.get(f).copied().unwrap_or(0),
                    f.len(),
                    std::cmp::Reverse(*f),
                )
            })
            .unwrap_or(full);
        for form in std::iter::once(full).chain(forms) {
            if form != best {
                shown.insert(form.to_string(), best.to_string());
            }
        }
    }
    shown
}

/// name → the longest name it is a form of.
fn join_forms(names: &[String], aliases: &[(String, String)]) -> BTreeMap<String, String> {
    let mut joins: BTreeMap<String, String> = BTreeMap::new();
    for (short, full) in aliases {
        if short != full && names.iter().any(|n| n == short || n == full) {
            joins.insert(short.clone(), full.clone());
        }
    }
    let full_of = |joins: &BTreeMap<String, String>, name: &str| -> String {
        joins.get(name).cloned().unwrap_or_else(|| name.to_string())
    };
    // Longest names first, so that a join reaches the fullest form at once.
    let mut by_length: Vec<(&String, Vec<String>)> =
        names.iter().map(|n| (n, name_words(n))).collect();
    by_length.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    for i in 0..by_length.len() {
        let (name, words) = (&by_length[i].0, &by_length[i].1);
        if joins.contains_key(*name) || words.is_empty() {
            continue;
        }
        // "Reagan" is Ronald Reagan, not the "Reagan Administration".
        let organisation = |other_words: &[String]| {
            other_words
                .last()
                .is_some_and(|w| is_organisation_head(w) && !words.contains(w))
        };
        let mut identities: Vec<String> = by_length[..i]
            .iter()
            .filter(|(other, other_words)| {
                other_words.len() > words.len()
                    && other != name
                    && contains_all(other_words, words)
                    && !organisation(other_words)
            })
            .map(|(other, _)| full_of(&joins, other))
            .collect();
        identities.sort();
        identities.dedup();
        if identities.is_empty() && words.len() == 1 {
            // "Setnov" for Setya Novanto, "SBY" for Susilo Bambang Yudhoyono.
            identities = by_length
                .iter()
                .filter(|(_, other_words)| other_words.len() > 1 && shortens(name, other_words))
                .map(|(other, _)| full_of(&joins, other))
                .collect();
            identities.sort();
            identities.dedup();
        }
        if let [only] = identities.as_slice() {
            joins.insert((*name).clone(), only.clone());
        }
    }
    joins
}

/// Whether a one-word name is made from the starts of two or more words of a full
/// name, in order: its initials in capitals ("SBY"), or syllables of two letters or
/// more ("Setnov": Set-ya Nov-anto). "Ana" is no short form of "Alejandra Navarro".
fn shortens(short: &str, full_words: &[String]) -> bool {
    let letters: String = short.chars().filter(|c| c.is_alphanumeric()).collect();
    if letters.chars().count() >= 2 && letters.chars().all(char::is_uppercase) {
        let initials: String = full_words.iter().filter_map(|w| w.chars().next()).collect();
        return fold(&letters) == initials;
    }
    fn pieces(rest: &str, words: &[String], used: usize) -> bool {
        if rest.is_empty() {
            return used >= 2;
        }
        words.iter().enumerate().any(|(i, word)| {
            let common = rest
                .chars()
                .zip(word.chars())
                .take_while(|(a, b)| a == b)
                .count();
            (2..=common).any(|len| {
                let cut = rest
                    .char_indices()
                    .nth(len)
                    .map_or(rest.len(), |(at, _)| at);
                pieces(&rest[cut..], &words[i + 1..], used + 1)
            })
        })
    }
    letters.chars().count() >= 4 && pieces(&fold(&letters), full_words, 0)
}

/// Whether every word of `part` is a word of `whole`, in the same order.
fn contains_all(whole: &[String], part: &[String]) -> bool {
    let mut rest = whole.iter();
    part.iter().all(|p| rest.any(|w| w == p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn short_forms_join_the_one_full_name_they_belong_to() {
        let names = strings(&[
            "Setya Novanto",
            "Novanto",
            "Setnov",
            "Idrus",
            "Idrus Marham",
            "Nurul",
            "Nurul Arifin",
            "Nurul Hidayat",
            "Adhityo Rizaldi",
            "Bobby Adhityo Rizaldi",
            "Akbar Tanjung",
        ]);
        let aliases = vec![
            ("Setnov".to_string(), "Setya Novanto".to_string()),
            ("JK".to_string(), "Jusuf Kalla".to_string()),
        ];
        let counted: Vec<(String, u64)> = names.iter().map(|n| (n.clone(), 1)).collect();
        let joins = join_names(&counted, &aliases);
        let expected: BTreeMap<String, String> = [
            ("Setnov", "Setya Novanto"),
            ("Novanto", "Setya Novanto"),
            ("Idrus", "Idrus Marham"),
            ("Adhityo Rizaldi", "Bobby Adhityo Rizaldi"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        // "Nurul" names two people: left alone. "JK" is no speaker's name here.
        assert_eq!(joins, expected);
        let names = strings(&[
            "Setnov",
            "Setya Novanto",
            "SBY",
            "Susilo Bambang Yudhoyono",
            "Ana",
            "Alejandra Navarro",
        ]);
        let counted: Vec<(String, u64)> = names.iter().map(|n| (n.clone(), 1)).collect();
        let joins = join_names(&counted, &[]);
        assert_eq!(
            joins.get("Setnov").map(String::as_str),
            Some("Setya Novanto")
        );
        assert_eq!(
            joins.get("SBY").map(String::as_str),
            Some("Susilo Bambang Yudhoyono")
        );
        assert_eq!(joins.get("Ana"), None);
    }

    #[test]
    fn an_identity_is_shown_by_its_most_quoted_full_form() {
        let counted = vec![
            ("Reagan".to_string(), 50),
            ("Ronald Reagan".to_string(), 5),
            ("Reagan Administration".to_string(), 2),
            ("James Baker".to_string(), 40),
            ("Secertary James Baker".to_string(), 3),
            ("Baker".to_string(), 9),
        ];
        let joins = join_names(&counted, &[]);
        assert_eq!(
            joins.get("Secertary James Baker").map(String::as_str),
            Some("James Baker")
        );
        assert_eq!(joins.get("Baker").map(String::as_str), Some("James Baker"));
        assert_eq!(joins.get("James Baker"), None);
        assert_eq!(
            joins.get("Reagan").map(String::as_str),
            Some("Ronald Reagan")
        );
        assert_eq!(joins.get("Reagan Administration"), None);
    }

    #[test]
    fn forms_expand_to_their_identity_and_sites_stay_apart() {
        let mut identities = Identities::default();
        identities.add_site(
            "golkar.or.id",
            &[
                ("Setya Novanto".to_string(), 3),
                ("Setnov".to_string(), 5),
                ("Novanto".to_string(), 1),
            ],
            &[("Setnov".to_string(), "Setya Novanto".to_string())],
        );
        identities.add_site("other.example", &[("Ana Ruiz".to_string(), 1)], &[]);
        assert_eq!(
            identities.identity("golkar.or.id", "Setnov"),
            "Setya Novanto"
        );
        assert_eq!(identities.identity("other.example", "Setnov"), "Setnov");
        let exact = |name: &str, wanted: &str| name == wanted;
        let mut expanded = identities.expand(&strings(&["Setnov"]), exact);
        expanded.sort();
        assert_eq!(expanded, strings(&["Novanto", "Setnov", "Setya Novanto"]));
        assert_eq!(
            identities.expand(&strings(&["Ana"]), exact),
            strings(&["Ana"])
        );
        let dir = tempfile::tempdir().unwrap();
        identities.save(dir.path()).unwrap();
        assert_eq!(Identities::load(dir.path()), identities);
    }
}
