//! Numbers and dates as each language writes them.
//!
//! - English: `1,234.5 kg`, `2026-12-01` (ISO: the same for British and other readers).
//! - French: `1 234,5 kg` (a narrow no-break space groups thousands), `1 déc. 2026`.
//! - Arabic: Western digits `1,234.5` (the digits typed in forms, printed on labels and
//!   read off the load sheet by drivers of any language; North African volunteers
//!   use them too), kept left to right inside the sentence by Fluent's isolation or a
//!   `<bdi>`; month names in Arabic: `1 ديسمبر 2026`.
//!
//! Dates in form values stay ISO (`2026-12-01`): only what is shown changes.

use chrono::{Datelike, NaiveDate};
use fluent_bundle::FluentValue;

use super::{pseudo, Lang};

/// Grouping and decimal separators of a language.
fn separators(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Fr => ("\u{202f}", ","),
        _ => (",", "."),
    }
}

/// `value` with at most `decimals` decimals (trailing zeros dropped), grouped.
pub fn number_in(lang: Lang, value: f64, decimals: usize) -> String {
    let (group, point) = separators(lang);
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (text.as_str(), ""),
    };
    let mut out = String::new();
    if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    let grouped = int.len() > 3;
    for (i, c) in int.chars().enumerate() {
        if grouped && i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push_str(point);
        out.push_str(frac);
    }
    out
}

/// Between the items of a list written inline: Arabic has its own comma.
pub fn list_separator() -> &'static str {
    match Lang::current() {
        Lang::Ar => "، ",
        _ => ", ",
    }
}

/// Between the clauses of a list written inline ("Tent: 8 good; Blanket: 3"): Arabic
/// has its own semicolon, French a no-break space before it.
pub fn clause_separator() -> &'static str {
    match Lang::current() {
        Lang::Ar => "؛ ",
        Lang::Fr => "\u{a0}; ",
        _ => "; ",
    }
}

/// Between a label and what it labels written inline ("Blanket: 4"): French has a
/// no-break space before the colon.
pub fn label_separator() -> &'static str {
    match Lang::current() {
        Lang::Fr => "\u{a0}: ",
        _ => ": ",
    }
}

/// A count or quantity in the request's language.
pub fn number(value: i64) -> String {
    number_in(Lang::current(), value as f64, 0)
}

/// A weight, e.g. `1 234,5 kg`.
pub fn weight_kg(kg: f64) -> String {
    crate::t!("layout-kg", kg = kg)
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// A date as shown in the request's language (form values stay ISO).
pub fn date(d: NaiveDate) -> String {
    date_in(Lang::current(), d)
}

pub fn date_in(lang: Lang, d: NaiveDate) -> String {
    // English keeps ISO: read the same by British and other English readers.
    if lang == Lang::En {
        return d.format("%Y-%m-%d").to_string();
    }
    format!(
        "{} {} {}",
        d.day(),
        month_name(lang, d.month0() as usize),
        d.year()
    )
}

/// A month's short name in `lang` (`Jul`, `juil.`, `يوليو`); `m` counts from 0.
fn month_name(lang: Lang, m: usize) -> String {
    let m = m.min(11);
    match lang {
        Lang::En => MONTHS_EN[m].to_string(),
        Lang::Fr => MONTHS_FR[m].to_string(),
        Lang::Ar => MONTHS_AR[m].to_string(),
        Lang::EnXa => pseudo::accent(MONTHS_EN[m]),
    }
}

/// A month as a page shows it in the request's language: `Jul 2026`, `juil. 2026`,
/// `يوليو 2026`. Two words, so a narrow table wraps it between them, never inside one
/// (data and the API keep `2026-07`).
pub fn month(year: i32, month: u32) -> String {
    let m = month.clamp(1, 12) as usize - 1;
    format!("{} {year}", month_name(Lang::current(), m))
}

fn fluent_number(lang: Lang, v: &FluentValue) -> Option<String> {
    match v {
        FluentValue::Number(n) => Some(number_in(lang, n.value, 2)),
        _ => None,
    }
}

// Fluent's formatter hook is a plain fn pointer, one per language.
pub fn fluent_en<M>(v: &FluentValue, _: &M) -> Option<String> {
    fluent_number(Lang::En, v)
}
pub fn fluent_fr<M>(v: &FluentValue, _: &M) -> Option<String> {
    fluent_number(Lang::Fr, v)
}
pub fn fluent_ar<M>(v: &FluentValue, _: &M) -> Option<String> {
    fluent_number(Lang::Ar, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_groups_with_a_narrow_space_and_a_comma() {
        assert_eq!(number_in(Lang::Fr, 12345.5, 1), "12\u{202f}345,5");
        assert_eq!(number_in(Lang::En, 12345.5, 1), "12,345.5");
        assert_eq!(number_in(Lang::Ar, 1234567.0, 0), "1,234,567");
        assert_eq!(number_in(Lang::Fr, 1234.5, 1), "1\u{202f}234,5");
        assert_eq!(number_in(Lang::En, -3.0, 0), "-3");
        assert_eq!(number_in(Lang::En, 2.50, 2), "2.5");
    }

    #[test]
    fn weights_read_as_each_language_writes_them() {
        let fr = Lang::Fr.sync_scope(|| weight_kg(12345.5));
        assert_eq!(fr, "12\u{202f}345,5\u{a0}kg");
        let en = Lang::En.sync_scope(|| weight_kg(2.0));
        assert_eq!(en, "2 kg");
    }

    #[test]
    fn dates_are_shown_per_language() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(date_in(Lang::En, d), "2026-12-01");
        assert_eq!(date_in(Lang::Fr, d), "1 déc. 2026");
        assert_eq!(date_in(Lang::Ar, d), "1 ديسمبر 2026");
    }

    #[test]
    fn months_are_short_words_per_language() {
        assert_eq!(Lang::En.sync_scope(|| month(2026, 7)), "Jul 2026");
        assert_eq!(Lang::Fr.sync_scope(|| month(2026, 7)), "juil. 2026");
        assert_eq!(Lang::Ar.sync_scope(|| month(2026, 12)), "ديسمبر 2026");
    }
}
