//! `JsonBody<T>`: the JSON request extractor. Malformed JSON is a 400, JSON of the
//! wrong shape a 422 naming the field, a body over `BODY_LIMIT` a 413.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// Largest JSON body accepted: a few hundred intake lines fit with room to spare.
pub const BODY_LIMIT: usize = 256 * 1024;

pub struct JsonBody<T> {
    pub value: T,
    /// SHA-256 of method, path and body: what an idempotency key is bound to.
    pub request_hash: String,
}

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.value
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let field = if path == "." {
                    "body".to_string()
                } else {
                    path
                };
                AppError::invalid(
                    field.clone(),
                    format!("{field}: {}", strip_position(&inner)),
                )
            }
            _ => AppError::BadJson(format!("malformed JSON: {inner}")),
        }
    })?;
    de.end()
        .map_err(|e| AppError::BadJson(format!("malformed JSON: {e}")))?;
    Ok(value)
}

fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

pub fn request_hash(req: &HttpRequest, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(req.method().as_str().as_bytes());
    h.update(b" ");
    h.update(req.path().as_bytes());
    h.update(b"\n");
    h.update(body);
    hex::encode(h.finalize())
}

/// Where a NUL sits in a JSON document (in a key or a string), as a serde path
/// (`lines[0].category`). Fields typed `FreeText` refuse it themselves; this catches
/// every other string (slugs, keys) before PostgreSQL sees it.
fn nul_path(v: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) => crate::text::has_nul(s).then(|| at.to_string()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, x)| nul_path(x, &format!("{at}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, x)| {
            let here = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            if crate::text::has_nul(k) {
                Some(here)
            } else {
                nul_path(x, &here)
            }
        }),
        _ => None,
    }
}

/// The body an idempotency key is bound to, independent of white space and key order:
/// objects with their keys sorted, everything else as serde_json writes it.
fn canonical(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", inner.join(","))
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let inner: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical(&map[k])))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        scalar => scalar.to_string(),
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let declared = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let bytes = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
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
            let value = parse_json(&bytes)?;
            let tree: serde_json::Value = serde_json::from_slice(&bytes)
                .map_err(|e| AppError::BadJson(format!("malformed JSON: {e}")))?;
            if let Some(field) = nul_path(&tree, "") {
                let field = if field.is_empty() {
                    "body".into()
                } else {
                    field
                };
                return Err(AppError::invalid(
                    field.clone(),
                    format!("{field}: must not contain a NUL character"),
                ));
            }
            Ok(JsonBody {
                value,
                request_hash: request_hash(&req, canonical(&tree).as_bytes()),
            })
        })
    }
}

fn too_large() -> AppError {
    AppError::TooLarge(format!(
        "the body is larger than {} KiB; split the request",
        BODY_LIMIT / 1024
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Line {
        quantity: u32,
    }
    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        lines: Vec<Line>,
    }

    #[test]
    fn canonical_form_ignores_white_space_and_key_order_only() {
        let a: serde_json::Value =
            serde_json::from_str(r#"{"b":[1,{"y":2,"x":"é"}],"a":null}"#).unwrap();
        let b: serde_json::Value =
            serde_json::from_str("{ \"a\" : null,\n \"b\": [ 1, {\"x\":\"\\u00e9\", \"y\":2} ] }")
                .unwrap();
        let c: serde_json::Value =
            serde_json::from_str(r#"{"b":[{"y":2,"x":"é"},1],"a":null}"#).unwrap();
        assert_eq!(canonical(&a), canonical(&b));
        assert_ne!(canonical(&a), canonical(&c), "array order is meaning");
    }

    #[test]
    fn finds_a_nul_anywhere() {
        let v: serde_json::Value =
            serde_json::from_str(r#"{"lines":[{"category":"a\u0000"}],"ok":"x"}"#).unwrap();
        assert_eq!(nul_path(&v, "").as_deref(), Some("lines[0].category"));
        let v: serde_json::Value = serde_json::from_str(r#"{"k\u0000":1}"#).unwrap();
        assert_eq!(nul_path(&v, "").as_deref(), Some("k\u{0}"));
    }

    #[test]
    fn malformed_is_400_and_wrong_shape_names_the_field() {
        assert!(matches!(
            parse_json::<Body>(b"{"),
            Err(AppError::BadJson(_))
        ));
        assert!(matches!(
            parse_json::<Body>(br#"{"lines":[]} x"#),
            Err(AppError::BadJson(_))
        ));
        match parse_json::<Body>(br#"{"lines":[{"quantity":-1}]}"#) {
            Err(AppError::Invalid { details, .. }) => {
                assert_eq!(details[0].field, "lines[0].quantity")
            }
            other => panic!("expected 422, got {other:?}"),
        }
        match parse_json::<Body>(br#"{"lines":[], "name":"x"}"#) {
            Err(AppError::Invalid { message, .. }) => {
                assert!(message.contains("unknown field `name`"))
            }
            other => panic!("expected 422, got {other:?}"),
        }
    }
}
