//! Quote extraction quality on the hand-written gold set in `fixtures/quotes-gold/`:
//! precision and recall of quotation spans (exact text after trimming) and speaker
//! accuracy, printed per case category and per split. The `dev` half was used while
//! building the extractor; the `test` half is reported as held out.

use newsgrep::html::{collapse_whitespace, parse_article};
use newsgrep::quotes::extract_quotes;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;

#[derive(Default, Clone, Copy)]
struct Score {
    predicted: usize,
    gold: usize,
    matched: usize,
    speaker_right: usize,
}

impl Score {
    fn add(&mut self, other: Score) {
        self.predicted += other.predicted;
        self.gold += other.gold;
        self.matched += other.matched;
        self.speaker_right += other.speaker_right;
    }
    fn ratio(num: usize, den: usize) -> f64 {
        if den == 0 {
            1.0
        } else {
            num as f64 / den as f64
        }
    }
    fn precision(&self) -> f64 {
        Self::ratio(self.matched, self.predicted)
    }
    fn recall(&self) -> f64 {
        Self::ratio(self.matched, self.gold)
    }
    fn speaker_accuracy(&self) -> f64 {
        Self::ratio(self.speaker_right, self.matched)
    }
    fn line(&self, label: &str) -> String {
        format!(
            "{label:<24} precision {:.3}  recall {:.3}  speaker accuracy {:.3}  ({} gold, {} found, {} matched)",
            self.precision(),
            self.recall(),
            self.speaker_accuracy(),
            self.gold,
            self.predicted,
            self.matched
        )
    }
}

fn normalise(text: &str) -> String {
    collapse_whitespace(text.trim())
}

/// Scores one case and returns the mistakes, for printing.
fn score_case(case: &Value) -> (Score, Vec<String>) {
    let html = case["html"].as_str().expect("html");
    let found = extract_quotes(&parse_article(html));
    let gold: Vec<(String, Option<String>)> = case["quotes"]
        .as_array()
        .expect("quotes")
        .iter()
        .map(|q| {
            (
                normalise(q["text"].as_str().expect("text")),
                q["speaker"].as_str().map(str::to_string),
            )
        })
        .collect();
    let mut score = Score {
        predicted: found.len(),
        gold: gold.len(),
        ..Score::default()
    };
    let mut mistakes = Vec::new();
    for quote in &found {
        let text = normalise(&quote.text);
        match gold.iter().find(|(g, _)| *g == text) {
            Some((_, speaker)) => {
                score.matched += 1;
                if *speaker == quote.speaker {
                    score.speaker_right += 1;
                } else {
                    mistakes.push(format!(
                        "speaker {:?}, expected {speaker:?}: {text}",
                        quote.speaker
                    ));
                }
            }
            None => mistakes.push(format!("extra: {text:?} ({:?})", quote.speaker)),
        }
    }
    for (text, _) in &gold {
        if !found.iter().any(|q| normalise(&q.text) == *text) {
            mistakes.push(format!("missed: {text:?}"));
        }
    }
    (score, mistakes)
}

#[test]
fn quote_extraction_meets_its_targets_on_the_gold_set() {
    let dir = crate::util::project_dir().join("fixtures/quotes-gold");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("gold folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut by_category: BTreeMap<String, Score> = BTreeMap::new();
    let mut by_split: BTreeMap<String, Score> = BTreeMap::new();
    let mut total = Score::default();
    let mut report = String::new();
    let mut cases = 0;
    for file in files {
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let category = gold["category"].as_str().unwrap().to_string();
        for case in gold["cases"].as_array().unwrap() {
            cases += 1;
            let (score, mistakes) = score_case(case);
            let split = case["split"].as_str().unwrap().to_string();
            by_category.entry(category.clone()).or_default().add(score);
            by_split.entry(split.clone()).or_default().add(score);
            total.add(score);
            for mistake in mistakes {
                report.push_str(&format!(
                    "  [{split}] {}: {mistake}\n",
                    case["id"].as_str().unwrap()
                ));
            }
        }
    }
    let mut out = format!("quote extraction on {cases} gold cases\n");
    for (category, score) in &by_category {
        out.push_str(&score.line(category));
        out.push('\n');
    }
    for (split, score) in &by_split {
        out.push_str(&score.line(&format!("split {split}")));
        out.push('\n');
    }
    out.push_str(&total.line("all"));
    out.push('\n');
    out.push_str(&report);
    // Past the harness's capture: the numbers are the point of this test.
    let _ = std::io::stderr().write_all(out.as_bytes());
    assert!(cases >= 40, "the gold set needs at least 40 cases");
    let dev = by_split["dev"];
    assert!(
        dev.precision() >= 0.95,
        "dev precision {:.3}\n{out}",
        dev.precision()
    );
    assert!(
        dev.recall() >= 0.90,
        "dev recall {:.3}\n{out}",
        dev.recall()
    );
    assert!(
        dev.speaker_accuracy() >= 0.90,
        "dev speaker accuracy {:.3}\n{out}",
        dev.speaker_accuracy()
    );
}
