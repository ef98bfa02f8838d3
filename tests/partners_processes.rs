//! Two `haul serve` processes, one on SQLite and one on PostgreSQL, that never talk to
//! each other: their coordinators exchange keys with `haul partner key` / `haul partner
//! add`, and every file goes by hand: a download here, and there an upload, `haul
//! transfer import`, or the import page's upload and paste as a browser sends them. The
//! whole exchange: partial acceptance, dispatch on the handover's page (sent twice,
//! counted once), a further dispatch note, a receipt one line short and one damaged,
//! closed. Afterwards both ledgers tell one story (sent = received + lost in transit),
//! the reservation is released, and `haul check` is clean on both.

mod common;

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::Backend;
use haul::db::DatabaseUrl;
use reqwest::StatusCode;
use serde_json::{json, Value};

const SECRET: &str = "partners-test-secret-0123456789abcdef";

fn url_text(url: &DatabaseUrl) -> String {
    match url {
        DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres(u) => u.clone(),
    }
}

/// One collective: its database, its data folder and (while serving) its process.
struct Collective {
    url: String,
    dir: tempfile::TempDir,
    server: Option<Child>,
    address: String,
    token: String,
    http: reqwest::Client,
    _cleanup: common::Cleanup,
}

impl Collective {
    fn new(backend: Backend) -> Option<Collective> {
        let (_db, url, cleanup) = common::fresh_database(backend)?;
        Some(Collective {
            url: url_text(&url),
            dir: tempfile::tempdir().expect("dir"),
            server: None,
            address: String::new(),
            token: String::new(),
            http: reqwest::Client::new(),
            _cleanup: cleanup,
        })
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_haul"));
        cmd.args(args)
            .env("DATABASE_URL", &self.url)
            .env("HAUL_DATA_DIR", self.dir.path())
            .env("HAUL_SECRET", SECRET)
            .env("RUST_LOG", "warn")
            .env_remove("HAUL_DB_KEY")
            .env_remove("HAUL_DB_KEY_FILE");
        cmd
    }

    /// Runs `haul ARGS` to the end: (succeeded, stdout + stderr).
    fn haul(&self, args: &[&str], stdin: Option<&str>) -> (bool, String) {
        use std::io::Write;
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run haul");
        let mut input = child.stdin.take().expect("stdin");
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).expect("stdin");
        }
        drop(input);
        let out = child.wait_with_output().expect("wait");
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    }

    fn public_key(&self) -> String {
        let (ok, out) = self.haul(&["partner", "key"], None);
        assert!(ok, "{out}");
        assert!(out.contains("Fingerprint: "), "{out}");
        out.lines()
            .find(|l| l.starts_with("haul-key-1:"))
            .expect("a key line")
            .to_string()
    }

    async fn serve(&mut self) {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let bind = format!("127.0.0.1:{port}");
        let child = self
            .command(&["serve", "--bind", &bind])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("haul serve");
        self.server = Some(child);
        self.address = format!("http://{bind}");
        for _ in 0..200 {
            if let Ok(r) = self
                .http
                .get(format!("{}/healthz", self.address))
                .send()
                .await
            {
                if r.status().is_success() {
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let (s, b) = self
            .call(
                "POST",
                "/api/v1/auth/token",
                Some(json!({"handle": "coord", "password": common::TEST_PASSWORD})),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        self.token = b["token"].as_str().expect("token").to_string();
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.server.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let url = format!("{}{}", self.address, path);
        let mut rb = match method {
            "GET" => self.http.get(url),
            "PUT" => self.http.put(url),
            _ => self.http.post(url),
        };
        if !self.token.is_empty() {
            rb = rb.bearer_auth(&self.token);
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let resp = rb.send().await.expect("request");
        let status = resp.status();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Value) -> (StatusCode, Value) {
        self.call("POST", path, Some(body)).await
    }

    async fn download(&self, transfer: &str, kind: &str) -> String {
        let resp = self
            .http
            .get(format!(
                "{}/api/v1/partner-transfers/{transfer}/files/{kind}",
                self.address
            ))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("download");
        assert_eq!(resp.status(), StatusCode::OK);
        resp.text().await.expect("text")
    }

    async fn upload(&self, text: &str) -> Value {
        let resp = self
            .http
            .post(format!("{}/api/v1/partner-transfers/import", self.address))
            .bearer_auth(&self.token)
            .header("Content-Type", "text/plain")
            .body(text.to_string())
            .send()
            .await
            .expect("upload");
        assert_eq!(resp.status(), StatusCode::OK);
        resp.json().await.expect("json")
    }

    async fn state_of(&self, transfer: &str) -> String {
        let (s, b) = self
            .call(
                "GET",
                &format!("/api/v1/partner-transfers/{transfer}"),
                None,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        b["state"].as_str().expect("state").to_string()
    }

    /// The units the ledger moved into (+) or out of (−) `location` with `cause`.
    async fn moved(&self, cause: &str, location: &str) -> i64 {
        let (s, b) = self
            .call("GET", &format!("/api/v1/ledger?cause={cause}"), None)
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        b["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .filter(|e| e["cause"] == cause && e["location"] == location)
            .filter_map(|e| e["quantity"].as_i64())
            .sum()
    }

    /// Logs the coordinator in through the login page, as a browser would.
    async fn page_client(&self) -> Page {
        let (_jar, http) = common::cookie_client();
        let html = common::page_text(&http, &format!("{}/login?next=/", self.address)).await;
        let action = common::form_action(&html, 1);
        let r = http
            .post(format!("{}{action}", self.address))
            .form(&common::with_csrf(
                &html,
                &[("handle", "coord"), ("password", common::TEST_PASSWORD)],
            ))
            .send()
            .await
            .expect("log in");
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "log in");
        Page { http }
    }

    async fn stock(&self, location: &str, category: &str, condition: &str) -> i64 {
        let (_, b) = self
            .call(
                "GET",
                &format!(
                    "/api/v1/stock?location={location}&category={category}&condition={condition}"
                ),
                None,
            )
            .await;
        b["stock"]
            .as_array()
            .map(|rows| rows.iter().filter_map(|r| r["quantity"].as_i64()).sum())
            .unwrap_or(0)
    }
}

impl Drop for Collective {
    fn drop(&mut self) {
        self.stop();
    }
}

fn in_days(n: u64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(n)).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_haul_processes_hand_over_by_files_alone() {
    let Some(mut bristol) = Collective::new(Backend::Sqlite) else {
        return;
    };
    let Some(mut dunkirk) = Collective::new(Backend::Postgres) else {
        return;
    };
    for side in [&bristol, &dunkirk] {
        let (ok, out) = side.haul(
            &[
                "user",
                "add",
                "coord",
                "--role",
                "coordinator",
                "--password-stdin",
            ],
            Some(&format!("{}\n", common::TEST_PASSWORD)),
        );
        assert!(ok, "{out}");
    }
    // They meet, show each other `haul partner key`, and read the fingerprints aloud.
    let (bk, dk) = (bristol.public_key(), dunkirk.public_key());
    assert_ne!(bk, dk);
    let until = in_days(180);
    let (ok, out) = bristol.haul(
        &[
            "partner",
            "add",
            "dunkirk",
            &dk,
            "--direction",
            "give",
            "--valid-until",
            &until,
        ],
        None,
    );
    assert!(ok, "{out}");
    let (ok, out) = dunkirk.haul(
        &[
            "partner",
            "add",
            "bristol",
            &bk,
            "--direction",
            "receive",
            "--valid-until",
            &until,
        ],
        None,
    );
    assert!(ok, "{out}");

    bristol.serve().await;
    dunkirk.serve().await;
    for side in [&bristol, &dunkirk] {
        let (s, b) = side
            .post(
                "/api/v1/locations",
                json!({"slug": "depot", "name": "Depot", "kind": "warehouse"}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
    let (s, b) = bristol
        .post(
            "/api/v1/intakes",
            json!({"source": "glastonbury-2026", "warehouse": "depot", "received_on": in_days(0),
                   "lines": [{"category": "sleeping-bag", "condition": "good", "quantity": 60},
                             {"category": "tent-2p", "condition": "good", "quantity": 10}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");

    let (s, b) = bristol
        .post(
            "/api/v1/partner-transfers",
            json!({"partner": "dunkirk", "warehouse": "depot", "expires_on": in_days(7),
                   "lines": [{"category": "sleeping-bag", "condition": "good", "quantity": 50},
                             {"category": "tent-2p", "condition": "good", "quantity": 10}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let t = b["transfer"]["transfer"].as_str().expect("id").to_string();

    // The offer goes on a USB stick and in with the command line.
    let offer = bristol.download(&t, "offer").await;
    let stick = dunkirk.dir.path().join("offer.txt");
    std::fs::write(&stick, &offer).expect("write");
    let (ok, out) = dunkirk.haul(&["transfer", "import", stick.to_str().expect("path")], None);
    assert!(ok, "{out}");
    assert!(out.contains("now offered"), "{out}");
    let (ok, out) = dunkirk.haul(&["transfer", "import", stick.to_str().expect("path")], None);
    assert!(ok && out.contains("nothing changed"), "{out}");

    let (s, b) = dunkirk
        .post(
            &format!("/api/v1/partner-transfers/{t}/answer"),
            json!({"decision": "accept", "lines": [{"line": 1, "quantity": 30}, {"line": 2, "quantity": 10}]}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // Bristol's coordinator uploads the answer on the import page, as a browser does.
    let answer = dunkirk.download(&t, "answer").await;
    let page = bristol.page_client().await;
    let done = page.upload(&bristol, "haul-answer.txt", &answer).await;
    assert!(done.contains("Imported the answer"), "{done:.400}");
    assert_eq!(bristol.state_of(&t).await, "accepted");

    // Accepting reserved 30 bags: only 30 of the 60 are free to offer or plan.
    let (s, b) = bristol
        .post(
            "/api/v1/partner-transfers",
            json!({"partner": "dunkirk", "warehouse": "depot", "expires_on": in_days(7),
                   "lines": [{"category": "sleeping-bag", "condition": "good", "quantity": 31}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(b["error"]["code"], "insufficient_stock", "{b}");

    // Dispatch on the handover's page: 25 bags and the tents leave; the form sent twice
    // (a double tap) counts once.
    let path = format!("/partners/transfers/{t}");
    let html = page.get(&bristol, &path).await;
    let action = action_of(&html, "id=\"step\"");
    let key = hidden(&html, "form_key");
    let token = common::csrf_in(&html);
    let form = [
        ("action", "dispatch"),
        ("form_key", key.as_str()),
        ("line:1", "25"),
        ("line:2", "10"),
        ("csrf", token.as_str()),
    ];
    for _ in 0..2 {
        let r = page.post_form(&bristol, &action, &form).await;
        assert_eq!(r, StatusCode::SEE_OTHER);
    }
    assert_eq!(bristol.stock("depot", "sleeping-bag", "good").await, 35);
    // The 5 left of what was accepted go on a further note: the first is never changed.
    let (s, b) = bristol
        .post(
            &format!("/api/v1/partner-transfers/{t}/extra"),
            json!({"lines": [{"line": 1, "quantity": 5}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    for kind in ["dispatch", "dispatch-2"] {
        let b = dunkirk.upload(&bristol.download(&t, kind).await).await;
        assert_eq!(b["transfer"]["state"], "dispatched", "{kind}");
    }

    let (s, b) = dunkirk
        .post(
            &format!("/api/v1/partner-transfers/{t}/receive"),
            json!({"warehouse": "depot", "received_on": in_days(0), "lines": [
                {"line": 1, "received": 28, "condition": "good", "reason": "short"},
                {"line": 2, "received": 10, "condition": "needs-repair", "reason": "damaged"}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    // The receipt comes back pasted into Bristol's import page.
    let receipt = dunkirk.download(&t, "receipt").await;
    let done = page.paste(&bristol, &receipt).await;
    assert!(done.contains("Imported the receipt note"), "{done:.400}");
    assert_eq!(bristol.state_of(&t).await, "closed");
    assert_eq!(dunkirk.state_of(&t).await, "closed");

    // One story: 40 left Bristol; 38 arrived at Dunkirk; 2 were lost in transit.
    let sent = bristol.moved("partner-dispatch", "partner-dunkirk").await;
    let lost = -bristol.moved("lost-in-transit", "partner-dunkirk").await;
    let (_, intakes) = dunkirk.call("GET", "/api/v1/intakes", None).await;
    let intake = intakes["intakes"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["source"] == "partner:bristol"))
        .cloned()
        .expect("the receipt is an intake from partner:bristol");
    let received: i64 = intake["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(|l| l["quantity"].as_i64())
        .sum();
    assert_eq!((sent, received, lost), (40, 38, 2));
    assert_eq!(sent, received + lost);
    assert_eq!(bristol.stock("depot", "sleeping-bag", "good").await, 30);
    assert_eq!(
        bristol
            .stock("partner-dunkirk", "sleeping-bag", "good")
            .await,
        28
    );
    assert_eq!(
        bristol.stock("partner-dunkirk", "tent-2p", "good").await,
        10
    );
    assert_eq!(dunkirk.stock("depot", "sleeping-bag", "good").await, 28);
    assert_eq!(dunkirk.stock("depot", "tent-2p", "needs-repair").await, 10);
    // The reservation was released: all 30 bags left at Bristol are free to offer again.
    let (s, b) = bristol
        .post(
            "/api/v1/partner-transfers",
            json!({"partner": "dunkirk", "warehouse": "depot", "expires_on": in_days(7),
                   "lines": [{"category": "sleeping-bag", "condition": "good", "quantity": 30}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");

    bristol.stop();
    dunkirk.stop();
    for side in [&bristol, &dunkirk] {
        let (ok, out) = side.haul(&["check"], None);
        assert!(ok && out.contains("Stock matches the ledger"), "{out}");
    }
}

/// The `action` of the form whose opening tag holds `marker`, unescaped.
fn action_of(html: &str, marker: &str) -> String {
    let at = html.find(marker).expect("the form");
    let tag_start = html[..at].rfind('<').expect("a tag");
    let tag = &html[tag_start..];
    tag.split("action=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("an action")
        .replace("&amp;", "&")
}

/// The value of the first hidden input called `name`.
fn hidden(html: &str, name: &str) -> String {
    html.split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the hidden input")
        .to_string()
}

/// A coordinator's browser on one collective's pages: a session cookie, no redirects
/// followed (each answer is looked at).
struct Page {
    http: reqwest::Client,
}

impl Page {
    async fn get(&self, side: &Collective, path: &str) -> String {
        let resp = self
            .http
            .get(format!("{}{path}", side.address))
            .send()
            .await
            .expect("GET page");
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        resp.text().await.expect("page")
    }

    async fn post_form(
        &self,
        side: &Collective,
        action: &str,
        form: &[(&str, &str)],
    ) -> StatusCode {
        self.http
            .post(format!("{}{action}", side.address))
            .form(form)
            .send()
            .await
            .expect("POST form")
            .status()
    }

    /// Follows a see-other to the page it names and answers that page's text.
    async fn follow(&self, side: &Collective, resp: reqwest::Response) -> String {
        if resp.status() != StatusCode::SEE_OTHER {
            let status = resp.status();
            panic!("{status}: {}", resp.text().await.unwrap_or_default());
        }
        let to = resp.headers()["location"]
            .to_str()
            .expect("location")
            .to_string();
        self.get(side, &to).await
    }

    /// Chooses `name` with `text` in the import page's file input and sends the form.
    async fn upload(&self, side: &Collective, name: &str, text: &str) -> String {
        let html = self.get(side, "/partners/import").await;
        let action = action_of(&html, "id=\"import\"");
        // The form's token travels in its own part, as a browser sends the hidden field.
        let token = common::csrf_in(&html);
        let boundary = "haul-test-boundary-7f3a";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\r\n--{boundary}--\r\n"
        );
        let resp = self
            .http
            .post(format!("{}{action}", side.address))
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .expect("upload");
        self.follow(side, resp).await
    }

    /// Pastes `text` into the import page's text box and sends the form urlencoded
    /// (as a script would; its token then goes in the body like any such form's).
    async fn paste(&self, side: &Collective, text: &str) -> String {
        let html = self.get(side, "/partners/import").await;
        let action = action_of(&html, "id=\"import\"");
        let resp = self
            .http
            .post(format!("{}{action}", side.address))
            .form(&common::with_csrf(&html, &[("text", text)]))
            .send()
            .await
            .expect("paste");
        self.follow(side, resp).await
    }
}
