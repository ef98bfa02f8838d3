//! `CsvBody`: the extractor for CSV uploads (`POST /api/v1/import/…`). A body that is
//! not CSV or not UTF-8 is a 400, one over `BODY_LIMIT` a 413, in the API's error shape.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{web, FromRequest, HttpRequest};

use crate::error::AppError;
use crate::web::json::{request_hash, BODY_LIMIT};

pub struct CsvBody {
    pub text: String,
    /// SHA-256 of method, path and body: what an idempotency key is bound to.
    pub request_hash: String,
}

/// CSV under its own name, or as plain text (what `curl --data-binary` and many
/// spreadsheets send); JSON or a form is a mistake worth naming.
fn is_csv(content_type: Option<&str>) -> bool {
    let Some(ct) = content_type else { return true };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        mime.as_str(),
        "text/csv" | "text/plain" | "application/csv" | "application/octet-stream" | ""
    )
}

impl FromRequest for CsvBody {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let declared = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let bytes = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            if !is_csv(content_type.as_deref()) {
                return Err(AppError::BadRequest(format!(
                    "send the file as text/csv, not {}",
                    content_type.unwrap_or_default()
                )));
            }
            if declared.is_some_and(|n| n > BODY_LIMIT) {
                return Err(too_large());
            }
            let bytes = bytes.await.map_err(|e| {
                if e.as_response_error().status_code() == 413 {
                    too_large()
                } else {
                    AppError::BadRequest(format!("could not read the body: {e}"))
                }
            })?;
            let text = std::str::from_utf8(&bytes)
                .map_err(|e| AppError::BadRequest(format!("the file is not UTF-8 text: {e}")))?
                .to_string();
            if let Some(at) = text.find('\0') {
                let line = text[..at].matches('\n').count() + 1;
                return Err(AppError::BadRequest(format!(
                    "line {line} contains a NUL character: the file is not a text CSV"
                )));
            }
            Ok(CsvBody {
                request_hash: request_hash(&req, &bytes),
                text,
            })
        })
    }
}

fn too_large() -> AppError {
    AppError::TooLarge(format!(
        "the file is larger than {} KiB; split it into several imports",
        BODY_LIMIT / 1024
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_plain_text_are_accepted_json_is_not() {
        assert!(is_csv(None));
        assert!(is_csv(Some("text/csv; charset=utf-8")));
        assert!(is_csv(Some("Text/Plain")));
        assert!(!is_csv(Some("application/json")));
        assert!(!is_csv(Some("application/x-www-form-urlencoded")));
    }
}
