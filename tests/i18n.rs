//! Languages (issue 13): every message file parses; every id the code uses is in every
//! language and every id in the files is used; the language is chosen as promised
//! (setting, cookie, Accept-Language) with `<html lang dir>`; and the converted pages,
//! rendered in the pseudo-locale `en-XA`, show no text that did not come through Fluent.
//!
//! To add a converted page to the pseudo-locale check, add its path to `CONVERTED`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{cookie_client, page_text, TestApp};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::Value;

/// Pages whose every visible word goes through Fluent. Grow this list as pages are
/// converted; the check runs each one for every role that may open it.
const CONVERTED: &[&str] = &[
    "/",
    "/login",
    "/report",
    "/needs",
    "/collect",
    "/reports",
    "/no-such-page",
    "/queue",
    "/intake",
    "/handouts",
    "/history",
    "/history?kind=movements",
    "/history?kind=corrections",
    "/history/intake/1",
    "/safety",
    "/b",
    "/b/ZZZZZZ",
    "/labels",
    // Van runs (the demo season's run is #1, to oak and heron, in planning).
    "/runs",
    "/runs/1",
    "/runs/1/sheet",
    "/runs/1/stops/oak",
    "/triage",
    "/transfer",
    "/stocktake",
    "/writeoff",
    "/stock",
    "/priorities",
    "/partners",
    "/partners/offer",
    "/partners/import",
    "/admin",
    "/admin/volunteers",
    "/admin/vans",
    "/admin/vans/transit",
    "/admin/places",
    "/admin/places/oak",
    "/admin/categories",
    "/admin/categories/tent-2p",
];

const LANGS: [&str; 3] = ["en", "fr", "ar"];

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Ids (kebab-case, with a hyphen) written `t!("id"`, `.t("id"` or `Msg("id"` under src/.
fn ids_in_code() -> BTreeSet<String> {
    let mut files = Vec::new();
    source_files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut files,
    );
    let mut ids = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read source");
        // `cargo fmt` may break the call after its parenthesis: white space is allowed.
        for marker in ["t!(", ".t(", "Msg("] {
            for piece in text.split(marker).skip(1) {
                let Some(quoted) = piece.trim_start().strip_prefix('"') else {
                    continue;
                };
                if let Some(id) = quoted.split('"').next() {
                    let is_id = id.contains('-')
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                    if is_id {
                        ids.insert(id.to_string());
                    }
                }
            }
        }
    }
    ids
}

#[test]
fn every_message_file_parses() {
    let problems = haul::i18n::bundles::problems();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_id_is_in_every_language_and_every_message_is_used() {
    let used = ids_in_code();
    assert!(used.len() > 100, "the scan found only {} ids", used.len());
    let mut problems = Vec::new();
    for lang in LANGS {
        let defined: Vec<String> = haul::i18n::bundles::ids(lang);
        let set: BTreeSet<String> = defined.iter().cloned().collect();
        if set.len() != defined.len() {
            problems.push(format!("{lang}: an id is defined twice"));
        }
        for id in used.difference(&set) {
            problems.push(format!("{lang}: missing {id}"));
        }
        for id in set.difference(&used) {
            problems.push(format!("{lang}: {id} is never used"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Every file of every language exists for every area (one file per language per area).
#[test]
fn each_area_has_a_file_in_each_language() {
    let areas = |lang: &str| -> BTreeSet<&str> {
        haul::i18n::bundles::FILES
            .iter()
            .filter(|(l, _, _)| *l == lang)
            .map(|(_, a, _)| *a)
            .collect()
    };
    for lang in ["fr", "ar"] {
        assert_eq!(areas(lang), areas("en"), "{lang}");
    }
}

/// Visible text: text nodes outside `<script>`/`<style>`, and the `aria-label`,
/// `placeholder` and `title` attributes a reader hears or sees.
fn visible_texts(html: &str) -> Vec<String> {
    let decode = |s: &str| {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    };
    let mut out = Vec::new();
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        if skip_until.is_none() && !text.trim().is_empty() {
            out.push(decode(text.trim()));
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(end) = skip_until {
            if tag.starts_with('/') && name == end {
                skip_until = None;
            }
        } else if (name == "script" || name == "style") && !tag.starts_with('/') {
            skip_until = Some(if name == "script" { "script" } else { "style" });
        }
        for attr in ["aria-label=\"", "placeholder=\"", " title=\""] {
            for v in tag.split(attr).skip(1) {
                if let Some(value) = v.split('"').next() {
                    out.push(decode(value));
                }
            }
        }
        rest = &rest[open + close + 1..];
    }
    if !rest.trim().is_empty() {
        out.push(decode(rest.trim()));
    }
    out
}

/// Once the season's data (names, handles, sources) is taken out, a pseudo-localised
/// text has no plain ASCII letter left.
fn hard_coded<'a>(texts: &'a [String], data: &[String]) -> Vec<&'a str> {
    texts
        .iter()
        .filter(|t| {
            let mut left = t.to_string();
            for d in data {
                left = left.replace(d.as_str(), " ");
            }
            // A message's text is all accented: a plain letter left is hard-coded.
            left.chars().any(|c| c.is_ascii_alphabetic())
        })
        .map(String::as_str)
        .collect()
}

fn strings_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.chars().count() >= 2 => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings_in(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings_in(x, out)),
        _ => {}
    }
}

/// The season's own words (place, category and season names, handles, the statement,
/// sources): data, not interface, so not translated by Fluent.
async fn season_data(app: &TestApp, handles: &[String]) -> Vec<String> {
    let mut data: Vec<String> = handles.to_vec();
    for path in [
        "/api/v1/locations",
        "/api/v1/categories",
        "/api/v1/priorities",
        "/api/v1/needs",
        "/api/v1/reports/summary",
        // Our collective's key and fingerprint: hex digits to compare aloud, not words.
        "/api/v1/partners/key",
    ] {
        let (s, body) = app.get(path).await;
        assert_eq!(s, StatusCode::OK, "{path}: {body}");
        strings_in(&body, &mut data);
    }
    // A source stored as a code is shown as words ("reading-2026" → "Reading 2026").
    let sources: Vec<String> = data
        .iter()
        .map(|d| haul::history::pages::source_words(d))
        .collect();
    data.extend(sources);
    // Language names are written in their own language on purpose; "JSON" and "CSV"
    // are formats; "Haul" is the name.
    data.extend(
        ["English", "Français", "JSON", "CSV", "Haul"]
            .iter()
            .map(|s| s.to_string()),
    );
    data.sort_by_key(|d| std::cmp::Reverse(d.chars().count()));
    data.dedup();
    data
}

/// A browser-like client with `lang` chosen, logged in as `handle` (or nobody).
async fn client_in(app: &TestApp, lang: &str, handle: Option<&str>) -> reqwest::Client {
    let (jar, client) = cookie_client();
    let url: reqwest::Url = app.url("/").parse().expect("url");
    jar.add_cookie_str(&format!("haul_lang={lang}; Path=/"), &url);
    if let Some(h) = handle {
        let r = app.page_login(&client, h, "/").await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "log in {h}");
    }
    client
}

async fn pseudo_locale_leaves_no_hard_coded_text(app: TestApp) {
    app.demo_season_with_a_run().await;
    let mut handles = vec![common::COORDINATOR_HANDLE.to_string()];
    let mut who: Vec<(Option<String>, &str)> = vec![(None, "nobody")];
    for role in Role::ALL {
        let handle = format!("pseudo-{}", role.as_str());
        if role != Role::Coordinator {
            app.add_user_and_login(&handle, role).await;
        }
        let handle = if role == Role::Coordinator {
            common::COORDINATOR_HANDLE.to_string()
        } else {
            handle
        };
        handles.push(handle.clone());
        who.push((Some(handle), role.as_str()));
    }
    let data = season_data(&app, &handles).await;
    let mut problems = Vec::new();
    let mut checked = 0;
    for (handle, role) in &who {
        let client = client_in(&app, "en-XA", handle.as_deref()).await;
        // The day's runs page, on the day the demo season's run leaves (today).
        let day = format!("/runs/day/{}", chrono::Utc::now().date_naive());
        for path in CONVERTED.iter().copied().chain([day.as_str()]) {
            let resp = client.get(app.url(path)).send().await.expect("GET page");
            let status = resp.status();
            let html = resp.text().await.expect("page text");
            if !(status.is_success() || status == StatusCode::NOT_FOUND) {
                continue; // not this role's page (the refusal page is checked elsewhere)
            }
            assert!(html.contains("lang=\"en-XA\""), "{role} {path}: {html}");
            checked += 1;
            for t in hard_coded(&visible_texts(&html), &data) {
                problems.push(format!("{role} {path}: {t:?}"));
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(checked >= 20, "only {checked} pages were checked");
    assert!(
        problems.is_empty(),
        "text not from Fluent ({}):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

async fn language_follows_setting_cookie_and_browser(app: TestApp) {
    // The browser's language, when nothing else is chosen.
    let (_jar, plain) = cookie_client();
    for (header, lang, dir) in [
        ("fr-FR,fr;q=0.9,en;q=0.5", "fr", "ltr"),
        ("ar-SY", "ar", "rtl"),
        ("de-DE", "en", "ltr"),
    ] {
        let html = plain
            .get(app.url("/report"))
            .header("Accept-Language", header)
            .send()
            .await
            .expect("GET")
            .text()
            .await
            .expect("text");
        assert!(
            html.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\"")),
            "{header}: {}",
            &html[..200.min(html.len())]
        );
    }
    // The switch: a plain link that sets a cookie and comes back.
    let (_jar, client) = cookie_client();
    let r = client
        .get(app.url("/lang/ar?next=/report%3Ffrom%3D2026-01-01"))
        .send()
        .await
        .expect("switch");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/report?from=2026-01-01");
    let html = page_text(&client, &app.url("/report")).await;
    assert!(html.contains("dir=\"rtl\""), "the cookie is kept");
    assert!(html.contains("href=\"/lang/fr?next=/report\""), "{html}");
    // Only a path on this site is followed.
    let r = client
        .get(app.url("/lang/fr?next=//evil.example"))
        .send()
        .await
        .expect("switch");
    assert_eq!(r.headers()["location"], "/");
    let r = client
        .get(app.url("/lang/xx"))
        .send()
        .await
        .expect("switch");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A volunteer's choice is their setting: it follows them to another phone.
    app.add_user_and_login("amal", Role::Distributor).await;
    let (_jar, phone) = cookie_client();
    app.page_login(&phone, "amal", "/").await;
    let r = phone
        .get(app.url("/lang/ar?next=/needs"))
        .send()
        .await
        .expect("switch");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_jar, other_phone) = cookie_client();
    let r = app.page_login(&other_phone, "amal", "/").await;
    let cookies: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("haul_lang=ar")),
        "{cookies:?}"
    );
    let html = page_text(&other_phone, &app.url("/needs")).await;
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\""));
    assert!(html.contains("الاحتياجات"), "the needs page in Arabic");
    // Numbers are written the French way in French.
    let (_jar, fr) = cookie_client();
    let html = fr
        .get(app.url("/report"))
        .header("Accept-Language", "fr")
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("text");
    assert!(
        html.contains("Ce que nous avons sauvé et partagé"),
        "{html}"
    );
}

#[test]
fn visible_texts_reads_nodes_and_spoken_attributes() {
    let t = visible_texts(
        "<p>Hi <b>there</b></p><style>a{}</style><input placeholder=\"Oak &amp; Ash\"><script>x</script>",
    );
    assert_eq!(t, vec!["Hi", "there", "Oak & Ash"]);
    let data = vec!["Oak".to_string()];
    assert!(hard_coded(&["⟦Ŝáṽé·⟧ Oak".to_string()], &data).is_empty());
    assert_eq!(hard_coded(&["up to 3".to_string()], &data).len(), 1);
}

on_both_backends!(
    pseudo_locale_leaves_no_hard_coded_text,
    language_follows_setting_cookie_and_browser,
);
