//! What the phone-size browser tests of the pages share: the screen size, where
//! screenshots go, the check that nothing is wider than the screen, and a session that
//! starts logged in at 360 × 740 and always quits its browser.

use std::path::PathBuf;

use serde_json::Value;

use super::browser::{Browser, BrowserResult};
use super::{TestApp, TEST_PASSWORD};

pub const WIDTH: u32 = 360;
pub const HEIGHT: u32 = 740;

/// Where a screenshot named `name` is kept (under `target/screenshots/`).
pub fn screenshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(name)
}

/// What does not fit a phone: the page wider than the screen, an element past its edge.
pub const WIDER: &str = r#"
const vw = document.documentElement.clientWidth;
const out = [];
if (document.documentElement.scrollWidth > vw) out.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
for (const e of document.querySelectorAll('main *')) {
  const b = e.getBoundingClientRect();
  if (b.width > 0 && (b.right > vw + 1 || b.left < -1)) { out.push((e.tagName + '.' + e.className + ' ' + e.textContent.trim()).slice(0, 60) + ' reaches ' + Math.round(b.left) + '..' + Math.round(b.right)); break; }
}
return out;
"#;

/// The strings of a script's answer that is a list of problems.
pub fn problems_of(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect()
}

/// A browser at phone size, logged in as `handle` and on `next`; `None` when there is
/// no Chromium (the launch says so, and fails under HAUL_REQUIRE_BROWSER=1).
pub async fn phone_as(app: &TestApp, handle: &str, next: &str) -> Option<Browser> {
    let browser = Browser::launch().await?;
    let ready = async {
        browser.set_window_size(WIDTH, HEIGHT).await?;
        browser
            .log_in(&app.address, handle, TEST_PASSWORD, next)
            .await
    }
    .await;
    if let Err(e) = ready {
        let _ = browser.quit().await;
        panic!("a phone logged in as {handle}: {e:?}");
    }
    Some(browser)
}

/// Ends a session: quits the browser whatever happened, then answers what the session
/// found, or fails with its error.
pub async fn finish<T>(browser: Browser, session: BrowserResult<T>) -> T {
    let quit = browser.quit().await;
    let found = session.expect("browser session");
    quit.expect("quit the browser");
    found
}
