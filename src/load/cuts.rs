//! Where a window of a dump file may end: a quick scan of brackets and strings (no
//! parsing) for the end of a whole top-level value, or a comma between two elements of
//! a top-level array. [`super::reader`] checks each window with a real parser.

/// Where a window may end: `end` is its last byte + 1, `resume` where the next one
/// starts (past the comma, inside an array).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cut {
    pub(super) end: usize,
    pub(super) resume: usize,
    /// The cut is at a comma inside a top-level array.
    pub(super) in_array: bool,
}

/// The first place at or after `min` where a window can end: after a whole top-level
/// value, or at a comma between the elements of a top-level array. `bytes` start where
/// a window does (inside a top-level array, after a comma, when `in_array`).
pub(super) fn find_cut(bytes: &[u8], min: usize, in_array: bool) -> Option<Cut> {
    if bytes.len() < min {
        return None;
    }
    let mut depth = usize::from(in_array);
    let mut outer_is_array = in_array;
    // Something stands since the last comma (or `[`) of the top-level array: a comma
    // cut leaves no empty element behind for the next window to accept.
    let mut element = false;
    let mut in_string = false;
    let mut escaped = false;
    for (at, &byte) in bytes.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b' ' | b'\n' | b'\t' | b'\r' => continue,
            b'"' => in_string = true,
            b'{' | b'[' => {
                if depth == 0 {
                    outer_is_array = byte == b'[';
                }
                depth += 1;
                if depth == 1 {
                    element = false;
                    continue;
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && at + 1 >= min {
                    return Some(Cut {
                        end: at + 1,
                        resume: at + 1,
                        in_array: false,
                    });
                }
            }
            b',' if depth == 1 && outer_is_array => {
                if element && at >= min {
                    return Some(Cut {
                        end: at,
                        resume: at + 1,
                        in_array: true,
                    });
                }
                element = false;
                continue;
            }
            _ => {}
        }
        element = true;
    }
    None
}

/// JSON's white space.
pub(super) fn json_space(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\t' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, min: usize, in_array: bool) -> Option<(usize, usize, bool)> {
        find_cut(text.as_bytes(), min, in_array).map(|c| (c.end, c.resume, c.in_array))
    }

    #[test]
    fn cuts_fall_after_top_level_values_and_at_commas_of_top_level_arrays() {
        assert_eq!(cut(r#"{"a":"}"}{"b":1}"#, 1, false), Some((9, 9, false)));
        assert_eq!(
            cut(r#"[{"a":[1,2]}, {"b":"x,\""}]"#, 1, false),
            Some((12, 13, true))
        );
        assert_eq!(
            cut(r#"[{"a":1}, {"b":2}]"#, 13, false),
            Some((18, 18, false))
        );
        // Inside an array from the start; no cut before `min`.
        assert_eq!(cut(r#" 5 , 6]"#, 1, true), Some((3, 4, true)));
        assert_eq!(cut(r#"{"a":1}"#, 8, false), None);
        // No empty element is left behind: `[ ,` and `,,` are not cuts.
        assert_eq!(cut("[ , 1", 1, false), None);
        assert_eq!(cut(" ,, 1]", 1, true), Some((6, 6, false)));
    }
}
