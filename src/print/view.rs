//! The JSON fields of a post that the search hits, `show --json` and the export records
//! share, built from a [`Post`] in one place so the three shapes cannot drift apart.

use crate::post::Post;
use crate::timefmt::format_rfc3339;
use serde::Serialize;

/// A post's shared JSON fields, in the one order every output writes them: `id`,
/// `site`, `url`, `title`, `date`, `modified`, `categories`, `tags`, `author`, `lang`.
///
/// An output embeds it with `#[serde(flatten)]` between its own fields. Outputs differ
/// only in which optional fields they carry, chosen with the `with…`/`without…` methods.
#[derive(Serialize)]
pub struct PostView<'a> {
    #[serde(skip)]
    post: &'a Post,
    id: u64,
    site: &'a str,
    url: &'a str,
    title: &'a str,
    /// RFC 3339 in UTC. `Some(None)` writes null for an undated post; `None` leaves the
    /// key out.
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<Option<String>>,
    /// Like `date`; left out unless asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<Option<String>>,
    categories: Vec<&'a str>,
    tags: &'a [String],
    author: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
}

impl<'a> PostView<'a> {
    /// The view most outputs want: every field but `modified`, an undated post's date
    /// as null.
    pub fn of(post: &'a Post) -> PostView<'a> {
        PostView {
            post,
            id: post.id,
            site: &post.site,
            url: &post.url,
            title: &post.title,
            date: Some(post.date.map(format_rfc3339)),
            modified: None,
            categories: post.categories.iter().map(|c| c.name.as_str()).collect(),
            tags: &post.tags,
            author: &post.author,
            lang: Some(&post.lang),
        }
    }

    /// Adds the last modification time after the date (null when unknown).
    pub fn with_modified(mut self) -> PostView<'a> {
        self.modified = Some(self.post.modified.map(format_rfc3339));
        self
    }

    /// Leaves the language out.
    pub fn without_lang(mut self) -> PostView<'a> {
        self.lang = None;
        self
    }

    /// Leaves an undated post's date out instead of writing null (Quickwit's datetime
    /// fields take no null).
    pub fn without_null_date(mut self) -> PostView<'a> {
        if self.post.date.is_none() {
            self.date = None;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn post() -> Post {
        Post {
            modified: Some(datetime!(2025-03-01 12:00 UTC)),
            ..Post::example()
        }
    }

    fn json(view: PostView) -> String {
        serde_json::to_string(&view).unwrap()
    }

    #[test]
    fn each_choice_adds_or_drops_one_field_in_place() {
        let post = post();
        let head = r#"{"id":7,"site":"a.example","url":"https://a.example/7","title":"T","#;
        let labels = r#""categories":["World"],"tags":["x"],"author":"Ann""#;
        assert_eq!(
            json(PostView::of(&post)),
            format!(r#"{head}"date":null,{labels},"lang":"en"}}"#)
        );
        assert_eq!(
            json(PostView::of(&post).with_modified()),
            format!(
                r#"{head}"date":null,"modified":"2025-03-01T12:00:00Z",{labels},"lang":"en"}}"#
            )
        );
        assert_eq!(
            json(PostView::of(&post).without_lang()),
            format!(r#"{head}"date":null,{labels}}}"#)
        );
        assert_eq!(
            json(PostView::of(&post).without_null_date()),
            format!(r#"{head}{labels},"lang":"en"}}"#)
        );
    }
}
