//! Japanese (ja), written without spaces between words: its attribution is read by
//! characters ([`super::super::japanese`]), so it has a table of its own.

/// What attribution in a language written without spaces relies on.
pub struct UnspacedLanguage {
    /// Particles that close a quotation and lead to its verb: `と`, `って`.
    pub quotatives: &'static [&'static str],
    /// Verbs of saying as their inflections start, kanji with the kana after it (`述べ`
    /// for 述べた, `言っ` for 言った, `語る`): a kanji alone would also start nouns
    /// (`記念品`, `話題`).
    pub speech_verbs: &'static [&'static str],
    /// Nouns that are verbs of saying with `する` (`説明`, `強調`, `コメント`): counted
    /// only when `し`, `す` or `さ` follows.
    pub speech_nouns: &'static [&'static str],
    /// Stems after the quotative that make the words a thought or a hearsay, not
    /// somebody's speech: `思` (思う), `言われ` (it is said).
    pub not_speech: &'static [&'static str],
    /// Kana that end a sentence as spoken (`です`, `ました`, `だよ`, `出せ`, `にくい`):
    /// a quoted phrase ending otherwise (`指示に従う`, a dictionary form) is a term.
    pub sentence_endings: &'static [char],
    /// How many of the first [`Self::not_speech`] stems make words a thought or a
    /// hearsay even when nobody is named (the rest only rule out a verb of saying).
    pub thought_or_hearsay: usize,
    /// Phrases after which the source of the words has been named: `によると`.
    pub according_to: &'static [&'static str],
    /// Honorifics and titles written after a name: `氏`, `さん`, `首相`, `社長`.
    pub name_suffixes: &'static [&'static str],
    /// Words written between a name and its title that are not part of it: `外務`
    /// (林芳正外務大臣), `元` (安倍元首相). Dropped where a name of two characters or
    /// more is left; `同` (同氏, "the said person") names nobody.
    pub title_prefixes: &'static [&'static str],
    /// Countries written in one character between a foreign name and its title:
    /// `米` (トランプ米大統領). Dropped only after katakana, since `中` and `日` also
    /// end Japanese names (田中, 春日).
    pub country_prefixes: &'static [&'static str],
    /// Particles that mark the subject after a name: `は`, `が`, `も`.
    pub subject_particles: &'static [&'static str],
}

#[rustfmt::skip]
pub const JAPANESE: UnspacedLanguage = UnspacedLanguage {
    quotatives: &["と", "って"],
    speech_verbs: &[
        "言っ", "言う", "言い", "言わ", "述べ", "語っ", "語る", "語り", "語ら", "話し", "話す",
        "答え", "訴え", "明かし", "明かす", "記し", "記す", "書い", "書き", "叫ん", "叫び",
        "尋ね", "問い", "問う", "応じ", "呼びかけ", "呼び掛け", "打ち明け", "つぶやい",
        "振り返", "漏らし", "漏らす", "笑っ", "強調し",
    ],
    speech_nouns: &[
        "説明", "強調", "発言", "指摘", "主張", "回答", "断言", "明言", "表明", "反論", "批判",
        "コメント", "発表", "ツイート", "投稿", "報告", "証言", "述懐", "返答", "宣言",
    ],
    not_speech: &["思", "考え", "感じ", "言われ", "いわれ", "され", "いう", "いった", "いえ", "か"],
    sentence_endings: &['す', 'た', 'だ', 'よ', 'ね', 'な', 'か', 'の', 'ぞ', 'ぜ', 'わ', 'ろ', 'せ', 'い', 'ん', 'て'],
    thought_or_hearsay: 5,
    according_to: &["によると", "によれば"],
    name_suffixes: &[
        "氏", "さん", "様", "先生", "首相", "大統領", "副大統領", "大臣", "長官", "報道官",
        "社長", "会長", "代表", "教授", "准教授", "議員", "知事", "市長", "総裁", "委員長",
        "議長", "監督", "選手", "容疑者", "被告", "弁護士", "最高経営責任者", "CEO",
    ],
    title_prefixes: &[
        "同", "両", "元", "前", "副", "現", "外務", "財務", "防衛", "官房", "総務", "法務", "環境", "経済産業", "国土交通",
        "厚生労働", "文部科学", "農林水産", "国務", "経済再生担当",
    ],
    country_prefixes: &["米", "英", "仏", "独", "中", "露", "韓", "日", "伊", "加", "豪", "印"],
    subject_particles: &["は", "が", "も"],
};
