//! Who may call what, checked against an expectation written HERE from SPEC §1 (what
//! each role does) and §5 (the route table), not read from `src/auth/policy.rs`: the
//! test proves the policy is right, not only that the guard obeys it. "Allowed" means
//! a VALID request answers without an error (status below 400); "refused" means 403
//! for a logged-in role, 401 (API) or a redirect to the login (pages) for nobody.
//!
//! Adding a route: add one row to `EXPECTED` and, if a plain GET/empty body is not a
//! valid request for it, one arm to `valid_request`.

mod common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::TestApp;
use haul::auth::Role::{self, *};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// Who may call a route. The coordinator may do everything (§1: "everything above,
/// plus …"), so `Only` lists the other roles.
#[derive(Debug, Clone, Copy)]
enum May {
    /// No login (§5: healthz, the token, the public report; the login pages).
    Anyone,
    /// Any logged-in volunteer.
    Everyone,
    Only(&'static [Role]),
}

impl May {
    fn allows(self, role: Role) -> bool {
        match self {
            May::Anyone | May::Everyone => true,
            May::Only(roles) => role == Coordinator || roles.contains(&role),
        }
    }
}

use May::*;

/// §5 lists needs for "distributor, coordinator"; §1 gives the warehouse the van
/// loads, which are planned from the sites' needs, and the driver delivers them, so
/// both read needs (docs/api.md, issue 4). §5 gives GET runs to the warehouse; the
/// driver drives them and reads their manifest (§5), so the driver reads runs too.
const NEED_READERS: May = Only(&[Distributor, Warehouse, Driver]);
const RUN_READERS: May = Only(&[Warehouse, Driver]);

/// (method, route as registered, who may). One row per route × method.
const EXPECTED: &[(&str, &str, May)] = &[
    ("GET", "/healthz", Anyone),
    ("GET", "/static/haul.css", Anyone),
    ("POST", "/api/v1/auth/token", Anyone),
    ("GET", "/api/v1/users", Only(&[])),
    ("POST", "/api/v1/users", Only(&[])),
    ("GET", "/api/v1/categories", Everyone),
    ("POST", "/api/v1/categories", Only(&[])),
    ("GET", "/api/v1/locations", Everyone),
    ("POST", "/api/v1/locations", Only(&[])),
    ("GET", "/api/v1/intakes", Only(&[Crew, Warehouse])),
    ("POST", "/api/v1/intakes", Only(&[Crew, Warehouse])),
    ("GET", "/api/v1/stock", Everyone),
    ("GET", "/api/v1/ledger", Only(&[Warehouse])),
    ("POST", "/api/v1/transfers", Only(&[Warehouse])),
    ("POST", "/api/v1/regrades", Only(&[Warehouse])),
    ("POST", "/api/v1/stocktakes", Only(&[Warehouse])),
    ("POST", "/api/v1/writeoffs", Only(&[Warehouse])),
    ("GET", "/api/v1/needs", NEED_READERS),
    ("POST", "/api/v1/needs", Only(&[Distributor])),
    ("POST", "/api/v1/import/needs", Only(&[Distributor])),
    ("GET", "/api/v1/priorities", Everyone),
    ("PUT", "/api/v1/priorities", Only(&[])),
    ("GET", "/api/v1/collect-list", Everyone),
    ("GET", "/api/v1/handouts", Only(&[Distributor])),
    ("POST", "/api/v1/handouts", Only(&[Distributor])),
    ("GET", "/api/v1/handouts/unmet", Only(&[Distributor])),
    ("GET", "/api/v1/reports/summary", Only(&[])),
    // Exports "per role": each to the role that reads the data in §5.
    ("GET", "/api/v1/export/stock.csv", Only(&[Warehouse])),
    ("GET", "/api/v1/export/ledger.csv", Only(&[Warehouse])),
    ("GET", "/api/v1/export/handouts.csv", Only(&[Distributor])),
    ("GET", "/api/v1/export/needs.csv", Only(&[Distributor])),
    ("POST", "/api/v1/import/intakes", Only(&[Crew, Warehouse])),
    ("GET", "/api/v1/vans", Everyone),
    ("POST", "/api/v1/vans", Only(&[])),
    ("GET", "/api/v1/runs", RUN_READERS),
    ("POST", "/api/v1/runs", Only(&[Warehouse])),
    ("GET", "/api/v1/runs/{id}", RUN_READERS),
    ("POST", "/api/v1/runs/{id}/plan", Only(&[Warehouse])),
    ("PUT", "/api/v1/runs/{id}/lines", Only(&[Warehouse])),
    ("POST", "/api/v1/runs/{id}/load", Only(&[Driver, Warehouse])),
    ("POST", "/api/v1/runs/{id}/deliver", Only(&[Driver])),
    (
        "POST",
        "/api/v1/runs/{id}/return",
        Only(&[Driver, Warehouse]),
    ),
    ("GET", "/api/v1/runs/{id}/manifest.csv", RUN_READERS),
    // Pages: the same jobs as their API routes (§5: every job a role does has a page).
    ("GET", "/login", Anyone),
    ("POST", "/login", Anyone),
    ("GET", "/setup", Anyone),
    ("POST", "/setup", Anyone),
    ("GET", "/report", Anyone),
    ("POST", "/logout", Everyone),
    ("GET", "/", Everyone),
    ("GET", "/stock", Everyone),
    ("GET", "/intake", Only(&[Crew, Warehouse])),
    ("POST", "/intake", Only(&[Crew, Warehouse])),
    ("GET", "/needs", NEED_READERS),
    ("POST", "/needs", Only(&[Distributor])),
    ("POST", "/needs/from-evidence", Only(&[Distributor])),
    ("GET", "/priorities", Everyone),
    ("POST", "/priorities", Only(&[])),
    ("GET", "/collect", Everyone),
    ("GET", "/handouts", Only(&[Distributor])),
    ("POST", "/handouts", Only(&[Distributor])),
    ("GET", "/reports", Only(&[])),
    ("GET", "/runs", RUN_READERS),
    ("POST", "/runs", Only(&[Warehouse])),
    ("GET", "/runs/{id}", RUN_READERS),
    ("POST", "/runs/{id}/plan", Only(&[Warehouse])),
    ("POST", "/runs/{id}/lines", Only(&[Warehouse])),
    ("POST", "/runs/{id}/load", Only(&[Driver, Warehouse])),
    ("POST", "/runs/{id}/deliver", Only(&[Driver])),
    ("POST", "/runs/{id}/return", Only(&[Driver, Warehouse])),
];

/// The public routes whose valid request needs more than a plain request (a login
/// form's cookie, the one-time setup link), made as a browser would; `None` for others.
async fn public_flow(app: &TestApp, method: &str, route: &str) -> Option<StatusCode> {
    match (method, route) {
        ("POST", "/login") => {
            let (_jar, browser) = common::cookie_client();
            Some(
                app.page_login(&browser, common::COORDINATOR_HANDLE, "/")
                    .await
                    .status(),
            )
        }
        ("GET", "/setup") | ("POST", "/setup") => {
            *app.state.auth.setup_token.lock().expect("lock") = Some("setup-link-1234".into());
            let (_jar, browser) = common::cookie_client();
            let html = common::page_text(&browser, &app.url("/setup?token=setup-link-1234")).await;
            if method == "GET" {
                return Some(StatusCode::OK).filter(|_| html.contains("Set up Haul"));
            }
            // A coordinator exists, so a valid form is answered 409 by the handler:
            // reaching it without a login is what this row is about.
            let r = browser
                .post(app.url(&common::form_action(&html, 1)))
                .form(&[
                    ("handle", "second"),
                    ("password", "a long enough passphrase"),
                ])
                .send()
                .await
                .expect("POST setup");
            Some(r.status()).map(|s| {
                if s == StatusCode::CONFLICT {
                    StatusCode::OK
                } else {
                    s
                }
            })
        }
        _ => None,
    }
}

enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
    Csv(String),
}

struct Request {
    path: String,
    body: Body,
}

static UNIQUE: AtomicUsize = AtomicUsize::new(0);

fn unique(prefix: &str) -> String {
    format!("{prefix}{}", UNIQUE.fetch_add(1, Ordering::SeqCst))
}

fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

fn form(fields: &[(&str, &str)]) -> Body {
    Body::Form(
        fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// A run made by the coordinator: `lines` gives it one planned line for oak, `load`
/// loads it too.
async fn run(app: &TestApp, lines: bool, load: bool) -> i64 {
    // A van carries one loaded run at a time: each run gets its own.
    let van = unique("van");
    app.add_van(&van).await;
    let (s, body) = app
        .post(
            "/api/v1/runs",
            &json!({"van": van, "origin": "unit-east", "stops": ["oak"], "departs_on": today()}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().expect("run id");
    if lines {
        let (s, b) = app
            .put(
                &format!("/api/v1/runs/{id}/lines"),
                &json!({"lines": [{"category": "blanket", "condition": "good", "quantity": 1, "stop": "oak"}]}),
            )
            .await;
        assert!(s.is_success(), "{b}");
    }
    if load {
        let (s, b) = app
            .post(&format!("/api/v1/runs/{id}/load"), &json!({}))
            .await;
        assert!(s.is_success(), "{b}");
    }
    id
}

/// A request that succeeds for a role that may make it; state it consumes (a run to
/// load, a free slug) is made fresh by the coordinator first.
async fn valid_request(app: &TestApp, method: &str, route: &str) -> Request {
    let day = today();
    let intake_line = json!([{"category": "blanket", "condition": "good", "quantity": 1}]);
    let (path, body) = match (method, route) {
        ("POST", "/api/v1/auth/token") => (
            route.to_string(),
            Body::Json(
                json!({"handle": common::COORDINATOR_HANDLE, "password": common::TEST_PASSWORD}),
            ),
        ),
        ("POST", "/api/v1/users") => (
            route.to_string(),
            Body::Json(
                json!({"handle": unique("vol"), "role": "crew", "password": "a long enough passphrase"}),
            ),
        ),
        ("POST", "/api/v1/categories") => (
            route.to_string(),
            Body::Json(
                json!({"slug": unique("kettle"), "name": "Kettle", "unit_volume_l": 3, "unit_weight_kg": 1}),
            ),
        ),
        ("POST", "/api/v1/locations") => (
            route.to_string(),
            Body::Json(json!({"slug": unique("pier"), "name": "Pier", "kind": "site"})),
        ),
        ("POST", "/api/v1/intakes") => (
            route.to_string(),
            Body::Json(
                json!({"source": "fest", "warehouse": "unit-east", "received_on": day, "lines": intake_line}),
            ),
        ),
        ("POST", "/api/v1/transfers") => (
            route.to_string(),
            Body::Json(json!({"from": "unit-east", "to": "oak", "lines": intake_line})),
        ),
        ("POST", "/api/v1/regrades") => (
            route.to_string(),
            Body::Json(
                json!({"location": "unit-east", "category": "blanket", "from_condition": "good", "to_condition": "usable", "quantity": 1}),
            ),
        ),
        ("POST", "/api/v1/stocktakes") => (
            route.to_string(),
            Body::Json(
                json!({"location": "unit-south", "counted": [{"category": "blanket", "condition": "good", "quantity": 0}], "reason": "monthly count"}),
            ),
        ),
        ("POST", "/api/v1/writeoffs") => (
            route.to_string(),
            Body::Json(json!({"location": "unit-east", "lines": intake_line, "reason": "mouldy"})),
        ),
        ("POST", "/api/v1/needs") => (
            route.to_string(),
            Body::Json(
                json!({"site": "oak", "category": "blanket", "quantity": 3, "stated_on": day, "stated_by": "Oak assembly"}),
            ),
        ),
        ("POST", "/api/v1/import/needs") => (
            route.to_string(),
            Body::Csv(format!(
                "site,category,quantity,stated_on,stated_by\noak,blanket,4,{day},Oak assembly\n"
            )),
        ),
        ("POST", "/api/v1/import/intakes") => (
            route.to_string(),
            Body::Csv(format!(
                "source,warehouse,received_on,category,condition,quantity\nfest,unit-east,{day},blanket,good,1\n"
            )),
        ),
        ("PUT", "/api/v1/priorities") => {
            let (s, current) = app.get("/api/v1/priorities").await;
            assert_eq!(s, StatusCode::OK, "{current}");
            (route.to_string(), Body::Json(current["priorities"].clone()))
        }
        ("POST", "/api/v1/handouts") => (
            route.to_string(),
            Body::Json(
                json!({"site": "oak", "handed_out_on": day, "lines": [{"category": "blanket", "quantity": 1}]}),
            ),
        ),
        ("POST", "/api/v1/vans") => (
            route.to_string(),
            Body::Json(
                json!({"slug": unique("van"), "name": "Van", "capacity_l": 1000, "payload_kg": 500}),
            ),
        ),
        ("POST", "/api/v1/runs") => (
            route.to_string(),
            Body::Json(
                json!({"van": "transit", "origin": "unit-east", "stops": ["oak"], "departs_on": day}),
            ),
        ),
        ("POST", "/api/v1/runs/{id}/plan") => (
            format!("/api/v1/runs/{}/plan", run(app, false, false).await),
            Body::Json(json!({})),
        ),
        ("PUT", "/api/v1/runs/{id}/lines") => (
            format!("/api/v1/runs/{}/lines", run(app, false, false).await),
            Body::Json(
                json!({"lines": [{"category": "blanket", "condition": "good", "quantity": 1, "stop": "oak"}]}),
            ),
        ),
        ("POST", "/api/v1/runs/{id}/load") => (
            format!("/api/v1/runs/{}/load", run(app, true, false).await),
            Body::Json(json!({})),
        ),
        ("POST", "/api/v1/runs/{id}/deliver") => (
            format!("/api/v1/runs/{}/deliver", run(app, true, true).await),
            Body::Json(json!({"stop": "oak"})),
        ),
        ("POST", "/api/v1/runs/{id}/return") => (
            format!("/api/v1/runs/{}/return", run(app, true, true).await),
            Body::Json(json!({})),
        ),
        ("POST", "/logout") => (route.to_string(), form(&[])),
        ("POST", "/intake") => (
            route.to_string(),
            form(&[
                ("source", "fest"),
                ("warehouse", "unit-east"),
                ("received_on", &day),
                ("q.blanket", "1"),
                ("c.blanket", "good"),
            ]),
        ),
        ("POST", "/needs") | ("POST", "/needs/from-evidence") => (
            route.to_string(),
            form(&[
                ("form_key", &unique("need-form-")),
                ("site", "oak"),
                ("category", "blanket"),
                ("quantity", "2"),
                ("stated_on", &day),
                ("stated_by", "Oak assembly"),
            ]),
        ),
        ("POST", "/priorities") => (
            route.to_string(),
            form(&[
                ("tiers", "1"),
                ("seasons", "0"),
                ("statement", "anything warm first"),
                ("stated_on", &day),
                ("tier1.weight", "100"),
                ("tier.blanket", "1"),
            ]),
        ),
        ("POST", "/handouts") => (
            route.to_string(),
            form(&[
                ("form_key", &unique("handout-form-")),
                ("site", "oak"),
                ("handed_out_on", &day),
                ("note", ""),
                ("give.blanket", "0"),
                ("step", "blanket:+1"),
            ]),
        ),
        ("POST", "/runs") => (
            route.to_string(),
            form(&[
                ("van", "transit"),
                ("origin", "unit-east"),
                ("stop1", "oak"),
                ("departs_on", &day),
            ]),
        ),
        ("POST", "/runs/{id}/plan") => (
            format!("/runs/{}/plan", run(app, false, false).await),
            form(&[]),
        ),
        ("POST", "/runs/{id}/lines") => (
            format!("/runs/{}/lines", run(app, false, false).await),
            form(&[("q:oak:blanket:good", "1")]),
        ),
        ("POST", "/runs/{id}/load") => (
            format!("/runs/{}/load", run(app, true, false).await),
            form(&[]),
        ),
        ("POST", "/runs/{id}/deliver") => (
            format!("/runs/{}/deliver", run(app, true, true).await),
            form(&[("stop", "oak")]),
        ),
        ("POST", "/runs/{id}/return") => (
            format!("/runs/{}/return", run(app, true, true).await),
            form(&[]),
        ),
        ("GET", "/api/v1/collect-list") => {
            ("/api/v1/collect-list?warehouse=unit-east".to_string(), Body::None)
        }
        ("GET", r) if r.contains("{id}") => {
            let id = run(app, true, false).await;
            (r.replace("{id}", &id.to_string()), Body::None)
        }
        ("GET", r) => (r.to_string(), Body::None),
        (m, r) => panic!("no valid request written for {m} {r}: add one to valid_request"),
    };
    Request { path, body }
}

async fn send(
    app: &TestApp,
    method: &str,
    req: &Request,
    token: Option<&str>,
) -> (StatusCode, String) {
    let m = Method::from_bytes(method.as_bytes()).expect("method");
    let mut rb = app.plain.request(m, app.url(&req.path));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    rb = match &req.body {
        Body::None => rb,
        Body::Json(v) => rb.json(v),
        Body::Form(f) => rb.form(f),
        Body::Csv(c) => rb.header("Content-Type", "text/csv").body(c.clone()),
    };
    let resp = rb.send().await.expect("request");
    let status = resp.status();
    (status, resp.text().await.unwrap_or_default())
}

/// The world the valid requests need: stock at the warehouse and at oak, a van.
async fn prepare(app: &TestApp) {
    app.receive("unit-east", "blanket", "good", 500).await;
    app.stock_site("unit-east", "oak", &[("blanket", "good", 100)])
        .await;
    app.add_van("transit").await;
}

async fn route_role_matrix(app: TestApp) {
    prepare(&app).await;
    let mut tokens = vec![(Coordinator, app.token.clone().expect("token"))];
    for role in [Crew, Warehouse, Driver, Distributor] {
        let t = app
            .add_user_and_login(&format!("{}-1", role.as_str()), role)
            .await;
        tokens.push((role, t));
    }
    let mut wrong = Vec::new();
    for (method, route, may) in EXPECTED {
        let public = matches!(may, Anyone);
        if let Some(s) = public_flow(&app, method, route).await {
            if !s.is_success() && s != StatusCode::SEE_OTHER {
                wrong.push(format!("{method} {route} as nobody: {s}"));
            }
            continue;
        }
        let req = valid_request(&app, method, route).await;
        let (s, body) = send(&app, method, &req, None).await;
        let anon_ok = if public {
            s.as_u16() < 400
        } else if route.starts_with("/api/") {
            s == StatusCode::UNAUTHORIZED
        } else {
            s == StatusCode::SEE_OTHER
        };
        if !anon_ok {
            wrong.push(format!("{method} {route} as nobody: {s} {body:.200}"));
        }
        if public {
            continue;
        }
        for (role, token) in &tokens {
            let req = valid_request(&app, method, route).await;
            let (s, body) = send(&app, method, &req, Some(token)).await;
            let ok = if may.allows(*role) {
                s.as_u16() < 400
            } else {
                s == StatusCode::FORBIDDEN
            };
            if !ok {
                let want = if may.allows(*role) { "success" } else { "403" };
                wrong.push(format!(
                    "{method} {} as {role:?}: want {want}, got {s} {body:.300}",
                    req.path
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The expectation and the policy list the same route × method pairs: a new route
/// needs a row here too, which is where its roles are decided from the SPEC.
#[test]
fn expectations_cover_exactly_the_policy() {
    let expected: BTreeSet<(&str, &str)> = EXPECTED.iter().map(|(m, r, _)| (*m, *r)).collect();
    let policy: BTreeSet<(&str, &str)> = haul::auth::policy::POLICY
        .iter()
        .map(|(m, r, _)| (*m, *r))
        .collect();
    assert_eq!(expected.len(), EXPECTED.len(), "a row is listed twice");
    let missing: Vec<_> = policy.difference(&expected).collect();
    let extra: Vec<_> = expected.difference(&policy).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "in the policy but not expected here: {missing:?}; expected here but not in the policy: {extra:?}"
    );
}

/// The guard fails closed: a method without a rule on a known route is refused before
/// any handler, for everyone, and never reaches a handler that takes no `Actor`.
async fn unlisted_methods_are_refused_before_the_handler(app: TestApp) {
    let before = app.stock_and_ledger().await;
    for (method, path) in [
        ("DELETE", "/api/v1/stock"),
        ("PUT", "/api/v1/intakes"),
        ("PATCH", "/api/v1/priorities"),
        ("DELETE", "/api/v1/runs/1"),
        ("POST", "/api/v1/collect-list"),
        ("POST", "/healthz"),
        ("PUT", "/report"),
        ("DELETE", "/stock"),
        ("HEAD", "/api/v1/users"),
    ] {
        let req = Request {
            path: path.to_string(),
            body: Body::Json(json!({})),
        };
        for token in [None, app.token.as_deref()] {
            let (s, body) = send(&app, method, &req, token).await;
            assert_eq!(
                s,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} (token: {}) → {body}",
                token.is_some()
            );
            // The guard's own answer, not actix's empty one after routing.
            if path.starts_with("/api/") && method != "HEAD" {
                let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                assert_eq!(
                    v["error"]["code"], "method_not_allowed",
                    "{method} {path}: {body}"
                );
            }
        }
    }
    assert_eq!(app.stock_and_ledger().await, before);
}

/// Every route registered in the source has a policy row for exactly its method and
/// full path: API modules register under `/api/v1`, pages (src/pages.rs, src/web/,
/// src/lib.rs) at the top.
#[test]
fn every_registered_route_has_a_policy_row() {
    let policy: BTreeSet<(String, String)> = haul::auth::policy::POLICY
        .iter()
        .map(|(m, r, _)| (m.to_string(), r.to_string()))
        .collect();
    let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let mut registered = BTreeSet::new();
    for file in source_files(src) {
        let text = std::fs::read_to_string(&file).expect("read source");
        let rel = file
            .strip_prefix(src)
            .expect("under src")
            .to_string_lossy()
            .to_string();
        let top_level = rel == "pages.rs" || rel == "lib.rs" || rel.starts_with("web/");
        let prefix = if top_level { "" } else { "/api/v1" };
        for (method, path) in registrations(&text) {
            registered.insert((method, format!("{prefix}{path}"), rel.clone()));
        }
    }
    assert!(
        registered.len() >= 60,
        "found only {}: the scan is broken",
        registered.len()
    );
    let missing: Vec<String> = registered
        .iter()
        .filter(|(m, p, _)| !policy.contains(&(m.clone(), p.clone())))
        .map(|(m, p, f)| format!("{m} {p} ({f})"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without an access rule: {missing:?}"
    );
}

/// (METHOD, path) for every `.route("path", web::method()…)` and every
/// `web::resource("path")` followed by `.route(web::method()…)` in a source file.
fn registrations(text: &str) -> Vec<(String, String)> {
    fn method_at(s: &str) -> Option<String> {
        let s = s.trim_start().strip_prefix("web::")?;
        let name: String = s.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        s[name.len()..]
            .starts_with("()")
            .then(|| name.to_ascii_uppercase())
    }
    let mut out = Vec::new();
    let mut resource: Option<String> = None;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(r) = rest.strip_prefix("web::resource(\"") {
            resource = r.split('"').next().map(str::to_string);
        } else if let Some(r) = rest.strip_prefix(".route(\"") {
            let path = r.split('"').next().unwrap_or_default().to_string();
            let after = &r[path.len() + 1..];
            let after = after.trim_start().strip_prefix(',').unwrap_or(after);
            if let Some(m) = method_at(after) {
                out.push((m, path));
            }
        } else if let Some(r) = rest.strip_prefix(".route(") {
            if let (Some(m), Some(p)) = (method_at(r), resource.clone()) {
                out.push((m, p));
            }
        }
        i += rest.chars().next().map(char::len_utf8).unwrap_or(1);
    }
    out
}

fn source_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(source_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out
}

on_both_backends!(
    route_role_matrix,
    unlisted_methods_are_refused_before_the_handler
);
