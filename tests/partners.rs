//! Partner collectives (issue 18) over HTTP: two Haul servers, each on its own database
//! (SQLite for the giver, PostgreSQL for the receiver where it is reachable), become
//! partners by exchanging keys and hand goods over by signed files; every refusal leaves
//! both sides as they were; and whatever order files arrive in, the handover ends as the
//! in-order exchange does or is refused.

mod common;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn in_days(n: u64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(n)).to_string()
}

async fn our_key(app: &TestApp) -> String {
    let (s, b) = app.get("/api/v1/partners/key").await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["public_key"].as_str().expect("key").to_string()
}

/// `app` adds the collective whose key is `key` as `code`.
async fn add_partner(app: &TestApp, code: &str, key: &str) -> Value {
    let (s, b) = app
        .post(
            "/api/v1/partners",
            &json!({"code_name": code, "public_key": key, "direction": "both", "valid_until": in_days(365)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b
}

/// Bristol (gives) and Dunkirk (receives) meet and read each other's keys.
async fn partnership(giver: &TestApp, receiver: &TestApp) {
    let g = our_key(giver).await;
    let r = our_key(receiver).await;
    let added = add_partner(giver, "dunkirk", &r).await;
    assert_eq!(added["location"], "partner-dunkirk");
    add_partner(receiver, "bristol", &g).await;
}

async fn import(app: &TestApp, text: &str) -> (StatusCode, Value) {
    let resp = app
        .client
        .post(app.url("/api/v1/partner-transfers/import"))
        .header("Content-Type", "text/plain")
        .body(text.to_string())
        .send()
        .await
        .expect("POST import");
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn offer(app: &TestApp, lines: Value) -> (String, String) {
    let (s, b) = app
        .post(
            "/api/v1/partner-transfers",
            &json!({"partner": "dunkirk", "warehouse": "unit-east", "expires_on": in_days(7), "lines": lines}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["transfer"]["state"], "offered");
    (
        b["transfer"]["transfer"].as_str().expect("id").to_string(),
        b["file"].as_str().expect("file").to_string(),
    )
}

async fn step(app: &TestApp, transfer: &str, what: &str, body: Value) -> (StatusCode, Value) {
    app.post(
        &format!("/api/v1/partner-transfers/{transfer}/{what}"),
        &body,
    )
    .await
}

async fn state_of(app: &TestApp, transfer: &str) -> String {
    let (s, b) = app
        .get(&format!("/api/v1/partner-transfers/{transfer}"))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["state"].as_str().expect("state").to_string()
}

/// Everything a refusal must leave alone on one side: stock, the ledger, the handovers.
async fn everything(app: &TestApp) -> (Value, usize, Value) {
    let (stock, entries) = app.stock_and_ledger().await;
    let (_, transfers) = app.get("/api/v1/partner-transfers").await;
    (stock, entries, transfers)
}

/// What never travels (issue 18, item 6): no place's name or address, no volunteer's
/// handle, no need or hand-out (no field for them), no internal id. The test world's places are unit-east
/// ("12 Dock Road"), unit-south, oak ("behind the old mill") and heron; the volunteer
/// is "coord". Every key of the body must be one the format defines.
fn nothing_local_travels(text: &str) {
    for secret in [
        "unit-east",
        "unit-south",
        "Dock Road",
        "old mill",
        "oak",
        "heron",
        "coord",
        "bristol",
        "dunkirk",
    ] {
        assert!(!text.contains(secret), "'{secret}' travelled in:\n{text}");
    }
    const KEYS: &[&str] = &[
        "format",
        "transfer",
        "from",
        "to",
        "answers",
        "made_on",
        "content",
        "offer",
        "answer",
        "dispatch",
        "receipt",
        "expires_on",
        "lines",
        "line",
        "category",
        "name",
        "condition",
        "quantity",
        "unit_volume_l",
        "unit_weight_kg",
        "note",
        "decision",
        "dispatched_on",
        "received_on",
        "shipped",
        "received",
        "reason",
    ];
    fn keys(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    out.push(k.clone());
                    keys(v, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }
    let body = text.split("\n\n").nth(1).expect("a body");
    let body: Value = serde_json::from_str(body.trim_end()).expect("json body");
    let mut found = Vec::new();
    keys(&body, &mut found);
    for k in found {
        assert!(
            KEYS.contains(&k.as_str()),
            "unexpected field '{k}' in:\n{text}"
        );
    }
}

async fn two_servers() -> Option<(TestApp, TestApp)> {
    let giver = common::spawn_app(Backend::Sqlite).await?;
    let receiver = match common::spawn_app(Backend::Postgres).await {
        Some(app) => app,
        None => common::spawn_app(Backend::Sqlite).await?,
    };
    Some((giver, receiver))
}

/// Bristol (SQLite) and Dunkirk (PostgreSQL when there is one) as partners already.
async fn partnered() -> Option<(TestApp, TestApp)> {
    let (bristol, dunkirk) = two_servers().await?;
    partnership(&bristol, &dunkirk).await;
    Some((bristol, dunkirk))
}

fn reserved(app: &TestApp, warehouse: &str) -> Vec<(i64, haul::catalog::Condition, i64)> {
    let warehouse = warehouse.to_string();
    app.db
        .read_blocking(move |c| {
            let id = haul::ledger::api::location_id(c, &warehouse)?;
            Ok(haul::partners::store::reserved_at(c, id)?)
        })
        .expect("reservations")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offer_partial_acceptance_dispatch_and_a_receipt_short_and_damaged() {
    let Some((bristol, dunkirk)) = partnered().await else {
        return;
    };
    bristol
        .receive("unit-east", "sleeping-bag", "good", 60)
        .await;
    bristol.receive("unit-east", "tent-2p", "good", 10).await;

    // Notes go through the personal-data guard like every note.
    let (s, b) = bristol
        .post(
            "/api/v1/partner-transfers",
            &json!({"partner": "dunkirk", "warehouse": "unit-east", "expires_on": in_days(7),
                    "note": "ring Sam on 07700 900123",
                    "lines": [{"category": "sleeping-bag", "condition": "good", "quantity": 5}]}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(b["error"]["details"][0]["field"], "note", "{b}");
    let (t, offer_file) = offer(
        &bristol,
        json!([
            {"category": "sleeping-bag", "condition": "good", "quantity": 50},
            {"category": "tent-2p", "condition": "good", "quantity": 10}
        ]),
    )
    .await;
    assert!(
        offer_file.starts_with("HAUL PARTNER FILE 1\nkind: offer\n"),
        "{offer_file}"
    );
    let (s, b) = bristol
        .get_text(&format!("/api/v1/partner-transfers/{t}/files/offer"))
        .await;
    assert_eq!(
        (s, b.as_str()),
        (StatusCode::OK, offer_file.as_str()),
        "the file downloads again, unchanged"
    );

    let (s, b) = import(&dunkirk, &offer_file).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["replayed"], false);
    assert_eq!(b["transfer"]["state"], "offered");
    assert_eq!(b["transfer"]["side"], "receive");
    assert_eq!(
        b["transfer"]["lines"][0]["our_category"], "sleeping-bag",
        "same slug maps itself"
    );

    let (s, b) = step(
        &dunkirk,
        &t,
        "answer",
        json!({"decision": "accept", "lines": [{"line": 1, "quantity": 30}, {"line": 2, "quantity": 10}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let answer_file = b["file"].as_str().expect("answer").to_string();

    let (s, b) = import(&bristol, &answer_file).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["transfer"]["state"], "accepted");
    assert_eq!(
        reserved(&bristol, "unit-east").len(),
        2,
        "accepting reserves"
    );
    // What is reserved is not free: 60 − 30 bags are left to offer or to plan onto a van.
    let (s, b) = bristol
        .post(
            "/api/v1/partner-transfers",
            &json!({"partner": "dunkirk", "warehouse": "unit-east", "expires_on": in_days(7),
                    "lines": [{"category": "sleeping-bag", "condition": "good", "quantity": 31}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");

    let (s, b) = step(
        &bristol,
        &t,
        "dispatch",
        json!({"lines": [{"line": 1, "quantity": 30}, {"line": 2, "quantity": 10}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let dispatch_file = b["file"].as_str().expect("dispatch").to_string();
    assert!(
        reserved(&bristol, "unit-east").is_empty(),
        "what left holds nothing back"
    );
    assert_eq!(
        bristol.stock_of("unit-east", "sleeping-bag", "good").await,
        30
    );
    assert_eq!(
        bristol
            .stock_of("partner-dunkirk", "sleeping-bag", "good")
            .await,
        30
    );

    let (s, b) = import(&dunkirk, &dispatch_file).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["transfer"]["state"], "dispatched");

    let (s, b) = step(
        &dunkirk,
        &t,
        "receive",
        json!({"warehouse": "unit-south", "received_on": in_days(0), "lines": [
            {"line": 1, "received": 28, "condition": "good", "reason": "short"},
            {"line": 2, "received": 10, "condition": "needs-repair", "reason": "damaged"}
        ]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["transfer"]["state"], "closed");
    let receipt_file = b["file"].as_str().expect("receipt").to_string();
    assert_eq!(
        dunkirk.stock_of("unit-south", "sleeping-bag", "good").await,
        28
    );
    assert_eq!(
        dunkirk
            .stock_of("unit-south", "tent-2p", "needs-repair")
            .await,
        10
    );
    let (_, intakes) = dunkirk.get("/api/v1/intakes").await;
    let sources: Vec<&str> = intakes["intakes"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["source"].as_str()).collect())
        .unwrap_or_default();
    assert!(sources.contains(&"partner:bristol"), "{intakes}");

    let (s, b) = import(&bristol, &receipt_file).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["transfer"]["state"], "closed");
    let history: Vec<&str> = b["transfer"]["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|e| e["state"].as_str())
        .collect();
    assert_eq!(
        history,
        ["offered", "accepted", "dispatched", "received", "closed"]
    );

    // Both ledgers tell one story: sent = received + written off as lost in transit.
    assert_eq!(
        bristol
            .stock_of("partner-dunkirk", "sleeping-bag", "good")
            .await,
        28
    );
    assert_eq!(
        bristol.stock_of("partner-dunkirk", "tent-2p", "good").await,
        10
    );
    let (_, lost) = bristol.get("/api/v1/ledger?cause=lost-in-transit").await;
    let lost: i64 = lost["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["cause"] == "lost-in-transit")
        .map(|e| e["quantity"].as_i64().unwrap_or(0))
        .sum();
    assert_eq!(lost, -2);
    let sent = 40;
    let received = dunkirk.stock_of("unit-south", "sleeping-bag", "good").await
        + dunkirk
            .stock_of("unit-south", "tent-2p", "needs-repair")
            .await;
    assert_eq!(sent, received - lost);
    bristol.assert_ledger_consistent();
    dunkirk.assert_ledger_consistent();

    for file in [&offer_file, &answer_file, &dispatch_file, &receipt_file] {
        nothing_local_travels(file);
    }

    // The same receipt again: taken once.
    let before = everything(&bristol).await;
    let (s, b) = import(&bristol, &receipt_file).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["replayed"], true);
    assert_eq!(everything(&bristol).await, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_and_steps_out_of_order_change_nothing() {
    let Some((bristol, dunkirk)) = partnered().await else {
        return;
    };
    bristol.receive("unit-east", "blanket", "good", 40).await;
    let (t, offer_file) = offer(
        &bristol,
        json!([{"category": "blanket", "condition": "good", "quantity": 20}]),
    )
    .await;

    // A tampered file: one byte of the quantity changed.
    let before = everything(&dunkirk).await;
    let tampered = offer_file.replace("\"quantity\":20", "\"quantity\":29");
    assert_ne!(tampered, offer_file);
    let (s, b) = import(&dunkirk, &tampered).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("signature"),
        "{b}"
    );
    // Unsigned, and not a file at all.
    let unsigned: String = offer_file
        .lines()
        .filter(|l| !l.starts_with("signature:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (s, b) = import(&dunkirk, &unsigned).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, _) = import(&dunkirk, "fifty sleeping bags, honest").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(everything(&dunkirk).await, before);

    // A key nobody added: a third collective offers to Dunkirk.
    let calais = common::spawn_app(Backend::Sqlite).await.expect("sqlite");
    add_partner(&calais, "dunkirk", &our_key(&dunkirk).await).await;
    calais.receive("unit-east", "blanket", "good", 5).await;
    let (_, stranger) = offer(
        &calais,
        json!([{"category": "blanket", "condition": "good", "quantity": 5}]),
    )
    .await;
    let (s, b) = import(&dunkirk, &stranger).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("not one of our partners"),
        "{b}"
    );
    assert_eq!(everything(&dunkirk).await, before);

    // A file for another collective: Calais's offer carried to Bristol, who knows Calais.
    add_partner(&bristol, "calais", &our_key(&calais).await).await;
    let (s, b) = import(&bristol, &stranger).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");

    // An expired partnership.
    let bristol_key = our_key(&bristol).await;
    set_valid_until(
        &dunkirk,
        "bristol",
        chrono::Utc::now().date_naive() - chrono::Days::new(1),
    );
    let (s, b) = import(&dunkirk, &offer_file).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("ended"),
        "{b}"
    );
    assert_eq!(everything(&dunkirk).await, before);
    set_valid_until(
        &dunkirk,
        "bristol",
        chrono::Utc::now().date_naive() + chrono::Days::new(30),
    );
    let _ = bristol_key;

    // In order now; then the same offer again has no effect.
    let (s, b) = import(&dunkirk, &offer_file).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let after_offer = everything(&dunkirk).await;
    let (s, b) = import(&dunkirk, &offer_file).await;
    assert_eq!((s, &b["replayed"]), (StatusCode::OK, &json!(true)), "{b}");
    assert_eq!(everything(&dunkirk).await, after_offer);

    // A receipt before a dispatch, and a dispatch before an acceptance: 409, nothing changed.
    let (s, b) = step(
        &dunkirk,
        &t,
        "receive",
        json!({"warehouse": "unit-east", "received_on": in_days(0), "lines": [{"line": 1, "received": 20, "condition": "good"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(b["error"]["code"], "out_of_order");
    let bristol_before = everything(&bristol).await;
    let (s, b) = step(
        &bristol,
        &t,
        "dispatch",
        json!({"lines": [{"line": 1, "quantity": 20}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(everything(&bristol).await, bristol_before);
    assert_eq!(everything(&dunkirk).await, after_offer);

    // A dispatch note for another handover, one Dunkirk never saw offered.
    let (s, b) = step(
        &dunkirk,
        &t,
        "answer",
        json!({"decision": "accept", "lines": [{"line": 1, "quantity": 20}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let answer_file = b["file"].as_str().expect("answer").to_string();
    import(&bristol, &answer_file).await;
    let (other, other_offer) = offer(
        &bristol,
        json!([{"category": "blanket", "condition": "good", "quantity": 5}]),
    )
    .await;
    let (s, _) = import(&dunkirk, &other_offer).await;
    assert_eq!(s, StatusCode::OK);
    let (s, b) = step(
        &dunkirk,
        &other,
        "answer",
        json!({"decision": "accept", "lines": [{"line": 1, "quantity": 5}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, b) = import(&bristol, b["file"].as_str().expect("answer")).await;
    assert_eq!(b["transfer"]["state"], "accepted");
    let (s, b) = step(
        &bristol,
        &other,
        "dispatch",
        json!({"lines": [{"line": 1, "quantity": 5}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let other_note = b["file"].as_str().expect("note").to_string();
    // The note is for `other`: rewritten to name `t`, its signature breaks; as it is,
    // it moves `other` and leaves `t` accepted.
    let forged = other_note.replace(&other, &t);
    let dunkirk_before = everything(&dunkirk).await;
    let (s, b) = import(&dunkirk, &forged).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(everything(&dunkirk).await, dunkirk_before);
    // Signed by Bristol's own key but naming `t` while answering `other`'s answer: refused.
    let t_for_closure = t.clone();
    let misfiled = resign(&bristol, &other_note, move |body| {
        body.transfer = t_for_closure
    });
    let (s, b) = import(&dunkirk, &misfiled).await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(b["error"]["code"], "wrong_transfer", "{b}");
    assert_eq!(everything(&dunkirk).await, dunkirk_before);
    let (s, b) = import(&dunkirk, &other_note).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(state_of(&dunkirk, &t).await, "accepted");
    assert_eq!(state_of(&dunkirk, &other).await, "dispatched");
    // An answer replayed to the giver after it dispatched: no effect.
    let (s, b) = import(&bristol, &answer_file).await;
    assert_eq!((s, &b["replayed"]), (StatusCode::OK, &json!(true)), "{b}");

    bristol.assert_ledger_consistent();
    dunkirk.assert_ledger_consistent();
}

/// `text` changed by `edit` and signed again with `app`'s own key: a file that is
/// genuinely theirs but says something they never said in order.
fn resign(
    app: &TestApp,
    text: &str,
    edit: impl FnOnce(&mut haul::partners::file::Body) + Send + 'static,
) -> String {
    let mut body = haul::partners::file::open(text).expect("opens").body;
    edit(&mut body);
    let key = app
        .db
        .read_blocking(haul::partners::key::load)
        .expect("key")
        .expect("made");
    haul::partners::file::seal(&key, &body).text
}

fn set_valid_until(app: &TestApp, code: &str, day: chrono::NaiveDate) {
    use diesel::prelude::*;
    use haul::db::schema::partners as p;
    let code = code.to_string();
    app.db
        .write_blocking(move |c| {
            diesel::update(p::table.filter(p::code_name.eq(code)))
                .set(p::valid_until.eq(day))
                .execute(c)?;
            Ok(())
        })
        .expect("set valid_until");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unmapped_category_is_refused_until_it_is_mapped_once() {
    let Some((bristol, dunkirk)) = partnered().await else {
        return;
    };
    let (s, b) = bristol
        .post(
            "/api/v1/categories",
            &json!({"slug": "camp-bed", "name": "Camp bed", "unit_volume_l": 40, "unit_weight_kg": 5}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    bristol.receive("unit-east", "camp-bed", "good", 6).await;
    let (t, file) = offer(
        &bristol,
        json!([{"category": "camp-bed", "condition": "good", "quantity": 6}]),
    )
    .await;
    let (s, b) = import(&dunkirk, &file).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["transfer"]["lines"][0]["our_category"], Value::Null);
    let (_, b) = step(
        &dunkirk,
        &t,
        "answer",
        json!({"decision": "accept", "lines": [{"line": 1, "quantity": 6}]}),
    )
    .await;
    import(&bristol, b["file"].as_str().expect("answer")).await;
    let (_, b) = step(
        &bristol,
        &t,
        "dispatch",
        json!({"lines": [{"line": 1, "quantity": 6}]}),
    )
    .await;
    import(&dunkirk, b["file"].as_str().expect("note")).await;

    let receipt = json!({"warehouse": "unit-east", "received_on": in_days(0),
                         "lines": [{"line": 1, "received": 6, "condition": "good"}]});
    let before = everything(&dunkirk).await;
    let (s, b) = step(&dunkirk, &t, "receive", receipt.clone()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("not mapped"),
        "{b}"
    );
    assert_eq!(everything(&dunkirk).await, before);

    let (s, b) = dunkirk
        .put(
            "/api/v1/partners/bristol/categories",
            &json!({"their_category": "camp-bed", "category": "roll-mat"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = step(&dunkirk, &t, "receive", receipt).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(dunkirk.stock_of("unit-east", "roll-mat", "good").await, 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partners_and_requests_are_checked_at_the_edge() {
    let Some(app) = common::spawn_app(Backend::Sqlite).await else {
        return;
    };
    let own = our_key(&app).await;
    let (s, _) = app.get("/api/v1/partners/key").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(our_key(&app).await, own, "made once");
    for (body, field) in [
        (
            json!({"code_name": "x", "public_key": own, "direction": "both", "valid_until": in_days(9)}),
            "public_key",
        ),
        (
            json!({"code_name": "x", "public_key": "haul-key-1:00", "direction": "both", "valid_until": in_days(9)}),
            "public_key",
        ),
        (
            json!({"code_name": "x", "public_key": "haul-key-1:3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "direction": "both", "valid_until": "2001-01-01"}),
            "valid_until",
        ),
    ] {
        let (s, b) = app.post("/api/v1/partners", &body).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
        assert_eq!(b["error"]["details"][0]["field"], field, "{b}");
    }
    let (s, b) = app
        .post("/api/v1/partners", &json!({"code_name": "Not A Slug", "public_key": own, "direction": "both", "valid_until": in_days(9)}))
        .await;
    assert!(
        s == StatusCode::UNPROCESSABLE_ENTITY || s == StatusCode::BAD_REQUEST,
        "{s} {b}"
    );
    let (s, b) = app.get("/api/v1/partners").await;
    assert_eq!(
        (s, b["partners"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(0))
    );
    // A partner location cannot be made by hand.
    let (s, _) = app
        .post(
            "/api/v1/locations",
            &json!({"slug": "partner-x", "name": "X", "kind": "partner"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app.get("/api/v1/partner-transfers/0123").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, b) = app
        .plain
        .get(app.url("/api/v1/partners/key"))
        .send()
        .await
        .map(|r| (r.status(), ()))
        .expect("GET");
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{b:?}");
}

/// A dispatch note is never changed: accepted goods that did not leave with the first
/// note go on a further note (`…/extra`), within what was accepted. The reservation
/// holds what is accepted and unsent until the receipt closes the handover; the receipt
/// counts every note's goods as shipped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_further_dispatch_note_sends_what_was_accepted_and_not_yet_sent() {
    let Some((bristol, dunkirk)) = partnered().await else {
        return;
    };
    bristol.receive("unit-east", "blanket", "good", 40).await;
    bristol.receive("unit-east", "tent-2p", "good", 6).await;
    let (t, offer_file) = offer(
        &bristol,
        json!([{"category": "blanket", "condition": "good", "quantity": 30},
               {"category": "tent-2p", "condition": "good", "quantity": 6}]),
    )
    .await;
    assert_eq!(import(&dunkirk, &offer_file).await.0, StatusCode::OK);
    let (s, b) = step(
        &dunkirk,
        &t,
        "answer",
        json!({"decision": "accept", "lines": [{"line": 1, "quantity": 25}, {"line": 2, "quantity": 6}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let answer_file = b["file"].as_str().expect("answer").to_string();
    assert_eq!(import(&bristol, &answer_file).await.0, StatusCode::OK);

    // Before the first note there is nothing to add to.
    let one_more = json!({"lines": [{"line": 1, "quantity": 5}]});
    refused_step(
        &bristol,
        &t,
        "extra",
        one_more.clone(),
        StatusCode::CONFLICT,
        Some("out_of_order"),
    )
    .await;

    let (first, _) = sent(
        &bristol,
        &t,
        "dispatch",
        json!({"lines": [{"line": 1, "quantity": 20}, {"line": 2, "quantity": 6}]}),
        StatusCode::CREATED,
    )
    .await;
    let held: Vec<(String, i64)> = reserved(&bristol, "unit-east")
        .into_iter()
        .map(|(_, condition, q)| (condition.to_string(), q))
        .collect();
    assert_eq!(
        held,
        [("good".to_string(), 5)],
        "the 5 accepted and not sent stay reserved"
    );
    // The first note cannot be made twice; a further note goes its own way.
    refused_step(
        &bristol,
        &t,
        "dispatch",
        one_more.clone(),
        StatusCode::CONFLICT,
        Some("out_of_order"),
    )
    .await;

    // Refusals, nothing changed: beyond what was accepted (5 left of line 1, 0 of line 2),
    // nothing at all, a line that is not there.
    for lines in [
        json!([{"line": 1, "quantity": 6}]),
        json!([{"line": 2, "quantity": 1}]),
        json!([{"line": 1, "quantity": 0}]),
        json!([{"line": 3, "quantity": 1}]),
    ] {
        refused_step(
            &bristol,
            &t,
            "extra",
            json!({ "lines": lines }),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        )
        .await;
    }

    let (second, b) = sent(&bristol, &t, "extra", one_more, StatusCode::CREATED).await;
    assert_eq!(b["transfer"]["state"], "dispatched");
    assert_eq!(b["transfer"]["lines"][0]["dispatched"], 25);
    let names: Vec<&str> = b["transfer"]["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert_eq!(names, ["offer", "answer", "dispatch", "dispatch-2"]);
    let (s, again) = bristol
        .get_text(&format!("/api/v1/partner-transfers/{t}/files/dispatch-2"))
        .await;
    assert_eq!((s, again.as_str()), (StatusCode::OK, second.as_str()));
    let (s, _) = bristol
        .get_text(&format!("/api/v1/partner-transfers/{t}/files/dispatch-3"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(
        reserved(&bristol, "unit-east").is_empty(),
        "all accepted has left"
    );
    assert_eq!(bristol.stock_of("unit-east", "blanket", "good").await, 15);
    assert_eq!(
        bristol.stock_of("partner-dunkirk", "blanket", "good").await,
        25
    );
    nothing_local_travels(&second);

    // The second note before the first is out of order at Dunkirk; in order, both count.
    let before = everything(&dunkirk).await;
    let (s, b) = import(&dunkirk, &second).await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(everything(&dunkirk).await, before);
    for note in [&first, &second] {
        let (s, b) = import(&dunkirk, note).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        assert_eq!(b["transfer"]["state"], "dispatched");
    }
    let (s, b) = import(&dunkirk, &second).await;
    assert_eq!((s, &b["replayed"]), (StatusCode::OK, &json!(true)));
    let (_, b) = dunkirk.get(&format!("/api/v1/partner-transfers/{t}")).await;
    assert_eq!(b["lines"][0]["dispatched"], 25, "{b}");

    // The receipt says 25 shipped of line 1 (both notes) and 24 arrived.
    let (receipt, _) = sent(
        &dunkirk,
        &t,
        "receive",
        json!({"warehouse": "unit-south", "received_on": in_days(0), "lines": [
            {"line": 1, "received": 24, "condition": "good", "reason": "short"},
            {"line": 2, "received": 6, "condition": "good"}]}),
        StatusCode::CREATED,
    )
    .await;
    assert!(receipt.contains("\"shipped\":25"), "{receipt}");
    let (s, b) = import(&bristol, &receipt).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["transfer"]["state"], "closed");
    assert_eq!(
        bristol.stock_of("partner-dunkirk", "blanket", "good").await,
        24
    );

    // After the receipt no further note: the handover is closed on both sides.
    let last = json!({"lines": [{"line": 1, "quantity": 1}]});
    refused_step(
        &bristol,
        &t,
        "extra",
        last,
        StatusCode::CONFLICT,
        Some("out_of_order"),
    )
    .await;
    bristol.assert_ledger_consistent();
    dunkirk.assert_ledger_consistent();
}

/// A step `app` must refuse with `status` (and the error `code`, if given), leaving
/// stock, ledger and handovers as they were.
async fn refused_step(
    app: &TestApp,
    transfer: &str,
    what: &str,
    body: Value,
    status: StatusCode,
    code: Option<&str>,
) {
    let before = everything(app).await;
    let (s, b) = step(app, transfer, what, body).await;
    assert_eq!(s, status, "{what}: {b}");
    if let Some(code) = code {
        assert_eq!(b["error"]["code"], code, "{what}: {b}");
    }
    assert_eq!(
        everything(app).await,
        before,
        "a refused {what} changed something"
    );
}

/// A step `app` must take with `status`: the file it made, and the whole answer.
async fn sent(
    app: &TestApp,
    transfer: &str,
    what: &str,
    body: Value,
    status: StatusCode,
) -> (String, Value) {
    let (s, b) = step(app, transfer, what, body).await;
    assert_eq!(s, status, "{what}: {b}");
    let file = b["file"].as_str().expect("a file to hand over").to_string();
    (file, b)
}

/// The offer page's form carries a `form_key` like every form that changes something:
/// sent twice it makes one offer; without its key it is refused and nothing is made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offer_form_sent_twice_makes_one_offer() {
    let Some((bristol, _dunkirk)) = partnered().await else {
        return;
    };
    bristol.receive("unit-east", "blanket", "good", 10).await;
    let (s, html) = bristol
        .get_text("/partners/offer?warehouse=unit-east")
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let key = html
        .split("name=\"form_key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the offer form has a form_key")
        .to_string();
    let until = in_days(7);
    let mut fields = vec![
        ("partner", "dunkirk"),
        ("warehouse", "unit-east"),
        ("expires_on", until.as_str()),
        ("qty:blanket:good", "4"),
    ];
    let before = everything(&bristol).await;
    let (s, _, html) = bristol.post_form("/partners/offer", &fields).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "no key: {html}");
    assert!(html.contains("missing its key"), "{html}");
    assert_eq!(everything(&bristol).await, before);

    fields.push(("form_key", key.as_str()));
    let (s, first, _) = bristol.post_form("/partners/offer", &fields).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, second, _) = bristol.post_form("/partners/offer", &fields).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (first, second) = (first.expect("to the offer"), second.expect("to the offer"));
    let path = |l: &str| l.split('?').next().unwrap_or_default().to_string();
    assert_eq!(path(&first), path(&second), "the same handover both times");
    // The address carries the step's code, never words: the page says it.
    assert!(second.contains("done=offer&twice=1"), "{second}");
    let (_, page) = bristol.get_text(&second).await;
    assert!(page.contains("sent twice"), "{page}");
    let (_, b) = bristol.get("/api/v1/partner-transfers").await;
    assert_eq!(b["transfers"].as_array().map(Vec::len), Some(1), "{b}");

    // The same key with other counts is not the same form: refused, nothing made.
    let fields: Vec<(&str, &str)> = fields
        .into_iter()
        .map(|(k, v)| {
            if k == "qty:blanket:good" {
                (k, "5")
            } else {
                (k, v)
            }
        })
        .collect();
    let before = everything(&bristol).await;
    let (s, _, _) = bristol.post_form("/partners/offer", &fields).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(everything(&bristol).await, before);
}

// ---- the pages' forms: refusals in words, beside the field, nothing changed ----

/// The form key a page's form carries (the first on the page).
fn form_key(html: &str) -> String {
    html.split("name=\"form_key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the form has a form_key")
        .to_string()
}

/// The text of the element with `id`, tags dropped.
fn text_of_id(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let open = html[..at].rfind('<')?;
    let tag: String = html[open + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    let end = rest.find(&format!("</{tag}>"))?;
    let mut out = String::new();
    let mut in_tag = false;
    for c in rest[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    Some(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The error shown beside the input `field`: the input names it in `aria-describedby`,
/// it comes right after the input with no other input between them, and it is worded
/// for a volunteer (no program message, no field code).
fn error_beside(html: &str, field: &str) -> String {
    let id = format!("id=\"{field}\"");
    let input_at = html
        .find(&id)
        .unwrap_or_else(|| panic!("no input {field} on the page:\n{html}"));
    let tag_end = input_at + html[input_at..].find('>').expect("tag ends");
    let tag_start = html[..input_at].rfind('<').expect("tag starts");
    let tag = &html[tag_start..tag_end];
    // Its error first; a hint may follow it.
    let described = tag
        .split("aria-describedby=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default();
    assert!(
        described.split(' ').next() == Some(format!("{field}-error").as_str()),
        "{field} does not point at its error: {tag}"
    );
    // A group of rows (a fieldset) is described by its error; its inputs are not wrong.
    assert!(
        tag.starts_with("<fieldset") || tag.contains("aria-invalid=\"true\""),
        "{tag}"
    );
    let error_at = html
        .find(&format!("id=\"{field}-error\""))
        .unwrap_or_else(|| panic!("no error for {field}:\n{html}"));
    assert!(
        error_at > input_at,
        "the error of {field} is above its input"
    );
    let between = &html[tag_end..error_at];
    for other in ["<input", "<select", "<textarea", "<fieldset"] {
        assert!(
            !between.contains(other),
            "another field sits between {field} and its error"
        );
    }
    let text = text_of_id(html, &format!("{field}-error")).expect("error text");
    for program in [
        "premature",
        "not a valid slug",
        "must be from today",
        "expires_on",
        "valid_until",
        "lines[",
        "invalid",
        "unknown variant",
        "expected",
    ] {
        assert!(
            !text.contains(program),
            "a program message beside {field}: {text}"
        );
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_add_partner_form_refuses_in_words_beside_each_field() {
    let Some(app) = common::spawn_app(Backend::Sqlite).await else {
        return;
    };
    let own = our_key(&app).await;
    let before = everything(&app).await;
    let partners = || async { app.get("/api/v1/partners").await.1 };
    let none = partners().await;

    // Malformed: every field wrong at once, every error beside its field, typed kept.
    let (s, _, html) = app
        .post_form(
            "/partners",
            &[
                ("code_name", "Not A Slug"),
                ("public_key", "haul-key-1:00"),
                ("direction", "sideways"),
                ("valid_until", "next tuesday"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(error_beside(&html, "code_name").contains("small letters"));
    assert!(error_beside(&html, "public_key").contains("does not read"));
    assert!(error_beside(&html, "direction").contains("give, receive"));
    assert!(error_beside(&html, "valid_until").contains("not a day"));
    assert!(html.contains("value=\"Not A Slug\""), "typed value kept");
    assert!(html.contains("haul-key-1:00</textarea>"), "typed key kept");
    assert!(
        text_of_id(&html, "problems").is_some_and(|t| t.contains("4 things to fix")),
        "a summary on top"
    );
    assert!(
        html.contains("href=\"#valid_until\""),
        "the summary links to each field"
    );

    // Empty.
    let (s, _, html) = app
        .post_form(
            "/partners",
            &[
                ("code_name", ""),
                ("public_key", ""),
                ("direction", "both"),
                ("valid_until", ""),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    // The code name is optional: with no name to make it from, the name is missing.
    assert!(error_beside(&html, "name").contains("partner's name"));
    assert!(!html.contains("id=\"code_name-error\""), "{html}");
    assert!(error_beside(&html, "public_key").contains("Paste"));
    assert!(error_beside(&html, "valid_until").contains("Choose a day"));

    // Out of range: a date in the past, our own key.
    let (s, _, html) = app
        .post_form(
            "/partners",
            &[
                ("code_name", "calais"),
                ("public_key", own.as_str()),
                ("direction", "both"),
                ("valid_until", "2001-01-01"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(error_beside(&html, "public_key").contains("our own key"));
    assert!(error_beside(&html, "valid_until").contains("from"));
    assert!(
        !html.contains("id=\"code_name-error\""),
        "the name was fine"
    );

    // In French, the same refusals in French.
    let (s, _, html) = app
        .post_form_in(
            "fr",
            "/partners",
            &[
                ("code_name", "Pas Un Nom"),
                ("public_key", ""),
                ("direction", "both"),
                ("valid_until", ""),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        error_beside(&html, "code_name").contains("minuscules"),
        "{html}"
    );
    assert!(error_beside(&html, "public_key").contains("Collez"));
    assert!(error_beside(&html, "valid_until").contains("Choisissez un jour"));

    assert_eq!(everything(&app).await, before, "nothing changed");
    assert_eq!(partners().await, none);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offer_sheet_lists_what_can_be_offered_by_name_and_filters_without_script() {
    let Some((bristol, _dunkirk)) = partnered().await else {
        return;
    };
    for (category, condition, n) in [
        ("tent-2p", "good", 2),
        ("sleeping-bag", "good", 5),
        ("blanket", "usable", 4),
        ("blanket", "good", 10),
        ("blanket", "needs-drying", 3),
        ("roll-mat", "unusable", 7),
    ] {
        bristol.receive("unit-east", category, condition, n).await;
    }
    let (s, html) = bristol
        .get_text("/partners/offer?warehouse=unit-east")
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let rows: Vec<&str> = html
        .split("name=\"qty:")
        .skip(1)
        .filter_map(|r| r.split('"').next())
        .collect();
    assert_eq!(
        rows,
        [
            "blanket:good",
            "blanket:usable",
            "sleeping-bag:good",
            "tent-2p:good"
        ],
        "by name (Blanket, Sleeping bag, Tent), good before usable, nothing that cannot go out"
    );

    // A quick filter is a GET: the rows matching it, and every row with a count typed.
    let (s, html) = bristol
        .get_text("/partners/offer?warehouse=unit-east&find=sleep&qty%3Atent-2p%3Agood=2&expires_on=2030-01-01&filter=1")
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("name=\"qty:sleeping-bag:good\""), "{html}");
    assert!(
        html.contains("name=\"qty:tent-2p:good\""),
        "the typed row stays"
    );
    assert!(!html.contains("name=\"qty:blanket:good\""), "filtered out");
    assert!(html.contains("2 more items are not shown"), "{html}");
    assert!(
        html.contains("value=\"2030-01-01\""),
        "typed values come back"
    );
    let (_, html) = bristol
        .get_text("/partners/offer?warehouse=unit-east&group=shelter&filter=1")
        .await;
    assert!(html.contains("name=\"qty:tent-2p:good\""));
    assert!(!html.contains("name=\"qty:sleeping-bag:good\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offer_form_refuses_in_words_beside_each_row() {
    let Some((bristol, _dunkirk)) = partnered().await else {
        return;
    };
    bristol.receive("unit-east", "blanket", "good", 10).await;
    bristol
        .receive("unit-east", "sleeping-bag", "good", 5)
        .await;
    let (_, page) = bristol
        .get_text("/partners/offer?warehouse=unit-east")
        .await;
    let key = form_key(&page);
    let before = everything(&bristol).await;
    let too_late = in_days(400);

    // Malformed and out of range, all at once: more than is free, not a number, no
    // date, a phone number in the note.
    let (s, _, html) = bristol
        .post_offer_in(
            "en",
            &key,
            "dunkirk",
            "",
            &[
                ("qty:blanket:good", "12"),
                ("qty:sleeping-bag:good", "lots"),
                ("note", "ring Sam on 07700 900123"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let over = error_beside(&html, "qty:blanket:good");
    assert!(over.contains("only 10"), "{over}");
    assert!(over.contains("Blanket"), "names, not slugs: {over}");
    assert!(error_beside(&html, "qty:sleeping-bag:good").contains("not a number"));
    assert!(error_beside(&html, "expires_on").contains("Choose a day"));
    assert!(error_beside(&html, "note").contains("phone numbers"));
    assert!(html.contains("value=\"12\"") && html.contains("value=\"lots\""));
    assert!(
        html.contains("07700 900123</textarea>"),
        "the note is kept to fix"
    );

    // Empty: nothing to offer; a date too far ahead.
    let (s, _, html) = bristol
        .post_offer_in(
            "en",
            &key,
            "dunkirk",
            &too_late,
            &[("qty:blanket:good", "0"), ("qty:sleeping-bag:good", "")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(error_beside(&html, "lines").contains("at least one"));
    assert!(error_beside(&html, "expires_on").contains("to"));

    // An unknown partner and a negative count, in Arabic.
    let (s, _, html) = bristol
        .post_offer_in(
            "ar",
            &key,
            "nobody",
            &in_days(3),
            &[("qty:blanket:good", "-2")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        error_beside(&html, "partner").contains("اختاروا شريكًا"),
        "{html}"
    );
    assert!(error_beside(&html, "qty:blanket:good").contains("0 أو أكثر"));

    assert_eq!(everything(&bristol).await, before, "nothing changed");
}

/// Gets a handover to `state` through the API: offered (imported at Dunkirk), accepted
/// (answer imported at Bristol), dispatched (note imported at Dunkirk).
async fn handover_at(bristol: &TestApp, dunkirk: &TestApp, state: &str) -> String {
    bristol.receive("unit-east", "blanket", "good", 20).await;
    let (t, file) = offer(
        bristol,
        json!([{"category": "blanket", "condition": "good", "quantity": 10}]),
    )
    .await;
    assert_eq!(import(dunkirk, &file).await.0, StatusCode::OK);
    if state == "offered" {
        return t;
    }
    let (answer, _) = sent(
        dunkirk,
        &t,
        "answer",
        json!({"decision": "accept", "lines": [{"line": 1, "quantity": 10}]}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(import(bristol, &answer).await.0, StatusCode::OK);
    if state == "accepted" {
        return t;
    }
    let (note, _) = sent(
        bristol,
        &t,
        "dispatch",
        json!({"lines": [{"line": 1, "quantity": 10}]}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(import(dunkirk, &note).await.0, StatusCode::OK);
    t
}

/// Posts a handover page's step form (with the page's own form key).
async fn step_form(app: &TestApp, t: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let path = format!("/partners/transfers/{t}");
    let (_, page) = app.get_text(&path).await;
    let key = form_key(&page);
    let mut all = vec![("form_key", key.as_str())];
    all.extend_from_slice(fields);
    let (s, _, html) = app.post_form(&path, &all).await;
    (s, html)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_handover_forms_refuse_in_words_beside_each_field() {
    let Some((bristol, dunkirk)) = partnered().await else {
        return;
    };
    let t = handover_at(&bristol, &dunkirk, "offered").await;

    // Answer: more than offered, not a number, nothing at all.
    let before = everything(&dunkirk).await;
    for (typed, words) in [
        ("11", "The partner offered 10"),
        ("ten", "not a number"),
        ("-1", "0 or more"),
    ] {
        let (s, html) = step_form(&dunkirk, &t, &[("action", "accept"), ("line:1", typed)]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{typed}: {html}");
        assert!(error_beside(&html, "line:1").contains(words), "{typed}");
        assert!(html.contains(&format!("value=\"{typed}\"")), "typed kept");
    }
    let (s, html) = step_form(&dunkirk, &t, &[("action", "accept"), ("line:1", "0")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(error_beside(&html, "lines").contains("decline"));
    assert_eq!(everything(&dunkirk).await, before);
    assert_eq!(state_of(&dunkirk, &t).await, "offered");

    // Dispatch: more than accepted, empty.
    let (bristol2, dunkirk2) = two_servers().await.expect("two more servers");
    partnership(&bristol2, &dunkirk2).await;
    let t2 = handover_at(&bristol2, &dunkirk2, "accepted").await;
    let before = everything(&bristol2).await;
    let (s, html) = step_form(&bristol2, &t2, &[("action", "dispatch"), ("line:1", "40")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(error_beside(&html, "line:1").contains("only 10"));
    let (s, html) = step_form(&bristol2, &t2, &[("action", "dispatch"), ("line:1", "")]).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(error_beside(&html, "lines").contains("at least one"));
    assert_eq!(everything(&bristol2).await, before);

    // Receive: every field wrong, then a difference without a reason (in Arabic).
    let t3 = handover_at(&bristol, &dunkirk, "dispatched").await;
    let before = everything(&dunkirk).await;
    let (s, html) = step_form(
        &dunkirk,
        &t3,
        &[
            ("action", "receive"),
            ("warehouse", "nowhere"),
            ("received_on", "2999-01-01"),
            ("line:1", ""),
            ("condition:1", "mouldy"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(error_beside(&html, "warehouse").contains("warehouses"));
    assert!(error_beside(&html, "received_on").contains("Choose a day from"));
    assert!(error_beside(&html, "line:1").contains("arrived"));
    assert!(error_beside(&html, "condition:1").contains("condition"));
    let (_, page) = dunkirk.get_text(&format!("/partners/transfers/{t3}")).await;
    let key = form_key(&page);
    let (s, _, html) = dunkirk
        .post_form_in(
            "ar",
            &format!("/partners/transfers/{t3}"),
            &[
                ("form_key", key.as_str()),
                ("action", "receive"),
                ("warehouse", "unit-south"),
                ("received_on", in_days(0).as_str()),
                ("line:1", "8"),
                ("condition:1", "good"),
                ("reason:1", ""),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        error_beside(&html, "reason:1").contains("قولوا لماذا"),
        "{html}"
    );
    assert!(html.contains("value=\"8\""), "typed kept");
    assert_eq!(everything(&dunkirk).await, before);

    // Declare lost: no reason, a reason with a phone number.
    let t4 = handover_at(&bristol2, &dunkirk2, "dispatched").await;
    let before = everything(&bristol2).await;
    for (typed, words) in [("", "Say why"), ("call 07700 900123", "phone numbers")] {
        let (s, html) = step_form(&bristol2, &t4, &[("action", "lost"), ("reason", typed)]).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        assert!(error_beside(&html, "reason").contains(words), "{typed}");
    }
    assert_eq!(everything(&bristol2).await, before);
    assert_eq!(state_of(&bristol2, &t4).await, "dispatched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_import_form_refuses_in_words_beside_the_file() {
    let Some((bristol, dunkirk)) = two_servers().await else {
        return;
    };
    let before = everything(&dunkirk).await;
    // Not a file at all, nothing, and a file from a collective that is no partner yet.
    bristol.receive("unit-east", "blanket", "good", 5).await;
    add_partner(&bristol, "dunkirk", &our_key(&dunkirk).await).await;
    let (_, stranger) = offer(
        &bristol,
        json!([{"category": "blanket", "condition": "good", "quantity": 5}]),
    )
    .await;
    // A refusal sits beside the paste box when the paste was used; with nothing at
    // all, beside the file picker.
    for (text, words, beside) in [
        (
            "fifty sleeping bags, honest",
            "not a file from a partner",
            "text",
        ),
        ("", "paste its text", "file"),
        (stranger.as_str(), "not one of our partners", "text"),
    ] {
        let (s, _, html) = dunkirk
            .post_form("/partners/import", &[("text", text)])
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        assert!(
            error_beside(&html, beside).contains(words),
            "{words}: {html}"
        );
    }
    // Sent as the page sends it (multipart): the pasted text stays, the error beside it;
    // a file chosen is refused beside the file picker.
    for (part, beside) in [("text", "text"), ("file", "file")] {
        let boundary = "haulTestBoundary";
        let mut body = String::new();
        for name in ["file", "text"] {
            let content = if name == part {
                "forty tents, honest"
            } else {
                ""
            };
            let filename = if name == "file" {
                "; filename=\"x.txt\""
            } else {
                ""
            };
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"{filename}\r\n\r\n{content}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        let resp = dunkirk
            .client
            .post(dunkirk.url("/partners/import"))
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .expect("POST multipart");
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = resp.text().await.unwrap_or_default();
        assert!(
            error_beside(&html, beside).contains("not a file from a partner"),
            "{part}: {html}"
        );
        assert_eq!(
            html.contains("forty tents, honest</textarea>"),
            part == "text",
            "{part}: the pasted text is kept, a file is not"
        );
    }
    let (s, _, html) = dunkirk
        .post_form_in("fr", "/partners/import", &[("text", "cinquante sacs")])
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_beside(&html, "text").contains("redemandez"), "{html}");
    assert!(
        html.contains("cinquante sacs</textarea>"),
        "the pasted text is kept"
    );
    assert_eq!(everything(&dunkirk).await, before);
}

// ---- issue 18, a fresh tester's handover at 360 px ----

/// The path and query a redirect leads to (no fragment is ever added by the server).
fn location_path(to: &str) -> &str {
    to.find("/partners").map(|i| &to[i..]).unwrap_or(to)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receipt_reason_must_fit_its_counts_everywhere() {
    let Some((bristol, dunkirk)) = partnered().await else {
        return;
    };
    bristol
        .receive("unit-east", "sleeping-bag", "good", 30)
        .await;
    let (t, file) = offer(
        &bristol,
        json!([{"category": "sleeping-bag", "condition": "good", "quantity": 30}]),
    )
    .await;
    assert_eq!(import(&dunkirk, &file).await.0, StatusCode::OK);
    let (answer, _) = sent(
        &dunkirk,
        &t,
        "answer",
        json!({"decision": "accept", "lines": [{"line": 1, "quantity": 30}]}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(import(&bristol, &answer).await.0, StatusCode::OK);
    let (note, _) = sent(
        &bristol,
        &t,
        "dispatch",
        json!({"lines": [{"line": 1, "quantity": 30}]}),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(import(&dunkirk, &note).await.0, StatusCode::OK);

    // The API: 28 of 30 is never "extra", 31 is never "short", 30 needs no "short".
    let before = everything(&dunkirk).await;
    for (received, reason) in [(28, "extra"), (31, "short"), (30, "short")] {
        let (s, b) = step(
            &dunkirk,
            &t,
            "receive",
            json!({"warehouse": "unit-south", "received_on": in_days(0), "lines": [
                {"line": 1, "received": received, "condition": "good", "reason": reason}]}),
        )
        .await;
        assert_eq!(
            s,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{received} {reason}: {b}"
        );
        assert!(b.to_string().contains("cannot be"), "{b}");
    }
    assert_eq!(everything(&dunkirk).await, before, "nothing changed");
    assert_eq!(state_of(&dunkirk, &t).await, "dispatched");

    // The page: refused beside the line's reason, in words, the typed values kept.
    let (s, html) = step_form(
        &dunkirk,
        &t,
        &[
            ("action", "receive"),
            ("warehouse", "unit-south"),
            ("received_on", in_days(0).as_str()),
            ("line:1", "28"),
            ("condition:1", "good"),
            ("reason:1", "extra"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let beside = error_beside(&html, "reason:1");
    assert!(
        beside.contains("28 arrived of 30") && beside.contains("short"),
        "{beside}"
    );
    assert!(
        html.contains("<textarea id=\"note\" name=\"note\""),
        "the receiver has a note box: {html}"
    );
    assert_eq!(everything(&dunkirk).await, before, "nothing changed");

    // A receipt file signed by the partner that says "extra" for a shortfall is refused
    // by the giver: its history never reads "2 lost in transit (extra)".
    let (receipt, _) = sent(
        &dunkirk,
        &t,
        "receive",
        json!({"warehouse": "unit-south", "received_on": in_days(0), "note": "two bags torn <b>open</b>",
               "lines": [{"line": 1, "received": 28, "condition": "good", "reason": "short"}]}),
        StatusCode::CREATED,
    )
    .await;
    let lying = resign(&dunkirk, &receipt, |body| {
        if let haul::partners::file::Content::Receipt(r) = &mut body.content {
            r.lines[0].reason = Some(haul::partners::file::Reason::Extra);
        }
    });
    let giver_before = everything(&bristol).await;
    let (s, b) = import(&bristol, &lying).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(everything(&bristol).await, giver_before, "nothing changed");
    // The true one is taken, and the receiver's note reaches the giver's page, escaped.
    let (s, b) = import(&bristol, &receipt).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["transfer"]["receipt_note"], "two bags torn <b>open</b>");
    let (_, page) = bristol.get_text(&format!("/partners/transfers/{t}")).await;
    let note = text_of_id(&page, "receipt-note").expect("the receiver's note is shown");
    assert!(note.contains("The partner's note"), "{note}");
    assert!(
        page.contains("two bags torn &lt;b&gt;open&lt;/b&gt;"),
        "escaped"
    );
    assert!(
        text_of_id(&page, "history").is_some_and(|h| h.contains("2 lost in transit (short)")),
        "{page}"
    );
    // On the stock page the partner's place says what it is, in the reader's words.
    for (lang, words) in [("en", "(partner) · 28"), ("fr", "(partenaire) · 28")] {
        let (_, stock) = bristol.get_text_in(lang, "/stock").await;
        assert!(stock.contains(words), "{lang}: {stock}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_handover_pages_name_partners_show_notes_and_confirm_a_decline() {
    let Some((bristol, dunkirk)) = two_servers().await else {
        return;
    };
    let (g, r) = (our_key(&bristol).await, our_key(&dunkirk).await);
    add_partner(&bristol, "dunkirk", &r).await;
    let (s, b) = dunkirk
        .post(
            "/api/v1/partners",
            &json!({"code_name": "bristol", "name": "Heron Valley Collective", "public_key": g,
                    "direction": "both", "valid_until": in_days(365)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    bristol.receive("unit-east", "blanket", "good", 40).await;
    bristol
        .receive("unit-east", "sleeping-bag", "good", 40)
        .await;
    bristol.receive("unit-east", "tent-2p", "good", 40).await;

    // The offer form proposes an expiry two weeks ahead, and says so; its action
    // carries no fragment, so the address after the offer has none either.
    let (_, form) = bristol.get_text("/partners/offer").await;
    assert!(
        form.contains(&format!(
            "name=\"expires_on\" required value=\"{}\"",
            in_days(14)
        )),
        "{form}"
    );
    assert!(form.contains("14 days from today"));
    assert!(
        !form.contains("#problems\""),
        "no fragment in the form's action"
    );

    // Our own offer imported here: refused in words, nothing changed.
    let (s, b) = bristol
        .post(
            "/api/v1/partner-transfers",
            &json!({"partner": "dunkirk", "warehouse": "unit-east", "expires_on": in_days(7),
                    "note": "dry, <i>folded</i>",
                    "lines": [{"category": "blanket", "condition": "good", "quantity": 30},
                              {"category": "sleeping-bag", "condition": "good", "quantity": 20},
                              {"category": "tent-2p", "condition": "good", "quantity": 5}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let t = b["transfer"]["transfer"].as_str().expect("id").to_string();
    let file = b["file"].as_str().expect("file").to_string();
    let before = everything(&bristol).await;
    let (s, b) = import(&bristol, &file).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    for (lang, words) in [
        ("en", "made here, by us: give it to the partner"),
        ("fr", "fait ici, par nous"),
        ("ar", "صُنع هنا"),
    ] {
        let (s, _, html) = bristol
            .post_form_in(lang, "/partners/import", &[("text", &file)])
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
        let beside = error_beside(&html, "text");
        assert!(beside.contains(words), "{lang}: {beside}");
        assert!(!beside.contains("before"), "{lang}: {beside}");
    }
    assert_eq!(everything(&bristol).await, before, "nothing changed");

    // The list tells handovers apart: the day, the partner, the goods in short.
    let (_, list) = bristol.get_text("/partners").await;
    let handovers = text_of_id(&list, "transfers").expect("handovers");
    assert!(
        handovers.contains("30 Blanket, 20 Sleeping bag and 1 more"),
        "{handovers}"
    );
    assert!(
        handovers.contains(&format!("{} · dunkirk · we give", in_days(0))),
        "{handovers}"
    );

    // The receiver sees the partner by name, and their note as they wrote it, escaped.
    let (s, _, _) = dunkirk
        .post_form("/partners/import", &[("text", file.as_str())])
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, page) = dunkirk.get_text(&format!("/partners/transfers/{t}")).await;
    assert!(page.contains("From Heron Valley Collective"), "{page}");
    let note = text_of_id(&page, "offer-note").expect("the offer's note is shown");
    assert!(note.contains("The partner's note"), "{note}");
    assert!(
        page.contains("dry, &lt;i&gt;folded&lt;/i&gt;"),
        "escaped: {page}"
    );
    let (_, list) = dunkirk.get_text("/partners").await;
    assert!(
        text_of_id(&list, "transfers").is_some_and(|h| h.contains("Heron Valley Collective")),
        "{list}"
    );
    // Decline is its own form, apart from accepting, in the danger style.
    assert!(
        page.contains("<form class=\"apart\" id=\"decline\""),
        "{page}"
    );
    assert!(page.contains("class=\"danger\" type=\"submit\" name=\"action\" value=\"decline\""));

    // Accept: a negative count names the goods in the summary too; more than offered
    // says what the partner offered, naming goods and conditions as the rows do.
    let (s, html) = step_form(
        &dunkirk,
        &t,
        &[("action", "accept"), ("line:1", "-1"), ("line:2", "21")],
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let summary = text_of_id(&html, "problems").expect("summary");
    assert!(summary.contains("0 or more of Blanket (good)"), "{summary}");
    assert!(
        error_beside(&html, "line:2").contains("The partner offered 20"),
        "{html}"
    );

    // In French, goods are named by our catalogue's French name, as on the rows.
    let (_, page) = dunkirk.get_text(&format!("/partners/transfers/{t}")).await;
    let key = form_key(&page);
    let (s, _, html) = dunkirk
        .post_form_in(
            "fr",
            &format!("/partners/transfers/{t}"),
            &[
                ("form_key", key.as_str()),
                ("action", "accept"),
                ("line:2", "21"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let beside = error_beside(&html, "line:2");
    assert!(
        beside.contains("Sac de couchage (bon") && !beside.contains("Sleeping bag"),
        "{beside}"
    );

    // Decline: a confirmation page first, nothing changed; confirmed, it is declined.
    let before = everything(&dunkirk).await;
    let (s, html) = step_form(&dunkirk, &t, &[("action", "decline")]).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(
        html.contains("Decline the offer from Heron Valley Collective?"),
        "{html}"
    );
    assert!(html.contains("name=\"confirmed\" value=\"yes\""), "{html}");
    assert_eq!(everything(&dunkirk).await, before);
    assert_eq!(state_of(&dunkirk, &t).await, "offered");
    let key = form_key(&html);
    let (s, to, _) = dunkirk
        .post_form(
            &format!("/partners/transfers/{t}"),
            &[
                ("form_key", key.as_str()),
                ("action", "decline"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let to = to.expect("to the handover");
    assert!(location_path(&to).ends_with("?done=decline"), "{to}");
    assert_eq!(state_of(&dunkirk, &t).await, "declined");

    // In French the answer imported reads as a sentence, with agreement.
    let (_, answer) = dunkirk
        .get_text(&format!("/api/v1/partner-transfers/{t}/files/answer"))
        .await;
    let (s, to, _) = bristol
        .post_form("/partners/import", &[("text", answer.as_str())])
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let to = to.expect("to the handover");
    let (_, fr) = bristol.get_text_in("fr", location_path(&to)).await;
    assert!(fr.contains("Réponse de dunkirk importée"), "{fr}");
    assert!(fr.contains("Réponse du partenaire, importée le"), "{fr}");
}
