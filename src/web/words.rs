//! Words several converted pages share (issue 13): a kind of place in the reader's
//! language, and what is wrong with typed text (conditions and catalogue groups are named
//! by `Condition::label` and `CategoryGroup::label`). The slugs stay the keys.

use crate::notes::NoteProblem;
use crate::t;
use crate::text::TextProblem;

/// A kind of place (warehouse, site, van) as the reader's language says it.
pub fn location_kind(slug: &str) -> String {
    match slug {
        "warehouse" => t!("location-kind-warehouse"),
        "site" => t!("location-kind-site"),
        "van" => t!("location-kind-van"),
        other => other.to_string(),
    }
}

/// The sentence beside a typed field that `FreeText` refused; `field` is its name as
/// the page shows it (already translated).
pub fn text_problem(field: &str, problem: &TextProblem) -> String {
    match problem {
        TextProblem::ControlCharacter => t!("text-control", field = field),
        TextProblem::Note(NoteProblem::PhoneNumber) => t!("text-phone", field = field),
        TextProblem::Note(NoteProblem::EmailAddress) => t!("text-email", field = field),
        TextProblem::Note(NoteProblem::TooLong { max }) => {
            t!("text-too-long", field = field, max = *max)
        }
    }
}

/// A typed note, checked, in the reader's language when refused.
pub fn note<const MAX: usize>(value: &str) -> Result<crate::text::FreeText<MAX>, String> {
    crate::text::FreeText::parse(value).map_err(|p| text_problem(&t!("field-note"), &p))
}
