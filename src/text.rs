//! Owns `FreeText`: every field a person types (a source, a note, a reason, a name, a
//! handle) deserialises into it, so the rules hold by type on every path (JSON, CSV,
//! page forms) instead of at each call site.
//!
//! The rules: no control characters (PostgreSQL refuses NUL in text, SQLite stores it,
//! so refusing it here keeps both backends identical; the others break exports and
//! logs), nothing that reaches a person (the note guard in `crate::notes`), and at most
//! `MAX` characters. A refusal names the field: `serde_path_to_error` puts the path in
//! front of the message (`source: must not contain phone numbers: …`).

use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use crate::notes::{self, NoteProblem};

/// Text a person typed, already checked; trimmed of surrounding white space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FreeText<const MAX: usize = { notes::MAX_NOTE_CHARS }>(String);

/// Why a value was refused; `message` is the sentence without the field name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    ControlCharacter,
    Note(NoteProblem),
}

impl TextProblem {
    pub fn message(&self) -> String {
        match self {
            TextProblem::ControlCharacter => {
                "must not contain control characters (NUL, tab, line breaks)".to_string()
            }
            TextProblem::Note(NoteProblem::PhoneNumber) => "must not contain phone numbers: \
                Haul keeps no record of the people it serves"
                .to_string(),
            TextProblem::Note(NoteProblem::EmailAddress) => "must not contain e-mail addresses: \
                Haul keeps no record of the people it serves"
                .to_string(),
            TextProblem::Note(NoteProblem::TooLong { max }) => {
                format!("must be at most {max} characters")
            }
        }
    }

    /// The message with the field in front, for a page's error beside the field.
    pub fn for_field(&self, field: &str) -> String {
        format!("{field} {}", self.message())
    }
}

impl fmt::Display for TextProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// The one check behind `FreeText`, for callers holding a plain `&str`.
pub fn check(value: &str, max: usize) -> Result<(), TextProblem> {
    if value.chars().any(char::is_control) {
        return Err(TextProblem::ControlCharacter);
    }
    notes::check_text(value, max).map_err(TextProblem::Note)
}

impl<const MAX: usize> FreeText<MAX> {
    pub fn parse(value: &str) -> Result<Self, TextProblem> {
        let value = value.trim();
        check(value, MAX)?;
        Ok(FreeText(value.to_string()))
    }

    /// For page forms: the sentence to show beside the field, e.g. "Source must not …".
    pub fn parse_for(value: &str, label: &str) -> Result<Self, String> {
        FreeText::parse(value).map_err(|p| format!("{label} {}.", p.message()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl<const MAX: usize> Deref for FreeText<MAX> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> fmt::Display for FreeText<MAX> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<const MAX: usize> FromStr for FreeText<MAX> {
    type Err = TextProblem;
    fn from_str(s: &str) -> Result<Self, TextProblem> {
        FreeText::parse(s)
    }
}

impl<'de, const MAX: usize> Deserialize<'de> for FreeText<MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        FreeText::parse(&s).map_err(|p| serde::de::Error::custom(p.message()))
    }
}

/// A NUL anywhere in a request's text (a slug, a date, a key): one rule for every
/// input at the edge, so PostgreSQL never sees one.
pub fn has_nul(s: &str) -> bool {
    s.contains('\0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Body {
        source: FreeText<100>,
        note: Option<FreeText>,
    }

    fn field_error(json: &str) -> String {
        match crate::web::json::parse_json::<Body>(json.as_bytes()) {
            Err(crate::error::AppError::Invalid { details, .. }) => {
                format!("{}|{}", details[0].field, details[0].message)
            }
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn refuses_control_characters_people_and_long_text_naming_the_field() {
        for (json, field, words) in [
            (r#"{"source":"a\u0000b"}"#, "source", "control characters"),
            (r#"{"source":"a\tb"}"#, "source", "control characters"),
            (
                r#"{"source":"x","note":"a\r\nb"}"#,
                "note",
                "control characters",
            ),
            (
                r#"{"source":"ring 07700 900123"}"#,
                "source",
                "phone numbers",
            ),
            (
                r#"{"source":"jo@example.org"}"#,
                "source",
                "e-mail addresses",
            ),
            (
                r#"{"source":"x","note":"name at gmail.com"}"#,
                "note",
                "e-mail",
            ),
        ] {
            let e = field_error(json);
            assert!(e.starts_with(&format!("{field}|{field}: ")), "{json}: {e}");
            assert!(e.contains(words), "{json}: {e}");
        }
        let long = format!(r#"{{"source":"{}"}}"#, "é".repeat(101));
        assert!(field_error(&long).contains("at most 100 characters"));
    }

    #[test]
    fn accepts_and_trims_ordinary_text() {
        let b: Body =
            crate::web::json::parse_json(br#"{"source":"  Glastonbury 2026 ","note":"2 wet"}"#)
                .expect("ok");
        assert_eq!(b.source.as_str(), "Glastonbury 2026");
        assert_eq!(b.note.as_deref(), Some("2 wet"));
        assert_eq!(
            "é".repeat(100).parse::<FreeText<100>>().map(|t| t.len()),
            Ok(200)
        );
        assert_eq!(
            FreeText::<20>::parse("07700 900123").map_err(|p| p.for_field("name")),
            Err(
                "name must not contain phone numbers: Haul keeps no record of the people it serves"
                    .into()
            )
        );
    }
}
