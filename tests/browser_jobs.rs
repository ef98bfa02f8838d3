//! Every volunteer's whole job through the pages (issue 9), one test per role, on a
//! 360 × 740 phone in headless Chromium, each from an empty database: the first
//! coordinator comes in through the one-time setup link and adds the warehouses, sites,
//! van and volunteers through the admin pages (`common::jobs`); then the role does its
//! job with taps and typing only. Each test ends by checking stock and ledger over the
//! API against exactly what it did, and by running `haul check` on its database.
//! Screenshots in target/screenshots/jobs/. Each skips loudly without Chromium and
//! chromedriver (fails instead under HAUL_REQUIRE_BROWSER=1).

mod common;

use common::browser::BrowserResult;
use common::jobs::{Job, COORDINATOR, SOURCE};

const TENT: &str = "tent-2p";
const BAG: &str = "sleeping-bag";

/// The crew logs what a festival left: tents, some wet; sleeping bags, some muddy;
/// bikes, some broken; all in one intake.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crew_logs_a_mixed_condition_intake() {
    let Some(job) = Job::start("crew").await else {
        return;
    };
    let session = crew(&job).await;
    let app = job.finish(session).await;
    app.assert_books(
        &[
            ("unit-south", TENT, "good", 8),
            ("unit-south", TENT, "needs-drying", 4),
            ("unit-south", BAG, "good", 20),
            ("unit-south", BAG, "needs-cleaning", 10),
            ("unit-south", "bike", "good", 3),
            ("unit-south", "bike", "needs-repair", 2),
        ],
        &[
            ("intake", "mo", "unit-south", TENT, "good", 8),
            ("intake", "mo", "unit-south", TENT, "needs-drying", 4),
            ("intake", "mo", "unit-south", BAG, "good", 20),
            ("intake", "mo", "unit-south", BAG, "needs-cleaning", 10),
            ("intake", "mo", "unit-south", "bike", "good", 3),
            ("intake", "mo", "unit-south", "bike", "needs-repair", 2),
        ],
    )
    .await;
}

async fn crew(job: &Job) -> BrowserResult<()> {
    job.set_up_season().await?;
    job.become_volunteer("mo").await?;
    job.log_intake(
        "unit-south",
        &[
            (TENT, "good", 8),
            (TENT, "needs-drying", 4),
            (BAG, "good", 20),
            (BAG, "needs-cleaning", 10),
            ("bike", "good", 3),
            ("bike", "needs-repair", 2),
        ],
    )
    .await?;
    job.expect_flash(&format!(
        "Logged 47 items from {SOURCE} at Unit South: Bicycle: 3 Good, 2 Needs repair; \
         Sleeping bag: 20 Good, 10 Needs cleaning; Tent (2 person): 8 Good, 4 Needs drying."
    ))
    .await?;
    // The stock page it lands on shows what came in, by condition.
    let qty = |cat: &str, cond: &str| {
        format!("tr[data-category=\"{cat}\"][data-condition=\"{cond}\"] td.num")
    };
    for (cat, cond, n) in [
        (TENT, "needs-drying", "4"),
        (BAG, "needs-cleaning", "10"),
        ("bike", "needs-repair", "2"),
    ] {
        assert_eq!(
            job.browser.text_of(&qty(cat, cond)).await?,
            n,
            "{cat} {cond}"
        );
    }
    job.fits("the stock page").await?;
    // Every place's name fits the Location select (with room for its arrow).
    let room = job
        .browser
        .script(
            "const s = document.querySelector('#location'); const t = document.createElement('span'); \
             t.style.font = getComputedStyle(s).font; t.style.whiteSpace = 'pre'; document.body.appendChild(t); \
             let w = 0; for (const o of s.options) { t.textContent = o.text; w = Math.max(w, t.getBoundingClientRect().width); } \
             t.remove(); return [w, s.clientWidth];",
        )
        .await?;
    let (text, select) = (
        room[0].as_f64().unwrap_or(f64::NAN),
        room[1].as_f64().unwrap_or(f64::NAN),
    );
    assert!(
        text + 24.0 <= select,
        "a place's name is cut off in the Location select: {room}"
    );
    job.shot("stock-after-intake").await?;

    // The next intake starts from the same festival and warehouse, today, and what this
    // warehouse collects comes first.
    job.goto("/intake").await?;
    assert_eq!(job.value_of("#source").await?, SOURCE);
    assert_eq!(job.value_of("#warehouse").await?, "unit-south");
    let first = job
        .browser
        .text_of("#intake-form fieldset.intake-line legend")
        .await?;
    assert!(
        ["Sleeping bag", "Tent (2 person)", "Bicycle"].contains(&first.as_str()),
        "the form starts with {first}"
    );
    job.fits("the intake form").await?;
    job.shot("intake-form-again").await
}

/// The warehouse dries the wet tents, moves some to the other warehouse, counts a
/// sleeping bag short at the stocktake and plans a van to the site that needs them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn warehouse_triages_transfers_stocktakes_and_plans() {
    let Some(job) = Job::start("warehouse").await else {
        return;
    };
    let session = warehouse(&job).await;
    let app = job.finish(session).await;
    app.assert_books(
        &[
            ("unit-south", TENT, "good", 10),
            ("unit-east", TENT, "good", 2),
            ("unit-south", BAG, "good", 19),
        ],
        &[
            ("intake", COORDINATOR, "unit-south", TENT, "good", 8),
            ("intake", COORDINATOR, "unit-south", TENT, "needs-drying", 4),
            ("intake", COORDINATOR, "unit-south", BAG, "good", 20),
            ("regrade", "wren", "unit-south", TENT, "needs-drying", -4),
            ("regrade", "wren", "unit-south", TENT, "good", 4),
            ("transfer", "wren", "unit-south", TENT, "good", -2),
            ("transfer", "wren", "unit-east", TENT, "good", 2),
            ("stocktake", "wren", "unit-south", BAG, "good", -1),
        ],
    )
    .await;
}

async fn warehouse(job: &Job) -> BrowserResult<()> {
    job.set_up_season().await?;
    // What came in, and what Oak Camp said it needs.
    job.log_intake(
        "unit-south",
        &[
            (TENT, "good", 8),
            (TENT, "needs-drying", 4),
            (BAG, "good", 20),
        ],
    )
    .await?;
    job.state_need("oak-camp", TENT, 6, "Oak Camp assembly")
        .await?;
    job.state_need("oak-camp", BAG, 10, "Oak Camp assembly")
        .await?;
    job.become_volunteer("wren").await?;

    // Triage: the four wet tents are dry.
    job.goto("/triage").await?;
    job.browser
        .click_on("main a[href=\"/triage?location=unit-south\"]")
        .await?;
    job.expect_h1("Triage at Unit South").await?;
    let row = job.browser.text_of("#t-tent-2p-needs-drying").await?;
    assert!(row.contains("4 waiting"), "{row}");
    job.fits("the triage page").await?;
    job.shot("triage").await?;
    job.browser
        .click_on("#t-tent-2p-needs-drying button[value=good]")
        .await?;
    job.expect_flash("Dried 4 Tent (2 person): Needs drying → Good at Unit South.")
        .await?;
    assert!(job
        .browser
        .find_all("#t-tent-2p-needs-drying")
        .await?
        .is_empty());

    // Two tents to the other warehouse.
    job.transfer("unit-south", "unit-east", &[(TENT, "good", 2)])
        .await?;
    job.expect_flash("Moved 2 items from Unit South to Unit East: 2 Tent (2 person) (Good).")
        .await?;
    job.fits("the transfer page").await?;

    // The stocktake: one sleeping bag fewer than the books say; the differences are
    // shown before anything is written.
    job.goto("/stocktake?location=unit-south").await?;
    assert_eq!(job.value_of("input[name=\"n.tent-2p.good\"]").await?, "10");
    job.retype("input[name=\"n.sleeping-bag.good\"]", "19")
        .await?;
    job.browser.fill("#reason", "monthly count").await?;
    job.fits("the stocktake sheet").await?;
    job.browser
        .click_on("main form[method=post] button[type=submit]")
        .await?;
    job.expect_h1("Save the stocktake at Unit South?").await?;
    let table = job.browser.text_of(".restated table").await?;
    assert!(
        table.contains("Sleeping bag") && table.contains("-1"),
        "{table}"
    );
    assert!(!table.contains("Tent"), "only the difference: {table}");
    job.fits("the stocktake confirmation").await?;
    job.shot("stocktake-confirm").await?;
    job.browser
        .click_on("form.confirm button[type=submit]")
        .await?;
    job.expect_flash("Stocktake at Unit South saved: Sleeping bag Good -1.")
        .await?;

    // A van to Oak Camp with what it needs.
    let run = job.start_and_plan_run("unit-south", &["oak-camp"]).await?;
    job.expect_flash(
        "Planned 16 items for Transit: 10 Sleeping bag, 6 Tent (2 person). \
         The load below is the best for the van.",
    )
    .await?;
    job.fits("the planned run").await?;
    job.shot("run-planned").await?;
    job.goto(&format!("/runs/{run}/sheet")).await?;
    let sheet = job.browser.text_of("main").await?;
    assert!(
        sheet.contains("Tent (2 person)") && sheet.contains("Oak Camp"),
        "the load sheet names goods and places: {sheet}"
    );
    job.shot("load-sheet").await
}

/// The driver loads the planned van, delivers at Oak Camp (which takes one tent fewer)
/// and at Heron Field, and brings the tent left on the van back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn driver_loads_delivers_and_returns() {
    let Some(job) = Job::start("driver").await else {
        return;
    };
    let session = driver(&job).await;
    let app = job.finish(session).await;
    let van = "van-transit";
    app.assert_books(
        &[
            ("unit-south", TENT, "good", 1),
            ("unit-south", BAG, "good", 10),
            ("oak-camp", TENT, "good", 5),
            ("oak-camp", BAG, "good", 10),
            ("heron-field", TENT, "good", 4),
        ],
        &[
            ("intake", COORDINATOR, "unit-south", TENT, "good", 10),
            ("intake", COORDINATOR, "unit-south", BAG, "good", 20),
            // Loading moves what the run takes, per kind: the six tents for Oak Camp and
            // the four for Heron Field leave the warehouse together (the ledger entry has
            // no stop; the deliveries below tell where each went).
            ("load", "dan", "unit-south", TENT, "good", -10),
            ("load", "dan", van, TENT, "good", 10),
            ("load", "dan", "unit-south", BAG, "good", -10),
            ("load", "dan", van, BAG, "good", 10),
            ("delivery", "dan", van, TENT, "good", -5),
            ("delivery", "dan", "oak-camp", TENT, "good", 5),
            ("delivery", "dan", van, BAG, "good", -10),
            ("delivery", "dan", "oak-camp", BAG, "good", 10),
            ("delivery", "dan", van, TENT, "good", -4),
            ("delivery", "dan", "heron-field", TENT, "good", 4),
            ("return", "dan", van, TENT, "good", -1),
            ("return", "dan", "unit-south", TENT, "good", 1),
        ],
    )
    .await;
}

async fn driver(job: &Job) -> BrowserResult<()> {
    job.set_up_season().await?;
    job.log_intake("unit-south", &[(TENT, "good", 10), (BAG, "good", 20)])
        .await?;
    job.state_need("oak-camp", TENT, 6, "Oak Camp assembly")
        .await?;
    job.state_need("oak-camp", BAG, 10, "Oak Camp assembly")
        .await?;
    job.state_need("heron-field", TENT, 4, "Heron Field collective")
        .await?;
    let run = job
        .start_and_plan_run("unit-south", &["oak-camp", "heron-field"])
        .await?;
    job.expect_flash(
        "Planned 20 items for Transit: 10 Sleeping bag, 10 Tent (2 person). \
         The load below is the best for the van.",
    )
    .await?;
    job.become_volunteer("dan").await?;

    // The runs list, the run, one tap when the van is loaded.
    job.goto("/runs").await?;
    job.browser
        .click_on(&format!("main a[href=\"/runs/{run}\"]"))
        .await?;
    job.expect_h1(&format!("#{run}")).await?;
    job.shot("run-before-loading").await?;
    job.browser
        .click_on("form[action*=\"/load\"] button")
        .await?;
    job.expect_flash("Loaded 20 items on Transit: 10 Sleeping bag, 10 Tent (2 person).")
        .await?;
    job.fits("the loaded run").await?;
    job.shot("run-loaded").await?;

    // Oak Camp takes one tent fewer than planned.
    job.browser
        .click_on(&format!("a[href=\"/runs/{run}/stops/oak-camp\"]"))
        .await?;
    job.expect_h1("deliver at Oak Camp").await?;
    assert_eq!(job.value_of("#q-tent-2p-good").await?, "6");
    job.retype("#q-tent-2p-good", "5").await?;
    job.fits("the stop page").await?;
    job.shot("stop-oak").await?;
    job.browser
        .click_on("main form button[type=submit]")
        .await?;
    job.expect_flash(
        "Delivered 15 items at Oak Camp: 10 Sleeping bag, 5 Tent (2 person); \
         1 Tent (2 person) stay on the van, for a later stop or the return.",
    )
    .await?;

    // Heron Field takes all it was planned.
    job.browser
        .click_on(&format!("a[href=\"/runs/{run}/stops/heron-field\"]"))
        .await?;
    job.expect_h1("deliver at Heron Field").await?;
    job.browser
        .click_on("main form button[type=submit]")
        .await?;
    job.expect_flash("Delivered 4 items at Heron Field: 4 Tent (2 person).")
        .await?;

    // Back at the warehouse: a confirmation first (it cannot be undone in one tap).
    job.browser
        .click_on(&format!("a[href=\"/runs/{run}/return\"]"))
        .await?;
    job.wait_for_url("/return").await?;
    let text = job.browser.text_of("main").await?;
    assert!(text.contains("This cannot be undone"), "{text}");
    assert!(
        text.contains("Going back to Unit South:\n1 × Tent (2 person) (Good)"),
        "{text}"
    );
    assert!(
        !text.contains("Not delivered yet"),
        "every stop delivered: {text}"
    );
    job.fits("the return's confirmation").await?;
    job.shot("return-confirm").await?;
    job.browser
        .click_on("main form button[type=submit]")
        .await?;
    job.expect_flash(&format!(
        "Unloaded 1 item back at Unit South: 1 Tent (2 person). Run #{run} is done."
    ))
    .await?;
    job.shot("run-done").await
}

/// The distributor hands out at Oak Camp, counts what people asked for and did not
/// get, and turns that evidence into needs: added to the stated need for blankets
/// (whose original statement stays in the history), and a new need for bicycles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn distributor_hands_out_and_turns_evidence_into_needs() {
    let Some(job) = Job::start("distributor").await else {
        return;
    };
    let session = distributor(&job).await;
    let app = job.finish(session).await;
    app.assert_books(
        &[
            ("unit-south", TENT, "good", 4),
            ("oak-camp", TENT, "good", 4),
            ("oak-camp", BAG, "good", 7),
        ],
        &[
            ("intake", COORDINATOR, "unit-south", TENT, "good", 10),
            ("intake", COORDINATOR, "unit-south", BAG, "good", 10),
            ("transfer", COORDINATOR, "unit-south", TENT, "good", -6),
            ("transfer", COORDINATOR, "oak-camp", TENT, "good", 6),
            ("transfer", COORDINATOR, "unit-south", BAG, "good", -10),
            ("transfer", COORDINATOR, "oak-camp", BAG, "good", 10),
            ("hand-out", "dora", "oak-camp", TENT, "good", -2),
            ("hand-out", "dora", "oak-camp", BAG, "good", -3),
        ],
    )
    .await;
    // The needs over the API: the new statements are dora's, the original is kept.
    let token = app
        .login("dora", common::jobs::PASSWORD)
        .await
        .expect("dora's token");
    let (s, needs) = app
        .with_token(Some(token))
        .request(
            reqwest::Method::GET,
            "/api/v1/needs?site=oak-camp&history=true",
            None,
        )
        .await;
    assert_eq!(s, reqwest::StatusCode::OK, "{needs}");
    let text = needs.to_string();
    assert!(
        text.contains("Oak Camp assembly"),
        "the original kept: {needs}"
    );
    assert!(
        text.contains("dora, from hand-out evidence"),
        "the new one is dora's: {needs}"
    );
}

async fn distributor(job: &Job) -> BrowserResult<()> {
    job.set_up_season().await?;
    job.log_intake("unit-south", &[(TENT, "good", 10), (BAG, "good", 10)])
        .await?;
    job.transfer(
        "unit-south",
        "oak-camp",
        &[(TENT, "good", 6), (BAG, "good", 10)],
    )
    .await?;
    job.expect_flash(
        "Moved 16 items from Unit South to Oak Camp: 10 Sleeping bag (Good), 6 Tent (2 person) (Good).",
    )
    .await?;
    job.state_need("oak-camp", "blanket", 15, "Oak Camp assembly")
        .await?;
    let stated_on = job.app.state.clock.today().to_string();
    job.become_volunteer("dora").await?;

    // The hand-out: two tents, three sleeping bags; five blankets and two bicycles
    // were asked for and not there.
    job.goto("/handouts").await?;
    job.browser
        .click_on("#site-links a[href=\"/handouts?site=oak-camp\"]")
        .await?;
    job.wait_for_url("site=oak-camp").await?;
    job.retype("#give-tent-2p", "2").await?;
    job.retype("#give-sleeping-bag", "3").await?;
    job.browser
        .click_on("details#unmet-section summary")
        .await?;
    job.retype("#unmet-blanket", "5").await?;
    job.retype("#unmet-bike", "2").await?;
    job.fits("the hand-out form").await?;
    // Counts typed by hand show in the bar at once; the button states no count.
    let save = job.browser.text_of("#save").await?;
    assert_eq!(save, "Save hand-out", "no stale count on the button");
    let total = job.browser.text_of("#total").await?;
    assert!(
        total.starts_with("5 items") && total.contains("7 asked for"),
        "{total}"
    );
    job.shot("handout-form").await?;
    job.browser.click_on("#save").await?;
    job.expect_flash(
        "Handed out 5 items at Oak Camp: Sleeping bag: 3; Tent (2 person): 2. \
         Asked for but not there: Bicycle: 2; Blanket: 5.",
    )
    .await?;
    let summary = job.browser.text_of("#day-summary").await?;
    assert!(summary.contains("Tent (2 person)"), "{summary}");
    job.shot("handout-saved").await?;

    // The evidence into needs: blankets added to the need in force, never replacing it
    // silently; before → after and who stated it shown first.
    job.goto("/needs?site=oak-camp").await?;
    let offer = job
        .browser
        .text_of("#evidence-oak-camp li[data-category=\"blanket\"]")
        .await?;
    assert!(
        offer.contains(&format!("Stated now: 15 (Oak Camp assembly, {stated_on})")),
        "{offer}"
    );
    assert!(
        offer.contains("Add 5 Blanket to Oak Camp's need: 15 → 20"),
        "{offer}"
    );
    job.fits("the needs page with evidence").await?;
    job.shot("needs-evidence").await?;
    job.browser
        .click_on("#evidence-oak-camp li[data-category=\"blanket\"] button[value=add]")
        .await?;
    job.expect_flash(&format!(
        "Saved: Oak Camp needs 20 × Blanket (was 15, stated by Oak Camp assembly on {stated_on}: kept in the history)."
    ))
    .await?;
    let row = job
        .browser
        .text_of("#oak-camp tr[data-category=\"blanket\"]")
        .await?;
    assert!(
        row.contains("20") && row.contains(&format!("dora, from hand-out evidence, {stated_on}")),
        "{row}"
    );
    job.browser.click_on("#oak-camp details summary").await?;
    let earlier = job.browser.text_of("#oak-camp details").await?;
    assert!(
        earlier.contains(&format!("Blanket: 15 — Oak Camp assembly, {stated_on}")),
        "the original statement is kept: {earlier}"
    );
    job.shot("needs-blanket-added").await?;

    // Bicycles: no need stated yet, so the evidence states one.
    job.browser
        .click_on("#evidence-oak-camp li[data-category=\"bike\"] button[type=submit]")
        .await?;
    job.expect_flash("Saved: Oak Camp needs 2 × Bicycle.")
        .await?;
    // Nothing is offered twice.
    assert!(job
        .browser
        .find_all("#evidence-oak-camp li")
        .await?
        .is_empty());
    job.shot("needs-after").await
}

/// The coordinator puts right an intake the crew logged at the wrong warehouse, undoes
/// their own hand-out recorded by mistake in one tap, and reverses a hand-out the
/// distributor recorded twice; every change keeps the audit trail.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinator_corrects_an_intake_and_undoes_a_handout() {
    let Some(job) = Job::start("coordinator").await else {
        return;
    };
    let session = coordinator(&job).await;
    let app = job.finish(session).await;
    app.assert_books(
        &[
            ("unit-south", TENT, "good", 6),
            ("oak-camp", TENT, "good", 3),
        ],
        &[
            ("intake", "mo", "unit-east", TENT, "good", 12),
            ("correction", COORDINATOR, "unit-east", TENT, "good", -12),
            ("correction", COORDINATOR, "unit-south", TENT, "good", 12),
            ("transfer", COORDINATOR, "unit-south", TENT, "good", -6),
            ("transfer", COORDINATOR, "oak-camp", TENT, "good", 6),
            ("hand-out", COORDINATOR, "oak-camp", TENT, "good", -2),
            ("correction", COORDINATOR, "oak-camp", TENT, "good", 2),
            ("hand-out", "dora", "oak-camp", TENT, "good", -3),
            ("hand-out", "dora", "oak-camp", TENT, "good", -3),
            ("correction", COORDINATOR, "oak-camp", TENT, "good", 3),
        ],
    )
    .await;
}

async fn coordinator(job: &Job) -> BrowserResult<()> {
    job.set_up_season().await?;
    // Mo logs twelve tents at Unit East; they are at Unit South.
    job.become_volunteer("mo").await?;
    let intake = job.log_intake("unit-east", &[(TENT, "good", 12)]).await?;
    job.expect_flash(&format!(
        "Logged 12 items from {SOURCE} at Unit East: Tent (2 person): 12 Good."
    ))
    .await?;
    job.log_out().await?;
    job.log_in(COORDINATOR, "/history").await?;

    // The history lists the intake; its page corrects the warehouse.
    job.fits("the history list").await?;
    job.shot("history").await?;
    job.browser
        .click_on(&format!("a[href=\"/history/intake/{intake}\"]"))
        .await?;
    job.expect_h1(&format!("#{intake}")).await?;
    let entries = job.browser.text_of("#entries").await?;
    assert!(
        entries.contains("Unit East") && entries.contains("Tent (2 person)"),
        "{entries}"
    );
    job.browser.choose("#lines-location", "unit-south").await?;
    job.browser
        .fill("#lines-reason", "logged at the wrong warehouse")
        .await?;
    job.browser
        .click_on("#correct-lines button[type=submit]")
        .await?;
    job.wait_for_url("corrected=").await?;
    let flash = job.browser.text_of(".flash.ok").await?;
    assert!(
        flash.starts_with("Correction #")
            && flash.ends_with(&format!(
                "saved: Intake #{intake} now stands as shown under “As it stands now”. Undo"
            )),
        "{flash}"
    );
    // As it stands: the twelve tents at Unit South, none left at Unit East.
    let now = job.browser.text_of("#now").await?;
    assert!(
        now.contains("Unit South") && now.contains("+12") && !now.contains("Unit East"),
        "{now}"
    );
    let page = job.browser.text_of("main").await?;
    assert!(
        page.contains("Warehouse\nUnit South (recorded as Unit East)")
            && page.contains("corrected by #"),
        "{page}"
    );
    let corrections = job.browser.text_of("#corrections").await?;
    assert!(
        corrections.contains("logged at the wrong warehouse") && corrections.contains(COORDINATOR),
        "{corrections}"
    );
    job.fits("the corrected intake").await?;
    job.shot("intake-corrected").await?;

    // Six tents to Oak Camp; a hand-out of two recorded by mistake, undone in one tap.
    job.transfer("unit-south", "oak-camp", &[(TENT, "good", 6)])
        .await?;
    job.expect_flash("Moved 6 items from Unit South to Oak Camp: 6 Tent (2 person) (Good).")
        .await?;
    job.goto("/handouts?site=oak-camp").await?;
    job.retype("#give-tent-2p", "2").await?;
    job.browser.click_on("#save").await?;
    job.expect_flash("Handed out 2 items at Oak Camp: Tent (2 person): 2.")
        .await?;
    job.shot("handout-by-mistake").await?;
    job.browser.click_on(".flash.ok form.undo button").await?;
    job.wait_for_url("undone=").await?;
    let flash = job.browser.text_of(".flash.ok").await?;
    assert!(
        flash.starts_with("Undone: Hand-out at Oak Camp — Tent (2 person): 2 (correction #"),
        "{flash}"
    );
    let corrections = job.browser.text_of("#corrections").await?;
    assert!(corrections.contains("undone"), "{corrections}");
    let standing = job.browser.text_of("#standing").await?;
    assert!(standing.starts_with("undone by #"), "{standing}");
    job.fits("the undone hand-out").await?;
    job.shot("handout-undone").await?;

    // Dora records three tents handed out, twice; the coordinator reverses the second.
    job.become_volunteer("dora").await?;
    let mut saved = Vec::new();
    for time in 0..2 {
        job.goto("/handouts?site=oak-camp").await?;
        job.retype("#give-tent-2p", "3").await?;
        job.browser.click_on("#save").await?;
        if time == 1 {
            // The same counts a minute later: asked before it is saved again.
            job.expect_h1("Same as the hand-out saved at").await?;
            job.fits("the repeat warning").await?;
            job.shot("handout-repeat").await?;
            job.browser
                .click_on("form#confirm button[type=submit]")
                .await?;
        }
        job.expect_flash("Handed out 3 items at Oak Camp: Tent (2 person): 3.")
            .await?;
        let url = job.browser.current_url().await?;
        saved.push(
            url.split("saved=")
                .nth(1)
                .and_then(|s| s.split(['&', '#']).next())
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or_else(|| panic!("no hand-out id in {url}")),
        );
    }
    let twice = saved[1];
    job.log_out().await?;
    job.log_in(COORDINATOR, "/history").await?;
    job.browser.choose("#kind", "hand-outs").await?;
    job.browser
        .click_on("#history-filter button[type=submit]")
        .await?;
    job.wait_for_url("kind=hand-outs").await?;
    job.shot("history-handouts").await?;
    job.browser
        .click_on(&format!("a[href=\"/history/hand-out/{twice}\"]"))
        .await?;
    job.expect_h1(&format!("Hand-out #{twice}")).await?;
    job.browser
        .fill("#reverse-reason", "recorded twice")
        .await?;
    job.browser.click_on("#reverse button[type=submit]").await?;
    job.wait_for_url("corrected=").await?;
    let flash = job.browser.text_of(".flash.ok").await?;
    assert!(
        flash.ends_with(&format!(
            "saved: Hand-out #{twice} now stands as shown under “As it stands now”. Undo"
        )),
        "{flash}"
    );
    let page = job.browser.text_of("main").await?;
    assert!(
        page.contains("Recorded by\ndora")
            && page.contains("“recorded twice” by kim")
            && page.contains("taken it back entirely"),
        "{page}"
    );
    job.fits("the reversed hand-out").await?;
    job.shot("handout-reversed").await?;
    // The list marks it, so it never looks like one that still counts.
    job.goto("/history?kind=hand-outs").await?;
    let list = job.browser.text_of("ul#changes").await?;
    assert!(
        list.contains("Hand-out at Oak Camp, 3 items, by dora")
            && list.contains(&format!("#{twice} reversed by #")),
        "{list}"
    );
    assert!(list.contains("undone by #"), "{list}");
    Ok(())
}

/// The way into an empty database that the jobs above take, through the real binary:
/// `haul serve` on an empty database prints a one-time setup link, and that link's
/// page makes the first coordinator and logs them in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn haul_serve_on_an_empty_database_prints_the_setup_link() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().expect("temp dir");
    let mut serve = Command::new(env!("CARGO_BIN_EXE_haul"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("haul.db").display()),
        )
        .env("RUST_LOG", "warn")
        .env_remove("HAUL_DB_KEY")
        .env_remove("HAUL_DB_KEY_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run haul serve");
    let stdout = serve.stdout.take().expect("stdout");
    // Stopped however the test ends.
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _serve = Stop(serve);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if line.contains("/setup?token=") {
                let _ = tx.send(line.trim().to_string());
            }
        }
    });
    let link = rx.recv_timeout(std::time::Duration::from_secs(60));
    {
        let link = link.expect("haul serve prints a setup link for an empty database");
        let (_jar, client) = common::cookie_client();
        // The link leaves its address for a plain /setup, its token in a cookie.
        let r = client.get(&link).send().await.expect("GET setup link");
        assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/setup");
        let base = link.split("/setup").next().unwrap_or_default().to_string();
        let html = common::page_text(&client, &format!("{base}/setup")).await;
        assert!(html.contains("Set up Haul"), "{html}");
        let resp = client
            .post(format!("{base}{}", common::form_action(&html, 1)))
            .form(&common::with_csrf(
                &html,
                &[
                    ("handle", COORDINATOR),
                    ("password", common::jobs::PASSWORD),
                ],
            ))
            .send()
            .await
            .expect("POST setup");
        assert_eq!(resp.status(), reqwest::StatusCode::SEE_OTHER);
        let home = common::page_text(&client, &format!("{base}/")).await;
        assert!(home.contains("/admin"), "the coordinator is in: {home}");
        // It works once.
        let again = client.get(&link).send().await.expect("GET setup again");
        assert_eq!(again.status(), reqwest::StatusCode::NOT_FOUND);
    }
}
