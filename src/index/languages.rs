//! Posts whose text does not tell its language clearly (a title-only post, a caption, a
//! short note) take their site's usual language: the one most of the site's posts in
//! the index are written in. A site writes mostly in one language, and a detector on a
//! few words often picks a related one (an English abstract taken for Latin, a Spanish
//! note for Portuguese), which would give the post another analyzer and hide it from
//! queries in its real language. Such posts are held back while the batches are
//! written, then settled against what the index holds and added.

use super::plan::Change;
use crate::error::Result;
use crate::post::Post;
use crate::store::{tantivy_error, Store};
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::sync::Mutex;
use tantivy::ReloadPolicy;

/// Most posts held back by default ([`super::IndexConfig::held_posts`]): when this
/// many are held, they are settled against what is
/// committed so far and written with the batch being written, so that memory stays
/// bounded on a dump of short posts.
pub(super) const MAX_HELD: usize = 20_000;

/// The posts held back for their site's language.
#[derive(Default)]
pub(super) struct Unsure {
    held: Mutex<Vec<(Post, Change)>>,
}

impl Unsure {
    /// Holds a post back until [`Unsure::settle`].
    pub(super) fn hold(&self, post: Post, change: Change) {
        if let Ok(mut held) = self.held.lock() {
            held.push((post, change));
        }
    }

    /// How many posts are held.
    pub(super) fn len(&self) -> usize {
        self.held.lock().map_or(0, |held| held.len())
    }

    /// The held posts, each given its site's usual language as of the last commit (a
    /// site with no post of a clear language keeps each post's own guess).
    pub(super) fn settle(&self, store: &Store) -> Result<Vec<(Post, Change)>> {
        let mut held = match self.held.lock() {
            Ok(mut held) => std::mem::take(&mut *held),
            Err(_) => return Ok(Vec::new()),
        };
        let sites: BTreeSet<&str> = held.iter().map(|(post, _)| post.site.as_str()).collect();
        let usual = usual_languages(store, &sites)?;
        for (post, _) in &mut held {
            if let Some(lang) = usual.get(post.site.as_str()) {
                post.lang.clone_from(lang);
            }
        }
        Ok(held)
    }
}

/// The language most posts of each of `sites` are in, as committed (posts of no clear
/// language, `und`, not counted).
fn usual_languages(store: &Store, sites: &BTreeSet<&str>) -> Result<FxHashMap<String, String>> {
    let tantivy_err = |source| tantivy_error(&store.path, source);
    let reader = store
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(tantivy_err)?;
    let searcher = reader.searcher();
    let wanted: Vec<&str> = sites.iter().copied().collect();
    let mut counts: Vec<FxHashMap<String, u64>> = vec![FxHashMap::default(); wanted.len()];
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(hosts), Some(langs)) = (
            fast.str("host").map_err(tantivy_err)?,
            fast.str("lang").map_err(tantivy_err)?,
        ) else {
            continue;
        };
        // Host ords of this segment → the wanted site they are, if any.
        let mut name = String::new();
        let mut site_of = Vec::with_capacity(hosts.num_terms());
        for ord in 0..hosts.num_terms() as u64 {
            name.clear();
            hosts
                .ord_to_str(ord, &mut name)
                .map_err(|e| tantivy_err(e.into()))?;
            site_of.push(wanted.iter().position(|w| *w == name));
        }
        let mut per_lang: Vec<FxHashMap<u64, u64>> = vec![FxHashMap::default(); wanted.len()];
        for doc in segment.doc_ids_alive() {
            let Some(site) = hosts
                .term_ords(doc)
                .next()
                .and_then(|ord| site_of.get(ord as usize).copied().flatten())
            else {
                continue;
            };
            if let Some(lang) = langs.term_ords(doc).next() {
                *per_lang[site].entry(lang).or_default() += 1;
            }
        }
        for (site, ords) in per_lang.into_iter().enumerate() {
            for (ord, count) in ords {
                name.clear();
                langs
                    .ord_to_str(ord, &mut name)
                    .map_err(|e| tantivy_err(e.into()))?;
                *counts[site].entry(name.clone()).or_default() += count;
            }
        }
    }
    Ok(wanted
        .into_iter()
        .zip(counts)
        .filter_map(|(site, langs)| {
            let (lang, _) = langs
                .into_iter()
                .filter(|(lang, _)| lang != "und")
                // The most posts; a tie goes to the first code, so the answer is stable.
                .max_by(|(a, x), (b, y)| x.cmp(y).then(b.cmp(a)))?;
            Some((site.to_string(), lang))
        })
        .collect())
}
