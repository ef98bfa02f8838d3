//! Words several converted pages share (issue 13): what is wrong with typed text.
//! Conditions, catalogue groups and kinds of place are named by `Condition::label`,
//! `CategoryGroup::label` and `LocationKind::label`. The slugs stay the keys.

use crate::notes::NoteProblem;
use crate::t;
use crate::text::TextProblem;

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
