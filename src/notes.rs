//! Owns the guard on free-text notes: no phone numbers, no e-mail addresses, nothing long.
//!
//! Nobody served is a record. A note on an intake, a hand-out or a need is about goods,
//! so anything in it that could reach a person is refused before it is stored. The scan is
//! hand-written rather than a regex: the shapes that matter (a date next to a count, a
//! dotted French number, "name at domain dot org") need look-around that `regex` lacks.
//!
//! When in doubt the guard refuses: a volunteer can reword a note, but a stored number
//! cannot be un-stored from every backup.

/// Why a note was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteProblem {
    PhoneNumber,
    EmailAddress,
    TooLong { max: usize },
}

impl NoteProblem {
    /// A sentence for the volunteer, saying what to change and why.
    pub fn message(&self) -> String {
        match self {
            NoteProblem::PhoneNumber => "notes must not contain phone numbers: \
                 Haul keeps no record of the people it serves"
                .to_string(),
            NoteProblem::EmailAddress => "notes must not contain e-mail addresses: \
                 Haul keeps no record of the people it serves"
                .to_string(),
            NoteProblem::TooLong { max } => format!(
                "notes must be at most {max} characters: \
                 keep them short and about goods, not people"
            ),
        }
    }
}

/// Long notes drift into stories about people; 500 is plenty for goods.
pub const MAX_NOTE_CHARS: usize = 500;

/// Accepts a note only if it is short and looks like neither a phone number nor an e-mail.
pub fn check_note(note: &str) -> Result<(), NoteProblem> {
    check_text(note, MAX_NOTE_CHARS)
}

/// The same guard with another length limit, for names and short fields
/// (`crate::text::FreeText`).
pub fn check_text(note: &str, max: usize) -> Result<(), NoteProblem> {
    // Length first, so the scans below only ever see bounded input.
    if note.chars().count() > max {
        return Err(NoteProblem::TooLong { max });
    }
    let text = normalise(note);
    // E-mail first: "maria12345678@x.org" should be called an address, not a number.
    if contains_email_address(&text) {
        return Err(NoteProblem::EmailAddress);
    }
    if contains_phone_number(&text) {
        return Err(NoteProblem::PhoneNumber);
    }
    Ok(())
}

/// Folds what a phone keyboard or a paste can produce into plain ASCII, so the scans
/// cannot be sidestepped by full-width or non-Latin digits or invisible characters.
fn normalise(note: &str) -> Vec<char> {
    note.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
        })
        .map(fold_char)
        .collect()
}

fn fold_char(c: char) -> char {
    let u = u32::from(c);
    // Arabic-Indic, Persian, Devanagari and Bengali digits: phones set to these scripts dial them.
    for base in [0x0660, 0x06F0, 0x0966, 0x09E6] {
        if (base..base + 10).contains(&u) {
            return char::from_digit(u - base, 10).unwrap_or(c);
        }
    }
    if (0xFF01..=0xFF5E).contains(&u) {
        return char::from_u32(u - 0xFEE0).unwrap_or(c);
    }
    c
}

// ---------------------------------------------------------------------------------------
// Phone numbers

/// Fewer digits than this is a count, a pitch or a year; the shortest national numbers
/// in common use (e.g. Denmark, Singapore) have eight.
const MIN_PHONE_DIGITS: usize = 8;

/// Up to three separator characters may sit between digit groups: "+1 (555) 123", ") - ".
const MAX_GAP: usize = 3;

/// A maximal run of ASCII digits, as `[start, end)` indices into the normalised text.
type Run = (usize, usize);

fn is_phone_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | '-' | '/' | '(' | ')' | '[' | ']' | '_' | '\u{2010}'..='\u{2015}' | '\u{2212}'
        )
}

fn contains_phone_number(text: &[char]) -> bool {
    let runs = digit_runs(text);
    let mut hidden = vec![false; runs.len()];
    hide_dates_and_times(text, &runs, &mut hidden);
    let mut i = 0;
    while i < runs.len() {
        if hidden[i] {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < runs.len() && !hidden[j + 1] && joined(text, runs[j], runs[j + 1]) {
            j += 1;
        }
        if phone_shaped(text, &runs[i..=j]) {
            return true;
        }
        i = j + 1;
    }
    false
}

fn digit_runs(text: &[char]) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i].is_ascii_digit() {
            let start = i;
            while i < text.len() && text[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    runs
}

fn gap(text: &[char], a: Run, b: Run) -> &[char] {
    &text[a.1..b.0]
}

fn joined(text: &[char], a: Run, b: Run) -> bool {
    let g = gap(text, a, b);
    (1..=MAX_GAP).contains(&g.len()) && g.iter().all(|&c| is_phone_separator(c))
}

fn len(r: Run) -> usize {
    r.1 - r.0
}

/// Only called on runs of at most four digits, so it cannot overflow.
fn value(text: &[char], r: Run) -> u32 {
    text[r.0..r.1]
        .iter()
        .fold(0, |n, c| n * 10 + c.to_digit(10).unwrap_or(0))
}

/// Dates and times are hidden before grouping, so "24/11/2026 10 bags" does not read as
/// ten digits in a row.
fn hide_dates_and_times(text: &[char], runs: &[Run], hidden: &mut [bool]) {
    let mut i = 0;
    while i < runs.len() {
        let width = if date_at(text, runs, i) {
            3
        } else {
            time_at(text, runs, i)
        };
        if width == 0 {
            i += 1;
        } else {
            hidden[i..i + width].fill(true);
            i += width;
        }
    }
}

fn date_at(text: &[char], runs: &[Run], i: usize) -> bool {
    if i + 2 >= runs.len() {
        return false;
    }
    let (a, b, c) = (runs[i], runs[i + 1], runs[i + 2]);
    let sep = match gap(text, a, b) {
        [s @ ('/' | '-' | '.')] => *s,
        _ => return false,
    };
    if gap(text, b, c) != [sep] {
        return false;
    }
    // Inside a longer chain with the same separator it is a number like 06.12.34.56.78.
    let chained_before = i > 0 && gap(text, runs[i - 1], a) == [sep];
    let chained_after = i + 3 < runs.len() && gap(text, c, runs[i + 3]) == [sep];
    if chained_before || chained_after {
        return false;
    }
    // With a two-digit year, "06-12-34 56 78" is a French number, not 6 December 2034:
    // only hide such a date when no other digit group hangs off it.
    let attached = (i > 0 && joined(text, runs[i - 1], a))
        || (i + 3 < runs.len() && joined(text, c, runs[i + 3]));
    if len(c) == 2 && attached {
        return false;
    }
    is_date(text, a, b, c)
}

fn is_date(text: &[char], a: Run, b: Run, c: Run) -> bool {
    let small = |r: Run| (1..=2).contains(&len(r));
    let day_month =
        |d: Run, m: Run| (1..=31).contains(&value(text, d)) && (1..=12).contains(&value(text, m));
    let year = |r: Run| len(r) == 2 || (len(r) == 4 && (1900..=2099).contains(&value(text, r)));
    if len(a) == 4 && small(b) && small(c) {
        year(a) && day_month(c, b)
    } else if small(a) && small(b) && (len(c) == 2 || len(c) == 4) {
        // Day-first or month-first: volunteers write both.
        year(c) && (day_month(a, b) || day_month(b, a))
    } else {
        false
    }
}

/// How many runs a time such as 10:30 or 10:30:15 starting at `i` covers, or 0.
fn time_at(text: &[char], runs: &[Run], i: usize) -> usize {
    let minutes = |k: usize| {
        k < runs.len()
            && gap(text, runs[k - 1], runs[k]) == [':']
            && len(runs[k]) == 2
            && value(text, runs[k]) <= 59
    };
    if !(1..=2).contains(&len(runs[i])) || value(text, runs[i]) > 23 || !minutes(i + 1) {
        return 0;
    }
    if minutes(i + 2) {
        3
    } else {
        2
    }
}

fn phone_shaped(text: &[char], runs: &[Run]) -> bool {
    let lens: Vec<usize> = runs.iter().map(|&r| len(r)).collect();
    if lens.iter().sum::<usize>() < MIN_PHONE_DIGITS {
        return false;
    }
    let international = text[..runs[0].0]
        .iter()
        .rev()
        .take(MAX_GAP)
        .take_while(|&&c| c == '+' || is_phone_separator(c))
        .any(|&c| c == '+');
    if international {
        return true;
    }
    if let [a, b, c] = runs {
        if is_date(text, *a, *b, *c) {
            return false;
        }
    }
    // A leading 0 is a trunk or international prefix; a group of three or more digits is
    // how numbers are written everywhere; single digits evenly spaced are a number spelled
    // out to slip past this check ("2.5 3.5 4.5 5.5" is not evenly spaced). What is left,
    // groups of one or two digits such as "sizes 38 40 42 44", is a list.
    let spelled_out = lens.iter().all(|&l| l == 1)
        && runs
            .windows(2)
            .all(|w| gap(text, w[0], w[1]) == gap(text, runs[0], runs[1]));
    text[runs[0].0] == '0' || lens.iter().any(|&l| l >= 3) || spelled_out
}

// ---------------------------------------------------------------------------------------
// E-mail addresses

fn contains_email_address(text: &[char]) -> bool {
    (0..text.len())
        .any(|i| at_marker(text, i).is_some_and(|(end, strong)| email_around(text, i, end, strong)))
}

fn is_open_bracket(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '<')
}

fn is_close_bracket(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '>')
}

/// `word` at `i`, not part of a longer word, in any case.
fn word_at(text: &[char], i: usize, word: &str) -> bool {
    let end = i + word.len();
    end <= text.len()
        && text[i..end]
            .iter()
            .zip(word.chars())
            .all(|(a, b)| a.eq_ignore_ascii_case(&b))
        && (i == 0 || !text[i - 1].is_alphanumeric())
        && (end == text.len() || !text[end].is_alphanumeric())
}

fn skip_space(text: &[char], mut i: usize) -> usize {
    while i < text.len() && text[i].is_whitespace() {
        i += 1;
    }
    i
}

/// "(at)", "[ at ]", "{dot}" and the like starting at `i`; returns the index after it.
fn bracketed_word(text: &[char], i: usize, word: &str) -> Option<usize> {
    if !is_open_bracket(*text.get(i)?) {
        return None;
    }
    let j = skip_space(text, i + 1);
    if !word_at(text, j, word) {
        return None;
    }
    let k = skip_space(text, j + word.len());
    text.get(k).filter(|&&c| is_close_bracket(c)).map(|_| k + 1)
}

/// An "@" or an obfuscated one at `i`: the index after it, and whether it is
/// unambiguous. A bare word "at" is ordinary English and needs more evidence.
fn at_marker(text: &[char], i: usize) -> Option<(usize, bool)> {
    if text[i] == '@' {
        return Some((i + 1, true));
    }
    if let Some(end) = bracketed_word(text, i, "at") {
        return Some((end, true));
    }
    let spaced = |k: usize| text.get(k).is_some_and(|c| c.is_whitespace());
    if word_at(text, i, "at") && i > 0 && spaced(i - 1) && spaced(i + 2) {
        return Some((i + 2, false));
    }
    None
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

fn email_around(text: &[char], start: usize, end: usize, strong: bool) -> bool {
    let mut l = start;
    while l > 0 && text[l - 1].is_whitespace() {
        l -= 1;
    }
    let tight_before = l == start;
    let local_end = l;
    while l > 0 && is_local_char(text[l - 1]) {
        l -= 1;
    }
    if !text[l..local_end].iter().any(|c| c.is_alphanumeric()) {
        return false;
    }

    let label_start = skip_space(text, end);
    let tight_after = label_start == end;
    let mut d = label_start;
    while d < text.len() && (text[d].is_alphanumeric() || text[d] == '-') {
        d += 1;
    }
    let label = &text[label_start..d];
    if label.is_empty() {
        return false;
    }
    // "maria@gmail" already reaches her, ending or not.
    if strong && tight_before && tight_after && label.iter().any(|c| c.is_alphabetic()) {
        return true;
    }
    match dot_after(text, d, strong) {
        Some((tld_start, dot_strong)) => tld_at(text, tld_start, !strong && !dot_strong),
        None => false,
    }
}

/// The "." (or "dot", "(dot)", " . ") after a domain label: where the next label starts,
/// and whether the dot was spelled out, which no sentence does by accident.
fn dot_after(text: &[char], d: usize, strong_at: bool) -> Option<(usize, bool)> {
    if text.get(d) == Some(&'.') {
        return Some((d + 1, false));
    }
    let j = skip_space(text, d);
    if let Some(e) = bracketed_word(text, j, "dot") {
        return Some((skip_space(text, e), true));
    }
    let spaced = j > d;
    let space_at = |k: usize| text.get(k).is_some_and(|c| c.is_whitespace());
    if spaced && word_at(text, j, "dot") && space_at(j + 3) {
        return Some((skip_space(text, j + 3), true));
    }
    // "x @ y . org" is deliberate; "left at gate . back" is not, so only after a real "@".
    if strong_at && spaced && text.get(j) == Some(&'.') && space_at(j + 1) {
        return Some((skip_space(text, j + 1), false));
    }
    None
}

fn tld_at(text: &[char], start: usize, careful: bool) -> bool {
    let mut e = start;
    while e < text.len() && text[e].is_alphabetic() {
        e += 1;
    }
    let tld = &text[start..e];
    if tld.len() < 2 {
        return false;
    }
    if text
        .get(e)
        .is_some_and(|&c| c.is_alphanumeric() || c == '\'' || c == '\u{2019}')
    {
        return false;
    }
    // With only a bare "at" and a plain ".", "left at gate.Back Tuesday" is a missing
    // space between sentences: a Capitalised word after the dot starts a sentence.
    !(careful && tld[0].is_uppercase() && tld[1..].iter().any(|c| c.is_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_all(notes: &[&str], expected: Result<(), NoteProblem>) {
        let wrong: Vec<_> = notes
            .iter()
            .filter(|n| check_note(n) != expected)
            .map(|n| format!("{n:?} -> {:?}", check_note(n)))
            .collect();
        assert!(
            wrong.is_empty(),
            "expected {expected:?}, but:\n{}",
            wrong.join("\n")
        );
    }

    #[test]
    fn refuses_international_phone_numbers() {
        assert_all(
            &[
                "+44 7700 900123",
                "+33 6 12 34 56 78",
                "0044 7700900123",
                "+1 (555) 123-4567",
                "+49-151-2345-6789",
                "+44 (0)7700 900123",
                "+33.6.12.34.56.78",
                "+221 77 123 45 67",
            ],
            Err(NoteProblem::PhoneNumber),
        );
    }

    #[test]
    fn refuses_local_phone_numbers() {
        assert_all(
            &[
                "07700 900123",
                "07700900123",
                "06 12 34 56 78",
                "(020) 7946 0958",
                "555-123-4567",
                "555.123.4567",
                "0151 234 56789",
                "0151/23456789",
                "06.12.34.56.78",
                "06-12-34 56 78",
                "612 345 678",
                "9123 4567",
                "5551234567",
                "07700 – 900 123",
                "1-12-2012-3456",
            ],
            Err(NoteProblem::PhoneNumber),
        );
    }

    #[test]
    fn refuses_phone_numbers_inside_sentences() {
        assert_all(
            &[
                "ring her on 07700 900123 after 6",
                "tel:07700900123",
                "delivered 24/11/2026, call 07700 900123",
                "24.11.2026 07700 900123",
                "bags for 555-123-4567 (brother)",
            ],
            Err(NoteProblem::PhoneNumber),
        );
    }

    #[test]
    fn refuses_disguised_phone_numbers() {
        assert_all(
            &[
                "0 7 7 0 0 9 0 0 1 2 3",
                "5 5 5 1 2 3 4 5 6 7",
                "\u{0660}\u{0667}\u{0667}\u{0660}\u{0660}\u{0669}\u{0660}\u{0660}\u{0661}\u{0662}\u{0663}",
                "\u{FF10}\u{FF17}\u{FF17}\u{FF10}\u{FF10} \u{FF19}\u{FF10}\u{FF10}\u{FF11}\u{FF12}\u{FF13}",
                "0770\u{200B}0900123",
                "07700_900_123",
            ],
            Err(NoteProblem::PhoneNumber),
        );
    }

    #[test]
    fn refuses_email_addresses() {
        assert_all(
            &[
                "jo.bloggs@example.com",
                "write to maria_12@mail.example.co.uk please",
                "maria@gmail",
                "name at domain dot com",
                "NAME AT DOMAIN DOT ORG",
                "name[at]domain.org",
                "name (at) domain.org",
                "name {at} domain {dot} org",
                "name at domain (dot) org",
                "name at gmail.com",
                "name @ domain . org",
                "maria\u{FF20}gmail.com",
                "maria12345678@x.org",
            ],
            Err(NoteProblem::EmailAddress),
        );
    }

    #[test]
    fn accepts_ordinary_notes() {
        assert_all(
            &[
                "",
                "2 tents torn",
                "pitch 4B",
                "back Tuesday",
                "3 bags, 2 wet",
                "Glastonbury 2026 field 12",
                "delivered 24/11/2026",
                "for 2026-11-24",
                "24.11.2026",
                "sizes 38-42",
                "van ABC 123",
                "pole missing on 4p tent",
                "20 kg of rice",
                "left at gate 3 at 10:30",
                "meet at the yard",
                "aged clothes",
                "delivered 24/11/2026 10 bags",
                "24/11/2026-25/11/2026",
                "open 09:00-17:00 on 24.11.2026",
                "10:30-11:30 and 14:00-15:30",
                "sizes 38 40 42 44",
                "kids 4-6, 7-9 and 10-12",
                "back at 10.30",
                "1,000 tea lights, 2.5 kg salt",
                "3 @ 2 each",
                "Left at gate.Back Tuesday",
                "dropped at St. Mary's",
                "what a day",
                "2.5 3.5 4.5 5.5 kg",
                "24 11 2026",
                "24 / 11 / 2026 bags",
                "left at gate . back later",
            ],
            Ok(()),
        );
    }

    #[test]
    fn refuses_notes_over_the_limit() {
        let at_limit = "é".repeat(MAX_NOTE_CHARS);
        assert_eq!(
            check_note(&at_limit),
            Ok(()),
            "counts characters, not bytes"
        );
        assert_eq!(
            check_note(&format!("{at_limit}x")),
            Err(NoteProblem::TooLong {
                max: MAX_NOTE_CHARS
            })
        );
    }

    #[test]
    fn messages_say_what_and_why() {
        assert_eq!(
            NoteProblem::PhoneNumber.message(),
            "notes must not contain phone numbers: Haul keeps no record of the people it serves"
        );
        assert_eq!(
            NoteProblem::EmailAddress.message(),
            "notes must not contain e-mail addresses: Haul keeps no record of the people it serves"
        );
        assert_eq!(
            NoteProblem::TooLong { max: 500 }.message(),
            "notes must be at most 500 characters: keep them short and about goods, not people"
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let alphabet: Vec<char> = "0123456789 .-/()[]{}<>+@:atdo\u{2013}\u{FF10}\u{0661}x'"
            .chars()
            .collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let n = next() % 40;
            let note: String = (0..n)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let _ = check_note(&note);
        }
    }
}
