//! A reversed hand-out counts nowhere it should not, on SQLite and PostgreSQL: not in
//! the hand-outs export, not in the site's day summary on the hand-out page, not as
//! evidence of unmet need. The ledger keeps the hand-out's entries and the
//! correction's; the history keeps its mark. A hand-out corrected to fewer items
//! counts as corrected.

mod common;

use common::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

async fn handout(app: &TestApp, given: i64, unmet: i64) -> i64 {
    let mut body = json!({"site": "oak", "handed_out_on": today(), "lines": [], "unmet": []});
    if given > 0 {
        body["lines"] = json!([{"category": "tent-2p", "quantity": given}]);
    }
    if unmet > 0 {
        body["unmet"] = json!([{"category": "blanket", "quantity": unmet}]);
    }
    let (s, h) = app.post_handout(&body).await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    h["id"].as_i64().expect("hand-out id")
}

async fn correct(app: &TestApp, id: i64, lines: Option<Value>, reason: &str) {
    let mut body = json!({"of": {"kind": "hand-out", "id": id}, "reason": reason});
    if let Some(l) = lines {
        body["lines"] = l;
    }
    let (s, c) = app.post("/api/v1/corrections", &body).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
}

/// The cells of the day summary's row for a category: (handed out, asked for).
fn summary_row(html: &str, category: &str) -> Option<(String, String)> {
    let summary = &html[html.find("id=\"day-summary\"")?..];
    let row = &summary[summary.find(&format!("data-category=\"{category}\""))?..];
    let row = &row[..row.find("</tr>")?];
    let cells: Vec<String> = row
        .split("<td class=\"num\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap_or("").to_string())
        .collect();
    Some((cells.first()?.clone(), cells.get(1)?.clone()))
}

async fn a_reversed_handout_counts_nowhere(app: TestApp) {
    app.intake_tents("unit-east", 10).await;
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 8)])
        .await;
    let wrong = handout(&app, 2, 3).await;
    let kept = handout(&app, 1, 5).await;
    let fewer = handout(&app, 3, 0).await;

    // Before any correction all three count.
    let (_, before) = app.get("/api/v1/handouts/unmet?site=oak").await;
    assert_eq!(before["unmet"][0]["quantity"], 8, "{before}");

    correct(&app, wrong, None, "recorded at the wrong site").await;
    correct(
        &app,
        fewer,
        Some(json!([{"category": "tent-2p", "condition": "good", "quantity": 2}])),
        "two, not three",
    )
    .await;
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 8 - 1 - 2);

    // The export: nothing of the reversed hand-out, the corrected one as it stands.
    let (s, _, rows) = app.get_csv("/api/v1/export/handouts.csv?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    let of = |id: i64| -> Vec<(String, String)> {
        rows.iter()
            .filter(|r| r["handout_id"] == id.to_string())
            .map(|r| (r["kind"].clone(), r["quantity"].clone()))
            .collect()
    };
    assert!(of(wrong).is_empty(), "{rows:?}");
    assert_eq!(
        of(kept),
        vec![
            ("handed-out".to_string(), "1".to_string()),
            ("unmet".to_string(), "5".to_string())
        ]
    );
    assert_eq!(of(fewer), vec![("handed-out".to_string(), "2".to_string())]);

    // The day summary on the hand-out page.
    let (s, html) = app
        .get_text(&format!("/handouts?site=oak&on={}", today()))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("2 hand-outs recorded: 3 items went out."),
        "{html}"
    );
    assert_eq!(
        summary_row(&html, "tent-2p"),
        Some(("3".into(), "0".into()))
    );
    assert_eq!(
        summary_row(&html, "blanket"),
        Some(("0".into(), "5".into()))
    );

    // The evidence: over the API and on the needs page.
    let (_, unmet) = app.get("/api/v1/handouts/unmet?site=oak").await;
    assert_eq!(unmet["unmet"][0]["quantity"], 5, "{unmet}");
    assert_eq!(unmet["unmet"][0]["handouts"], 1, "{unmet}");
    let (_, needs) = app.get_text("/needs?site=oak").await;
    assert!(
        needs.contains("asked for <strong>5 Blanket</strong>"),
        "{needs}"
    );
    assert!(!needs.contains("<strong>8 Blanket"), "{needs}");

    // The ledger keeps both the hand-out's entries and the correction's; the history
    // marks it reversed.
    let (_, _, ledger) = app.get_csv("/api/v1/export/ledger.csv").await;
    let own = ledger
        .iter()
        .filter(|r| r["cause"] == "hand-out" && r["cause_id"] == wrong.to_string())
        .count();
    let reversal = ledger
        .iter()
        .filter(|r| r["corrects"] == format!("hand-out {wrong}"))
        .count();
    assert_eq!((own, reversal), (1, 1), "{ledger:?}");
    let (s, page) = app.get_text(&format!("/history/hand-out/{wrong}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("reversed by"), "{page}");
    // The API list still shows every hand-out as written.
    assert_eq!(app.handouts_len().await, 3);
    app.assert_ledger_consistent();
}

on_both_backends!(a_reversed_handout_counts_nowhere);
