//! Test harness: `spawn_app` starts the real server on a free port against a fresh
//! database (a new SQLite file, or a new PostgreSQL database dropped afterwards) and
//! returns a client with helpers that read like a volunteer's session.
#![allow(dead_code)]

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::connection::SimpleConnection;
use diesel::Connection;
use haul::auth::token::Keys;
use haul::auth::Role;
use haul::db::{DatabaseUrl, Db};
use haul::state::AppState;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub const PG_ADMIN_URL_DEFAULT: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn pg_admin_url() -> String {
    std::env::var("HAUL_TEST_PG_URL").unwrap_or_else(|_| PG_ADMIN_URL_DEFAULT.to_string())
}

/// Set by `.ci/run`: a test that cannot reach PostgreSQL fails instead of skipping.
pub fn postgres_required() -> bool {
    std::env::var("HAUL_REQUIRE_POSTGRES").is_ok_and(|v| v == "1")
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Tests that could not run, with why. libtest has no "skipped" outcome on stable and
/// hides a passing test's output, so a skip is made visible twice: a line written
/// straight to stderr (past libtest's capture) when it happens, and a summary after
/// libtest's own "test result" line, printed at process exit. `.ci/run` sets
/// HAUL_REQUIRE_POSTGRES=1 and HAUL_REQUIRE_BROWSER=1, which turn a skip into a failure.
static SKIPPED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

pub fn skipped(reason: &str) {
    use std::io::Write;
    static REPORT_AT_EXIT: std::sync::Once = std::sync::Once::new();
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let line = format!("{test}: {reason}");
    let _ = writeln!(std::io::stderr(), "\n!!!!! SKIPPED {line} !!!!!");
    SKIPPED.lock().unwrap_or_else(|e| e.into_inner()).push(line);
    REPORT_AT_EXIT.call_once(|| {
        extern "C" {
            fn atexit(callback: extern "C" fn()) -> std::ffi::c_int;
        }
        // SAFETY: registers a plain function with the C runtime; it only writes to stderr.
        unsafe {
            atexit(report_skipped);
        }
    });
}

extern "C" fn report_skipped() {
    use std::io::Write;
    let skipped = SKIPPED.lock().unwrap_or_else(|e| e.into_inner());
    let mut err = std::io::stderr();
    let _ = writeln!(
        err,
        "\n!!!!! {} test(s) above reported `ok` but did NOT run:",
        skipped.len()
    );
    for line in skipped.iter() {
        let _ = writeln!(err, "  - {line}");
    }
    let _ = writeln!(
        err,
        "!!!!! HAUL_REQUIRE_POSTGRES=1 / HAUL_REQUIRE_BROWSER=1 (as .ci/run sets) make a skip fail.\n"
    );
}

/// Drops the test's database (PostgreSQL) or folder (SQLite) when the test ends.
pub enum Cleanup {
    Sqlite(tempfile::TempDir),
    Postgres { name: String },
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Cleanup::Postgres { name } = self {
            if let Ok(mut c) = diesel::PgConnection::establish(&pg_admin_url()) {
                let _ =
                    c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
            }
        }
    }
}

/// A fresh, migrated database of the backend; `None` (with a loud notice) when
/// PostgreSQL is not reachable and not required.
pub fn fresh_database(backend: Backend) -> Option<(Db, DatabaseUrl, Cleanup)> {
    // The harness's own PostgreSQL connection below comes before any `Manager`: no
    // OpenSSL exit handler to race the server's threads at exit (see `init_openssl`).
    haul::db::init_openssl();
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let (url, cleanup) = match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = DatabaseUrl::Sqlite(dir.path().join("haul.db"));
            (url, Cleanup::Sqlite(dir))
        }
        Backend::Postgres => {
            let admin = pg_admin_url();
            let mut c = match diesel::PgConnection::establish(&admin) {
                Ok(c) => c,
                Err(e) => {
                    if postgres_required() {
                        panic!(
                            "HAUL_REQUIRE_POSTGRES=1 but PostgreSQL at {admin} is unreachable: {e}"
                        );
                    }
                    let why = e.to_string();
                    let why = why.lines().next().unwrap_or_default();
                    skipped(&format!(
                        "no PostgreSQL at {admin} ({why}); start it or set HAUL_TEST_PG_URL"
                    ));
                    return None;
                }
            };
            let name = format!("haul_test_{}_{}_{}", std::process::id(), n, rand_suffix());
            c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
                .expect("create test database");
            let base = admin
                .rsplit_once('/')
                .map(|(b, _)| b.to_string())
                .unwrap_or(admin.clone());
            (
                DatabaseUrl::Postgres(format!("{base}/{name}")),
                Cleanup::Postgres { name },
            )
        }
    };
    let db = Db::connect(&url, 8).expect("connect test database");
    db.migrate().expect("migrate test database");
    Some((db, url, cleanup))
}

fn rand_suffix() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0)
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// A client that sends no credentials.
    pub plain: reqwest::Client,
    pub db: Db,
    /// The server's own state (shared): e.g. to hand out a setup token.
    pub state: AppState,
    pub backend: Backend,
    pub token: Option<String>,
    _cleanup: Cleanup,
}

/// Starts Haul with the seed catalogue, the test locations and a logged-in coordinator.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    let mut app = spawn_app_without_users(backend).await?;
    let token = app
        .add_user_and_login(COORDINATOR_HANDLE, Role::Coordinator)
        .await;
    // `app.client` acts as the coordinator on every request; `app.plain` as nobody.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().expect("header"),
    );
    app.client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .expect("client");
    app.token = Some(token);
    Some(app)
}

/// Starts Haul with the seed catalogue and the test locations but no account at all.
pub async fn spawn_app_without_users(backend: Backend) -> Option<TestApp> {
    let app = spawn_app_bare(backend).await?;
    seed_locations(&app.db);
    Some(app)
}

/// Starts Haul with only the seed catalogue: no place, no van, no account.
pub async fn spawn_app_bare(backend: Backend) -> Option<TestApp> {
    let (db, _url, cleanup) = fresh_database(backend)?;
    haul::seed::catalogue(&db).expect("seed catalogue");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let state = AppState::new(db.clone(), Keys::from_secret(TEST_SECRET));
    let server = haul::server(listener, state.clone()).expect("server");
    tokio::spawn(server);
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    Some(TestApp {
        address: format!("http://127.0.0.1:{port}"),
        plain: client.clone(),
        client,
        db,
        state,
        backend,
        token: None,
        _cleanup: cleanup,
    })
}

pub const TEST_SECRET: &[u8] = b"test-secret-0123456789abcdef-0123456789";
pub const COORDINATOR_HANDLE: &str = "coord";
/// Every test user's password (long enough for the rules).
pub const TEST_PASSWORD: &str = "correct horse battery staple";

fn seed_locations(db: &Db) {
    use haul::catalog::Slug;
    use haul::locations::model::NewLocationRequest;
    use haul::locations::LocationKind;
    let places = [
        ("unit-east", LocationKind::Warehouse, Some("12 Dock Road")),
        ("unit-south", LocationKind::Warehouse, None),
        ("oak", LocationKind::Site, Some("behind the old mill")),
        ("heron", LocationKind::Site, None),
    ];
    db.write_blocking(|c| {
        for (slug, kind, address) in places {
            let new = NewLocationRequest {
                slug: Slug::parse(slug).expect("slug"),
                name: slug.parse().expect("a plain name"),
                kind,
                address: address.map(|a| a.parse().expect("a plain address")),
                region: "east".parse().ok(),
            }
            .into_new(chrono::Utc::now().naive_utc())
            .expect("location");
            haul::locations::store::insert(c, &new)?;
        }
        Ok(())
    })
    .expect("seed locations");
}

impl TestApp {
    /// Makes a user directly in the database and returns an API token for it.
    pub async fn add_user_and_login(&self, handle: &str, role: Role) -> String {
        let (h, r, hash) = haul::auth::api::prepare_user(handle, role.as_str(), TEST_PASSWORD)
            .expect("prepare user");
        self.db
            .write_blocking(move |c| {
                haul::auth::api::insert_user(c, &h, r, &hash, chrono::Utc::now().naive_utc())
            })
            .expect("insert user");
        self.login(handle, TEST_PASSWORD).await.expect("login")
    }

    /// `POST /api/v1/auth/token`; the token, or the status and body on refusal.
    pub async fn login(&self, handle: &str, password: &str) -> Result<String, (StatusCode, Value)> {
        let resp = self
            .client
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({"handle": handle, "password": password}))
            .send()
            .await
            .expect("POST token");
        let status = resp.status();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        match (status, body["token"].as_str()) {
            (StatusCode::OK, Some(t)) => Ok(t.to_string()),
            _ => Err((status, body)),
        }
    }

    /// The same app seen with another token.
    pub fn with_token(&self, token: Option<String>) -> TestAppView<'_> {
        TestAppView { app: self, token }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    fn authed(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let resp = self
            .authed(self.client.get(self.url(path)))
            .send()
            .await
            .expect("GET");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    pub async fn get_text(&self, path: &str) -> (StatusCode, String) {
        self.page(None, path).await
    }

    /// `get_text` with the page asked for in `lang` (`Accept-Language`).
    pub async fn get_text_in(&self, lang: &str, path: &str) -> (StatusCode, String) {
        self.page(Some(lang), path).await
    }

    async fn page(&self, lang: Option<&str>, path: &str) -> (StatusCode, String) {
        let mut rb = self.authed(self.client.get(self.url(path)));
        if let Some(lang) = lang {
            rb = rb.header("Accept-Language", lang);
        }
        let resp = rb.send().await.expect("GET");
        let status = resp.status();
        (status, resp.text().await.unwrap_or_default())
    }

    pub async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.post_with_key(path, body, None).await
    }

    pub async fn post_with_key(
        &self,
        path: &str,
        body: &Value,
        key: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut rb = self.authed(self.client.post(self.url(path))).json(body);
        if let Some(k) = key {
            rb = rb.header("Idempotency-Key", k);
        }
        let resp = rb.send().await.expect("POST");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_raw(&self, path: &str, body: &str) -> (StatusCode, Value) {
        let resp = self
            .authed(self.client.post(self.url(path)))
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("POST");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// Quantity in stock of one category × condition at one location (0 when absent).
    pub async fn stock_of(&self, location: &str, category: &str, condition: &str) -> i64 {
        let (status, body) = self
            .get(&format!(
                "/api/v1/stock?location={location}&category={category}&condition={condition}"
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["stock"]
            .as_array()
            .expect("stock array")
            .iter()
            .map(|r| r["quantity"].as_i64().unwrap_or(0))
            .sum()
    }

    /// The whole projection, as a sorted list: to assert "nothing changed".
    pub async fn stock_snapshot(&self) -> Value {
        let (status, body) = self.get("/api/v1/stock").await;
        assert_eq!(status, StatusCode::OK);
        body["stock"].clone()
    }

    pub async fn ledger_len(&self) -> usize {
        let (status, body) = self.get("/api/v1/ledger?limit=1000").await;
        assert_eq!(status, StatusCode::OK);
        body["entries"].as_array().map(|a| a.len()).unwrap_or(0)
    }

    pub async fn post_intake(&self, warehouse: &str, lines: Value) -> (StatusCode, Value) {
        self.post(
            "/api/v1/intakes",
            &json!({"source": "glastonbury-2026", "warehouse": warehouse, "received_on": "2026-06-29", "lines": lines}),
        )
        .await
    }

    pub async fn put(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let resp = self
            .authed(self.client.put(self.url(path)))
            .json(body)
            .send()
            .await
            .expect("PUT");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// Uploads a CSV file as the body, as `curl --data-binary @file.csv` would.
    pub async fn post_csv(&self, path: &str, csv: &str) -> (StatusCode, Value) {
        let resp = self
            .authed(self.client.post(self.url(path)))
            .header("Content-Type", "text/csv")
            .body(csv.to_string())
            .send()
            .await
            .expect("POST");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// Posts a page form; answers the status, the Location header and the HTML.
    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, Option<String>, String) {
        self.send_form(None, path, fields).await
    }

    /// `post_form` with the page asked for in `lang` (`Accept-Language`).
    pub async fn post_form_in(
        &self,
        lang: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, Option<String>, String) {
        self.send_form(Some(lang), path, fields).await
    }

    /// The partner offer sheet posted from unit-east in `lang`: its form `key`, to
    /// `partner`, until `expires_on`, and the rest of `fields` as typed (the counts,
    /// `qty:{category}:{condition}`, a note).
    pub async fn post_offer_in(
        &self,
        lang: &str,
        key: &str,
        partner: &str,
        expires_on: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, Option<String>, String) {
        let mut all = vec![
            ("form_key", key),
            ("partner", partner),
            ("warehouse", "unit-east"),
            ("expires_on", expires_on),
        ];
        all.extend_from_slice(fields);
        self.post_form_in(lang, "/partners/offer", &all).await
    }

    async fn send_form(
        &self,
        lang: Option<&str>,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, Option<String>, String) {
        let mut rb = self.authed(self.client.post(self.url(path)));
        if let Some(lang) = lang {
            rb = rb.header("Accept-Language", lang);
        }
        answer_of(rb.form(fields).send().await.expect("POST form")).await
    }

    /// Checks the projection against the ledger recomputed.
    pub fn assert_ledger_consistent(&self) {
        let diffs = self
            .db
            .read_blocking(|c| Ok(haul::ledger::check(c)?))
            .expect("check");
        assert!(
            diffs.is_empty(),
            "projection differs from ledger: {diffs:?}"
        );
    }
}

/// Runs each named async test body `fn(TestApp)` on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    if let Some(app) = $crate::common::spawn_app($crate::common::Backend::Sqlite).await {
                        super::$name(app).await;
                    }
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(app) = $crate::common::spawn_app($crate::common::Backend::Postgres).await {
                        super::$name(app).await;
                    }
                }
            }
        )*
    };
}

pub mod browser;
pub mod demo_pages;
pub mod jobs;
pub mod runs;
pub mod sheets;

/// A fresh database with the seed catalogue and the same four places as `spawn_app`,
/// for tests that drive the domain calls directly instead of over HTTP.
pub fn seeded_database(backend: Backend) -> Option<(Db, DatabaseUrl, Cleanup)> {
    let (db, url, cleanup) = fresh_database(backend)?;
    haul::seed::catalogue(&db).expect("seed catalogue");
    seed_locations(&db);
    Some((db, url, cleanup))
}

/// A borrowed `TestApp` acting with another token (another role, or none).
pub struct TestAppView<'a> {
    pub app: &'a TestApp,
    pub token: Option<String>,
}

impl TestAppView<'_> {
    pub async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut rb = self.app.plain.request(method, self.app.url(path));
        if let Some(t) = &self.token {
            rb = rb.bearer_auth(t);
        }
        if let Some(b) = body {
            rb = rb.json(b);
        }
        let resp = rb.send().await.expect("request");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }
}

// Hand-outs, reports, exports and imports (issue 6).
impl TestApp {
    /// Moves goods from a warehouse to a site, as a van run would: `lines` are
    /// `(category, condition, quantity)`.
    pub async fn stock_site(&self, from: &str, site: &str, lines: &[(&str, &str, i64)]) {
        let lines: Vec<Value> = lines
            .iter()
            .map(|(c, k, q)| json!({"category": c, "condition": k, "quantity": q}))
            .collect();
        let (s, body) = self
            .post(
                "/api/v1/transfers",
                &json!({"from": from, "to": site, "lines": lines}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }

    pub async fn post_handout(&self, body: &Value) -> (StatusCode, Value) {
        self.post("/api/v1/handouts", body).await
    }

    /// Posts a CSV body (`text/csv`), with an optional Idempotency-Key.
    pub async fn post_csv_with_key(
        &self,
        path: &str,
        body: impl Into<reqwest::Body>,
        key: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut rb = self
            .authed(self.client.post(self.url(path)))
            .header("Content-Type", "text/csv")
            .body(body);
        if let Some(k) = key {
            rb = rb.header("Idempotency-Key", k);
        }
        let resp = rb.send().await.expect("POST csv");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// A CSV export as (status, content type, rows as header → value maps).
    pub async fn get_csv(
        &self,
        path: &str,
    ) -> (
        StatusCode,
        String,
        Vec<std::collections::HashMap<String, String>>,
    ) {
        let resp = self
            .authed(self.client.get(self.url(path)))
            .send()
            .await
            .expect("GET csv");
        let status = resp.status();
        let ct = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let text = resp.text().await.unwrap_or_default();
        let mut rows = Vec::new();
        if status == StatusCode::OK {
            let mut r = csv::Reader::from_reader(text.as_bytes());
            for rec in r.deserialize::<std::collections::HashMap<String, String>>() {
                rows.push(rec.expect("a CSV row"));
            }
        }
        (status, ct, rows)
    }

    /// Number of hand-outs recorded (up to 1000).
    pub async fn handouts_len(&self) -> usize {
        let (status, body) = self.get("/api/v1/handouts?limit=1000").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["handouts"].as_array().map(|a| a.len()).unwrap_or(0)
    }
}

/// A client that keeps cookies like a browser and does not follow redirects, with its jar.
pub fn cookie_client() -> (std::sync::Arc<reqwest::cookie::Jar>, reqwest::Client) {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("cookie client");
    (jar, client)
}

/// Whether a page has an inline script: a `<script` tag without `src=`. Every page loads
/// the offline script from `/static` (allowed by the CSP), so "works without JavaScript"
/// means no inline script, not no script tag.
pub fn has_inline_script(html: &str) -> bool {
    html.match_indices("<script")
        .map(|(i, _)| &html[i..])
        .any(|tag| !tag[..tag.find('>').unwrap_or(tag.len())].contains(" src="))
}

/// The `action` of the `n`-th form in a page (1 = the first `action=` on the page), unescaped.
pub fn form_action(html: &str, n: usize) -> String {
    html.split("action=\"")
        .nth(n)
        .and_then(|s| s.split('"').next())
        .expect("a form action")
        .replace("&amp;", "&")
}

/// The session's form token, from the first `csrf` field of a page (every logged-in
/// page has one: the logout form's; a sheet's POST button carries it too).
pub fn csrf_in(html: &str) -> String {
    let at = "name=\"csrf\" value=\"";
    let start = html.find(at).expect("a form with the session's token") + at.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// `fields` and the page's form token, as a browser posts a page form: the token in
/// the body, never in the address.
pub fn with_csrf(html: &str, fields: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    all.push(("csrf".into(), csrf_in(html)));
    all
}

/// Posts the page form whose action is `path`, as a browser does: to the plain path,
/// the token in the form's hidden field.
pub async fn post_page_form(
    client: &reqwest::Client,
    app: &TestApp,
    html: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    assert!(
        html.contains(&format!("action=\"{path}\"")) || html.contains(&format!("action=\"{path}#")),
        "a form posting to {path}: {html}"
    );
    client
        .post(app.url(path))
        .form(&with_csrf(html, fields))
        .send()
        .await
        .expect("POST")
}

/// A role's English title as the pages show it in a list or a message: "Warehouse".
pub fn role_title(role: &str) -> String {
    let mut chars = role.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// A form's answer as the tests read it: status, where it redirects (if it does), body.
pub async fn answer_of(resp: reqwest::Response) -> (StatusCode, Option<String>, String) {
    let status = resp.status();
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (status, location, resp.text().await.unwrap_or_default())
}

/// The text of a page fetched with `client`.
pub async fn page_text(client: &reqwest::Client, url: &str) -> String {
    client
        .get(url)
        .send()
        .await
        .expect("GET page")
        .text()
        .await
        .expect("page text")
}

impl TestApp {
    /// Logs `client` in through the login page as a browser would (the form's own
    /// token, the session cookie); answers the login POST's response.
    pub async fn page_login(
        &self,
        client: &reqwest::Client,
        handle: &str,
        next: &str,
    ) -> reqwest::Response {
        let html = page_text(client, &self.url(&format!("/login?next={next}"))).await;
        client
            .post(self.url(&form_action(&html, 1)))
            .form(&with_csrf(
                &html,
                &[("handle", handle), ("password", TEST_PASSWORD)],
            ))
            .send()
            .await
            .expect("POST login")
    }
}

// Issue 10 (hardening): shared by tests/hardening.rs, tests/access.rs, tests/fuzz.rs.
impl TestApp {
    /// Receives `quantity` of one category × condition at a warehouse (asserts 201).
    pub async fn receive(&self, warehouse: &str, category: &str, condition: &str, quantity: i64) {
        let (s, b) = self
            .post_intake(
                warehouse,
                json!([{"category": category, "condition": condition, "quantity": quantity}]),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }

    /// A roomy van (5,000 l, 1,000 kg) under `slug` (asserts 201).
    pub async fn add_van(&self, slug: &str) {
        let (s, b) = self
            .post(
                "/api/v1/vans",
                &json!({"slug": slug, "name": "Van", "capacity_l": 5000, "payload_kg": 1000}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }

    /// What "nothing changed" compares: the stock projection and the number of entries.
    pub async fn stock_and_ledger(&self) -> (Value, usize) {
        (self.stock_snapshot().await, self.ledger_len().await)
    }
}

// Page polish (issue 9): the demo season with something on every page.
impl TestApp {
    /// The demo season plus a van and a planned run from the South unit to Oak and
    /// Heron, so every page (the run pages too) has content; answers the run's id.
    pub async fn demo_season_with_a_run(&self) -> i64 {
        haul::seed::demo(&self.db).expect("demo season");
        let (s, van) = self
            .post(
                "/api/v1/vans",
                &json!({"slug": "transit", "name": "Transit", "capacity_l": 9000, "payload_kg": 1100}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{van}");
        let (s, run) = self
            .post(
                "/api/v1/runs",
                &json!({"van": "transit", "origin": "unit-south", "stops": ["oak", "heron"],
                    "departs_on": chrono::Utc::now().date_naive().to_string()}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{run}");
        let id = run["id"].as_i64().expect("run id");
        let (s, plan) = self
            .post(&format!("/api/v1/runs/{id}/plan"), &json!({}))
            .await;
        assert!(s.is_success(), "{plan}");
        id
    }
}

// History and corrections (issue 9).
impl TestApp {
    /// The coordinator logs `tents` good 2-person tents in at `warehouse`; the intake's id.
    pub async fn intake_tents(&self, warehouse: &str, tents: i64) -> i64 {
        let (s, body) = self
            .post_intake(
                warehouse,
                json!([{"category": "tent-2p", "condition": "good", "quantity": tents}]),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
        body["id"].as_i64().expect("intake id")
    }

    /// A POST as the volunteer whose API token this is.
    pub async fn post_as(&self, token: &str, path: &str, body: &Value) -> (StatusCode, Value) {
        self.with_token(Some(token.to_string()))
            .request(reqwest::Method::POST, path, Some(body))
            .await
    }

    /// A client logged in through the login page as `handle`, keeping its cookies.
    pub async fn browser_as(&self, handle: &str) -> reqwest::Client {
        let (_jar, browser) = cookie_client();
        let r = self.page_login(&browser, handle, "/").await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login as {handle}");
        browser
    }
}

/// Runs the `haul` binary on the SQLite file `db` with `env` (no database passphrase
/// unless given there), feeding `stdin`; whether it succeeded, and stdout + stderr.
pub fn run_haul(
    db: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Option<&str>,
) -> (bool, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_haul"));
    cmd.args(args)
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("RUST_LOG", "warn")
        .env_remove("HAUL_DB_KEY")
        .env_remove("HAUL_DB_KEY_FILE")
        .env_remove("HAUL_FORGET_NOTES_AFTER")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run haul");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    let out = child.wait_with_output().expect("wait");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}
