//! The tantivy schema: the one place that names every field, its options and its
//! analyzer, and converts posts to documents and back.

use crate::analysis::{Analysis, NAME_TOKENIZER, NEWS_TOKENIZER};
use crate::identities::ALIAS_SEPARATOR;
use crate::post::{site_key, Category, Post, Quote};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, Value, FAST, STORED, STRING,
};
use tantivy::{DateTime, TantivyDocument};

/// Handles of every field of the schema.
#[derive(Debug, Clone)]
pub struct Fields {
    /// `site key/id`: the post's identity, for replacing a post.
    pub key: Field,
    /// Hash of the post's source and resolved names: unchanged posts are skipped.
    pub fingerprint: Field,
    /// WordPress post id.
    pub id: Field,
    /// Host of the link, searchable as words (`site:golkar`).
    pub site: Field,
    /// Host of the link, exact, for `--site` and counts.
    pub host: Field,
    /// Permalink.
    pub url: Field,
    /// Title text of English (and unknown-language) posts.
    pub title: Field,
    /// Article text of English (and unknown-language) posts.
    pub body: Field,
    /// Article text of posts in languages without a stemmer (not stemmed).
    pub body_plain: Field,
    /// Title text, one field per analysis ([`Analysis::index`]): `title`, `title_es`,
    /// `title_plain`, `title_pt`…
    pub titles: Vec<Field>,
    /// Article text, one field per analysis: `body`, `body_es`, `body_plain`… The title
    /// is a second value of the post's body field, searched but never shown as text.
    pub bodies: Vec<Field>,
    /// Excerpt text (stored only).
    pub excerpt: Field,
    /// Quotation texts, one value each (searchable).
    pub quotes: Field,
    /// Speakers' names, one value per attributed quotation (searchable).
    pub speaker: Field,
    /// Speakers' names, exact, one value per attributed quotation, for counts.
    pub speaker_name: Field,
    /// Short forms the post introduces for full names, `short\u{1f}full`, for
    /// joining a site's speakers (see [`crate::identities`]).
    pub speaker_alias: Field,
    /// The quotations with speakers and paragraphs, as JSON (stored only).
    pub quote_json: Field,
    /// How many quotations the post has (to find posts that quote anybody).
    pub quote_count: Field,
    /// Category names, searchable.
    pub category: Field,
    /// Category names and slugs, lower-cased, for `--category`.
    pub category_key: Field,
    /// Category names, exact, for counts.
    pub category_name: Field,
    /// Tag names, searchable.
    pub tag: Field,
    /// Author name, searchable.
    pub author: Field,
    /// Language code, for `--lang` and counts.
    pub lang: Field,
    /// Publication time (UTC).
    pub date: Field,
    /// Modification time (UTC).
    pub modified: Field,
}

impl Fields {
    /// Builds the schema and returns it with the field handles.
    pub fn build() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let text = |tokenizer: &str, stored: bool| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            let options = TextOptions::default().set_indexing_options(indexing);
            if stored {
                options.set_stored()
            } else {
                options
            }
        };
        let date_options = DateOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds);
        // One title and one body field per analysis, in its order.
        let (titles, bodies): (Vec<Field>, Vec<Field>) = Analysis::all()
            .map(|analysis| {
                let options = text(analysis.tokenizer(), true);
                (
                    builder.add_text_field(&analysis.title_field(), options.clone()),
                    builder.add_text_field(&analysis.body_field(), options),
                )
            })
            .unzip();
        let fields = Fields {
            key: builder.add_text_field("key", STRING | FAST),
            fingerprint: builder.add_u64_field("fingerprint", NumericOptions::default().set_fast()),
            id: builder.add_u64_field(
                "id",
                NumericOptions::default()
                    .set_indexed()
                    .set_stored()
                    .set_fast(),
            ),
            site: builder.add_text_field("site", text(NAME_TOKENIZER, true)),
            host: builder.add_text_field("host", STRING | FAST),
            url: builder.add_text_field("url", STRING | STORED),
            title: titles[Analysis::ENGLISH.index()],
            body: bodies[Analysis::ENGLISH.index()],
            body_plain: bodies[Analysis::PLAIN.index()],
            titles,
            bodies,
            excerpt: builder.add_text_field("excerpt", STORED),
            quotes: builder.add_text_field("quotes", text(NEWS_TOKENIZER, false)),
            speaker: builder.add_text_field("speaker", text(NAME_TOKENIZER, false)),
            speaker_name: builder.add_text_field("speaker_name", STRING | FAST),
            speaker_alias: builder.add_text_field("speaker_alias", STRING | FAST | STORED),
            quote_json: builder.add_text_field("quote_json", STORED),
            quote_count: builder.add_u64_field(
                "quote_count",
                NumericOptions::default().set_indexed().set_fast(),
            ),
            category: builder.add_text_field("category", text(NEWS_TOKENIZER, true)),
            category_key: builder.add_text_field("category_key", STRING),
            category_name: builder.add_text_field("category_name", STRING | FAST),
            tag: builder.add_text_field("tag", text(NEWS_TOKENIZER, true)),
            author: builder.add_text_field("author", text(NAME_TOKENIZER, true)),
            lang: builder.add_text_field("lang", STRING | FAST | STORED),
            date: builder.add_date_field("date", date_options.clone()),
            modified: builder.add_date_field("modified", date_options),
        };
        (builder.build(), fields)
    }

    /// Looks the handles up in an existing index's schema.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let get = |name: &str| schema.get_field(name);
        Ok(Fields {
            key: get("key")?,
            fingerprint: get("fingerprint")?,
            id: get("id")?,
            site: get("site")?,
            host: get("host")?,
            url: get("url")?,
            title: get("title")?,
            body: get("body")?,
            body_plain: get(&Analysis::PLAIN.body_field())?,
            titles: Analysis::all()
                .map(|a| get(&a.title_field()))
                .collect::<tantivy::Result<_>>()?,
            bodies: Analysis::all()
                .map(|a| get(&a.body_field()))
                .collect::<tantivy::Result<_>>()?,
            excerpt: get("excerpt")?,
            quotes: get("quotes")?,
            speaker: get("speaker")?,
            speaker_name: get("speaker_name")?,
            speaker_alias: get("speaker_alias")?,
            quote_json: get("quote_json")?,
            quote_count: get("quote_count")?,
            category: get("category")?,
            category_key: get("category_key")?,
            category_name: get("category_name")?,
            tag: get("tag")?,
            author: get("author")?,
            lang: get("lang")?,
            date: get("date")?,
            modified: get("modified")?,
        })
    }

    /// The fields a query's `name:` prefix (or a default field's name) stands for:
    /// `title` and `body` are one field per analysis.
    pub fn fields_named(&self, name: &str) -> Vec<Field> {
        match name {
            "title" => self.titles.clone(),
            "body" => self.bodies.clone(),
            other => self.by_query_name(other).into_iter().collect(),
        }
    }

    /// The body field of a post in this language.
    pub fn body_for(&self, lang: &str) -> Field {
        self.bodies[Analysis::for_lang(lang).index()]
    }

    /// The title field of a post in this language.
    pub fn title_for(&self, lang: &str) -> Field {
        self.titles[Analysis::for_lang(lang).index()]
    }

    /// The field a query's `name:` prefix stands for, for single-field names.
    fn by_query_name(&self, name: &str) -> Option<Field> {
        Some(match name {
            "title" => self.title,
            "body" => self.body,
            "quotes" | "quote" => self.quotes,
            "category" | "categories" => self.category,
            "tag" | "tags" => self.tag,
            "site" => self.site,
            "author" => self.author,
            "speaker" | "speakers" => self.speaker,
            _ => return None,
        })
    }

    /// The tantivy document for a post, with the fingerprint of its source.
    pub fn document(&self, post: &Post, fingerprint: u64) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_text(self.key, post_key(&post.site, post.id));
        doc.add_u64(self.fingerprint, fingerprint);
        doc.add_u64(self.id, post.id);
        doc.add_text(self.site, &post.site);
        doc.add_text(self.host, &post.site);
        doc.add_text(self.url, &post.url);
        doc.add_text(self.title_for(&post.lang), &post.title);
        // The body field indexes the title too, after the text (its stored first value
        // stays the text alone): a word in both is one body match that counts twice,
        // not two field scores added up, and the title field adds a bonus on top
        // (`FieldWeights::title`). An exact phrase does not run from the text into the
        // title (tantivy leaves a position free between values; a proximity slop of 2
        // or more may).
        doc.add_text(self.body_for(&post.lang), &post.body);
        if !post.title.is_empty() {
            doc.add_text(self.body_for(&post.lang), &post.title);
        }
        doc.add_text(self.excerpt, &post.excerpt);
        for quote in &post.quotes {
            doc.add_text(self.quotes, &quote.text);
            if let Some(speaker) = &quote.speaker {
                doc.add_text(self.speaker, speaker);
                doc.add_text(self.speaker_name, speaker);
            }
        }
        for (short, full) in &post.speaker_aliases {
            doc.add_text(
                self.speaker_alias,
                format!("{short}{ALIAS_SEPARATOR}{full}"),
            );
        }
        doc.add_u64(self.quote_count, post.quotes.len() as u64);
        let stored: Vec<StoredQuote> = post.quotes.iter().map(StoredQuote::from).collect();
        if let Ok(json) = serde_json::to_string(&stored) {
            doc.add_text(self.quote_json, json);
        }
        for category in &post.categories {
            doc.add_text(self.category, &category.name);
            doc.add_text(self.category_name, &category.name);
            doc.add_text(self.category_key, category.name.to_lowercase());
            if let Some(slug) = &category.slug {
                doc.add_text(self.category_key, slug.to_lowercase());
            }
        }
        for tag in &post.tags {
            doc.add_text(self.tag, tag);
        }
        doc.add_text(self.author, &post.author);
        doc.add_text(self.lang, &post.lang);
        if let Some(date) = post.date {
            doc.add_date(self.date, DateTime::from_utc(date));
        }
        if let Some(modified) = post.modified {
            doc.add_date(self.modified, DateTime::from_utc(modified));
        }
        doc
    }

    /// Reads a stored document back into a post (categories without slugs: those are
    /// not stored).
    pub fn read_post(&self, doc: &TantivyDocument) -> Post {
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let first_text = |fields: &[Field]| {
            fields
                .iter()
                .map(|&f| text(f))
                .find(|t| !t.is_empty())
                .unwrap_or_default()
        };
        let texts = |field: Field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let date = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_datetime())
                .map(DateTime::into_utc)
        };
        Post {
            id: doc.get_first(self.id).and_then(|v| v.as_u64()).unwrap_or(0),
            site: text(self.site),
            url: text(self.url),
            title: first_text(&self.titles),
            date: date(self.date),
            modified: date(self.modified),
            categories: texts(self.category)
                .into_iter()
                .map(|name| Category { name, slug: None })
                .collect(),
            tags: texts(self.tag),
            author: text(self.author),
            lang: text(self.lang),
            lang_sure: true,
            excerpt: text(self.excerpt),
            body: first_text(&self.bodies),
            quotes: doc
                .get_first(self.quote_json)
                .and_then(|v| v.as_str())
                .and_then(|json| serde_json::from_str::<Vec<StoredQuote>>(json).ok())
                .unwrap_or_default()
                .into_iter()
                .map(Quote::from)
                .collect(),
            speaker_aliases: texts(self.speaker_alias)
                .into_iter()
                .filter_map(|pair| {
                    let (short, full) = pair.split_once(ALIAS_SEPARATOR)?;
                    Some((short.to_string(), full.to_string()))
                })
                .collect(),
        }
    }
}

/// A quotation as stored in `quote_json`.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredQuote {
    text: String,
    speaker: Option<String>,
    paragraph: usize,
}

impl From<&Quote> for StoredQuote {
    fn from(quote: &Quote) -> Self {
        StoredQuote {
            text: quote.text.clone(),
            speaker: quote.speaker.clone(),
            paragraph: quote.paragraph,
        }
    }
}

impl From<StoredQuote> for Quote {
    fn from(stored: StoredQuote) -> Self {
        Quote {
            text: stored.text,
            speaker: stored.speaker,
            paragraph: stored.paragraph,
        }
    }
}

/// The identity of a post in the index: normalised site and id.
pub fn post_key(site: &str, id: u64) -> String {
    format!("{}/{}", site_key(site), id)
}
