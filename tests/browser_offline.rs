//! Offline intake and hand-outs (issue 14) in a real browser at 360 × 740: pages kept by
//! the service worker open without a network, saves wait on the phone (IndexedDB) and
//! are sent once, in order, when the network returns; an entry the server refused is
//! changed in its own form and sent again; logout asks about what is unsent; "clear
//! this phone" leaves nothing. After every flow the real `haul check` binary finds
//! the stock and the ledger agreeing. Skips loudly without Chromium.

mod common;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::browser::{Browser, BrowserError, BrowserResult};
use common::{spawn_app, Backend, TestApp};
use haul::auth::Role;

fn screenshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/screenshots")
        .join(name)
}

const HANDLE: &str = "coord-ana";

/// A door between the browser and the server that the test can shut: shut, every
/// connection (also one kept alive) is cut, as when the mobile network is gone or the
/// server is stopped. Chromium's own network conditions do not reach a service
/// worker's fetches, so the test needs both.
struct Gate {
    address: String,
    open: tokio::sync::watch::Sender<bool>,
    /// How many answers to a POST still to lose: the server has done the work, then
    /// "stops" before the phone hears back.
    lose: Arc<AtomicUsize>,
    /// While set, a save (a POST to /intake or /handouts) is cut before it reaches the
    /// server, and everything else goes through: a network too weak for a save, and a
    /// phone that still thinks it is online.
    refuse_saves: Arc<AtomicBool>,
}

impl Gate {
    async fn to(server: &str) -> Gate {
        let target = server.trim_start_matches("http://").to_string();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the gate");
        let address = format!("http://{}", listener.local_addr().expect("addr"));
        let (open, watch) = tokio::sync::watch::channel(true);
        let lose = Arc::new(AtomicUsize::new(0));
        let refuse_saves = Arc::new(AtomicBool::new(false));
        let (losing, refusing) = (lose.clone(), refuse_saves.clone());
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let mut shut = watch.clone();
                if !*shut.borrow() {
                    continue;
                }
                let target = target.clone();
                let (lose, refuse) = (losing.clone(), refusing.clone());
                tokio::spawn(async move {
                    let Ok(outbound) = tokio::net::TcpStream::connect(&target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = pipe(inbound, outbound, lose, refuse) => {}
                        _ = shut.wait_for(|open| !open) => {}
                    }
                });
            }
        });
        Gate {
            address,
            open,
            lose,
            refuse_saves,
        }
    }

    fn set(&self, open: bool) {
        let _ = self.open.send(open);
    }
}

/// Bytes both ways; the answer to a POST is dropped (and the connection cut) while
/// the gate has answers to lose; a save is cut on its way while saves are refused.
async fn pipe(
    inbound: tokio::net::TcpStream,
    outbound: tokio::net::TcpStream,
    lose: Arc<AtomicUsize>,
    refuse: Arc<AtomicBool>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (mut from_phone, mut to_phone) = inbound.into_split();
    let (mut from_server, mut to_server) = outbound.into_split();
    let posted = Arc::new(AtomicBool::new(false));
    let saw_post = posted.clone();
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n) = from_phone.read(&mut buf).await {
            let chunk = &buf[..n];
            let save = chunk.starts_with(b"POST /intake") || chunk.starts_with(b"POST /handouts");
            if n == 0 || (save && refuse.load(Ordering::SeqCst)) {
                break;
            }
            if to_server.write_all(chunk).await.is_err() {
                break;
            }
            if chunk.starts_with(b"POST ") {
                saw_post.store(true, Ordering::SeqCst);
            }
        }
    };
    let down = async move {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n) = from_server.read(&mut buf).await {
            if n == 0 {
                break;
            }
            if posted.swap(false, Ordering::SeqCst)
                && lose
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok()
            {
                return;
            }
            if to_phone.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
    };
    tokio::select! {
        _ = up => {}
        _ = down => {}
    }
}

/// Offline as the phone sees it: the browser's network off and the server out of reach.
async fn go_offline(browser: &Browser, gate: &Gate, offline: bool) -> BrowserResult<()> {
    gate.set(!offline);
    browser.set_offline(offline).await
}

/// Waits until `js` (a function body returning a value) returns something truthy.
async fn wait_until(browser: &Browser, what: &str, js: &str, secs: u64) -> BrowserResult<()> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let v = browser.script(js).await?;
        if v.as_bool() == Some(true) || v.as_str().is_some_and(|s| !s.is_empty()) {
            return Ok(());
        }
        if Instant::now() > deadline {
            let body = browser
                .script("return document.body ? document.body.innerText : ''")
                .await?;
            return Err(BrowserError(format!(
                "waited {secs}s for {what}; the page says: {body}"
            )));
        }
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until the line with id `id` (`offline-status`, `offline-edit`, …) says `text`.
async fn line_says(browser: &Browser, id: &str, text: &str) -> BrowserResult<()> {
    let text_json = serde_json::to_string(text).unwrap_or_default();
    wait_until(
        browser,
        &format!("#{id} to say {text}"),
        &format!(
            "const p = document.getElementById('{id}'); return !!p && p.textContent.includes({text_json});"
        ),
        15,
    )
    .await
}

/// What the phone's queue holds, by state. On a loaded machine (CI: 2 cores, a
/// Chromium per test) one IndexedDB read can stall for seconds: a read that has not
/// answered in 8 s is asked again, three times at most, before the test fails.
async fn queue_states(browser: &Browser) -> BrowserResult<Vec<String>> {
    for _ in 0..3 {
        let v = browser
            .script_async(
                "const t = setTimeout(() => done(null), 8000);
                 haulQueue.all().then(l => { clearTimeout(t); done(l.map(e => e.state)); })",
            )
            .await?;
        if let Some(states) = v.as_array() {
            return Ok(states
                .iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect());
        }
    }
    Err(BrowserError(
        "the phone's queue did not answer in 3 tries of 8 s".into(),
    ))
}

async fn wait_for_empty_queue(browser: &Browser, secs: u64) -> BrowserResult<()> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let states = queue_states(browser).await?;
        if states.is_empty() {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(BrowserError(format!("queue still holds {states:?}")));
        }
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    }
}

async fn intakes(app: &TestApp) -> usize {
    let (_, body) = app.get("/api/v1/intakes?limit=100").await;
    body["intakes"]
        .as_array()
        .or_else(|| body.as_array())
        .map_or(0, |a| a.len())
}

/// The address of the app's database, as `haul` takes it in `DATABASE_URL`.
fn database_url(app: &TestApp) -> String {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let name = app
        .db
        .read_blocking(|c| {
            Ok(match c {
                haul::db::DbConn::Sqlite(c) => diesel::sql_query(
                    "SELECT file AS name FROM pragma_database_list WHERE name = 'main'",
                )
                .get_result::<Name>(c)?,
                haul::db::DbConn::Pg(c) => {
                    diesel::sql_query("SELECT current_database() AS name").get_result::<Name>(c)?
                }
            })
        })
        .expect("the database's name")
        .name;
    match app.backend {
        Backend::Sqlite => format!("sqlite://{name}"),
        Backend::Postgres => {
            let admin = std::env::var("HAUL_TEST_PG_URL")
                .unwrap_or_else(|_| common::PG_ADMIN_URL_DEFAULT.to_string());
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            format!("{base}/{name}")
        }
    }
}

/// The real `haul check` on the app's database, as an operator would run it: the
/// stock agrees with the ledger, and the boxes with both.
fn assert_haul_check_clean(app: &TestApp) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_haul"))
        .arg("check")
        .env("DATABASE_URL", database_url(app))
        .env("RUST_LOG", "warn")
        .env_remove("HAUL_DB_KEY")
        .env_remove("HAUL_DB_KEY_FILE")
        .output()
        .expect("run haul check");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && said.contains("Stock matches the ledger."),
        "haul check ({:?}): {said}",
        app.backend
    );
}

/// A fresh app with the volunteer `HANDLE`, a phone (Chromium) and a gate between
/// them; `None` when a skip was reported.
async fn phone(backend: Backend) -> Option<(TestApp, Browser, Gate)> {
    let app = spawn_app(backend).await?;
    let (browser, gate) = phone_for(&app).await?;
    Some((app, browser, gate))
}

/// The same phone and gate for an app already running.
async fn phone_for(app: &TestApp) -> Option<(Browser, Gate)> {
    let browser = Browser::launch().await?;
    app.add_user_and_login(HANDLE, Role::Coordinator).await;
    Some((browser, Gate::to(&app.address).await))
}

/// Closes the phone, then fails on what went wrong in the session, if anything.
async fn put_down<T>(browser: Browser, session: BrowserResult<T>) -> T {
    let quit = browser.quit().await;
    let value = session.expect("browser session");
    quit.expect("quit the browser");
    value
}

async fn wait_for_login_page(browser: &Browser) -> BrowserResult<()> {
    browser
        .wait_for_url(
            "the login page",
            |u| u.contains("/login"),
            Duration::from_secs(20),
        )
        .await
        .map(drop)
}

/// Logs in, opens `pages` (the first is where the volunteer works) so the worker keeps
/// each, then cuts the network and opens the first page again, from the phone.
async fn keep_pages_then_go_offline(
    browser: &Browser,
    gate: &Gate,
    handle: &str,
    pages: &[&str],
) -> BrowserResult<()> {
    let base = gate.address.clone();
    browser.set_window_size(360, 740).await?;
    browser
        .log_in(&base, handle, common::TEST_PASSWORD, pages[0])
        .await?;
    // The worker takes over on the first page; the pages opened after it are kept.
    wait_until(
        browser,
        "the worker to take the page",
        "return !!navigator.serviceWorker.controller",
        30,
    )
    .await?;
    for page in pages.iter().rev() {
        browser.goto(&format!("{base}{page}")).await?;
    }
    for page in pages {
        wait_kept(browser, page, "").await?;
    }
    go_offline(browser, gate, true).await?;
    browser.goto(&format!("{base}{}", pages[0])).await?;
    browser.find("#offline-banner").await?;
    Ok(())
}

/// Waits until the worker holds a copy of `page` whose HTML contains `text`.
async fn wait_kept(browser: &Browser, page: &str, text: &str) -> BrowserResult<()> {
    let js = format!(
        "const t = setTimeout(() => done(false), 8000);
         caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match({page})))))
           .then(l => l.find(Boolean)).then(r => r ? r.text() : '')
           .then(b => {{ clearTimeout(t); done(!!b && b.includes({text})); }})",
        page = serde_json::to_string(page).unwrap_or_default(),
        text = serde_json::to_string(text).unwrap_or_default(),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while !browser.script_async(&js).await?.as_bool().unwrap_or(false) {
        if Instant::now() > deadline {
            return Err(BrowserError(format!("{page} was not kept ({text})")));
        }
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    }
    Ok(())
}

/// Saves one intake of `n` usable blankets at unit-east, on a page that has the script.
async fn save_intake(browser: &Browser, source: &str, n: i64, waiting: usize) -> BrowserResult<()> {
    browser
        .script(&format!(
            "document.querySelector('#source').value = '{source}';
             document.querySelector('#warehouse').value = 'unit-east';
             document.querySelector('#q-blanket-usable').value = '{n}'; return true;"
        ))
        .await?;
    browser.click_on("#save-intake").await?;
    line_says(
        browser,
        "offline-status",
        &format!("{waiting} waiting to send"),
    )
    .await
}

/// The day in a field, on each backend: log in online, go offline, save 3
/// intakes and 3 hand-outs on the phone, close and reopen the browser (the queue
/// survives), go online: each entry is sent once; the hand-out whose stock was moved
/// away meanwhile needs attention with the server's message, is changed in the hand-out
/// form and sent again under its own key. `haul check` agrees.
async fn an_offline_day(app: TestApp) {
    let Some((mut browser, gate)) = phone_for(&app).await else {
        return;
    };
    app.receive("unit-south", "blanket", "good", 40).await;
    app.receive("unit-south", "tent-2p", "good", 5).await;
    app.stock_site(
        "unit-south",
        "oak",
        &[("blanket", "good", 20), ("tent-2p", "good", 5)],
    )
    .await;
    let ledger_before = app.ledger_len().await;
    let intakes_before = intakes(&app).await;
    let result = async {
        offline_day(&app, &gate, &mut browser, intakes_before).await?;
        change_and_send_again(&gate, &browser).await
    }
    .await;
    let key = put_down(browser, result).await;

    // Exactly what was saved on the phone, each once.
    assert_eq!(
        intakes(&app).await,
        intakes_before + 3,
        "three intakes on the server"
    );
    assert_eq!(
        app.stock_of("unit-east", "blanket", "usable").await,
        3 + 4 + 5
    );
    assert_eq!(app.handouts_len().await, 3, "three hand-outs on the server");
    // 2 and 3 blankets, then the changed hand-out's 1 blanket instead of a tent.
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 20 - 2 - 3 - 1);
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 0);
    // Three intakes of one line, three hand-outs of one line, one transfer of one line.
    assert_eq!(app.ledger_len().await, ledger_before + 3 + 3 + 2);
    // The changed entry was written under the key made when it was first saved.
    let scoped = format!("{HANDLE}\u{1f}form-{key}");
    let kept = app
        .db
        .read_blocking(move |c| {
            use diesel::prelude::*;
            use haul::db::schema::idempotency_keys as ik;
            Ok(ik::table
                .filter(ik::key.eq(&scoped))
                .count()
                .get_result::<i64>(c)?)
        })
        .expect("the keys");
    assert_eq!(kept, 1, "the changed hand-out kept its key");
    app.assert_ledger_consistent();
    assert_haul_check_clean(&app);
}

on_both_backends!(
    an_offline_day,
    an_answer_lost_on_the_way_back_does_not_save_twice
);

async fn offline_day(
    app: &TestApp,
    gate: &Gate,
    browser: &mut Browser,
    intakes_before: usize,
) -> BrowserResult<()> {
    let base = gate.address.clone();
    // No network: the intake page still opens, from the phone, and says so.
    keep_pages_then_go_offline(browser, gate, HANDLE, &["/intake", "/handouts?site=oak"]).await?;
    let banner = browser.text_of("#offline-banner").await?;
    assert!(
        banner.starts_with("offline — figures as of "),
        "banner: {banner}"
    );
    browser
        .screenshot(&screenshot_path("offline-banner.png"))
        .await?;
    for (i, n) in [3, 4, 5].iter().enumerate() {
        save_intake(browser, &format!("field-{i}"), *n, i + 1).await?;
    }
    let said = browser.text_of("#offline-status").await?;
    assert!(
        said.starts_with("Saved on this phone — 3 waiting to send"),
        "{said}"
    );

    // Two hand-outs at the site, counted with the steppers on the phone.
    browser.goto(&format!("{base}/handouts?site=oak")).await?;
    browser.find("#offline-banner").await?;
    for (n, want) in [(2, 4), (3, 5)] {
        for _ in 0..n {
            browser.click_on("#give-blanket-plus").await?;
        }
        let counted = browser
            .script("return document.querySelector('#give-blanket').value")
            .await?;
        assert_eq!(counted, n.to_string(), "the stepper counts on the phone");
        let total = browser.text_of("#total").await?;
        assert!(total.starts_with(&format!("{n} items")), "{total}");
        browser.click_on("#save").await?;
        line_says(
            browser,
            "offline-status",
            &format!("{want} waiting to send"),
        )
        .await?;
    }
    // A third hand-out, of tents that will have left the site before it is sent.
    browser.click_on("#give-tent-2p-plus").await?;
    browser.click_on("#save").await?;
    line_says(browser, "offline-status", "6 waiting to send").await?;
    let (s, body) = app
        .post(
            "/api/v1/transfers",
            &serde_json::json!({"from": "oak", "to": "unit-south",
                "lines": [{"category": "tent-2p", "condition": "good", "quantity": 5}]}),
        )
        .await;
    assert_eq!(s, reqwest::StatusCode::CREATED, "{body}");

    // The phone is closed and opened again: the queue is still there.
    browser.reopen().await?;
    browser.set_window_size(360, 740).await?;
    go_offline(browser, gate, true).await?;
    browser.goto(&format!("{base}/queue")).await?;
    browser.find("#queue-waiting").await?;
    assert_eq!(queue_states(browser).await?.len(), 6);
    assert_eq!(browser.find_all("#queue-waiting li").await?.len(), 6);
    let waiting = browser.text_of("#queue-waiting").await?;
    assert!(
        waiting.contains("Intake at unit-east from field-0")
            && waiting.contains("Blanket Usable: 3"),
        "each entry says what it holds: {waiting}"
    );
    browser
        .screenshot(&screenshot_path("offline-queue.png"))
        .await?;
    assert_eq!(
        intakes(app).await,
        intakes_before,
        "nothing reached the server yet"
    );

    // The network returns: everything goes, once; the tents need attention.
    go_offline(browser, gate, false).await?;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let states = queue_states(browser).await?;
        if !states.iter().any(|s| s != "attention") {
            assert_eq!(states, ["attention"]);
            break;
        }
        if Instant::now() > deadline {
            return Err(BrowserError(format!("queue still holds {states:?}")));
        }
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    }
    browser.goto(&format!("{base}/queue")).await?;
    wait_until(
        browser,
        "the attention list",
        "return !!document.querySelector('#queue-attention li')",
        10,
    )
    .await?;
    let attention = browser.text_of("#queue-attention").await?;
    assert!(
        attention.contains("Hand-out at oak") && attention.contains("Tent (2 person): 1"),
        "the entry says what it holds: {attention}"
    );
    assert!(
        attention.contains("Not enough at the site for this hand-out"),
        "the server's message is shown: {attention}"
    );
    browser
        .screenshot_full_page(&screenshot_path("offline-attention.png"))
        .await?;
    Ok(())
}

/// The hand-out that needs attention is changed in the hand-out form, filled from the
/// entry (a blanket instead of the tent that left), and sent again under its own key.
/// Answers that key.
async fn change_and_send_again(gate: &Gate, browser: &Browser) -> BrowserResult<String> {
    let entry = browser
        .script_async(
            "haulQueue.all().then(l => done([l[0].key, new Map(l[0].fields).get('handed_out_on'), new Map(l[0].fields).has('csrf')]))",
        )
        .await?;
    let key = entry[0].as_str().unwrap_or_default().to_string();
    assert_eq!(key.len(), 32, "a key of 32 hex digits: {key}");
    // The form's token is sent, never kept on the phone.
    assert_eq!(
        entry[2],
        serde_json::json!(false),
        "the token stored: {entry:?}"
    );
    browser
        .click_on("#queue-attention button[data-do=edit]")
        .await?;
    let url = browser
        .wait_for_url(
            "the hand-out form",
            |u| u.contains("/handouts?site=oak#edit="),
            Duration::from_secs(10),
        )
        .await?;
    assert!(url.starts_with(&gate.address), "{url}");
    line_says(
        browser,
        "offline-edit",
        "You are changing an entry that needs attention",
    )
    .await?;
    let said = browser.text_of("#offline-edit").await?;
    assert!(
        said.contains("Tent (2 person): 1") && said.contains("Not enough at the site"),
        "the entry and the server's message: {said}"
    );
    // The form holds the entry: its day, and no blanket yet (the tent row is gone with
    // the tents).
    let day = browser
        .script("return document.querySelector('#handed_out_on').value")
        .await?;
    assert_eq!(day, entry[1], "the entry's day");
    assert!(day.as_str().is_some_and(|d| d.len() == 10), "{day}");
    browser.click_on("#give-blanket-plus").await?;
    let counted = browser
        .script(
            "return [document.querySelector('#give-blanket').value, location.hash,
               document.querySelector('#give-blanket-minus').disabled]",
        )
        .await?;
    assert_eq!(
        counted,
        serde_json::json!(["1", format!("#edit={key}"), false]),
        "counted on the page (− can take it back), the entry still open"
    );
    browser
        .screenshot_full_page(&screenshot_path("offline-edit.png"))
        .await?;
    browser.click_on("#save").await?;
    browser
        .wait_for_url(
            "the queue",
            |u| u.ends_with("/queue"),
            Duration::from_secs(10),
        )
        .await?;
    wait_for_empty_queue(browser, 30).await?;
    browser.find("#queue-empty").await?;

    // Were the entry changed again once the server had written it, its key would be
    // refused as a key reuse: back to "needs attention", never written twice.
    let day = serde_json::to_string(&entry[1]).unwrap_or_default();
    let states = browser
        .script_async(&format!(
            "const r = indexedDB.open('haul', 1);
             r.onsuccess = () => {{
               const t = r.result.transaction('queue', 'readwrite');
               t.objectStore('queue').put({{key: '{key}', at: Date.now(), kind: 'handout', handle: '{HANDLE}',
                 path: '/handouts', page: '/handouts?site=oak', summary: 'again', state: 'waiting',
                 fields: [['form_key', '{key}'], ['site', 'oak'], ['handed_out_on', {day}],
                          ['give.blanket', '2'], ['note', ''], ['action', 'save']]}});
               t.oncomplete = () => {{ r.result.close();
                 haulQueue.flush().then(haulQueue.all).then(l => done(l.map(e => e.state + ': ' + e.message))); }};
             }};"
        ))
        .await?;
    let states: Vec<&str> = states
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(
        states.len() == 1
            && states[0].starts_with("attention: ")
            && states[0].contains("already used"),
        "{states:?}"
    );
    Ok(key)
}

/// The queue's state machine, run in the browser as the page runs it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_state_machine() {
    let Some((app, browser, _gate)) = phone(Backend::Sqlite).await else {
        return;
    };
    let result = async {
        browser
            .log_in(&app.address, HANDLE, common::TEST_PASSWORD, "/intake")
            .await?;
        browser
            .script(
                "const s = haulQueue.step, e = {key: 'k', state: 'sending'};
                 const t = (r) => { const n = s(e, r); return n === null ? 'gone' : n.state; };
                 const got = [t({status: 201}), t({status: 200, replayed: true}), t({error: true}),
                   t({status: 503}), t({status: 401, login: true}), t({status: 409, message: 'moved'}),
                   t({status: 422}), t({status: 200, saved: false}), s(e, {status: 409, message: 'moved'}).message,
                   s({key: 'k', tries: 2}, {error: true}).tries,
                   haulQueue.personal('call 07700 900123'), haulQueue.personal('a@b.org'),
                   haulQueue.personal('8 tents, wet')];
                 return JSON.stringify(got);",
            )
            .await
    }
    .await;
    let got = put_down(browser, result).await;
    let got: Vec<serde_json::Value> =
        serde_json::from_str(got.as_str().expect("a string")).expect("json");
    assert_eq!(
        got[..8],
        [
            "gone",
            "gone",
            "waiting",
            "waiting",
            "login",
            "attention",
            "attention",
            "attention"
        ]
    );
    assert_eq!(got[8], "moved");
    assert_eq!(got[9], 3);
    assert!(got[10]
        .as_str()
        .is_some_and(|m| m.contains("phone numbers")));
    assert!(got[11].as_str().is_some_and(|m| m.contains("e-mail")));
    assert_eq!(got[12], "");
}

/// The server writes each entry, then "stops" before the phone hears back, twice: the
/// phone sends again with the same key, and each intake is still written once.
async fn an_answer_lost_on_the_way_back_does_not_save_twice(app: TestApp) {
    let Some((browser, gate)) = phone_for(&app).await else {
        return;
    };
    let before = intakes(&app).await;
    let result = async {
        keep_pages_then_go_offline(&browser, &gate, HANDLE, &["/intake"]).await?;
        save_intake(&browser, "field-a", 2, 1).await?;
        save_intake(&browser, "field-b", 3, 2).await?;
        gate.lose.store(2, Ordering::SeqCst);
        go_offline(&browser, &gate, false).await?;
        wait_for_empty_queue(&browser, 60).await
    }
    .await;
    put_down(browser, result).await;
    assert_eq!(gate.lose.load(Ordering::SeqCst), 0, "two answers were lost");
    assert_eq!(intakes(&app).await, before + 2, "each intake once");
    assert_eq!(app.stock_of("unit-east", "blanket", "usable").await, 5);
    app.assert_ledger_consistent();
    assert_haul_check_clean(&app);
}

/// The session ends while an entry waits on the phone: it is kept, the volunteer is
/// asked to log in, and it is sent after they do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_queued_when_the_session_ended_is_sent_after_login() {
    let Some((app, browser, gate)) = phone(Backend::Sqlite).await else {
        return;
    };
    let before = intakes(&app).await;
    let base = gate.address.clone();
    let result = async {
        keep_pages_then_go_offline(&browser, &gate, HANDLE, &["/intake"]).await?;
        save_intake(&browser, "field-a", 7, 1).await?;
        // Every session ends (expired, or logged out elsewhere).
        app.db
            .write_blocking(|c| {
                use diesel::RunQueryDsl;
                diesel::delete(haul::db::schema::sessions::table).execute(c)?;
                Ok(())
            })
            .expect("end the sessions");
        go_offline(&browser, &gate, false).await?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while queue_states(&browser).await? != ["login"] {
            if Instant::now() > deadline {
                return Err(BrowserError("the entry never asked for a login".into()));
            }
            actix_web::rt::time::sleep(Duration::from_millis(300)).await;
        }
        line_says(&browser, "offline-status", "log in to send").await?;
        browser
            .log_in(&base, HANDLE, common::TEST_PASSWORD, "/queue")
            .await?;
        wait_for_empty_queue(&browser, 30).await
    }
    .await;
    put_down(browser, result).await;
    assert_eq!(intakes(&app).await, before + 1);
    assert_eq!(app.stock_of("unit-east", "blanket", "usable").await, 7);
    assert_haul_check_clean(&app);
}

/// With JavaScript off the intake form posts as it always has.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_the_forms_submit_normally() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch_without_javascript().await else {
        return;
    };
    app.add_user_and_login(HANDLE, Role::Coordinator).await;
    let before = intakes(&app).await;
    app.receive("unit-south", "blanket", "good", 10).await;
    app.stock_site("unit-south", "oak", &[("blanket", "good", 10)])
        .await;
    let result = async {
        browser.set_window_size(360, 740).await?;
        browser
            .log_in(&app.address, HANDLE, common::TEST_PASSWORD, "/intake")
            .await?;
        browser.fill("#source", "no-script-fest").await?;
        browser.choose("#warehouse", "unit-east").await?;
        browser.fill("#q-airbed-good", "4").await?;
        browser.click_on("#save-intake").await?;
        browser
            .wait_for_url(
                "the stock page",
                |u| u.contains("/stock?"),
                Duration::from_secs(10),
            )
            .await?;
        // The hand-out steppers are a server round trip each.
        browser
            .goto(&format!("{}/handouts?site=oak", app.address))
            .await?;
        browser.click_on("#give-blanket-plus").await?;
        browser
            .wait_for_url(
                "the stepped page",
                |u| u.contains("give.blanket=1"),
                Duration::from_secs(10),
            )
            .await?;
        browser.click_on("#save").await?;
        browser
            .wait_for_url(
                "the saved hand-out",
                |u| u.contains("saved="),
                Duration::from_secs(10),
            )
            .await?;
        let js = browser.script("return typeof haulQueue").await?;
        Ok::<_, BrowserError>(js)
    }
    .await;
    let js = put_down(browser, result).await;
    assert_eq!(js, "undefined", "the page's script did not run");
    assert_eq!(intakes(&app).await, before + 2);
    assert_eq!(app.stock_of("unit-east", "airbed", "good").await, 4);
    assert_eq!(app.handouts_len().await, 1);
    assert_haul_check_clean(&app);
}

/// Logs in at the intake page and saves one intake while the network lets everything
/// through but a save: it waits on the phone, which thinks it is online.
async fn one_unsent_intake(browser: &Browser, gate: &Gate, handle: &str) -> BrowserResult<()> {
    browser.set_window_size(360, 740).await?;
    browser
        .log_in(&gate.address, handle, common::TEST_PASSWORD, "/intake")
        .await?;
    gate.refuse_saves.store(true, Ordering::SeqCst);
    save_intake(browser, "field-a", 6, 1).await?;
    assert_eq!(queue_states(browser).await?, ["waiting"]);
    Ok(())
}

/// Logout with an entry not sent asks first; "Send them first" sends it, then logs out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logging_out_with_unsent_entries_asks_and_can_send_them_first() {
    let Some((app, browser, gate)) = phone(Backend::Sqlite).await else {
        return;
    };
    let before = intakes(&app).await;
    let result = async {
        one_unsent_intake(&browser, &gate, HANDLE).await?;
        browser.log_out().await?;
        line_says(&browser, "offline-leave", "Not sent yet: 1.").await?;
        let said = browser.text_of("#offline-leave").await?;
        assert!(said.contains(&format!("kept for {HANDLE}")), "{said}");
        // Still logged in: the question, not the login page.
        assert!(browser.current_url().await?.ends_with("/intake"));
        browser.find("form[action^='/logout']").await?;
        browser
            .screenshot(&screenshot_path("offline-logout.png"))
            .await?;
        gate.refuse_saves.store(false, Ordering::SeqCst);
        browser
            .click_on("#offline-leave button[data-do=first]")
            .await?;
        wait_for_login_page(&browser).await?;
        let left = queue_states(&browser).await?;
        let logged_in = browser
            .script("return !!document.querySelector('form[action^=\"/logout\"]')")
            .await?;
        Ok::<_, BrowserError>((left, logged_in))
    }
    .await;
    let (left, logged_in) = put_down(browser, result).await;
    assert!(left.is_empty(), "nothing left on the phone: {left:?}");
    assert_eq!(
        logged_in,
        serde_json::Value::Bool(false),
        "logged out after sending"
    );
    assert_eq!(intakes(&app).await, before + 1, "sent once");
    assert_haul_check_clean(&app);
}

/// "Log out anyway" keeps the entry on the phone for the volunteer who saved it: another
/// volunteer logged in on the same phone neither sends it nor is asked about it; it is
/// sent when its volunteer logs in again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logging_out_anyway_keeps_the_entries_for_that_volunteer() {
    let Some((app, browser, gate)) = phone(Backend::Sqlite).await else {
        return;
    };
    let other = "coord-bo";
    app.add_user_and_login(other, Role::Coordinator).await;
    let before = intakes(&app).await;
    let base = gate.address.clone();
    let result = async {
        one_unsent_intake(&browser, &gate, HANDLE).await?;
        browser.log_out().await?;
        line_says(&browser, "offline-leave", "Not sent yet: 1.").await?;
        browser
            .click_on("#offline-leave button[data-do=anyway]")
            .await?;
        wait_for_login_page(&browser).await?;
        assert_eq!(queue_states(&browser).await?, ["waiting"], "kept");
        gate.refuse_saves.store(false, Ordering::SeqCst);

        // Another volunteer on the same phone: the entry is not theirs to send.
        browser
            .log_in(&base, other, common::TEST_PASSWORD, "/intake")
            .await?;
        let held = browser
            .script_async(
                "haulQueue.flush().then(haulQueue.all).then(l => done(l.map(e => e.state + ' ' + e.handle)))",
            )
            .await?;
        assert_eq!(held, serde_json::json!([format!("waiting {HANDLE}")]));
        assert_eq!(intakes(&app).await, before, "not sent by another volunteer");
        browser.log_out().await?;
        wait_for_login_page(&browser).await?;

        // Its volunteer again: sent.
        browser
            .log_in(&base, HANDLE, common::TEST_PASSWORD, "/queue")
            .await?;
        wait_for_empty_queue(&browser, 30).await
    }
    .await;
    put_down(browser, result).await;
    assert_eq!(
        intakes(&app).await,
        before + 1,
        "sent once, by its volunteer"
    );
    assert_haul_check_clean(&app);
}

/// In French, from the page's own words: the banner, the saved line and the queue; then
/// "clear this phone" removes the queue, every kept page and the worker, as checked
/// from the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clearing_the_phone_leaves_nothing_of_haul_and_it_speaks_french() {
    let Some((app, browser, gate)) = phone(Backend::Sqlite).await else {
        return;
    };
    let before = intakes(&app).await;
    let base = gate.address.clone();
    let result = async {
        browser.set_window_size(360, 740).await?;
        browser
            .log_in(&base, HANDLE, common::TEST_PASSWORD, "/intake")
            .await?;
        wait_until(
            &browser,
            "the worker",
            "return !!navigator.serviceWorker.controller",
            30,
        )
        .await?;
        browser.goto(&format!("{base}/lang/fr?next=/intake")).await?;
        // The pages kept after the switch are the French ones.
        wait_kept(&browser, "/intake", "lang=\"fr\"").await?;
        wait_kept(&browser, "/queue", "lang=\"fr\"").await?;
        go_offline(&browser, &gate, true).await?;
        browser.goto(&format!("{base}/intake")).await?;
        let banner = browser.text_of("#offline-banner").await?;
        assert!(banner.starts_with("hors ligne — chiffres de "), "{banner}");
        browser
            .script(
                "document.querySelector('#source').value = 'champ-a';
                 document.querySelector('#warehouse').value = 'unit-east';
                 document.querySelector('#q-blanket-usable').value = '2'; return true;",
            )
            .await?;
        browser.click_on("#save-intake").await?;
        line_says(
            &browser,
            "offline-status",
            "Enregistré sur ce téléphone — 1 en attente d’envoi.",
        )
        .await?;
        browser.goto(&format!("{base}/queue")).await?;
        browser.find("#queue-waiting li").await?;
        let queue = browser.text_of("#queue").await?;
        assert!(
            queue.contains("1 en attente d’envoi") && queue.contains("Vider ce téléphone"),
            "{queue}"
        );
        browser
            .screenshot(&screenshot_path("offline-queue-fr.png"))
            .await?;
        // A second tap confirms.
        browser.click_on("#queue button[data-do=clear]").await?;
        let armed = browser.text_of("#queue button[data-do=clear]").await?;
        // WebDriver reads a no-break space as a plain one; either is fine here.
        assert!(armed.replace('\u{a0}', " ").starts_with("Vraiment ?"), "{armed}");
        assert_eq!(queue_states(&browser).await?.len(), 1, "nothing cleared yet");
        browser.click_on("#queue button[data-do=clear]").await?;
        line_says(
            &browser,
            "offline-status",
            "Ce téléphone ne garde plus rien de Haul",
        )
        .await?;
        browser
            .screenshot(&screenshot_path("offline-cleared-fr.png"))
            .await?;
        let left = browser
            .script_async(
                "Promise.all([caches.keys(), indexedDB.databases(), navigator.serviceWorker.getRegistrations()])
                   .then(([c, d, r]) => done([c.filter(k => k.startsWith('haul-')), d.map(x => x.name), r.length]))",
            )
            .await?;
        go_offline(&browser, &gate, false).await?;
        Ok::<_, BrowserError>(left)
    }
    .await;
    let left = put_down(browser, result).await;
    assert_eq!(
        left,
        serde_json::json!([[], [], 0]),
        "no cache, no database, no worker left"
    );
    assert_eq!(
        intakes(&app).await,
        before,
        "the cleared entry was never sent"
    );
}
