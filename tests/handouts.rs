//! Hand-outs over HTTP, on SQLite and PostgreSQL: recording what went out at a site and
//! what was asked for but not there, the unmet evidence, the distributor's page, and
//! every kind of bad input, with "nothing changed" asserted after each refusal.

mod common;

use common::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

fn handout(site: &str, lines: Value, unmet: Value) -> Value {
    json!({"site": site, "handed_out_on": today(), "lines": lines, "unmet": unmet})
}

fn with_note(note: &str) -> Value {
    json!({"site": "oak", "handed_out_on": today(), "lines": [{"category": "blanket", "quantity": 1}], "note": note})
}

/// Everything a refused hand-out must leave alone.
async fn state_of(app: &TestApp) -> (Value, usize, usize, Value) {
    let (_, unmet) = app.get("/api/v1/handouts/unmet").await;
    (
        app.stock_snapshot().await,
        app.ledger_len().await,
        app.handouts_len().await,
        unmet,
    )
}

async fn refused(app: &TestApp, body: Value, status: StatusCode) -> Value {
    let before = state_of(app).await;
    let (got, err) = app.post_handout(&body).await;
    assert_eq!(got, status, "{body} → {err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{err}"
    );
    assert_eq!(
        state_of(app).await,
        before,
        "something changed after a refused hand-out {body}"
    );
    err
}

fn fields(err: &Value) -> Vec<String> {
    err["error"]["details"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|d| d["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

async fn oak_with_tents_and_blankets(app: &TestApp) {
    app.post_intake(
        "unit-east",
        json!([
            {"category": "tent-2p", "condition": "good", "quantity": 5},
            {"category": "tent-2p", "condition": "usable", "quantity": 5},
            {"category": "tent-2p", "condition": "needs-drying", "quantity": 5},
            {"category": "blanket", "condition": "usable", "quantity": 20}
        ]),
    )
    .await;
    app.stock_site(
        "unit-east",
        "oak",
        &[
            ("tent-2p", "good", 3),
            ("tent-2p", "usable", 4),
            ("tent-2p", "needs-drying", 2),
            ("blanket", "usable", 10),
        ],
    )
    .await;
}

async fn handout_takes_good_first_then_usable(app: TestApp) {
    oak_with_tents_and_blankets(&app).await;
    let (s, h) = app
        .post_handout(&json!({"site": "oak", "handed_out_on": today(), "lines": [
            {"category": "tent-2p", "quantity": 5},
            {"category": "blanket", "quantity": 2, "condition": "usable"}
        ], "unmet": [{"category": "sleeping-bag", "quantity": 6}], "note": "2 tents torn"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    assert_eq!(h["site"], "oak");
    assert_eq!(h["items"], 7);
    assert_eq!(h["note"], "2 tents torn");
    assert_eq!(
        h["unmet"],
        json!([{"category": "sleeping-bag", "quantity": 6}])
    );
    assert_eq!(
        app.stock_of("oak", "tent-2p", "good").await,
        0,
        "good ones go first"
    );
    assert_eq!(app.stock_of("oak", "tent-2p", "usable").await, 2);
    assert_eq!(
        app.stock_of("oak", "tent-2p", "needs-drying").await,
        2,
        "wet tents stay"
    );
    assert_eq!(app.stock_of("oak", "blanket", "usable").await, 8);

    let (_, ledger) = app
        .get(&format!(
            "/api/v1/ledger?cause=hand-out&cause_id={}",
            h["id"]
        ))
        .await;
    let entries = ledger["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{ledger}");
    assert!(entries
        .iter()
        .all(|e| e["location"] == "oak" && e["quantity"].as_i64().unwrap() < 0));

    let (s, list) = app.get("/api/v1/handouts?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list["handouts"].as_array().unwrap().len(), 1);
    assert_eq!(list["handouts"][0]["id"], h["id"]);
    assert_eq!(list["handouts"][0]["items"], 7);
    assert_eq!(list["handouts"][0]["lines"].as_array().unwrap().len(), 3);
    let (_, none) = app.get("/api/v1/handouts?site=heron").await;
    assert!(none["handouts"].as_array().unwrap().is_empty());
    app.assert_ledger_consistent();
}

async fn a_day_with_nothing_to_give_is_worth_recording(app: TestApp) {
    let (s, h) = app
        .post_handout(&handout(
            "heron",
            json!([]),
            json!([{"category": "tent-2p", "quantity": 14}]),
        ))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    assert_eq!(h["items"], 0);
    assert_eq!(
        app.ledger_len().await,
        0,
        "nothing went out, so no ledger entry"
    );
    // Without lines at all (the field is optional when unmet is not empty).
    let (s, h2) = app.post_handout(&json!({"site": "heron", "handed_out_on": today(), "unmet": [{"category": "tent-2p", "quantity": 3}, {"category": "tent-2p", "quantity": 1}]})).await;
    assert_eq!(s, StatusCode::CREATED, "{h2}");
    assert_eq!(
        h2["unmet"],
        json!([{"category": "tent-2p", "quantity": 4}]),
        "duplicates are summed"
    );
}

async fn unmet_evidence_sums_per_site_and_category(app: TestApp) {
    oak_with_tents_and_blankets(&app).await;
    for (site, on, tents, mats) in [
        ("oak", "2026-11-02", 5, 0),
        ("oak", "2026-11-05", 9, 2),
        ("heron", "2026-11-05", 1, 0),
        ("oak", "2026-10-20", 100, 0),
    ] {
        let mut unmet = vec![json!({"category": "tent-4p", "quantity": tents})];
        if mats > 0 {
            unmet.push(json!({"category": "roll-mat", "quantity": mats}));
        }
        let (s, body) = app
            .post_handout(&json!({"site": site, "handed_out_on": on, "lines": [], "unmet": unmet}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    let (s, ev) = app
        .get("/api/v1/handouts/unmet?site=oak&from=2026-11-01&to=2026-11-07")
        .await;
    assert_eq!(s, StatusCode::OK, "{ev}");
    let rows = ev["unmet"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{ev}");
    let tents = rows.iter().find(|r| r["category"] == "tent-4p").unwrap();
    assert_eq!(tents["site"], "oak");
    assert_eq!(tents["quantity"], 14, "asked for 14 tents this week");
    assert_eq!(tents["handouts"], 2);
    assert_eq!(tents["first_on"], "2026-11-02");
    assert_eq!(tents["last_on"], "2026-11-05");
    let (_, all) = app.get("/api/v1/handouts/unmet").await;
    let total: i64 = all["unmet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["quantity"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 117);
    assert!(all["unmet"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["site"] == "heron"));

    let (s, _) = app.get("/api/v1/handouts/unmet?site=atlantis").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app
        .get("/api/v1/handouts/unmet?from=2026-11-07&to=2026-11-01")
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app.get("/api/v1/handouts/unmet?from=yesterday").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = app.get("/api/v1/handouts?site=atlantis").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.get("/api/v1/handouts?limit=0").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app.get("/api/v1/handouts?who=ali").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

async fn bad_handouts_change_nothing(app: TestApp) {
    oak_with_tents_and_blankets(&app).await;
    let line = |c: &str, q: i64| json!({"category": c, "quantity": q});
    let cases = [
        (
            handout("atlantis", json!([line("tent-2p", 1)]), json!([])),
            "site",
        ),
        (
            handout("unit-east", json!([line("tent-2p", 1)]), json!([])),
            "site",
        ),
        (handout("oak", json!([]), json!([])), "lines"),
        (
            handout("oak", json!([line("tent-9p", 1)]), json!([])),
            "lines[0].category",
        ),
        (
            handout("oak", json!([line("tent-2p", 0)]), json!([])),
            "lines[0].quantity",
        ),
        (
            handout("oak", json!([line("tent-2p", -2)]), json!([])),
            "lines[0].quantity",
        ),
        (
            handout("oak", json!([line("tent-2p", 1_000_001)]), json!([])),
            "lines[0].quantity",
        ),
        (
            handout(
                "oak",
                json!([{"category": "tent-2p", "quantity": 1, "condition": "needs-drying"}]),
                json!([]),
            ),
            "lines[0].condition",
        ),
        (
            handout(
                "oak",
                json!([{"category": "tent-2p", "quantity": 1, "condition": "soggy"}]),
                json!([]),
            ),
            "lines[0].condition",
        ),
        (
            handout("oak", json!([]), json!([line("tent-9p", 1)])),
            "unmet[0].category",
        ),
        (
            handout("oak", json!([]), json!([line("tent-2p", 0)])),
            "unmet[0].quantity",
        ),
        (
            json!({"site": "oak", "handed_out_on": "1999-12-31", "lines": [line("tent-2p", 1)]}),
            "handed_out_on",
        ),
        (
            json!({"site": "oak", "handed_out_on": "2099-01-01", "lines": [line("tent-2p", 1)]}),
            "handed_out_on",
        ),
        (
            json!({"site": "oak", "handed_out_on": "2026-02-30", "lines": [line("tent-2p", 1)]}),
            "handed_out_on",
        ),
        (
            json!({"site": "oak", "lines": [line("tent-2p", 1)]}),
            "body",
        ),
        (
            json!({"site": "oak", "handed_out_on": today(), "lines": "three tents"}),
            "lines",
        ),
    ];
    for (body, field) in cases {
        let err = refused(&app, body.clone(), StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(
            fields(&err).iter().any(|f| f == field),
            "{body}: expected {field} in {err}"
        );
    }
    // Several problems are reported together.
    let err = refused(
        &app,
        handout(
            "unit-east",
            json!([line("tent-9p", 1)]),
            json!([line("nope", 1)]),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(fields(&err).len() >= 3, "{err}");

    // Not enough at the site: 409 naming the shortfall; a multi-line hand-out with one
    // short line is refused whole.
    let short = refused(
        &app,
        handout("oak", json!([line("tent-2p", 8)]), json!([])),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(short["error"]["code"], "insufficient_stock");
    assert_eq!(
        short["error"]["details"]["shortages"][0]["in_stock"], 7,
        "good and usable count, wet ones do not: {short}"
    );
    assert_eq!(short["error"]["details"]["shortages"][0]["requested"], 8);
    // The message names the goods; `details` keeps the slug for programs.
    assert!(
        short["error"]["message"]
            .as_str()
            .unwrap()
            .contains("8 × Tent (2 person) (good or usable) at oak — 7 there"),
        "{short}"
    );
    assert_eq!(
        short["error"]["details"]["shortages"][0]["category"],
        "tent-2p"
    );
    refused(
        &app,
        handout(
            "oak",
            json!([line("blanket", 1), line("sleeping-bag", 1)]),
            json!([]),
        ),
        StatusCode::CONFLICT,
    )
    .await;
    refused(
        &app,
        handout(
            "oak",
            json!([{"category": "tent-2p", "quantity": 4, "condition": "good"}]),
            json!([]),
        ),
        StatusCode::CONFLICT,
    )
    .await;
    refused(
        &app,
        handout(
            "heron",
            json!([line("tent-2p", 1)]),
            json!([line("blanket", 3)]),
        ),
        StatusCode::CONFLICT,
    )
    .await;

    // Malformed JSON is a 400, an oversized body a 413.
    let before = state_of(&app).await;
    for raw in ["{", "not json", "{\"site\": }", ""] {
        let (s, err) = app.post_raw("/api/v1/handouts", raw).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{raw:?} → {err}");
    }
    let huge = format!(
        "{{\"site\":\"oak\",\"note\":\"{}\"}}",
        "x".repeat(300 * 1024)
    );
    let (s, _) = app.post_raw("/api/v1/handouts", &huge).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(state_of(&app).await, before);
    app.assert_ledger_consistent();
}

async fn personal_fields_are_refused(app: TestApp) {
    oak_with_tents_and_blankets(&app).await;
    let base = || json!({"site": "oak", "handed_out_on": today(), "lines": [{"category": "blanket", "quantity": 1}]});
    for (field, value) in [
        ("name", json!("Ali")),
        ("nationality", json!("Syrian")),
        ("age", json!(34)),
        ("phone", json!("07700 900123")),
        ("email", json!("a@b.org")),
        ("recipient", json!({"name": "Ali"})),
    ] {
        let mut body = base();
        body[field] = value;
        let err = refused(&app, body, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&err), vec![field.to_string()], "{err}");
        let message = err["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("never anything about the people served"),
            "the refusal says why: {message}"
        );
    }
    // Inside a line too.
    let mut body = base();
    body["lines"][0]["name"] = json!("Ali");
    let err = refused(&app, body, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&err), vec!["lines[0].name".to_string()], "{err}");
    let mut body = base();
    body["unmet"] = json!([{"category": "tent-2p", "quantity": 1, "age": 7}]);
    let err = refused(&app, body, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(fields(&err), vec!["unmet[0].age".to_string()], "{err}");
}

/// True once the note guard (src/notes.rs, another branch) refuses phone numbers; the
/// placeholder in this branch only checks length.
fn note_guard_present() -> bool {
    haul::notes::check_note("call 07700 900123").is_err()
}

async fn notes_with_phone_numbers_or_emails_are_refused(app: TestApp) {
    oak_with_tents_and_blankets(&app).await;
    app.stock_site("unit-east", "oak", &[("blanket", "usable", 10)])
        .await;
    if !note_guard_present() {
        eprintln!("\n!!!!! SKIPPED the phone/e-mail half: src/notes.rs is still the placeholder; it runs once the note guard is merged. !!!!!\n");
    } else {
        for note in [
            "call 07700 900123",
            "+44 7700 900123",
            "07700900123",
            "ring (020) 7946 0958 after six",
            "+33 6 12 34 56 78",
            "0049-151-2345-6789",
            "+1 (555) 010-9999",
            "whatsapp +447700900123",
            "ali@example.org",
            "write to someone.name+tag@mail.example.co.uk",
            "ALI.K@EXAMPLE.COM",
            "email: x_y@riseup.net thanks",
        ] {
            let err = refused(&app, with_note(note), StatusCode::UNPROCESSABLE_ENTITY).await;
            assert_eq!(fields(&err), vec!["note".to_string()], "{note}: {err}");
        }
    }
    // Ordinary notes pass, and each takes exactly one blanket.
    let notes = [
        "2 tents torn",
        "pitch 4B",
        "back Tuesday",
        "rain all day, tarps went first",
        "queue from 10am",
        "ran out of blankets by noon",
        "3 families new this week",
        "gazebo left by the gate",
        "kids sizes needed",
        "van late, started at 2",
        "bring pegs next time",
        "mud everywhere",
    ];
    for (i, note) in notes.iter().enumerate() {
        let (s, h) = app.post_handout(&with_note(note)).await;
        assert_eq!(s, StatusCode::CREATED, "{note}: {h}");
        assert_eq!(h["note"], *note);
        assert_eq!(
            app.stock_of("oak", "blanket", "usable").await,
            20 - 1 - i as i64,
            "{note}"
        );
    }
    assert_eq!(app.handouts_len().await, notes.len());
}

async fn idempotency_key_records_a_handout_once(app: TestApp) {
    oak_with_tents_and_blankets(&app).await;
    let body = handout(
        "oak",
        json!([{"category": "blanket", "quantity": 2}]),
        json!([{"category": "tent-4p", "quantity": 1}]),
    );
    let (s1, first) = app
        .post_with_key("/api/v1/handouts", &body, Some("h-1"))
        .await;
    let (s2, second) = app
        .post_with_key("/api/v1/handouts", &body, Some("h-1"))
        .await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(first, second);
    assert_eq!(app.stock_of("oak", "blanket", "usable").await, 8);
    assert_eq!(app.handouts_len().await, 1);
    let (_, ev) = app.get("/api/v1/handouts/unmet").await;
    assert_eq!(ev["unmet"][0]["quantity"], 1);
    let other = handout(
        "oak",
        json!([{"category": "blanket", "quantity": 3}]),
        json!([]),
    );
    let (s3, err) = app
        .post_with_key("/api/v1/handouts", &other, Some("h-1"))
        .await;
    assert_eq!(s3, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "idempotency_key_reused");
    assert_eq!(app.stock_of("oak", "blanket", "usable").await, 8);
}

// ---- The distributor's page ----

async fn post_form(app: &TestApp, fields: &[(&str, &str)]) -> (StatusCode, String, Option<String>) {
    let resp = app
        .client
        .post(app.url("/handouts"))
        .form(fields)
        .send()
        .await
        .expect("POST /handouts");
    let (status, location, body) = common::answer_of(resp).await;
    (status, body, location)
}

fn input_value(html: &str, id: &str) -> Option<String> {
    let start = html.find(&format!("id=\"{id}\""))?;
    let tag_start = html[..start].rfind('<')?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let v = tag.find("value=\"")? + 7;
    Some(tag[v..v + tag[v..].find('"')?].to_string())
}

fn form_key(html: &str) -> String {
    let i = html.find("name=\"form_key\" value=\"").expect("form key") + 23;
    html[i..i + html[i..].find('"').unwrap()].to_string()
}

async fn handout_page_steppers_and_save(app: TestApp) {
    oak_with_tents_and_blankets(&app).await;
    let (s, html) = app.get_text("/handouts?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    for id in [
        "site-links",
        "site-stock",
        "handout-form",
        "handed_out_on",
        "give-tent-2p",
        "give-tent-2p-plus",
        "give-tent-2p-minus",
        "unmet-section",
        "unmet-sleeping-bag-plus",
        "note",
        "running-total",
        "save",
        "day-summary",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "#{id} missing");
    }
    assert!(
        !common::has_inline_script(&html),
        "works without JavaScript"
    );
    assert!(
        !html.contains("id=\"give-sleeping-bag\""),
        "no stepper for what the site does not have"
    );
    let key = form_key(&html);
    let entries = app.ledger_len().await;
    let day = today();
    let base = |extra: &[(&'static str, String)]| -> Vec<(&'static str, String)> {
        let mut v = vec![
            ("form_key", key.clone()),
            ("site", "oak".to_string()),
            ("handed_out_on", day.clone()),
            ("note", String::new()),
        ];
        v.extend(extra.iter().cloned());
        v
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form(app, &pairs).await
        }
    };
    // A tap answers with a redirect back to the form at the tapped row, the counts
    // so far in its address: follow it as a browser would.
    let send = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let (s, _, location) = send(fields).await;
            assert_eq!(s, StatusCode::SEE_OTHER, "a tap redirects");
            let location = location.expect("a Location");
            assert!(location.contains("#row-"), "{location}");
            let (s, html) = app.get_text(&location).await;
            (s, html, Some(location))
        }
    };
    // + twice, then − once: the count lives in the form, nothing is saved.
    let (s, html, _) = send(base(&[
        ("give.tent-2p", "0".into()),
        ("step", "tent-2p:+1".into()),
    ]))
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(input_value(&html, "give-tent-2p").as_deref(), Some("1"));
    let (_, html, _) = send(base(&[
        ("give.tent-2p", "1".into()),
        ("step", "tent-2p:+1".into()),
    ]))
    .await;
    assert_eq!(input_value(&html, "give-tent-2p").as_deref(), Some("2"));
    assert!(
        html.contains(
            "<strong>2</strong> items<br><span class=\"muted\">as of the last update</span>"
        ) && html.contains(">Save hand-out</button>"),
        "running total on the button"
    );
    let (_, html, _) = send(base(&[
        ("give.tent-2p", "2".into()),
        ("step", "tent-2p:-1".into()),
    ]))
    .await;
    assert_eq!(input_value(&html, "give-tent-2p").as_deref(), Some("1"));
    // + stops at what the site has (7 good or usable tents).
    let (_, html, _) = send(base(&[
        ("give.tent-2p", "7".into()),
        ("step", "tent-2p:+1".into()),
    ]))
    .await;
    assert_eq!(input_value(&html, "give-tent-2p").as_deref(), Some("7"));
    assert!(
        html.contains("id=\"give-tent-2p-plus\" name=\"step\" value=\"tent-2p:+1\"")
            && html.contains("disabled")
    );
    // The unmet stepper.
    let (_, html, _) = send(base(&[
        ("give.tent-2p", "2".into()),
        ("unmet.sleeping-bag", "3".into()),
        ("step", "unmet:sleeping-bag:+1".into()),
    ]))
    .await;
    assert_eq!(
        input_value(&html, "unmet-sleeping-bag").as_deref(),
        Some("4")
    );
    assert_eq!(
        input_value(&html, "give-tent-2p").as_deref(),
        Some("2"),
        "other counts survive a tap"
    );
    assert_eq!(app.ledger_len().await, entries, "stepping saves nothing");

    // Save: one big button, 303 back to the page with the day's summary.
    let send = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form(app, &pairs).await
        }
    };
    let save = base(&[
        ("give.tent-2p", "2".into()),
        ("give.blanket", "3".into()),
        ("unmet.sleeping-bag", "4".into()),
        ("action", "save".into()),
    ]);
    let (s, _, location) = send(save.clone()).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let location = location.expect("a redirect");
    assert!(location.starts_with("/handouts?site=oak"), "{location}");
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 1);
    assert_eq!(app.stock_of("oak", "blanket", "usable").await, 7);
    // A double tap (the same form sent again) saves once.
    let (s, _, _) = send(save.clone()).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 1);
    assert_eq!(app.handouts_len().await, 1);
    let (_, html) = app.get_text(&location).await;
    assert!(
        html.contains("Handed out 5 items at oak: "),
        "flash after save names the site"
    );
    let summary = &html[html.find("id=\"day-summary\"").unwrap()..];
    assert!(
        summary.contains("Sleeping bag") && summary.contains("Blanket"),
        "the day's summary names the goods"
    );
    assert!(summary.contains("5 items went out"), "{summary}");

    // The same counts again on a fresh form within two minutes: asked first, not saved.
    let (_, html) = app.get_text(&location).await;
    let again: Vec<(&'static str, String)> = save
        .iter()
        .map(|(k, v)| {
            (
                *k,
                if *k == "form_key" {
                    form_key(&html)
                } else {
                    v.clone()
                },
            )
        })
        .collect();
    let (s, html, _) = send(again.clone()).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Same as the hand-out saved at "), "{html}");
    assert!(html.contains("— save again?"), "{html}");
    assert_eq!(
        app.handouts_len().await,
        1,
        "nothing saved before the confirm"
    );
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 1);
    // Confirmed, it is a second hand-out.
    let mut confirmed = again.clone();
    confirmed.push(("confirmed", "yes".into()));
    let (s, _, _) = send(confirmed).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(app.handouts_len().await, 2);
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 0);

    // Nothing counted, a bad count, more than the site has: 4xx, nothing saved.
    let before = (app.stock_snapshot().await, app.handouts_len().await);
    let (s, html) = app.get_text("/handouts?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    let key = form_key(&html);
    let form = |extra: &[(&str, &str)]| {
        let mut v: Vec<(String, String)> = vec![
            ("form_key".into(), key.clone()),
            ("site".into(), "oak".into()),
            ("handed_out_on".into(), day.clone()),
            ("action".into(), "save".into()),
        ];
        v.extend(extra.iter().map(|(a, b)| (a.to_string(), b.to_string())));
        v
    };
    for (extra, status) in [
        (vec![], StatusCode::UNPROCESSABLE_ENTITY),
        (
            vec![("give.blanket", "lots")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            vec![("give.blanket", "-1")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (vec![("give.blanket", "99")], StatusCode::CONFLICT),
        (
            vec![("give.blanket", "1"), ("handed_out_on", "someday")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let fields = form(&extra);
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let (s, html, _) = post_form(&app, &pairs).await;
        assert_eq!(s, status, "{extra:?}");
        assert!(
            html.contains("class=\"flash error"),
            "{extra:?}: the page says what is wrong"
        );
    }
    assert_eq!(
        (app.stock_snapshot().await, app.handouts_len().await),
        before
    );

    let (s, html) = app.get_text("/handouts?site=atlantis").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("There is no site"));
    app.assert_ledger_consistent();
}

/// The site's stock on the hand-out page reads as the catalogue is grouped (shelter,
/// sleeping, cooking, …), by name inside a group, good before usable — never by slug.
async fn handout_stock_table_reads_by_group_and_name(app: TestApp) {
    let lines = [
        ("tent-2p", "usable", 2),
        ("tent-2p", "good", 2),
        ("cooking-pot", "good", 2),
        ("blanket", "good", 2),
        ("airbed", "good", 2),
        ("gazebo", "good", 1),
    ];
    let intake: Vec<Value> = lines
        .iter()
        .map(|(c, k, q)| json!({"category": c, "condition": k, "quantity": q}))
        .collect();
    let (s, body) = app.post_intake("unit-east", json!(intake)).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    app.stock_site("unit-east", "oak", &lines).await;
    let (s, html) = app.get_text("/handouts?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    let table = &html[html.find("id=\"site-stock\"").expect("the stock table")..];
    let table = &table[..table.find("</section>").expect("its end")];
    let rows: Vec<&str> = table
        .split("<tr data-category=\"")
        .skip(1)
        .map(|r| &r[..r.find("\" data-condition").unwrap_or(0)])
        .collect();
    assert_eq!(
        rows,
        [
            "gazebo",
            "tent-2p",
            "tent-2p",
            "airbed",
            "blanket",
            "cooking-pot"
        ],
        "shelter (Gazebo, Tent), sleeping (Airbed, Blanket), cooking: {table}"
    );
    let tent_good = table.find("data-category=\"tent-2p\" data-condition=\"good\"");
    let tent_usable = table.find("data-category=\"tent-2p\" data-condition=\"usable\"");
    assert!(tent_good < tent_usable, "good first: {table}");
    // What was asked for is counted in the catalogue's groups too, under headings.
    let unmet = &html[html
        .find("id=\"unmet-section\"")
        .expect("the unmet section")..];
    let at = |needle: &str| {
        unmet
            .find(needle)
            .unwrap_or_else(|| panic!("{needle}: {unmet}"))
    };
    assert!(at("<h3 class=\"group-name\">Shelter</h3>") < at("id=\"unmet-gazebo\""));
    assert!(at("id=\"unmet-gazebo\"") < at("<h3 class=\"group-name\">Sleeping</h3>"));
    assert!(at("<h3 class=\"group-name\">Sleeping</h3>") < at("id=\"unmet-airbed\""));
    assert!(at("id=\"unmet-airbed\"") < at("<h3 class=\"group-name\">Cooking</h3>"));

    // More than the site has: refused, the reason beside the row, the count kept.
    let before = state_of(&app).await;
    let (s, _, html) = app
        .post_form(
            "/handouts",
            &[
                ("form_key", "toomany1"),
                ("site", "oak"),
                ("handed_out_on", today().as_str()),
                ("give.blanket", "99"),
                ("give.airbed", "1"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    let row = &html[html.find("id=\"row-blanket\"").expect("the blanket row")..];
    let row = &row[..row.find("</div>").expect("its end")];
    assert!(row.contains("value=\"99\""), "{row}");
    assert!(
        row.contains(
            "<div id=\"give-blanket-error\"><p class=\"field-error\" role=\"alert\">Only 2 here to hand out.</p>"
        ),
        "{row}"
    );
    assert!(!html.contains("give-airbed-error"), "only the short row");
    assert_eq!(state_of(&app).await, before);
}

/// The running total as the bar says it: (items, what it says under the number).
fn bar_of(html: &str) -> (String, String) {
    let bar = &html[html.find("id=\"total\"").expect("the total")..];
    let bar = &bar[..bar.find("</p>").expect("its end")];
    let items = bar
        .split("<strong>")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap_or_default()
        .to_string();
    let under = bar.rsplit("\">").next().unwrap_or_default();
    (items, under.trim_end_matches("</span>").to_string())
}

/// A count refused (more than the site has, or not a number) stays in its box with the
/// reason beside it, and is out of the bar's total, which says a box needs putting
/// right: after a save refused by the domain, after a stepper tap, on a link.
async fn a_refused_count_stays_in_its_box_and_out_of_the_total(app: TestApp) {
    oak_with_tents_and_blankets(&app).await;
    let (_, html) = app.get_text("/handouts?site=oak").await;
    let key = form_key(&html);
    let day = today();
    let before = (app.stock_snapshot().await, app.handouts_len().await);
    let fields = |extra: &[(&'static str, &'static str)]| {
        let mut v = vec![
            ("form_key", key.as_str()),
            ("site", "oak"),
            ("handed_out_on", day.as_str()),
            ("give.tent-2p", "2"),
            ("give.blanket", "999"),
        ];
        v.extend_from_slice(extra);
        v
    };
    let (s, html, _) = post_form(&app, &fields(&[("action", "save")])).await;
    assert_eq!(s, StatusCode::CONFLICT, "{html}");
    assert_eq!(
        (app.stock_snapshot().await, app.handouts_len().await),
        before,
        "nothing saved"
    );
    let said = "1 box to fix";
    assert_eq!(input_value(&html, "give-blanket").as_deref(), Some("999"));
    assert!(
        html.contains("aria-describedby=\"give-blanket-error\"")
            && html.contains(
                "id=\"give-blanket-error\"><p class=\"field-error\" role=\"alert\">Only 10 here to hand out.",
            ),
        "{html}"
    );
    assert_eq!(bar_of(&html), ("2".to_string(), said.to_string()), "{html}");
    // A stepper tap with the refused count still in its box: the same.
    let (s, _, location) = post_form(&app, &fields(&[("step", "tent-2p:+1")])).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, html) = app.get_text(&location.expect("a redirect")).await;
    assert_eq!(input_value(&html, "give-tent-2p").as_deref(), Some("3"));
    assert_eq!(input_value(&html, "give-blanket").as_deref(), Some("999"));
    assert_eq!(bar_of(&html), ("3".to_string(), said.to_string()), "{html}");
    // Not a number: the same again.
    let (_, html) = app
        .get_text(&format!(
            "/handouts?site=oak&form_key={key}&give.tent-2p=1&give.blanket=lots"
        ))
        .await;
    assert_eq!(bar_of(&html), ("1".to_string(), said.to_string()), "{html}");
    // Put right, the bar counts it and says nothing is wrong.
    let (_, html) = app
        .get_text(&format!(
            "/handouts?site=oak&form_key={key}&give.tent-2p=1&give.blanket=4"
        ))
        .await;
    assert_eq!(
        bar_of(&html),
        ("5".to_string(), "as of the last update".to_string()),
        "{html}"
    );
    assert_eq!(
        (app.stock_snapshot().await, app.handouts_len().await),
        before
    );
}

/// With a few sites, each is one tap away, in name order; the one shown is marked.
async fn a_site_is_one_tap_away(app: TestApp) {
    oak_with_tents_and_blankets(&app).await;
    let (s, html) = app.get_text("/handouts?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    let links = &html[html.find("id=\"site-links\"").expect("site buttons")..];
    let links = &links[..links.find("</nav>").expect("their end")];
    assert!(
        links
            .contains("<a class=\"button secondary chip\" href=\"/handouts?site=heron\">heron</a>"),
        "{links}"
    );
    assert!(
        links.contains("<strong class=\"button chip\" aria-current=\"page\">oak</strong>"),
        "{links}"
    );
    assert!(links.find(">heron<") < links.find(">oak<"), "{links}");
    let (s, html) = app.get_text("/handouts?site=heron").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("In stock at heron"), "{html}");
}

/// The site a page shows as chosen (`aria-current`).
fn site_shown(html: &str) -> String {
    let at = html.find("aria-current=\"page\">").expect("a site shown") + 20;
    html[at..at + html[at..].find('<').expect("its end")].to_string()
}

/// The page starts at the site where this volunteer last handed out, as the intake form
/// starts at their last warehouse; a refused hand-out elsewhere changes nothing, nor
/// does another volunteer's; a site named in the address still wins.
async fn the_page_starts_at_the_last_site(app: TestApp) {
    oak_with_tents_and_blankets(&app).await;
    let blanket = || json!([{"category": "blanket", "quantity": 1}]);
    let (s, html) = app.get_text("/handouts").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        site_shown(&html),
        "heron",
        "nobody has handed out: the first site"
    );
    let (s, body) = app
        .post_handout(&handout("oak", blanket(), json!([])))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (_, html) = app.get_text("/handouts").await;
    assert_eq!(
        site_shown(&html),
        "oak",
        "where the volunteer last handed out"
    );
    assert!(html.contains("In stock at oak"), "{html}");
    // Heron has no blankets: refused, nothing changed, the page still starts at oak.
    refused(
        &app,
        handout("heron", blanket(), json!([])),
        StatusCode::CONFLICT,
    )
    .await;
    let (_, html) = app.get_text("/handouts").await;
    assert_eq!(site_shown(&html), "oak");
    // Another distributor hands out at heron: their page starts there, not this one's.
    app.stock_site("unit-east", "heron", &[("blanket", "usable", 2)])
        .await;
    let ann = app
        .add_user_and_login("dist-ann", haul::auth::Role::Distributor)
        .await;
    let (s, body) = app
        .post_as(
            &ann,
            "/api/v1/handouts",
            &handout("heron", blanket(), json!([])),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (_, html) = app.get_text("/handouts").await;
    assert_eq!(site_shown(&html), "oak");
    let resp = app
        .plain
        .get(app.url("/handouts"))
        .bearer_auth(&ann)
        .send()
        .await
        .expect("GET /handouts");
    assert_eq!(site_shown(&resp.text().await.unwrap_or_default()), "heron");
    let (_, html) = app.get_text("/handouts?site=heron").await;
    assert_eq!(site_shown(&html), "heron", "the address wins");
}

on_both_backends!(
    the_page_starts_at_the_last_site,
    a_refused_count_stays_in_its_box_and_out_of_the_total,
    a_site_is_one_tap_away,
    handout_takes_good_first_then_usable,
    a_day_with_nothing_to_give_is_worth_recording,
    unmet_evidence_sums_per_site_and_category,
    bad_handouts_change_nothing,
    personal_fields_are_refused,
    notes_with_phone_numbers_or_emails_are_refused,
    idempotency_key_records_a_handout_once,
    handout_page_steppers_and_save,
    handout_stock_table_reads_by_group_and_name,
);
