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

/// A submitted form's fields, as typed.
pub type Values = HashMap<String, String>;

/// The trimmed value of `key`, or "" when absent.
pub fn value(values: &Values, key: &str) -> String {
    values
        .get(key)
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
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
        let words: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        let reasons = words.join("; ").trim_end_matches('.').to_string();
        Some(Flash::Error(crate::t!(
            "form-nothing-saved",
            reasons = reasons
        )))
    }
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
