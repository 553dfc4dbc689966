//! Small helpers for cell and source text: full-width folding and character positions.
//!
//! Clerks type full-width digits and signs (`９５％`), ideographic spaces and mixed punctuation.
//! Folding happens per token, after parsing, so spans keep pointing into the original text.
//! People count columns in characters, not bytes; these helpers convert. [`edit_distance`]
//! finds the name a typo meant.

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

/// [`normalize`], without allocating when the text needs no folding (the usual case).
pub fn normalize_cow(s: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = s.trim();
    let plain = !trimmed.chars().any(|c| {
        matches!(c, '\u{3000}' | '\u{FF01}'..='\u{FF5E}') || (c.is_whitespace() && c != ' ')
    }) && !trimmed.contains("  ");
    if plain {
        std::borrow::Cow::Borrowed(trimmed)
    } else {
        std::borrow::Cow::Owned(normalize(s))
    }
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

/// The closest candidate to `word` by edit distance, if it is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 2).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance over characters (optimal string alignment): an insertion, a deletion, a
/// substitution or a swap of two neighbours each counts one, so a Han typo is one edit, not
/// three, and `targte` is one edit from `target`. Memory grows with `b` only, as `a` may be a
/// long hostile key.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut last: Option<char> = None;
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, &cb) in b.iter().enumerate() {
            let mut best = (previous[j] + usize::from(ca != cb))
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            if j > 0 && last == Some(cb) && b[j - 1] == ca {
                best = best.min(before[j - 1] + 1);
            }
            current.push(best);
        }
        before = std::mem::replace(&mut previous, current);
        last = Some(ca);
    }
    previous[b.len()]
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
    fn normalize_cow_matches_normalize() {
        for s in [
            "有效促进",
            " ≥90% ",
            "９５％",
            "有效\u{3000}促进",
            "a  b",
            "a\tb",
            "",
        ] {
            assert_eq!(normalize_cow(s), normalize(s), "{s:?}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("targte", ["target", "actual", "weight"]),
            Some("target")
        );
        assert_eq!(
            did_you_mean("weigth", ["target", "actual", "weight"]),
            Some("weight")
        );
        assert_eq!(
            did_you_mean("满意度指", ["满意度指标", "产出指标"]),
            Some("满意度指标")
        );
        assert_eq!(did_you_mean("zzz", ["target", "actual"]), None);
    }

    #[test]
    fn positions_count_characters() {
        let s = "预算\n执行率≥9O%";
        let o = s.find('O').unwrap();
        assert_eq!(line_col(s, o), (2, 6));
        assert_eq!(char_index(s, o), 8);
        assert_eq!(char_index(s, 1000), s.chars().count());
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("mn", "min"), 1);
        assert_eq!(edit_distance("最少", "最小"), 1);
        assert_eq!(edit_distance("", "abs"), 3);
        assert_eq!(edit_distance("round", "round"), 0);
        assert_eq!(edit_distance("targte", "target"), 1);
        assert_eq!(edit_distance("yaer", "year"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("abc", "ca"), 3);
        assert_eq!(edit_distance("level", "level1"), 1);
    }
}
