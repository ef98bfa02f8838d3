//! Reading the admin forms: every field is checked at once, and each refusal is a
//! plain sentence in the volunteer's language, under the field it concerns ("Give the
//! site a name", "The load volume must be more than 0 and at most 100,000 litres"),
//! never a field or code name. The same limits as the API, which says them in English.

use crate::catalog::model::{MAX_UNIT_VOLUME_L, MAX_UNIT_WEIGHT_KG};
use crate::catalog::Slug;
use crate::error::FieldError;
use crate::notes::NoteProblem;
use crate::runs::model::{MAX_CAPACITY_L, MAX_PAYLOAD_KG};
use crate::t;
use crate::text::{FreeText, TextProblem};
use crate::web::form::{self, Values};

/// What a name belongs to, so the sentence can say "Give the site a name".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Van,
    Warehouse,
    Site,
    /// A warehouse or a site, before the kind is chosen.
    Place,
    Category,
}

impl Named {
    fn missing(self) -> String {
        match self {
            Named::Van => t!("admin-error-name-van"),
            Named::Warehouse => t!("admin-error-name-warehouse"),
            Named::Site => t!("admin-error-name-site"),
            Named::Place => t!("admin-error-name-place"),
            Named::Category => t!("admin-error-name-category"),
        }
    }
}

impl Named {
    /// The code made from this name is already used: a thing of that name exists.
    pub fn taken(self, name: &str) -> String {
        match self {
            Named::Van => t!("admin-error-name-taken-van", name = name),
            Named::Warehouse | Named::Site | Named::Place => {
                t!("admin-error-name-taken-place", name = name)
            }
            Named::Category => t!("admin-error-name-taken-category", name = name),
        }
    }
}

/// A refusal of typed text in the volunteer's words.
pub fn text_problem(p: &TextProblem) -> String {
    match p {
        TextProblem::ControlCharacter => t!("admin-error-control"),
        TextProblem::Note(NoteProblem::PhoneNumber) => t!("admin-error-phone"),
        TextProblem::Note(NoteProblem::EmailAddress) => t!("admin-error-email"),
        TextProblem::Note(NoteProblem::TooLong { max }) => {
            t!("admin-error-too-long", max = *max as i64)
        }
    }
}

/// Typed text that may be empty (an address, a region, a translated name).
pub fn text<const N: usize>(
    values: &Values,
    key: &str,
    errors: &mut Vec<FieldError>,
) -> Option<FreeText<N>> {
    FreeText::parse(&form::value(values, key))
        .map_err(|p| errors.push(FieldError::new(key, text_problem(&p))))
        .ok()
}

/// A required name, at most 100 characters.
pub fn name(values: &Values, of: Named, errors: &mut Vec<FieldError>) -> Option<FreeText<100>> {
    let typed = text::<100>(values, "name", errors)?;
    if typed.is_empty() {
        errors.push(FieldError::new("name", of.missing()));
        return None;
    }
    Some(typed)
}

/// The measures the admin forms ask for, each with its limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A van's load volume, litres.
    Capacity,
    /// A van's payload, kg.
    Payload,
    /// The volume of one item of a category, litres.
    UnitVolume,
    /// The weight of one item of a category, kg.
    UnitWeight,
}

impl Measure {
    pub fn key(self) -> &'static str {
        match self {
            Measure::Capacity => "capacity_l",
            Measure::Payload => "payload_kg",
            Measure::UnitVolume => "unit_volume_l",
            Measure::UnitWeight => "unit_weight_kg",
        }
    }

    fn max(self) -> f64 {
        match self {
            Measure::Capacity => MAX_CAPACITY_L,
            Measure::Payload => MAX_PAYLOAD_KG,
            Measure::UnitVolume => MAX_UNIT_VOLUME_L,
            Measure::UnitWeight => MAX_UNIT_WEIGHT_KG,
        }
    }

    fn out_of_range(self) -> String {
        let max = self.max();
        match self {
            Measure::Capacity => t!("admin-error-capacity", max = max),
            Measure::Payload => t!("admin-error-payload", max = max),
            Measure::UnitVolume => t!("admin-error-unit-volume", max = max),
            Measure::UnitWeight => t!("admin-error-unit-weight", max = max),
        }
    }

    fn not_a_number(self) -> String {
        match self {
            Measure::Capacity => t!("admin-error-capacity-number"),
            Measure::Payload => t!("admin-error-payload-number"),
            Measure::UnitVolume => t!("admin-error-unit-volume-number"),
            Measure::UnitWeight => t!("admin-error-unit-weight-number"),
        }
    }
}

/// A typed number as people write it in the reader's language: `9,500` is nine
/// thousand five hundred in English and Arabic and nine and a half in French;
/// `1,000.5`, `1.000,5`, `1 200`, Arabic-Indic digits and `٫` all read as meant. A
/// form that cannot be one number (`1,2,3`, `9,50,0`) is refused, never guessed.
pub fn parse_number(raw: &str) -> Option<f64> {
    parse_number_in(crate::i18n::Lang::current(), raw)
}

fn parse_number_in(lang: crate::i18n::Lang, raw: &str) -> Option<f64> {
    let mut typed = String::new();
    for c in raw.chars() {
        match c {
            // Spaces of any width, and the Arabic thousands mark, only group digits.
            c if c.is_whitespace() || matches!(c, '\u{a0}' | '\u{202f}' | '\u{66c}') => {}
            '\u{66b}' => typed.push('.'),
            '\u{660}'..='\u{669}' | '\u{6f0}'..='\u{6f9}' => {
                typed.push(char::from_digit(c as u32 & 0xf, 10)?);
            }
            c => typed.push(c),
        }
    }
    let (dots, commas) = (typed.matches('.').count(), typed.matches(',').count());
    // Which mark is the decimal one, if any; the other may only group thousands.
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (0, 1) if lang != crate::i18n::Lang::Fr && groups_of_three(&typed, ',') => None,
        (0, 1) => Some(','),
        (1, 0) => Some('.'),
        (_, 0) | (0, _) => None,
        _ if typed.rfind('.') > typed.rfind(',') => Some('.'),
        _ => Some(','),
    };
    let group = match decimal {
        Some('.') => ',',
        Some(_) => '.',
        None if dots > 0 => '.',
        None => ',',
    };
    let (whole, fraction) = match decimal {
        Some(d) => typed.rsplit_once(d)?,
        None => (typed.as_str(), ""),
    };
    if whole.contains(group) && !groups_of_three(whole, group) {
        return None;
    }
    if fraction.contains(group) {
        return None;
    }
    let plain = format!("{}.{fraction}", whole.replace(group, ""));
    plain
        .trim_end_matches('.')
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// `1,234,567`: every group after the first is three digits.
fn groups_of_three(whole: &str, mark: char) -> bool {
    let mut groups = whole.split(mark);
    let first = groups.next().unwrap_or_default();
    !first.trim_start_matches('-').is_empty()
        && groups.all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

/// A measure within its limits; 0 (refused) when it is missing, not a number or out of
/// range, with the reason recorded beside its field.
pub fn measure(values: &Values, m: Measure, errors: &mut Vec<FieldError>) -> f64 {
    match parse_number(&form::value(values, m.key())) {
        Some(n) if n > 0.0 && n <= m.max() => n,
        Some(_) => {
            errors.push(FieldError::new(m.key(), m.out_of_range()));
            0.0
        }
        None => {
            errors.push(FieldError::new(m.key(), m.not_a_number()));
            0.0
        }
    }
}

/// The code of a new van, place or category: the one typed, or one made from the name.
/// A missing name is the name's problem only, not also the code's.
pub fn code(values: &Values, errors: &mut Vec<FieldError>) -> Option<Slug> {
    let typed = form::value(values, "slug");
    if !typed.is_empty() {
        return Slug::parse(&typed)
            .map_err(|_| errors.push(FieldError::new("slug", t!("admin-error-code"))))
            .ok();
    }
    let name = form::value(values, "name");
    if name.is_empty() {
        return None;
    }
    Slug::parse(&slug_from(&name))
        .map_err(|_| errors.push(FieldError::new("slug", t!("admin-error-code-from-name"))))
        .ok()
}

/// "Unit South" → "unit-south": lowercase letters and digits, single dashes.
pub fn slug_from(name: &str) -> String {
    let mut out = String::new();
    for ch in name.trim().to_lowercase().chars() {
        if ch.is_ascii_lowercase() || ch.is_ascii_digit() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-')
        .chars()
        .take(64)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn values(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn codes_come_from_names() {
        assert_eq!(slug_from("Unit South"), "unit-south");
        assert_eq!(slug_from("  Tent (2 person) "), "tent-2-person");
        assert_eq!(slug_from("Ford Transit!"), "ford-transit");
        assert_eq!(slug_from("حَقل"), "");
    }

    #[test]
    fn numbers_are_read_as_people_type_them() {
        for lang in [Lang::En, Lang::Fr, Lang::Ar] {
            let read = |raw| parse_number_in(lang, raw);
            assert_eq!(read("8500,5"), Some(8500.5), "{lang:?}");
            assert_eq!(read("1 200"), Some(1200.0));
            assert_eq!(read("1\u{202f}200,5"), Some(1200.5));
            assert_eq!(read(" 0.4 "), Some(0.4));
            assert_eq!(read("1,000.5"), Some(1000.5));
            assert_eq!(read("1.000,5"), Some(1000.5));
            assert_eq!(read("1,234,567"), Some(1_234_567.0));
            assert_eq!(read("\u{669}\u{665}\u{660}\u{660}"), Some(9500.0));
            assert_eq!(read("\u{661}\u{662}\u{66b}\u{665}"), Some(12.5));
            for refused in ["", "lots", "inf", "1,2,3", "9,50,0", "1.2.3,4,5", "1,5.000"] {
                assert_eq!(read(refused), None, "{refused} in {lang:?}");
            }
        }
        // A comma before three digits groups thousands in English and Arabic (a van of
        // "9,500" litres), and is the decimal mark in French.
        assert_eq!(parse_number_in(Lang::En, "9,500"), Some(9500.0));
        assert_eq!(parse_number_in(Lang::Ar, "9,500"), Some(9500.0));
        assert_eq!(parse_number_in(Lang::Fr, "9,500"), Some(9.5));
    }

    #[test]
    fn every_problem_is_found_at_once_in_plain_words() {
        let mut errors = Vec::new();
        Lang::En.sync_scope(|| {
            let v = values(&[("name", ""), ("capacity_l", "0"), ("payload_kg", "")]);
            assert!(name(&v, Named::Site, &mut errors).is_none());
            assert!(code(&v, &mut errors).is_none());
            measure(&v, Measure::Capacity, &mut errors);
            measure(&v, Measure::Payload, &mut errors);
        });
        let said: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                ("name", "Give the site a code name"),
                (
                    "capacity_l",
                    "The load volume must be more than 0 and at most 100,000 litres"
                ),
                ("payload_kg", "Type the payload in kilograms, like 1200"),
            ],
            "no word about the code when the name is missing"
        );
        for e in &errors {
            assert!(!e.message.contains('_'), "a field name leaked: {e:?}");
        }
    }

    #[test]
    fn a_name_that_makes_no_code_asks_for_one() {
        let mut errors = Vec::new();
        Lang::En.sync_scope(|| code(&values(&[("name", "حقل")]), &mut errors));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "slug");
        assert!(
            errors[0].message.starts_with("Type a short name"),
            "{errors:?}"
        );
    }
}
