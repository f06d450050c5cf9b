//! The words quote attribution relies on, in English, Spanish and Indonesian: speech
//! verbs, pronouns, titles that lead up to names, and words that are never names.
//! All in lower case.

/// Words that introduce a name without being part of it: job titles, honorifics,
/// ranks (English, Spanish, Indonesian). Compared in lower case.
#[rustfmt::skip]
pub const TITLES: &[&str] = &[
    // English
    "president", "vice", "prime", "minister", "secretary", "general", "director", "chairman",
    "chairwoman", "chair", "senator", "sen", "rep", "representative", "governor", "gov", "mayor",
    "judge", "justice", "dr", "mr", "mrs", "ms", "miss", "prof", "professor", "king", "queen",
    "prince", "princess", "crown", "sheikh", "ceo", "cfo", "chief", "executive", "officer",
    "spokesman", "spokeswoman", "spokesperson", "ambassador", "commissioner", "lt", "col",
    "colonel", "captain", "capt", "gen", "admiral", "adm", "sgt", "sergeant", "deputy", "foreign",
    "defense", "defence", "interior", "finance", "state", "councillor", "councilor", "councilman",
    "councilwoman", "council", "member", "rabbi", "pope", "father", "bishop", "cardinal",
    "archbishop", "speaker", "leader", "lawmaker", "coach", "manager", "founder", "head", "emir",
    "ayatollah", "supreme", "sir", "lord", "lady", "dame", "senior", "former", "acting", "interim",
    "national", "security", "adviser", "advisor", "attorney", "inspector", "federal", "regional",
    "provincial", "local", "county", "city", "district", "nuclear", "energy", "atomic",
    "international", "press",
    // Spanish
    "presidente", "presidenta", "ministro", "ministra", "secretario", "secretaria", "director",
    "directora", "portavoz", "alcalde", "alcaldesa", "consejero", "consejera", "diputado",
    "diputada", "senador", "senadora", "don", "doña", "sr", "sra", "señor", "señora", "líder",
    "gobernador", "gobernadora", "juez", "jueza", "coordinador", "coordinadora", "candidato",
    "candidata", "vicepresidente", "vicepresidenta", "rey", "reina",
    // Indonesian
    "ketua", "umum", "wakil", "sekretaris", "jenderal", "sekjen", "ketum", "menteri", "presiden",
    "gubernur", "bupati", "walikota", "wali", "kota", "anggota", "fraksi", "komisi", "dewan",
    "pimpinan", "pusat", "bapak", "ibu", "pak", "bu", "kepala", "direktur", "koordinator",
    "bidang", "partai", "dpp", "dpr", "dpd", "dprd", "mpr", "ri", "kapolri", "kapolda", "panglima",
    "juru", "bicara", "jubir", "calon", "caleg", "pengurus", "daerah", "provinsi", "kabupaten",
    "sekretariat", "organisasi", "kader", "tokoh", "politisi", "politikus", "senior", "muda",
    "bendahara", "harian", "plt", "chancellor", "premier", "teacher", "farmer", "nurse", "doctor",
    "pastor", "chef", "economist", "analyst", "student", "lawyer", "activist", "researcher",
    "scientist", "engineer", "firefighter", "fire", "pilot", "driver", "owner", "resident",
    "journalist", "reporter", "author", "writer", "artist", "singer", "actor", "actress",
    "producer", "player", "striker", "goalkeeper", "trainer", "historian", "official", "officials",
    "candidate", "voter", "worker", "priest", "imam", "monk", "nun", "sheriff", "trooper",
    "detective", "prosecutor", "defendant", "witness", "survivor", "veteran", "volunteer",
    "organizer", "organiser", "negotiator", "envoy", "diplomat", "legislator", "entrepreneur",
    "investor", "banker", "trader", "mp", "mep",
];

/// Titles after which the next capitalised word names an organisation, not a person
/// ("Partai Golkar Airlangga Hartarto" → "Airlangga Hartarto").
#[rustfmt::skip]
pub const ORGANISATION_TITLES: &[&str] = &[
    "partai", "party", "fraksi", "komisi", "partido", "universitas", "university", "kementerian",
    "menteri", "dinas",
];

/// Last words that make a run of capitalised words an organisation's name.
#[rustfmt::skip]
pub const ORGANISATION_HEADS: &[&str] = &[
    "department", "ministry", "house", "agency", "office", "council", "committee", "party",
    "union", "association", "institute", "university", "police", "army", "commission", "court",
    "bank", "fund", "organization", "organisation", "group", "company", "corporation", "inc",
    "government", "administration", "service", "foundation", "kremlin", "pentagon", "gobierno",
    "ministerio", "partido", "comité", "junta", "ayuntamiento", "kementerian", "pemerintah", "kpu",
    "bawaslu",
];

/// Lower-case words that may stand inside a name ("Mohammed bin Salman").
#[rustfmt::skip]
pub const PARTICLES: &[&str] = &[
    "bin", "binti", "bint", "ibn", "al", "el", "de", "del", "la", "las", "los", "van", "von",
    "der", "den", "da", "das", "do", "dos", "du", "le", "y", "ter", "abu", "ben",
];

/// Capitalised words that start sentences and phrases but are never names.
#[rustfmt::skip]
pub const NOT_NAMES: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "but", "and", "or", "however", "meanwhile", "after",
    "before", "when", "while", "this", "that", "these", "those", "it", "he", "she", "they", "we",
    "i", "you", "his", "her", "their", "our", "its", "as", "if", "for", "with", "from", "by", "to",
    "of", "earlier", "later", "last", "next", "today", "yesterday", "tomorrow", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "speaking", "according", "asked", "also", "still", "then", "there", "here", "what",
    "why", "how", "who", "where", "so", "yet", "not", "no", "yes", "all", "some", "many", "el",
    "la", "los", "las", "un", "una", "en", "pero", "y", "para", "por", "con", "según", "sin",
    "sobre", "este", "esta", "ese", "esa", "él", "ella", "ellos", "ellas", "nosotros", "dia", "ia",
    "mereka", "kami", "kita", "saya", "di", "dan", "yang", "ini", "itu", "dalam", "untuk",
    "dengan", "pada", "menurut", "namun", "sementara", "selain", "bahkan", "juga", "senin",
    "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "que", "qué", "quien", "quién",
    "cuando", "como", "donde", "porque", "si", "berdasarkan", "sedangkan", "kemudian", "karena",
    "jika", "ketika", "setelah", "sebelum", "lalu", "maka", "oleh", "bagi", "tentang", "sehingga",
    "agar",
];

/// Words after which an attribution's noun phrase has ended ("said Ana Ruiz in Madrid").
#[rustfmt::skip]
pub const PHRASE_ENDS: &[&str] = &[
    "in", "on", "at", "to", "from", "during", "after", "before", "for", "with", "by", "that",
    "who", "en", "ante", "durante", "tras", "desde", "que", "quien", "di", "pada", "dalam",
    "kepada", "saat", "usai", "bahwa", "yang",
];

/// Verbs that report speech, in English, Spanish and Indonesian (lower case).
#[rustfmt::skip]
pub const SPEECH_VERBS: &[&str] = &[
    // English
    "said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes", "asked", "asks",
    "warned", "warns", "stressed", "stresses", "noted", "explained", "explains", "insisted",
    "insists", "claimed", "stated", "declared", "declares", "announced", "announces", "argued",
    "argues", "replied", "replies", "responded", "responds", "continued", "recalled", "recalls",
    "acknowledged", "acknowledges", "admitted", "admits", "posted", "tweeted", "commented",
    "remarked", "emphasized", "emphasised", "urged", "urges", "concluded", "observed",
    "reiterated", "reiterates", "cautioned", "predicted", "affirmed", "conceded", "boasted",
    "joked", "shouted", "pleaded", "testified", "wondered", "recounted", "complained", "vowed",
    "promised", "told",
    // Spanish
    "dijo", "dice", "decía", "afirmó", "afirma", "señaló", "señala", "aseguró", "asegura",
    "explicó", "explica", "añadió", "añade", "declaró", "declara", "indicó", "indica", "manifestó",
    "manifiesta", "agregó", "agrega", "sostuvo", "sostiene", "advirtió", "advierte", "destacó",
    "destaca", "expresó", "expresa", "subrayó", "subraya", "comentó", "comenta", "apuntó",
    "apunta", "precisó", "insistió", "insiste", "concluyó", "preguntó", "respondió", "denunció",
    "denuncia", "criticó", "reconoció", "recordó", "escribió", "dicho", "afirmado", "señalado",
    "asegurado", "explicado", "declarado", "exclamó", "remarcó", "enfatizó",
    // Indonesian
    "kata", "katanya", "ujar", "ujarnya", "ungkap", "ungkapnya", "jelas", "jelasnya", "tegas",
    "tegasnya", "tutur", "tuturnya", "imbuh", "imbuhnya", "papar", "paparnya", "terang",
    "terangnya", "sebut", "sebutnya", "ucap", "ucapnya", "tandas", "tandasnya", "lanjut",
    "lanjutnya", "tambah", "tambahnya", "mengatakan", "menyatakan", "menjelaskan", "mengungkapkan",
    "menegaskan", "menambahkan", "menuturkan", "berkata", "katakan", "pesan", "pesannya", "harap",
    "harapnya", "sambung", "sambungnya", "calificó", "definió", "menyebut", "menyebutnya",
];

/// Pronouns that stand for a speaker named earlier.
#[rustfmt::skip]
pub const PRONOUNS: &[&str] = &[
    "he", "she", "they", "él", "ella", "ellos", "ellas", "dia", "ia", "mereka", "beliau",
];
/// A word list as a hash set, built on first use: the lists are long and looked up
/// for every word of every post.
pub struct WordSet {
    words: &'static [&'static str],
    set: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>>,
}

impl WordSet {
    const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: std::sync::OnceLock::new(),
        }
    }

    /// Whether the (lower-case) word is in the list.
    pub fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word)
    }

    /// Whether the word, in lower case, is in the list (short ASCII words are lowered
    /// without allocating).
    pub fn contains_any_case(&self, word: &str) -> bool {
        let mut buffer = [0u8; 24];
        if word.is_ascii() && word.len() <= buffer.len() {
            let lowered = &mut buffer[..word.len()];
            lowered.copy_from_slice(word.as_bytes());
            lowered.make_ascii_lowercase();
            return std::str::from_utf8(lowered).is_ok_and(|w| self.contains(w));
        }
        self.contains(&word.to_lowercase())
    }
}

/// [`TITLES`] as a set.
pub static TITLE_WORDS: WordSet = WordSet::new(TITLES);
/// [`SPEECH_VERBS`] as a set.
pub static SPEECH_VERB_WORDS: WordSet = WordSet::new(SPEECH_VERBS);
/// [`NOT_NAMES`] as a set.
pub static NOT_NAME_WORDS: WordSet = WordSet::new(NOT_NAMES);
