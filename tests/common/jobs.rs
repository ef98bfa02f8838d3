//! One volunteer's whole job through the pages (issue 9), shared by `tests/browser_jobs.rs`:
//! an empty database whose first coordinator is made through the one-time setup link
//! (what `haul serve` prints when no coordinator exists), the season set up by that
//! coordinator through the admin pages, the steps several roles' jobs start with, and
//! the checks every job ends with: stock and ledger over the API against exactly what
//! the test did, then the `haul` binary's own `check` on the test's database file.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use super::browser::{Browser, BrowserError, BrowserResult};
use super::{Backend, Cleanup, TestApp};

/// The first coordinator, made through the setup page.
pub const COORDINATOR: &str = "kim";
/// Every volunteer's password in these tests (the rules want 12 characters or more).
pub const PASSWORD: &str = "tents before rain";
pub const SOURCE: &str = "glastonbury-2026";
const WAIT: Duration = Duration::from_secs(15);

/// The places the coordinator adds: (kind, name, address, the code made from the name).
pub const PLACES: [(&str, &str, &str, &str); 4] = [
    ("warehouse", "Unit South", "4 Quay Street", "unit-south"),
    ("warehouse", "Unit East", "", "unit-east"),
    ("site", "Oak Camp", "behind the old mill", "oak-camp"),
    ("site", "Heron Field", "", "heron-field"),
];
/// The volunteers the coordinator adds, one per role.
pub const VOLUNTEERS: [(&str, &str); 4] = [
    ("mo", "crew"),
    ("wren", "warehouse"),
    ("dan", "driver"),
    ("dora", "distributor"),
];

/// A test's server on an empty SQLite database (only the seed catalogue, as `haul serve`
/// makes on first start) and a phone-sized browser; `None` after a loud SKIP.
pub struct Job {
    pub app: TestApp,
    pub browser: Browser,
    /// Screenshots go to `target/screenshots/jobs/{role}-NN-{name}.png`.
    role: &'static str,
    shots: std::sync::atomic::AtomicUsize,
    /// The one-time password links the coordinator made, by handle.
    links: std::sync::Mutex<BTreeMap<String, String>>,
}

impl Job {
    pub async fn start(role: &'static str) -> Option<Job> {
        let app = super::spawn_app_bare(Backend::Sqlite).await?;
        let browser = Browser::launch().await?;
        // This role's pictures from an earlier run would mislead whoever looks.
        if let Ok(dir) = std::fs::read_dir(shots_dir()) {
            for f in dir.flatten() {
                if f.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{role}-"))
                {
                    let _ = std::fs::remove_file(f.path());
                }
            }
        }
        Some(Job {
            app,
            browser,
            role,
            shots: Default::default(),
            links: Default::default(),
        })
    }

    pub fn url(&self, path: &str) -> String {
        self.app.url(path)
    }

    /// Quits the browser, then fails the test on the session's error.
    pub async fn finish(self, session: BrowserResult<()>) -> TestApp {
        if session.is_err() {
            // What the page showed when the job stopped.
            let _ = self.shot("failed").await;
        }
        let Job { app, browser, .. } = self;
        let quit = browser.quit().await;
        session.expect("the browser session");
        quit.expect("quit the browser");
        app
    }

    /// A screenshot of the whole page, numbered in the order taken.
    pub async fn shot(&self, name: &str) -> BrowserResult<()> {
        let n = self.shots.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        let path = shots_dir().join(format!("{}-{n:02}-{name}.png", self.role));
        self.browser.screenshot_full_page(&path).await
    }

    pub async fn goto(&self, path: &str) -> BrowserResult<()> {
        self.browser.goto(&self.url(path)).await
    }

    /// Waits for the address to contain `part` (after a form post and its redirect).
    pub async fn wait_for_url(&self, part: &str) -> BrowserResult<String> {
        let part = part.to_string();
        self.browser
            .wait_for_url(
                &format!("an address with {part}"),
                move |u| u.contains(&part),
                WAIT,
            )
            .await
    }

    /// Waits until the text of the first `css` element satisfies `ok`; answers it.
    async fn wait_for_text(
        &self,
        css: &str,
        what: &str,
        ok: impl Fn(&str) -> bool,
    ) -> BrowserResult<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            let got = match self.browser.find_all(css).await?.first() {
                Some(e) => e.text().await.unwrap_or_default(),
                None => String::new(),
            };
            if ok(&got) {
                return Ok(got);
            }
            if Instant::now() > deadline {
                return Err(BrowserError(format!(
                    "waited {WAIT:?} for {what} in {css}; the page says {got:?} (at {})",
                    self.browser.current_url().await.unwrap_or_default()
                )));
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for the confirmation that says exactly `want`, perhaps followed by an offer
    /// such as Undo (the page before may show another).
    pub async fn expect_flash(&self, want: &str) -> BrowserResult<()> {
        self.wait_for_text(".flash.ok", &format!("the message {want:?}"), |t| {
            t.strip_prefix(want)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
        })
        .await
        .map(drop)
    }

    /// Waits for a page headed with `want` in its heading.
    pub async fn expect_h1(&self, want: &str) -> BrowserResult<()> {
        self.wait_for_text("h1", &format!("a page headed {want:?}"), |t| {
            t.contains(want)
        })
        .await
        .map(drop)
    }

    /// The page is no wider than the 360 px phone.
    pub async fn fits(&self, what: &str) -> BrowserResult<()> {
        let width = self
            .browser
            .script("return document.documentElement.scrollWidth")
            .await?;
        assert!(
            width.as_u64().is_some_and(|w| w <= 360),
            "{what} scrolls sideways at 360 px: {width}"
        );
        Ok(())
    }

    /// Replaces what a field holds with `text`.
    pub async fn retype(&self, css: &str, text: &str) -> BrowserResult<()> {
        let field = self.browser.find(css).await?;
        field.clear().await?;
        field.send_keys(text).await
    }

    /// What a field holds now (a select's chosen option too).
    pub async fn value_of(&self, css: &str) -> BrowserResult<String> {
        self.browser.find(css).await?;
        let css = serde_json::to_string(css).unwrap_or_default();
        let v = self
            .browser
            .script(&format!("return document.querySelector({css}).value;"))
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Logs out as a thumb would, and waits for the login page.
    pub async fn log_out(&self) -> BrowserResult<()> {
        self.browser.log_out_to_login().await
    }

    pub async fn log_in(&self, handle: &str, next: &str) -> BrowserResult<()> {
        self.browser
            .log_in(&self.app.address, handle, PASSWORD, next)
            .await
    }
}

fn shots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots/jobs")
}

// ---- the season from an empty database ----

impl Job {
    /// The way into an empty database: the one-time setup link `haul serve` prints when
    /// there is no coordinator yet (held by the server, as `haul serve` holds it).
    async fn first_coordinator(&self) -> BrowserResult<()> {
        let token = haul::auth::random_token(24);
        *self
            .app
            .state
            .auth
            .setup_token
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(token.clone());
        self.goto(&format!("/setup?token={token}")).await?;
        self.expect_h1("Set up Haul").await?;
        self.browser.fill("#handle", COORDINATOR).await?;
        self.browser.fill("#password", PASSWORD).await?;
        self.browser.click_on("main button[type=submit]").await?;
        self.browser
            .wait_for_url("home after setting up", |u| u.ends_with('/'), WAIT)
            .await?;
        Ok(())
    }

    /// From an empty database, as the coordinator through the admin pages: the first
    /// account, two warehouses, two sites, a van and one volunteer per role (each with
    /// a one-time password link, kept for `become_volunteer`). Ends logged in as the
    /// coordinator.
    pub async fn set_up_season(&self) -> BrowserResult<()> {
        self.browser.set_window_size(360, 740).await?;
        self.first_coordinator().await?;

        self.browser.click_on("main a[href=\"/admin\"]").await?;
        self.expect_h1("Admin").await?;
        self.browser
            .click_on("main a[href=\"/admin/places\"]")
            .await?;
        self.expect_h1("Warehouses and sites").await?;
        for (kind, name, address, _) in PLACES {
            self.browser.choose("#kind", kind).await?;
            self.browser.fill("#name", name).await?;
            if !address.is_empty() {
                self.browser.fill("#address", address).await?;
            }
            self.browser
                .click_on("main form button[type=submit]")
                .await?;
            self.expect_flash(&format!("Added the {kind} {name}."))
                .await?;
        }
        self.fits("the places page").await?;

        self.goto("/admin/vans").await?;
        self.browser.fill("#name", "Transit").await?;
        self.browser.fill("#capacity_l", "9000").await?;
        self.browser.fill("#payload_kg", "1200").await?;
        self.browser
            .click_on("main form button[type=submit]")
            .await?;
        self.expect_flash("Added the van Transit: 9,000 l, 1,200 kg.")
            .await?;

        self.goto("/admin/volunteers").await?;
        for (handle, role) in VOLUNTEERS {
            self.browser.fill("#handle", handle).await?;
            self.browser.choose("#role", role).await?;
            self.browser
                .click_on("form[action=\"/admin/volunteers\"] button[type=submit]")
                .await?;
            self.expect_flash(&format!(
                "Added {handle}, role: {}.",
                super::role_title(role)
            ))
            .await?;
            // The one-time link is text to copy (a tap would use it up), not a link.
            let link = self
                .browser
                .script("return document.getElementById('onetime-link').value")
                .await?
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert!(link.contains("/reset?token="), "{handle}'s link: {link}");
            self.links
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(handle.to_string(), link);
        }
        self.fits("the volunteers page").await?;
        self.shot("volunteers").await
    }

    /// The volunteer opens the link the coordinator gave them and chooses a password;
    /// they are then logged in (whoever was before is logged out first).
    pub async fn become_volunteer(&self, handle: &str) -> BrowserResult<()> {
        self.log_out().await?;
        let link = self
            .links
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(handle)
            .cloned()
            .unwrap_or_else(|| panic!("no password link for {handle}"));
        let link = if link.starts_with("http") {
            link
        } else {
            self.url(&link)
        };
        self.browser.goto(&link).await?;
        self.browser.fill("#password", PASSWORD).await?;
        self.browser.click_on("main button[type=submit]").await?;
        self.browser
            .wait_for_url(
                &format!("home after {handle} chose a password"),
                |u| u.ends_with('/'),
                WAIT,
            )
            .await?;
        Ok(())
    }
}

// ---- steps several jobs start with ----

impl Job {
    /// Fills and saves the intake form; answers the intake's id. `lines` are
    /// (category, condition, quantity); the confirmation is left for the caller.
    pub async fn log_intake(
        &self,
        warehouse: &str,
        lines: &[(&str, &str, i64)],
    ) -> BrowserResult<i64> {
        self.goto("/intake").await?;
        self.expect_h1("Log an intake").await?;
        self.retype("#source", SOURCE).await?;
        self.browser.choose("#warehouse", warehouse).await?;
        for (category, condition, n) in lines {
            let id = format!("#q-{category}-{condition}");
            let shown = self
                .browser
                .script(&format!(
                    "const e = document.querySelector('{id}'); return !!e && !e.closest('details:not([open])');"
                ))
                .await?;
            if shown != Value::Bool(true) {
                // Not collected here yet: under "More categories".
                self.browser.click_on("#more-categories > summary").await?;
            }
            self.browser.fill(&id, &n.to_string()).await?;
        }
        self.browser.click_on("#save-intake").await?;
        let url = self.wait_for_url("/stock?").await?;
        let id = url
            .split("intake=")
            .nth(1)
            .and_then(|s| s.split(['&', '#']).next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no intake id in {url}"));
        Ok(id)
    }

    /// States a site's need through the needs page, as the site's assembly said it.
    pub async fn state_need(
        &self,
        site: &str,
        category: &str,
        quantity: i64,
        stated_by: &str,
    ) -> BrowserResult<()> {
        // The form is the open site's: one tap on its block on /needs.
        self.goto(&format!("/needs?site={site}")).await?;
        self.browser.choose("#category", category).await?;
        self.browser
            .fill("#quantity", &quantity.to_string())
            .await?;
        self.browser.fill("#stated_by", stated_by).await?;
        self.browser.click_on("#state button[type=submit]").await?;
        self.wait_for_url("/needs?saved=").await.map(drop)
    }

    /// Moves stock from a warehouse through the transfer page; `lines` are
    /// (category, condition, quantity). The confirmation is left for the caller.
    pub async fn transfer(
        &self,
        from: &str,
        to: &str,
        lines: &[(&str, &str, i64)],
    ) -> BrowserResult<()> {
        self.goto("/transfer").await?;
        self.browser
            .click_on(&format!("a[href=\"/transfer?from={from}\"]"))
            .await?;
        self.wait_for_url(&format!("from={from}")).await?;
        self.browser.choose("#to", to).await?;
        for (category, condition, n) in lines {
            self.browser
                .fill(
                    &format!("input[name=\"q.{category}.{condition}\"]"),
                    &n.to_string(),
                )
                .await?;
        }
        self.browser
            .click_on("main form[method=post] button[type=submit]")
            .await
    }

    /// Starts a run of the van from `origin` to `stops`, departing today, and plans its
    /// load; answers the run's id. The plan's confirmation is left for the caller.
    pub async fn start_and_plan_run(&self, origin: &str, stops: &[&str]) -> BrowserResult<i64> {
        self.goto("/runs").await?;
        self.expect_h1("Van runs").await?;
        self.browser.choose("#van", "transit").await?;
        self.browser.choose("#origin", origin).await?;
        for (i, stop) in stops.iter().enumerate() {
            self.browser
                .choose(&format!("#stop{}", i + 1), stop)
                .await?;
        }
        // A date field is a picker on a phone (and its typed form depends on the
        // locale): set today's date as the picker would.
        let today = self.app.state.clock.today().to_string();
        self.browser
            .script(&format!(
                "document.getElementById('departs_on').value = '{today}'; return true;"
            ))
            .await?;
        self.fits("the runs page").await?;
        self.browser
            .click_on("form[action=\"/runs\"] button[type=submit]")
            .await?;
        let url = self
            .browser
            .wait_for_url("the new run's page", |u| run_id(u).is_some(), WAIT)
            .await?;
        let id: i64 = run_id(&url).unwrap_or_else(|| panic!("no run id in {url}"));
        // The new run's page confirms it was started.
        let flash = self.browser.text_of(".flash").await?;
        assert!(flash.starts_with("Started run #"), "{flash}");
        self.browser
            .click_on("form[action*=\"/plan\"] button[type=submit]")
            .await?;
        Ok(id)
    }
}

// ---- the books at the end ----

/// The id of a run's page address (`/runs/7`, `/runs/7?started=1`).
fn run_id(url: &str) -> Option<i64> {
    url.split('?').next()?.rsplit('/').next()?.parse().ok()
}

/// One ledger entry as the test expects it: (cause, actor, place, category, condition,
/// signed quantity).
pub type Entry<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, i64);
/// One stock row: (place, category, condition, quantity).
pub type Row<'a> = (&'a str, &'a str, &'a str, i64);

impl TestApp {
    /// The SQLite file under this test's server.
    pub fn sqlite_file(&self) -> PathBuf {
        match &self._cleanup {
            Cleanup::Sqlite(dir) => dir.path().join("haul.db"),
            Cleanup::Postgres { .. } => panic!("a SQLite test"),
        }
    }

    /// The coordinator's API token, for the checks at the end.
    async fn coordinator_token(&self) -> String {
        self.login(COORDINATOR, PASSWORD)
            .await
            .unwrap_or_else(|(s, b)| panic!("the coordinator's token: {s} {b}"))
    }

    /// `/api/v1/stock` holds exactly `rows` (every non-zero row, nothing else),
    /// `/api/v1/ledger` exactly `entries` (in any order), and `haul check` passes.
    pub async fn assert_books(&self, rows: &[Row<'_>], entries: &[Entry<'_>]) {
        let api = self.with_token(Some(self.coordinator_token().await));
        let (s, stock) = api
            .request(reqwest::Method::GET, "/api/v1/stock", None)
            .await;
        assert_eq!(s, StatusCode::OK, "{stock}");
        let mut got: Vec<(String, String, String, i64)> = stock["stock"]
            .as_array()
            .expect("stock rows")
            .iter()
            .map(|r| {
                (
                    text(&r["location"]),
                    text(&r["category"]),
                    text(&r["condition"]),
                    r["quantity"].as_i64().unwrap_or(0),
                )
            })
            .collect();
        let mut want: Vec<(String, String, String, i64)> = rows
            .iter()
            .map(|(l, c, k, q)| (l.to_string(), c.to_string(), k.to_string(), *q))
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "stock over the API");

        let (s, ledger) = api
            .request(reqwest::Method::GET, "/api/v1/ledger?limit=1000", None)
            .await;
        assert_eq!(s, StatusCode::OK, "{ledger}");
        let mut got: Vec<(String, String, String, String, String, i64)> = ledger["entries"]
            .as_array()
            .expect("ledger entries")
            .iter()
            .map(|e| {
                (
                    text(&e["cause"]),
                    text(&e["actor"]),
                    text(&e["location"]),
                    text(&e["category"]),
                    text(&e["condition"]),
                    e["quantity"].as_i64().unwrap_or(0),
                )
            })
            .collect();
        let mut want: Vec<(String, String, String, String, String, i64)> = entries
            .iter()
            .map(|(c, a, l, k, d, q)| {
                (
                    c.to_string(),
                    a.to_string(),
                    l.to_string(),
                    k.to_string(),
                    d.to_string(),
                    *q,
                )
            })
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "ledger over the API");

        // The binary reads this test's database (not a new empty one it would make).
        let file = self.sqlite_file();
        assert!(file.is_file(), "no database at {}", file.display());
        let (ok, out) = super::run_haul(&file, &["check"], &[], None);
        assert!(ok, "haul check failed:\n{out}");
        assert!(out.contains("Stock matches the ledger."), "{out}");
        let (ok, ledger_csv) = super::run_haul(&file, &["export", "ledger"], &[], None);
        assert!(ok, "haul export ledger failed:\n{ledger_csv}");
        assert!(
            ledger_csv.contains(&format!("Exported {} rows.", entries.len())),
            "the binary sees the same ledger:\n{ledger_csv}"
        );
    }
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}
