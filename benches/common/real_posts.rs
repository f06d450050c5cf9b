//! Real posts of the shared corpus for judging quotation extraction: the five
//! WordPress dumps and the Reuters-21578 stories (as WordPress would show them: one
//! `<p>` a paragraph), and a seeded draw of those that contain quotation marks.
//! Shared by the speakers bench and the tests through `#[path]`.

use newsgrep::html::{parse_article, Article};
use newsgrep::load::{read_objects, ObjectKind};
use std::collections::BTreeMap;
use std::path::Path;

/// One post of the corpus.
pub struct RealPost {
    /// Where it comes from: a dump folder's name, or `reuters`.
    pub source: String,
    /// Its id (`NEWID` for Reuters).
    pub id: u64,
    /// The language of its source.
    pub lang: &'static str,
    /// Its content as HTML.
    pub html: String,
}

impl RealPost {
    /// The key the gold set names it by: `source/id`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.source, self.id)
    }

    pub fn article(&self) -> Article {
        parse_article(&self.html)
    }
}

/// Dump folders with their language, and how many posts of each the draw takes.
pub const DRAWN: &[(&str, &str, usize)] = &[
    ("wp-izquierdahispanica", "es", 24),
    ("wp-golkar", "id", 24),
    ("wp-unitingnc", "en", 16),
    ("wp-jannah-tech-demo", "en", 4),
    ("wp-tuqulore-designlab", "ja", 4),
    ("reuters", "en", 24),
];

/// Every post of one source of the corpus, in id order.
pub fn posts_of(corpus: &Path, source: &str) -> Vec<RealPost> {
    let lang = DRAWN
        .iter()
        .find(|(s, _, _)| *s == source)
        .map_or("en", |(_, lang, _)| *lang);
    if source == "reuters" {
        return reuters(&corpus.join("reuters21578"), lang);
    }
    let mut found: BTreeMap<u64, RealPost> = BTreeMap::new();
    let mut files = Vec::new();
    collect_files(&corpus.join(source), &mut files);
    files.sort();
    for file in files {
        for object in read_objects(&file).objects {
            if ObjectKind::of(&object.head) != ObjectKind::Post {
                continue;
            }
            let (Some(id), Some(html)) = (object.head.id, object.body.content.clone()) else {
                continue;
            };
            found.entry(id).or_insert(RealPost {
                source: source.to_string(),
                id,
                lang,
                html,
            });
        }
    }
    found.into_values().collect()
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".json") || n == "index.html")
        {
            out.push(path);
        }
    }
}

/// The Reuters-21578 stories that have a body: each paragraph (an indented line
/// starts one) becomes a `<p>`, entities of the SGML kept as HTML reads them.
fn reuters(folder: &Path, lang: &'static str) -> Vec<RealPost> {
    let mut posts = Vec::new();
    for n in 0..22 {
        let path = folder.join(format!("reut2-{n:03}.sgm"));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        // Latin-1: every byte is the code point of the same number.
        let text: String = bytes.iter().map(|&b| char::from(b)).collect();
        for doc in text.split("<REUTERS").skip(1) {
            let Some(id) = between(doc, "NEWID=\"", "\"").and_then(|n| n.parse().ok()) else {
                continue;
            };
            let Some(body) = between(doc, "<BODY>", "</BODY>") else {
                continue;
            };
            let body = body.trim_end();
            let body = body.strip_suffix("Reuter").unwrap_or(body);
            let mut html = String::new();
            for paragraph in split_paragraphs(body) {
                html.push_str("<p>");
                html.push_str(&paragraph);
                html.push_str("</p>\n");
            }
            posts.push(RealPost {
                source: "reuters".to_string(),
                id,
                lang,
                html,
            });
        }
    }
    posts.sort_by_key(|p| p.id);
    posts
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

/// Paragraphs of a Reuters body: a line indented by two spaces or more starts one.
fn split_paragraphs(body: &str) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    for line in body.lines() {
        let starts_new = line.starts_with("  ") || paragraphs.is_empty();
        let words = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if words.is_empty() {
            continue;
        }
        match paragraphs.last_mut() {
            Some(last) if !starts_new => {
                last.push(' ');
                last.push_str(&words);
            }
            _ => paragraphs.push(words),
        }
    }
    // The SGML's control-character entities (`&#2;`) are no text.
    paragraphs
        .into_iter()
        .map(|p| {
            p.replace("&#2;", "")
                .replace("&#3;", "")
                .replace("&#5;", "")
                .replace("&#22;", "")
                .replace("&#27;", "")
                .replace("&#30;", "")
                .replace("&#31;", "")
                .replace("&#127;", "")
        })
        .collect()
}

/// Whether a post holds a quotation mark in its text.
pub fn has_quote_marks(article: &Article) -> bool {
    article
        .blocks
        .iter()
        .any(|b| b.text.contains(['“', '"', '«', '„', '「', '『']))
}

/// A post of the draw and the half it belongs to.
pub struct Drawn {
    pub post: RealPost,
    /// `dev` (tuned on) or `held-out` (reported only).
    pub split: &'static str,
}

/// The seeded draw: per source, the posts with quotation marks shuffled with a fixed
/// seed, the first `n` taken; alternate posts of the draw go to the two halves.
pub fn draw(corpus: &Path) -> Vec<Drawn> {
    let mut drawn = Vec::new();
    for (source, _, n) in DRAWN {
        let mut candidates: Vec<RealPost> = posts_of(corpus, source)
            .into_iter()
            .filter(|p| has_quote_marks(&p.article()))
            .collect();
        let mut rng = SplitMix(0x5EED_0017 ^ fnv(source.as_bytes()));
        // Fisher–Yates with the seeded generator.
        for i in (1..candidates.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            candidates.swap(i, j);
        }
        for (k, post) in candidates.into_iter().take(*n).enumerate() {
            let split = if k % 2 == 0 { "dev" } else { "held-out" };
            drawn.push(Drawn { post, split });
        }
    }
    drawn
}

/// A seeded pseudo-random sequence (SplitMix64), for reproducible draws.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// FNV-1a, 64 bits: the gold set's hashes of quotation words.
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}
