//! Hand-out evidence never replaces a stated need silently (issue 9 item 8), on SQLite
//! and PostgreSQL: with a need in force the distributor chooses "add N" or "raise to
//! N", sees before → after with who stated it when, and the original stays in history.

mod common;

use common::TestApp;
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn day(n: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(n)).to_string()
}

/// Oak stated 15 tents three days ago; today a hand-out could not give 4 more.
async fn oak_stated_15_and_asked_for_4(app: &TestApp) -> i64 {
    app.intake_tents("unit-east", 5).await;
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 1)])
        .await;
    let (s, need) = app
        .post(
            "/api/v1/needs",
            &json!({"site": "oak", "category": "tent-2p", "quantity": 15,
                "stated_on": day(-3), "stated_by": "Oak site assembly"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{need}");
    let (s, h) = app
        .post_handout(&json!({"site": "oak", "handed_out_on": day(0),
            "lines": [{"category": "tent-2p", "quantity": 1}],
            "unmet": [{"category": "tent-2p", "quantity": 4}]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    need["id"].as_i64().expect("need id")
}

async fn oak_tents(app: &TestApp) -> Vec<Value> {
    let (s, body) = app
        .get("/api/v1/needs?site=oak&category=tent-2p&history=true")
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    body["needs"].as_array().cloned().unwrap_or_default()
}

fn form(
    key: &'static str,
    quantity: &'static str,
    mode: Option<&'static str>,
    based_on: &str,
) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("form_key", key.to_string()),
        ("site", "oak".to_string()),
        ("category", "tent-2p".to_string()),
        ("quantity", quantity.to_string()),
        ("stated_by", "coord, from hand-out evidence".to_string()),
        ("based_on", based_on.to_string()),
    ];
    if let Some(m) = mode {
        f.push(("mode", m.to_string()));
    }
    f
}

async fn post(
    app: &TestApp,
    fields: &[(&'static str, String)],
) -> (StatusCode, Option<String>, String) {
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_form("/needs/from-evidence", &f).await
}

async fn adding_evidence_to_a_stated_need_keeps_the_original(app: TestApp) {
    let original = oak_stated_15_and_asked_for_4(&app).await;
    let id = original.to_string();

    // The page offers the choice, before → after, and names the original statement.
    let (s, html) = app.get_text("/needs?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Add 4 Tent (2 person) to oak's need: 15 → 19"),
        "{html}"
    );
    assert!(html.contains("Oak site assembly"));
    assert!(html.contains(&day(-3)));
    assert!(html.contains(&format!("name=\"based_on\" value=\"{original}\"")));
    assert!(!html.contains("Raise oak's need"), "4 would not raise 15");
    assert!(html.contains("The stated 15 is already more than 4: only adding to it raises it."));
    assert!(
        !html.contains("already covers"),
        "it does not: Add is offered"
    );
    assert!(
        !html.contains("State a need for 4"),
        "no silent one-tap replace"
    );

    // Without an explicit choice nothing is replaced (the old one-tap form).
    let before = oak_tents(&app).await;
    for fields in [
        form("e1", "4", None, &id),
        form("e2", "4", None, ""),
        form("e3", "4", Some("replace"), &id),
        form("e4", "4", Some("raise"), &id),
        form("e5", "0", Some("add"), &id),
        form("e6", "4", Some("add"), "x"),
    ] {
        let (s, _, html) = post(&app, &fields).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(html.contains("flash error"), "{fields:?}");
        assert_eq!(
            oak_tents(&app).await,
            before,
            "{fields:?} changed the needs"
        );
    }
    // A distributor who fills needs only may not; the warehouse may not.
    let warehouse = app.add_user_and_login("wanda", Role::Warehouse).await;
    let r = app
        .plain
        .post(app.url("/needs/from-evidence"))
        .bearer_auth(warehouse)
        .form(&form("e7", "4", Some("add"), &id))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(oak_tents(&app).await, before);

    // "Add 4": 19, stated today by the distributor's form, the 15 kept in the history.
    let (s, location, body) = post(&app, &form("add1", "4", Some("add"), &id)).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let location = location.unwrap();
    assert!(location.contains(&format!("&was={original}")), "{location}");
    let needs = oak_tents(&app).await;
    assert_eq!(needs.len(), 2, "{needs:?}");
    let current: Vec<&Value> = needs.iter().filter(|n| n["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["wanted"], 19);
    assert_eq!(current[0]["stated_on"], day(0));
    assert_eq!(current[0]["stated_by"], "coord, from hand-out evidence");
    let kept = needs
        .iter()
        .find(|n| n["id"] == original)
        .expect("the original");
    assert_eq!(kept["wanted"], 15);
    assert_eq!(kept["stated_by"], "Oak site assembly");
    assert_eq!(kept["current"], false);
    let (_, page) = app.get_text(&location).await;
    // The confirmation stands in Oak's section, where the page jumps to.
    assert!(location.ends_with("#oak"), "{location}");
    let section = page.find("id=\"oak\"").expect("Oak's section");
    let saved = page
        .find("needs 19 × Tent (2 person) (was 15")
        .expect("the confirmation");
    assert!(saved > section, "the confirmation is beside Oak's section");
    assert!(
        page.contains(&format!(
            "Oak needs 19 × Tent (2 person) (was 15, stated by Oak site assembly on {}",
            day(-3)
        )) || page.contains("(was 15, stated by Oak site assembly on"),
        "{page}"
    );

    // The same form again saves once; a form made for the old statement is stale now.
    let after = oak_tents(&app).await;
    let (s, _, _) = post(&app, &form("add1", "4", Some("add"), &id)).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _, html) = post(&app, &form("add2", "4", Some("add"), &id)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(html.contains("changed since the page was shown"), "{html}");
    assert_eq!(oak_tents(&app).await, after);

    // "Raise to N" when N is more than stated; not when it is less.
    let now = current[0]["id"].to_string();
    let (s, _, _) = post(&app, &form("raise1", "12", Some("raise"), &now)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(oak_tents(&app).await, after);
    let (s, _, body) = post(&app, &form("raise2", "25", Some("raise"), &now)).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let needs = oak_tents(&app).await;
    assert_eq!(needs.len(), 3);
    let current = needs.iter().find(|n| n["current"] == true).unwrap();
    assert_eq!(current["wanted"], 25);
}

/// Evidence taken into a statement is not offered again (no double counting); a
/// hand-out recorded after the statement is new evidence and is offered.
async fn evidence_taken_into_a_statement_is_not_offered_again(app: TestApp) {
    let original = oak_stated_15_and_asked_for_4(&app).await;
    let (_, html) = app.get_text("/needs?site=oak").await;
    assert!(html.contains("id=\"evidence-oak\""), "{html}");
    let (s, _, body) = post(
        &app,
        &form("take1", "4", Some("add"), &original.to_string()),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");

    let (_, html) = app.get_text("/needs?site=oak").await;
    assert!(!html.contains("id=\"evidence-oak\""), "{html}");
    assert!(!html.contains("Add 4 "), "offered twice: {html}");
    assert!(!html.contains("19 → 23"), "offered twice: {html}");

    // A later hand-out that could not give 3 more is new evidence: only those 3.
    let (s, h) = app
        .post_handout(&json!({"site": "oak", "handed_out_on": day(0),
            "unmet": [{"category": "tent-2p", "quantity": 3}]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    let (_, html) = app.get_text("/needs?site=oak").await;
    assert!(html.contains("id=\"evidence-oak\""), "{html}");
    assert!(html.contains("asked for <strong>3 "), "{html}");
    assert!(html.contains("at 1 hand-out,"), "{html}");
    assert!(
        html.contains("Add 3 Tent (2 person) to oak's need: 19 → 22"),
        "{html}"
    );
    assert!(!html.contains("Add 7 "), "{html}");
}

/// The statement in force is shown plainly beside the evidence (not only in the closed
/// list of earlier statements), with its needed-by date; the date carries over to the
/// statement that replaces it, and a date the form changes or clears is the one kept.
async fn evidence_keeps_the_needed_by_date_and_shows_what_it_replaces(app: TestApp) {
    app.intake_tents("unit-east", 5).await;
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 1)])
        .await;
    let (s, need) = app
        .post(
            "/api/v1/needs",
            &json!({"site": "oak", "category": "tent-2p", "quantity": 15,
                "stated_on": day(-3), "stated_by": "Oak site assembly",
                "needed_by": day(10)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{need}");
    let original_id = need["id"].as_i64().expect("need id");
    let original = original_id.to_string();
    let (s, h) = app
        .post_handout(&json!({"site": "oak", "handed_out_on": day(0),
            "unmet": [{"category": "tent-2p", "quantity": 4}]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");

    let (_, html) = app.get_text("/needs?site=oak").await;
    let evidence = &html[html.find("id=\"evidence-oak\"").expect("Oak's evidence")..];
    let evidence = &evidence[..evidence.find("</section>").expect("its end")];
    let plain = format!(
        "<p class=\"stated-now\">Stated now: 15 (Oak site assembly, {}); needed by {}. That statement stays in the history",
        day(-3),
        day(10)
    );
    assert!(evidence.contains(&plain), "{evidence}");
    assert!(!evidence.contains("<details"), "{evidence}");
    assert!(
        evidence.contains(&format!("name=\"needed_by\" value=\"{}\"", day(10))),
        "{evidence}"
    );

    // A date before the statement's day is refused and changes nothing.
    let before = oak_tents(&app).await;
    let mut late = form("nb0", "4", Some("add"), &original);
    late.push(("needed_by", day(-1)));
    let (s, _, page) = post(&app, &late).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert_eq!(oak_tents(&app).await, before);

    // "Add 4" as the page sends it: the date is kept.
    let mut add = form("nb1", "4", Some("add"), &original);
    add.push(("needed_by", day(10)));
    let (s, _, body) = post(&app, &add).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let needs = oak_tents(&app).await;
    let current = needs
        .iter()
        .find(|n| n["current"] == true)
        .expect("in force");
    assert_eq!(current["wanted"], 19);
    assert_eq!(current["needed_by"], day(10));
    let kept = needs.iter().find(|n| n["id"] == original_id).expect("kept");
    assert_eq!(kept["needed_by"], day(10));
}

on_both_backends!(adding_evidence_to_a_stated_need_keeps_the_original);
on_both_backends!(evidence_keeps_the_needed_by_date_and_shows_what_it_replaces);
on_both_backends!(evidence_taken_into_a_statement_is_not_offered_again);
