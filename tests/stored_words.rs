//! Everything a volunteer reads is in their language (issues 13 and 18), over HTTP in
//! English, French and Arabic: a handover's page (goods by our catalogue's names, the
//! confirmation after a step, the history's shortfall), the add-partner form (name,
//! optional code name, a proposed date), a box's history, the safety audit trail and an
//! undo's refusal. What Haul writes is kept as facts and worded when read; lines kept
//! before that are shown in the English they were stored in.

mod common;

use common::{Backend, TestApp};
use diesel::prelude::*;
use haul::auth::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn in_days(n: u64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(n)).to_string()
}

/// The page's words: tags dropped, Arabic isolation marks removed, spaces collapsed.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            '\u{2068}' | '\u{2069}' => {}
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of the element with `id` (its words).
fn section(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in:\n{html}"));
    let open = html[..at].rfind('<').expect("tag");
    let tag: String = html[open + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let end = html[at..]
        .find(&format!("</{tag}>"))
        .map(|e| at + e)
        .unwrap_or(html.len());
    words(&html[open..end])
}

fn form_key(html: &str) -> String {
    html.split("name=\"form_key\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the form has a form_key")
        .to_string()
}

fn assert_has(text: &str, wanted: &[&str], what: &str) {
    for w in wanted {
        assert!(text.contains(w), "{what}: no “{w}” in:\n{text}");
    }
}

fn assert_none(text: &str, english: &[&str], what: &str) {
    for w in english {
        assert!(!text.contains(w), "{what}: English “{w}” left in:\n{text}");
    }
}

// ---- partners ----

async fn our_key(app: &TestApp) -> String {
    let (s, b) = app.get("/api/v1/partners/key").await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["public_key"].as_str().expect("key").to_string()
}

async fn add_partner(app: &TestApp, code: &str, key: &str) {
    let (s, b) = app
        .post(
            "/api/v1/partners",
            &json!({"code_name": code, "public_key": key, "direction": "both", "valid_until": in_days(365)}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
}

async fn import(app: &TestApp, text: &str) -> Value {
    let resp = app
        .client
        .post(app.url("/api/v1/partner-transfers/import"))
        .bearer_auth(app.token.clone().unwrap_or_default())
        .header("Content-Type", "text/plain")
        .body(text.to_string())
        .send()
        .await
        .expect("POST import");
    assert_eq!(resp.status(), StatusCode::OK);
    resp.json().await.unwrap_or(Value::Null)
}

async fn file(app: &TestApp, transfer: &str, kind: &str) -> String {
    let (s, text) = app
        .get_text(&format!(
            "/api/v1/partner-transfers/{transfer}/files/{kind}"
        ))
        .await;
    assert_eq!(s, StatusCode::OK, "{text}");
    text
}

async fn two_servers() -> Option<(TestApp, TestApp)> {
    let giver = common::spawn_app(Backend::Sqlite).await?;
    let receiver = match common::spawn_app(Backend::Postgres).await {
        Some(app) => app,
        None => common::spawn_app(Backend::Sqlite).await?,
    };
    Some((giver, receiver))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handover_page_speaks_the_readers_language_from_offer_to_shortfall() {
    let Some((bristol, dunkirk)) = two_servers().await else {
        return;
    };
    add_partner(&bristol, "dunkirk", &our_key(&dunkirk).await).await;
    add_partner(&dunkirk, "bristol", &our_key(&bristol).await).await;
    bristol.receive("unit-east", "blanket", "good", 10).await;
    bristol
        .receive("unit-east", "sleeping-bag", "good", 10)
        .await;

    // Bristol offers from the page, in French.
    let (_, html) = bristol
        .get_text_in("fr", "/partners/offer?warehouse=unit-east")
        .await;
    let key = form_key(&html);
    let until = in_days(7);
    let (s, to, html) = bristol
        .post_offer_in(
            "fr",
            &key,
            "dunkirk",
            &until,
            &[("qty:blanket:good", "6"), ("qty:sleeping-bag:good", "4")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
    let to = to.expect("to the handover");
    assert!(to.ends_with("?done=offer"), "a code, not words: {to}");
    let t = to
        .trim_start_matches("/partners/transfers/")
        .split('?')
        .next()
        .expect("id")
        .to_string();

    // The same page, each reader in their own language: goods by our names in it.
    let give_english = [
        "Blanket",
        "Sleeping bag",
        "Offer made",
        "Download the",
        "Offered",
    ];
    let expect = [
        ("en", vec!["Blanket", "Sleeping bag", "Offer made"]),
        ("fr", vec!["Couverture", "Sac de couchage", "Offre faite"]),
        ("ar", vec!["بطانية", "كيس نوم", "قُدّم العرض"]),
    ];
    for (lang, wanted) in &expect {
        let (s, html) = bristol.get_text_in(lang, &to).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        let main = section(&html, "main");
        assert_has(&main, wanted, lang);
        if *lang != "en" {
            assert_none(&main, &give_english, lang);
        }
    }
    // Words in the address are not shown: only a known step's code is.
    let (_, html) = bristol
        .get_text_in("en", &format!("/partners/transfers/{t}?done=Pay+us+now"))
        .await;
    assert!(!words(&html).contains("Pay us now"), "{html}");

    // Dunkirk imports the offer and answers from the page, in Arabic.
    import(&dunkirk, &file(&bristol, &t, "offer").await).await;
    let (_, html) = dunkirk
        .get_text_in("ar", &format!("/partners/transfers/{t}"))
        .await;
    assert_has(
        &section(&html, "main"),
        &["بطانية", "كيس نوم"],
        "ar, receiving",
    );
    assert_none(
        &section(&html, "main"),
        &["Blanket", "Sleeping bag"],
        "ar, receiving",
    );
    let key = form_key(&html);
    let (s, to, html) = dunkirk
        .post_form_in(
            "ar",
            &format!("/partners/transfers/{t}"),
            &[
                ("form_key", key.as_str()),
                ("action", "accept"),
                ("line:1", "6"),
                ("line:2", "4"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
    let to = to.expect("back to the handover");
    assert!(to.ends_with("?done=accept"), "{to}");
    let (_, html) = dunkirk.get_text_in("ar", &to).await;
    let main = section(&html, "main");
    assert_has(&main, &["قُبل. نزّلوا الردّ أدناه"], "ar, accepted");
    assert_none(&main, &["Accepted. Download", "Blanket"], "ar, accepted");

    // Bristol imports the answer by pasting it on the page, in French.
    let answer = file(&dunkirk, &t, "answer").await;
    let (s, to, html) = bristol
        .post_form_in("fr", "/partners/import", &[("text", answer.as_str())])
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
    let to = to.expect("to the handover");
    assert!(to.ends_with("?done=imported-answer"), "{to}");
    let (_, html) = bristol.get_text_in("fr", &to).await;
    assert_has(
        &section(&html, "main"),
        &["importé", "dunkirk"],
        "fr, imported",
    );
    assert_none(&section(&html, "main"), &["Imported the"], "fr, imported");

    // Dispatched; one blanket of six arrives damaged: the shortfall is kept as facts.
    let (s, b) = bristol
        .post(
            &format!("/api/v1/partner-transfers/{t}/dispatch"),
            &json!({"lines": [{"line": 1, "quantity": 6}, {"line": 2, "quantity": 4}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    import(&dunkirk, b["file"].as_str().expect("dispatch note")).await;
    let (s, b) = dunkirk
        .post(
            &format!("/api/v1/partner-transfers/{t}/receive"),
            &json!({"warehouse": "unit-south", "received_on": in_days(0), "lines": [
                {"line": 1, "received": 5, "condition": "good", "reason": "damaged"},
                {"line": 2, "received": 4, "condition": "good"}
            ]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let closed = import(&bristol, b["file"].as_str().expect("receipt")).await;
    assert_eq!(closed["transfer"]["state"], "closed", "{closed}");
    // The API keeps its English detail and gives the facts beside it.
    let last = closed["transfer"]["history"]
        .as_array()
        .and_then(|h| h.last().cloned())
        .expect("history");
    assert_eq!(
        last["detail"], "line 1: 1 lost in transit (damaged)",
        "{last}"
    );
    assert_eq!(last["facts"]["what"], "shortfall", "{last}");
    let stored: Vec<(Option<String>, Option<String>)> = bristol
        .db
        .read_blocking(|c| {
            use haul::db::schema::partner_events as pe;
            Ok(pe::table
                .order(pe::id)
                .select((pe::detail, pe::facts))
                .load(c)?)
        })
        .expect("events");
    assert!(
        stored.iter().all(|(d, _)| d.is_none()),
        "no sentence is stored: {stored:?}"
    );

    let history = [
        (
            "en",
            vec!["line 1: 1 lost in transit (damaged)", "answer imported"],
        ),
        ("fr", vec!["ligne 1", "perdu(s) en route", "importé"]),
        ("ar", vec!["السطر 1", "فُقد 1 في الطريق", "استُورد"]),
    ];
    for (lang, wanted) in &history {
        let (_, html) = bristol
            .get_text_in(lang, &format!("/partners/transfers/{t}"))
            .await;
        let h = section(&html, "history");
        assert_has(&h, wanted, lang);
        if *lang != "en" {
            assert_none(
                &h,
                &["lost in transit", "imported", "damaged", "closed"],
                lang,
            );
        }
    }

    // A line stored before facts were kept is shown as it was stored.
    let t2 = t.clone();
    bristol
        .db
        .write_blocking(move |c| {
            use haul::db::schema::{partner_events as pe, partner_transfers as pt};
            let id: i64 = pt::table
                .filter(pt::transfer.eq(&t2))
                .select(pt::id)
                .first(c)?;
            diesel::insert_into(pe::table)
                .values((
                    pe::transfer_id.eq(id),
                    pe::state.eq("closed"),
                    pe::detail.eq(Some("line 9: 3 lost in transit (short)")),
                    pe::actor.eq("coord"),
                    pe::at.eq(chrono::Utc::now().naive_utc()),
                ))
                .execute(c)?;
            Ok(())
        })
        .expect("an old line");
    let (_, html) = bristol
        .get_text_in("fr", &format!("/partners/transfers/{t}"))
        .await;
    assert_has(
        &section(&html, "history"),
        &["line 9: 3 lost in transit (short)"],
        "an old line",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partner_is_added_by_name_with_a_code_made_from_it_and_a_proposed_date() {
    let Some(app) = common::spawn_app(Backend::Sqlite).await else {
        return;
    };
    let in_14 = in_days(14);
    let hints = [
        (
            "en",
            "Filled in 14 days from today",
            "Left empty, it is made from their name",
        ),
        (
            "fr",
            "Rempli à 14 jours",
            "Laissé vide, il est fait à partir de leur nom",
        ),
        ("ar", "مملوء بعد 14 يومًا", "إن تُرك فارغًا يُصنع من اسمهم"),
    ];
    for (lang, date_hint, code_hint) in hints {
        let (_, html) = app.get_text_in(lang, "/partners").await;
        assert!(
            html.contains(&format!("name=\"valid_until\" value=\"{in_14}\"")),
            "{lang}: the date is proposed: {html}"
        );
        let form = section(&html, "add-partner");
        assert_has(&form, &[date_hint, code_hint], lang);
        // The code name is optional; its hint is read with it.
        let input = html
            .split("<input id=\"code_name\"")
            .nth(1)
            .and_then(|r| r.split('>').next())
            .expect("the code name input");
        assert!(!input.contains("required"), "{input}");
        assert!(input.contains("code_name-how"), "{input}");
    }

    // Left empty, the code name is made from the name, accents folded.
    let other = haul::partners::key::CollectiveKey::from_seed(&[7; 32])
        .public()
        .text();
    let (s, to, html) = app
        .post_form_in(
            "fr",
            "/partners",
            &[
                ("name", "Cuisine Solidaire d’Été"),
                ("code_name", ""),
                ("public_key", other.as_str()),
                ("direction", "both"),
                ("valid_until", in_14.as_str()),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{html}");
    let to = to.expect("back to the partners");
    let (_, list) = app.get("/api/v1/partners").await;
    let p = &list["partners"][0];
    assert_eq!(p["code_name"], "cuisine-solidaire-d-ete", "{list}");
    assert_eq!(p["name"], "Cuisine Solidaire d’Été", "{list}");
    assert_eq!(p["location"], "partner-cuisine-solidaire-d-ete", "{list}");
    let (_, html) = app.get_text_in("fr", &to).await;
    assert_has(
        &words(&html),
        &[
            "Cuisine Solidaire d’Été",
            "cuisine-solidaire-d-ete",
            "comparez",
        ],
        "fr, added",
    );

    // A code typed badly is still refused beside its field, in the reader's language;
    // a name with no letters to make one from asks for a code.
    let another = haul::partners::key::CollectiveKey::from_seed(&[8; 32])
        .public()
        .text();
    for (lang, fields, field, wanted) in [
        (
            "ar",
            [("name", "مطبخ"), ("code_name", "Pas Un Code")],
            "code_name",
            "لا يصلح",
        ),
        (
            "fr",
            [("name", "مطبخ"), ("code_name", "")],
            "code_name",
            "Aucun nom de code",
        ),
        (
            "en",
            [("name", ""), ("code_name", "")],
            "name",
            "Give the partner's name",
        ),
    ] {
        let mut all = fields.to_vec();
        all.extend([
            ("public_key", another.as_str()),
            ("direction", "both"),
            ("valid_until", in_14.as_str()),
        ]);
        let (s, _, html) = app.post_form_in(lang, "/partners", &all).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{lang}: {html}");
        let beside = section(&html, &format!("{field}-error"));
        assert_has(&beside, &[wanted], lang);
        assert!(html.contains(&format!("name=\"valid_until\" value=\"{in_14}\"")));
    }
    let (_, list) = app.get("/api/v1/partners").await;
    assert_eq!(list["partners"].as_array().map(Vec::len), Some(1), "{list}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_offer_sheet_says_clear_the_filter_only_when_one_is_set() {
    let Some(app) = common::spawn_app(Backend::Sqlite).await else {
        return;
    };
    let other = haul::partners::key::CollectiveKey::from_seed(&[9; 32])
        .public()
        .text();
    add_partner(&app, "calais", &other).await;
    app.receive("unit-east", "blanket", "good", 10).await;
    app.receive("unit-east", "tent-2p", "good", 3).await;
    let clear = [
        ("en", "clear the filter"),
        ("fr", "videz le filtre"),
        ("ar", "امسحوا البحث"),
    ];
    for (lang, words_) in clear {
        // No filter: every row shows, nothing to clear.
        let (_, html) = app
            .get_text_in(lang, "/partners/offer?warehouse=unit-east")
            .await;
        assert!(!words(&html).contains(words_), "{lang}: {html}");
        assert!(!html.contains("name=\"all\""), "{lang}: no show-all button");
        // A filter hides a row: clearing it is offered.
        let (_, html) = app
            .get_text_in(
                lang,
                "/partners/offer?warehouse=unit-east&find=tent&filter=1",
            )
            .await;
        assert!(words(&html).contains(words_), "{lang}: {html}");
        assert!(html.contains("name=\"all\""), "{lang}");
    }
    // Refused without a filter: the untouched rows are hidden, but no filter is named.
    let (_, html) = app
        .get_text_in("fr", "/partners/offer?warehouse=unit-east")
        .await;
    let key = form_key(&html);
    let (s, _, html) = app
        .post_offer_in(
            "fr",
            &key,
            "calais",
            &in_days(7),
            &[("qty:blanket:good", "99")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{html}");
    let text = words(&html);
    assert!(!text.contains("videz le filtre"), "{text}");
    assert!(text.contains("Tout afficher"), "{text}");
}

// ---- boxes ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_box_history_is_worded_in_the_readers_language() {
    let Some(app) = common::spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.receive("unit-east", "blanket", "good", 20).await;
    let (s, b) = app
        .post(
            "/api/v1/boxes",
            &json!({"location": "unit-east", "category": "blanket", "condition": "good", "quantity": 12}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let code = b["code"].as_str().expect("code").to_string();
    for (action, body) in [
        ("move", json!({"to": "unit-south"})),
        ("regrade", json!({"to_condition": "needs-drying"})),
        ("take", json!({"quantity": 2})),
    ] {
        let (s, b) = app
            .post(&format!("/api/v1/boxes/{code}/{action}"), &body)
            .await;
        assert_eq!(s, StatusCode::CREATED, "{action}: {b}");
    }
    // A line kept before facts were: its English sentence only.
    let c2 = code.clone();
    app.db
        .write_blocking(move |c| {
            use haul::db::schema::{box_actions as ba, boxes};
            let id: i64 = boxes::table
                .filter(boxes::code.eq(&c2))
                .select(boxes::id)
                .first(c)?;
            diesel::insert_into(ba::table)
                .values((
                    ba::box_id.eq(id),
                    ba::kind.eq("added"),
                    ba::detail.eq(Some("7 added from loose stock")),
                    ba::actor.eq("coord"),
                    ba::created_at.eq(chrono::Utc::now().naive_utc()),
                ))
                .execute(c)?;
            Ok(())
        })
        .expect("an old line");

    // The API's detail stays English; the facts ride beside it.
    let (_, b) = app.get(&format!("/api/v1/boxes/{code}")).await;
    let details: Vec<&str> = b["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["detail"].as_str())
        .collect();
    assert_eq!(
        details,
        [
            "12 × Blanket (Good) packed from loose stock at unit-east",
            "moved from unit-east to unit-south",
            "regraded Good → Needs drying",
            "2 taken out into loose stock",
            "7 added from loose stock",
        ],
        "{b}"
    );
    assert_eq!(b["history"][1]["facts"]["what"], "moved", "{b}");
    assert!(b["history"][4].get("facts").is_none(), "{b}");

    let expect = [
        (
            "en",
            vec![
                "packed from loose stock",
                "moved from",
                "taken out into loose stock",
            ],
        ),
        (
            "fr",
            vec![
                "Couverture",
                "mis en caisse depuis le stock en vrac",
                "déplacée de",
                "reclassé",
                "sorti(s) vers le stock en vrac",
            ],
        ),
        (
            "ar",
            vec![
                "بطانية",
                "عُبّئ من المخزون السائب",
                "نُقل من",
                "تغيّرت حالته",
                "إلى المخزون السائب",
            ],
        ),
    ];
    for (lang, wanted) in &expect {
        let (s, html) = app.get_text_in(lang, &format!("/b/{code}")).await;
        assert_eq!(s, StatusCode::OK, "{html}");
        let h = section(&html, "box-history");
        assert_has(&h, wanted, lang);
        // The old line is shown as stored, marked as English.
        assert!(
            html.contains("<span lang=\"en\" dir=\"ltr\">7 added from loose stock</span>"),
            "{lang}: {h}"
        );
        if *lang != "en" {
            assert_none(
                &h.replace("7 added from loose stock", ""),
                &[
                    "packed",
                    "loose stock",
                    "moved",
                    "regraded",
                    "taken out",
                    "Blanket",
                ],
                lang,
            );
        }
    }
}

// ---- safety ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_safety_audit_trail_is_worded_in_the_readers_language() {
    let Some(app) = common::spawn_app(Backend::Sqlite).await else {
        return;
    };
    use haul::safety::AuditFacts;
    let now = chrono::Utc::now().naive_utc();
    app.db
        .write_blocking(move |c| {
            // Before facts were kept: the sentence itself.
            haul::safety::audit(
                c,
                now,
                "coord",
                "unlock",
                "logins allowed again (an old line)",
            )?;
            for (action, facts) in [
                (
                    "lock",
                    AuditFacts::Locked {
                        sessions: 3,
                        refuse_logins: true,
                    },
                ),
                ("unlock", AuditFacts::Unlocked),
                (
                    "forget-notes",
                    AuditFacts::NotesForgotten { n: 5, days: 90 },
                ),
            ] {
                haul::safety::audit_facts(c, now, "haul", action, &facts)?;
            }
            // Unlocking a Haul that is not locked writes nothing.
            assert!(!haul::safety::unlock(c, now, "coord")?);
            Ok(())
        })
        .expect("audit lines");
    let stored = app
        .db
        .read_blocking(|c| Ok(haul::safety::audit_entries(c, 10)?))
        .expect("audit");
    assert_eq!(stored.len(), 4);
    assert!(stored[..3]
        .iter()
        .all(|e| e.detail.is_empty() && e.facts().is_some()));

    let expect = [
        (
            "en",
            vec![
                "3 sessions revoked; logins refused until",
                "logins allowed again",
                "5 notes, reasons and stated-by older than 90 days blanked",
            ],
        ),
        (
            "fr",
            vec![
                "3 sessions révoqués",
                "connexions de nouveau permises",
                "5 notes, raisons et sources de plus de 90 jours effacées",
            ],
        ),
        (
            "ar",
            vec!["3 جلسات", "سُمح بتسجيل الدخول من جديد", "أقدم من 90 يومًا"],
        ),
    ];
    for (lang, wanted) in &expect {
        let (s, html) = app.get_text_in(lang, "/safety").await;
        assert_eq!(s, StatusCode::OK, "{html}");
        let audit = section(&html, "audit");
        assert_has(&audit, wanted, lang);
        assert!(
            html.contains(
                "<span class=\"muted\" lang=\"en\">logins allowed again (an old line)</span>"
            ),
            "{lang}: the old line as stored: {audit}"
        );
        if *lang != "en" {
            assert_none(
                &audit.replace("logins allowed again (an old line)", ""),
                &["revoked", "logins", "blanked", "older than"],
                lang,
            );
        }
    }
}

// ---- corrections ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undo_refused_says_why_in_the_readers_language() {
    let Some(app) = common::spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.intake_tents("unit-east", 10).await;
    app.stock_site("unit-east", "oak", &[("tent-2p", "good", 10)])
        .await;
    let dee = app.add_user_and_login("dee", Role::Distributor).await;
    let (s, b) = app
        .post_as(
            &dee,
            "/api/v1/handouts",
            &json!({"site": "oak", "handed_out_on": in_days(0),
                "lines": [{"category": "tent-2p", "quantity": 2}]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let h = b["id"].as_i64().expect("hand-out id");

    // The API: a stable code, its English sentence.
    let (s, err) = app
        .post(
            "/api/v1/corrections",
            &json!({"of": {"kind": "hand-out", "id": h}, "undo": true}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{err}");
    assert_eq!(err["error"]["code"], "forbidden");
    assert!(
        err["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("only dee can undo")),
        "{err}"
    );

    // The page: the coordinator tries to undo dee's hand-out, in each language.
    let expect = [
        ("en", "only dee can undo this change (Hand-out)"),
        ("fr", "seul·e dee peut annuler ce changement"),
        ("ar", "وحده dee يستطيع التراجع عن هذا التغيير"),
    ];
    for (n, (lang, wanted)) in expect.iter().enumerate() {
        let before = app.stock_of("oak", "tent-2p", "good").await;
        let key = format!("undo-{n}");
        let (s, _, html) = app
            .post_form_in(
                lang,
                &format!("/history/hand-out/{h}/undo"),
                &[("form_key", key.as_str())],
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{lang}: {html}");
        let text = words(&html);
        assert_has(&text, &[wanted], lang);
        if *lang != "en" {
            assert_none(
                &text,
                &["only dee", "can undo", "ask a warehouse volunteer"],
                lang,
            );
        }
        assert_eq!(app.stock_of("oak", "tent-2p", "good").await, before);
    }
}

#[test]
fn every_language_has_the_new_words() {
    // The message files parse and define each id once (the server would log it).
    assert!(
        haul::i18n::bundles::problems().is_empty(),
        "{:?}",
        haul::i18n::bundles::problems()
    );
}
