//! Languages: detection into the `lang` field, `--lang`, counts in `stats`, and
//! Japanese words found in the middle of a sentence.

use crate::util::TestIndex;
use serde_json::json;
use std::sync::OnceLock;

fn languages_index() -> &'static TestIndex {
    static INDEX: OnceLock<TestIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = TestIndex::new();
        index.index_ok(&["fixtures/languages"]);
        index
    })
}

#[test]
fn each_post_gets_its_language_and_stats_count_them() {
    let run = languages_index().run(&["stats", "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        stats["languages"],
        json!({"en": 1, "es": 1, "id": 1, "ja": 1})
    );
    let run = languages_index().run(&["stats"]);
    assert!(run.stdout.contains("languages:   4\n"), "{}", run.stdout);
}

#[test]
fn lang_filters_posts() {
    let index = languages_index();
    assert_eq!(
        index.run(&["search", "--lang", "ja", "--json"]).json_ids(),
        vec![701]
    );
    assert_eq!(
        index.run(&["search", "--lang", "ES", "--json"]).json_ids(),
        vec![703]
    );
    assert_eq!(index.run(&["library", "--lang", "es"]).code, 1);
}

#[test]
fn a_japanese_word_in_the_middle_of_a_sentence_is_found() {
    let index = languages_index();
    // 「ウェブデザイナー向け」: the word stands between other characters, no spaces.
    assert_eq!(index.run(&["デザイナー", "--json"]).json_ids(), vec![701]);
    assert_eq!(index.run(&["大阪", "--json"]).json_ids(), vec![701]);
    assert_eq!(
        index.run(&["京都", "--json"]).code,
        1,
        "東京都 is not in the post"
    );
    let run = index.run(&["勉強会", "--json", "--color", "never"]);
    assert_eq!(run.json_ids(), vec![701]);
}

#[test]
fn spanish_and_indonesian_words_are_found_without_accents() {
    let index = languages_index();
    assert_eq!(
        index.run(&["amplia horario", "--json"]).json_ids(),
        vec![703]
    );
    assert_eq!(index.run(&["petani panen", "--json"]).json_ids(), vec![702]);
}

#[test]
fn each_language_gets_its_own_stemming() {
    let index = languages_index();
    // Spanish stemming: the plural finds the singular.
    assert_eq!(index.run(&["bibliotecas", "--json"]).json_ids(), vec![703]);
    // English stemming: "sunday" finds "Sundays", and only in the English post.
    assert_eq!(index.run(&["sunday", "--json"]).json_ids(), vec![704]);
    // Indonesian is not stemmed: the exact word is needed ("panen", not "panens").
    assert_eq!(index.run(&["title:panen", "--json"]).json_ids(), vec![702]);
}
