//! The Quickwit index config (YAML) for newsgrep's exported records.

use super::error::QuickwitError;
use crate::post::site_key;

/// Checks an index id given by hand against what Quickwit accepts: 3 to 255 letters,
/// digits, `-` or `_`, starting with a letter.
pub fn check_index_id(id: &str) -> Result<(), QuickwitError> {
    let valid = (3..=255).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(QuickwitError::InvalidIndexId(id.to_string()))
    }
}

/// The Quickwit index id of one generation of a site: `ng-<site>-<generation>`,
/// the site's host with every character Quickwit does not allow in an id (letters,
/// digits, `-`, `_`) turned into `-`.
pub fn index_id(site: &str, generation: u64) -> String {
    format!("{}{generation}", index_prefix(site))
}

/// `ng-<site>-`: what every generation's index id of a site starts with.
fn index_prefix(site: &str) -> String {
    let host: String = site_key(site)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("ng-{host}-")
}

/// The generation of a site's index id (`None` for another site's or another name).
pub fn generation_of(site: &str, index_id: &str) -> Option<u64> {
    index_id.strip_prefix(&index_prefix(site))?.parse().ok()
}

/// The index config of `index_id`. Text is cut by `chinese_compatible` (words, and
/// each Chinese/Japanese/Korean character apart) with positions, for phrase queries in
/// every language of the archive; `date` is a datetime fast field for time ranges and
/// sorting; site, categories, speakers and language are fast fields (the names as
/// they are) for aggregations, searched as the local filters match them: categories
/// whole in any case, speakers by their words (a surname alone).
pub fn index_config(index_id: &str) -> String {
    format!(
        "\
# Quickwit index config for newsgrep records (newsgrep export --ndjson).
version: 0.8
index_id: {index_id}
doc_mapping:
  mode: strict
  field_mappings:
    - name: id
      type: u64
      fast: true
    - name: site
      type: text
      tokenizer: raw
      fast: true
    - name: url
      type: text
      tokenizer: raw
    - name: title
      type: text
      tokenizer: chinese_compatible
      record: position
      fieldnorms: true
    - name: date
      type: datetime
      input_formats: [rfc3339]
      output_format: rfc3339
      fast: true
      fast_precision: seconds
    - name: categories
      type: array<text>
      tokenizer: raw_lowercase
      fast: true
    - name: tags
      type: array<text>
      tokenizer: default
    - name: author
      type: text
      tokenizer: default
    - name: lang
      type: text
      tokenizer: raw
      fast: true
    - name: quotes
      type: array<json>
      tokenizer: chinese_compatible
      record: position
    - name: speakers
      type: array<text>
      tokenizer: default
      record: position
      fast: true
    - name: body
      type: text
      tokenizer: chinese_compatible
      record: position
      fieldnorms: true
  timestamp_field: date
search_settings:
  default_search_fields: [title, body]
indexing_settings:
  commit_timeout_secs: 10
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_ids_keep_only_what_quickwit_allows() {
        assert_eq!(index_id("www.Golkar.or.id", 3), "ng-golkar-or-id-3");
        assert_eq!(
            generation_of("news10.example", "ng-news10-example-12"),
            Some(12)
        );
        assert_eq!(generation_of("news10.example", "ng-news10-example-x"), None);
        assert_eq!(generation_of("news1.example", "ng-news10-example-12"), None);
        assert_eq!(generation_of("site0", "ng-site0-3"), Some(3));
        assert_eq!(
            index_id("news.example.com:8080", 1),
            "ng-news-example-com-8080-1"
        );
    }

    #[test]
    fn hand_given_index_ids_follow_quickwits_rule() {
        for good in ["news_2025", "abc", "a-b_c9", &"x".repeat(255)] {
            assert!(check_index_id(good).is_ok(), "{good}");
        }
        for bad in [
            "ab",
            "1x",
            "-abc",
            "_abc",
            "ab.c",
            "héllo",
            "",
            &"x".repeat(256),
        ] {
            assert!(check_index_id(bad).is_err(), "{bad}");
        }
        // Generated ids pass it too.
        assert!(check_index_id(&index_id("www.Golkar.or.id", 3)).is_ok());
        assert_eq!(
            check_index_id("1x").unwrap_err().to_string(),
            "'1x': Quickwit index ids are 3 to 255 letters, digits, - or _, starting with a letter"
        );
    }
}
