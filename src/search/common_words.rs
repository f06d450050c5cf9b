//! Common words: plain query words found in most posts are left out of the search,
//! whatever the language.

use super::build::QueryBuilder;
use super::query::UserQuery;
use tantivy::Searcher;

/// Share of posts above which a word counts as common ("the", "de", "yang").
const COMMON_WORD_SHARE: f64 = 0.5;
/// Fewest posts for which word frequencies say anything.
pub(super) const MIN_POSTS_FOR_COMMON: u64 = 50;

/// Drops plain words found in more than half of the posts: they say nothing about
/// which post is wanted, yet BM25 would reward long posts for them. Without stop-word
/// lists, this works in every language. Kept when every word is common. Returns the
/// words dropped.
pub(super) fn drop_common_words(
    query: &mut UserQuery,
    builder: &QueryBuilder<'_>,
    searcher: &Searcher,
) -> tantivy::Result<Vec<String>> {
    let posts = searcher.num_docs();
    if posts < MIN_POSTS_FOR_COMMON || query.groups.len() < 2 {
        return Ok(Vec::new());
    }
    let mut common = Vec::with_capacity(query.groups.len());
    for group in &query.groups {
        let is_common = match group.as_slice() {
            [clause] if clause.is_plain() => {
                // Posts in every language count: the word in each body field.
                let mut with_word = 0u64;
                for field in builder.store.searched_fields("body") {
                    if let [term] = builder.analyze(field, &clause.text).as_slice() {
                        with_word += searcher.doc_freq(term)?;
                    }
                }
                with_word as f64 > COMMON_WORD_SHARE * posts as f64
            }
            _ => false,
        };
        common.push(is_common);
    }
    if common.iter().all(|&c| c) {
        return Ok(Vec::new());
    }
    let dropped = query
        .groups
        .iter()
        .zip(&common)
        .filter(|(_, &is_common)| is_common)
        .filter_map(|(group, _)| group.first().map(|clause| clause.text.clone()))
        .collect();
    let mut flags = common.into_iter();
    query.groups.retain(|_| !flags.next().unwrap_or(false));
    Ok(dropped)
}
