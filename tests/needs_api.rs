//! Needs, the collective's priorities and the collect list over HTTP, on SQLite and
//! PostgreSQL: stating and replacing needs, unmet computed from the ledger, CSV import
//! all or nothing, versioned priorities, the ranked collect list on the demo season,
//! the pages, and every kind of bad input with "nothing changed" asserted after it.

mod common;

use chrono::{Days, Utc};
use common::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

fn days_from_today(days: i64) -> String {
    let d = if days >= 0 {
        today().checked_add_days(Days::new(days as u64))
    } else {
        today().checked_sub_days(Days::new(days.unsigned_abs()))
    };
    d.expect("date in range").to_string()
}

fn need(site: &str, category: &str, quantity: i64, stated_on: &str) -> Value {
    json!({"site": site, "category": category, "quantity": quantity, "stated_on": stated_on, "stated_by": format!("{site} site assembly")})
}

fn line(category: &str, condition: &str, quantity: i64) -> Value {
    json!({"category": category, "condition": condition, "quantity": quantity})
}

fn fields(err: &Value) -> Vec<String> {
    err["error"]["details"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|x| x["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

async fn all_statements(app: &TestApp) -> Value {
    let (s, body) = app.get("/api/v1/needs?history=true").await;
    assert_eq!(s, StatusCode::OK, "{body}");
    body["needs"].clone()
}

async fn current_needs(app: &TestApp, query: &str) -> Vec<Value> {
    let (s, body) = app.get(&format!("/api/v1/needs{query}")).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    body["needs"].as_array().expect("needs array").clone()
}

/// The one current need of a site and category.
async fn need_of(app: &TestApp, site: &str, category: &str) -> Value {
    let rows = current_needs(app, &format!("?site={site}&category={category}")).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    rows[0].clone()
}

async fn priorities_now(app: &TestApp) -> Value {
    let (s, body) = app.get("/api/v1/priorities").await;
    assert_eq!(s, StatusCode::OK, "{body}");
    body
}

/// Sends a bad need, expects `status` naming `field`, and checks no statement was kept.
async fn refused_need(app: &TestApp, body: Value, status: StatusCode, field: &str) {
    let before = all_statements(app).await;
    let (got, err) = app.post("/api/v1/needs", &body).await;
    assert_eq!(got, status, "{body} → {err}");
    assert!(
        err["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{err}"
    );
    if status == StatusCode::UNPROCESSABLE_ENTITY {
        assert_eq!(err["error"]["code"], "invalid", "{err}");
        assert!(
            fields(&err).iter().any(|f| f == field),
            "{body}: expected {field} in {err}"
        );
    }
    assert_eq!(
        all_statements(app).await,
        before,
        "a refused need changed the needs"
    );
}

async fn needs_are_stated_replaced_and_kept_in_history(app: TestApp) {
    let first_day = days_from_today(-20);
    let (s, first) = app
        .post("/api/v1/needs", &need("oak", "blanket", 40, &first_day))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    assert_eq!(first["site"], "oak");
    assert_eq!(first["category"], "blanket");
    assert_eq!(first["wanted"], 40);
    assert_eq!(first["stated_by"], "oak site assembly");
    assert_eq!(first["current"], true);
    assert_eq!(
        (first["delivered_since"].clone(), first["unmet"].clone()),
        (json!(0), json!(40))
    );

    let mut newer = need("oak", "blanket", 25, &days_from_today(-5));
    newer["needed_by"] = json!(days_from_today(10));
    let (s, second) = app.post("/api/v1/needs", &newer).await;
    assert_eq!(s, StatusCode::CREATED, "{second}");
    let (s, _) = app
        .post("/api/v1/needs", &need("heron", "tent-2p", 6, &first_day))
        .await;
    assert_eq!(s, StatusCode::CREATED);

    // The newer statement replaces the older in the current list...
    let oak = need_of(&app, "oak", "blanket").await;
    assert_eq!(
        (
            oak["id"].clone(),
            oak["wanted"].clone(),
            oak["unmet"].clone()
        ),
        (second["id"].clone(), json!(25), json!(25))
    );
    assert_eq!(oak["needed_by"], json!(days_from_today(10)));
    assert_eq!(current_needs(&app, "").await.len(), 2);
    // ...and the older stays in the history, without figures.
    let history = all_statements(&app).await;
    let history = history.as_array().unwrap();
    assert_eq!(history.len(), 3);
    let old = history
        .iter()
        .find(|n| n["id"] == first["id"])
        .expect("old statement kept");
    assert_eq!(
        (old["current"].clone(), old["unmet"].clone()),
        (json!(false), Value::Null)
    );

    // A statement recorded late with an older date goes straight into the history.
    let (s, late) = app
        .post(
            "/api/v1/needs",
            &need("oak", "blanket", 99, &days_from_today(-30)),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{late}");
    assert_eq!(late["current"], false);
    assert_eq!(need_of(&app, "oak", "blanket").await["wanted"], 25);

    // Filters.
    assert_eq!(current_needs(&app, "?site=heron").await.len(), 1);
    assert_eq!(
        current_needs(&app, "?category=tent-2p").await[0]["site"],
        "heron"
    );
    for (query, status) in [
        ("?site=atlantis", StatusCode::NOT_FOUND),
        ("?category=tent-9p", StatusCode::NOT_FOUND),
        ("?site=unit-east", StatusCode::UNPROCESSABLE_ENTITY),
        ("?history=maybe", StatusCode::BAD_REQUEST),
        ("?colour=red", StatusCode::BAD_REQUEST),
    ] {
        let (s, err) = app.get(&format!("/api/v1/needs{query}")).await;
        assert_eq!(s, status, "{query} → {err}");
        assert!(err["error"]["code"].is_string(), "{err}");
    }
}

async fn unmet_is_wanted_minus_deliveries_since_the_statement(app: TestApp) {
    app.post_intake(
        "unit-east",
        json!([line("blanket", "usable", 100), line("tent-2p", "good", 20)]),
    )
    .await;
    // Goods reach oak today: a transfer from the warehouse.
    let (s, t) = app
        .post("/api/v1/transfers", &json!({"from": "unit-east", "to": "oak", "lines": [line("blanket", "usable", 15), line("tent-2p", "good", 4)]}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    // Blankets were stated yesterday: today's transfer came after, so it counts.
    app.post(
        "/api/v1/needs",
        &need("oak", "blanket", 40, &days_from_today(-1)),
    )
    .await;
    // Tents are stated for tomorrow: the site knew about today's tents when it said so.
    app.post(
        "/api/v1/needs",
        &need("oak", "tent-2p", 10, &days_from_today(1)),
    )
    .await;
    app.post(
        "/api/v1/needs",
        &need("heron", "blanket", 12, &days_from_today(-1)),
    )
    .await;

    let blankets = need_of(&app, "oak", "blanket").await;
    assert_eq!(
        (
            blankets["wanted"].clone(),
            blankets["delivered_since"].clone(),
            blankets["in_transit"].clone(),
            blankets["unmet"].clone()
        ),
        (json!(40), json!(15), json!(0), json!(25)),
        "{blankets}"
    );
    let tents = need_of(&app, "oak", "tent-2p").await;
    assert_eq!(
        (tents["delivered_since"].clone(), tents["unmet"].clone()),
        (json!(0), json!(10)),
        "{tents}"
    );

    // What leaves oak, and what arrives elsewhere or by another cause, is not a delivery to oak.
    app.post(
        "/api/v1/transfers",
        &json!({"from": "oak", "to": "heron", "lines": [line("blanket", "usable", 5)]}),
    )
    .await;
    app.post(
        "/api/v1/writeoffs",
        &json!({"location": "oak", "lines": [line("blanket", "usable", 2)], "reason": "torn"}),
    )
    .await;
    app.post(
        "/api/v1/stocktakes",
        &json!({"location": "oak", "counted": [line("blanket", "usable", 30)], "reason": "count"}),
    )
    .await;
    assert_eq!(need_of(&app, "oak", "blanket").await["unmet"], 25);
    // Heron got oak's five: a transfer between sites is a delivery to the receiving one.
    assert_eq!(
        need_of(&app, "heron", "blanket").await["delivered_since"],
        5
    );
    assert_eq!(need_of(&app, "heron", "blanket").await["unmet"], 7);

    // More than asked for: unmet is zero, never negative.
    app.post(
        "/api/v1/transfers",
        &json!({"from": "unit-east", "to": "oak", "lines": [line("blanket", "usable", 50)]}),
    )
    .await;
    let blankets = need_of(&app, "oak", "blanket").await;
    assert_eq!(
        (
            blankets["delivered_since"].clone(),
            blankets["unmet"].clone()
        ),
        (json!(65), json!(0))
    );

    // A new statement starts the count again from its own date.
    app.post(
        "/api/v1/needs",
        &need("oak", "blanket", 30, &days_from_today(1)),
    )
    .await;
    let blankets = need_of(&app, "oak", "blanket").await;
    assert_eq!(
        (
            blankets["delivered_since"].clone(),
            blankets["unmet"].clone()
        ),
        (json!(0), json!(30))
    );
    app.assert_ledger_consistent();
}

async fn bad_needs_change_nothing(app: TestApp) {
    app.post(
        "/api/v1/needs",
        &need("oak", "blanket", 40, &days_from_today(-3)),
    )
    .await;
    let ok = days_from_today(-1);
    let with = |key: &str, value: Value| {
        let mut body = need("heron", "tent-2p", 5, &ok);
        body[key] = value;
        body
    };
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let cases = [
        (with("site", json!("atlantis")), "site"),
        (with("site", json!("unit-east")), "site"),
        (with("category", json!("tent-9p")), "category"),
        (with("quantity", json!(0)), "quantity"),
        (with("quantity", json!(-3)), "quantity"),
        (with("quantity", json!(1_000_001)), "quantity"),
        (with("quantity", json!("ten")), "quantity"),
        (with("stated_on", json!(days_from_today(30))), "stated_on"),
        (with("stated_on", json!("2099-01-01")), "stated_on"),
        (with("stated_on", json!("1999-12-31")), "stated_on"),
        (with("stated_on", json!("2026-02-30")), "stated_on"),
        (with("stated_on", json!("last tuesday")), "stated_on"),
        (with("stated_by", json!("")), "stated_by"),
        (with("stated_by", json!("x".repeat(101))), "stated_by"),
        (with("needed_by", json!(days_from_today(-10))), "needed_by"),
        (with("needed_by", json!("soon")), "needed_by"),
        (with("name", json!("Ali")), "name"),
    ];
    for (body, field) in cases {
        refused_need(&app, body, unprocessable, field).await;
    }
    // Missing fields, and every problem of a request at once.
    let mut missing = need("heron", "tent-2p", 5, &ok);
    missing.as_object_mut().unwrap().remove("stated_by");
    refused_need(&app, missing, unprocessable, "body").await;
    let before = all_statements(&app).await;
    let (s, err) = app
        .post("/api/v1/needs", &json!({"site": "unit-east", "category": "tent-9p", "quantity": 3, "stated_on": "2099-01-01", "stated_by": ""}))
        .await;
    assert_eq!(s, unprocessable);
    assert_eq!(
        fields(&err),
        vec!["site", "category", "stated_on", "stated_by"],
        "{err}"
    );
    // Malformed JSON is a 400.
    for raw in ["{", "not json", ""] {
        let (s, err) = app.post_raw("/api/v1/needs", raw).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{raw:?} → {err}");
    }
    assert_eq!(all_statements(&app).await, before);
    assert_eq!(current_needs(&app, "").await.len(), 1);
}

async fn a_retried_need_is_kept_once(app: TestApp) {
    let body = need("oak", "sleeping-bag", 12, &days_from_today(-1));
    let (s1, first) = app
        .post_with_key("/api/v1/needs", &body, Some("need-1"))
        .await;
    let (s2, second) = app
        .post_with_key("/api/v1/needs", &body, Some("need-1"))
        .await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(first, second);
    assert_eq!(all_statements(&app).await.as_array().unwrap().len(), 1);
}

const GOOD_CSV: &str = "site,category,quantity,stated_on,stated_by,needed_by
oak,blanket,40,2026-11-02,Oak site assembly,2026-11-30
oak,tent-2p,12,2026-11-02,Oak site assembly,
heron,sleeping-bag,30,2026-11-09,Heron camp meeting,2026-12-05
heron,tinned-food,120,2026-11-09,Heron camp meeting,
";

async fn csv_import_is_all_or_nothing(app: TestApp) {
    let (s, body) = app.post_csv("/api/v1/import/needs", GOOD_CSV).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(body["imported"], 4);
    assert_eq!(body["needs"].as_array().unwrap().len(), 4);
    assert_eq!(need_of(&app, "heron", "sleeping-bag").await["wanted"], 30);
    assert_eq!(
        need_of(&app, "oak", "blanket").await["needed_by"],
        "2026-11-30"
    );

    // Lines 3, 5 and 7 are bad in three different ways; nothing of the file is kept.
    let bad = "site,category,quantity,stated_on,stated_by
heron,blanket,10,2026-11-12,Heron camp meeting
atlantis,blanket,10,2026-11-12,Nobody
oak,roll-mat,5,2026-11-12,Oak site assembly
oak,blanket,0,2026-11-12,Oak site assembly
heron,blanket,5,2026-11-12,Heron camp meeting
unit-east,tent-2p,4,2026-13-01,Warehouse crew
heron,tent-4p,2,2026-11-12,Heron camp meeting
";
    let before = all_statements(&app).await;
    let (s, err) = app.post_csv("/api/v1/import/needs", bad).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(fields(&err), vec!["line 3", "line 5", "line 7"], "{err}");
    let details = err["error"]["details"].as_array().unwrap();
    assert!(
        details[0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown location 'atlantis'"),
        "{err}"
    );
    assert!(
        details[1]["message"].as_str().unwrap().contains("quantity"),
        "{err}"
    );
    assert!(
        details[2]["message"]
            .as_str()
            .unwrap()
            .contains("stated_on '2026-13-01'"),
        "{err}"
    );
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nothing was imported"),
        "{err}"
    );
    assert_eq!(all_statements(&app).await, before);

    // A warehouse named as a site and a date in the future, each named by its line.
    let later = format!("site,category,quantity,stated_on,stated_by\nunit-east,tent-2p,4,2026-11-12,Crew\noak,tent-2p,4,{},Oak site assembly\n", days_from_today(40));
    let (s, err) = app.post_csv("/api/v1/import/needs", &later).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(fields(&err), vec!["line 2", "line 3"], "{err}");
    assert!(
        err["error"]["details"][0]["message"]
            .as_str()
            .unwrap()
            .contains("is a warehouse, not a site"),
        "{err}"
    );

    for (file, field) in [
        ("site,category,quantity\noak,blanket,4\n", "line 1"),
        (
            "site,category,quantity,stated_on,stated_by,note\n",
            "line 1",
        ),
        ("site,category,quantity,stated_on,stated_by\n", "line 2"),
        ("", "line 1"),
    ] {
        let (s, err) = app.post_csv("/api/v1/import/needs", file).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{file:?} → {err}");
        assert_eq!(fields(&err), vec![field], "{file:?} → {err}");
    }
    let resp = app
        .client
        .post(app.url("/api/v1/import/needs"))
        .json(&json!({"site": "oak"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let resp = app
        .client
        .post(app.url("/api/v1/import/needs"))
        .header("Content-Type", "text/csv")
        .body(vec![0xff, 0xfe, 0x00, 0x41])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let huge = format!(
        "site,category,quantity,stated_on,stated_by\n{}",
        "oak,blanket,1,2026-11-12,Oak site assembly\n".repeat(8000)
    );
    let (s, err) = app.post_csv("/api/v1/import/needs", &huge).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    assert_eq!(all_statements(&app).await, before);
}

async fn priorities_are_versioned(app: TestApp) {
    let seeded = priorities_now(&app).await;
    assert_eq!(seeded["version"], 1);
    assert_eq!(seeded["set_by"], "seed");
    let set = seeded["priorities"].clone();
    assert_eq!(
        set["statement"],
        "give priority to collecting tents, blankets and sleeping bags over clothes and tinned food"
    );
    assert_eq!(set["seasons"][0]["name"], "winter");

    let mut next = set.clone();
    next["statement"] = json!("shelter first; clothes only when a site asks");
    next["stated_on"] = json!(days_from_today(-2));
    next["tiers"][1]["categories"]
        .as_array_mut()
        .unwrap()
        .push(json!("clothes-bag"));
    let (s, saved) = app.put("/api/v1/priorities", &next).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["set_by"], common::COORDINATOR_HANDLE);
    assert_eq!(saved["priorities"], next);
    assert_eq!(priorities_now(&app).await["version"], 2);

    // The same set again is no change: no new version.
    let (s, again) = app.put("/api/v1/priorities", &next).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(again["version"], 2);

    // Older versions stay readable.
    let (s, v1) = app.get("/api/v1/priorities?version=1").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v1["priorities"], set);
    let (s, _) = app.get("/api/v1/priorities?version=9").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app.get("/api/v1/priorities?version=last").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

async fn bad_priorities_change_nothing(app: TestApp) {
    let seed = priorities_now(&app).await["priorities"].clone();
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut set = seed.clone();
        f(&mut set);
        set
    };
    let cases: Vec<(Value, &str)> = vec![
        (
            broken(&|s| {
                s["tiers"][1]["categories"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("blanket"))
            }),
            "tiers[1].categories[9]",
        ),
        (
            broken(&|s| {
                s["tiers"][0]["categories"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("tent-9p"))
            }),
            "tiers[0].categories[6]",
        ),
        (
            broken(&|s| s["tiers"][0]["weight"] = json!(0)),
            "tiers[0].weight",
        ),
        (
            broken(&|s| s["tiers"][0]["weight"] = json!(-5)),
            "tiers[0].weight",
        ),
        (
            broken(&|s| s["seasons"][0]["from"] = json!("11/01")),
            "seasons[0].from",
        ),
        (
            broken(&|s| s["seasons"][0]["to"] = json!("02-30")),
            "seasons[0].to",
        ),
        (
            broken(&|s| s["seasons"][0]["factor"] = json!(0)),
            "seasons[0].factor",
        ),
        (
            broken(&|s| {
                s["seasons"][0]["categories"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!("blanket"))
            }),
            "seasons[0].categories[3]",
        ),
        (
            broken(&|s| s["min_condition"]["tent-2p"] = json!("needs-repair")),
            "min_condition.tent-2p",
        ),
        (
            broken(&|s| s["min_condition"]["tent-2p"] = json!("soggy")),
            "min_condition.tent-2p",
        ),
        (broken(&|s| s["statement"] = json!("  ")), "statement"),
        (
            broken(&|s| s["statement"] = json!("x".repeat(2001))),
            "statement",
        ),
        (
            broken(&|s| s["stated_on"] = json!(days_from_today(30))),
            "stated_on",
        ),
        (
            broken(&|s| s["stated_on"] = json!("2026-09-31")),
            "stated_on",
        ),
        (broken(&|s| s["weights"] = json!({"tent-2p": 3})), "weights"),
        (
            broken(&|s| s["tiers"][0]["colour"] = json!("red")),
            "tiers[0].colour",
        ),
    ];
    for (body, field) in cases {
        let before = priorities_now(&app).await;
        let (s, err) = app.put("/api/v1/priorities", &body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {err}");
        assert_eq!(err["error"]["code"], "invalid");
        let got = fields(&err);
        assert!(
            got.iter().any(|f| f.starts_with(field)),
            "expected {field} in {err}"
        );
        assert_eq!(
            priorities_now(&app).await,
            before,
            "a refused set changed the priorities"
        );
    }
    // Every problem at once.
    let many = broken(&|s| {
        s["statement"] = json!("");
        s["tiers"][1]["categories"]
            .as_array_mut()
            .unwrap()
            .push(json!("tent-2p"));
        s["seasons"][0]["from"] = json!("winter");
    });
    let (s, err) = app.put("/api/v1/priorities", &many).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&err),
        vec!["statement", "tiers[1].categories[9]", "seasons[0].from"],
        "{err}"
    );
    let resp = app
        .client
        .put(app.url("/api/v1/priorities"))
        .header("Content-Type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert_eq!(priorities_now(&app).await["version"], 1);
}

fn position(entries: &[Value], category: &str) -> usize {
    entries
        .iter()
        .position(|e| e["category"] == category)
        .unwrap_or_else(|| panic!("{category} missing from the list"))
}

async fn collect_list_ranks_with_reasons(app: TestApp) {
    app.post_intake(
        "unit-east",
        json!([
            line("sleeping-bag", "good", 5),
            line("sleeping-bag", "usable", 30),
            line("tent-2p", "needs-drying", 50),
            line("tent-2p", "good", 2),
            line("clothes-bag", "usable", 80),
        ]),
    )
    .await;
    let stated = days_from_today(-1);
    for (site, category, quantity) in [
        ("oak", "sleeping-bag", 12),
        ("heron", "sleeping-bag", 8),
        ("oak", "tent-2p", 10),
        ("oak", "clothes-bag", 20),
        ("heron", "tinned-food", 30),
    ] {
        let (s, body) = app
            .post("/api/v1/needs", &need(site, category, quantity, &stated))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    let (s, list) = app
        .get("/api/v1/collect-list?warehouse=unit-east&date=2026-12-01")
        .await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(list["warehouse"], "unit-east");
    assert_eq!(list["date"], "2026-12-01");
    assert_eq!(list["priorities_version"], 1);
    let entries = list["entries"].as_array().unwrap();
    let order: Vec<&str> = entries
        .iter()
        .take(4)
        .filter_map(|e| e["category"].as_str())
        .collect();
    // Sleeping bags: 20 unmet, only the 5 good ones count (the seed wants them good),
    // winter ×2 → 200 × 15 = 3000. Tents: 10 unmet, wet ones do not count → 100 × 8 = 800.
    // Tinned food: 1 × 30. Clothes: 80 in stock cover the 20 → leave.
    assert_eq!(
        order,
        vec!["sleeping-bag", "tent-2p", "tinned-food", "blanket"],
        "{list}"
    );
    let bags = &entries[0];
    assert_eq!(
        (
            bags["action"].clone(),
            bags["stock"].clone(),
            bags["shortfall"].clone(),
            bags["score"].clone()
        ),
        (json!("collect"), json!(5), json!(15), json!(3000.0))
    );
    assert_eq!(
        bags["reason"],
        "Sleeping bag: 20 needed at 2 sites, 5 in stock, priority tier 1, winter priority ×2"
    );
    let tents = &entries[1];
    assert_eq!(
        (tents["stock"].clone(), tents["shortfall"].clone()),
        (json!(2), json!(8))
    );
    let clothes = &entries[position(entries, "clothes-bag")];
    assert_eq!(clothes["action"], "leave");
    assert_eq!(
        clothes["reason"],
        "Bag of clothes (sorted): 20 needed at 1 site, all covered by stock"
    );
    assert_eq!(entries[3]["action"], "leave", "blankets: nobody asked");
    assert_eq!(
        entries.len(),
        app.get("/api/v1/categories").await.1["categories"]
            .as_array()
            .unwrap()
            .len()
    );

    // In summer sleeping bags lose the winter factor, not their place.
    let (_, summer) = app
        .get("/api/v1/collect-list?warehouse=unit-east&date=2026-07-01")
        .await;
    assert_eq!(summer["entries"][0]["score"], 1500.0);
    // The date defaults to today.
    let (s, now) = app.get("/api/v1/collect-list?warehouse=unit-east").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(now["date"], json!(today().to_string()));

    for (query, status) in [
        ("?warehouse=atlantis", StatusCode::NOT_FOUND),
        ("?warehouse=oak", StatusCode::UNPROCESSABLE_ENTITY),
        ("", StatusCode::UNPROCESSABLE_ENTITY),
        (
            "?warehouse=unit-east&date=2026-02-30",
            StatusCode::BAD_REQUEST,
        ),
        (
            "?warehouse=unit-east&date=tomorrow",
            StatusCode::BAD_REQUEST,
        ),
        (
            "?warehouse=unit-east&date=1999-12-31",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "?warehouse=unit-east&date=2999-01-01",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("?warehouse=unit-east&crew=5", StatusCode::BAD_REQUEST),
    ] {
        let (s, err) = app.get(&format!("/api/v1/collect-list{query}")).await;
        assert_eq!(s, status, "{query} → {err}");
        assert!(err["error"]["message"].is_string(), "{err}");
    }
}

async fn demo_season_puts_shelter_before_clothes_and_food(app: TestApp) {
    let db = app.db.clone();
    let seeded = tokio::task::spawn_blocking(move || haul::seed::demo(&db))
        .await
        .expect("join")
        .expect("demo seeds");
    assert!(seeded.needs > 30, "{seeded:?}");
    let needs = current_needs(&app, "").await;
    let sites: std::collections::BTreeSet<&str> =
        needs.iter().filter_map(|n| n["site"].as_str()).collect();
    assert_eq!(
        sites.into_iter().collect::<Vec<_>>(),
        vec!["heron", "kestrel", "oak", "willow"]
    );
    assert_eq!(
        need_of(&app, "oak", "blanket").await["wanted"],
        60,
        "the newer oak statement is in force"
    );

    let (s, list) = app
        .get("/api/v1/collect-list?warehouse=unit-south&date=2026-12-01")
        .await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let entries = list["entries"].as_array().unwrap();
    let clothes = position(entries, "clothes-bag");
    let food = position(entries, "tinned-food");
    assert_eq!(
        entries[clothes]["action"], "collect",
        "clothes are needed, just not first"
    );
    assert_eq!(
        entries[food]["action"], "collect",
        "tinned food is needed, just not first"
    );
    for shelter in [
        "tent-2p",
        "tent-4p",
        "tent-family",
        "blanket",
        "sleeping-bag",
        "sleeping-bag-winter",
    ] {
        let at = position(entries, shelter);
        assert!(
            at < clothes && at < food,
            "{shelter} at {at}, clothes at {clothes}, food at {food}: {list}"
        );
    }
    // unit-east holds more two-person tents than the sites asked for: leave them.
    let (_, east) = app
        .get("/api/v1/collect-list?warehouse=unit-east&date=2026-12-01")
        .await;
    let entries = east["entries"].as_array().unwrap();
    let tents = &entries[position(entries, "tent-2p")];
    assert_eq!(tents["action"], "leave", "{tents}");
    assert!(
        tents["reason"]
            .as_str()
            .unwrap()
            .ends_with("all covered by stock"),
        "{tents}"
    );
    app.assert_ledger_consistent();
}

async fn pages_show_needs_priorities_and_the_collect_list(app: TestApp) {
    app.post(
        "/api/v1/needs",
        &need("oak", "blanket", 40, &days_from_today(-1)),
    )
    .await;
    let (s, html) = app.get_text("/needs?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    for text in [
        "Needs",
        "oak",
        "Blanket",
        "<svg",
        "</rect>",
        "State a need",
        "name=\"stated_by\"",
    ] {
        assert!(html.contains(text), "/needs lacks {text}");
    }
    assert!(
        !common::has_inline_script(&html),
        "pages work without JavaScript"
    );

    // The form states a need and comes back to the list.
    let form = [
        ("form_key", "abc123"),
        ("site", "heron"),
        ("category", "tent-4p"),
        ("quantity", "7"),
        ("stated_by", "Heron camp meeting"),
        ("stated_on", &days_from_today(0)),
        ("needed_by", ""),
    ];
    let (s, location, _) = app.post_form("/needs", &form).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(
        location
            .as_deref()
            .is_some_and(|l| l.starts_with("/needs?saved=")),
        "{location:?}"
    );
    assert_eq!(need_of(&app, "heron", "tent-4p").await["wanted"], 7);
    // Sent twice (a double tap), kept once.
    let (s, _, _) = app.post_form("/needs", &form).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(all_statements(&app).await.as_array().unwrap().len(), 2);
    // A refusal shows the form again with the reason, and keeps nothing.
    let before = all_statements(&app).await;
    for (field, value, says) in [
        ("quantity", "0", "How many"),
        ("site", "unit-east", "not a site"),
        ("stated_on", "2026-02-30", "Stated on"),
    ] {
        let mut bad: Vec<(&str, &str)> = form
            .iter()
            .map(|&(k, v)| if k == field { (k, value) } else { (k, v) })
            .collect();
        bad[0] = ("form_key", "other");
        let (s, _, html) = app.post_form("/needs", &bad).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(html.contains(says), "{field}: the page does not say {says}");
    }
    assert_eq!(all_statements(&app).await, before);

    let (s, html) = app.get_text("/priorities").await;
    assert_eq!(s, StatusCode::OK);
    for text in [
        "give priority to collecting tents",
        "Weight 100",
        "winter",
        "1 Nov",
        "31 Mar",
        "Save as version 2",
        "name=\"tier.tent-2p\"",
    ] {
        assert!(html.contains(text), "/priorities lacks {text}");
    }
    let (s, location, _) = app
        .post_form(
            "/priorities",
            &[
                ("tiers", "3"),
                ("seasons", "1"),
                ("statement", "tents first, then anything warm"),
                ("stated_on", "2026-11-01"),
                ("tier1.weight", "100"),
                ("tier2.weight", "10"),
                ("tier.tent-2p", "1"),
                ("tier.blanket", "2"),
                ("min.tent-2p", "good"),
                ("season0.name", "winter"),
                ("season0.from", "11-01"),
                ("season0.to", "03-31"),
                ("season0.factor", "3"),
                ("season0.cat", "blanket"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(location.as_deref(), Some("/priorities?saved=2"));
    let now = priorities_now(&app).await;
    assert_eq!(now["version"], 2);
    assert_eq!(
        now["priorities"]["tiers"],
        json!([{"weight": 100, "categories": ["tent-2p"]}, {"weight": 10, "categories": ["blanket"]}])
    );
    assert_eq!(now["priorities"]["seasons"][0]["factor"], 3.0);
    assert_eq!(
        now["priorities"]["min_condition"],
        json!({"tent-2p": "good"})
    );
    let (s, _, html) = app
        .post_form(
            "/priorities",
            &[
                ("tiers", "2"),
                ("seasons", "0"),
                ("statement", ""),
                ("stated_on", "2026-11-01"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Nothing was saved"), "{html}");
    assert_eq!(priorities_now(&app).await["version"], 2);
    // A weight is a number as on every form, in the same words.
    for (weight, said) in [
        (
            "heavy",
            "Tier 1 weight: “heavy” is not a whole number: type digits only, like 3.",
        ),
        ("0", "Tier 1 weight: This must be at least 1."),
    ] {
        let (s, _, html) = app
            .post_form(
                "/priorities",
                &[
                    ("tiers", "1"),
                    ("seasons", "0"),
                    ("statement", "tents first"),
                    ("stated_on", "2026-11-01"),
                    ("tier1.weight", weight),
                    ("tier.tent-2p", "1"),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{weight}");
        assert!(html.contains(said), "{weight}: {html}");
    }
    assert_eq!(priorities_now(&app).await["version"], 2);
    let (s, html) = app.get_text("/priorities?version=1").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("no longer in force"));
    let (s, _) = app.get_text("/priorities?version=7").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, html) = app
        .get_text("/collect?warehouse=unit-east&date=2026-12-01")
        .await;
    assert_eq!(s, StatusCode::OK);
    for text in [
        "Take:",
        "Leave:",
        "Blanket",
        "tents first, then anything warm",
    ] {
        assert!(html.contains(text), "/collect lacks {text}");
    }
    let (s, html) = app.get_text("/collect").await;
    assert_eq!(s, StatusCode::OK, "{html}");
    for (query, status) in [
        ("?warehouse=oak", StatusCode::UNPROCESSABLE_ENTITY),
        ("?warehouse=atlantis", StatusCode::NOT_FOUND),
        (
            "?warehouse=unit-east&date=someday",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let (s, html) = app.get_text(&format!("/collect{query}")).await;
        assert_eq!(s, status, "{query}");
        assert!(html.contains("flash error"), "{query}: no reason shown");
    }
}

/// `/needs` on a phone is one short block per site: how much is unmet, its three
/// largest unmet needs (the rest counted), what its hand-outs asked for, and one link
/// to the site in full; the chart, the table and the forms are the open site's only.
async fn the_needs_page_is_one_short_block_per_site(app: TestApp) {
    let on = days_from_today(-1);
    for (site, category, q) in [
        ("oak", "blanket", 40),
        ("oak", "tent-2p", 10),
        ("oak", "sleeping-bag", 5),
        ("oak", "roll-mat", 2),
        ("heron", "tent-4p", 7),
    ] {
        let (s, body) = app
            .post("/api/v1/needs", &need(site, category, q, &on))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    let (s, h) = app
        .post_handout(
            &json!({"site": "heron", "handed_out_on": days_from_today(0),
            "unmet": [{"category": "blanket", "quantity": 3}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    let before = all_statements(&app).await;

    let (s, html) = app.get_text("/needs").await;
    assert_eq!(s, StatusCode::OK);
    let block = |html: &str, site: &str| -> String {
        let at = html
            .find(&format!("<section class=\"site-summary\" id=\"{site}\">"))
            .unwrap_or_else(|| panic!("no short block for {site}: {html}"));
        let rest = &html[at..];
        rest[..rest.find("</section>").unwrap_or(rest.len())].to_string()
    };
    let oak = block(&html, "oak");
    assert!(oak.contains("57 items unmet"), "{oak}");
    let top: Vec<&str> = oak.split("<li data-category=\"").skip(1).collect();
    assert_eq!(top.len(), 3, "the three largest: {oak}");
    assert!(
        top[0].starts_with("blanket\"><strong>40</strong> Blanket</li>"),
        "{oak}"
    );
    assert!(
        top[1].starts_with("tent-2p\"><strong>10</strong> Tent (2 person)</li>"),
        "{oak}"
    );
    assert!(
        top[2].starts_with("sleeping-bag\"><strong>5</strong> Sleeping bag</li>"),
        "{oak}"
    );
    assert!(oak.contains("and one more need"), "{oak}");
    assert!(!oak.contains("Roll mat"), "{oak}");
    assert!(oak.contains("href=\"/needs?site=oak#oak\""), "{oak}");
    let heron = block(&html, "heron");
    assert!(
        heron.contains(&format!(
            "Asked for at hand-outs this week (since {}): <strong>3</strong> Blanket",
            days_from_today(-6)
        )),
        "{heron}"
    );
    // Nothing long until a site is opened: no chart, no table, no form.
    for long in [
        "<svg",
        "<table",
        "action=\"/needs\"",
        "/needs/from-evidence",
        "id=\"state\"",
    ] {
        assert!(!html.contains(long), "/needs shows {long}: {html}");
    }

    // Oak open: its chart, table and form for Oak; Heron stays short.
    let (s, html) = app.get_text("/needs?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("<section class=\"group\" id=\"oak\">"),
        "{html}"
    );
    assert!(html.contains("<svg") && html.contains("<table"), "{html}");
    assert!(html.contains("State a need for oak"), "{html}");
    assert!(
        html.contains("<input id=\"site\" type=\"hidden\" name=\"site\" value=\"oak\">"),
        "{html}"
    );
    block(&html, "heron");
    assert!(
        !html.contains("/needs/from-evidence"),
        "Heron's evidence form is Heron's: {html}"
    );
    let (_, html) = app.get_text("/needs?site=heron").await;
    assert!(html.contains("id=\"evidence-heron\""), "{html}");
    assert!(html.contains("action=\"/needs/from-evidence\""), "{html}");
    block(&html, "oak");

    // An unknown site is said, and every site is listed short.
    let (s, html) = app.get_text("/needs?site=nowhere").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("There is no site 'nowhere'"), "{html}");
    block(&html, "oak");
    block(&html, "heron");
    // Those who fill needs are offered to see them, not to state one.
    let token = app
        .add_user_and_login("wes", haul::auth::Role::Warehouse)
        .await;
    let r = app
        .plain
        .get(app.url("/needs"))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET");
    let html = r.text().await.unwrap_or_default();
    assert!(
        block(&html, "oak").contains("All of oak's needs</a>"),
        "{html}"
    );
    assert!(!html.contains("state one"), "{html}");
    assert_eq!(
        all_statements(&app).await,
        before,
        "reading changed nothing"
    );
}

on_both_backends!(
    the_needs_page_is_one_short_block_per_site,
    needs_are_stated_replaced_and_kept_in_history,
    unmet_is_wanted_minus_deliveries_since_the_statement,
    bad_needs_change_nothing,
    a_retried_need_is_kept_once,
    csv_import_is_all_or_nothing,
    priorities_are_versioned,
    bad_priorities_change_nothing,
    collect_list_ranks_with_reasons,
    demo_season_puts_shelter_before_clothes_and_food,
    pages_show_needs_priorities_and_the_collect_list,
);

#[test]
fn every_route_of_needs_priorities_and_collect_has_a_policy_row() {
    use haul::auth::policy::{lookup, Access};
    use haul::auth::Role;
    let routes = [
        ("GET", "/api/v1/needs"),
        ("POST", "/api/v1/needs"),
        ("POST", "/api/v1/import/needs"),
        ("GET", "/api/v1/priorities"),
        ("PUT", "/api/v1/priorities"),
        ("GET", "/api/v1/collect-list"),
        ("GET", "/needs"),
        ("POST", "/needs"),
        ("GET", "/priorities"),
        ("POST", "/priorities"),
        ("GET", "/collect"),
    ];
    for (method, path) in routes {
        assert!(
            lookup(method, path).is_some(),
            "{method} {path} has no policy row"
        );
    }
    let allows = |m: &str, p: &str, r: Role| lookup(m, p).is_some_and(|a: Access| a.allows(r));
    assert!(allows("POST", "/api/v1/needs", Role::Distributor));
    assert!(!allows("POST", "/api/v1/needs", Role::Crew));
    assert!(allows("GET", "/api/v1/needs", Role::Driver));
    assert!(!allows("GET", "/api/v1/needs", Role::Crew));
    assert!(!allows("PUT", "/api/v1/priorities", Role::Warehouse));
    assert!(allows("GET", "/api/v1/priorities", Role::Crew));
    assert!(allows("GET", "/api/v1/collect-list", Role::Crew));
}

#[test]
fn the_command_line_imports_needs_all_or_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = format!("sqlite://{}", dir.path().join("haul.db").display());
    let haul = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_haul"))
            .arg("--database-url")
            .arg(&db)
            .args(args)
            .output()
            .expect("run haul")
    };
    assert!(haul(&["seed", "--demo"]).status.success());
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "site,category,quantity,stated_on,stated_by\noak,blanket,3,2026-11-20,Oak site assembly\noak,tent-9p,2,2026-11-20,Oak site assembly\n").expect("write");
    let out = haul(&["import", "needs", bad.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 3: unknown category 'tent-9p'"),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was imported"), "{stderr}");
    let good = dir.path().join("good.csv");
    std::fs::write(&good, GOOD_CSV).expect("write");
    let out = haul(&["import", "needs", good.to_str().expect("path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Imported 4 needs"));
}
