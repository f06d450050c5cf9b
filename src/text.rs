//! Small text helpers that both extraction and search need: a word without its
//! possessive ending, names compared without case or accents, the host of a URL.

/// The lower-cased host of a URL (`https://www.Example.org:8080/x` → `www.example.org`).
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => host_port.split(':').next().unwrap_or(host_port),
    };
    let host = host.trim().to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

/// A word without its possessive ending (`Iran’s` → `Iran`, `Jones'` → `Jones`).
pub fn strip_possessive(word: &str) -> &str {
    ["'s", "’s", "'", "’"]
        .iter()
        .find_map(|end| word.strip_suffix(end))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(word)
}

/// Lower case without accents, for comparing names ("Beltrán" = "beltran").
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        out.push(match ch {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            url_host("https://iranreport.org/?p=8662").as_deref(),
            Some("iranreport.org")
        );
        assert_eq!(
            url_host("http://user@WWW.Golkar.or.id:80/x").as_deref(),
            Some("www.golkar.or.id")
        );
        assert_eq!(url_host(""), None);
    }

    #[test]
    fn possessives_and_folding() {
        assert_eq!(strip_possessive("Iran’s"), "Iran");
        assert_eq!(strip_possessive("Jones'"), "Jones");
        assert_eq!(strip_possessive("'s"), "'s");
        assert_eq!(fold("Beltrán Ñúñez"), "beltran nunez");
    }
}
