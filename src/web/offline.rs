//! Offline intake and hand-outs (issue 14): the one script, the service worker, the
//! web app manifest and icons, and the queue page the script fills from the phone's
//! IndexedDB. Everything is a file in the repo served as it is: no build step, nothing
//! inline, so the strict Content-Security-Policy stays. The words the script shows are
//! rendered through Fluent onto its `<script>` tag (`script_tag`), so the phone speaks
//! the volunteer's language, offline too.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup, PreEscaped};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

use crate::auth::Actor;
use crate::i18n::Msg;
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

/// Words with nothing to fill in: (`data-` attribute on the script tag, message).
const WORDS: &[(&str, Msg)] = &[
    ("ended", Msg("offline-js-ended")),
    ("see", Msg("offline-js-see")),
    ("unconfirmed", Msg("offline-js-unconfirmed")),
    ("email", Msg("offline-js-email")),
    ("phone", Msg("offline-js-phone")),
    ("items", Msg("offline-js-items")),
    ("asked", Msg("offline-js-asked")),
    ("empty", Msg("offline-js-empty")),
    ("discard", Msg("offline-js-discard")),
    ("sure", Msg("offline-js-sure")),
    ("send", Msg("offline-js-send")),
    ("again", Msg("offline-js-again")),
    ("edit", Msg("offline-js-edit")),
    ("back", Msg("offline-js-back")),
    ("gone", Msg("offline-js-gone")),
    ("login", Msg("offline-js-login")),
    ("device", Msg("offline-js-device")),
    ("clear", Msg("offline-js-clear")),
    ("wipe", Msg("offline-js-wipe")),
    ("cleared", Msg("offline-js-cleared")),
    ("first", Msg("offline-js-first")),
    ("anyway", Msg("offline-js-anyway")),
];

/// The layout's `<script>` tag, carrying every word the script and the worker show, in
/// the request's language, as `data-` attributes. Counts, names and times are filled
/// in on the phone where a message has `%n` (a count), `%h` (a handle), `%t` (a time),
/// `%s`, `%p`, `%d`, `%l`, `%m` (source or summary, place, day, lines, the server's
/// message). Messages with a count are worded so that no plural form is needed
/// ("Needs attention: 2").
pub fn script_tag() -> Markup {
    let filled = [
        ("saved", t!("offline-js-saved", n = "%n")),
        ("waiting", t!("offline-js-waiting", n = "%n")),
        ("attention", t!("offline-js-attention", n = "%n")),
        ("refused", t!("offline-js-refused", n = "%n")),
        (
            "intake",
            t!(
                "offline-js-intake",
                place = "%p",
                source = "%s",
                date = "%d",
                lines = "%l"
            ),
        ),
        (
            "handout",
            t!(
                "offline-js-handout",
                place = "%p",
                date = "%d",
                lines = "%l"
            ),
        ),
        ("when", t!("offline-js-when", time = "%t", handle = "%h")),
        (
            "editing",
            t!("offline-js-editing", summary = "%s", message = "%m"),
        ),
        ("unsent", t!("offline-js-unsent", n = "%n", handle = "%h")),
        ("asof", t!("offline-js-as-of", time = "%t")),
        ("fix", t!("offline-js-fix", n = "%n")),
        ("sep", crate::i18n::format::list_separator().to_string()),
    ];
    let mut tag = format!("<script src=\"{SCRIPT_PATH}\" defer");
    for (name, words) in WORDS.iter().map(|(n, m)| (*n, m.get())).chain(filled) {
        // maud escapes the words as it would any attribute value.
        tag.push_str(&format!(
            " data-{name}=\"{}\"",
            html! { (words) }.into_string()
        ));
    }
    tag.push_str("></script>");
    PreEscaped(tag)
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
        assert!(
            // 20 KB read strictly, as a thousand bytes each.
            total <= 20_000,
            "the script and the worker are {total} bytes"
        );
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
