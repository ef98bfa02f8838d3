//! A headless Chromium for page tests, driven over the W3C WebDriver HTTP protocol
//! (plain JSON through reqwest): start `chromedriver` on a free port, open a session
//! with a fresh profile, then goto / find / type / click / read / screenshot, and quit
//! (also on drop, which shuts chromedriver and its Chromium down).
//!
//! `Browser::launch()` returns `None` with a loud SKIPPED notice when Chromium or
//! chromedriver is not installed, unless `HAUL_REQUIRE_BROWSER=1` (then it panics).
//! `HAUL_CHROME` and `HAUL_CHROMEDRIVER` point at other binaries.

use std::fmt;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::Method;
use serde_json::{json, Value};

/// The WebDriver spec's key for an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long `find` waits for an element to appear (WebDriver's implicit wait).
const FIND_WAIT: Duration = Duration::from_secs(5);
const PAGE_LOAD: Duration = Duration::from_secs(20);
/// One WebDriver command, including a page load it triggers.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
const DRIVER_START: Duration = Duration::from_secs(15);

pub const CHROME_ARGS: [&str; 10] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=360,800",
];

/// What went wrong, with the WebDriver command and the driver's own words.
pub struct BrowserError(pub String);

impl fmt::Display for BrowserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// Tests print errors with `{:?}`: show the message as it is, not as a quoted string.
impl fmt::Debug for BrowserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BrowserError {}

pub type BrowserResult<T> = Result<T, BrowserError>;

/// Set by `.ci/run`: a page test that finds no browser fails instead of skipping.
pub fn browser_required() -> bool {
    std::env::var("HAUL_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn binary(env: &str, names: &[&str]) -> Option<PathBuf> {
    match std::env::var_os(env) {
        Some(p) => Some(PathBuf::from(p)).filter(|p| p.is_file()),
        None => on_path(names),
    }
}

fn free_port() -> BrowserResult<u16> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| BrowserError(format!("no free port: {e}")))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| BrowserError(format!("no free port: {e}")))
}

/// The last lines of chromedriver's log, for error messages.
fn log_tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

/// A minimal blocking HTTP request, for `Drop` (no async runtime may be at hand).
fn raw_request(port: u16, method: &str, path: &str, timeout: Duration) {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));
    let request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return;
    }
    // Read up to the end of the answer (chromedriver keeps the connection open).
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            return;
        }
        answer.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&answer);
        if let Some(head_end) = text.find("\r\n\r\n") {
            let length = text[..head_end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_string())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if answer.len() >= head_end + 4 + length {
                return;
            }
        }
    }
}

pub struct Browser {
    http: reqwest::Client,
    port: u16,
    session: Option<String>,
    driver: Option<Child>,
    log: PathBuf,
    chrome: PathBuf,
    javascript: bool,
    // Chromium's profile and the driver's log, removed with the browser.
    profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium, 360 × 800 like a cheap phone.
    pub async fn launch() -> Option<Browser> {
        Browser::launch_with(true).await
    }

    /// The same phone with JavaScript switched off in its settings.
    pub async fn launch_without_javascript() -> Option<Browser> {
        Browser::launch_with(false).await
    }

    async fn launch_with(javascript: bool) -> Option<Browser> {
        let chrome = binary(
            "HAUL_CHROME",
            &["chromium", "chromium-browser", "google-chrome"],
        );
        let driver = binary("HAUL_CHROMEDRIVER", &["chromedriver"]);
        let (Some(chrome), Some(driver)) = (chrome, driver) else {
            let msg = "Chromium or chromedriver not found (install Debian's `chromium` and \
                       `chromium-driver`, or set HAUL_CHROME / HAUL_CHROMEDRIVER)";
            if browser_required() {
                panic!("HAUL_REQUIRE_BROWSER=1 but {msg}");
            }
            super::skipped(&format!("browser test: {msg}"));
            return None;
        };
        match Browser::start(&chrome, &driver, javascript).await {
            Ok(b) => Some(b),
            Err(e) => panic!(
                "cannot start the browser ({} via {}): {e}",
                chrome.display(),
                driver.display()
            ),
        }
    }

    async fn start(chrome: &Path, driver: &Path, javascript: bool) -> BrowserResult<Browser> {
        let profile = tempfile::tempdir().map_err(|e| BrowserError(format!("no temp dir: {e}")))?;
        let log = profile.path().join("chromedriver.log");
        let port = free_port()?;
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| BrowserError(format!("cannot run {}: {e}", driver.display())))?;
        let http = reqwest::Client::builder()
            .timeout(COMMAND_TIMEOUT)
            .build()
            .map_err(|e| BrowserError(format!("http client: {e}")))?;
        let mut browser = Browser {
            http,
            port,
            session: None,
            driver: Some(child),
            log,
            chrome: chrome.to_path_buf(),
            javascript,
            profile,
        };
        browser.wait_for_driver().await?;
        browser.new_session().await?;
        Ok(browser)
    }

    /// Opens a Chromium on the browser's own profile (again, after `reopen`).
    async fn new_session(&mut self) -> BrowserResult<()> {
        let chrome = self.chrome.clone();
        let browser = &mut *self;

        let data_dir = browser.profile.path().join("chrome-profile");
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", data_dir.display()));
        let mut options = json!({"binary": chrome.to_string_lossy(), "args": args});
        if !browser.javascript {
            options["prefs"] = json!({"profile.managed_default_content_settings.javascript": 2});
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": {
                "implicit": FIND_WAIT.as_millis() as u64,
                "pageLoad": PAGE_LOAD.as_millis() as u64,
                // Under COMMAND_TIMEOUT: a script that outlasts it is the driver's
                // error, with its words, not reqwest's.
                "script": 25_000
            },
            "goog:chromeOptions": options
        }}});
        let value = browser
            .send(
                Method::POST,
                &browser.driver_url("/session"),
                Some(capabilities),
                "new session",
            )
            .await
            .map_err(|e| {
                BrowserError(format!(
                    "{e}\nchromedriver log:\n{}",
                    log_tail(&browser.log)
                ))
            })?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| BrowserError(format!("new session: no sessionId in {value}")))?;
        browser.session = Some(id.to_string());
        Ok(())
    }

    /// Closes Chromium and starts it again on the same profile, as a volunteer closing
    /// and reopening the browser on their phone: cookies, caches, service workers and
    /// IndexedDB survive.
    pub async fn reopen(&mut self) -> BrowserResult<()> {
        let url = self.session_url("")?;
        self.send(Method::DELETE, &url, None, "close the browser")
            .await?;
        self.session = None;
        self.new_session().await
    }

    /// Cuts the browser's network (chromedriver's network conditions), or restores it.
    pub async fn set_offline(&self, offline: bool) -> BrowserResult<()> {
        let body = json!({"network_conditions": {
            "offline": offline, "latency": 0,
            "download_throughput": 1_000_000_000, "upload_throughput": 1_000_000_000
        }});
        self.command(
            Method::POST,
            "/chromium/network_conditions",
            Some(body),
            "network conditions",
        )
        .await
        .map(drop)
    }

    /// Runs an asynchronous JavaScript function body: it calls `done(value)` (the last
    /// argument) when finished.
    pub async fn script_async(&self, body: &str) -> BrowserResult<Value> {
        let body = format!("const done = arguments[arguments.length - 1]; {body}");
        self.command(
            Method::POST,
            "/execute/async",
            Some(json!({"script": body, "args": []})),
            "async script",
        )
        .await
    }

    async fn wait_for_driver(&mut self) -> BrowserResult<()> {
        let deadline = Instant::now() + DRIVER_START;
        let url = self.driver_url("/status");
        loop {
            if let Some(Ok(Some(status))) = self.driver.as_mut().map(|c| c.try_wait()) {
                return Err(BrowserError(format!(
                    "chromedriver exited at start ({status}); log:\n{}",
                    log_tail(&self.log)
                )));
            }
            let ready = match self
                .http
                .get(&url)
                .timeout(Duration::from_secs(2))
                .send()
                .await
            {
                Ok(r) => r
                    .json::<Value>()
                    .await
                    .is_ok_and(|v| v["value"]["ready"] == true),
                Err(_) => false,
            };
            if ready {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(BrowserError(format!(
                    "chromedriver not ready on port {} after {DRIVER_START:?}; log:\n{}",
                    self.port,
                    log_tail(&self.log)
                )));
            }
            actix_web::rt::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn driver_url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }

    fn session_url(&self, path: &str) -> BrowserResult<String> {
        let id = self
            .session
            .as_deref()
            .ok_or_else(|| BrowserError("the browser has quit".into()))?;
        Ok(self.driver_url(&format!("/session/{id}{path}")))
    }

    /// Sends one WebDriver command; returns its `value`, or the driver's error in words.
    async fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<Value>,
        what: &str,
    ) -> BrowserResult<Value> {
        let mut rb = self.http.request(method.clone(), url);
        if method == Method::POST {
            rb = rb.json(&body.unwrap_or_else(|| json!({})));
        }
        let resp = rb
            .send()
            .await
            .map_err(|e| BrowserError(format!("{what}: {e}")))?;
        let status = resp.status();
        let body: Value = resp.json().await.map_err(|e| {
            BrowserError(format!(
                "{what}: HTTP {status} with a body that is not JSON: {e}"
            ))
        })?;
        let value = body.get("value").cloned().unwrap_or(Value::Null);
        if !status.is_success() || value.get("error").is_some_and(|e| e.is_string()) {
            return Err(BrowserError(format!(
                "{what}: {} ({})",
                value["error"].as_str().unwrap_or("error"),
                value["message"]
                    .as_str()
                    .unwrap_or("no message")
                    .lines()
                    .next()
                    .unwrap_or("")
            )));
        }
        Ok(value)
    }

    async fn command(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        what: &str,
    ) -> BrowserResult<Value> {
        let url = self.session_url(path)?;
        self.send(method, &url, body, what).await
    }

    /// Logs in through the login page and waits to land on `next`.
    pub async fn log_in(
        &self,
        base: &str,
        handle: &str,
        password: &str,
        next: &str,
    ) -> BrowserResult<()> {
        self.goto(&format!("{base}/login?next={next}")).await?;
        self.fill("#handle", handle).await?;
        self.fill("#password", password).await?;
        self.click_on("main button[type=submit]").await?;
        // The login page's own address (`/login?next=/`) also ends with `next`: only
        // an address off the login page is the page after it. Going on before the
        // login's answer arrives would let its language cookie land after the next
        // page's switch (`/lang/…`) and undo it.
        let (login, next) = (format!("{base}/login"), next.to_string());
        self.wait_for_url(
            "the page after logging in",
            move |u| !u.starts_with(&login) && u.ends_with(&next),
            std::time::Duration::from_secs(10),
        )
        .await?;
        Ok(())
    }

    pub async fn goto(&self, url: &str) -> BrowserResult<()> {
        self.command(
            Method::POST,
            "/url",
            Some(json!({ "url": url })),
            &format!("goto {url}"),
        )
        .await
        .map(drop)
    }

    pub async fn current_url(&self) -> BrowserResult<String> {
        let v = self
            .command(Method::GET, "/url", None, "current url")
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Waits until the address bar satisfies `done` (after a form post and redirect).
    pub async fn wait_for_url(
        &self,
        what: &str,
        done: impl Fn(&str) -> bool,
        timeout: Duration,
    ) -> BrowserResult<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let url = self.current_url().await?;
            if done(&url) {
                return Ok(url);
            }
            if Instant::now() > deadline {
                return Err(BrowserError(format!(
                    "waited {timeout:?} for {what}; still at {url}"
                )));
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The first element matching the CSS selector, waiting up to `FIND_WAIT` for it.
    pub async fn find(&self, css: &str) -> BrowserResult<Element<'_>> {
        let body = json!({"using": "css selector", "value": css});
        let v = self
            .command(Method::POST, "/element", Some(body), &format!("find {css}"))
            .await?;
        let id = v[ELEMENT_KEY]
            .as_str()
            .ok_or_else(|| BrowserError(format!("find {css}: no element reference in {v}")))?;
        Ok(Element {
            browser: self,
            id: id.to_string(),
            css: css.to_string(),
        })
    }

    /// Every element matching the CSS selector (none is not an error).
    pub async fn find_all(&self, css: &str) -> BrowserResult<Vec<Element<'_>>> {
        let body = json!({"using": "css selector", "value": css});
        let v = self
            .command(
                Method::POST,
                "/elements",
                Some(body),
                &format!("find all {css}"),
            )
            .await?;
        Ok(v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e[ELEMENT_KEY].as_str())
            .map(|id| Element {
                browser: self,
                id: id.to_string(),
                css: css.to_string(),
            })
            .collect())
    }

    /// Types `text` into the field matching `css`.
    pub async fn fill(&self, css: &str, text: &str) -> BrowserResult<()> {
        self.find(css).await?.send_keys(text).await
    }

    pub async fn click_on(&self, css: &str) -> BrowserResult<()> {
        // As a thumb would: bring it to the middle of the screen first, clear of any
        // bar that sticks to the bottom.
        let css_json = serde_json::to_string(css).unwrap_or_default();
        self.script(&format!(
            "const e = document.querySelector({css_json}); if (e) e.scrollIntoView({{block: 'center'}}); return true;"
        ))
        .await?;
        self.find(css).await?.click().await
    }

    /// Logs out as a thumb would: on a phone the button sits under the bar's "More".
    pub async fn log_out(&self) -> BrowserResult<()> {
        self.click_on("header details.more summary").await?;
        self.click_on("header details.more form.inline button")
            .await
    }

    /// `log_out`, then waits for the logged-out login page, so the next step never
    /// overtakes the logout (with nothing left unsent, the offline script does not ask).
    pub async fn log_out_to_login(&self) -> BrowserResult<()> {
        self.log_out().await?;
        self.wait_for_url(
            "the login page after logging out",
            |u| u.contains("/login?out=1"),
            Duration::from_secs(10),
        )
        .await
        .map(drop)
    }

    /// Picks the option with `value` in the `<select>` matching `select_css`.
    pub async fn choose(&self, select_css: &str, value: &str) -> BrowserResult<()> {
        self.click_on(&format!("{select_css} option[value=\"{value}\"]"))
            .await
    }

    /// The text of the first element matching `css`. A page's script may redraw the
    /// element between the find and the read (the offline queue's lists do): such a
    /// stale element is found again, three times at most.
    pub async fn text_of(&self, css: &str) -> BrowserResult<String> {
        let mut tries = 0;
        loop {
            match self.find(css).await?.text().await {
                Err(BrowserError(e)) if e.contains("stale element") && tries < 2 => tries += 1,
                other => return other,
            }
        }
    }

    /// Runs a JavaScript function body in the page (WebDriver's own channel, not the
    /// page's scripts) and returns its result.
    pub async fn script(&self, body: &str) -> BrowserResult<Value> {
        self.command(
            Method::POST,
            "/execute/sync",
            Some(json!({"script": body, "args": []})),
            "script",
        )
        .await
    }

    /// Sets the outer window size; in headless mode that is the viewport.
    pub async fn set_window_size(&self, width: u32, height: u32) -> BrowserResult<()> {
        let body = json!({"width": width, "height": height});
        self.command(
            Method::POST,
            "/window/rect",
            Some(body),
            &format!("window size {width}×{height}"),
        )
        .await
        .map(drop)
    }

    /// Saves what the viewport shows as a PNG, creating the folder.
    pub async fn screenshot(&self, path: &Path) -> BrowserResult<()> {
        let v = self
            .command(Method::GET, "/screenshot", None, "screenshot")
            .await?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| BrowserError(format!("screenshot: not base64: {e}")))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| BrowserError(format!("cannot create {}: {e}", dir.display())))?;
        }
        std::fs::write(path, png)
            .map_err(|e| BrowserError(format!("cannot write {}: {e}", path.display())))
    }

    /// The outer window size, (width, height).
    pub async fn window_size(&self) -> BrowserResult<(u32, u32)> {
        let v = self
            .command(Method::GET, "/window/rect", None, "window size")
            .await?;
        let dim = |k: &str| v[k].as_u64().unwrap_or(0) as u32;
        Ok((dim("width"), dim("height")))
    }

    /// Like `screenshot`, but of the whole page at the current width: the window is
    /// made as tall as the page for the picture, then put back.
    pub async fn screenshot_full_page(&self, path: &Path) -> BrowserResult<()> {
        let (width, height) = self.window_size().await?;
        let inner = self.script("return window.innerHeight").await?;
        let page = self
            .script("window.scrollTo(0, 0); return document.documentElement.scrollHeight")
            .await?;
        let page = page.as_u64().unwrap_or(u64::from(height)) as u32;
        // The window's height includes a little frame around the page.
        self.set_window_size(width, page.clamp(200, 8000) + 150)
            .await?;
        let shot = self.screenshot(path).await;
        self.set_window_size(width, height).await?;
        // Headless Chromium resizes after answering: a tap made before the page has its
        // old height again lands where the button was in the tall page, on nothing.
        for _ in 0..50 {
            let now = self
                .script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(window.innerHeight))))")
                .await?;
            if now == inner {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(40)).await;
        }
        shot
    }

    /// Prints the page to a PDF as Chromium would on paper (WebDriver "print", A4, no
    /// margins, backgrounds on), creating the folder (issue 16's label sheets).
    pub async fn print_pdf(&self, path: &Path) -> BrowserResult<()> {
        let body = json!({
            "background": true,
            "page": {"width": 21.0, "height": 29.7},
            "margin": {"top": 0, "bottom": 0, "left": 0, "right": 0},
            "shrinkToFit": false
        });
        let v = self
            .command(Method::POST, "/print", Some(body), "print")
            .await?;
        let pdf = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| BrowserError(format!("print: not base64: {e}")))?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| BrowserError(format!("cannot create {}: {e}", dir.display())))?;
        }
        std::fs::write(path, pdf)
            .map_err(|e| BrowserError(format!("cannot write {}: {e}", path.display())))
    }

    /// Ends the session and stops chromedriver (with its Chromium).
    pub async fn quit(mut self) -> BrowserResult<()> {
        let result = match self.session_url("") {
            Ok(url) => self
                .send(Method::DELETE, &url, None, "quit")
                .await
                .map(drop),
            Err(_) => Ok(()),
        };
        self.session = None;
        self.stop_driver();
        result
    }

    fn stop_driver(&mut self) {
        if let Some(id) = self.session.take() {
            raw_request(
                self.port,
                "DELETE",
                &format!("/session/{id}"),
                Duration::from_secs(10),
            );
        }
        let Some(mut child) = self.driver.take() else {
            return;
        };
        // chromedriver's own shutdown also quits any Chromium it still runs.
        raw_request(self.port, "GET", "/shutdown", Duration::from_secs(5));
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.stop_driver();
    }
}

/// One element of the current page, found by `css`.
pub struct Element<'b> {
    browser: &'b Browser,
    id: String,
    css: String,
}

impl Element<'_> {
    pub async fn send_keys(&self, text: &str) -> BrowserResult<()> {
        let path = format!("/element/{}/value", self.id);
        self.browser
            .command(
                Method::POST,
                &path,
                Some(json!({ "text": text })),
                &format!("type into {}", self.css),
            )
            .await
            .map(drop)
    }

    pub async fn clear(&self) -> BrowserResult<()> {
        let path = format!("/element/{}/clear", self.id);
        self.browser
            .command(Method::POST, &path, None, &format!("clear {}", self.css))
            .await
            .map(drop)
    }

    pub async fn click(&self) -> BrowserResult<()> {
        let path = format!("/element/{}/click", self.id);
        self.browser
            .command(Method::POST, &path, None, &format!("click {}", self.css))
            .await
            .map(drop)
    }

    /// The rendered text, as a user sees it.
    pub async fn text(&self) -> BrowserResult<String> {
        let path = format!("/element/{}/text", self.id);
        let v = self
            .browser
            .command(Method::GET, &path, None, &format!("text of {}", self.css))
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    pub async fn attribute(&self, name: &str) -> BrowserResult<Option<String>> {
        let path = format!("/element/{}/attribute/{name}", self.id);
        let v = self
            .browser
            .command(
                Method::GET,
                &path,
                None,
                &format!("attribute {name} of {}", self.css),
            )
            .await?;
        Ok(v.as_str().map(str::to_string))
    }
}

// Page polish (issue 9): dark mode for screenshots.
impl Browser {
    /// Makes pages see `prefers-color-scheme: dark` (or light), through chromedriver's
    /// DevTools bridge.
    pub async fn prefer_dark(&self, dark: bool) -> BrowserResult<()> {
        let scheme = if dark { "dark" } else { "light" };
        let body = json!({
            "cmd": "Emulation.setEmulatedMedia",
            "params": {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
        });
        self.command(Method::POST, "/goog/cdp/execute", Some(body), "prefer dark")
            .await
            .map(drop)
    }
}

// Keyboard-only use (issue 13): keys pressed on whatever has the focus, as by a person
// with no pointer.
impl Browser {
    /// Presses each character of `keys` in turn on the focused element: WebDriver's
    /// `\u{E004}` is Tab, `\u{E007}` Enter, `\u{E003}` Backspace, `" "` Space; other
    /// characters are typed.
    pub async fn press(&self, keys: &str) -> BrowserResult<()> {
        let mut actions = Vec::new();
        for c in keys.chars() {
            actions.push(json!({"type": "keyDown", "value": c.to_string()}));
            actions.push(json!({"type": "keyUp", "value": c.to_string()}));
        }
        let body = json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]});
        self.command(Method::POST, "/actions", Some(body), "press keys")
            .await
            .map(drop)
    }
}
