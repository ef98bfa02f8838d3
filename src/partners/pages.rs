//! Pages for partner collectives, without JavaScript: our key (text, fingerprint, QR),
//! adding a partner, offering stock, importing a file (upload or paste), and a
//! handover's page with its state, history, files and the next step's form.
//!
//! Stable hooks for tests: `#our-key`, `#add-partner`, `#offer`, `#import`, `#state`,
//! `#history`, `#step` (the next step's form), `#files`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup, PreEscaped};
use serde_json::json;
use std::collections::HashMap;

use super::model::{self, TransferView};
use crate::auth::pages::urlencode;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::form::{self, FormErrors, Values};
use crate::web::{layout, page, see_other, Flash};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/partners", web::get().to(partners_page))
        .route("/partners", web::post().to(add_partner))
        .route("/partners/offer", web::get().to(offer_page))
        .route("/partners/offer", web::post().to(offer))
        .route("/partners/import", web::get().to(import_page))
        .route("/partners/import", web::post().to(import))
        .route(
            "/partners/transfers/{transfer}",
            web::get().to(transfer_page),
        )
        .route("/partners/transfers/{transfer}", web::post().to(step))
        .route(
            "/partners/transfers/{transfer}/files/{kind}",
            web::get().to(super::api::file),
        );
}

type Form = web::Form<Vec<(String, String)>>;

fn values_of(f: Form) -> Values {
    f.into_inner().into_iter().collect()
}

fn field(label: &str, name: &str, input: Markup, errors: &FormErrors) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            (input)
            (errors.beside(name))
        }
    }
}

fn done_flash(q: &HashMap<String, String>) -> Option<Flash> {
    q.get("done").map(|d| Flash::Ok(d.clone()))
}

// ---- partners and our key ----

pub async fn partners_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    render_partners(
        &state,
        &actor,
        done_flash(&q),
        Values::new(),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn render_partners(
    state: &AppState,
    actor: &Actor,
    flash: Option<Flash>,
    values: Values,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let (public, partners, transfers) = state
        .db
        .write(move |c| {
            Ok((
                model::our_key(c, now)?,
                model::list_partners(c)?,
                model::list(c, now.date())?,
            ))
        })
        .await?;
    let qr = public.qr_svg().unwrap_or_default();
    let v = |k: &str| values.get(k).cloned().unwrap_or_default();
    let body = html! {
        h1 { "Partner collectives" }
        p { "Goods go to other collectives by signed files you carry by hand. No server ever talks to another." }
        p { a.button href="/partners/import" { "Import a file" } " " a.button href="/partners/offer" { "Offer to a partner" } }
        section #our-key {
            h2 { "Our key" }
            p { "Show this to a partner's coordinator in person; read the fingerprint aloud and compare it with what they see." }
            figure.chart { (PreEscaped(qr)) }
            dl.facts {
                dt { "Fingerprint" } dd { strong { (public.fingerprint()) } }
                dt { "Key" } dd { code { (public.text()) } }
            }
        }
        section #partners {
            h2 { "Partners" }
            @if partners.is_empty() {
                p { "No partner yet." }
            } @else {
                ul {
                    @for p in &partners {
                        li { strong { (p.code_name) } " · " (p.direction) " · until " (p.valid_until) br; small { (p.fingerprint) } }
                    }
                }
            }
        }
        section #add-partner {
            h2 { "Add a partner" }
            form method="post" action=(actor.form_action("/partners")) {
                (field("Code name (ours for them)", "code_name", html! { input #code_name name="code_name" value=(v("code_name")) required; }, &errors))
                (field("Their key", "public_key", html! { textarea #public_key name="public_key" rows="3" required { (v("public_key")) } }, &errors))
                (field("We…", "direction", html! {
                    select #direction name="direction" {
                        @for (val, label) in [("both", "give and receive"), ("give", "give to them"), ("receive", "receive from them")] {
                            option value=(val) selected[v("direction") == val] { (label) }
                        }
                    }
                }, &errors))
                (field("Valid until", "valid_until", html! { input #valid_until type="date" name="valid_until" value=(v("valid_until")) required; }, &errors))
                (errors.beside(""))
                button type="submit" { "Add partner" }
            }
        }
        section #transfers {
            h2 { "Handovers" }
            @if transfers.is_empty() { p { "None yet." } }
            ul {
                @for t in &transfers {
                    li { a href=(format!("/partners/transfers/{}", t.transfer)) { (t.partner) " · " (if t.side == "give" { "we give" } else { "we receive" }) " · " (t.state) } }
                }
            }
        }
    };
    let flash = flash.or_else(|| errors.summary());
    Ok(page(status, layout(Some(actor), "Partners", flash, body)))
}

pub async fn add_partner(
    state: web::Data<AppState>,
    actor: Actor,
    f: Form,
) -> AppResult<HttpResponse> {
    let values = values_of(f);
    let req = serde_json::from_value::<model::NewPartnerRequest>(json!({
        "code_name": form::value(&values, "code_name"),
        "public_key": form::value(&values, "public_key"),
        "direction": form::value(&values, "direction"),
        "valid_until": form::value(&values, "valid_until"),
    }));
    let req = match req {
        Ok(r) => r,
        Err(e) => {
            let errors = FormErrors::one("", format!("check every field: {e}"));
            return render_partners(
                &state,
                &actor,
                None,
                values,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let handle = actor.handle.clone();
    let now = state.clock.now();
    match state
        .db
        .write(move |c| model::add_partner(c, &req, &handle, now))
        .await
    {
        Ok(p) => Ok(see_other(&format!(
            "/partners?done={}",
            urlencode(&format!(
                "Added {} (fingerprint {}): compare it aloud with theirs.",
                p.code_name, p.fingerprint
            ))
        ))),
        Err(e) => {
            let errors = form::refusal(e)?;
            render_partners(
                &state,
                &actor,
                None,
                values,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

// ---- offering ----

pub async fn offer_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let values: Values = q.into_inner();
    render_offer(
        &state,
        &actor,
        values,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn render_offer(
    state: &AppState,
    actor: &Actor,
    values: Values,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let chosen = values.get("warehouse").cloned().unwrap_or_default();
    let (partners, warehouses, stock) = state
        .db
        .read(move |c| {
            let warehouses = crate::locations::store::all(c, Some("warehouse"))?;
            let at = warehouses
                .iter()
                .find(|w| w.slug == chosen)
                .or(warehouses.first())
                .map(|w| w.id);
            let stock = match at {
                Some(id) => crate::ledger::store::stock(
                    c,
                    &crate::ledger::store::StockFilter {
                        location_id: Some(id),
                        ..Default::default()
                    },
                )?,
                None => Vec::new(),
            };
            Ok((model::list_partners(c)?, warehouses, stock))
        })
        .await?;
    let v = |k: &str| values.get(k).cloned().unwrap_or_default();
    let givable: Vec<_> = partners
        .iter()
        .filter(|p| p.direction != "receive")
        .collect();
    let body = html! {
        h1 { "Offer to a partner" }
        form method="get" action="/partners/offer" {
            (field("From warehouse", "warehouse", html! {
                select #warehouse name="warehouse" {
                    @for w in &warehouses { option value=(w.slug) selected[v("warehouse") == w.slug] { (w.name) } }
                }
            }, &errors))
            button type="submit" { "Show its stock" }
        }
        @if givable.is_empty() {
            p { "No partner to give to yet: " a href="/partners" { "add one" } "." }
        } @else {
            form #offer method="post" action=(actor.form_action("/partners/offer")) {
                input type="hidden" name="warehouse" value=(stock.first().map(|r| r.location.clone()).unwrap_or_else(|| v("warehouse")));
                (field("To partner", "partner", html! {
                    select #partner name="partner" {
                        @for p in &givable { option value=(p.code_name) selected[v("partner") == p.code_name] { (p.code_name) } }
                    }
                }, &errors))
                (field("Offer open until", "expires_on", html! { input #expires_on type="date" name="expires_on" value=(v("expires_on")) required; }, &errors))
                fieldset {
                    legend { "How many of each" }
                    @for r in &stock {
                        @let name = format!("qty:{}:{}", r.category, r.condition);
                        (field(&format!("{} ({}), {} in stock", r.category_name, r.condition, r.quantity), &name, html! {
                            input id=(name) type="number" inputmode="numeric" min="0" max=(r.quantity) name=(name) value=(values.get(&name).cloned().unwrap_or_else(|| "0".into()));
                        }, &errors))
                    }
                    (errors.beside("lines"))
                }
                (field("Note (optional; no names or numbers of people)", "note", html! { textarea #note name="note" rows="2" { (v("note")) } }, &errors))
                (errors.beside(""))
                (errors.beside("insufficient_stock"))
                button type="submit" { "Make the offer" }
            }
        }
    };
    Ok(page(
        status,
        layout(Some(actor), "Offer to a partner", errors.summary(), body),
    ))
}

pub async fn offer(state: web::Data<AppState>, actor: Actor, f: Form) -> AppResult<HttpResponse> {
    let values = values_of(f);
    let lines: Vec<serde_json::Value> = values
        .iter()
        .filter_map(|(k, v)| {
            let rest = k.strip_prefix("qty:")?;
            let (category, condition) = rest.split_once(':')?;
            let q: i64 = v.trim().parse().ok().filter(|q| *q > 0)?;
            Some(json!({"category": category, "condition": condition, "quantity": q}))
        })
        .collect();
    let note = form::value(&values, "note");
    let req = serde_json::from_value::<model::OfferRequest>(json!({
        "partner": form::value(&values, "partner"),
        "warehouse": form::value(&values, "warehouse"),
        "expires_on": form::value(&values, "expires_on"),
        "lines": lines,
        "note": if note.is_empty() { None } else { Some(note) },
    }));
    let result = match req {
        Err(e) => Err(AppError::invalid("", format!("check every field: {e}"))),
        Ok(_) if lines.is_empty() => Err(AppError::invalid(
            "lines",
            "offer at least one of something",
        )),
        Ok(req) => {
            let handle = actor.handle.clone();
            let now = state.clock.now();
            state
                .db
                .write(move |c| model::offer(c, &req, &handle, now))
                .await
        }
    };
    match result {
        Ok(done) => Ok(see_other(&format!(
            "/partners/transfers/{}?done={}",
            done.transfer.transfer,
            urlencode("Offer made. Download the offer file below and hand it to the partner.")
        ))),
        Err(e) => {
            let errors = form::refusal(e)?;
            render_offer(
                &state,
                &actor,
                values,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

// ---- importing ----

pub async fn import_page(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    let _ = state;
    Ok(page(
        StatusCode::OK,
        import_form(&actor, FormErrors::default()),
    ))
}

fn import_form(actor: &Actor, errors: FormErrors) -> Markup {
    let body = html! {
        h1 { "Import a file from a partner" }
        p { "An offer, an answer, a dispatch note or a receipt note, as the partner handed it over. A file imported twice counts once." }
        form #import method="post" enctype="multipart/form-data" action=(actor.form_action("/partners/import")) {
            (field("The file", "file", html! { input #file type="file" name="file" accept=".txt,text/plain"; }, &errors))
            (field("…or paste it here", "text", html! { textarea #text name="text" rows="6" {} }, &errors))
            (errors.beside(""))
            button type="submit" { "Import" }
        }
    };
    layout(Some(actor), "Import a file", errors.summary(), body)
}

/// The text of the uploaded file (or the pasted text) from a multipart form: the part
/// named `file` if it has content, else `text`. Small by design: one text file.
fn multipart_text(content_type: &str, body: &[u8]) -> Option<String> {
    let boundary = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .next()?
        .trim_matches('"');
    let body = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut found: HashMap<String, String> = HashMap::new();
    for part in body.split(&delimiter) {
        let Some((head, content)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = head
            .split(';')
            .filter_map(|p| p.trim().strip_prefix("name="))
            .next()
            .map(|n| {
                n.split(['\r', '\n'])
                    .next()
                    .unwrap_or(n)
                    .trim_matches('"')
                    .to_string()
            })
        else {
            continue;
        };
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        found.insert(name, content.to_string());
    }
    ["file", "text"]
        .into_iter()
        .filter_map(|k| found.get(k))
        .find(|t| !t.trim().is_empty())
        .map(|t| t.replace("\r\n", "\n"))
}

pub async fn import(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let content_type = req
        .headers()
        .get("Content-Type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = if content_type.starts_with("multipart/form-data") {
        multipart_text(&content_type, &body)
    } else {
        pasted_text(&body)
    };
    let Some(text) = text else {
        let errors = FormErrors::one("file", "choose the file, or paste it");
        return Ok(page(
            StatusCode::UNPROCESSABLE_ENTITY,
            import_form(&actor, errors),
        ));
    };
    let handle = actor.handle.clone();
    let now = state.clock.now();
    match state
        .db
        .write(move |c| model::import(c, &text, &handle, now))
        .await
    {
        Ok(done) => {
            let t = &done.transfer;
            let message = if done.replayed {
                format!("This {} was imported before: nothing changed.", done.kind)
            } else {
                format!(
                    "Imported the {} from {}: the handover is now {}.",
                    done.kind, t.partner, t.state
                )
            };
            Ok(see_other(&format!(
                "/partners/transfers/{}?done={}",
                t.transfer,
                urlencode(&message)
            )))
        }
        Err(e) => {
            let errors = match form::refusal(e)? {
                FormErrors(mut list) => {
                    for e in &mut list {
                        if e.field.is_empty() || e.field == "file" || e.field.contains('_') {
                            e.field = "file".into();
                        }
                    }
                    FormErrors(list)
                }
            };
            Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                import_form(&actor, errors),
            ))
        }
    }
}

/// The pasted `text` of a plain (urlencoded) form.
fn pasted_text(body: &[u8]) -> Option<String> {
    let body = std::str::from_utf8(body).ok()?;
    let raw = body
        .split('&')
        .find_map(|pair| pair.strip_prefix("text="))?;
    let raw = raw.replace('+', " ");
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| raw.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out)
        .ok()
        .filter(|t| !t.trim().is_empty())
        .map(|t| t.replace("\r\n", "\n"))
}

// ---- one handover ----

pub async fn transfer_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    q: web::Query<HashMap<String, String>>,
) -> AppResult<HttpResponse> {
    let flash = done_flash(&q);
    render_transfer(
        &state,
        &actor,
        &path.into_inner(),
        flash,
        Values::new(),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn render_transfer(
    state: &AppState,
    actor: &Actor,
    id: &str,
    flash: Option<Flash>,
    values: Values,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let today = state.clock.today();
    let id = id.to_string();
    let (t, warehouses, categories) = state
        .db
        .read(move |c| {
            let t = model::find(c, &id)?;
            Ok((
                model::view(c, &t, today)?,
                crate::locations::store::all(c, Some("warehouse"))?,
                crate::catalog::store::all(c)?,
            ))
        })
        .await?;
    let v = |k: &str, default: String| values.get(k).cloned().unwrap_or(default);
    let action = actor.form_action(&format!("/partners/transfers/{}", t.transfer));
    let body = html! {
        h1 { (if t.side == "give" { "To " } else { "From " }) (t.partner) }
        p #state { "State: " strong { (t.state) } " · offer open until " (t.expires_on) }
        @for l in &t.lines {
            section.line {
                h2 { (l.name) " (" (l.condition) ")" }
                dl.facts {
                    dt { "Offered" } dd { (l.offered) }
                    dt { "Accepted" } dd { (opt(l.accepted)) }
                    dt { "Sent" } dd { (opt(l.dispatched)) }
                    dt { "Received" } dd {
                        (opt(l.received))
                        @if let Some(c) = &l.received_condition { @if *c != l.condition { " " (c) } }
                        @if let Some(r) = &l.reason { " · " (r) }
                    }
                }
            }
        }
        (step_form(&t, &action, &values, &errors, &warehouses, &categories, &v))
        section #files {
            h2 { "Files" }
            ul {
                @for f in &t.files {
                    li {
                        @if f.made_here {
                            a href=(format!("/partners/transfers/{}/files/{}", t.transfer, f.kind)) download { "Download the " (f.kind) }
                            " (to hand to the partner)"
                        } @else {
                            "The " (f.kind) " from the partner, imported " (f.at.format("%Y-%m-%d"))
                        }
                    }
                }
            }
            p { a href="/partners/import" { "Import the partner's next file" } }
        }
        section #history {
            h2 { "History" }
            ol {
                @for e in &t.history {
                    li { (e.at.format("%Y-%m-%d %H:%M")) " · " (e.state) " · " (e.actor) @if let Some(d) = &e.detail { " · " (d) } }
                }
            }
        }
    };
    let flash = flash.or_else(|| errors.summary());
    Ok(page(status, layout(Some(actor), "Handover", flash, body)))
}

fn opt(q: Option<i64>) -> String {
    q.map(|q| q.to_string()).unwrap_or_else(|| "–".into())
}

fn step_form(
    t: &TransferView,
    action: &str,
    values: &Values,
    errors: &FormErrors,
    warehouses: &[crate::locations::Location],
    categories: &[crate::catalog::Category],
    v: &dyn Fn(&str, String) -> String,
) -> Markup {
    let _ = values;
    let qty_inputs = |prefill: &dyn Fn(&model::LineView) -> i64,
                      max: &dyn Fn(&model::LineView) -> i64| {
        html! {
            @for l in &t.lines {
                @let name = format!("line:{}", l.line);
                (field(&format!("{} ({}), line {}", l.name, l.condition, l.line), &name, html! {
                    input id=(name) type="number" inputmode="numeric" min="0" max=(max(l)) name=(name) value=(v(&name, prefill(l).to_string()));
                }, errors))
            }
        }
    };
    match (t.side.as_str(), t.state.as_str()) {
        ("receive", "offered") => html! {
            form #step method="post" action=(action) {
                h2 { "Answer the offer" }
                (qty_inputs(&|l| l.offered, &|l| l.offered))
                (errors.beside("lines")) (errors.beside("out_of_order")) (errors.beside(""))
                button type="submit" name="action" value="accept" { "Accept these" }
                " "
                button type="submit" name="action" value="decline" { "Decline the offer" }
            }
        },
        ("give", "offered") | ("give", "accepted") => html! {
            @if t.state == "accepted" {
                form #step method="post" action=(action) {
                    h2 { "Dispatch" }
                    p { "What actually leaves; the dispatch note is never changed afterwards." }
                    (qty_inputs(&|l| l.accepted.unwrap_or(0), &|l| l.accepted.unwrap_or(0)))
                    (errors.beside("lines")) (errors.beside("insufficient_stock")) (errors.beside("out_of_order")) (errors.beside(""))
                    button type="submit" name="action" value="dispatch" { "Dispatch" }
                }
            } @else {
                p { "Waiting for the partner's answer: import it when it comes." }
            }
            form method="post" action=(action) {
                button type="submit" name="action" value="withdraw" { "Withdraw the offer" }
            }
        },
        ("receive", "dispatched") => html! {
            form #step method="post" action=(action) {
                h2 { "Receive" }
                (field("Into warehouse", "warehouse", html! {
                    select #warehouse name="warehouse" {
                        @for w in warehouses { option value=(w.slug) selected[v("warehouse", String::new()) == w.slug] { (w.name) } }
                    }
                }, errors))
                (field("Received on", "received_on", html! { input #received_on type="date" name="received_on" value=(v("received_on", chrono::Utc::now().date_naive().to_string())); }, errors))
                @for l in &t.lines {
                    @let n = l.line;
                    fieldset {
                        legend { (l.name) " (" (l.condition) "): " (opt(l.dispatched)) " sent" }
                        @if l.our_category.is_none() {
                            (field("Is our…", &format!("map:{n}"), html! {
                                select id=(format!("map:{n}")) name=(format!("map:{n}")) {
                                    option value="" { "choose" }
                                    @for c in categories { option value=(c.slug) selected[v(&format!("map:{n}"), String::new()) == c.slug] { (c.name) } }
                                }
                            }, errors))
                        }
                        (field("Received", &format!("line:{n}"), html! {
                            input id=(format!("line:{n}")) type="number" inputmode="numeric" min="0" name=(format!("line:{n}")) value=(v(&format!("line:{n}"), l.dispatched.unwrap_or(0).to_string()));
                        }, errors))
                        (field("Condition", &format!("condition:{n}"), html! {
                            select id=(format!("condition:{n}")) name=(format!("condition:{n}")) {
                                @for c in crate::catalog::Condition::ALL {
                                    option value=(c.as_str()) selected[v(&format!("condition:{n}"), l.condition.clone()) == c.as_str()] { (c.as_str()) }
                                }
                            }
                        }, errors))
                        (field("Why it differs (if it does)", &format!("reason:{n}"), html! {
                            select id=(format!("reason:{n}")) name=(format!("reason:{n}")) {
                                @for (val, label) in [("", "no difference"), ("short", "short"), ("damaged", "damaged"), ("wrong-item", "wrong item"), ("extra", "extra")] {
                                    option value=(val) selected[v(&format!("reason:{n}"), String::new()) == val] { (label) }
                                }
                            }
                        }, errors))
                        (errors.beside(&format!("lines[{n}]"))) (errors.beside(&format!("lines[{n}].reason")))
                    }
                }
                (errors.beside("lines")) (errors.beside("out_of_order")) (errors.beside(""))
                button type="submit" name="action" value="receive" { "Record what arrived" }
            }
        },
        ("give", "dispatched") => html! {
            p { "Sent: waiting for the partner's receipt note." }
            form #step method="post" action=(action) {
                (field("If it never arrives: why", "reason", html! { input #reason name="reason" value=(v("reason", String::new())); }, errors))
                button type="submit" name="action" value="lost" { "Declare it lost" }
            }
        },
        _ => html! {},
    }
}

/// A step's request from the form's values; a value of the wrong shape is named.
fn parse<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> AppResult<T> {
    serde_json::from_value(v).map_err(|e| AppError::invalid("", format!("check every field: {e}")))
}

fn line_quantities(values: &Values) -> Vec<serde_json::Value> {
    let mut lines: Vec<(i64, i64)> = values
        .iter()
        .filter_map(|(k, v)| {
            let line: i64 = k.strip_prefix("line:")?.parse().ok()?;
            Some((line, v.trim().parse().unwrap_or(-1)))
        })
        .collect();
    lines.sort();
    lines
        .into_iter()
        .map(|(line, q)| json!({"line": line, "quantity": q}))
        .collect()
}

pub async fn step(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    f: Form,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let values = values_of(f);
    let what = form::value(&values, "action");
    let handle = actor.handle.clone();
    let now = state.clock.now();
    let (t, vals) = (id.clone(), values.clone());
    let result = state
        .db
        .write(move |c| {
            match what.as_str() {
                "accept" | "decline" => {
                    let req = parse(json!({"decision": what, "lines": line_quantities(&vals)}))?;
                    model::answer(c, &t, &req, &handle, now).map(|_| format!("{}ed. Download the answer below and hand it to the partner.", if what == "accept" { "Accept" } else { "Declin" }))
                }
                "withdraw" => model::withdraw(c, &t, &handle, now).map(|_| "The offer is withdrawn.".to_string()),
                "dispatch" => {
                    let req = parse(json!({"lines": line_quantities(&vals)}))?;
                    model::dispatch(c, &t, &req, &handle, now).map(|_| "Dispatched. Download the dispatch note below and send it with the goods.".to_string())
                }
                "receive" => {
                    let partner = model::find(c, &t)?;
                    let code = super::store::partner(c, partner.partner_id)?.code_name;
                    let view = model::view(c, &partner, now.date())?;
                    let mut lines = Vec::new();
                    for l in &view.lines {
                        let n = l.line;
                        let map = form::value(&vals, &format!("map:{n}"));
                        if !map.is_empty() {
                            let req = parse(json!({"their_category": l.category, "category": map}))?;
                            model::map_category(c, &code, &req)?;
                        }
                        let reason = form::value(&vals, &format!("reason:{n}"));
                        lines.push(json!({
                            "line": n,
                            "received": form::value(&vals, &format!("line:{n}")).parse::<i64>().unwrap_or(-1),
                            "condition": form::value(&vals, &format!("condition:{n}")),
                            "reason": if reason.is_empty() { None } else { Some(reason) },
                        }));
                    }
                    let req = parse(json!({
                        "warehouse": form::value(&vals, "warehouse"),
                        "received_on": form::value(&vals, "received_on"),
                        "lines": lines,
                    }))?;
                    model::receive(c, &t, &req, &handle, now).map(|_| "Received and counted in. Download the receipt note below and hand it to the partner.".to_string())
                }
                "lost" => {
                    let req = parse(json!({"reason": form::value(&vals, "reason")}))?;
                    model::declare_lost(c, &t, &req, &handle, now).map(|_| "Declared lost: what was sent is written off as lost in transit.".to_string())
                }
                other => Err(AppError::BadRequest(format!("no step '{other}'"))),
            }
        })
        .await;
    match result {
        Ok(message) => Ok(see_other(&format!(
            "/partners/transfers/{id}?done={}",
            urlencode(&message)
        ))),
        Err(e) => {
            let errors = form::refusal(e)?;
            render_transfer(
                &state,
                &actor,
                &id,
                None,
                values,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
