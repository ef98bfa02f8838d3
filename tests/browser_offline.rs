//! Offline intake and hand-outs (issue 14) in a real browser at 360 × 740: pages kept by
//! the service worker open without a network, saves wait on the phone (IndexedDB) and
//! are sent once, in order, when the network returns. Skips loudly without Chromium.

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
        let losing = lose.clone();
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let mut shut = watch.clone();
                if !*shut.borrow() {
                    continue;
                }
                let target = target.clone();
                let lose = losing.clone();
                tokio::spawn(async move {
                    let Ok(outbound) = tokio::net::TcpStream::connect(&target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = pipe(inbound, outbound, lose) => {}
                        _ = shut.wait_for(|open| !open) => {}
                    }
                });
            }
        });
        Gate {
            address,
            open,
            lose,
        }
    }

    fn set(&self, open: bool) {
        let _ = self.open.send(open);
    }
}

/// Bytes both ways; the answer to a POST is dropped (and the connection cut) while
/// the gate has answers to lose.
async fn pipe(
    inbound: tokio::net::TcpStream,
    outbound: tokio::net::TcpStream,
    lose: Arc<AtomicUsize>,
) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (mut from_phone, mut to_phone) = inbound.into_split();
    let (mut from_server, mut to_server) = outbound.into_split();
    let posted = Arc::new(AtomicBool::new(false));
    let saw_post = posted.clone();
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n) = from_phone.read(&mut buf).await {
            if n == 0 || to_server.write_all(&buf[..n]).await.is_err() {
                break;
            }
            if buf[..n].starts_with(b"POST ") {
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

/// What the phone's queue holds, by state.
async fn queue_states(browser: &Browser) -> BrowserResult<Vec<String>> {
    let v = browser
        .script_async("haulQueue.all().then(l => done(l.map(e => e.state)))")
        .await?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect())
}

async fn intakes(app: &TestApp) -> usize {
    let (_, body) = app.get("/api/v1/intakes?limit=100").await;
    body["intakes"]
        .as_array()
        .or_else(|| body.as_array())
        .map_or(0, |a| a.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saves_made_offline_are_sent_once_when_the_network_returns() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(mut browser) = Browser::launch().await else {
        return;
    };
    app.add_user_and_login(HANDLE, Role::Coordinator).await;
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
    let gate = Gate::to(&app.address).await;
    let result = offline_day(&app, &gate, &mut browser, intakes_before).await;
    let quit = browser.quit().await;
    result.expect("browser session");
    quit.expect("quit the browser");

    // Exactly what was saved on the phone, each once.
    assert_eq!(
        intakes(&app).await,
        intakes_before + 3,
        "three intakes on the server"
    );
    assert_eq!(app.stock_of("unit-south", "sleeping-bag", "good").await, 0);
    assert_eq!(
        app.stock_of("unit-east", "blanket", "usable").await,
        3 + 4 + 5
    );
    assert_eq!(app.handouts_len().await, 2, "two hand-outs on the server");
    assert_eq!(app.stock_of("oak", "blanket", "good").await, 20 - 2 - 3);
    // The tents left the site before the queued hand-out reached it: nothing written.
    assert_eq!(app.stock_of("oak", "tent-2p", "good").await, 0);
    // Three intakes of one line, two hand-outs of one line, one transfer of one line.
    assert_eq!(app.ledger_len().await, ledger_before + 3 + 2 + 2);
    app.assert_ledger_consistent();
}

async fn offline_day(
    app: &TestApp,
    gate: &Gate,
    browser: &mut Browser,
    intakes_before: usize,
) -> BrowserResult<()> {
    let base = gate.address.clone();
    browser.set_window_size(360, 740).await?;
    browser
        .log_in(&base, HANDLE, common::TEST_PASSWORD, "/intake")
        .await?;
    // The worker takes the page over and keeps the intake and hand-out pages.
    browser.goto(&format!("{base}/handouts?site=oak")).await?;
    wait_until(
        browser,
        "the worker to keep the pages",
        "return !!navigator.serviceWorker.controller",
        20,
    )
    .await?;
    let kept = "const d = arguments[0]; caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys())))).then(l => done(l.flat().map(r => new URL(r.url).pathname + new URL(r.url).search)))";
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = browser.script_async(kept).await?;
        let s = v.to_string();
        if s.contains("\"/intake\"") && s.contains("/handouts?site=oak") {
            break;
        }
        if Instant::now() > deadline {
            return Err(BrowserError(format!("pages not kept: {s}")));
        }
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    }

    // No network: the intake page still opens, from the phone, and says so.
    go_offline(browser, gate, true).await?;
    browser.goto(&format!("{base}/intake")).await?;
    let banner = browser.text_of("#offline-banner").await?;
    assert!(
        banner.starts_with("offline — figures as of "),
        "banner: {banner}"
    );
    browser
        .screenshot(&screenshot_path("offline-banner.png"))
        .await?;
    for (i, n) in [3, 4, 5].iter().enumerate() {
        browser
            .script(&format!(
                "document.querySelector('#source').value = 'field-{i}';
                 document.querySelector('#warehouse').value = 'unit-east';
                 document.querySelector('#q-blanket-usable').value = '{n}'; return true;"
            ))
            .await?;
        browser.click_on("#save-intake").await?;
        let want = format!("{} waiting to send", i + 1);
        wait_until(
            browser,
            &want,
            &format!(
                "const p = document.querySelector('#offline-status'); return !!p && p.textContent.includes('{want}');"
            ),
            10,
        )
        .await?;
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
        browser.click_on("#save").await?;
        let want = format!("{want} waiting to send");
        wait_until(
            browser,
            &want,
            &format!("const p = document.querySelector('#offline-status'); return !!p && p.textContent.includes('{want}');"),
            10,
        )
        .await?;
    }
    // A third hand-out, of tents that will have left the site before it is sent.
    browser.click_on("#give-tent-2p-plus").await?;
    browser.click_on("#save").await?;
    wait_until(
        browser,
        "6 waiting",
        "const p = document.querySelector('#offline-status'); return !!p && p.textContent.includes('6 waiting to send');",
        10,
    )
    .await?;
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
            eprintln!("queue after sending: {states:?}");
            break;
        }
        if Instant::now() > deadline {
            return Err(BrowserError(format!("queue still holds {states:?}")));
        }
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    }
    eprintln!(
        "intakes {} handouts {} oak tents {}",
        intakes(app).await,
        app.handouts_len().await,
        app.stock_of("oak", "tent-2p", "good").await
    );
    browser.goto(&format!("{base}/queue")).await?;
    wait_until(
        browser,
        "the attention list",
        "return !!document.querySelector('#queue-attention li')",
        10,
    )
    .await?;
    let attention = browser
        .script("return document.querySelector('#queue-attention').innerText")
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        attention.contains("Hand-out: 1 items at oak"),
        "{attention}"
    );
    assert!(
        attention.to_lowercase().contains("tent") || attention.contains("stock"),
        "the server's message is shown: {attention}"
    );
    browser
        .screenshot(&screenshot_path("offline-attention.png"))
        .await?;
    Ok(())
}

/// The queue's state machine, run in the browser as the page runs it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_state_machine() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch().await else {
        return;
    };
    app.add_user_and_login(HANDLE, Role::Coordinator).await;
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
    let quit = browser.quit().await;
    let got = result.expect("script");
    quit.expect("quit");
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

/// Logs in, lets the worker keep the pages, and goes offline on the intake page.
async fn offline_on_the_intake_page(
    browser: &Browser,
    gate: &Gate,
    handle: &str,
) -> BrowserResult<()> {
    let base = gate.address.clone();
    browser.set_window_size(360, 740).await?;
    browser
        .log_in(&base, handle, common::TEST_PASSWORD, "/intake")
        .await?;
    browser.goto(&format!("{base}/intake")).await?;
    wait_until(
        browser,
        "the worker to keep the intake page",
        "return !!navigator.serviceWorker.controller",
        20,
    )
    .await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while !browser
        .script_async("caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match('/intake'))))).then(l => done(l.some(Boolean)))")
        .await?
        .as_bool()
        .unwrap_or(false)
    {
        if Instant::now() > deadline {
            return Err(BrowserError("the intake page was not kept".into()));
        }
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    }
    go_offline(browser, gate, true).await?;
    browser.goto(&format!("{base}/intake")).await?;
    browser.find("#offline-banner").await?;
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
    let want = format!("{waiting} waiting to send");
    wait_until(
        browser,
        &want,
        &format!("const p = document.querySelector('#offline-status'); return !!p && p.textContent.includes('{want}');"),
        10,
    )
    .await
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

/// The server writes each entry, then "stops" before the phone hears back, twice: the
/// phone sends again with the same key, and each intake is still written once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_lost_on_the_way_back_does_not_save_twice() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch().await else {
        return;
    };
    app.add_user_and_login(HANDLE, Role::Coordinator).await;
    let before = intakes(&app).await;
    let gate = Gate::to(&app.address).await;
    let result = async {
        offline_on_the_intake_page(&browser, &gate, HANDLE).await?;
        save_intake(&browser, "field-a", 2, 1).await?;
        save_intake(&browser, "field-b", 3, 2).await?;
        gate.lose.store(2, Ordering::SeqCst);
        go_offline(&browser, &gate, false).await?;
        wait_for_empty_queue(&browser, 60).await
    }
    .await;
    let quit = browser.quit().await;
    result.expect("browser session");
    quit.expect("quit");
    assert_eq!(gate.lose.load(Ordering::SeqCst), 0, "two answers were lost");
    assert_eq!(intakes(&app).await, before + 2, "each intake once");
    assert_eq!(app.stock_of("unit-east", "blanket", "usable").await, 5);
    app.assert_ledger_consistent();
}

/// The session ends while an entry waits on the phone: it is kept, the volunteer is
/// asked to log in, and it is sent after they do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_queued_when_the_session_ended_is_sent_after_login() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let Some(browser) = Browser::launch().await else {
        return;
    };
    app.add_user_and_login(HANDLE, Role::Coordinator).await;
    let before = intakes(&app).await;
    let gate = Gate::to(&app.address).await;
    let base = gate.address.clone();
    let result = async {
        offline_on_the_intake_page(&browser, &gate, HANDLE).await?;
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
        wait_until(
            &browser,
            "the ask to log in",
            "const p = document.querySelector('#offline-status'); return !!p && p.textContent.includes('log in to send');",
            10,
        )
        .await?;
        browser
            .log_in(&base, HANDLE, common::TEST_PASSWORD, "/queue")
            .await?;
        wait_for_empty_queue(&browser, 30).await
    }
    .await;
    let quit = browser.quit().await;
    result.expect("browser session");
    quit.expect("quit");
    assert_eq!(intakes(&app).await, before + 1);
    assert_eq!(app.stock_of("unit-east", "blanket", "usable").await, 7);
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
    let quit = browser.quit().await;
    let js = result.expect("browser session");
    quit.expect("quit");
    assert_eq!(js, "undefined", "the page's script did not run");
    assert_eq!(intakes(&app).await, before + 2);
    assert_eq!(app.stock_of("unit-east", "airbed", "good").await, 4);
    assert_eq!(app.handouts_len().await, 1);
}
