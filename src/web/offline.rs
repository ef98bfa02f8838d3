//! Offline intake and hand-outs (issue 14): the one script, the service worker, the
//! web app manifest and icons, and the queue page the script fills from the phone's
//! IndexedDB. Everything is a file in the repo served as it is: no build step, nothing
//! inline, so the strict Content-Security-Policy stays. The words the script shows are
//! rendered through Fluent onto its `<script>` tag (`script_tag`), so the phone speaks
//! the volunteer's language, offline too.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

use crate::auth::Actor;
use crate::t;
use crate::web::{layout, page};

pub const SCRIPT: &str = include_str!("offline/haul.js");
pub const WORKER: &str = include_str!("offline/sw.js");
pub const MANIFEST: &str = include_str!("offline/manifest.webmanifest");
pub const ICON: &str = include_str!("offline/icon.svg");
/// Home-screen icons for phones that take no SVG, made once from `icon.svg` (Chromium's
/// screenshot of it at 192 and 512 px) and kept in the repo.
pub const ICON_192: &[u8] = include_bytes!("offline/icon-192.png");
pub const ICON_512: &[u8] = include_bytes!("offline/icon-512.png");

/// Where the pages load the script from (the layout's `<script src defer>`); the
/// route below spells it out, for the route scan in tests/access.rs.
pub const SCRIPT_PATH: &str = "/static/haul.js";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/haul.js", web::get().to(script))
        .route("/sw.js", web::get().to(worker))
        .route("/manifest.webmanifest", web::get().to(manifest))
        .route("/static/icon.svg", web::get().to(icon))
        .route("/static/icon-192.png", web::get().to(icon_192))
        .route("/static/icon-512.png", web::get().to(icon_512))
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

fn png(bytes: &'static [u8]) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/png")
        .insert_header(("Cache-Control", "public, max-age=86400"))
        .body(bytes)
}

async fn icon_192() -> HttpResponse {
    png(ICON_192)
}

async fn icon_512() -> HttpResponse {
    png(ICON_512)
}

/// The layout's `<script>` tag, carrying every word the script and the worker show, in
/// the request's language. Counts, names and times are filled in on the phone where
/// a message has `%n` (a count), `%h` (a handle), `%t` (a time), `%s`, `%p`, `%d`,
/// `%l`, `%m` (source or summary, place, day, lines, the server's message). Messages
/// with a count are worded so that no plural form is needed ("Needs attention: 2").
pub fn script_tag() -> Markup {
    html! {
        script src=(SCRIPT_PATH) defer
            data-saved=(t!("offline-js-saved", n = "%n"))
            data-waiting=(t!("offline-js-waiting", n = "%n"))
            data-attention=(t!("offline-js-attention", n = "%n"))
            data-ended=(t!("offline-js-ended"))
            data-see=(t!("offline-js-see"))
            data-refused=(t!("offline-js-refused", n = "%n"))
            data-unconfirmed=(t!("offline-js-unconfirmed"))
            data-email=(t!("offline-js-email"))
            data-phone=(t!("offline-js-phone"))
            data-intake=(t!("offline-js-intake", place = "%p", source = "%s", date = "%d", lines = "%l"))
            data-handout=(t!("offline-js-handout", place = "%p", date = "%d", lines = "%l"))
            data-sep=(crate::i18n::format::list_separator())
            data-items=(t!("offline-js-items"))
            data-asked=(t!("offline-js-asked"))
            data-empty=(t!("offline-js-empty"))
            data-when=(t!("offline-js-when", time = "%t", handle = "%h"))
            data-discard=(t!("offline-js-discard"))
            data-sure=(t!("offline-js-sure"))
            data-send=(t!("offline-js-send"))
            data-again=(t!("offline-js-again"))
            data-edit=(t!("offline-js-edit"))
            data-editing=(t!("offline-js-editing", summary = "%s", message = "%m"))
            data-back=(t!("offline-js-back"))
            data-gone=(t!("offline-js-gone"))
            data-login=(t!("offline-js-login"))
            data-device=(t!("offline-js-device"))
            data-clear=(t!("offline-js-clear"))
            data-wipe=(t!("offline-js-wipe"))
            data-cleared=(t!("offline-js-cleared"))
            data-unsent=(t!("offline-js-unsent", n = "%n", handle = "%h"))
            data-first=(t!("offline-js-first"))
            data-anyway=(t!("offline-js-anyway"))
            data-asof=(t!("offline-js-as-of", time = "%t")) {}
    }
}

/// The queue lives on the phone: the server only gives the page its frame, and says
/// what it needs when the script cannot run.
async fn queue_page(actor: Actor) -> HttpResponse {
    let title = t!("offline-queue-title");
    let body = html! {
        h1 { (title) }
        div #queue {
            p.muted #queue-nojs { (t!("offline-queue-nojs")) }
        }
    };
    page(StatusCode::OK, layout(Some(&actor), &title, None, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14: the script and the worker together stay small enough for a phone on
    /// a poor connection (the words they show come with the page).
    #[test]
    fn the_script_and_the_worker_fit_in_20_kb() {
        let total = SCRIPT.len() + WORKER.len();
        assert!(total <= 20 * 1024, "the script and the worker are {total} bytes");
    }

    /// Every word the script reads (`w('key')`) is on its tag, in every language; a
    /// key without a word would show the bare key on the phone.
    #[test]
    fn every_word_the_script_shows_is_on_its_tag() {
        for lang in crate::i18n::Lang::ALL {
            let tag = lang.sync_scope(|| script_tag().into_string());
            for piece in SCRIPT.split("w('").skip(1) {
                let key = piece.split('\'').next().unwrap_or_default();
                assert!(
                    tag.contains(&format!("data-{key}=\"")),
                    "{lang:?}: no data-{key} on the script tag"
                );
            }
            for key in [
                "discard", "sure", "send", "edit", "again", "clear", "wipe", "first", "anyway",
                "intake", "handout",
            ] {
                assert!(tag.contains(&format!("data-{key}=\"")), "{lang:?}: {key}");
            }
            assert!(tag.contains("data-asof=\"") && WORKER.contains("data-asof"));
        }
    }

    #[test]
    fn the_icons_are_pngs_of_their_size() {
        for (png, size) in [(ICON_192, 192u32), (ICON_512, 512)] {
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
            let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
            let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
            assert_eq!((width, height), (size, size));
            assert!(MANIFEST.contains(&format!("/static/icon-{size}.png")));
        }
    }

    #[test]
    fn the_worker_is_versioned_by_the_build() {
        assert!(WORKER.contains("__VERSION__"));
        assert!(version().starts_with(env!("CARGO_PKG_VERSION")));
        assert!(!version().contains(' '));
    }
}
