//! Recall on inflected pairs of the real corpus, per language: pairs of words that both
//! occur in the posts of one language and differ by one of its inflections (English
//! `-s`, `-ed`, `-ing`; Spanish `-s`, `-es`; Indonesian `di-`, `ber-`, `ter-`, `-kan`,
//! `-an`, `-nya`, `-lah`), drawn at random with a fixed seed. A pair is found when the
//! analyzer of the language's posts makes one term of both words, so that a query with
//! either finds the posts of the other. Before: Indonesian was not stemmed; English and
//! Spanish are measured to show they did not move.
//!
//! `NEWSGREP_CORPUS=../shared/corpus cargo bench --bench inflections`

#[path = "common/real_posts.rs"]
#[allow(dead_code)]
mod real_posts;

use newsgrep::analysis::{Analysis, NAME_TOKENIZER};
use real_posts::{posts_of, SplitMix};
use std::collections::BTreeSet;
use std::path::PathBuf;
use tantivy::tokenizer::TextAnalyzer;

/// Pairs drawn per language.
const PAIRS: usize = 200;

/// A language of the corpus and how its pairs are made.
struct Inflecting {
    lang: &'static str,
    /// Its dump folders.
    sources: &'static [&'static str],
    prefixes: &'static [&'static str],
    suffixes: &'static [&'static str],
    /// The analyzer its posts had before.
    before: &'static str,
}

const LANGUAGES: &[Inflecting] = &[
    Inflecting {
        lang: "en",
        sources: &["wp-unitingnc", "wp-jannah-tech-demo", "reuters"],
        prefixes: &[],
        suffixes: &["s", "ed", "ing"],
        before: "news",
    },
    Inflecting {
        lang: "es",
        sources: &["wp-izquierdahispanica"],
        prefixes: &[],
        suffixes: &["s", "es"],
        before: "news_es",
    },
    Inflecting {
        lang: "id",
        sources: &["wp-golkar"],
        prefixes: &["di", "ber", "ter"],
        suffixes: &["kan", "an", "nya", "lah"],
        before: NAME_TOKENIZER,
    },
];

fn main() {
    let Some(corpus) = std::env::var_os("NEWSGREP_CORPUS").map(PathBuf::from) else {
        println!("inflections: skipped, NEWSGREP_CORPUS is not set");
        return;
    };
    let index = tantivy::Index::create_in_ram(newsgrep::schema::Fields::build().0);
    newsgrep::analysis::register_tokenizers(&index);
    let analyzer = |name: &str| index.tokenizers().get(name).expect("registered analyzer");
    println!(
        "{:<4} {:>6} {:>8} {:>8}",
        "lang", "pairs", "before", "after"
    );
    for Inflecting {
        lang,
        sources,
        prefixes,
        suffixes,
        before,
    } in LANGUAGES
    {
        let mut words: BTreeSet<String> = BTreeSet::new();
        for source in *sources {
            for post in posts_of(&corpus, source) {
                let text = post.article().text().to_lowercase();
                words.extend(
                    text.split(|c: char| !c.is_alphabetic())
                        .filter(|w| w.chars().count() >= 4)
                        .map(str::to_string),
                );
            }
        }
        let mut pairs: Vec<(String, String)> = Vec::new();
        for word in &words {
            for suffix in *suffixes {
                let inflected = format!("{word}{suffix}");
                if words.contains(&inflected) {
                    pairs.push((word.clone(), inflected));
                }
            }
            for prefix in *prefixes {
                let inflected = format!("{prefix}{word}");
                if words.contains(&inflected) {
                    pairs.push((word.clone(), inflected));
                }
            }
        }
        let mut random = SplitMix(0x1f1e_c710 ^ lang.len() as u64);
        let mut drawn = Vec::new();
        while drawn.len() < PAIRS && !pairs.is_empty() {
            let at = (random.next() % pairs.len() as u64) as usize;
            drawn.push(pairs.swap_remove(at));
        }
        let after = Analysis::for_lang(lang).tokenizer();
        let found = |name: &str| {
            let mut analyzer = analyzer(name);
            drawn
                .iter()
                .filter(|(a, b)| terms(&mut analyzer, a) == terms(&mut analyzer, b))
                .count()
        };
        let n = drawn.len().max(1) as f64;
        println!(
            "{lang:<4} {:>6} {:>8.2} {:>8.2}",
            drawn.len(),
            found(before) as f64 / n,
            found(after) as f64 / n
        );
    }
}

fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}
