//! Where hand-outs, needs and reports meet, on SQLite and PostgreSQL: unmet requests
//! shown on /needs as evidence and turned into a need with one button; need coverage in
//! the reports (per site for coordinators, never for the public); the needs CSV export;
//! and the demo season's hand-outs, added once.

mod common;

use common::{Backend, TestApp, COORDINATOR_HANDLE};
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn days_from_today(n: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(n)).to_string()
}

fn today() -> String {
    days_from_today(0)
}

async fn east_with_tents(app: &TestApp) {
    let (s, body) = app
        .post_intake(
            "unit-east",
            json!([
                {"category": "tent-2p", "condition": "good", "quantity": 20},
                {"category": "blanket", "condition": "good", "quantity": 10}
            ]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
}

async fn oak_with_tents(app: &TestApp) {
    east_with_tents(app).await;
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 2)])
        .await;
}

/// Two hand-outs at Oak this week that could not give 6 and then 8 tents.
async fn oak_asked_for_14_tents(app: &TestApp) {
    oak_with_tents(app).await;
    for (day, asked) in [(-2, 6), (0, 8)] {
        let (s, h) = app
            .post_handout(
                &json!({"site": "oak", "handed_out_on": days_from_today(day),
                "lines": [{"category": "tent-2p", "quantity": 1}],
                "unmet": [{"category": "tent-2p", "quantity": asked}]}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{h}");
    }
    // Older than a week: not this week's evidence.
    let (s, h) = app
        .post_handout(
            &json!({"site": "oak", "handed_out_on": days_from_today(-20),
            "unmet": [{"category": "tent-2p", "quantity": 100}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
}

async fn needs_of(app: &TestApp) -> Vec<Value> {
    let (s, body) = app.get("/api/v1/needs?history=true").await;
    assert_eq!(s, StatusCode::OK, "{body}");
    body["needs"].as_array().cloned().unwrap_or_default()
}

/// The page as another role sees it, by bearer token.
async fn page_as(app: &TestApp, role: Role, path: &str) -> (StatusCode, String) {
    let token = app
        .add_user_and_login(&format!("{}-page", role.as_str()), role)
        .await;
    let resp = app
        .plain
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET");
    (resp.status(), resp.text().await.unwrap_or_default())
}

async fn unmet_requests_become_a_need_with_one_button(app: TestApp) {
    oak_asked_for_14_tents(&app).await;
    let (s, html) = app.get_text("/needs?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    let since = days_from_today(-6);
    assert!(html.contains("id=\"evidence-oak\""), "{html}");
    assert!(
        html.contains(&format!(
            "asked for <strong>14 Tent (2-person)</strong> this week (since {since}), none available"
        )) || html.contains("asked for <strong>14 "),
        "the week's unmet requests, summed: {html}"
    );
    assert!(html.contains(&format!("this week (since {since})")));
    assert!(
        !html.contains(">100 "),
        "older requests are not this week's"
    );
    assert!(html.contains("at 2 hand-outs"), "{html}");
    assert!(html.contains("action=\"/needs/from-evidence\""), "{html}");
    assert!(
        html.contains("value=\"coord, from hand-out evidence\""),
        "stated by the volunteer, from the evidence: {html}"
    );
    assert!(!html.contains("style="), "no inline styles (CSP)");
    // A longer window takes in the older hand-out.
    let (_, month) = app.get_text("/needs?site=oak&days=30").await;
    assert!(month.contains("asked for <strong>114 "), "{month}");

    // Those who fill needs see the evidence but no button.
    let (s, warehouse) = page_as(&app, Role::Warehouse, "/needs?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    assert!(warehouse.contains("asked for <strong>14 "));
    assert!(!warehouse.contains("/needs/from-evidence"));

    let before = needs_of(&app).await;
    assert!(before.is_empty());
    let (s, location, body) = app
        .post_form(
            "/needs/from-evidence",
            &[
                ("form_key", "evidence1"),
                ("site", "oak"),
                ("category", "tent-2p"),
                ("quantity", "14"),
                ("stated_by", "hand-out evidence"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    assert!(
        location
            .as_deref()
            .is_some_and(|l| l.starts_with("/needs?saved=")),
        "{location:?}"
    );
    // A double tap saves once.
    let (s, _, _) = app
        .post_form(
            "/needs/from-evidence",
            &[
                ("form_key", "evidence1"),
                ("site", "oak"),
                ("category", "tent-2p"),
                ("quantity", "14"),
                ("stated_by", "hand-out evidence"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, body) = app.get("/api/v1/needs?site=oak&category=tent-2p").await;
    assert_eq!(s, StatusCode::OK);
    let needs = body["needs"].as_array().unwrap();
    assert_eq!(needs.len(), 1, "{body}");
    let n = &needs[0];
    assert_eq!(n["wanted"], 14);
    assert_eq!(n["stated_on"], today());
    assert_eq!(n["stated_by"], "hand-out evidence");
    assert_eq!(n["unmet"], 12, "the 2 tents that reached Oak today count");
    assert_eq!(n["current"], true);
    assert_eq!(needs_of(&app).await.len(), 1);

    // The distributor may say who stated it; a blank "stated by" is them, from the evidence.
    let (s, _, body) = app
        .post_form(
            "/needs/from-evidence",
            &[
                ("site", "heron"),
                ("category", "blanket"),
                ("quantity", "3"),
                ("stated_by", "Heron camp meeting"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let (s, _, body) = app
        .post_form(
            "/needs/from-evidence",
            &[
                ("site", "heron"),
                ("category", "tent-2p"),
                ("quantity", "2"),
                ("stated_by", " "),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{body}");
    let (_, heron) = app.get("/api/v1/needs?site=heron").await;
    let by: Vec<&str> = heron["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["stated_by"].as_str().unwrap())
        .collect();
    assert_eq!(
        by,
        vec!["Heron camp meeting", "coord, from hand-out evidence"],
        "a blank is the volunteer, from the evidence"
    );

    // The statement took this week's requests in: they are not offered again.
    let (_, html) = app.get_text("/needs?site=oak").await;
    assert!(!html.contains("id=\"evidence-oak\""), "{html}");
    assert!(!html.contains("asked for <strong>14 "), "{html}");
}

async fn bad_evidence_forms_change_nothing(app: TestApp) {
    oak_asked_for_14_tents(&app).await;
    let good = [
        ("site", "oak"),
        ("category", "tent-2p"),
        ("quantity", "14"),
        ("stated_by", "hand-out evidence"),
    ];
    let with = |field: &str, value: &'static str| -> Vec<(&'static str, &'static str)> {
        good.iter()
            .map(|&(k, v)| if k == field { (k, value) } else { (k, v) })
            .collect()
    };
    for fields in [
        with("site", "nowhere"),
        with("site", "unit-east"),
        with("category", "tent-9p"),
        with("quantity", "0"),
        with("quantity", "-3"),
        with("quantity", "many"),
        with("quantity", "1000001"),
        with("stated_by", "call 07700 900123"),
    ] {
        let (s, _, html) = app.post_form("/needs/from-evidence", &fields).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(
            html.contains("flash error"),
            "{fields:?}: the reason is shown"
        );
        assert!(needs_of(&app).await.is_empty(), "{fields:?} saved a need");
    }

    // A browser session without the form's CSRF token is refused.
    let (_jar, browser) = common::cookie_client();
    let r = app.page_login(&browser, COORDINATOR_HANDLE, "/needs").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for path in [
        "/needs/from-evidence",
        "/needs/from-evidence?csrf=not-the-token",
    ] {
        let r = browser
            .post(app.url(path))
            .form(&good)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert!(needs_of(&app).await.is_empty());
    // With the token from the page it goes through.
    let page = browser
        .get(app.url("/needs?site=oak"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("action=\"/needs/from-evidence\""),
        "the evidence form: {page}"
    );
    let r = browser
        .post(app.url(&format!(
            "/needs/from-evidence?csrf={}",
            common::csrf_in(&page)
        )))
        .form(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "the token in the address only"
    );
    assert!(needs_of(&app).await.is_empty());
    let r = browser
        .post(app.url("/needs/from-evidence"))
        .form(&common::with_csrf(&page, &good))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(needs_of(&app).await.len(), 1);
}

/// Oak wants 10 tents since yesterday; 4 reach it today.
async fn oak_need_and_delivery(app: &TestApp) {
    east_with_tents(app).await;
    let (s, body) = app
        .post(
            "/api/v1/needs",
            &json!({"site": "oak", "category": "tent-2p", "quantity": 10,
                "stated_on": days_from_today(-1), "stated_by": "Oak site assembly"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, body) = app
        .post(
            "/api/v1/needs",
            &json!({"site": "heron", "category": "blanket", "quantity": 5,
                "stated_on": today(), "stated_by": "Heron camp meeting"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 4)])
        .await;
}

async fn need_coverage_by_site(app: TestApp) {
    oak_need_and_delivery(&app).await;
    let (s, report) = app.get("/api/v1/reports/summary").await;
    assert_eq!(s, StatusCode::OK, "{report}");
    let rows = report["need_coverage"]["by_site_and_category"]
        .as_array()
        .unwrap();
    assert_eq!(
        rows,
        &vec![
            json!({"site": "heron", "category": "blanket", "wanted": 5, "delivered": 0, "in_transit": 0, "unmet": 5, "coverage": 0.0}),
            json!({"site": "oak", "category": "tent-2p", "wanted": 10, "delivered": 4, "in_transit": 0, "unmet": 6, "coverage": 0.4}),
        ]
    );
    assert_eq!(
        report["need_coverage"]["total"],
        json!({"wanted": 15, "delivered": 4, "in_transit": 0, "unmet": 11, "coverage": 0.267})
    );

    let (s, html) = app.get_text("/reports").await;
    assert_eq!(s, StatusCode::OK);
    let section = html
        .split("id=\"need-coverage\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("coverage section");
    assert!(
        section.contains(">oak</td>") && section.contains("40%"),
        "{section}"
    );
    assert!(section.contains("All sites") && section.contains("27%"));

    for path in [
        "/api/v1/reports/summary?public=true",
        "/report",
        "/report?region=east",
    ] {
        let (s, text) = app.get_text(path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        let lower = text.to_lowercase();
        for site in ["oak", "heron", "behind the old mill"] {
            assert!(!lower.contains(site), "{path} names {site}");
        }
    }
    let (_, public) = app.get("/api/v1/reports/summary?public=true").await;
    assert!(public["need_coverage"]
        .get("by_site_and_category")
        .is_none());
    assert_eq!(public["need_coverage"]["total"]["wanted"], 15);
    let (_, html) = app.get_text("/report").await;
    assert!(
        html.contains("id=\"need-coverage-total\""),
        "all sites together"
    );
}

async fn needs_csv_export(app: TestApp) {
    oak_need_and_delivery(&app).await;
    let (s, ct, rows) = app.get_csv("/api/v1/export/needs.csv").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("text/csv"), "{ct}");
    assert_eq!(rows.len(), 2);
    let oak = rows.iter().find(|r| r["site"] == "oak").expect("oak row");
    let expect = [
        ("category", "tent-2p".to_string()),
        ("wanted", "10".into()),
        ("stated_on", days_from_today(-1)),
        ("stated_by", "Oak site assembly".into()),
        ("needed_by", "".into()),
        ("delivered", "4".into()),
        ("in_transit", "0".into()),
        ("unmet", "6".into()),
    ];
    for (k, v) in &expect {
        assert_eq!(&oak[*k], v, "{k}");
    }
    assert_eq!(oak.len(), 9, "flat records: {oak:?}");
    let (_, text) = app.get_text("/api/v1/export/needs.csv").await;
    assert!(
        text.starts_with(
            "site,category,wanted,stated_on,stated_by,needed_by,delivered,in_transit,unmet\n"
        ),
        "{text}"
    );
    assert!(!text.contains("behind the old mill"), "never an address");

    let (s, _, rows) = app.get_csv("/api/v1/export/needs.csv?site=heron").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["category"], "blanket");
    let (s, _) = app.get("/api/v1/export/needs.csv?site=nowhere").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.get("/api/v1/export/needs.csv?from=2026-01-01").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    // Distributors may export it; the warehouse may not.
    for (role, status) in [
        (Role::Distributor, StatusCode::OK),
        (Role::Warehouse, StatusCode::FORBIDDEN),
    ] {
        let token = app
            .add_user_and_login(&format!("{}-csv", role.as_str()), role)
            .await;
        let (s, _) = app
            .with_token(Some(token))
            .request(reqwest::Method::GET, "/api/v1/export/needs.csv", None)
            .await;
        assert_eq!(s, status, "{role:?}");
    }
}

on_both_backends!(
    unmet_requests_become_a_need_with_one_button,
    bad_evidence_forms_change_nothing,
    need_coverage_by_site,
    needs_csv_export
);

/// What a database holds, to compare before and after.
fn counts(db: &haul::db::Db) -> (usize, usize, i64, usize) {
    db.read_blocking(|c| {
        let handouts = haul::handouts::store::list(
            c,
            &haul::handouts::store::HandoutFilter {
                limit: 10_000,
                ..Default::default()
            },
        )?
        .len();
        let unmet = haul::handouts::store::unmet_evidence(c, &Default::default())?.len();
        Ok((
            handouts,
            haul::ledger::store::entry_keys(c)?.len(),
            haul::needs::store::count(c)?,
            unmet,
        ))
    })
    .expect("counts")
}

fn demo_twice_gives_the_same_counts(backend: Backend) {
    let Some((db, url, _cleanup)) = common::fresh_database(backend) else {
        return;
    };
    let first = haul::seed::demo(&db).expect("demo season");
    assert_eq!(first.handouts, 5, "{first:?}");
    let after_first = counts(&db);
    assert_eq!(after_first.0, 5);
    assert!(
        after_first.3 >= 8,
        "unmet evidence at the sites: {after_first:?}"
    );
    let second = haul::seed::demo(&db).expect("demo season again");
    assert_eq!(
        (
            second.locations,
            second.intakes,
            second.needs,
            second.handouts
        ),
        (0, 0, 0, 0),
        "{second:?}"
    );
    assert_eq!(counts(&db), after_first);
    let diffs = db
        .read_blocking(|c| Ok(haul::ledger::check(c)?))
        .expect("check");
    assert!(diffs.is_empty(), "{diffs:?}");
    // This week's evidence is there for the /needs page: Oak asked for 14 tents.
    let week = db
        .read_blocking(|c| {
            Ok(haul::handouts::store::unmet_evidence(
                c,
                &haul::handouts::store::UnmetFilter {
                    from: Some(chrono::Utc::now().date_naive() - chrono::Duration::days(6)),
                    ..Default::default()
                },
            )?)
        })
        .expect("evidence");
    let oak_tents = week
        .iter()
        .find(|e| e.site == "oak" && e.category == "tent-2p")
        .expect("oak tents");
    assert_eq!(oak_tents.quantity, 14);

    // `haul export needs` writes the same flat records.
    let url = match &url {
        haul::db::DatabaseUrl::Sqlite(path) => path.display().to_string(),
        haul::db::DatabaseUrl::Postgres(u) => u.clone(),
    };
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_haul"))
        .arg("--database-url")
        .arg(&url)
        .args(["export", "needs"])
        .output()
        .expect("run haul");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(
            "site,category,wanted,stated_on,stated_by,needed_by,delivered,in_transit,unmet"
        ),
        "{text}"
    );
    let rows = text.lines().count() - 1;
    assert_eq!(
        rows as i64,
        after_first.2 - 1,
        "the needs in force (one replaced)"
    );
}

#[test]
fn demo_twice_gives_the_same_counts_sqlite() {
    demo_twice_gives_the_same_counts(Backend::Sqlite);
}

#[test]
fn demo_twice_gives_the_same_counts_postgres() {
    demo_twice_gives_the_same_counts(Backend::Postgres);
}
