//! Scale (issue 11, item 4): conditions, causes, roles, run statuses and location kinds
//! are enums that diesel reads and writes itself. A value in the database that is none
//! of the enum's words (written around Haul, by raw SQL) makes the read that meets it
//! fail with an error naming the word; it is never skipped, so a plan can no longer
//! quietly leave out a stock row.

mod common;

use common::TestApp;
use diesel::connection::SimpleConnection;
use reqwest::StatusCode;

fn raw_sql(app: &TestApp, sql: &str) {
    let mut conn = app.db.conn().expect("a connection");
    conn.batch_execute(sql).expect("raw SQL");
}

/// Runs one of Haul's reads; its error must name `word` and the enum it is not.
fn read_fails_naming<T: std::fmt::Debug>(
    app: &TestApp,
    word: &str,
    enum_name: &str,
    read: impl FnOnce(&mut haul::db::DbConn) -> diesel::QueryResult<T>,
) {
    let mut conn = app.db.conn().expect("a connection");
    let e = haul::error::with_causes(&read(&mut conn).expect_err("the read fails"));
    assert!(
        e.contains(&format!("{word:?}")) && e.contains(enum_name),
        "{e}"
    );
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

/// The stock the API and the pages list (`ledger::store::stock`) holds conditions: a
/// stock row in a word that is no condition fails the list, named, rather than being
/// shown (and filtered) as text.
async fn a_bad_condition_in_the_stock_list_is_named(app: TestApp) {
    app.receive("unit-east", "tent-2p", "good", 3).await;
    raw_sql(
        &app,
        "INSERT INTO stock (location_id, category_id, condition, quantity) \
         SELECT l.id, c.id, 'soggy', 5 FROM locations l, categories c \
         WHERE l.slug = 'unit-east' AND c.slug = 'blanket'",
    );
    read_fails_naming(&app, "soggy", "Condition", |c| {
        haul::ledger::store::stock(c, &Default::default())
    });
    let (s, b) = app.get("/api/v1/stock").await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{b}");
    let (s, b) = app.get("/api/v1/stock?condition=good").await;
    assert_eq!(s, StatusCode::OK, "the good rows alone still read: {b}");
}

/// A correction holds the cause it corrects and its entries' conditions as enums: a
/// correction of a cause Haul does not know, or an entry in a word that is no condition,
/// fails the reads that meet it (the correction, its entries, the reports that net
/// corrections in), named.
async fn a_bad_cause_or_condition_in_a_correction_is_named(app: TestApp) {
    let intake = app.intake_tents("unit-east", 4).await;
    let (s, b) = app
        .post(
            "/api/v1/corrections",
            &serde_json::json!({"of": {"kind": "intake", "id": intake}, "reason": "logged twice"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_i64().expect("the correction's id");
    let (s, b) = app.get("/api/v1/reports/summary").await;
    assert_eq!(s, StatusCode::OK, "{b}");

    raw_sql(
        &app,
        &format!("UPDATE corrections SET of_cause = 'oops' WHERE id = {id}"),
    );
    read_fails_naming(&app, "oops", "Cause", |c| {
        haul::corrections::store::correction(c, id)
    });
    let (s, b) = app.get("/api/v1/reports/summary").await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{b}");
    raw_sql(
        &app,
        &format!("UPDATE corrections SET of_cause = 'intake' WHERE id = {id}"),
    );

    raw_sql(
        &app,
        &format!(
            "UPDATE ledger_entries SET condition = 'soggy' \
             WHERE cause = 'correction' AND cause_id = {id}"
        ),
    );
    read_fails_naming(&app, "soggy", "Condition", |c| {
        haul::corrections::store::entries_of(c, id)
    });
    let (s, b) = app.get("/api/v1/reports/summary").await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{b}");
}

/// A handover's lines hold their conditions (offered and received) as enums: a line in
/// a word that is no condition fails the handover's read, named.
async fn a_bad_condition_on_a_handover_line_is_named(app: TestApp) {
    app.receive("unit-east", "blanket", "good", 5).await;
    let key = haul::partners::key::CollectiveKey::from_seed(&[7; 32]);
    let until = (chrono::Utc::now().date_naive() + chrono::Days::new(30)).to_string();
    let (s, b) = app
        .post(
            "/api/v1/partners",
            &serde_json::json!({"code_name": "dunkirk", "public_key": key.public().text(),
                                "direction": "both", "valid_until": until}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let expires = (chrono::Utc::now().date_naive() + chrono::Days::new(7)).to_string();
    let (s, b) = app
        .post(
            "/api/v1/partner-transfers",
            &serde_json::json!({"partner": "dunkirk", "warehouse": "unit-east", "expires_on": expires,
                                "lines": [{"category": "blanket", "condition": "good", "quantity": 2}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let transfer = b["transfer"]["transfer"].as_str().expect("id").to_string();
    let path = format!("/api/v1/partner-transfers/{transfer}");
    let (s, b) = app.get(&path).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    for (column, value) in [("condition", "soggy"), ("received_condition", "sodden")] {
        raw_sql(
            &app,
            &format!("UPDATE partner_lines SET {column} = '{value}'"),
        );
        let t = transfer.clone();
        read_fails_naming(&app, value, "Condition", move |c| {
            let id = haul::partners::store::transfer(c, &t)?
                .map(|t| t.id)
                .unwrap_or_default();
            haul::partners::store::lines(c, id)
        });
        let (s, b) = app.get(&path).await;
        assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{column}: {b}");
        raw_sql(
            &app,
            "UPDATE partner_lines SET condition = 'good', received_condition = NULL",
        );
    }
    let (s, b) = app.get(&path).await;
    assert_eq!(s, StatusCode::OK, "{b}");
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
    a_bad_condition_in_the_stock_list_is_named,
    a_bad_cause_or_condition_in_a_correction_is_named,
    a_bad_condition_on_a_handover_line_is_named,
);
