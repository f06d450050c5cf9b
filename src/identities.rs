//! One identity per person within a site. Posts name the same person in several ways:
//! "Setya Novanto", "Novanto", "Setnov" (a short form one post introduces in brackets).
//! After each index run, the speakers of every site are joined: a name whose words
//! all belong to exactly one longer name of the same site is that person, and so is a
//! short form a post introduced for a full name. The joins are kept in the index
//! folder (`identities.json`); `speakers` counts per identity, `--speaker` matches any
//! of an identity's forms, and quotations show the identity's full name.

use crate::error::Result;
use crate::quotes::is_organisation_head;
use crate::text::fold;
use rustc_hash::{FxHashMap, FxHashSet};
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
    /// The index commit these joins were made from: a later commit makes them stale.
    #[serde(default)]
    pub opstamp: u64,
    /// (site, full name) → the other forms of that identity.
    #[serde(skip)]
    forms: BTreeMap<(String, String), Vec<String>>,
}

impl Identities {
    /// The identities kept in an index folder; none when the file is absent (an index
    /// of an earlier version, or one without speakers) or unreadable.
    pub fn load(index_dir: &Path) -> Identities {
        let mut identities: Identities = std::fs::read(index_dir.join(IDENTITIES_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        identities.index_forms();
        identities
    }

    /// Whether the file in an index folder is missing, unreadable, or made from
    /// another commit than `opstamp`.
    pub fn stale(index_dir: &Path, opstamp: u64) -> bool {
        std::fs::read(index_dir.join(IDENTITIES_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Identities>(&bytes).ok())
            .is_none_or(|kept| kept.opstamp != opstamp)
    }

    /// Writes the identities into the index folder: a whole file or none, on disk
    /// before it replaces the old one.
    pub fn save(&self, index_dir: &Path) -> Result<()> {
        let json = serde_json::to_vec(self).unwrap_or_default();
        crate::files::write_whole(&index_dir.join(IDENTITIES_FILE), &json)
    }

    /// Rebuilds the map from each identity to its forms.
    fn index_forms(&mut self) {
        self.forms.clear();
        for (site, names) in &self.sites {
            for (name, full) in names {
                self.forms
                    .entry((site.clone(), full.clone()))
                    .or_default()
                    .push(name.clone());
            }
        }
    }

    /// Every form of an identity of a site, its full name first.
    pub fn forms_of<'a>(&'a self, site: &str, full: &'a str) -> impl Iterator<Item = &'a str> {
        let others = self
            .forms
            .get(&(site.to_string(), full.to_string()))
            .into_iter()
            .flatten()
            .map(String::as_str);
        std::iter::once(full).chain(others)
    }

    /// Whether a name shown for a quotation of a site (an identity's full name, or a
    /// name joined to none) answers a wanted name: itself or any of its forms does.
    pub fn answers(
        &self,
        site: &str,
        shown: &str,
        wanted: &str,
        matches: impl Fn(&str, &str) -> bool,
    ) -> bool {
        self.forms_of(site, shown).any(|form| matches(form, wanted))
    }

    /// Whether a name shown on any site answers a wanted name (for counts merged
    /// across sites by name).
    pub fn answers_anywhere(
        &self,
        shown: &str,
        wanted: &str,
        matches: impl Fn(&str, &str) -> bool,
    ) -> bool {
        matches(shown, wanted)
            || self
                .sites
                .keys()
                .any(|site| self.answers(site, shown, wanted, &matches))
    }

    /// Every (site, exact form) of the identities a wanted name matches by any form:
    /// wanting "Setnov" on golkar.or.id also wants "Setya Novanto" and "Novanto" there,
    /// and on no other site.
    pub fn forms_wanted(
        &self,
        wanted: &str,
        matches: impl Fn(&str, &str) -> bool,
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for ((site, full), forms) in &self.forms {
            let all = || std::iter::once(full).chain(forms.iter());
            if all().any(|form| matches(form, wanted)) {
                out.extend(all().map(|form| (site.clone(), form.clone())));
            }
        }
        out
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

    /// Joins the names of one site: `names` are its speakers' names with how often
    /// each is quoted, `aliases` the (short form, full name) pairs its posts
    /// introduced.
    pub fn add_site(&mut self, site: &str, names: &[(String, u64)], aliases: &[(String, String)]) {
        let joins = join_names(names, aliases);
        if !joins.is_empty() {
            self.sites.insert(site.to_string(), joins);
        }
        self.index_forms();
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

/// name → the longest name it is a form of. Candidates come from an index of the
/// names' words, so a site of many speakers is not compared name by name.
fn join_forms(names: &[String], aliases: &[(String, String)]) -> BTreeMap<String, String> {
    let mut joins: BTreeMap<String, String> = BTreeMap::new();
    let known: FxHashSet<&str> = names.iter().map(String::as_str).collect();
    // A short form introduced for two different full names stands for neither.
    let mut fulls: FxHashMap<&str, FxHashSet<&str>> = FxHashMap::default();
    for (short, full) in aliases {
        if short != full && (known.contains(short.as_str()) || known.contains(full.as_str())) {
            fulls.entry(short).or_default().insert(full);
        }
    }
    for (short, full) in fulls {
        if let [only] = full.into_iter().collect::<Vec<_>>().as_slice() {
            joins.insert(short.to_string(), only.to_string());
        }
    }
    let words: Vec<Vec<String>> = names.iter().map(|n| name_words(n)).collect();
    // Longest names first, so that a join reaches the fullest form at once.
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| {
        words[b]
            .len()
            .cmp(&words[a].len())
            .then(names[a].cmp(&names[b]))
    });
    let mut by_word: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut by_start: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, ws) in words.iter().enumerate() {
        for w in ws {
            by_word.entry(w.as_str()).or_default().push(i);
        }
        if ws.len() > 1 {
            for w in ws {
                let start: String = w.chars().take(2).collect();
                by_start.entry(start).or_default().push(i);
                by_start
                    .entry(w.chars().take(1).collect())
                    .or_default()
                    .push(i);
            }
        }
    }
    let full_of = |joins: &BTreeMap<String, String>, name: &str| -> String {
        joins.get(name).cloned().unwrap_or_else(|| name.to_string())
    };
    for &i in &order {
        let (name, name_words) = (&names[i], &words[i]);
        if joins.contains_key(name) || name_words.is_empty() {
            continue;
        }
        // "Reagan" is Ronald Reagan, not the "Reagan Administration".
        let organisation = |other_words: &[String]| {
            other_words
                .last()
                .is_some_and(|w| is_organisation_head(w) && !name_words.contains(w))
        };
        // The longer names holding the name's rarest word, then all of its words.
        let rarest = name_words
            .iter()
            .filter_map(|w| by_word.get(w.as_str()))
            .min_by_key(|list| list.len());
        let mut identities: Vec<String> = rarest
            .into_iter()
            .flatten()
            .filter(|&&j| {
                words[j].len() > name_words.len()
                    && contains_all(&words[j], name_words)
                    && !organisation(&words[j])
            })
            .map(|&j| full_of(&joins, &names[j]))
            .collect();
        identities.sort();
        identities.dedup();
        if identities.is_empty() && name_words.len() == 1 {
            // "Setnov" for Setya Novanto, "SBY" for Susilo Bambang Yudhoyono.
            let letters: String = name_words[0].chars().take(2).collect();
            let initial: String = name_words[0].chars().take(1).collect();
            let mut candidates: Vec<usize> = by_start
                .get(&letters)
                .into_iter()
                .chain(by_start.get(&initial))
                .flatten()
                .copied()
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            identities = candidates
                .into_iter()
                .filter(|&j| shortens(name, &words[j]))
                .map(|j| full_of(&joins, &names[j]))
                .collect();
            identities.sort();
            identities.dedup();
        }
        if let [only] = identities.as_slice() {
            joins.insert(name.clone(), only.clone());
        }
    }
    // A join to a name that is itself joined goes to the end of the chain.
    let ends: Vec<(String, String)> = joins
        .iter()
        .map(|(name, full)| {
            let mut end = full.clone();
            for _ in 0..8 {
                match joins.get(&end) {
                    Some(next) if next != name => end = next.clone(),
                    _ => break,
                }
            }
            (name.clone(), end)
        })
        .collect();
    ends.into_iter().filter(|(n, f)| n != f).collect()
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
    fn chains_end_at_one_name_and_a_short_form_of_two_people_joins_neither() {
        let counted: Vec<(String, u64)> = [
            "Setnov",
            "Setya Novanto",
            "Ketua Setya Novanto",
            "AY",
            "Ahmad Yani",
            "Andi Yusuf",
        ]
        .iter()
        .map(|n| (n.to_string(), 1))
        .collect();
        let aliases = vec![
            ("Setnov".to_string(), "Setya Novanto".to_string()),
            ("AY".to_string(), "Ahmad Yani".to_string()),
            ("AY".to_string(), "Andi Yusuf".to_string()),
        ];
        let joins = join_names(&counted, &aliases);
        assert_eq!(joins.get("Setnov"), joins.get("Setya Novanto"));
        assert!(joins.contains_key("Setnov"));
        assert_eq!(joins.get("AY"), None);
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
        let mut wanted = identities.forms_wanted("Setnov", exact);
        wanted.sort();
        let on_golkar = |form: &str| ("golkar.or.id".to_string(), form.to_string());
        assert_eq!(
            wanted,
            vec![
                on_golkar("Novanto"),
                on_golkar("Setnov"),
                on_golkar("Setya Novanto")
            ]
        );
        assert!(identities.forms_wanted("Ana", exact).is_empty());
        assert!(identities.answers("golkar.or.id", "Setya Novanto", "Setnov", exact));
        assert!(!identities.answers("other.example", "Setya Novanto", "Setnov", exact));
        let dir = tempfile::tempdir().unwrap();
        identities.opstamp = 7;
        identities.save(dir.path()).unwrap();
        assert_eq!(Identities::load(dir.path()), identities);
        assert!(!Identities::stale(dir.path(), 7));
        assert!(Identities::stale(dir.path(), 8));
        std::fs::write(dir.path().join(IDENTITIES_FILE), "{").unwrap();
        assert!(Identities::stale(dir.path(), 7));
    }
}
