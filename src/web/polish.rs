//! What every page gets around its content: the favicon, and no caching of pages that
//! show live stock, needs or runs.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE};
use actix_web::middleware::Next;
use actix_web::HttpResponse;

use crate::i18n::format::{clause_separator, list_separator};

/// A 16 × 16 icon: a green square with a white "H". Small enough to live in the binary.
pub const FAVICON_ICO: &[u8] = include_bytes!("favicon.ico");
/// The same icon for browsers that take SVG (sharper on high-density screens).
pub const FAVICON_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="1" y="1" width="14" height="14" rx="2" fill="#1d5d3a"/><path d="M4 4h2v3h4V4h2v8h-2V9H6v3H4z" fill="#fff"/></svg>"##;

pub async fn favicon_ico() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/x-icon")
        .insert_header(("Cache-Control", "public, max-age=604800"))
        .body(FAVICON_ICO)
}

pub async fn favicon_svg() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "public, max-age=604800"))
        .body(FAVICON_SVG)
}

/// Page paths whose content is live stock, needs or runs (the run pages included).
/// A cached copy would show a volunteer goods that have already gone, so the browser
/// and any proxy must ask again each time, also on Back.
pub const LIVE_PAGES: &[&str] = &[
    "/",
    "/stock",
    "/needs",
    "/collect",
    "/handouts",
    "/runs",
    "/reports",
    "/report",
    "/intake",
];

/// True for a page path (not the API) under one of `LIVE_PAGES`.
pub fn is_live_page(path: &str) -> bool {
    LIVE_PAGES.iter().any(|p| {
        if *p == "/" {
            path == "/"
        } else {
            path == *p
                || path
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with('/'))
        }
    })
}

/// Middleware: `Cache-Control: no-store` on live pages (HTML answers only, so a CSV or
/// a static file keeps its own caching), unless the handler chose otherwise.
pub async fn no_store(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let live = is_live_page(req.path());
    let mut res = next.call(req).await?;
    let html = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if live && html && !res.headers().contains_key(CACHE_CONTROL) {
        res.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// Lines of a change in words, for the message after saving it, grouped by category
/// in the order first met: `(name, condition or "", quantity)` →
/// "Tent (2 person): 8 good, 4 needs-drying; Sleeping bag: 30 good", with the
/// language's separators.
pub fn lines_in_words(lines: &[(String, String, i64)]) -> String {
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for (name, condition, quantity) in lines {
        let part = if condition.is_empty() {
            quantity.to_string()
        } else {
            format!("{quantity} {condition}")
        };
        match groups.iter_mut().find(|(n, _)| n == name) {
            Some((_, parts)) => parts.push(part),
            None => groups.push((name, vec![part])),
        }
    }
    groups
        .iter()
        .map(|(name, parts)| {
            format!(
                "{name}{}{}",
                crate::i18n::format::label_separator(),
                parts.join(list_separator())
            )
        })
        .collect::<Vec<_>>()
        .join(clause_separator())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_pages_by_path() {
        for p in [
            "/",
            "/stock",
            "/needs",
            "/runs",
            "/runs/12",
            "/handouts",
            "/report",
        ] {
            assert!(is_live_page(p), "{p}");
        }
        for p in [
            "/static/haul.css",
            "/favicon.ico",
            "/login",
            "/stockings",
            "/api/v1/stock",
        ] {
            assert!(!is_live_page(p), "{p}");
        }
    }

    #[test]
    fn lines_read_as_words_grouped_by_category() {
        let l = |n: &str, c: &str, q: i64| (n.to_string(), c.to_string(), q);
        assert_eq!(
            lines_in_words(&[
                l("Tent (2 person)", "good", 8),
                l("Sleeping bag", "good", 30),
                l("Tent (2 person)", "needs-drying", 4),
            ]),
            "Tent (2 person): 8 good, 4 needs-drying; Sleeping bag: 30 good"
        );
        assert_eq!(lines_in_words(&[l("Blanket", "", 3)]), "Blanket: 3");
        assert_eq!(lines_in_words(&[]), "");
        crate::i18n::Lang::Fr.sync_scope(|| {
            assert_eq!(
                lines_in_words(&[l("Couverture", "", 4), l("Sac de couchage", "", 2)]),
                "Couverture\u{a0}: 4\u{a0}; Sac de couchage\u{a0}: 2"
            );
        });
    }

    #[test]
    fn favicon_is_an_icon() {
        // ICO header: reserved 0, type 1 (icon), one image.
        assert_eq!(&FAVICON_ICO[..6], &[0, 0, 1, 0, 1, 0]);
        assert!(FAVICON_SVG.starts_with("<svg"));
    }
}
