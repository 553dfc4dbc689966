//! Small helpers for cell and source text: full-width folding and character positions.
//!
//! Clerks type full-width digits and signs (`９５％`), ideographic spaces and mixed punctuation.
//! Folding happens per token, after parsing, so spans keep pointing into the original text.
//! People count columns in characters, not bytes; these helpers convert.

/// Fold one full-width ASCII variant (U+FF01..U+FF5E) or the ideographic space to ASCII.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Fold every full-width ASCII variant in `s` to ASCII.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Fold and trim, collapsing runs of white space into one space.
pub fn normalize(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The character index of byte offset `byte` in `s` (clamped to the text).
pub fn char_index(s: &str, byte: usize) -> usize {
    let byte = byte.min(s.len());
    s.char_indices().take_while(|(i, _)| *i < byte).count()
}

/// Line and column (both 1-based, the column in characters) of byte offset `byte` in `s`.
pub fn line_col(s: &str, byte: usize) -> (usize, usize) {
    let byte = byte.min(s.len());
    let before = &s[..floor_char_boundary(s, byte)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The largest char boundary at or below `byte`.
pub fn floor_char_boundary(s: &str, byte: usize) -> usize {
    let mut b = byte.min(s.len());
    while !s.is_char_boundary(b) {
        b -= 1;
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_digits_and_signs() {
        assert_eq!(fold("９５％"), "95%");
        assert_eq!(fold("＞＝１２．５"), ">=12.5");
        assert_eq!(normalize("\u{3000} 有效  促进 "), "有效 促进");
    }

    #[test]
    fn positions_count_characters() {
        let s = "预算\n执行率≥9O%";
        let o = s.find('O').unwrap();
        assert_eq!(line_col(s, o), (2, 6));
        assert_eq!(char_index(s, o), 8);
        assert_eq!(char_index(s, 1000), s.chars().count());
    }
}
