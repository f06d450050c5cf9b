//! German.

use super::Language;

#[rustfmt::skip]
pub const GERMAN: Language = Language {
    code: "de",
    speech_verbs: &[
        "sagte", "sagt", "sagten", "gesagt", "erklärte", "erklärt", "erklärten", "betonte",
        "betont", "sagte", "meinte", "meint", "fügte", "ergänzte", "ergänzt", "warnte",
        "warnt", "kritisierte", "kritisiert", "schrieb", "schreibt", "teilte", "berichtete",
        "berichtet", "räumte", "versicherte", "versichert", "unterstrich", "unterstreicht",
        "stellte", "forderte", "fordert", "bekräftigte", "bekräftigt", "sprach", "fragte",
        "fragt", "antwortete", "antwortet", "kündigte", "verkündete", "erläuterte",
        "erläutert", "argumentierte", "behauptete", "behauptet", "mahnte", "mahnt",
        "bilanzierte", "resümierte",
    ],
    according_to: &["laut", "nach angaben von"],
    auxiliaries: &["hat", "hatte", "habe", "haben", "hätten", "auch", "noch", "bereits", "dann", "später"],
    agent_words: &["von"],
    pronouns: &["er", "sie"],
    pronoun_endings: &[],
    titles: &[
        "präsident", "präsidentin", "minister", "ministerin", "kanzler", "kanzlerin",
        "bundeskanzler", "bundeskanzlerin", "sprecher", "sprecherin", "regierungssprecher",
        "bürgermeister", "bürgermeisterin", "abgeordnete", "abgeordneter", "senator",
        "richter", "richterin", "staatsanwalt", "staatsanwältin", "anwalt", "anwältin",
        "direktor", "direktorin", "chef", "chefin", "vorsitzende", "vorsitzender",
        "generalsekretär", "generalsekretärin", "herr", "frau", "dr", "prof", "professor",
        "professorin", "pfarrer", "bischof", "papst", "general", "oberst", "hauptmann",
        "leutnant", "ministerpräsident", "ministerpräsidentin", "trainer", "trainerin",
        "experte", "expertin", "ökonom", "ökonomin", "analyst", "analystin", "forscher",
        "forscherin", "ex", "ehemalige", "ehemaliger", "vize", "vizekanzler", "botschafter",
        "botschafterin", "landrat", "landrätin", "stadtrat", "stadträtin", "geschäftsführer",
        "geschäftsführerin", "vorstandschef", "vorstandschefin", "konzernchef",
    ],
    organisation_titles: &["partei"],
    organisation_heads: &["regierung", "ministerium", "partei", "bundestag", "bundesrat", "gericht", "bank", "bundesbank", "polizei", "kommission", "verband", "gewerkschaft", "kirche", "stiftung", "amt", "behörde"],
    particles: &["von", "van", "der", "den", "zu", "vom", "zum"],
    not_names: &[
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
        "und", "oder", "aber", "doch", "in", "im", "an", "am", "auf", "aus", "bei", "mit",
        "nach", "seit", "von", "vom", "zu", "zum", "zur", "für", "gegen", "ohne", "um",
        "über", "unter", "vor", "hinter", "neben", "zwischen", "er", "sie", "es", "wir",
        "ihr", "ich", "du", "man", "dass", "daß", "wenn", "als", "wie", "weil", "ob",
        "auch", "noch", "schon", "nur", "nicht", "kein", "keine", "heute", "gestern",
        "morgen", "jetzt", "dann", "danach", "damals", "dieser", "diese", "dieses",
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
        "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
        "oktober", "november", "dezember", "so", "laut", "zudem", "außerdem", "jedoch",
        "allerdings", "trotzdem", "deshalb", "daher", "dabei", "damit", "dazu",
    ],
    phrase_ends: &["in", "im", "am", "bei", "nach", "vor", "während", "dass", "der", "die", "auf", "gegenüber"],
};
