//! Forgetting (issue 15): a retired site's code name and address and a volunteer's
//! handle vanish from the database, the public report and every export while every
//! total stays; old notes are blanked; bad requests forget nothing.

mod common;

use common::{cookie_client, form_action, page_text, TestApp, COORDINATOR_HANDLE};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::json;

const ADDRESS: &str = "behind the old mill";
const NOTE: &str = "left by the oak gate";

async fn some_history(app: &TestApp, crew_token: &str) {
    let (s, body) = app
        .with_token(Some(crew_token.to_string()))
        .request(
            reqwest::Method::POST,
            "/api/v1/intakes",
            Some(&json!({"source": "field", "warehouse": "unit-east", "received_on": "2026-11-01", "note": "counted by crew-1",
                "lines": [{"category": "blanket", "condition": "usable", "quantity": 30},
                          {"category": "tent-2p", "condition": "good", "quantity": 8}]})),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    app.stock_site(
        "unit-east",
        "oak",
        &[("blanket", "usable", 12), ("tent-2p", "good", 4)],
    )
    .await;
    let (s, body) = app
        .post_handout(
            &json!({"site": "oak", "handed_out_on": "2026-11-20", "note": NOTE,
            "lines": [{"category": "blanket", "quantity": 5}],
            "unmet": [{"category": "sleeping-bag", "quantity": 3}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, body) = app
        .post(
            "/api/v1/needs",
            &json!({"site": "oak", "category": "tent-2p", "quantity": 9, "stated_on": "2026-11-02", "stated_by": "oak site assembly"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
}

/// Everything a person holding the database could read: the raw bytes of a VACUUMed
/// copy (SQLite), or every row of every table as text (PostgreSQL).
fn everything_stored(app: &TestApp) -> String {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        t: String,
    }
    match app.backend {
        common::Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("dir");
            let copy = dir.path().join("copy.db");
            let target = copy.display().to_string();
            app.db
                .read_blocking(move |c| Ok(c.batch_execute(&format!("VACUUM INTO '{target}'"))?))
                .expect("vacuum into");
            String::from_utf8_lossy(&std::fs::read(&copy).expect("read copy")).to_string()
        }
        common::Backend::Postgres => app
            .db
            .read_blocking(|c| {
                let haul::db::DbConn::Pg(pg) = c else {
                    unreachable!("a PostgreSQL test")
                };
                let tables: Vec<Row> = diesel::sql_query(
                    "SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = current_schema()",
                )
                .load(pg)?;
                let mut all = String::new();
                for table in tables {
                    let rows: Vec<Row> = diesel::sql_query(format!(
                        "SELECT coalesce(string_agg(row_to_json(x)::text, ' '), '') AS t FROM \"{}\" x",
                        table.t
                    ))
                    .load(pg)?;
                    all.extend(rows.into_iter().map(|r| r.t));
                }
                Ok(all)
            })
            .expect("dump"),
    }
}

const EXPORTS: &[&str] = &[
    "/api/v1/export/stock.csv",
    "/api/v1/export/ledger.csv",
    "/api/v1/export/handouts.csv",
    "/api/v1/export/needs.csv",
];

/// The totals that must not move: stock, the report, and the ledger's quantities.
async fn totals(app: &TestApp) -> String {
    let stock = app.stock_snapshot().await;
    let (_, report) = app.get("/api/v1/reports/summary").await;
    let (_, ledger) = app.get_text("/api/v1/export/ledger.csv").await;
    let quantities: Vec<String> = ledger
        .lines()
        .map(|l| {
            l.split(',')
                .filter(|f| f.parse::<i64>().is_ok())
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    format!("{stock}\n{report}\n{}", quantities.join("\n"))
}

async fn forgetting_a_site_leaves_no_trace_and_every_total(app: TestApp) {
    let crew = app.add_user_and_login("crew-1", Role::Crew).await;
    some_history(&app, &crew).await;
    let before = totals(&app).await;
    let stored = everything_stored(&app);
    assert!(stored.contains(ADDRESS) && stored.contains(NOTE), "control");

    // The confirmation page names the site and posts to the action.
    let (_, coord) = cookie_client();
    app.page_login(&coord, COORDINATOR_HANDLE, "/safety").await;
    let page = page_text(&coord, &app.url("/safety")).await;
    assert!(page.contains("Retire and forget a site"), "{page}");
    // In a coordinator's words: no setting names, no commands (those are in
    // docs/operations.md, which the page points to).
    let lock = page_text(&coord, &app.url("/safety/lock")).await;
    for words in [&page, &lock] {
        assert!(
            !words.contains("HAUL_") && !words.contains("haul unlock") && !words.contains("token"),
            "{words}"
        );
    }
    assert!(
        page.contains("Old notes are kept.") && page.contains("docs/operations.md"),
        "{page}"
    );
    assert!(lock.contains("Everyone is logged out now"), "{lock}");
    // Every action on the page wears the danger style, never an everyday button's.
    assert!(
        page.contains("<a class=\"button danger\" href=\"/safety/lock\">"),
        "{page}"
    );
    assert!(
        page.contains("<button class=\"danger\" type=\"submit\">Forget this site…</button>"),
        "{page}"
    );
    assert!(
        page.contains("<button class=\"danger\" type=\"submit\">Forget this volunteer…</button>"),
        "{page}"
    );
    let confirm = page_text(&coord, &app.url("/safety/forget-site?site=oak")).await;
    assert!(
        confirm.contains("Retire and forget this site?"),
        "{confirm}"
    );
    let form = confirm
        .split("id=\"confirm\"")
        .nth(1)
        .expect("confirmation form");
    let action = form_action(form, 1);

    // Refused: no CSRF token, a crew member, an unknown site, a warehouse.
    let resp = coord
        .post(app.url("/safety/forget-site"))
        .form(&[("site", "oak")])
        .send()
        .await
        .expect("POST");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let (s, _) = app
        .with_token(Some(crew.clone()))
        .request(reqwest::Method::GET, "/safety", None)
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let resp = reqwest::Client::new()
        .post(app.url("/safety/forget-site"))
        .bearer_auth(&crew)
        .form(&[("site", "oak")])
        .send()
        .await
        .expect("POST");
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    // A post that did not come from the confirmation page only asks again.
    let (s, _, body) = app
        .post_form("/safety/forget-site", &[("site", "oak")])
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert!(body.contains("Retire and forget this site?"), "{body}");
    assert!(body.contains("name=\"confirmed\" value=\"yes\""), "{body}");
    for bad in ["nowhere", "unit-east", ""] {
        let (s, _, body) = app
            .post_form(
                "/safety/forget-site",
                &[("site", bad), ("confirmed", "yes")],
            )
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{bad:?}: {body}");
        assert!(body.contains("Nothing was forgotten"), "{body}");
    }
    // A NUL never reaches the handler: the guard refuses it at the edge.
    let (s, _, body) = app
        .post_form("/safety/forget-site", &[("site", "oak\u{0}")])
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(totals(&app).await, before);
    assert!(
        everything_stored(&app).contains(ADDRESS),
        "nothing forgotten yet"
    );

    let resp = coord
        .post(app.url(&action))
        .form(&common::with_csrf(
            form,
            &[("site", "oak"), ("confirmed", "yes")],
        ))
        .send()
        .await
        .expect("POST");
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let done = page_text(&coord, &app.url("/safety?done=site")).await;
    assert!(
        done.contains("The site was retired and forgotten."),
        "{done}"
    );
    assert!(
        done.contains("a site was retired and forgotten; it is now retired-site-1"),
        "{done}"
    );
    assert!(!done.contains(ADDRESS));

    // Every total is unchanged, with the new label where the old name stood.
    let after = totals(&app).await;
    assert_eq!(after, before.replace("\"oak\"", "\"retired-site-1\""));
    assert_ne!(after, before, "the label is there");
    app.assert_ledger_consistent();

    let stored = everything_stored(&app);
    for gone in ["oak", ADDRESS] {
        assert!(!stored.contains(gone), "the database still holds {gone:?}");
    }
    assert!(stored.contains("retired-site-1"));
    let report = page_text(&reqwest::Client::new(), &app.url("/report")).await;
    assert!(!report.contains("oak") && !report.contains(ADDRESS));
    for path in EXPORTS {
        let (s, text) = app.get_text(path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(
            !text.contains("oak") && !text.contains(ADDRESS),
            "{path}: {text}"
        );
    }
    let (_, body) = app.get("/api/v1/locations").await;
    assert!(!body.to_string().contains("oak"), "{body}");

    // A second time: already forgotten.
    let (s, _, _) = app
        .post_form(
            "/safety/forget-site",
            &[("site", "oak"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

async fn forgetting_a_volunteer_replaces_their_handle_everywhere(app: TestApp) {
    let crew = app.add_user_and_login("crew-1", Role::Crew).await;
    some_history(&app, &crew).await;
    let before = totals(&app).await;
    assert!(everything_stored(&app).contains("crew-1"), "control");
    // Warm the role cache: forgetting must still refuse the token at once.
    let view = app.with_token(Some(crew.clone()));
    assert_eq!(
        view.request(reqwest::Method::GET, "/api/v1/stock", None)
            .await
            .0,
        StatusCode::OK
    );

    let (s, _, body) = app
        .post_form(
            "/safety/forget-volunteer",
            &[("handle", COORDINATOR_HANDLE)],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "not oneself: {body}");
    let (s, _, _) = app
        .post_form(
            "/safety/forget-volunteer",
            &[("handle", "nobody"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Not confirmed: asked again, nothing forgotten.
    let (s, _, body) = app
        .post_form("/safety/forget-volunteer", &[("handle", "crew-1")])
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert!(body.contains("Forget this volunteer?"), "{body}");
    assert_eq!(totals(&app).await, before);

    let (s, location, body) = app
        .post_form(
            "/safety/forget-volunteer",
            &[("handle", "crew-1"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(location.as_deref(), Some("/safety?done=volunteer"));
    assert_eq!(
        view.request(reqwest::Method::GET, "/api/v1/stock", None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert!(app.login("crew-1", common::TEST_PASSWORD).await.is_err());

    assert_eq!(
        totals(&app).await,
        before.replace("crew-1", "forgotten-volunteer-1")
    );
    let stored = everything_stored(&app);
    assert!(
        !stored.contains("crew-1"),
        "the database still holds the handle"
    );
    let (_, ledger) = app.get_text("/api/v1/export/ledger.csv").await;
    assert!(ledger.contains("forgotten-volunteer-1"), "{ledger}");
    let audit = app
        .db
        .read_blocking(|c| Ok(haul::safety::audit_entries(c, 5)?))
        .expect("audit");
    assert_eq!(audit[0].action, "forget-volunteer");
    assert!(
        !audit[0].detail.contains("crew-1"),
        "says what, not who: {}",
        audit[0].detail
    );
}

async fn old_notes_are_blanked_and_totals_stay(app: TestApp) {
    let crew = app.add_user_and_login("crew-1", Role::Crew).await;
    some_history(&app, &crew).await;
    let before = totals(&app).await;
    // Everything recorded so far is "older" than a cutoff a minute from now.
    let cutoff = chrono::Utc::now().naive_utc() + chrono::Duration::minutes(1);
    let n = app
        .db
        .write_blocking(move |c| Ok(haul::safety::forget::forget_notes(c, cutoff)?))
        .expect("forget notes");
    assert!(n >= 3, "intake note, hand-out note, stated_by: {n}");
    let stored = everything_stored(&app);
    for gone in ["counted by crew-1", NOTE, "oak site assembly"] {
        assert!(!stored.contains(gone), "still stored: {gone:?}");
    }
    assert_eq!(totals(&app).await, before);
    app.assert_ledger_consistent();
    let again = app
        .db
        .write_blocking(move |c| Ok(haul::safety::forget::forget_notes(c, cutoff)?))
        .expect("forget notes");
    assert_eq!(again, 0, "nothing left to blank");
}

on_both_backends!(
    forgetting_a_site_leaves_no_trace_and_every_total,
    forgetting_a_volunteer_replaces_their_handle_everywhere,
    old_notes_are_blanked_and_totals_stay
);

#[test]
fn a_bad_retention_setting_stops_the_start() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("haul.db");
    for bad in ["soon", "90", "0d", "-1d"] {
        let (ok, out) = common::run_haul(
            &db,
            &["serve", "--bind", "127.0.0.1:0"],
            &[("HAUL_FORGET_NOTES_AFTER", bad)],
            None,
        );
        assert!(!ok, "{bad}: {out}");
        assert!(out.contains("HAUL_FORGET_NOTES_AFTER"), "{bad}: {out}");
    }
}
