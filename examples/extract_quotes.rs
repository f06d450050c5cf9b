//! Prints the quotations newsgrep extracts from every post of a dump, one JSON object
//! per line: `cargo run --example extract_quotes -- DIR...`. Used to check extraction
//! by hand on real dumps.

use newsgrep::load::{convert_post, list_files, read_objects, ObjectKind, TermTables};
use std::path::PathBuf;

fn main() {
    let roots: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let (files, _) = list_files(&roots, None);
    let tables = TermTables::default();
    for file in files {
        for object in read_objects(&file.path).objects {
            if ObjectKind::of(&object) != ObjectKind::Post {
                continue;
            }
            let Some(post) = convert_post(&object, &file.site, &tables, &mut Vec::new()) else {
                continue;
            };
            for quote in &post.quotes {
                let line = serde_json::json!({
                    "site": post.site, "post_id": post.id, "paragraph": quote.paragraph,
                    "speaker": quote.speaker, "text": quote.text,
                });
                println!("{line}");
            }
        }
    }
}
