//! Quotations and speakers on real posts of the shared corpus, judged against the
//! hand-labelled gold set `fixtures/speakers-gold/real.json` (hashes of the quoted
//! words, never the corpus text itself), per language and per half.
//!
//! ```text
//! NEWSGREP_CORPUS=../shared/corpus cargo bench --bench speakers              # the table
//! NEWSGREP_CORPUS=../shared/corpus cargo bench --bench speakers -- --mistakes dev
//! … -- --draw DIR            # the drawn posts' paragraphs, for labelling
//! … -- --make-gold LABELS    # labels (with text) → the hashed gold set
//! ```

#[path = "common/quote_gold.rs"]
mod quote_gold;
#[path = "common/real_posts.rs"]
mod real_posts;

use quote_gold::{grams, judge_all, GoldPost, GoldQuote, GoldSet, Score};
use real_posts::{draw, posts_of, DRAWN};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const GOLD: &str = "fixtures/speakers-gold/real.json";

fn main() {
    let Some(corpus) = std::env::var_os("NEWSGREP_CORPUS").map(PathBuf::from) else {
        println!("speakers: skipped, NEWSGREP_CORPUS is not set");
        return;
    };
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|at| args.get(at + 1))
            .cloned()
    };
    if let Some(out) = value("--draw") {
        write_draw(&corpus, Path::new(&out));
        return;
    }
    if let Some(labels) = value("--make-gold") {
        make_gold(&corpus, Path::new(&labels));
        return;
    }
    let gold: GoldSet = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLD))
            .expect("read the gold set"),
    )
    .expect("parse the gold set");
    let mut posts = Vec::new();
    for (source, _, _) in DRAWN {
        posts.extend(posts_of(&corpus, source));
    }
    let (table, judged, missing) = judge_all(&posts, &gold);
    assert!(
        missing.is_empty(),
        "gold posts not in the corpus: {missing:?}"
    );
    print_table(&table);
    if let Some(half) = value("--mistakes") {
        let in_half: HashSet<&str> = gold
            .posts
            .iter()
            .filter(|p| p.split == half)
            .map(|p| p.post.as_str())
            .collect();
        for j in judged.iter().filter(|j| in_half.contains(j.post.as_str())) {
            println!(
                "{:<22} {} ¶{:<3} gold {:<24} found {:<24} {}",
                j.kind,
                j.post,
                j.paragraph,
                j.gold.as_deref().unwrap_or("-"),
                j.found.as_deref().unwrap_or("-"),
                j.text
                    .as_deref()
                    .map(|t| t.chars().take(70).collect::<String>())
                    .unwrap_or_default()
            );
        }
    }
}

fn print_table(table: &quote_gold::Table) {
    println!(
        "| language | half | gold quotations | found | precision | recall | speaker right | named speakers right | wrong names |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut totals: std::collections::BTreeMap<String, Score> = Default::default();
    for ((lang, half), s) in table {
        print_row(lang, half, s);
        totals.entry(half.clone()).or_default().add(s);
    }
    for (half, s) in &totals {
        print_row("all", half, s);
    }
}

fn print_row(lang: &str, half: &str, s: &Score) {
    println!(
        "| {lang} | {half} | {} | {} | {:.2} | {:.2} | {:.2} ({}/{}) | {}/{} | {} |",
        s.gold,
        s.found,
        s.precision(),
        s.recall(),
        s.speakers(),
        s.speaker_right,
        s.matched,
        s.named_right,
        s.gold_named,
        s.wrong_names
    );
}

/// Writes each drawn post as numbered paragraphs (what the extractor reads), and a
/// list of the draw.
fn write_draw(corpus: &Path, out: &Path) {
    std::fs::create_dir_all(out).expect("create the draw folder");
    let mut list = String::new();
    for drawn in draw(corpus) {
        let post = &drawn.post;
        let name = post.key().replace('/', "-");
        let mut text = format!("post: {}\nlang: {}\n\n", post.key(), post.lang);
        for (i, block) in post.article().blocks.iter().enumerate() {
            let quote = if block.blockquote.is_some() {
                " (blockquote)"
            } else {
                ""
            };
            text.push_str(&format!("[{}]{quote} {}\n\n", i + 1, block.text));
        }
        std::fs::write(out.join(format!("{name}.txt")), text).expect("write a post");
        list.push_str(&format!("{}\t{}\t{}\n", post.key(), post.lang, drawn.split));
    }
    std::fs::write(out.join("draw.tsv"), list).expect("write the list");
}

/// One label file as the labellers write it.
#[derive(serde::Deserialize)]
struct Labels {
    post: String,
    quotes: Vec<Label>,
}

#[derive(serde::Deserialize)]
struct Label {
    paragraph: usize,
    text: String,
    speaker: Option<String>,
    #[serde(default)]
    forms: Vec<String>,
    kind: Option<String>,
}

/// Turns the labels of every drawn post into the hashed gold set, checking that each
/// labelled text is in its post.
fn make_gold(corpus: &Path, labels: &Path) {
    let mut posts = Vec::new();
    for drawn in draw(corpus) {
        let key = drawn.post.key();
        let file = labels.join(format!("{}.json", key.replace('/', "-")));
        let Ok(text) = std::fs::read_to_string(&file) else {
            println!("no labels for {key}");
            continue;
        };
        let labels: Labels = match serde_json::from_str(&text) {
            Ok(l) => l,
            Err(e) => {
                println!("{}: {e}", file.display());
                continue;
            }
        };
        assert_eq!(labels.post, key, "{}", file.display());
        let article = drawn.post.article();
        let post_grams: HashSet<u32> = article.blocks.iter().flat_map(|b| grams(&b.text)).collect();
        let mut quotes = Vec::new();
        for label in labels.quotes {
            let g = grams(&label.text);
            let inside = g.iter().filter(|h| post_grams.contains(h)).count();
            if inside * 10 < g.len() * 9 {
                println!(
                    "{key} ¶{}: labelled text not found in the post ({inside}/{})",
                    label.paragraph,
                    g.len()
                );
            }
            quotes.push(GoldQuote {
                paragraph: label.paragraph,
                words: quote_gold::gold_words(&label.text).len(),
                grams: g,
                speaker: label.speaker.filter(|s| !s.trim().is_empty()),
                forms: label.forms,
                kind: label.kind,
            });
        }
        posts.push(GoldPost {
            post: key,
            lang: drawn.post.lang.to_string(),
            split: drawn.split.to_string(),
            quotes,
        });
    }
    let gold = GoldSet {
        about: "Quotations and speakers of real posts of the shared corpus, drawn at random \
                (benches/common/real_posts.rs) and labelled by hand; quotations as hashes \
                of their word triples (benches/common/quote_gold.rs), no corpus text."
            .to_string(),
        posts,
    };
    let mut out = String::from("{\n  \"about\": ");
    out.push_str(&serde_json::to_string(&gold.about).unwrap());
    out.push_str(",\n  \"posts\": [\n");
    for (i, p) in gold.posts.iter().enumerate() {
        out.push_str("    ");
        out.push_str(&serde_json::to_string(p).unwrap());
        out.push_str(if i + 1 < gold.posts.len() {
            ",\n"
        } else {
            "\n"
        });
    }
    out.push_str("  ]\n}\n");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLD);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, out).expect("write the gold set");
    println!("{} posts written to {}", gold.posts.len(), path.display());
}
