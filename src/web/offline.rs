//! Offline intake and hand-outs (issue 14): the one script, the service worker, the
//! web app manifest and icon, and the queue page the script fills from the phone's
//! IndexedDB. Everything is a file in the repo served as it is: no build step, nothing
//! inline, so the strict Content-Security-Policy stays.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::html;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

use crate::auth::Actor;
use crate::web::{layout, page};

pub const SCRIPT: &str = include_str!("offline/haul.js");
pub const WORKER: &str = include_str!("offline/sw.js");
pub const MANIFEST: &str = include_str!("offline/manifest.webmanifest");
pub const ICON: &str = include_str!("offline/icon.svg");

/// Where the pages load the script from (the layout's `<script src defer>`); the
/// route below spells it out, for the route scan in tests/access.rs.
pub const SCRIPT_PATH: &str = "/static/haul.js";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/haul.js", web::get().to(script))
        .route("/sw.js", web::get().to(worker))
        .route("/manifest.webmanifest", web::get().to(manifest))
        .route("/static/icon.svg", web::get().to(icon))
        .route("/queue", web::get().to(queue_page));
}

/// The build's cache version: the crate version and a hash of every file the phone
/// keeps, so a deploy that changes any of them replaces the phone's caches.
pub fn version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let mut h = Sha256::new();
        for part in [SCRIPT, WORKER, MANIFEST, ICON, crate::web::STYLESHEET] {
            h.update(part.as_bytes());
        }
        let hash = hex::encode(h.finalize());
        format!("{}-{}", env!("CARGO_PKG_VERSION"), &hash[..12])
    })
}

fn asset(content_type: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        // The worker keeps its own versioned copies; the browser must always ask, so a
        // deploy is seen on the next page load.
        .insert_header(("Cache-Control", "no-cache"))
        .body(body)
}

async fn script() -> HttpResponse {
    asset("text/javascript; charset=utf-8", SCRIPT.to_string())
}

async fn worker() -> HttpResponse {
    asset(
        "text/javascript; charset=utf-8",
        WORKER.replace("__VERSION__", version()),
    )
}

async fn manifest() -> HttpResponse {
    asset("application/manifest+json", MANIFEST.to_string())
}

async fn icon() -> HttpResponse {
    asset("image/svg+xml", ICON.to_string())
}

/// The queue lives on the phone: the server only gives the page its frame, and says
/// what it needs when the script cannot run.
async fn queue_page(actor: Actor) -> HttpResponse {
    let body = html! {
        h1 { "Waiting to send" }
        div #queue {
            p.muted #queue-nojs {
                "Entries saved on this phone without a connection are listed here. "
                "This page needs JavaScript: with it off, every save goes straight to the server."
            }
        }
    };
    page(
        StatusCode::OK,
        layout(Some(&actor), "Waiting to send", None, body),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14: the script, the worker, the manifest and the icon stay small enough
    /// for a phone on a poor connection.
    #[test]
    fn offline_files_fit_in_20_kb() {
        let total = SCRIPT.len() + WORKER.len() + MANIFEST.len() + ICON.len();
        assert!(total <= 20 * 1024, "offline files are {total} bytes");
    }

    #[test]
    fn the_worker_is_versioned_by_the_build() {
        assert!(WORKER.contains("__VERSION__"));
        assert!(version().starts_with(env!("CARGO_PKG_VERSION")));
        assert!(!version().contains(' '));
    }
}
