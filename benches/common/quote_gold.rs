//! The real-post gold set of quotations and speakers (`fixtures/speakers-gold/real.json`)
//! and how extraction is judged against it. The gold set holds no corpus text: a
//! quotation is kept as hashes of its word triples, its speaker as the name (and other
//! forms) the post gives that person.
//!
//! A found quotation matches a gold one when at least half of the word triples of each
//! are in the other (one to one, best overlap first). Its speaker is right when the
//! gold has none and none is found, or when every word of the name found is a word of
//! the gold name or of one of its forms ("Novanto" for "Setya Novanto").

use super::real_posts::{fnv, RealPost};
use newsgrep::quotes::extract_quotes;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// One labelled quotation.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct GoldQuote {
    /// The paragraph (block) it starts in, from 1.
    pub paragraph: usize,
    /// How many words it has.
    pub words: usize,
    /// Hashes of its word triples (of all its words when fewer than three).
    pub grams: Vec<u32>,
    pub speaker: Option<String>,
    #[serde(default)]
    pub forms: Vec<String>,
    pub kind: Option<String>,
}

/// One labelled post.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct GoldPost {
    /// `source/id`, as [`RealPost::key`].
    pub post: String,
    pub lang: String,
    /// `dev` or `held-out`.
    pub split: String,
    pub quotes: Vec<GoldQuote>,
}

#[derive(Serialize, Deserialize)]
pub struct GoldSet {
    pub about: String,
    pub posts: Vec<GoldPost>,
}

/// The words of a text as the gold set compares them: lower case, letters and digits.
/// Chinese and Japanese, written without spaces, count a character a word.
pub fn gold_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_cjk(c) || !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word).to_lowercase());
            }
            if is_cjk(c) {
                words.push(c.to_string());
            }
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() {
        words.push(word.to_lowercase());
    }
    words
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff66}'..='\u{ff9f}' | '々')
}

/// Hashes of the word triples of a text.
pub fn grams(text: &str) -> Vec<u32> {
    let words = gold_words(text);
    let hash = |ws: &[String]| (fnv(ws.join(" ").as_bytes()) & 0xFFFF_FFFF) as u32;
    if words.len() < 3 {
        return vec![hash(&words)];
    }
    words.windows(3).map(hash).collect()
}

/// Counts for one group of posts.
#[derive(Default, Clone, Copy, Debug)]
pub struct Score {
    pub gold: usize,
    pub found: usize,
    pub matched: usize,
    pub speaker_right: usize,
    /// Matched gold quotations that have a speaker, and how many of those got it.
    pub gold_named: usize,
    pub named_right: usize,
    /// Found speakers (matched quotations) that are wrong names, not just missing.
    pub wrong_names: usize,
}

impl Score {
    pub fn add(&mut self, o: &Score) {
        self.gold += o.gold;
        self.found += o.found;
        self.matched += o.matched;
        self.speaker_right += o.speaker_right;
        self.gold_named += o.gold_named;
        self.named_right += o.named_right;
        self.wrong_names += o.wrong_names;
    }
    fn ratio(n: usize, d: usize) -> f64 {
        if d == 0 {
            1.0
        } else {
            n as f64 / d as f64
        }
    }
    pub fn precision(&self) -> f64 {
        Self::ratio(self.matched, self.found)
    }
    pub fn recall(&self) -> f64 {
        Self::ratio(self.matched, self.gold)
    }
    /// Speakers right (named or rightly none) among matched quotations.
    pub fn speakers(&self) -> f64 {
        Self::ratio(self.speaker_right, self.matched)
    }
}

/// One judged quotation, for listing mistakes.
pub struct Judged {
    pub post: String,
    pub paragraph: usize,
    pub gold: Option<String>,
    pub found: Option<String>,
    /// The quotation's text as found (or `None` for a gold quotation not found).
    pub text: Option<String>,
    pub kind: &'static str,
}

/// Whether a found speaker is right for a gold quotation.
pub fn speaker_is_right(gold: &GoldQuote, found: Option<&str>) -> bool {
    match (&gold.speaker, found) {
        (None, None) => true,
        (Some(name), Some(found)) => {
            let allowed: HashSet<String> = std::iter::once(name)
                .chain(gold.forms.iter())
                .flat_map(|n| gold_words(&fold(n)))
                .collect();
            let words = gold_words(&fold(found));
            !words.is_empty() && words.iter().all(|w| allowed.contains(w))
        }
        _ => false,
    }
}

fn fold(text: &str) -> String {
    newsgrep::text::fold(text)
}

/// Judges one post: its score, and what went wrong.
pub fn judge(post: &RealPost, gold: &GoldPost) -> (Score, Vec<Judged>) {
    let found = extract_quotes(&post.article());
    let found_grams: Vec<HashSet<u32>> = found
        .iter()
        .map(|q| grams(&q.text).into_iter().collect())
        .collect();
    let gold_grams: Vec<HashSet<u32>> = gold
        .quotes
        .iter()
        .map(|q| q.grams.iter().copied().collect())
        .collect();
    let mut pairs = Vec::new();
    for (g, gg) in gold_grams.iter().enumerate() {
        for (f, fg) in found_grams.iter().enumerate() {
            let common = gg.intersection(fg).count();
            if common * 2 >= gg.len() && common * 2 >= fg.len() && common > 0 {
                pairs.push((common, g, f));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_taken = vec![None; gold.quotes.len()];
    let mut found_taken = vec![false; found.len()];
    for (_, g, f) in pairs {
        if gold_taken[g].is_none() && !found_taken[f] {
            gold_taken[g] = Some(f);
            found_taken[f] = true;
        }
    }
    let mut score = Score {
        gold: gold.quotes.len(),
        found: found.len(),
        ..Score::default()
    };
    let mut judged = Vec::new();
    for (g, taken) in gold_taken.iter().enumerate() {
        let gq = &gold.quotes[g];
        let Some(f) = *taken else {
            judged.push(Judged {
                post: gold.post.clone(),
                paragraph: gq.paragraph,
                gold: gq.speaker.clone(),
                found: None,
                text: None,
                kind: "missed",
            });
            continue;
        };
        score.matched += 1;
        let speaker = found[f].speaker.as_deref();
        let right = speaker_is_right(gq, speaker);
        if gq.speaker.is_some() {
            score.gold_named += 1;
            score.named_right += usize::from(right);
        }
        if right {
            score.speaker_right += 1;
        } else {
            if speaker.is_some() {
                score.wrong_names += 1;
            }
            judged.push(Judged {
                post: gold.post.clone(),
                paragraph: found[f].paragraph + 1,
                gold: gq.speaker.clone(),
                found: speaker.map(str::to_string),
                text: Some(found[f].text.clone()),
                kind: if speaker.is_some() {
                    "wrong speaker"
                } else {
                    "no speaker"
                },
            });
        }
    }
    for (f, taken) in found_taken.iter().enumerate() {
        if !taken {
            judged.push(Judged {
                post: gold.post.clone(),
                paragraph: found[f].paragraph + 1,
                gold: None,
                found: found[f].speaker.clone(),
                text: Some(found[f].text.clone()),
                kind: "not a gold quotation",
            });
        }
    }
    (score, judged)
}

/// Scores by (language, half), in a stable order.
pub type Table = BTreeMap<(String, String), Score>;

/// Judges every gold post found among `posts`; gold posts missing from the corpus are
/// returned by key.
pub fn judge_all(posts: &[RealPost], gold: &GoldSet) -> (Table, Vec<Judged>, Vec<String>) {
    let by_key: BTreeMap<String, &RealPost> = posts.iter().map(|p| (p.key(), p)).collect();
    let mut table = Table::new();
    let mut all = Vec::new();
    let mut missing = Vec::new();
    for gp in &gold.posts {
        let Some(post) = by_key.get(&gp.post) else {
            missing.push(gp.post.clone());
            continue;
        };
        let (score, judged) = judge(post, gp);
        let lang = if gp.post.starts_with("reuters/") {
            "en (Reuters)".to_string()
        } else {
            gp.lang.clone()
        };
        table
            .entry((lang, gp.split.clone()))
            .or_default()
            .add(&score);
        all.extend(judged);
    }
    (table, all, missing)
}
