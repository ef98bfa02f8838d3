//! Page-form plumbing shared by the warehouse and admin pages: submitted values kept as
//! typed, and the domain's field errors shown beside the field they name.

use maud::{html, Markup};
use std::collections::HashMap;

use crate::auth::Actor;
use crate::error::{AppError, FieldError};
use crate::text::FreeText;
use crate::web::Flash;

/// The session's form token as a hidden field. Every page form carries it and posts to
/// its plain path (`action="/admin/vans"`), so the address bar after a save shows no
/// token; the guard takes the field out of the body before the handler.
pub fn csrf_field(actor: &Actor) -> Markup {
    html! {
        @if let Some(token) = &actor.csrf {
            input type="hidden" name="csrf" value=(token);
        }
    }
}

/// The session's form token for a form that also sends itself by GET (the partner
/// offer's Find carries the form back to its sheet): its POST buttons carry
/// it as `name="csrf" value=(token)`. A browser sends a button's value only when that
/// button is pressed, so the GET never puts the token in the address, and the guard
/// takes it out of the POST's body as it does the hidden field.
pub fn button_token(actor: &Actor) -> &str {
    actor.csrf.as_deref().unwrap_or_default()
}

/// The parts of a multipart form by name (the partner upload's `file`, `text` and
/// `csrf`). Small by design: one text file.
pub fn multipart_parts(content_type: &str, body: &[u8]) -> Option<HashMap<String, String>> {
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .next()?
        .trim_matches('"');
    let body = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut found: HashMap<String, String> = HashMap::new();
    for part in body.split(&delimiter) {
        let Some((head, content)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = head
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("name="))
            .next()
            .map(|n| {
                n.split(['\r', '\n'])
                    .next()
                    .unwrap_or(n)
                    .trim_matches('"')
                    .to_string()
            })
        else {
            continue;
        };
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        found.insert(name, content.replace("\r\n", "\n"));
    }
    Some(found)
}

/// A submitted form's fields, as typed.
pub type Values = HashMap<String, String>;

/// The trimmed value of `key`, or "" when absent.
pub fn value(values: &Values, key: &str) -> String {
    values
        .get(key)
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// A whole number typed in a box, from `min` to `max`, or the sentence saying why not:
/// every form says "not a whole number", "at least", "at most" in the same words.
pub fn whole_number(raw: &str, min: i64, max: i64) -> Result<i64, String> {
    let raw = raw.trim();
    // What was typed keeps its own direction inside a right-to-left sentence.
    let said = match crate::i18n::Lang::current().dir() {
        "rtl" => format!("\u{200E}{raw}\u{200E}"),
        _ => raw.to_string(),
    };
    let n: i64 = raw
        .parse()
        .map_err(|_| crate::t!("number-not-whole", raw = &said))?;
    if n < min {
        return Err(crate::t!("number-at-least", min = min));
    }
    if n > max {
        return Err(crate::t!("number-at-most", max = max));
    }
    Ok(n)
}

/// A typed-by-a-person field as `FreeText`; a refusal is recorded beside the field.
pub fn free_text<const N: usize>(
    values: &Values,
    key: &str,
    errors: &mut Vec<FieldError>,
) -> Option<FreeText<N>> {
    FreeText::parse(&value(values, key))
        .map_err(|p| errors.push(FieldError::new(key, p.message())))
        .ok()
}

/// As `free_text`, with an empty field meaning "none".
pub fn optional_free_text<const N: usize>(
    values: &Values,
    key: &str,
    errors: &mut Vec<FieldError>,
) -> Option<FreeText<N>> {
    free_text(values, key, errors).filter(|t: &FreeText<N>| !t.is_empty())
}

/// What went wrong with a form, by field (the domain's field names, which the forms
/// reuse as input names); a field no input shows still reaches the summary.
#[derive(Debug, Default, Clone)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    pub fn one(field: &str, message: impl Into<String>) -> Self {
        FormErrors(vec![FieldError::new(field, message)])
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The messages for `field`, to put right under its input.
    pub fn beside(&self, field: &str) -> Markup {
        html! {
            @for e in self.0.iter().filter(|e| e.field == field) {
                p.field-error role="alert" { (e.message) }
            }
        }
    }

    /// True when `field` has an error.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    /// `aria-invalid` for the input of `field`.
    pub fn invalid(&self, field: &str) -> Option<&'static str> {
        self.has(field).then_some("true")
    }

    /// The id `beside_tied` gives the messages for `field`, for the input's
    /// `aria-describedby`, when there are any.
    pub fn described_by(&self, field: &str) -> Option<String> {
        self.has(field).then(|| format!("{field}-error"))
    }

    /// As `beside`, in one element the input points at with `described_by`, so a
    /// screen reader reads the error with the field.
    pub fn beside_tied(&self, field: &str) -> Markup {
        html! {
            @if let Some(id) = self.described_by(field) {
                div id=(id) { (self.beside(field)) }
            }
        }
    }

    /// The errors of `field` under the name `id`, for an input whose id is not its
    /// field's name (a `reason` in two forms: `reverse-reason`, `lines-reason`), so
    /// `invalid`, `described_by` and `beside_tied` speak of the input's id.
    pub fn renamed(&self, field: &str, id: &str) -> FormErrors {
        FormErrors(
            self.0
                .iter()
                .filter(|e| e.field == field)
                .map(|e| FieldError::new(id, e.message.clone()))
                .collect(),
        )
    }

    /// One line for the top of the page: nothing was saved, and every reason.
    pub fn summary(&self) -> Option<Flash> {
        if self.0.is_empty() {
            return None;
        }
        Some(Flash::Error(nothing_saved(
            self.0.iter().map(|e| e.message.as_str()),
        )))
    }
}

/// "Nothing was saved. The handle … . The password …": each reason its own sentence,
/// as written beside its field (capital first, full stop last), so no sentence starts
/// in the middle of another after a colon.
pub fn nothing_saved<'a>(reasons: impl IntoIterator<Item = &'a str>) -> String {
    let sentences: Vec<String> = reasons
        .into_iter()
        .map(|r| format!("{}.", r.trim().trim_end_matches('.')))
        .collect();
    crate::t!("form-nothing-saved", reasons = sentences.join(" "))
}

/// The top of a refused form: the line saying nothing was saved, then every problem as
/// a link to the box it is about (`target`, an element id; `None` for a problem about
/// the form as a whole). A long sheet comes back at its top: this list, focused, takes
/// the volunteer from there to each box to put right.
pub fn error_summary(headline: String, listed: Vec<(Option<String>, String)>) -> Flash {
    let list = html! {
        @if !listed.is_empty() {
            ul.error-list {
                @for (target, message) in &listed {
                    li {
                        @match target {
                            Some(id) => { a href={ "#" (id) } { (message) } },
                            None => { (message) },
                        }
                    }
                }
            }
        }
    };
    Flash::Refused(headline, list)
}

/// Turns a refusal a volunteer can fix (bad fields, not enough stock, a reused form)
/// into form errors; anything else stays an error page.
pub fn refusal(e: AppError) -> Result<FormErrors, AppError> {
    match e {
        AppError::Invalid { details, message } if details.is_empty() => {
            Ok(FormErrors::one("", message))
        }
        AppError::Invalid { details, .. } => Ok(FormErrors(details)),
        AppError::Conflict { code, message, .. } => Ok(FormErrors::one(code, message)),
        AppError::NotFound(m) | AppError::BadRequest(m) => Ok(FormErrors::one("", m)),
        other => Err(other),
    }
}

/// The form key a page form must carry, or the error to show when it carries none.
pub fn require_form_key(values: &Values) -> Result<String, FormErrors> {
    crate::idempotency::sent_form_key(values).ok_or_else(|| {
        FormErrors::one(
            "form_key",
            "this form is missing its key: reload the page and send it again",
        )
    })
}

/// What a form page shows: the values to put back in its inputs, the errors beside
/// them, the message on top and the status. One value for every page's render.
pub struct Shown {
    pub values: Values,
    pub errors: FormErrors,
    pub flash: Option<Flash>,
    pub status: actix_web::http::StatusCode,
}

impl Shown {
    /// A fresh form.
    pub fn blank() -> Shown {
        Shown {
            values: Values::new(),
            errors: FormErrors::default(),
            flash: None,
            status: actix_web::http::StatusCode::OK,
        }
    }

    /// A fresh form under the message naming what changed.
    pub fn saved(message: String) -> Shown {
        Shown {
            flash: Some(Flash::Ok(message)),
            ..Shown::blank()
        }
    }

    /// The form as typed, its errors beside the fields, nothing saved (422).
    pub fn refused(values: Values, errors: FormErrors) -> Shown {
        Shown {
            values,
            flash: errors.summary(),
            errors,
            status: actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::whole_number;
    use crate::i18n::Lang;

    #[test]
    fn numbers_are_refused_in_one_family_of_words() {
        Lang::En.sync_scope(|| {
            assert_eq!(whole_number(" 7 ", 0, 10), Ok(7));
            assert_eq!(
                whole_number("two", 0, 10),
                Err("“two” is not a whole number: type digits only, like 3.".to_string())
            );
            assert_eq!(
                whole_number("-3", 0, 10),
                Err("This must be at least 0.".to_string())
            );
            assert_eq!(
                whole_number("11", 1, 10),
                Err("This must be at most 10.".to_string())
            );
        });
        // What was typed keeps its direction inside an Arabic sentence.
        Lang::Ar.sync_scope(|| {
            let said = whole_number("3a", 0, 10).expect_err("refused");
            assert!(said.contains("\u{200e}3a\u{200e}"), "{said}");
        });
    }
}
