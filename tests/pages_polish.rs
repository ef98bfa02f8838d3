//! Page polish and feedback (issue 9) over HTTP, on both backends: gzip only when asked,
//! the favicon, `Cache-Control: no-store` on live pages, messages that name what
//! changed, the intake form's several conditions per category, errors beside their
//! field with nothing saved; and the bytes every page sends on the demo season.

mod common;

use std::collections::BTreeMap;

use common::{cookie_client, form_action, page_text, TestApp};
use reqwest::StatusCode;
use serde_json::json;

/// GET with the test's token; `gzip` asks for a compressed answer. Answers the status,
/// the headers, and the body bytes as they came over the wire.
async fn fetch(
    app: &TestApp,
    path: &str,
    gzip: bool,
) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
    let mut rb = app.client.get(app.url(path));
    if let Some(t) = &app.token {
        rb = rb.bearer_auth(t);
    }
    if gzip {
        rb = rb.header("Accept-Encoding", "gzip");
    }
    let resp = rb.send().await.expect("GET");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.bytes().await.expect("body").to_vec();
    (status, headers, body)
}

fn header<'h>(h: &'h reqwest::header::HeaderMap, name: &str) -> &'h str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// A place whose name is not its slug, so a message that names it can be told from
/// one that shows the code.
async fn named_place(app: &TestApp, slug: &str, name: &str, kind: &str) {
    let (s, body) = app
        .post(
            "/api/v1/locations",
            &json!({"slug": slug, "name": name, "kind": kind}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
}

async fn north_unit(app: &TestApp) {
    named_place(app, "unit-north", "North unit", "warehouse").await;
}

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

async fn gzip_only_when_asked(app: TestApp) {
    for path in ["/stock", "/needs", "/static/haul.css", "/report"] {
        let (s, h, zipped) = fetch(&app, path, true).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert_eq!(header(&h, "content-encoding"), "gzip", "{path}");
        assert!(zipped.starts_with(&[0x1f, 0x8b]), "{path}: a gzip stream");
        let (s, h, plain) = fetch(&app, path, false).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert_eq!(
            header(&h, "content-encoding"),
            "",
            "{path}: plain when not asked"
        );
        assert!(
            zipped.len() < plain.len(),
            "{path}: {} zipped, {} plain",
            zipped.len(),
            plain.len()
        );
    }
}

async fn favicon_is_served_to_anyone(app: TestApp) {
    for (path, kind) in [
        ("/favicon.ico", "image/x-icon"),
        ("/favicon.svg", "image/svg+xml"),
    ] {
        let resp = app.plain.get(app.url(path)).send().await.expect("GET");
        assert_eq!(resp.status(), StatusCode::OK, "{path} without logging in");
        assert_eq!(header(resp.headers(), "content-type"), kind);
        assert!(!resp.bytes().await.expect("icon").is_empty());
    }
    let (_, page) = app.get_text("/stock").await;
    assert!(page.contains("rel=\"icon\" href=\"/favicon.svg\""));
}

async fn live_pages_are_never_cached(app: TestApp) {
    let (s, van) = app
        .post(
            "/api/v1/vans",
            &json!({"slug": "transit", "name": "Transit", "capacity_l": 9000, "payload_kg": 1100}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{van}");
    let (s, run) = app
        .post(
            "/api/v1/runs",
            &json!({"van": "transit", "origin": "unit-south", "stops": ["oak"], "departs_on": today()}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{run}");
    let run = format!("/runs/{}", run["id"]);
    for path in [
        "/",
        "/stock",
        "/needs",
        "/runs",
        run.as_str(),
        "/handouts?site=oak",
        "/collect",
        "/intake",
        "/reports",
    ] {
        let (s, h, _) = fetch(&app, path, true).await;
        // The collect list may have nothing to say without the demo's needs.
        assert!(s == StatusCode::OK || path == "/collect", "{path}: {s}");
        assert_eq!(header(&h, "cache-control"), "no-store", "{path}");
    }
    // A page that does not exist, and the stylesheet, keep their own caching.
    let (_, h, _) = fetch(&app, "/static/haul.css", false).await;
    assert!(header(&h, "cache-control").starts_with("public"));
    let (_, h, _) = fetch(&app, "/favicon.ico", false).await;
    assert!(header(&h, "cache-control").starts_with("public"));
}

/// Ledger entries of one intake, as (category, condition, quantity), sorted.
async fn intake_lines(app: &TestApp, id: i64) -> Vec<(String, String, i64)> {
    let (s, body) = app
        .get(&format!("/api/v1/ledger?cause=intake&cause_id={id}"))
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let mut lines: Vec<(String, String, i64)> = body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            assert_eq!(e["location"], "unit-north");
            (
                e["category"].as_str().unwrap_or_default().to_string(),
                e["condition"].as_str().unwrap_or_default().to_string(),
                e["quantity"].as_i64().unwrap_or_default(),
            )
        })
        .collect();
    lines.sort();
    lines
}

fn form_key(html: &str) -> String {
    let i = html.find("name=\"form_key\" value=\"").expect("form key") + 23;
    html[i..i + html[i..].find('"').expect("end of key")].to_string()
}

async fn intake_with_several_conditions_names_what_came_in(app: TestApp) {
    north_unit(&app).await;
    let (s, form) = app.get_text("/intake").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        form.contains("id=\"q-tent-2p-needs-drying\""),
        "a box per condition"
    );
    let key = form_key(&form);
    let day = today();
    let fields = [
        ("form_key", key.as_str()),
        ("source", "glastonbury-2026"),
        ("warehouse", "unit-north"),
        ("received_on", day.as_str()),
        ("q.tent-2p.good", "8"),
        ("q.tent-2p.needs-drying", "4"),
        ("q.tent-2p.usable", ""),
        ("q.sleeping-bag.good", "30"),
        ("q.bike.needs-repair", "5"),
        ("note", ""),
    ];
    let (s, location, _) = app.post_form("/intake", &fields).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let location = location.expect("to the stock page");
    assert!(
        location.starts_with("/stock?location=unit-north&intake="),
        "{location}"
    );
    let id: i64 = location
        .rsplit('=')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("the intake's id");
    assert_eq!(
        intake_lines(&app, id).await,
        vec![
            ("bike".into(), "needs-repair".into(), 5),
            ("sleeping-bag".into(), "good".into(), 30),
            ("tent-2p".into(), "good".into(), 8),
            ("tent-2p".into(), "needs-drying".into(), 4),
        ]
    );
    let (_, stock) = app.get_text(&location).await;
    // In the form's order: nothing was collected here before, so by name.
    assert!(
        stock.contains("Logged 47 items from glastonbury-2026 at North unit: Bicycle: 5 Needs repair; Sleeping bag: 30 Good; Tent (2 person): 8 Good, 4 Needs drying."),
        "the message names what came in: {}",
        stock.split("flash").nth(1).unwrap_or_default()
    );
    assert!(
        stock.contains("<h2>North unit "),
        "stock grouped under the name"
    );
    // In Arabic the message's lists take the Arabic semicolon and comma.
    let resp = app
        .client
        .get(app.url(&location))
        .bearer_auth(app.token.clone().unwrap_or_default())
        .header("Accept-Language", "ar")
        .send()
        .await
        .expect("GET");
    let ar = resp.text().await.unwrap_or_default();
    let flash = ar.split("flash ok").nth(1).unwrap_or_default();
    let flash = flash.split(['>', '<']).nth(1).unwrap_or_default();
    assert!(
        flash.contains("؛ ") && flash.contains("، ") && !flash.contains("; "),
        "{flash}"
    );
    // The same form sent again (a double tap) saves once.
    let (s, _, _) = app.post_form("/intake", &fields).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(app.stock_of("unit-north", "tent-2p", "good").await, 8);
    // The message is the volunteer's own: another volunteer sees none.
    let other = app
        .add_user_and_login("crew-kit", haul::auth::Role::Crew)
        .await;
    let resp = app
        .client
        .get(app.url(&location))
        .bearer_auth(other)
        .send()
        .await
        .expect("GET");
    assert!(!resp.text().await.unwrap_or_default().contains("Logged 47"));
    // The next form starts at the volunteer's last warehouse and source, most
    // collected there first.
    let (_, form) = app.get_text("/intake").await;
    assert!(form.contains("value=\"glastonbury-2026\""), "source kept");
    assert!(
        form.contains("<option value=\"unit-north\" selected>"),
        "warehouse kept"
    );
    let first = form.find("<legend class=\"name\">").expect("a category");
    assert!(
        form[first..].starts_with("<legend class=\"name\">Sleeping bag</legend>"),
        "the most collected first"
    );
    app.assert_ledger_consistent();
}

type BadCase = (
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
);

async fn bad_intakes_change_nothing_and_say_where(app: TestApp) {
    north_unit(&app).await;
    let (_, form) = app.get_text("/intake").await;
    let key = form_key(&form);
    let day = today();
    let before = (app.stock_snapshot().await, app.ledger_len().await);
    let base = |extra: &[(&'static str, &'static str)]| {
        let mut v: Vec<(&str, String)> = vec![
            ("form_key", key.clone()),
            ("source", "glastonbury-2026".into()),
            ("warehouse", "unit-north".into()),
            ("received_on", day.clone()),
            ("q.blanket.good", "3".into()),
        ];
        v.extend(extra.iter().map(|(k, x)| (*k, x.to_string())));
        v
    };
    // (fields changed from a good form, the field the error sits by, text kept)
    let cases: [BadCase; 6] = [
        (
            &[("q.tent-2p.good", "0.5")],
            "q-tent-2p-good",
            "value=\"0.5\"",
        ),
        (
            &[("q.tent-2p.usable", "-3")],
            "q-tent-2p-usable",
            "value=\"-3\"",
        ),
        (
            &[("q.tent-2p.usable", "lots")],
            "q-tent-2p-usable",
            "value=\"lots\"",
        ),
        (&[("q.unicorn.good", "3")], "lines", "unicorn"),
        (
            &[("received_on", "someday")],
            "received_on",
            "value=\"someday\"",
        ),
        (&[("warehouse", "atlantis")], "warehouse", "atlantis"),
    ];
    for (extra, field, kept) in cases {
        let mut fields = base(&[]);
        for (k, x) in extra {
            fields.retain(|(f, _)| f != k);
            fields.push((k, x.to_string()));
        }
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, x)| (*k, x.as_str())).collect();
        let (s, _, html) = app.post_form("/intake", &pairs).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{extra:?}");
        assert!(
            html.contains(&format!("id=\"{field}-error\"")),
            "{extra:?}: the error sits by {field}"
        );
        if field != "lines" {
            assert!(
                html.contains(&format!("aria-describedby=\"{field}-error\"")),
                "{extra:?}: the field points at its error"
            );
        }
        assert!(html.contains(kept), "{extra:?}: what was typed is kept");
        assert!(
            html.contains("value=\"3\""),
            "{extra:?}: the other boxes keep their numbers"
        );
    }
    // A form without its CSRF token, from a logged-in browser: refused.
    let (_, browser) = cookie_client();
    let r = app
        .page_login(&browser, common::COORDINATOR_HANDLE, "/intake")
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = page_text(&browser, &app.url("/intake")).await;
    let action = form_action(&page, 2);
    assert_eq!(action, "/intake", "no token in the address");
    let good = base(&[]);
    let pairs: Vec<(&str, &str)> = good.iter().map(|(k, x)| (*k, x.as_str())).collect();
    let r = browser
        .post(app.url("/intake"))
        .form(&pairs)
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no CSRF token");
    assert_eq!(
        (app.stock_snapshot().await, app.ledger_len().await),
        before,
        "nothing changed"
    );
    // The same form with its token saves.
    let r = browser
        .post(app.url(&action))
        .form(&common::with_csrf(&page, &pairs))
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.stock_of("unit-north", "blanket", "good").await, 3);
}

async fn handout_steps_return_to_their_row_and_saving_names_the_goods(app: TestApp) {
    north_unit(&app).await;
    named_place(&app, "alder", "Alder meadow", "site").await;
    let (s, _) = app
        .post_intake(
            "unit-north",
            json!([{"category": "tent-2p", "condition": "good", "quantity": 5},
                   {"category": "blanket", "condition": "usable", "quantity": 5}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    app.stock_site(
        "unit-north",
        "alder",
        &[("tent-2p", "good", 5), ("blanket", "usable", 5)],
    )
    .await;
    let (_, html) = app.get_text("/handouts?site=alder").await;
    assert!(html.contains("id=\"row-blanket\""), "rows have anchors");
    let key = form_key(&html);
    let day = today();
    let (s, location, _) = app
        .post_form(
            "/handouts",
            &[
                ("form_key", &key),
                ("site", "alder"),
                ("handed_out_on", &day),
                ("give.tent-2p", "1"),
                ("note", "by the gate"),
                ("step", "blanket:+1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "a tap answers with a redirect");
    let location = location.expect("back to the form");
    assert!(location.ends_with("#row-blanket"), "{location}");
    let (s, html) = app.get_text(&location).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains(
            "<strong>2</strong> items<br><span class=\"muted\">as of the last update</span>"
        ) && html.contains(">Save hand-out</button>"),
        "the counts came back"
    );
    assert!(html.contains("value=\"by the gate\""), "the note came back");
    assert_eq!(
        form_key(&html),
        key,
        "the same form, so a double save saves once"
    );
    // An asked-for tap comes back to its own row.
    let (_, location, _) = app
        .post_form(
            "/handouts",
            &[
                ("form_key", &key),
                ("site", "alder"),
                ("handed_out_on", &day),
                ("step", "unmet:sleeping-bag:+1"),
            ],
        )
        .await;
    assert!(
        location
            .as_deref()
            .is_some_and(|l| l.ends_with("#row-unmet-sleeping-bag")),
        "{location:?}"
    );
    let entries = app.ledger_len().await;
    let (_, html) = app.get_text(location.as_deref().unwrap_or_default()).await;
    assert!(
        html.contains("id=\"unmet-section\" open"),
        "the section is open"
    );
    assert_eq!(app.ledger_len().await, entries, "tapping saves nothing");
    // Save: the message names the goods and the site.
    let (s, location, _) = app
        .post_form(
            "/handouts",
            &[
                ("form_key", &key),
                ("site", "alder"),
                ("handed_out_on", &day),
                ("give.tent-2p", "2"),
                ("give.blanket", "1"),
                ("unmet.sleeping-bag", "4"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = app.get_text(&location.expect("after saving")).await;
    assert!(
        html.contains("Handed out 3 items at Alder meadow: ")
            && html.contains("Tent (2 person): 2")
            && html.contains("Blanket: 1")
            && html.contains("Asked for but not there: Sleeping bag: 4."),
        "the message names what went out"
    );
    assert_eq!(app.stock_of("alder", "tent-2p", "good").await, 3);
    // Bad counts typed before a tap: the page says so and nothing is saved.
    let before = (app.stock_snapshot().await, app.ledger_len().await);
    let (s, _, html) = app
        .post_form(
            "/handouts",
            &[
                ("form_key", "fresh"),
                ("site", "alder"),
                ("handed_out_on", &day),
                ("give.blanket", "-2"),
                ("step", "tent-2p:+1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("class=\"flash error"));
    assert!(
        html.contains("id=\"give-blanket-error\"")
            && html.contains("aria-describedby=\"give-blanket-error\"")
            && html.contains("value=\"-2\""),
        "the error sits by the box, with what was typed"
    );
    assert_eq!((app.stock_snapshot().await, app.ledger_len().await), before);
    app.assert_ledger_consistent();
}

async fn reports_name_sites(app: TestApp) {
    named_place(&app, "alder", "Alder meadow", "site").await;
    let (s, _) = app
        .post_intake(
            "unit-east",
            json!([{"category": "blanket", "condition": "good", "quantity": 5}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    app.stock_site("unit-east", "alder", &[("blanket", "good", 5)])
        .await;
    let (s, body) = app
        .post_handout(&json!({"site": "alder", "handed_out_on": today(), "lines": [{"category": "blanket", "quantity": 2}]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (_, html) = app.get_text("/reports").await;
    assert!(html.contains("<td>Alder meadow</td>"), "sites by name");
    assert!(!html.contains("<td>alder</td>"), "never the slug");
}

/// The Source box offers the recent sources (a `<datalist>`, no JavaScript), and a
/// source typed another way ("boomtown-2026" for "Boomtown 2026") is saved with the
/// spelling in use, so one festival stays one festival; another year stays apart, and
/// the API keeps exactly what a program sends.
async fn intake_sources_are_offered_and_kept_to_one_spelling(app: TestApp) {
    north_unit(&app).await;
    let (s, body) = app
        .post(
            "/api/v1/intakes",
            &json!({"source": "Boomtown 2026", "warehouse": "unit-north", "received_on": today(),
                    "lines": [{"category": "blanket", "condition": "good", "quantity": 1}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (_, form) = app.get_text("/intake").await;
    assert!(form.contains("list=\"recent-sources\""), "{form}");
    let list = &form[form
        .find("<datalist id=\"recent-sources\">")
        .expect("the datalist")..];
    assert!(
        list.starts_with("<datalist id=\"recent-sources\"><option value=\"Boomtown 2026\">"),
        "{list}"
    );
    // The categories behind "More categories" come by group, then by name.
    let more = &form[form
        .find("id=\"more-categories\"")
        .expect("more categories")..];
    let at = |needle: &str| {
        more.find(needle)
            .unwrap_or_else(|| panic!("{needle}: {more}"))
    };
    assert!(at(">Shelter</h3>") < at(">Family tent (6+ person)<"));
    assert!(at(">Family tent (6+ person)<") < at(">Gazebo<"));
    assert!(at(">Gazebo<") < at(">Sleeping</h3>"));
    let day = today();
    let mut saved = Vec::new();
    for (key, typed) in [
        ("s1", "boomtown-2026"),
        ("s2", " BOOMTOWN_2026"),
        ("s3", "Boomtown 2025"),
    ] {
        let fields = [
            ("form_key", key),
            ("source", typed),
            ("warehouse", "unit-north"),
            ("received_on", day.as_str()),
            ("q.blanket.good", "2"),
        ];
        let (s, location, body) = app.post_form("/intake", &fields).await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
        let (_, stock) = app.get_text(&location.expect("to the stock page")).await;
        saved.push(stock);
    }
    assert!(
        saved[0].contains("Logged 2 items from Boomtown 2026 at North unit"),
        "{}",
        saved[0]
    );
    assert!(
        saved[1].contains("Logged 2 items from Boomtown 2026 at North unit"),
        "{}",
        saved[1]
    );
    assert!(
        saved[2].contains("Logged 2 items from Boomtown 2025 at North unit"),
        "{}",
        saved[2]
    );
    let (s, body) = app
        .post(
            "/api/v1/intakes",
            &json!({"source": "boomtown-2026", "warehouse": "unit-north", "received_on": today(),
                    "lines": [{"category": "blanket", "condition": "good", "quantity": 1}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(
        body["source"], "boomtown-2026",
        "the API keeps what it is sent"
    );
    app.assert_ledger_consistent();
}

/// The warehouse's home follows its job: what waits to be sorted first, then moving,
/// counting and writing off, then the stock and the runs.
async fn warehouse_home_follows_the_job(app: TestApp) {
    app.add_user_and_login("wren", haul::auth::Role::Warehouse)
        .await;
    let client = app.browser_as("wren").await;
    let html = page_text(&client, &app.url("/")).await;
    let main = &html[html.find("<main").expect("main")..];
    let at = |path: &str| {
        main.find(&format!("<a href=\"{path}\">"))
            .unwrap_or_else(|| panic!("{path} on the home page: {main}"))
    };
    let order = [
        "/triage",
        "/transfer",
        "/stocktake",
        "/writeoff",
        "/stock",
        "/runs",
    ];
    for pair in order.windows(2) {
        assert!(
            at(pair[0]) < at(pair[1]),
            "{} before {}: {main}",
            pair[0],
            pair[1]
        );
    }
    // The bar starts with the first job too.
    let nav = &html[html.find("<nav class=\"main\"").expect("nav")..];
    assert!(
        nav.starts_with("<nav class=\"main\" aria-label=\"Main\"><a href=\"/triage\">"),
        "{nav}"
    );
}

/// French files allowed to lack no-break spaces for now (none: every file has them; a
/// listed file that passes fails the test, so the list cannot go stale).
const FRENCH_NOT_YET_SPACED: &[&str] = &[];

/// The text of a Fluent line as a reader sees it, placeables replaced by U+FFFC (so a
/// mark right after `{ $name }` still needs its space), or None for a comment, a blank
/// line or a closing brace.
fn french_text(line: &str) -> Option<String> {
    let trimmed = line.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "}" {
        return None;
    }
    let value = if line.starts_with(|c: char| c.is_ascii_lowercase()) {
        line.split_once(" = ")?.1
    } else if trimmed.starts_with('.') {
        trimmed.split_once(" = ")?.1
    } else if trimmed.starts_with('[') || trimmed.starts_with("*[") {
        trimmed.split_once(']')?.1
    } else {
        trimmed
    };
    let mut out = String::new();
    let mut depth = 0usize;
    for ch in value.chars() {
        match ch {
            '{' => {
                if depth == 0 {
                    out.push('\u{fffc}');
                }
                depth += 1;
            }
            '}' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    Some(out)
}

/// Where a French text lacks the no-break space (U+00A0, as the French files write it)
/// before `:` `?` `!` `;`. A URL's `https:` and a time like 10:30 are not punctuation.
fn unspaced(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut bad = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if !":?!;".contains(c) {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let so_far: String = chars[..i].iter().collect();
        let url = c == ':' && (so_far.ends_with("http") || so_far.ends_with("https"));
        let time = c == ':'
            && before.is_some_and(|b| b.is_ascii_digit())
            && after.is_some_and(|a| a.is_ascii_digit());
        if url || time || before == Some('\u{a0}') {
            continue;
        }
        let from = i.saturating_sub(12);
        bad.push(chars[from..(i + 1).min(chars.len())].iter().collect());
    }
    bad
}

#[test]
fn the_french_checker_knows_urls_times_and_placeables() {
    assert!(unspaced("Et maintenant\u{a0}?").is_empty());
    assert_eq!(unspaced("Et maintenant ?").len(), 1);
    assert_eq!(unspaced("Tournée\u{fffc}: départ").len(), 1);
    assert_eq!(
        unspaced("Tournée\u{202f}: départ").len(),
        1,
        "one space, the same one"
    );
    assert!(unspaced("à 10:30, voir https://example.org").is_empty());
    assert_eq!(
        french_text("x = { NUMBER($n, minimumFractionDigits: 1) } kg").as_deref(),
        Some("\u{fffc} kg")
    );
    assert_eq!(
        french_text("    [one] Rien : un champ").as_deref(),
        Some(" Rien : un champ")
    );
    assert_eq!(french_text("# Commentaire : libre"), None);
}

/// French puts a no-break space before `:` `?` `!` `;`, so a line never starts with
/// one on a narrow phone: every value in every French file.
#[test]
fn french_has_a_no_break_space_before_high_punctuation() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/fr");
    let mut failing = Vec::new();
    let mut passing_but_listed = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("locales/fr")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    for path in files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(&path).expect("read");
        let mut bad: Vec<String> = Vec::new();
        for (n, line) in text.lines().enumerate() {
            for b in french_text(line).map(|t| unspaced(&t)).unwrap_or_default() {
                bad.push(format!("{name}:{}: …{b}", n + 1));
            }
        }
        let listed = FRENCH_NOT_YET_SPACED.contains(&name.as_str());
        match (bad.is_empty(), listed) {
            (false, false) => failing.extend(bad),
            (true, true) => passing_but_listed.push(name),
            _ => {}
        }
    }
    assert!(
        failing.is_empty(),
        "missing no-break spaces:\n{}",
        failing.join("\n")
    );
    assert!(
        passing_but_listed.is_empty(),
        "take these off FRENCH_NOT_YET_SPACED: {passing_but_listed:?}"
    );
}

/// Arabic names the condition "good" with one word everywhere (the catalogue's).
#[test]
fn arabic_says_good_one_way() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales/ar");
    let catalog = std::fs::read_to_string(dir.join("catalog.ftl")).expect("catalog.ftl");
    let good = catalog
        .lines()
        .find_map(|l| l.strip_prefix("condition-good = "))
        .expect("condition-good")
        .trim()
        .to_string();
    assert_eq!(good, "جيد");
    for entry in std::fs::read_dir(&dir).expect("locales/ar") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        for other in ["بحالة جيدة", "جيدة"] {
            assert!(
                !text.contains(other),
                "{}: «{other}» where the catalogue says «{good}»",
                path.display()
            );
        }
    }
}

/// The opening tag of the element with `id`.
fn tag_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}: {html}"));
    let start = html[..at].rfind('<').expect("<");
    &html[start..at + html[at..].find('>').expect(">")]
}

/// The error summary on top of a refused form: its links as (target id, words), each
/// target checked to be on the page.
fn summary_links(html: &str) -> Vec<(String, String)> {
    let start = html
        .find("id=\"error-summary\"")
        .unwrap_or_else(|| panic!("no error summary: {html}"));
    let part = &html[start..start + html[start..].find("</div>").expect("its end")];
    let links: Vec<(String, String)> = part
        .split("<a href=\"#")
        .skip(1)
        .map(|a| {
            let (target, rest) = a.split_once('"').expect("href");
            let text = rest.split_once('>').expect(">").1;
            (
                target.to_string(),
                text[..text.find("</a>").expect("</a>")].to_string(),
            )
        })
        .collect();
    for (target, _) in &links {
        assert!(
            html.contains(&format!("id=\"{target}\"")),
            "#{target} is not on the page"
        );
    }
    links
}

/// A refused long form comes back at its top: the summary there is focused and links
/// to every box to put right (each error beside its box, what was typed kept); a 0 in
/// an intake box means none; numbers are refused in the same words on every form.
async fn refused_forms_lead_to_each_error(app: TestApp) {
    north_unit(&app).await;
    named_place(&app, "alder", "Alder meadow", "site").await;
    let day = today();
    let intake = |extra: &[(&'static str, &'static str)]| {
        let mut v: Vec<(&str, String)> = vec![
            ("source", "glastonbury-2026".into()),
            ("warehouse", "unit-north".into()),
            ("received_on", day.clone()),
        ];
        v.extend(extra.iter().map(|(k, x)| (*k, x.to_string())));
        v
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let (_, form) = app.get_text("/intake").await;
            let key = form_key(&form);
            let mut pairs: Vec<(&str, &str)> =
                fields.iter().map(|(k, x)| (*k, x.as_str())).collect();
            pairs.push(("form_key", &key));
            app.post_form("/intake", &pairs).await
        }
    };
    let (s, _, html) = post(intake(&[
        ("q.tent-2p.usable", "-3"),
        ("q.blanket.good", "lots"),
        ("q.sleeping-bag.good", "0"),
    ]))
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = tag_with_id(&html, "error-summary");
    assert!(
        summary.contains("autofocus") && summary.contains("tabindex=\"-1\""),
        "{summary}"
    );
    let mut links = summary_links(&html);
    links.sort();
    assert_eq!(
        links,
        [
            (
                "q-blanket-good".to_string(),
                "Blanket (Good): “lots” is not a whole number: type digits only, like 3."
                    .to_string()
            ),
            (
                "q-tent-2p-usable".to_string(),
                "Tent (2 person) · Usable: This must be at least 0.".to_string()
            ),
        ]
    );
    // Each error in its box's own cell, between the box and the cell's end.
    for id in ["q-tent-2p-usable", "q-blanket-good"] {
        let input = html.find(&format!("id=\"{id}\"")).expect("the box");
        let cell_end = input + html[input..].find("</div>").expect("cell end");
        let error = html.find(&format!("id=\"{id}-error\"")).expect("its error");
        assert!(
            input < error && error < cell_end,
            "{id}: the error is not beside its box"
        );
    }
    assert!(
        !html.contains("q-sleeping-bag-good-error"),
        "0 is none, not an error"
    );
    assert!(html.contains("value=\"-3\"") && html.contains("value=\"lots\""));
    // Only zeros: one error, for the form, none beside the boxes.
    let (s, _, html) = post(intake(&[("q.tent-2p.good", "0"), ("q.blanket.good", "0")])).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        summary_links(&html),
        [(
            "what-came-in".to_string(),
            "Type how many of at least one thing.".to_string()
        )]
    );
    assert!(!html.contains("-good-error"), "{html}");
    // No source: said in words beside the Source box, at once with a count's error.
    let mut no_source = intake(&[("q.blanket.good", "-1")]);
    no_source.retain(|(k, _)| *k != "source");
    let (s, _, html) = post(no_source).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let links = summary_links(&html);
    assert!(
        links.contains(&(
            "source".to_string(),
            "Say where these came from: the festival, the field or the donor.".to_string()
        )) && links.iter().any(|(id, _)| id == "q-blanket-good"),
        "{links:?}"
    );
    assert!(!html.contains("1 to 100 characters"), "no raw domain words");
    // A 0 beside a real count: saved.
    let (s, _, _) = post(intake(&[("q.tent-2p.good", "0"), ("q.blanket.good", "6")])).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(app.stock_of("unit-north", "blanket", "good").await, 6);

    // A transfer: the destination and each line linked, in the same words.
    let (s, _) = app
        .post_intake(
            "unit-north",
            json!([{"category": "tent-2p", "condition": "good", "quantity": 5}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _, html) = app
        .post_form(
            "/transfer",
            &[
                ("form_key", "t1"),
                ("from", "unit-north"),
                ("to", ""),
                ("q.blanket.good", "two"),
                ("q.tent-2p.good", "9"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(tag_with_id(&html, "error-summary").contains("autofocus"));
    let links = summary_links(&html);
    let targets: Vec<&str> = links.iter().map(|(t, _)| t.as_str()).collect();
    assert!(
        targets.contains(&"to")
            && targets.contains(&"q.blanket.good")
            && targets.contains(&"q.tent-2p.good"),
        "{links:?}"
    );
    assert!(
        links.contains(&(
            "q.blanket.good".to_string(),
            "Blanket (Good): “two” is not a whole number: type digits only, like 3.".to_string()
        )),
        "{links:?}"
    );

    // A hand-out refused for 999 tents: linked, the box keeps 999, and its steppers go
    // by it: − may lower it, + may not raise it.
    app.stock_site(
        "unit-north",
        "alder",
        &[("tent-2p", "good", 5), ("blanket", "good", 2)],
    )
    .await;
    let (_, html) = app.get_text("/handouts?site=alder").await;
    assert!(html.contains("id=\"site-links\""), "one-tap sites");
    assert!(
        !html.contains("id=\"pick-site\""),
        "no second way to choose: {html}"
    );
    let (s, _, html) = app
        .post_form(
            "/handouts",
            &[
                ("form_key", &form_key(&html)),
                ("site", "alder"),
                ("handed_out_on", &day),
                ("give.tent-2p", "999"),
                ("give.blanket", "1"),
                ("action", "save"),
            ],
        )
        .await;
    assert!(s.is_client_error(), "{s}");
    assert!(
        summary_links(&html).contains(&(
            "give-tent-2p".to_string(),
            "Tent (2 person): Only 5 here to hand out.".to_string()
        )),
        "{html}"
    );
    assert!(tag_with_id(&html, "give-tent-2p").contains("value=\"999\""));
    assert!(
        !tag_with_id(&html, "give-tent-2p-minus").contains("disabled"),
        "−: {html}"
    );
    assert!(
        tag_with_id(&html, "give-tent-2p-plus").contains("disabled"),
        "+: {html}"
    );
    // − on it comes down to what the site has.
    let (s, location, _) = app
        .post_form(
            "/handouts",
            &[
                ("form_key", "h2"),
                ("site", "alder"),
                ("handed_out_on", &day),
                ("give.tent-2p", "999"),
                ("step", "tent-2p:-1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(
        location
            .as_deref()
            .is_some_and(|l| l.contains("give.tent-2p=5#")),
        "down to 5: {location:?}"
    );
    // A negative count, in the words every form uses.
    let (_, _, html) = app
        .post_form(
            "/handouts",
            &[
                ("form_key", "h3"),
                ("site", "alder"),
                ("handed_out_on", &day),
                ("give.blanket", "-2"),
                ("action", "save"),
            ],
        )
        .await;
    assert!(
        summary_links(&html).contains(&(
            "give-blanket".to_string(),
            "Blanket: This must be at least 0.".to_string()
        )),
        "{html}"
    );
    app.assert_ledger_consistent();
}

/// A long sheet narrowed says what by, and offers one way back to the whole sheet; a
/// group chosen while the Find box holds words nothing in it matches shows the group.
async fn a_narrowed_sheet_says_what_it_shows(app: TestApp) {
    north_unit(&app).await;
    let (s, _) = app
        .post_intake(
            "unit-north",
            json!([{"category": "tent-2p", "condition": "good", "quantity": 5},
                   {"category": "sleeping-bag", "condition": "good", "quantity": 4},
                   {"category": "blanket", "condition": "good", "quantity": 3}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (_, html) = app
        .get_text("/transfer?from=unit-north&group=shelter&find=bag")
        .await;
    assert!(
        html.contains("Shelter matching “bag”: showing 0 of 3 lines."),
        "{html}"
    );
    assert!(
        tag_with_id(&html, "show-all").contains("name=\"clear\""),
        "{html}"
    );
    let (_, html) = app
        .get_text("/transfer?from=unit-north&find=bag&group.shelter=Shelter")
        .await;
    assert!(
        html.contains("Nothing in Shelter matches “bag”, so the search was cleared."),
        "{html}"
    );
    assert!(html.contains("Shelter: showing 1 of 3 lines."), "{html}");
    assert!(html.contains("id=\"q.tent-2p.good\""), "{html}");
    let (_, html) = app.get_text("/transfer?from=unit-north&find=bag").await;
    assert!(
        html.contains("Matching “bag”: showing 1 of 3 lines."),
        "{html}"
    );
    let (_, html) = app.get_text("/transfer?from=unit-north").await;
    assert!(
        !html.contains("id=\"show-all\""),
        "nothing to widen: {html}"
    );
}

on_both_backends!(
    warehouse_home_follows_the_job,
    refused_forms_lead_to_each_error,
    a_narrowed_sheet_says_what_it_shows,
    gzip_only_when_asked,
    favicon_is_served_to_anyone,
    live_pages_are_never_cached,
    intake_with_several_conditions_names_what_came_in,
    bad_intakes_change_nothing_and_say_where,
    handout_steps_return_to_their_row_and_saving_names_the_goods,
    reports_name_sites,
    intake_sources_are_offered_and_kept_to_one_spelling,
);

/// Bytes sent for every page on the demo season, plain and gzipped, as a Markdown table
/// (printed, and written to target/page-weights.md for docs/benchmarks.md). The
/// hand-out page must stay under 12 KB compressed: a distributor's phone on a weak
/// signal loads it after every stepper tap.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_weights_on_the_demo_season() {
    let Some(app) = common::spawn_app(common::Backend::Sqlite).await else {
        return;
    };
    let pages = app.demo_pages().await;
    let mut weights: BTreeMap<usize, (String, usize, usize)> = BTreeMap::new();
    for (i, path) in pages.iter().map(|p| p.path.as_str()).enumerate() {
        let (s, _, plain) = fetch(&app, path, false).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        let (_, h, zipped) = fetch(&app, path, true).await;
        let zipped_len = if header(&h, "content-encoding") == "gzip" {
            zipped.len()
        } else {
            plain.len()
        };
        weights.insert(i, (path.to_string(), plain.len(), zipped_len));
    }
    let mut table = String::from("| page | bytes | gzip bytes |\n|---|---:|---:|\n");
    for (path, plain, zipped) in weights.values() {
        table.push_str(&format!("| `{path}` | {plain} | {zipped} |\n"));
    }
    println!("{table}");
    let out = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/page-weights.md");
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).expect("target/");
    }
    std::fs::write(&out, &table).expect("write the table");
    for (path, _, zipped) in weights
        .values()
        .filter(|(p, _, _)| p.starts_with("/handouts"))
    {
        assert!(*zipped <= 12 * 1024, "{path} is {zipped} bytes compressed");
    }
}
