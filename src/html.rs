//! HTML → clean text: what a person would read, in paragraphs.
//!
//! Script, style and embed junk is dropped with its content, entities are decoded
//! (by the HTML parser), block elements separate text and inline elements do not.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements dropped together with everything inside them.
const DROPPED: &[&str] = &[
    "script", "style", "iframe", "noscript", "svg", "template", "object", "embed", "video",
    "audio", "canvas", "head", "math", "select", "button", "textarea", "map",
];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "address",
    "details",
    "summary",
    "hr",
    "form",
    "fieldset",
    "legend",
    "center",
    "body",
    "html",
    "cite",
];

/// One run of text that a reader sees as its own paragraph, heading, list item or caption.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    /// The visible text, whitespace collapsed; `<br>` becomes a newline.
    pub text: String,
    /// Which `<blockquote>` (numbered in document order) the block sits in, if any.
    pub blockquote: Option<usize>,
    /// Whether the block is a heading (`h1`–`h6`).
    pub heading: bool,
    /// Whether the block is a `<cite>` (the source of a quotation).
    pub cite: bool,
}

/// The readable text of an HTML fragment, split into blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// The blocks in document order; none is empty.
    pub blocks: Vec<TextBlock>,
    /// The `class` attribute of each outermost `<blockquote>`, by its number.
    pub blockquote_classes: Vec<String>,
}

impl Article {
    /// The whole text with blocks separated by a blank line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&block.text);
        }
        out
    }
}

/// Deepest element nesting parsed as it is: the HTML parser's work grows with the
/// square of the depth, and no article needs more.
const MAX_DEPTH: usize = 256;

/// Elements that never have content, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Parses an HTML fragment (a post's `content.rendered`) into readable blocks.
pub fn parse_article(html: &str) -> Article {
    let html = limit_nesting(html, MAX_DEPTH);
    let document = Html::parse_fragment(&html);
    let mut builder = BlockBuilder::default();
    let mut dropped_depth = 0usize;
    // Blocks are marked with their outermost blockquote, numbered in document order.
    let mut blockquote_depth = 0usize;
    let mut outer_blockquote: Option<usize> = None;
    let mut heading_depth = 0usize;
    let mut cite_depth = 0usize;
    let mut blockquote_classes = Vec::new();
    for edge in document.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if dropped_depth > 0 || DROPPED.contains(&name) {
                        dropped_depth += 1;
                        continue;
                    }
                    if name == "br" {
                        builder.line_break();
                    } else if BLOCKS.contains(&name) {
                        builder.end_block();
                        if name == "blockquote" {
                            if blockquote_depth == 0 {
                                outer_blockquote = Some(blockquote_classes.len());
                                let class = element.attr("class").unwrap_or("");
                                blockquote_classes.push(class.to_string());
                            }
                            blockquote_depth += 1;
                        }
                    }
                    if is_heading(name) {
                        heading_depth += 1;
                    }
                    if name == "cite" {
                        cite_depth += 1;
                    }
                    builder.blockquote = outer_blockquote;
                    builder.heading = heading_depth > 0;
                    builder.cite = cite_depth > 0;
                }
                Node::Text(text) if dropped_depth == 0 => builder.push_text(text),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(element) = node.value() {
                    let name = element.name();
                    if dropped_depth > 0 {
                        dropped_depth -= 1;
                        continue;
                    }
                    if BLOCKS.contains(&name) {
                        builder.end_block();
                        if name == "blockquote" {
                            blockquote_depth = blockquote_depth.saturating_sub(1);
                            if blockquote_depth == 0 {
                                outer_blockquote = None;
                            }
                        }
                    }
                    if is_heading(name) {
                        heading_depth = heading_depth.saturating_sub(1);
                    }
                    if name == "cite" {
                        cite_depth = cite_depth.saturating_sub(1);
                    }
                    builder.blockquote = outer_blockquote;
                    builder.heading = heading_depth > 0;
                    builder.cite = cite_depth > 0;
                }
            }
        }
    }
    builder.end_block();
    Article {
        blocks: builder.blocks,
        blockquote_classes,
    }
}

/// Drops the tags of elements nested deeper than `max_depth` (their text stays), so
/// that pathological HTML (100,000 nested `<div>`s) parses in linear time.
fn limit_nesting(html: &str, max_depth: usize) -> std::borrow::Cow<'_, str> {
    let mut depth = 0usize;
    let mut out: Option<String> = None;
    let mut copied_to = 0;
    let mut at = 0;
    while let Some(open) = html[at..].find('<').map(|i| at + i) {
        let Some(close) = html[open..].find('>').map(|i| open + i) else {
            break;
        };
        at = close + 1;
        let tag = &html[open + 1..close];
        let (closing, name) = match tag.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, tag),
        };
        let name: String = name
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        let too_deep = if closing {
            let deep = depth > max_depth;
            depth = depth.saturating_sub(1);
            deep
        } else {
            depth += 1;
            depth > max_depth
        };
        if too_deep {
            let buffer = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buffer.push_str(&html[copied_to..open]);
            copied_to = close + 1;
        }
    }
    match out {
        Some(mut buffer) => {
            buffer.push_str(&html[copied_to..]);
            std::borrow::Cow::Owned(buffer)
        }
        None => std::borrow::Cow::Borrowed(html),
    }
}

/// Strips an HTML fragment to its text as paragraphs separated by blank lines.
pub fn strip_html(html: &str) -> String {
    parse_article(html).text()
}

/// Strips a one-line HTML fragment such as a title: tags removed, entities decoded,
/// all whitespace (line breaks included) collapsed to single spaces.
pub fn strip_inline_html(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return collapse_whitespace(html);
    }
    let text = strip_html(html);
    collapse_whitespace(&text)
}

/// Collapses every run of whitespace to one space and trims the ends.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Accumulates text into blocks, collapsing whitespace as a browser would.
#[derive(Default)]
struct BlockBuilder {
    blocks: Vec<TextBlock>,
    current: String,
    pending_space: bool,
    blockquote: Option<usize>,
    heading: bool,
    cite: bool,
    /// Attributes of the block being built, fixed when its first text arrives.
    current_blockquote: Option<usize>,
    current_heading: bool,
    current_cite: bool,
}

impl BlockBuilder {
    fn push_text(&mut self, text: &str) {
        for ch in text.chars() {
            if ch.is_whitespace() || ch == '\u{200b}' || ch == '\u{feff}' {
                self.pending_space = true;
                continue;
            }
            if self.current.is_empty() {
                self.current_blockquote = self.blockquote;
                self.current_heading = self.heading;
                self.current_cite = self.cite;
            } else if self.pending_space && !self.current.ends_with('\n') {
                self.current.push(' ');
            }
            self.pending_space = false;
            self.current.push(ch);
        }
    }

    fn line_break(&mut self) {
        if !self.current.is_empty() && !self.current.ends_with('\n') {
            self.current.push('\n');
        }
        self.pending_space = false;
    }

    fn end_block(&mut self) {
        let text = self.current.trim_end();
        if !text.is_empty() {
            self.blocks.push(TextBlock {
                text: text.to_string(),
                blockquote: self.current_blockquote,
                heading: self.current_heading,
                cite: self.current_cite,
            });
        }
        self.current.clear();
        self.pending_space = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_styles_and_embeds_with_their_content() {
        let html = "<p>Before</p><script>var x = 1;</script><style>p{}</style>\
                    <iframe src=x>frame</iframe><noscript>js off</noscript><p>After</p>";
        assert_eq!(strip_html(html), "Before\n\nAfter");
    }

    #[test]
    fn inline_elements_do_not_split_words_blocks_do() {
        let html = "<p>un<em>believ</em>able <a href=x>link</a></p><h2>Head</h2><ul><li>one</li><li>two</li></ul>";
        assert_eq!(strip_html(html), "unbelievable link\n\nHead\n\none\n\ntwo");
    }

    #[test]
    fn decodes_entities_and_nbsp() {
        let html = "<p>Trump&#8217;s&nbsp;claim &amp; &quot;talks&quot; &#x201C;ok&#x201D;</p>";
        assert_eq!(strip_html(html), "Trump’s claim & \"talks\" “ok”");
    }

    #[test]
    fn gutenberg_comments_never_reach_the_text() {
        let html = "<!-- wp:paragraph -->\n<p>Text</p>\n<!-- /wp:paragraph -->";
        assert_eq!(strip_html(html), "Text");
    }

    #[test]
    fn br_is_a_line_break_inside_the_block() {
        assert_eq!(
            strip_html("<p>one<br>two <br/> three</p>"),
            "one\ntwo\nthree"
        );
    }

    #[test]
    fn keeps_figcaptions_and_marks_blockquotes_and_headings() {
        let article = parse_article(
            "<figure><img src=x><figcaption>Caption</figcaption></figure>\
             <blockquote><p>Q1</p><p>Q2</p></blockquote><h3>H</h3><blockquote>Q3</blockquote>",
        );
        let got: Vec<(&str, Option<usize>, bool)> = article
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.blockquote, b.heading))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Caption", None, false),
                ("Q1", Some(0), false),
                ("Q2", Some(0), false),
                ("H", None, true),
                ("Q3", Some(1), false),
            ]
        );
    }

    #[test]
    fn deep_nesting_keeps_its_text() {
        let html = format!(
            "{}deep text{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let started = std::time::Instant::now();
        assert_eq!(strip_html(&html), "deep text");
        assert!(started.elapsed().as_secs() < 10);
        assert_eq!(limit_nesting("<p>a<br>b</p>", 1), "<p>a<br>b</p>");
        assert_eq!(limit_nesting("<div><p>a</p></div>", 1), "<div>a</div>");
    }

    #[test]
    fn inline_title_is_one_line() {
        assert_eq!(
            strip_inline_html("Iran Responds to Trump&#8217;s <em>Claim</em>\n of Talks"),
            "Iran Responds to Trump’s Claim of Talks"
        );
        assert_eq!(strip_inline_html("  plain   title "), "plain title");
    }
}
