//! `AppError`: everything a request can fail with, and its one mapping to the API's
//! error JSON `{"error":{"code","message","details"}}`.
//!
//! Error policy: store code returns `QueryResult`, domain rules return their own small
//! error enums, handlers and write transactions return `AppError`; `anyhow` only in the
//! CLI and start-up.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use serde_json::{json, Value};

use crate::i18n::{Lang, Msg};
use fluent_bundle::FluentArgs;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The API's error shape, `{"error":{"code","message","details"}}`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable machine-readable code: `bad_request`, `invalid`, `not_found`, `conflict`, …
    pub code: String,
    /// For people.
    pub message: String,
    /// For `invalid`, a list of `{field, message}`; for some conflicts, an object; else null.
    pub details: Value,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    /// A body that is not JSON at all (code `bad_request`, its own translated message).
    #[error("{0}")]
    BadJson(String),
    #[error("{message}")]
    Invalid {
        message: String,
        details: Vec<FieldError>,
    },
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Conflict {
        code: &'static str,
        message: String,
        details: Value,
    },
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    TooManyRequests(String),
    #[error("{0}")]
    Unavailable(String),
    /// A known route with a method it has no access rule for (the guard fails closed).
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A 422 naming one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        AppError::Invalid {
            message: message.clone(),
            details: vec![FieldError::new(field, message)],
        }
    }

    /// A 422 listing several fields; the first one's message leads.
    pub fn invalid_fields(details: Vec<FieldError>) -> Self {
        let message = match details.as_slice() {
            [] => "the request is not valid".to_string(),
            [one] => one.message.clone(),
            [first, rest @ ..] => format!("{} (and {} more problems)", first.message, rest.len()),
        };
        AppError::Invalid { message, details }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict {
            code: "conflict",
            message: message.into(),
            details: Value::Null,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) | AppError::BadJson(_) => "bad_request",
            AppError::Invalid { .. } => "invalid",
            AppError::NotFound(_) => "not_found",
            AppError::Conflict { code, .. } => code,
            AppError::TooLarge(_) => "too_large",
            AppError::Unauthorized(_) => "unauthorized",
            AppError::Forbidden(_) => "forbidden",
            AppError::TooManyRequests(_) => "too_many_requests",
            AppError::Unavailable(_) => "unavailable",
            AppError::MethodNotAllowed(_) => "method_not_allowed",
            AppError::Internal(_) => "internal",
        }
    }

    fn details(&self) -> Value {
        match self {
            AppError::Invalid { details, .. } => json!(details),
            AppError::Conflict { details, .. } => details.clone(),
            _ => Value::Null,
        }
    }

    /// The body sent to the client, its `message` in the request's language. Internal
    /// errors say no more than that.
    pub fn body(&self) -> Value {
        self.body_in(Lang::current())
    }

    /// The body with its `message` in `lang`: English keeps the detailed message;
    /// another language gets the sentence for the error's kind from
    /// `locales/*/api.ftl` (naming the first field of a 422). The `code` and the
    /// `details` stay as they are: they are keys for programs (docs/api.md).
    pub fn body_in(&self, lang: Lang) -> Value {
        let message = match (self, lang) {
            (AppError::Internal(_), Lang::En) => {
                "something went wrong on the server; it has been logged".to_string()
            }
            (other, Lang::En) => other.to_string(),
            (other, lang) => other.translated(lang),
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_string(),
                message,
                details: self.details(),
            },
        };
        serde_json::to_value(body).unwrap_or(Value::Null)
    }
}

impl AppError {
    /// The sentence for this kind of error in `lang` (never English's detail, which
    /// may quote what was sent).
    fn translated(&self, lang: Lang) -> String {
        let mut args = FluentArgs::new();
        let id = match self {
            AppError::BadRequest(_) => Msg("api-bad-request"),
            AppError::BadJson(_) => Msg("api-bad-json"),
            AppError::Invalid { details, .. } => match details.first() {
                None => Msg("api-invalid"),
                Some(first) => {
                    args.set("field", first.field.clone());
                    args.set("more", (details.len() - 1) as f64);
                    Msg("api-invalid-field")
                }
            },
            AppError::NotFound(_) => Msg("api-not-found"),
            AppError::Conflict { .. } => Msg("api-conflict"),
            AppError::TooLarge(_) => Msg("api-too-large"),
            AppError::Unauthorized(_) => Msg("api-unauthorized"),
            AppError::Forbidden(_) => Msg("api-forbidden"),
            AppError::TooManyRequests(_) => Msg("api-too-many-requests"),
            AppError::Unavailable(_) => Msg("api-unavailable"),
            AppError::MethodNotAllowed(_) => Msg("api-method-not-allowed"),
            AppError::Internal(_) => Msg("api-internal"),
        };
        lang.t(id.0, Some(&args))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) | AppError::BadJson(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(detail) = self {
            tracing::error!(%detail, "internal error");
        }
        HttpResponse::build(self.status_code()).json(self.body())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => AppError::NotFound("not found".into()),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                AppError::conflict(format!("already exists: {}", info.message()))
            }
            other => AppError::Internal(with_causes(&other)),
        }
    }
}

/// An error and what caused it, on one line: diesel says only "Error deserializing
/// field 'condition'", its cause which word the database held (`db::text_enum`).
pub fn with_causes(e: &dyn std::error::Error) -> String {
    let mut said = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        said.push_str(": ");
        said.push_str(&c.to_string());
        cause = c.source();
    }
    said
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_kind() -> Vec<AppError> {
        vec![
            AppError::BadRequest("bad".into()),
            AppError::BadJson("malformed JSON: EOF".into()),
            AppError::Invalid {
                message: "nothing".into(),
                details: vec![],
            },
            AppError::invalid("lines[0].quantity", "must be 1 or more"),
            AppError::invalid_fields(vec![
                FieldError::new("source", "required"),
                FieldError::new("warehouse", "unknown"),
                FieldError::new("received_on", "not a date"),
            ]),
            AppError::NotFound("no run 9".into()),
            AppError::conflict("already exists"),
            AppError::TooLarge("over 256 KiB".into()),
            AppError::Unauthorized("missing token".into()),
            AppError::Forbidden("crew may not".into()),
            AppError::TooManyRequests("wait".into()),
            AppError::Unavailable("locked".into()),
            AppError::MethodNotAllowed("PATCH".into()),
            AppError::Internal("disk full".into()),
        ]
    }

    #[test]
    fn every_error_has_a_message_in_each_language_and_keeps_its_code() {
        for e in every_kind() {
            let en = e.body_in(Lang::En);
            for lang in [Lang::Fr, Lang::Ar] {
                let other = e.body_in(lang);
                let message = other["error"]["message"].as_str().unwrap_or("");
                assert!(
                    !message.is_empty() && !message.starts_with('['),
                    "{e:?}: {other}"
                );
                assert_ne!(other["error"]["message"], en["error"]["message"], "{e:?}");
                assert_eq!(other["error"]["code"], en["error"]["code"]);
                assert_eq!(other["error"]["details"], en["error"]["details"]);
            }
        }
    }

    #[test]
    fn english_keeps_the_detail_and_internal_errors_keep_theirs_hidden() {
        let e = AppError::NotFound("no run 9".into());
        assert_eq!(e.body_in(Lang::En)["error"]["message"], "no run 9");
        let e = AppError::Internal("disk full".into());
        for lang in [Lang::En, Lang::Fr, Lang::Ar] {
            let m = e.body_in(lang)["error"]["message"].to_string();
            assert!(!m.contains("disk"), "{m}");
        }
    }

    #[test]
    fn a_422_names_its_first_field_and_counts_the_rest() {
        let e = AppError::invalid_fields(vec![
            FieldError::new("source", "required"),
            FieldError::new("warehouse", "unknown"),
            FieldError::new("received_on", "not a date"),
        ]);
        let fr = e.body_in(Lang::Fr)["error"]["message"].to_string();
        assert!(fr.contains("source") && fr.contains("2 autres"), "{fr}");
        let one = AppError::invalid("source", "required").body_in(Lang::Fr);
        assert_eq!(
            one["error"]["message"],
            "Le champ source n’est pas valide\u{a0}: voir le détail."
        );
    }
}
