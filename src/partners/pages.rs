//! Pages for partner collectives, without JavaScript: our key (text, fingerprint, QR),
//! adding a partner, offering stock, importing a file (upload or paste), and a
//! handover's page with its state, history, files and the next step's form. Every word
//! goes through Fluent (`locales/*/partners.ftl`); a flash is worded before the redirect,
//! in the language of the one who acted.
//!
//! Stable hooks for tests: `#our-key`, `#add-partner`, `#offer`, `#import`, `#state`,
//! `#history`, `#step` (the next step's form), `#extra` (a further dispatch note),
//! `#files`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup, PreEscaped};
use serde_json::json;
use std::collections::HashMap;

use super::model::{self, TransferView};
use super::states::Step;
use crate::auth::pages::urlencode;
use crate::auth::Actor;
use crate::error::{AppError, AppResult};
use crate::i18n::{number, Lang, Msg};
use crate::idempotency::{self, IdempotencyKey};
use crate::state::AppState;
use crate::t;
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

/// The hidden key that makes a form's double submit count once: the one sent back
/// after a refusal, else a fresh one.
fn key_input(values: &Values) -> Markup {
    let key = idempotency::sent_form_key(values).unwrap_or_else(idempotency::new_form_key);
    html! { input type="hidden" name="form_key" value=(key); }
}

/// Takes `change` once per form key; the hash binds the key to what was asked.
async fn once_per_form<F>(
    state: &AppState,
    actor: &Actor,
    key: &str,
    what: &str,
    values: &Values,
    change: F,
) -> AppResult<idempotency::Recorded<String>>
where
    F: FnOnce(&mut crate::db::DbConn) -> AppResult<String> + Send + 'static,
{
    let typed: std::collections::BTreeMap<&String, &String> =
        values.iter().filter(|(k, _)| *k != "form_key").collect();
    let hash = format!(
        "page-partners-{what}:{}",
        serde_json::to_string(&typed).unwrap_or_default()
    );
    idempotency::once_typed(
        state,
        actor,
        IdempotencyKey(Some(format!("form-{key}"))),
        hash,
        change,
    )
    .await
}

// ---- words for the values the model keeps as codes ----

/// The reader's words for the codes the model keeps (`group:code`).
const WORDS: &[(&str, Msg)] = &[
    ("state:offered", Msg("partners-state-offered")),
    ("state:accepted", Msg("partners-state-accepted")),
    ("state:declined", Msg("partners-state-declined")),
    ("state:withdrawn", Msg("partners-state-withdrawn")),
    ("state:expired", Msg("partners-state-expired")),
    ("state:dispatched", Msg("partners-state-dispatched")),
    ("state:received", Msg("partners-state-received")),
    ("state:closed", Msg("partners-state-closed")),
    ("state:lost", Msg("partners-state-lost")),
    ("kind:offer", Msg("partners-kind-offer")),
    ("kind:answer", Msg("partners-kind-answer")),
    ("kind:dispatch", Msg("partners-kind-dispatch")),
    ("kind:receipt", Msg("partners-kind-receipt")),
    ("cond:good", Msg("partners-cond-good")),
    ("cond:usable", Msg("partners-cond-usable")),
    ("cond:needs-drying", Msg("partners-cond-needs-drying")),
    ("cond:needs-cleaning", Msg("partners-cond-needs-cleaning")),
    ("cond:needs-repair", Msg("partners-cond-needs-repair")),
    ("cond:unusable", Msg("partners-cond-unusable")),
    ("direction:both", Msg("partners-direction-both")),
    ("direction:give", Msg("partners-direction-give")),
    ("direction:receive", Msg("partners-direction-receive")),
    ("reason:short", Msg("partners-reason-short")),
    ("reason:damaged", Msg("partners-reason-damaged")),
    ("reason:wrong-item", Msg("partners-reason-wrong-item")),
    ("reason:extra", Msg("partners-reason-extra")),
];

/// The reader's word for `code` in `group` (the code itself if a newer Haul wrote one
/// this one does not know).
fn word(group: &str, code: &str) -> String {
    WORDS
        .iter()
        .find(|(c, _)| c.split_once(':') == Some((group, code)))
        .map(|(_, m)| m.get())
        .unwrap_or_else(|| code.to_string())
}

fn state_word(state: &str) -> String {
    word("state", state)
}

fn kind_word(kind: &str) -> String {
    word("kind", kind)
}

fn condition_word(condition: &str) -> String {
    word("cond", condition)
}

/// A history line's detail: the ones Haul writes are worded here, a person's own words
/// (a loss's reason, the shortfall the partner gave) are shown as they are.
fn detail_word(detail: &str) -> String {
    match detail.strip_suffix(" imported") {
        Some(kind) if !kind.contains(' ') => t!("partners-detail-imported", kind = kind_word(kind)),
        _ if detail == "a further dispatch note" => t!("partners-detail-extra"),
        _ => detail.to_string(),
    }
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
        h1 { (t!("partners-title")) }
        p { (t!("partners-intro")) }
        p { a.button href="/partners/import" { (t!("partners-import-link")) } " " a.button href="/partners/offer" { (t!("partners-offer-link")) } }
        section #our-key {
            h2 { (t!("partners-our-key")) }
            p { (t!("partners-our-key-how")) }
            figure.chart role="img" aria-label=(t!("partners-qr-label")) { (PreEscaped(qr)) }
            dl.facts {
                dt { (t!("partners-fingerprint")) } dd { strong dir="ltr" { (public.fingerprint()) } }
                dt { (t!("partners-key")) } dd { code dir="ltr" { (public.text()) } }
            }
        }
        section #partners {
            h2 { (t!("partners-list")) }
            @if partners.is_empty() {
                p { (t!("partners-none")) }
            } @else {
                ul {
                    @for p in &partners {
                        li {
                            strong { (p.code_name) } " · "
                            (t!("partners-item", direction = word("direction", &p.direction), until = p.valid_until))
                            br; small dir="ltr" { (p.fingerprint) }
                        }
                    }
                }
            }
        }
        section #add-partner {
            h2 { (t!("partners-add")) }
            form method="post" action=(actor.form_action("/partners")) {
                (field(&t!("partners-code-name"), "code_name", html! { input #code_name name="code_name" value=(v("code_name")) required; }, &errors))
                (field(&t!("partners-their-key"), "public_key", html! { textarea #public_key name="public_key" rows="3" dir="ltr" required { (v("public_key")) } }, &errors))
                (field(&t!("partners-we"), "direction", html! {
                    select #direction name="direction" {
                        @for val in ["both", "give", "receive"] {
                            option value=(val) selected[v("direction") == val] { (word("direction", val)) }
                        }
                    }
                }, &errors))
                (field(&t!("partners-valid-until"), "valid_until", html! { input #valid_until type="date" name="valid_until" value=(v("valid_until")) required; }, &errors))
                (errors.beside(""))
                button type="submit" { (t!("partners-add-button")) }
            }
        }
        section #transfers {
            h2 { (t!("partners-handovers")) }
            @if transfers.is_empty() { p { (t!("partners-handovers-none")) } }
            ul {
                @for t in &transfers {
                    li { a href=(format!("/partners/transfers/{}", t.transfer)) {
                        @if t.side == "give" {
                            (t!("partners-handover-give", partner = &t.partner, state = state_word(&t.state)))
                        } @else {
                            (t!("partners-handover-receive", partner = &t.partner, state = state_word(&t.state)))
                        }
                    } }
                }
            }
        }
    };
    let flash = flash.or_else(|| errors.summary());
    Ok(page(
        status,
        layout(Some(actor), &t!("partners-title-short"), flash, body),
    ))
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
    let result = match req {
        Ok(req) => {
            let handle = actor.handle.clone();
            let now = state.clock.now();
            state
                .db
                .write(move |c| model::add_partner(c, &req, &handle, now))
                .await
        }
        Err(e) => Err(AppError::invalid(
            "",
            t!("partners-check-fields", problem = e.to_string()),
        )),
    };
    match result {
        Ok(p) => Ok(see_other(&format!(
            "/partners?done={}",
            urlencode(&t!(
                "partners-added",
                partner = &p.code_name,
                fingerprint = &p.fingerprint
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
    let lang = Lang::current();
    let (partners, warehouses, stock, names) = state
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
            let names = crate::catalog::names::in_lang(c, lang)?;
            Ok((model::list_partners(c)?, warehouses, stock, names))
        })
        .await?;
    let v = |k: &str| values.get(k).cloned().unwrap_or_default();
    let givable: Vec<_> = partners
        .iter()
        .filter(|p| p.direction != "receive")
        .collect();
    let body = html! {
        h1 { (t!("partners-offer-title")) }
        form method="get" action="/partners/offer" {
            (field(&t!("partners-offer-from"), "warehouse", html! {
                select #warehouse name="warehouse" {
                    @for w in &warehouses { option value=(w.slug) selected[v("warehouse") == w.slug] { (w.name) } }
                }
            }, &errors))
            button type="submit" { (t!("partners-offer-show-stock")) }
        }
        @if givable.is_empty() {
            p { (t!("partners-offer-no-partner")) " " a href="/partners" { (t!("partners-offer-add-one")) } }
        } @else {
            form #offer method="post" action=(actor.form_action("/partners/offer")) {
                (key_input(&values))
                input type="hidden" name="warehouse" value=(stock.first().map(|r| r.location.clone()).unwrap_or_else(|| v("warehouse")));
                (field(&t!("partners-offer-to"), "partner", html! {
                    select #partner name="partner" {
                        @for p in &givable { option value=(p.code_name) selected[v("partner") == p.code_name] { (p.code_name) } }
                    }
                }, &errors))
                (field(&t!("partners-offer-until"), "expires_on", html! { input #expires_on type="date" name="expires_on" value=(v("expires_on")) required; }, &errors))
                fieldset {
                    legend { (t!("partners-offer-how-many")) }
                    @for r in &stock {
                        @let name = format!("qty:{}:{}", r.category, r.condition);
                        @let shown = names.get(&r.category).cloned().unwrap_or_else(|| r.category_name.clone());
                        (field(&t!("partners-offer-line", category = &shown, condition = condition_word(&r.condition), n = r.quantity), &name, html! {
                            input id=(name) type="number" inputmode="numeric" min="0" max=(r.quantity) name=(name) value=(values.get(&name).cloned().unwrap_or_else(|| "0".into()));
                        }, &errors))
                    }
                    (errors.beside("lines"))
                }
                (field(&t!("partners-offer-note"), "note", html! { textarea #note name="note" rows="2" { (v("note")) } }, &errors))
                (errors.beside("")) (errors.beside("form_key"))
                (errors.beside("insufficient_stock")) (errors.beside("conflict"))
                button type="submit" { (t!("partners-offer-button")) }
            }
        }
    };
    Ok(page(
        status,
        layout(
            Some(actor),
            &t!("partners-offer-title"),
            errors.summary(),
            body,
        ),
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
    let outcome = match (form::require_form_key(&values), req) {
        (Err(errors), _) => Err(Ok(errors)),
        (_, Err(e)) => Err(Ok(FormErrors::one(
            "",
            t!("partners-check-fields", problem = e.to_string()),
        ))),
        (Ok(_), Ok(_)) if lines.is_empty() => {
            Err(Ok(FormErrors::one("lines", t!("partners-offer-nothing"))))
        }
        (Ok(key), Ok(req)) => {
            let handle = actor.handle.clone();
            let now = state.clock.now();
            once_per_form(&state, &actor, &key, "offer", &values, move |c| {
                model::offer(c, &req, &handle, now).map(|done| done.transfer.transfer)
            })
            .await
            .map_err(form::refusal)
        }
    };
    match outcome {
        Ok(done) => {
            let message = if done.replayed {
                t!("partners-offer-made-again")
            } else {
                t!("partners-offer-made")
            };
            Ok(see_other(&format!(
                "/partners/transfers/{}?done={}",
                done.value,
                urlencode(&message)
            )))
        }
        Err(errors) => {
            render_offer(
                &state,
                &actor,
                values,
                errors?,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

// ---- importing ----

pub async fn import_page(actor: Actor) -> AppResult<HttpResponse> {
    Ok(page(
        StatusCode::OK,
        import_form(&actor, FormErrors::default()),
    ))
}

fn import_form(actor: &Actor, errors: FormErrors) -> Markup {
    let body = html! {
        h1 { (t!("partners-import-title")) }
        p { (t!("partners-import-intro")) }
        form #import method="post" enctype="multipart/form-data" action=(actor.form_action("/partners/import")) {
            (field(&t!("partners-import-file"), "file", html! { input #file type="file" name="file" accept=".txt,text/plain"; }, &errors))
            (field(&t!("partners-import-paste"), "text", html! { textarea #text name="text" rows="6" dir="ltr" {} }, &errors))
            (errors.beside(""))
            button type="submit" { (t!("partners-import-button")) }
        }
    };
    layout(
        Some(actor),
        &t!("partners-import-title-short"),
        errors.summary(),
        body,
    )
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
        let errors = FormErrors::one("file", t!("partners-import-empty"));
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
                t!("partners-imported-again", kind = kind_word(&done.kind))
            } else {
                t!(
                    "partners-imported",
                    kind = kind_word(&done.kind),
                    partner = &t.partner,
                    state = state_word(&t.state)
                )
            };
            Ok(see_other(&format!(
                "/partners/transfers/{}?done={}",
                t.transfer,
                urlencode(&message)
            )))
        }
        Err(e) => {
            // Every refusal of a file is about the file: shown beside its input.
            let FormErrors(mut list) = form::refusal(e)?;
            for e in &mut list {
                if e.field.is_empty() || e.field == "file" || e.field.contains('_') {
                    e.field = "file".into();
                }
            }
            Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                import_form(&actor, FormErrors(list)),
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

/// What the handover's page shows besides the handover: our warehouses, and our
/// categories (slug, name in the reader's language) for mapping a partner's.
struct Choices {
    warehouses: Vec<crate::locations::Location>,
    categories: Vec<(String, String)>,
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
    let lang = Lang::current();
    let (t, choices) = state
        .db
        .read(move |c| {
            let t = model::find(c, &id)?;
            let names = crate::catalog::names::in_lang(c, lang)?;
            let categories = crate::catalog::store::all(c)?
                .into_iter()
                .map(|cat| {
                    let name = names.get(&cat.slug).cloned().unwrap_or(cat.name);
                    (cat.slug, name)
                })
                .collect();
            Ok((
                model::view(c, &t, today)?,
                Choices {
                    warehouses: crate::locations::store::all(c, Some("warehouse"))?,
                    categories,
                },
            ))
        })
        .await?;
    let form = StepForm {
        t: &t,
        action: actor.form_action(&format!("/partners/transfers/{}", t.transfer)),
        values: &values,
        errors: &errors,
        choices: &choices,
    };
    let body = html! {
        h1 {
            @if t.side == "give" { (t!("partners-to", partner = &t.partner)) }
            @else { (t!("partners-from", partner = &t.partner)) }
        }
        p #state { (t!("partners-state")) " " strong { (state_word(&t.state)) } " · " (t!("partners-open-until", date = t.expires_on)) }
        @for l in &t.lines {
            section.handover-line {
                h2 { (l.name) " (" (condition_word(&l.condition)) ")" }
                dl.facts {
                    dt { (t!("partners-offered")) } dd { (number(l.offered)) }
                    dt { (t!("partners-accepted")) } dd { (opt(l.accepted)) }
                    dt { (t!("partners-sent")) } dd { (opt(l.dispatched)) }
                    dt { (t!("partners-received")) } dd {
                        (opt(l.received))
                        @if let Some(c) = &l.received_condition { @if *c != l.condition { " " (condition_word(c)) } }
                        @if let Some(r) = &l.reason { " · " (word("reason", r)) }
                    }
                }
            }
        }
        (form.render())
        section #files {
            h2 { (t!("partners-files")) }
            ul {
                @for f in &t.files {
                    li {
                        @if f.made_here {
                            a href=(format!("/partners/transfers/{}/files/{}", t.transfer, f.name)) download {
                                (t!("partners-download", kind = kind_word(&f.kind)))
                                @if f.name != f.kind { " (" bdi { (f.name) } ")" }
                            }
                            " " (t!("partners-to-hand-over"))
                        } @else {
                            (t!("partners-imported-on", kind = kind_word(&f.kind), date = f.at.date()))
                        }
                    }
                }
            }
            p { a href="/partners/import" { (t!("partners-import-next")) } }
        }
        section #history {
            h2 { (t!("partners-history")) }
            ol {
                @for e in &t.history {
                    li {
                        (crate::i18n::date(e.at.date())) " " (e.at.format("%H:%M")) " · " (state_word(&e.state)) " · " (e.actor)
                        @if let Some(d) = &e.detail { " · " (detail_word(d)) }
                    }
                }
            }
        }
    };
    let flash = flash.or_else(|| errors.summary());
    Ok(page(
        status,
        layout(Some(actor), &t!("partners-handover"), flash, body),
    ))
}

fn opt(q: Option<i64>) -> String {
    q.map(number).unwrap_or_else(|| "–".into())
}

/// The next step's form on a handover's page, by side and state.
struct StepForm<'a> {
    t: &'a TransferView,
    action: String,
    values: &'a Values,
    errors: &'a FormErrors,
    choices: &'a Choices,
}

impl StepForm<'_> {
    fn v(&self, k: &str, default: String) -> String {
        self.values.get(k).cloned().unwrap_or(default)
    }

    /// One count per line, pre-filled, at most `max` (lines with nothing to count are
    /// left out).
    fn counts(
        &self,
        prefill: fn(&model::LineView) -> i64,
        max: fn(&model::LineView) -> i64,
    ) -> Markup {
        html! {
            @for l in self.t.lines.iter().filter(|l| max(l) > 0) {
                @let name = format!("line:{}", l.line);
                (field(&t!("partners-line-label", name = &l.name, condition = condition_word(&l.condition), line = l.line), &name, html! {
                    input id=(name) type="number" inputmode="numeric" min="0" max=(max(l)) name=(name) value=(self.v(&name, prefill(l).to_string()));
                }, self.errors))
            }
        }
    }

    fn problems(&self, codes: &[&str]) -> Markup {
        html! {
            @for c in codes { (self.errors.beside(c)) }
            (self.errors.beside("")) (self.errors.beside("form_key"))
        }
    }

    fn render(&self) -> Markup {
        let t = self.t;
        let (action, errors) = (&self.action, self.errors);
        let key = key_input(self.values);
        match (t.side.as_str(), t.state.as_str()) {
            ("receive", "offered") => html! {
                form #step method="post" action=(action) {
                    (key)
                    h2 { (t!("partners-answer")) }
                    (self.counts(|l| l.offered, |l| l.offered))
                    (self.problems(&["lines", "out_of_order"]))
                    button type="submit" name="action" value="accept" { (t!("partners-accept-button")) }
                    " "
                    button type="submit" name="action" value="decline" { (t!("partners-decline-button")) }
                }
            },
            ("give", "offered") | ("give", "accepted") => html! {
                @if t.state == "accepted" {
                    form #step method="post" action=(action) {
                        (key)
                        h2 { (t!("partners-dispatch")) }
                        p { (t!("partners-dispatch-how")) }
                        (self.counts(|l| l.accepted.unwrap_or(0), |l| l.accepted.unwrap_or(0)))
                        (self.problems(&["lines", "insufficient_stock", "out_of_order"]))
                        button type="submit" name="action" value="dispatch" { (t!("partners-dispatch-button")) }
                    }
                } @else {
                    p { (t!("partners-waiting-answer")) }
                }
                form method="post" action=(action) {
                    (key_input(self.values))
                    button type="submit" name="action" value="withdraw" { (t!("partners-withdraw-button")) }
                }
            },
            ("receive", "dispatched") => self.receive_form(),
            ("give", "dispatched") => html! {
                p { (t!("partners-waiting-receipt")) }
                @if t.lines.iter().any(|l| l.unsent > 0) {
                    form #extra method="post" action=(action) {
                        (key)
                        h2 { (t!("partners-extra")) }
                        p { (t!("partners-extra-how")) }
                        (self.counts(|_| 0, |l| l.unsent))
                        (self.problems(&["lines", "insufficient_stock", "out_of_order"]))
                        button type="submit" name="action" value="extra" { (t!("partners-extra-button")) }
                    }
                }
                form #step method="post" action=(action) {
                    (key_input(self.values))
                    (field(&t!("partners-lost-why"), "reason", html! { input #reason name="reason" value=(self.v("reason", String::new())); }, errors))
                    (self.problems(&["out_of_order"]))
                    button type="submit" name="action" value="lost" { (t!("partners-lost-button")) }
                }
            },
            _ => html! {},
        }
    }

    fn receive_form(&self) -> Markup {
        let (t, errors) = (self.t, self.errors);
        let today = chrono::Utc::now().date_naive().to_string();
        html! {
            form #step method="post" action=(self.action) {
                (key_input(self.values))
                h2 { (t!("partners-receive")) }
                (field(&t!("partners-receive-into"), "warehouse", html! {
                    select #warehouse name="warehouse" {
                        @for w in &self.choices.warehouses { option value=(w.slug) selected[self.v("warehouse", String::new()) == w.slug] { (w.name) } }
                    }
                }, errors))
                (field(&t!("partners-received-on"), "received_on", html! { input #received_on type="date" name="received_on" value=(self.v("received_on", today)); }, errors))
                @for l in &t.lines {
                    @let n = l.line;
                    fieldset {
                        legend { (t!("partners-receive-legend", name = &l.name, condition = condition_word(&l.condition), n = l.dispatched.unwrap_or(0))) }
                        @if l.our_category.is_none() {
                            (field(&t!("partners-map"), &format!("map:{n}"), html! {
                                select id=(format!("map:{n}")) name=(format!("map:{n}")) {
                                    option value="" { (t!("partners-map-choose")) }
                                    @for (slug, name) in &self.choices.categories { option value=(slug) selected[self.v(&format!("map:{n}"), String::new()) == *slug] { (name) } }
                                }
                            }, errors))
                        }
                        (field(&t!("partners-received"), &format!("line:{n}"), html! {
                            input id=(format!("line:{n}")) type="number" inputmode="numeric" min="0" name=(format!("line:{n}")) value=(self.v(&format!("line:{n}"), l.dispatched.unwrap_or(0).to_string()));
                        }, errors))
                        (field(&t!("partners-condition"), &format!("condition:{n}"), html! {
                            select id=(format!("condition:{n}")) name=(format!("condition:{n}")) {
                                @for c in crate::catalog::Condition::ALL {
                                    option value=(c.as_str()) selected[self.v(&format!("condition:{n}"), l.condition.clone()) == c.as_str()] { (condition_word(c.as_str())) }
                                }
                            }
                        }, errors))
                        (field(&t!("partners-why"), &format!("reason:{n}"), html! {
                            select id=(format!("reason:{n}")) name=(format!("reason:{n}")) {
                                option value="" { (t!("partners-reason-none")) }
                                @for val in ["short", "damaged", "wrong-item", "extra"] {
                                    option value=(val) selected[self.v(&format!("reason:{n}"), String::new()) == val] { (word("reason", val)) }
                                }
                            }
                        }, errors))
                        (errors.beside(&format!("lines[{n}]"))) (errors.beside(&format!("lines[{n}].reason")))
                    }
                }
                (self.problems(&["lines", "out_of_order"]))
                button type="submit" name="action" value="receive" { (t!("partners-receive-button")) }
            }
        }
    }
}

/// A step's request, read from the form here (in the reader's language) before the
/// write, whose closure runs on the writer thread.
enum StepRequest {
    Answer(model::AnswerRequest),
    Withdraw,
    /// The first dispatch note, or a further one.
    Dispatch(Step, model::DispatchRequest),
    Receive(Vec<model::MappingRequest>, model::ReceiveRequest),
    Lost(model::LostRequest),
}

/// A value of the wrong shape is named.
fn parse<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> AppResult<T> {
    serde_json::from_value(v)
        .map_err(|e| AppError::invalid("", t!("partners-check-fields", problem = e.to_string())))
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

fn step_request(what: &str, vals: &Values, t: &TransferView) -> AppResult<StepRequest> {
    Ok(match what {
        "accept" | "decline" => StepRequest::Answer(parse(
            json!({"decision": what, "lines": line_quantities(vals)}),
        )?),
        "withdraw" => StepRequest::Withdraw,
        "dispatch" | "extra" => StepRequest::Dispatch(
            if what == "extra" {
                Step::Extra
            } else {
                Step::Dispatch
            },
            parse(json!({"lines": line_quantities(vals)}))?,
        ),
        "receive" => {
            let mut maps = Vec::new();
            let mut lines = Vec::new();
            for l in &t.lines {
                let n = l.line;
                let map = form::value(vals, &format!("map:{n}"));
                if !map.is_empty() {
                    maps.push(parse(
                        json!({"their_category": l.category, "category": map}),
                    )?);
                }
                let reason = form::value(vals, &format!("reason:{n}"));
                lines.push(json!({
                    "line": n,
                    "received": form::value(vals, &format!("line:{n}")).parse::<i64>().unwrap_or(-1),
                    "condition": form::value(vals, &format!("condition:{n}")),
                    "reason": if reason.is_empty() { None } else { Some(reason) },
                }));
            }
            let req = parse(json!({
                "warehouse": form::value(vals, "warehouse"),
                "received_on": form::value(vals, "received_on"),
                "lines": lines,
            }))?;
            StepRequest::Receive(maps, req)
        }
        "lost" => StepRequest::Lost(parse(json!({"reason": form::value(vals, "reason")}))?),
        _ => return Err(AppError::invalid("", t!("partners-no-step"))),
    })
}

fn step_done(what: &str) -> String {
    match what {
        "accept" => t!("partners-done-accept"),
        "decline" => t!("partners-done-decline"),
        "withdraw" => t!("partners-done-withdraw"),
        "dispatch" => t!("partners-done-dispatch"),
        "extra" => t!("partners-done-extra"),
        "receive" => t!("partners-done-receive"),
        _ => t!("partners-done-lost"),
    }
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
    let today = state.clock.today();
    let shown = id.clone();
    let view = state
        .db
        .read(move |c| {
            let t = model::find(c, &shown)?;
            model::view(c, &t, today)
        })
        .await?;
    let outcome = match (
        form::require_form_key(&values),
        step_request(&what, &values, &view),
    ) {
        (Err(errors), _) => Err(Ok(errors)),
        (_, Err(e)) => Err(form::refusal(e)),
        (Ok(key), Ok(req)) => {
            let (handle, now, t) = (actor.handle.clone(), state.clock.now(), id.clone());
            let what = what.clone();
            once_per_form(
                &state,
                &actor,
                &key,
                &format!("step-{id}"),
                &values,
                move |c| {
                    match req {
                        StepRequest::Answer(r) => model::answer(c, &t, &r, &handle, now),
                        StepRequest::Withdraw => model::withdraw(c, &t, &handle, now),
                        StepRequest::Dispatch(step, r) => {
                            model::dispatch(c, &t, &r, step, &handle, now)
                        }
                        StepRequest::Receive(maps, r) => {
                            for m in &maps {
                                model::map_category(c, &view.partner, m)?;
                            }
                            model::receive(c, &t, &r, &handle, now)
                        }
                        StepRequest::Lost(r) => model::declare_lost(c, &t, &r, &handle, now),
                    }
                    .map(|_| what)
                },
            )
            .await
            .map_err(form::refusal)
        }
    };
    match outcome {
        Ok(done) => {
            let mut message = step_done(&done.value);
            if done.replayed {
                message = t!("partners-sent-twice", done = message);
            }
            Ok(see_other(&format!(
                "/partners/transfers/{id}?done={}",
                urlencode(&message)
            )))
        }
        Err(errors) => {
            render_transfer(
                &state,
                &actor,
                &id,
                None,
                values,
                errors?,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
