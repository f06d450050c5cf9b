//! The one reader of a dump file's objects, for the indexer's two passes and for
//! [`super::read_objects`] alike: the file is read window by window, so memory holds
//! one window (about [`WINDOW_BYTES`], or one object when an object is bigger) and
//! never the whole file, whatever its size or shape.
//!
//! A window ends where the JSON allows a clean cut, found by a quick scan of brackets
//! and strings: after a whole top-level value (NDJSON, concatenated objects), or at a
//! comma between two elements of a top-level array (one huge API page). A window that
//! starts or ends inside an array gets a `[` or `]` of its own, so that each window is
//! JSON that [`raw_objects`] reads in one walk; its errors are moved back to the line
//! and column of the file. A smaller file is one window, read as a whole.

use super::cuts::{find_cut, json_space, Cut};
use super::decode::{decode_utf16, named_as_json, sniff, utf16_order, Sniff, Utf8Repairs};
use super::raw::{not_objects_note, offset_in, raw_objects, InvalidJson};
use super::{io_reason, FileRead};
use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

/// A window holds at least this many bytes of the file, or all of a smaller file.
pub const WINDOW_BYTES: usize = 16 << 20;
/// Bytes read first to decide whether a file is JSON at all.
const SNIFF_BYTES: usize = 512;
/// Bytes read from the file at a time.
const BLOCK_BYTES: usize = 1 << 20;

/// Reads one dump file's objects window by window: [`DumpReader::next_window`] until
/// it gives `None`, then [`DumpReader::finish`] for what was wrong with the file.
#[derive(Debug)]
pub struct DumpReader {
    /// The file while it has bytes left to read.
    file: Option<File>,
    /// Bytes read and not yet in a window; `pending[0]` is byte `offset` of the file.
    pending: Vec<u8>,
    offset: u64,
    /// The file was UTF-16, decoded whole: `pending` is text that needs no repair.
    decoded: bool,
    repairs: Utf8Repairs,
    notes: Vec<String>,
    /// Where the next window's text starts in the file's text: line from 1, byte
    /// column from 0.
    line: usize,
    column: usize,
    /// The next window starts inside a top-level array, after a comma.
    in_array: bool,
    /// A window was read already: the next one continues the file.
    started: bool,
    /// Objects read so far.
    items: usize,
    not_objects: usize,
    error: Option<InvalidJson>,
    read_failure: Option<String>,
    done: bool,
    /// Bytes a window holds at least ([`WINDOW_BYTES`] unless set).
    window_bytes: usize,
    /// The current window's JSON text and where its objects are in it.
    text: String,
    spans: Vec<Range<usize>>,
}

/// One window of a file: the raw JSON text of some of its objects, in file order.
#[derive(Debug, Clone, Copy)]
pub struct Window<'a> {
    /// The place of the window's first object among all the file's objects (from 0).
    pub first_item: usize,
    text: &'a str,
    spans: &'a [Range<usize>],
}

impl<'a> Window<'a> {
    /// The raw JSON text of each object.
    pub fn objects(&self) -> impl ExactSizeIterator<Item = &'a str> + 'a {
        let text = self.text;
        self.spans.iter().map(move |span| &text[span.clone()])
    }

    /// Objects in the window.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when the window holds no object.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The raw JSON text of the file's object number `item` (from 0), if it is here.
    pub fn get(&self, item: usize) -> Option<&'a str> {
        let span = self.spans.get(item.checked_sub(self.first_item)?)?;
        self.text.get(span.clone())
    }
}

/// What was wrong with a file, known once all of it was read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReadSummary {
    /// One reason each, in this order: decoding repairs, the syntax error or read
    /// failure that ended the reading, array elements that are not objects.
    pub problems: Vec<String>,
    /// Objects read.
    pub objects: usize,
    /// A syntax error or a failed read stopped the reading before the end.
    pub broken: bool,
}

impl ReadSummary {
    /// True when the reading broke off before any object: the file is of no use.
    pub fn unusable(&self) -> bool {
        self.broken && self.objects == 0
    }
}

impl DumpReader {
    /// Opens a dump file if its content looks like JSON. An HTML page, an image or a
    /// README is [`FileRead::NotJson`], unless its name claims JSON (then it fails).
    pub fn open(path: &Path) -> FileRead<DumpReader> {
        let mut file = match File::open(path) {
            Ok(file) => file,
            Err(err) => return FileRead::Failed(io_reason(&err)),
        };
        let mut head = Vec::new();
        if let Err(err) = (&mut file).take(SNIFF_BYTES as u64).read_to_end(&mut head) {
            return FileRead::Failed(io_reason(&err));
        }
        let mut reader = DumpReader::new(head);
        if let Some(big_endian) = utf16_order(&reader.pending) {
            // UTF-16 dumps are rare and small: decoded whole.
            if let Err(err) = file.read_to_end(&mut reader.pending) {
                return FileRead::Failed(io_reason(&err));
            }
            let (text, note) = decode_utf16(&reader.pending, big_endian);
            if let Sniff::Other(reason) = sniff(text.as_bytes()) {
                return FileRead::Failed(reason.to_string());
            }
            reader.pending = text.into_bytes();
            reader.decoded = true;
            reader.notes.push(note);
            return FileRead::Json(reader);
        }
        match sniff(&reader.pending) {
            Sniff::Json => {}
            Sniff::Other(reason) if named_as_json(path) => {
                return FileRead::Failed(reason.to_string())
            }
            Sniff::Other(_) => return FileRead::NotJson,
        }
        reader.skip_utf8_bom();
        reader.file = Some(file);
        FileRead::Json(reader)
    }

    /// A reader of a text already in memory (the bytes of a file, from its start).
    pub fn of_bytes(bytes: Vec<u8>) -> DumpReader {
        let mut reader = DumpReader::new(bytes);
        reader.skip_utf8_bom();
        reader
    }

    /// Drops a UTF-8 byte order mark at the start; offsets stay those of the file.
    fn skip_utf8_bom(&mut self) {
        let bom = super::decode::UTF8_BOM;
        if self.pending.starts_with(bom) {
            self.pending.drain(..bom.len());
            self.offset = bom.len() as u64;
        }
    }

    fn new(pending: Vec<u8>) -> DumpReader {
        DumpReader {
            file: None,
            pending,
            offset: 0,
            decoded: false,
            repairs: Utf8Repairs::default(),
            notes: Vec::new(),
            line: 1,
            column: 0,
            in_array: false,
            started: false,
            items: 0,
            not_objects: 0,
            error: None,
            read_failure: None,
            done: false,
            window_bytes: WINDOW_BYTES,
            text: String::new(),
            spans: Vec::new(),
        }
    }

    /// Windows of at least `bytes` bytes instead of [`WINDOW_BYTES`] (for tests of
    /// the cuts, which a real file meets only past that size).
    pub fn with_window_bytes(mut self, bytes: usize) -> DumpReader {
        self.window_bytes = bytes.max(1);
        self
    }

    /// The next window of objects, or `None` at the end of the file (or after the
    /// syntax error or failed read that ended it).
    pub fn next_window(&mut self) -> Option<Window<'_>> {
        if self.done {
            return None;
        }
        // The window ends at the first cut past `min`; `fill_to` bytes are read first.
        let mut min = self.window_bytes;
        let mut fill_to = min;
        loop {
            self.fill(fill_to);
            let last = self.file.is_none();
            let cut = match find_cut(&self.pending, min, self.in_array) {
                Some(cut) => cut,
                None if last => Cut {
                    end: self.pending.len(),
                    resume: self.pending.len(),
                    in_array: false,
                },
                None => {
                    // Twice as much each time: one huge object is scanned O(n) times.
                    fill_to = self.pending.len().max(min) * 2;
                    continue;
                }
            };
            // A window cut at a comma is followed by one more, even an empty one.
            let final_window = last && cut.resume == self.pending.len() && !cut.in_array;
            match self.read_window(&cut, final_window) {
                // A cut the scan misplaced in broken JSON: read on to a later one.
                Err(error) if error.eof && !final_window => {
                    min = (cut.end + 1).max(min) * 2;
                    fill_to = min;
                }
                outcome => {
                    self.accept(&cut, outcome.err(), final_window);
                    return Some(Window {
                        first_item: self.items - self.spans.len(),
                        text: &self.text,
                        spans: &self.spans,
                    });
                }
            }
        }
    }

    /// Everything wrong with the file; call after the last window.
    pub fn finish(self) -> ReadSummary {
        let mut problems = self.notes;
        problems.extend(self.repairs.notes());
        let broken = self.error.is_some() || self.read_failure.is_some();
        problems.extend(self.error.map(|error| error.to_string()));
        problems.extend(self.read_failure);
        problems.extend(not_objects_note(self.not_objects));
        ReadSummary {
            problems,
            objects: self.items,
            broken,
        }
    }

    /// Reads from the file until `want` bytes are pending or the file ends.
    fn fill(&mut self, want: usize) {
        while self.pending.len() < want {
            let Some(file) = &mut self.file else { return };
            let had = self.pending.len();
            let block = BLOCK_BYTES.max(want - had);
            match file
                .by_ref()
                .take(block as u64)
                .read_to_end(&mut self.pending)
            {
                Ok(0) => self.file = None,
                Ok(_) => {}
                Err(err) => {
                    self.pending.truncate(had);
                    self.read_failure = Some(io_reason(&err));
                    self.file = None;
                }
            }
        }
    }

    /// Decodes the window up to the cut and cuts it into objects (into `text` and
    /// `spans`), with the repairs it needed; a syntax error comes back beside them.
    fn read_window(&mut self, cut: &Cut, final_window: bool) -> Result<(), InvalidJson> {
        self.text.clear();
        self.spans.clear();
        let prefix = usize::from(self.in_array);
        if self.in_array {
            self.text.push('[');
        }
        let bytes = &self.pending[..cut.end];
        let mut repairs = Utf8Repairs::default();
        if self.decoded {
            self.text.push_str(&String::from_utf8_lossy(bytes));
        } else {
            repairs.decode_into(bytes, self.offset, &mut self.text);
        }
        let content = prefix..self.text.len();
        if let Some(error) = self.bad_start(content.clone(), final_window) {
            self.repairs.absorb(repairs);
            return Err(error);
        }
        if cut.in_array {
            self.text.push(']');
        }
        let mut outcome = (0, None);
        if !self.started || !self.text[content].trim_matches(json_space).is_empty() {
            let raw = raw_objects(&self.text);
            let text = &self.text;
            self.spans.extend(raw.objects.iter().map(|object| {
                let start = offset_in(text, object);
                start..start + object.len()
            }));
            outcome = (raw.not_objects, raw.error.map(|e| self.in_file(e, prefix)));
        }
        let (not_objects, error) = outcome;
        // A window read again with more text counts its repairs and elements then.
        if !matches!(&error, Some(error) if error.eof && !final_window) {
            self.not_objects += not_objects;
            self.repairs.absorb(repairs);
        }
        error.map_or(Ok(()), Err)
    }

    /// The error the whole-file reading would give where a window starts: garbage
    /// after a value, a comma closing an array, or the end of the file after a comma.
    fn bad_start(&self, content: Range<usize>, final_window: bool) -> Option<InvalidJson> {
        if !self.started {
            return None;
        }
        let text = &self.text[content.clone()];
        let first = text.find(|c: char| !json_space(c));
        let error = |message: &str, at: usize, after: bool| {
            let (line, column) = self.place(&text[..at]);
            Some(InvalidJson {
                message: message.to_string(),
                line,
                column: column + usize::from(!after),
                eof: after,
            })
        };
        match (first, self.in_array) {
            (Some(at), false) if !text[at..].starts_with(['{', '[']) => {
                error("trailing characters", at, false)
            }
            (Some(at), true) if text[at..].starts_with(']') => error("trailing comma", at, false),
            (None, true) if final_window => error("EOF while parsing a value", text.len(), true),
            _ => None,
        }
    }

    /// Line and column (serde_json's: the column of the last byte, 0 after a line
    /// break) in the file's text after `before`, which starts where the window does.
    fn place(&self, before: &str) -> (usize, usize) {
        match before.rfind('\n') {
            None => (self.line, self.column + before.len()),
            Some(newline) => (
                self.line + before.matches('\n').count(),
                before.len() - newline - 1,
            ),
        }
    }

    /// An error placed in the window's text (which has `prefix` bytes of its own first)
    /// moved to its line and column in the file.
    fn in_file(&self, mut error: InvalidJson, prefix: usize) -> InvalidJson {
        if error.line <= 1 {
            error.column = (self.column + error.column).saturating_sub(prefix);
        }
        error.line = self.line + error.line.saturating_sub(1);
        error
    }

    /// Takes the window: counts its objects, moves past it in the file and its text,
    /// and notes the error that ends the reading.
    fn accept(&mut self, cut: &Cut, error: Option<InvalidJson>, final_window: bool) {
        self.items += self.spans.len();
        let prefix = usize::from(self.in_array);
        let suffix = usize::from(cut.in_array);
        let content = &self.text[prefix..self.text.len() - suffix];
        (self.line, self.column) = self.place(content);
        // The comma between two array elements, which no window holds.
        self.column += cut.resume - cut.end;
        self.offset += cut.resume as u64;
        self.pending.drain(..cut.resume);
        self.in_array = cut.in_array;
        self.started = true;
        if error.is_some() || final_window || self.read_failure.is_some() {
            self.done = true;
            self.pending = Vec::new();
        }
        self.error = error;
    }
}
