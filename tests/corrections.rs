//! Corrections and undo over the API, on SQLite and PostgreSQL: a correction is a new
//! change through the ledger that references the one it corrects; nothing earlier is
//! edited; refusals (unknown kind or id, no reason, quantity ≤ 0, stock below zero,
//! even for a correction of a correction, late or foreign undo, wrong role) change nothing.

mod common;

use common::TestApp;
use diesel::prelude::*;
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn correct(app: &TestApp, body: Value) -> (StatusCode, Value) {
    app.post("/api/v1/corrections", &body).await
}

/// What a refusal must leave as it was.
async fn state_of(app: &TestApp) -> (Value, usize, Vec<std::collections::HashMap<String, String>>) {
    let (_, _, ledger) = app.get_csv("/api/v1/export/ledger.csv").await;
    (app.stock_snapshot().await, app.ledger_len().await, ledger)
}

/// Moves the newest ledger entries of a change into the past, as if made `minutes` ago.
fn back_date(app: &TestApp, cause: &'static str, id: i64, minutes: i64) {
    use haul::db::schema::ledger_entries as le;
    let at = chrono::Utc::now().naive_utc() - chrono::Duration::minutes(minutes);
    app.db
        .write_blocking(move |c| {
            diesel::update(
                le::table
                    .filter(le::cause.eq(cause))
                    .filter(le::cause_id.eq(id)),
            )
            .set(le::at.eq(at))
            .execute(c)?;
            Ok(())
        })
        .expect("back-date");
}

async fn an_intake_at_the_wrong_warehouse_is_corrected(app: TestApp) {
    let id = app.intake_tents("unit-east", 12).await;
    let ledger_before = app.ledger_len().await;

    // Corrected with its lines at the right warehouse: out of one, into the other.
    let body = json!({"of": {"kind": "intake", "id": id},
        "lines": [{"location": "unit-south", "category": "tent-2p", "condition": "good", "quantity": 12}],
        "reason": "logged at the wrong warehouse"});
    let (s, c1) = app
        .post_with_key("/api/v1/corrections", &body, Some("fix-1"))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c1}");
    assert_eq!(c1["of"], json!({"kind": "intake", "id": id}));
    assert_eq!(c1["reason"], "logged at the wrong warehouse");
    assert_eq!(c1["entries"].as_array().map(Vec::len), Some(2), "{c1}");
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 0);
    assert_eq!(app.stock_of("unit-south", "tent-2p", "good").await, 12);
    assert_eq!(
        app.ledger_len().await,
        ledger_before + 2,
        "two new entries, none edited"
    );
    // The same key and body take effect once.
    let (s, again) = app
        .post_with_key("/api/v1/corrections", &body, Some("fix-1"))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(again["id"], c1["id"]);
    assert_eq!(app.ledger_len().await, ledger_before + 2);

    // The intake's own entries are untouched; the correction is in the export with its reference.
    let (s, entries) = app
        .get(&format!("/api/v1/ledger?cause=intake&cause_id={id}"))
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(entries["entries"][0]["quantity"], 12);
    assert_eq!(entries["entries"][0]["location"], "unit-east");
    let (_, _, rows) = app.get_csv("/api/v1/export/ledger.csv").await;
    let corr: Vec<_> = rows.iter().filter(|r| r["cause"] == "correction").collect();
    assert_eq!(corr.len(), 2);
    assert!(corr.iter().all(|r| r["corrects"] == format!("intake {id}")));
    assert!(rows
        .iter()
        .filter(|r| r["cause"] != "correction")
        .all(|r| r["corrects"].is_empty()));

    // A correction of the correction: back to where it was.
    let c1_id = c1["id"].as_i64().unwrap();
    let (s, c2) = correct(
        &app,
        json!({"of": {"kind": "correction", "id": c1_id}, "reason": "it was east after all"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{c2}");
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 12);
    assert_eq!(app.stock_of("unit-south", "tent-2p", "good").await, 0);

    // Fewer than logged: the difference is written.
    let (s, c3) = correct(
        &app,
        json!({"of": {"kind": "intake", "id": id},
            "lines": [{"category": "tent-2p", "condition": "good", "quantity": 9},
                      {"category": "tent-2p", "condition": "needs-drying", "quantity": 3}],
            "reason": "three were wet"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{c3}");
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 9);
    assert_eq!(
        app.stock_of("unit-east", "tent-2p", "needs-drying").await,
        3
    );

    // Reversed entirely, whatever corrections came before.
    let (s, c4) = correct(
        &app,
        json!({"of": {"kind": "intake", "id": id}, "reason": "never arrived"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{c4}");
    assert_eq!(app.stock_snapshot().await, json!([]));
    // A reversed intake no longer counts as salvaged in the reports.
    let (s, report) = app.get("/api/v1/reports/summary").await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(report["salvaged"]["total"]["items"], 0, "{report}");
    assert_eq!(report["salvaged"]["by_source"], json!([]), "{report}");
    // Nothing is left to reverse.
    let before = state_of(&app).await;
    let (s, err) = correct(
        &app,
        json!({"of": {"kind": "intake", "id": id}, "reason": "again"}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "nothing_to_correct");
    assert_eq!(state_of(&app).await, before);
    app.assert_ledger_consistent();
}

async fn bad_corrections_change_nothing(app: TestApp) {
    let id = app.intake_tents("unit-east", 10).await;
    let good_line = json!({"category": "tent-2p", "condition": "good", "quantity": 4});
    let before = state_of(&app).await;
    let cases: Vec<(Value, StatusCode)> = vec![
        (
            json!({"of": {"kind": "bogus", "id": id}, "reason": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "load", "id": 1}, "reason": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": 999_999}, "reason": "x"}),
            StatusCode::NOT_FOUND,
        ),
        (
            json!({"of": {"kind": "hand-out", "id": id}, "reason": "x"}),
            StatusCode::NOT_FOUND,
        ),
        (
            json!({"of": {"kind": "correction", "id": 1}, "reason": "x"}),
            StatusCode::NOT_FOUND,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}, "reason": "   "}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}, "reason": "ring 07700 900123"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}, "reason": "x", "lines": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}, "reason": "x",
            "lines": [{"category": "tent-2p", "condition": "good", "quantity": 0}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}, "reason": "x",
            "lines": [{"category": "tent-2p", "condition": "good", "quantity": -4}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}, "reason": "x",
            "lines": [{"category": "tent-9p", "condition": "good", "quantity": 4}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}, "reason": "x",
            "lines": [{"location": "oak", "category": "tent-2p", "condition": "good", "quantity": 4}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}, "reason": "x",
            "lines": [{"location": "atlantis", "category": "tent-2p", "condition": "good", "quantity": 4}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}, "reason": "x", "lines": [good_line], "extra": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}, "reason": "x", "undo": true}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"of": {"kind": "intake", "id": id}, "reason": "same as recorded",
            "lines": [{"category": "tent-2p", "condition": "good", "quantity": 10}]}),
            StatusCode::CONFLICT,
        ),
    ];
    for (body, status) in cases {
        let (s, err) = correct(&app, body.clone()).await;
        assert_eq!(s, status, "{body} → {err}");
        assert!(err["error"]["message"].is_string(), "{body} → {err}");
        assert_eq!(state_of(&app).await, before, "{body} changed something");
    }
    let (s, _) = app.post_raw("/api/v1/corrections", "{\"of\":").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // A transfer of lines is reversed, never re-lined.
    // A write-off taken back no longer counts as written off.
    let (s, w) = app
        .post(
            "/api/v1/writeoffs",
            &json!({"location": "unit-east", "lines": [{"category": "tent-2p", "condition": "good", "quantity": 1}], "reason": "torn"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{w}");
    let (s, c) = correct(
        &app,
        json!({"of": {"kind": "write-off", "id": w["id"]}, "reason": "it was mended"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    let (_, report) = app.get("/api/v1/reports/summary").await;
    assert_eq!(report["written_off"]["total"]["items"], 0, "{report}");
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 10);

    let (s, t) = app
        .post(
            "/api/v1/transfers",
            &json!({"from": "unit-east", "to": "unit-south", "lines": [good_line]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    let transfer = t["id"].as_i64().unwrap();
    let before = state_of(&app).await;
    let (s, _) = correct(
        &app,
        json!({"of": {"kind": "transfer", "id": transfer}, "reason": "x", "lines": [good_line]}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(state_of(&app).await, before);

    // Below zero: 5 of the 10 went on to Oak, so the intake cannot be taken back whole.
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 5)])
        .await;
    let before = state_of(&app).await;
    let (s, err) = correct(
        &app,
        json!({"of": {"kind": "intake", "id": id}, "reason": "never arrived"}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "insufficient_stock");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unit-east"),
        "{err}"
    );
    assert_eq!(state_of(&app).await, before);

    // A correction of a correction that would go below zero is refused the same way.
    let id2 = app.intake_tents("unit-east", 6).await;
    let (s, c1) = correct(
        &app,
        json!({"of": {"kind": "intake", "id": id2}, "reason": "wrong warehouse",
            "lines": [{"location": "unit-south", "category": "tent-2p", "condition": "good", "quantity": 6}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{c1}");
    app.stock_site("unit-south", "heron", &[("tent-2p", "good", 9)])
        .await;
    let before = state_of(&app).await;
    let (s, err) = correct(
        &app,
        json!({"of": {"kind": "correction", "id": c1["id"]}, "reason": "undo the move"}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "insufficient_stock");
    assert_eq!(state_of(&app).await, before);

    // Wrong role: crew may correct only their own changes.
    let crew = app.add_user_and_login("cass", Role::Crew).await;
    let (s, _) = app
        .with_token(Some(crew))
        .request(
            reqwest::Method::POST,
            "/api/v1/corrections",
            Some(&json!({"of": {"kind": "intake", "id": id2}, "reason": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = app
        .with_token(None)
        .request(
            reqwest::Method::POST,
            "/api/v1/corrections",
            Some(&json!({"of": {"kind": "intake", "id": id2}, "reason": "x"})),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert_eq!(state_of(&app).await, before);
    app.assert_ledger_consistent();
}

async fn handout_by(app: &TestApp, token: &str, quantity: i64) -> i64 {
    let (s, body) = app
        .with_token(Some(token.to_string()))
        .request(
            reqwest::Method::POST,
            "/api/v1/handouts",
            Some(
                &json!({"site": "oak", "handed_out_on": chrono::Utc::now().date_naive().to_string(),
                "lines": [{"category": "tent-2p", "quantity": quantity}]}),
            ),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    body["id"].as_i64().expect("hand-out id")
}

async fn undo_as(app: &TestApp, token: &str, kind: &str, id: i64) -> (StatusCode, Value) {
    app.post_as(
        token,
        "/api/v1/corrections",
        &json!({"of": {"kind": kind, "id": id}, "undo": true}),
    )
    .await
}

async fn undo_is_ones_own_last_change_within_ten_minutes(app: TestApp) {
    app.intake_tents("unit-east", 20).await;
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 20)])
        .await;
    let dee = app.add_user_and_login("dee", Role::Distributor).await;
    let ann = app.add_user_and_login("ann", Role::Distributor).await;

    let h = handout_by(&app, &dee, 3).await;
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 17);
    let (s, u) = undo_as(&app, &dee, "hand-out", h).await;
    assert_eq!(s, StatusCode::CREATED, "{u}");
    assert_eq!(u["reason"], "undone");
    assert_eq!(u["actor"], "dee");
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 20);
    let (_, report) = app.get("/api/v1/reports/summary").await;
    assert_eq!(
        report["handed_out"]["total"]["items"], 0,
        "undone: {report}"
    );
    // The undo is dee's last change, within the ten minutes, and still not undone in
    // turn: that would bring the hand-out back with no reason given.
    let before = state_of(&app).await;
    let undo_id = u["id"].as_i64().expect("undo id");
    let (s, err) = undo_as(&app, &dee, "correction", undo_id).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("record the change again")),
        "{err}"
    );
    assert_eq!(state_of(&app).await, before);

    // Someone else's change.
    let h_ann = handout_by(&app, &ann, 2).await;
    let before = state_of(&app).await;
    let (s, err) = undo_as(&app, &dee, "hand-out", h_ann).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("only ann"),
        "{err}"
    );
    // Even a coordinator undoes only their own: they correct with a reason instead.
    let (s, _) = correct(
        &app,
        json!({"of": {"kind": "hand-out", "id": h_ann}, "undo": true}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(state_of(&app).await, before);

    // Not the last change.
    let h_ann2 = handout_by(&app, &ann, 1).await;
    let before = state_of(&app).await;
    let (s, err) = undo_as(&app, &ann, "hand-out", h_ann).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{err}");
    assert_eq!(state_of(&app).await, before);

    // After ten minutes.
    back_date(&app, "hand-out", h_ann2, 11);
    let before = state_of(&app).await;
    let (s, err) = undo_as(&app, &ann, "hand-out", h_ann2).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("10 minutes"),
        "{err}"
    );
    assert_eq!(state_of(&app).await, before);
    // The author still corrects it with a reason.
    let (s, c) = app
        .with_token(Some(ann.clone()))
        .request(
            reqwest::Method::POST,
            "/api/v1/corrections",
            Some(&json!({"of": {"kind": "hand-out", "id": h_ann2}, "reason": "counted twice"})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 18);
    app.assert_ledger_consistent();
}

on_both_backends!(
    an_intake_at_the_wrong_warehouse_is_corrected,
    bad_corrections_change_nothing,
    undo_is_ones_own_last_change_within_ten_minutes
);
