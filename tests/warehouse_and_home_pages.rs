//! A fresh-eyes tester's findings on the warehouse and coordinator pages (issue 9), over
//! HTTP on both backends: triage confirms a move in the row that moved, labels its box,
//! says its moves with a verb and narrows like the sheets; logging out says so; a
//! coordinator's home starts with their own tasks; a run's Driver section says what
//! comes next; a deactivated volunteer's link says why it stopped; refusals read as
//! sentences.

mod common;

use common::{cookie_client, form_action, page_text, post_page_form, with_csrf, TestApp};
use reqwest::StatusCode;
use serde_json::json;

/// The html of the element opened at `id="{id}"`, up to the end of its form.
fn row<'h>(html: &'h str, id: &str) -> &'h str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("#{id} in {html}"));
    let rest = &html[at..];
    &rest[..rest.find("</form>").unwrap_or(rest.len())]
}

async fn triage_confirms_in_the_row_and_narrows(app: TestApp) {
    let (s, body) = app
        .post_intake(
            "unit-south",
            json!([{"category": "tent-2p", "condition": "needs-drying", "quantity": 5},
                   {"category": "sleeping-bag", "condition": "needs-drying", "quantity": 4}]),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let (s, html) = app.get_text("/triage?location=unit-south").await;
    assert_eq!(s, StatusCode::OK);
    // A visible "How many" for the box, the whole line for a screen reader.
    let tents = row(&html, "t-tent-2p-needs-drying");
    assert!(
        tents.contains("<label for=\"q-tent-2p-needs-drying\">How many</label>"),
        "{tents}"
    );
    assert!(
        tents.contains("aria-label=\"How many Tent (2 person) (Needs drying)\""),
        "{tents}"
    );
    assert!(tents.contains(">Mark usable</button>"), "{tents}");
    assert!(tents.contains(">Mark unusable</button>"), "{tents}");
    assert!(!html.contains("→ usable"), "{html}");

    // Find and the group buttons, as on the sheets, by GET.
    assert!(html.contains("id=\"sheet-filter\""), "{html}");
    let (_, html) = app
        .get_text("/triage?location=unit-south&find=tent&filter=Find")
        .await;
    assert!(html.contains("id=\"t-tent-2p-needs-drying\""), "{html}");
    assert!(
        !html.contains("id=\"t-sleeping-bag-needs-drying\""),
        "{html}"
    );
    assert!(html.contains("showing 1 of 2"), "{html}");
    let (_, html) = app
        .get_text("/triage?location=unit-south&group.sleeping=Sleeping")
        .await;
    assert!(!html.contains("id=\"t-tent-2p-needs-drying\""), "{html}");
    assert!(
        html.contains("id=\"t-sleeping-bag-needs-drying\""),
        "{html}"
    );

    // Two of five dried: the confirmation is in the row the page opens at, not on top,
    // and the list stays narrowed as it was.
    let (s, _, html) = app
        .post_form(
            "/triage",
            &[
                ("form_key", "triagekey1"),
                ("location", "unit-south"),
                ("category", "tent-2p"),
                ("from_condition", "needs-drying"),
                ("to_condition", "good"),
                ("quantity", "2"),
                ("find", "tent"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let said = "Dried 2 Tent (2 person): Needs drying → Good at unit-south.";
    let tents = row(&html, "t-tent-2p-needs-drying");
    assert!(tents.contains("3 waiting"), "{tents}");
    assert!(
        tents.contains(&format!("<p class=\"flash ok\" role=\"status\">{said}</p>")),
        "{tents}"
    );
    assert_eq!(html.matches(said).count(), 1, "said once: {html}");
    assert!(
        !html.contains("id=\"t-sleeping-bag-needs-drying\""),
        "{html}"
    );
    assert_eq!(app.stock_of("unit-south", "tent-2p", "good").await, 2);

    // The last three: the row is gone, so the page opens at its top, where it is said.
    let (_, _, html) = app
        .post_form(
            "/triage",
            &[
                ("form_key", "triagekey2"),
                ("location", "unit-south"),
                ("category", "tent-2p"),
                ("from_condition", "needs-drying"),
                ("to_condition", "usable"),
                ("quantity", "3"),
            ],
        )
        .await;
    assert!(!html.contains("id=\"t-tent-2p-needs-drying\""), "{html}");
    let top = html.find("class=\"flash ok\"").expect("a message on top");
    assert!(top < html.find("<h1").expect("h1"), "{html}");
    assert_eq!(app.stock_of("unit-south", "tent-2p", "usable").await, 3);
    app.assert_ledger_consistent();
}

async fn logging_out_says_so(app: TestApp) {
    let (_jar, client) = cookie_client();
    let r = app
        .page_login(&client, common::COORDINATOR_HANDLE, "/")
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let home = page_text(&client, &app.url("/")).await;
    let r = post_page_form(&client, &app, &home, "/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert_eq!(to, "/login?out=1");
    let html = page_text(&client, &app.url(&to)).await;
    assert!(
        html.contains("<p class=\"flash ok\" role=\"status\">You are logged out.</p>"),
        "{html}"
    );
    // The session is gone: home asks to log in again.
    let r = client.get(app.url("/")).send().await.expect("GET /");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for (lang, said) in [("fr", "Vous êtes déconnecté."), ("ar", "لقد سجّلت الخروج.")]
    {
        let (_, html) = app.get_text_in(lang, "/login?out=1").await;
        assert!(html.contains(said), "{lang}: {html}");
    }
    // A plain login page says nothing of the kind.
    let (_, html) = app.get_text("/login").await;
    assert!(!html.contains("logged out"), "{html}");
}

async fn coordinator_home_starts_with_their_own_tasks(app: TestApp) {
    let (s, html) = app.get_text("/").await;
    assert_eq!(s, StatusCode::OK);
    let tasks = &html[html.find("<ul class=\"tasks\">").expect("the tasks")..];
    let firsts: Vec<&str> = tasks
        .split("<li><a href=\"")
        .skip(1)
        .take(3)
        .map(|s| s.split('"').next().unwrap_or_default())
        .collect();
    assert_eq!(firsts, ["/admin", "/history", "/needs"], "{tasks}");
}

async fn run_page_says_what_the_driver_does_next(app: TestApp) {
    let id = app.demo_season_with_a_run().await;
    let (s, html) = app.get_text(&format!("/runs/{id}")).await;
    assert_eq!(s, StatusCode::OK, "{html}");
    let driver = &html[html.find("<h2>Driver</h2>").expect("the Driver section")..];
    let next = driver
        .strip_prefix("<h2>Driver</h2><p>")
        .unwrap_or_else(|| panic!("a line under Driver: {driver}"));
    assert!(
        next.starts_with("Next: load everything on the sheet into the van")
            || next.starts_with("Nothing to load yet"),
        "{next}"
    );
    // Cancelling is its own section, under its own heading.
    let cancel = html
        .find("<h2>If the run is not going ahead</h2>")
        .expect("the cancel heading");
    assert!(html[cancel..].contains("Cancel this run"), "{html}");
}

async fn a_deactivated_volunteers_link_says_why(app: TestApp) {
    let link = |body: &serde_json::Value| {
        body["setup_link"]["path"]
            .as_str()
            .expect("a one-time link")
            .to_string()
    };
    let (s, body) = app
        .post("/api/v1/users", &json!({"handle": "sam", "role": "driver"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let sam = link(&body);
    let (s, _) = app.post("/api/v1/users/sam/deactivate", &json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, html) = app.get_text(&sam).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(
        html.contains("<p>This account was deactivated, so its link no longer works"),
        "{html}"
    );
    assert!(!html.contains("expired"), "{html}");
    let (_, html) = app.get_text_in("fr", &sam).await;
    assert!(html.contains("Ce compte a été désactivé"), "{html}");
    let (_, html) = app.get_text_in("ar", &sam).await;
    assert!(html.contains("عُطِّل هذا الحساب"), "{html}");

    // A link used up says so, as a sentence.
    let (s, body) = app
        .post("/api/v1/users", &json!({"handle": "lou", "role": "driver"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let first = link(&body);
    let (s, _) = app
        .post("/api/v1/users/lou/password-link", &json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, html) = app.get_text(&first).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(
        html.contains("<p>This link has expired or was already used"),
        "{html}"
    );
}

async fn refusals_read_as_sentences(app: TestApp) {
    // A password too short on the one-time link's page.
    let (s, body) = app
        .post("/api/v1/users", &json!({"handle": "kim", "role": "crew"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let link = body["setup_link"]["path"]
        .as_str()
        .expect("link")
        .to_string();
    let (_jar, client) = cookie_client();
    let html = page_text(&client, &app.url(&link)).await;
    let r = client
        .post(app.url(&form_action(&html, 1)))
        .form(&with_csrf(&html, &[("password", "short")]))
        .send()
        .await
        .expect("POST");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.expect("page");
    assert!(
        html.contains("id=\"password-error\">The password must be 12 to"),
        "{html}"
    );
    assert!(
        html.contains("Nothing was saved. The password must be 12 to"),
        "{html}"
    );
    assert!(!html.contains("saved: "), "{html}");

    // A bad handle on the volunteers' page: each reason its own sentence.
    let (s, _, html) = app
        .post_form(
            "/admin/volunteers",
            &[("handle", "Sam Smith"), ("role", "crew")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    assert!(
        html.contains("Nothing was saved. A handle is 2 to 32"),
        "{html}"
    );
    assert!(!html.contains("Nothing was saved: A"), "{html}");
    let (_, _, html) = app
        .post_form_in(
            "fr",
            "/admin/volunteers",
            &[("handle", "Sam Smith"), ("role", "crew")],
        )
        .await;
    assert!(html.contains("Rien n’a été enregistré. "), "{html}");
}

on_both_backends!(
    triage_confirms_in_the_row_and_narrows,
    logging_out_says_so,
    coordinator_home_starts_with_their_own_tasks,
    run_page_says_what_the_driver_does_next,
    a_deactivated_volunteers_link_says_why,
    refusals_read_as_sentences,
);
