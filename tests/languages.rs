//! Languages: detection into the `lang` field, `--lang`, counts in `stats`, and
//! Japanese words found in the middle of a sentence.

use crate::util::{post_json, write_dump, TestIndex};
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
    // An ISO 639-3 code finds the posts stored under the language's two letters.
    assert_eq!(
        index.run(&["search", "--lang", "spa", "--json"]).json_ids(),
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

#[test]
fn chinese_pairs_rank_posts_with_the_pairs_apart_after_those_with_the_whole_word() {
    // A Chinese query typed without spaces is cut into pairs (海淘 淘经 经验): each
    // pair finds posts, the whole word as typed ranks first. A hyphenated word stays
    // one phrase.
    let dump = write_dump(&[
        (
            "together.json",
            post_json(
                1,
                "a.example",
                "2024-01-02T00:00:00",
                "分享",
                "<p>我的海淘经验分享给大家。</p>",
            ),
        ),
        (
            "apart.json",
            post_json(
                2,
                "a.example",
                "2024-01-03T00:00:00",
                "分享",
                "<p>这是海淘的经验，很多人喜欢。</p>",
            ),
        ),
        (
            "hyphen.json",
            post_json(
                3,
                "b.example",
                "2024-01-04T00:00:00",
                "Tests",
                "<p>The wind-tunnel tests of the new wing began on Monday.</p>",
            ),
        ),
        (
            "words.json",
            post_json(
                4,
                "b.example",
                "2024-01-05T00:00:00",
                "Tunnel",
                "<p>The tunnel under the river opened on Monday.</p>",
            ),
        ),
    ]);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    assert_eq!(index.run(&["海淘经验", "--json"]).json_ids(), vec![1, 2]);
    assert_eq!(index.run(&["\"海淘经验\"", "--json"]).json_ids(), vec![1]);
    // Beside another word, a Chinese word some of whose pairs match is kept.
    assert_eq!(
        index.run(&["新海淘经验 分享", "--json"]).json_ids(),
        vec![1, 2]
    );
    assert_eq!(index.run(&["wind-tunnel", "--json"]).json_ids(), vec![3]);
    // Excluded, the whole word is meant, not its pairs.
    assert_eq!(index.run(&["分享 -海淘经验", "--json"]).json_ids(), vec![2]);
}

#[test]
fn a_short_post_takes_its_sites_language_where_its_text_is_unclear() {
    let mut files = clear_english_posts("");
    // Alone, these few words are taken for Danish and Italian.
    files.push((
        "4.json".to_string(),
        post_json(
            4,
            "a.example",
            "2024-01-02T00:00:00",
            "Heat transfer in laminar flow",
            "",
        ),
    ));
    // A site with no clear post keeps each post's own guess.
    files.push((
        "5.json".to_string(),
        post_json(
            5,
            "b.example",
            "2024-01-02T00:00:00",
            "Pressure distribution on cones",
            "",
        ),
    ));
    let dump = write_dump(&files);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    assert_eq!(
        index.run(&["laminar", "--lang", "en", "--json"]).json_ids(),
        vec![4]
    );
    let stats: serde_json::Value =
        serde_json::from_str(&index.run(&["stats", "--json"]).stdout).unwrap();
    assert_eq!(stats["languages"], json!({"en": 4, "it": 1}));
}

#[test]
fn portuguese_french_and_indonesian_posts_are_stemmed_and_found_without_accents() {
    let pt = "<p>O governo anunciou ontem novas privatizações de empresas públicas, e a \
              oposição disse que não aceita a venda das companhias de energia sem um \
              debate no parlamento sobre o futuro do setor.</p>";
    let fr = "<p>Le gouvernement a annoncé hier que les élections régionales auront lieu \
              au mois de juin, et les partis de l'opposition ont dit qu'ils présenteront \
              des listes communes dans toutes les régions du pays.</p>";
    let id = "<p>Partai Golkar mendukung calon gubernur yang diusulkan oleh para kader di \
              daerah, dan ketua umum mengatakan bahwa dukungan itu akan diumumkan dalam \
              rapat pimpinan nasional pada bulan depan di Jakarta.</p>";
    let dump = write_dump(&[
        (
            "pt.json",
            post_json(1, "pt.example", "2024-01-01T00:00:00", "Governo", pt),
        ),
        (
            "fr.json",
            post_json(2, "fr.example", "2024-01-01T00:00:00", "Gouvernement", fr),
        ),
        (
            "id.json",
            post_json(3, "id.example", "2024-01-01T00:00:00", "Golkar", id),
        ),
    ]);
    let index = TestIndex::new();
    index.index_ok(&[dump.path().to_str().unwrap()]);
    let stats: serde_json::Value =
        serde_json::from_str(&index.run(&["stats", "--json"]).stdout).unwrap();
    assert_eq!(stats["languages"], json!({"pt": 1, "fr": 1, "id": 1}));
    // The singular finds the plural, and the plural typed without accents finds it;
    // the singular typed without accents (privatizacao) does not: Portuguese stemming
    // needs the accents to meet the plural.
    for query in ["privatização", "privatizações", "privatizacoes"] {
        assert_eq!(index.run(&[query, "--json"]).json_ids(), vec![1], "{query}");
    }
    for query in ["élection", "election", "élections"] {
        assert_eq!(index.run(&[query, "--json"]).json_ids(), vec![2], "{query}");
    }
    // A typo is fixed to a word as written, not to the stem of its unaccented form.
    let run = index.run(&["privatizacoez", "--json"]);
    assert_eq!(run.json_ids(), vec![1]);
    assert!(
        run.stderr.starts_with(
            "newsgrep: 'privatizacoez' matches nothing; searched 'privatizações' instead\n"
        ),
        "{}",
        run.stderr
    );
    // Indonesian affixes: dukung finds mendukung and dukungan.
    assert_eq!(index.run(&["dukung", "--json"]).json_ids(), vec![3]);
    assert_eq!(index.run(&["usul", "--json"]).json_ids(), vec![3]);
    // Phrases still match as written.
    assert_eq!(
        index.run(&["\"novas privatizações\"", "--json"]).json_ids(),
        vec![1]
    );
}

#[test]
fn held_back_posts_are_settled_and_written_when_too_many_are_held() {
    // Three clear English posts first (a batch of their own), then six short ones,
    // at most two held at a time: every post is indexed once, in English.
    let mut files = clear_english_posts("a/");
    for (id, title) in (4..).zip([
        "Heat transfer in laminar flow",
        "Pressure distribution on cones",
        "Transonic flutter of panels",
        "Hypersonic viscous interaction",
        "Plastic buckling of plates",
        "Stagnation point flow",
    ]) {
        let post = post_json(id, "a.example", "2024-01-02T00:00:00", title, "");
        files.push((format!("b/{id}.json"), post));
    }
    let dump = write_dump(&files);
    let index = TestIndex::new();
    let mut config = newsgrep::IndexConfig::new(
        index.path().to_path_buf(),
        vec![dump.path().join("a"), dump.path().join("b")],
    );
    config.batch_posts = 3;
    config.held_posts = 2;
    newsgrep::index_dumps(&config).expect("index");
    let stats: serde_json::Value =
        serde_json::from_str(&index.run(&["stats", "--json"]).stdout).unwrap();
    assert_eq!(stats["posts"], json!(9));
    assert_eq!(stats["languages"], json!({"en": 9}));
}

/// Posts 1 to 3 of `a.example`, whose text tells clearly that they are English, as
/// files under `folder`.
fn clear_english_posts(folder: &str) -> Vec<(String, String)> {
    let long = "<p>The committee met on Tuesday to review the results of the wind tunnel \
                tests, and the engineers said the new wing behaved as the models had \
                predicted across the whole range of speeds that were measured.</p>";
    (1..=3)
        .map(|id| {
            let post = post_json(id, "a.example", "2024-01-01T00:00:00", "Wing tests", long);
            (format!("{folder}{id}.json"), post)
        })
        .collect()
}
