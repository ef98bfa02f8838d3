//! Scale (issue 11, item 4): conditions, causes, roles, run statuses and location kinds
//! are enums that diesel reads and writes itself. A value in the database that is none
//! of the enum's words (written around Haul, by raw SQL) makes the read that meets it
//! fail; it is never skipped, so a plan can no longer quietly leave out a stock row.

mod common;

use common::TestApp;
use diesel::connection::SimpleConnection;
use reqwest::StatusCode;

fn raw_sql(app: &TestApp, sql: &str) {
    let mut conn = app.db.conn().expect("a connection");
    conn.batch_execute(sql).expect("raw SQL");
}

async fn a_bad_condition_in_stock_or_a_run_line_is_an_error_not_a_skip(app: TestApp) {
    app.receive("unit-east", "tent-2p", "good", 10).await;
    app.create_van("transit", 9000.0, 1100.0).await;
    let id = app.create_run("transit", "unit-east", &["oak"]).await;
    let (s, b) = app.get(&format!("/api/v1/runs/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    // A stock row at the origin in a condition Haul does not know: the plan used to
    // skip it without a word.
    raw_sql(
        &app,
        "INSERT INTO stock (location_id, category_id, condition, quantity) \
         SELECT l.id, c.id, 'soggy', 5 FROM locations l, categories c \
         WHERE l.slug = 'unit-east' AND c.slug = 'sleeping-bag'",
    );
    let (s, b) = app
        .post(&format!("/api/v1/runs/{id}/plan"), &serde_json::json!({}))
        .await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{b}");
    raw_sql(&app, "DELETE FROM stock WHERE condition = 'soggy'");

    // A planned line in an unknown condition: the run cannot be read.
    raw_sql(
        &app,
        &format!(
            "INSERT INTO run_lines (run_id, site_id, category_id, condition, quantity) \
             SELECT {id}, l.id, c.id, 'soggy', 2 FROM locations l, categories c \
             WHERE l.slug = 'oak' AND c.slug = 'tent-2p'"
        ),
    );
    let (s, b) = app.get(&format!("/api/v1/runs/{id}")).await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{b}");
    let (s, b) = app.get("/api/v1/runs").await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{b}");
}

/// Run statuses, roles and place kinds are also kept by the database's own `CHECK`s,
/// so a bad one cannot even be written around Haul (PostgreSQL's place kinds lost
/// their CHECK when partners were added, and have it again).
async fn a_bad_run_status_place_kind_or_role_cannot_be_stored(app: TestApp) {
    app.create_van("transit", 9000.0, 1100.0).await;
    let id = app.create_run("transit", "unit-east", &["oak"]).await;
    let mut conn = app.db.conn().expect("a connection");
    for sql in [
        format!("UPDATE runs SET status = 'lost' WHERE id = {id}"),
        "UPDATE users SET role = 'admin'".to_string(),
        "UPDATE locations SET kind = 'castle' WHERE slug = 'heron'".to_string(),
    ] {
        assert!(conn.batch_execute(&sql).is_err(), "stored: {sql}");
    }
    // Every kind Haul makes is still accepted.
    for kind in ["warehouse", "site", "van", "partner"] {
        let sql = format!("UPDATE locations SET kind = '{kind}' WHERE slug = 'heron'");
        assert!(conn.batch_execute(&sql).is_ok(), "refused: {sql}");
    }
    conn.batch_execute("UPDATE locations SET kind = 'site' WHERE slug = 'heron'")
        .expect("heron is a site again");
    drop(conn);
    let (s, b) = app.get(&format!("/api/v1/runs/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["status"], "planning");
    let (s, b) = app.get("/api/v1/locations").await;
    assert_eq!(s, StatusCode::OK, "{b}");
}

on_both_backends!(
    a_bad_condition_in_stock_or_a_run_line_is_an_error_not_a_skip,
    a_bad_run_status_place_kind_or_role_cannot_be_stored,
);
