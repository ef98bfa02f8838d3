//! Words several converted pages share (issue 13): a condition's and a catalogue
//! group's name in the reader's language, and what is wrong with typed text. The slugs
//! stay the keys (form values, CSV, the API); only what a person reads is translated.

use crate::catalog::model::CategoryGroup;
use crate::catalog::Condition;
use crate::notes::NoteProblem;
use crate::t;
use crate::text::TextProblem;

/// A condition as the reader's language says it; an unknown one as it is.
pub fn condition(slug: &str) -> String {
    match slug.parse::<Condition>() {
        Ok(Condition::Good) => t!("condition-good"),
        Ok(Condition::Usable) => t!("condition-usable"),
        Ok(Condition::NeedsDrying) => t!("condition-needs-drying"),
        Ok(Condition::NeedsCleaning) => t!("condition-needs-cleaning"),
        Ok(Condition::NeedsRepair) => t!("condition-needs-repair"),
        Ok(Condition::Unusable) => t!("condition-unusable"),
        Err(_) => slug.to_string(),
    }
}

/// A catalogue group (shelter, sleeping, …) as the reader's language says it.
pub fn group(slug: &str) -> String {
    match CategoryGroup::ALL.into_iter().find(|g| g.as_str() == slug) {
        Some(CategoryGroup::Shelter) => t!("group-shelter"),
        Some(CategoryGroup::Sleeping) => t!("group-sleeping"),
        Some(CategoryGroup::Cooking) => t!("group-cooking"),
        Some(CategoryGroup::Clothing) => t!("group-clothing"),
        Some(CategoryGroup::Food) => t!("group-food"),
        Some(CategoryGroup::Bikes) => t!("group-bikes"),
        Some(CategoryGroup::Other) | None => t!("group-other"),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn conditions_and_groups_are_named_in_each_language() {
        assert_eq!(
            Lang::En.sync_scope(|| condition("needs-drying")),
            "needs-drying"
        );
        assert_ne!(
            Lang::Fr.sync_scope(|| condition("needs-drying")),
            "needs-drying"
        );
        assert_ne!(Lang::Ar.sync_scope(|| group("shelter")), "shelter");
        assert_eq!(Lang::Fr.sync_scope(|| condition("mouldy")), "mouldy");
    }
}
