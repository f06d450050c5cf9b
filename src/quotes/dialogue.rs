//! The dash style of dialogue (Spanish, Portuguese, French): a paragraph that opens
//! with a dash is speech, up to a dash that opens the attribution, which a dash may
//! close before the speech goes on:
//!
//! `—No vamos a ceder —dijo el ministro Juan Pérez—. Es una cuestión de principios.`

use super::attribution::{after_quote, Attribution};

const DASHES: [char; 2] = ['—', '–'];

/// The speech of a dash dialogue paragraph (its parts joined) and its attribution,
/// when the paragraph is one and an attribution follows the speech.
pub(super) fn dialogue(paragraph: &str) -> Option<(String, Attribution)> {
    let line = paragraph.trim_start();
    let speech = line.strip_prefix(DASHES)?.trim_start();
    // The dash that opens the attribution has a space before it.
    let (open, dash) = speech
        .char_indices()
        .find(|&(i, c)| DASHES.contains(&c) && speech[..i].ends_with(char::is_whitespace))?;
    let first = speech[..open].trim_end().trim_end_matches(',').trim_end();
    let after = &speech[open + dash.len_utf8()..];
    let (clause, rest) = match after.char_indices().find(|(_, c)| DASHES.contains(c)) {
        Some((close, dash)) => (&after[..close], &after[close + dash.len_utf8()..]),
        None => (after, ""),
    };
    let attribution = after_quote(clause, false)?;
    let rest = rest.trim_start_matches(['.', ',', ';', ' ']).trim();
    let text = if rest.is_empty() {
        first.to_string()
    } else {
        format!("{first} {rest}")
    };
    (!first.is_empty()).then_some((text, attribution))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_attribution_and_the_speech_that_goes_on() {
        let (text, attribution) = dialogue(
            "—No vamos a ceder —dijo el ministro Juan Pérez—. Es una cuestión de principios.",
        )
        .unwrap();
        assert_eq!(text, "No vamos a ceder Es una cuestión de principios.");
        assert_eq!(attribution, Attribution::Named("Juan Pérez".to_string()));
        let (text, attribution) =
            dialogue("– A situação é grave – disse a ministra Ana Costa.").unwrap();
        assert_eq!(text, "A situação é grave");
        assert_eq!(attribution, Attribution::Named("Ana Costa".to_string()));
        // A list item or an aside is no dialogue.
        assert_eq!(dialogue("– Three new bridges – and a tunnel."), None);
        assert_eq!(dialogue("—Todo el texto sin atribución."), None);
        assert_eq!(dialogue("Texto normal — con un inciso —dijo nadie."), None);
    }
}
