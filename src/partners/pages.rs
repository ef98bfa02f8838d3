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
use std::collections::HashMap;

use super::forms;
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

/// How an input points at its errors: `aria-invalid` and `aria-describedby` naming the
/// error's id, when it has one.
struct Aria {
    invalid: Option<&'static str>,
    by: Option<String>,
    /// The first problem's input takes the focus, so the page opens where it is.
    focus: bool,
}

fn has_error(errors: &FormErrors, name: &str) -> bool {
    errors.0.iter().any(|e| e.field == name)
}

fn error_id(name: &str) -> String {
    format!("{name}-error")
}

fn aria(errors: &FormErrors, name: &str) -> Aria {
    let bad = has_error(errors, name);
    Aria {
        invalid: bad.then_some("true"),
        by: bad.then(|| error_id(name)),
        focus: errors.0.first().is_some_and(|e| e.field == name),
    }
}

/// The errors of `name`, right under its input, with the id the input points at.
fn beside(errors: &FormErrors, name: &str) -> Markup {
    html! {
        @if has_error(errors, name) {
            div.field-errors id=(error_id(name)) { (errors.beside(name)) }
        }
    }
}

/// A labelled input with its errors under it, tied to them for screen readers.
fn field(
    label: &str,
    name: &str,
    errors: &FormErrors,
    input: impl FnOnce(Aria) -> Markup,
) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            (input(aria(errors, name)))
            (beside(errors, name))
        }
    }
}

/// An input's `aria-describedby`: its errors (if any), then its hint.
fn described(errors: Option<String>, hint: &str) -> String {
    match errors {
        Some(e) => format!("{e} {hint}"),
        None => hint.to_string(),
    }
}

/// How long a new partnership is proposed for, in days (the form says so).
const DEFAULT_PARTNERSHIP_DAYS: u64 = 14;
/// How long a new offer is proposed to stay open, in days (the form says so).
const DEFAULT_OFFER_DAYS: u64 = 14;

/// Goods by our catalogue's name in the reader's language (`names`, by slug); a
/// partner's category we have not mapped keeps the name their file gave it.
fn in_our_names(t: &mut TransferView, names: &HashMap<String, String>) {
    for l in &mut t.lines {
        let ours = l.our_category.as_ref().unwrap_or(&l.category);
        if let Some(name) = names.get(ours) {
            l.name = name.clone();
        }
    }
}

/// What a handover is about, short: "30 Sleeping bag, 10 Tent and 2 more".
fn goods_summary(t: &TransferView) -> String {
    let lines: Vec<String> = t
        .lines
        .iter()
        .take(2)
        .map(|l| t!("partners-goods-line", n = l.offered, name = &l.name))
        .collect();
    let more = t.lines.len().saturating_sub(2);
    if more > 0 {
        t!(
            "partners-goods-more",
            goods = lines.join(", "),
            n = more as i64
        )
    } else {
        lines.join(", ")
    }
}

/// At the top of a form: nothing was saved, and each problem as a link to its field.
fn error_summary(errors: &FormErrors) -> Markup {
    html! {
        @if !errors.is_empty() {
            // Without an input to take the focus (the handover moved on, a group of
            // rows), the summary takes it, so the page still opens at the problems.
            @let no_input = errors.0.first().is_some_and(|e| matches!(e.field.as_str(), "" | "form_key" | "lines"));
            div.flash.error #problems role="alert" tabindex=[no_input.then_some("-1")] autofocus[no_input] {
                p { strong { (t!("partners-err-summary", n = errors.0.len())) } }
                ul {
                    @for e in &errors.0 {
                        li {
                            @if e.field.is_empty() || e.field == "form_key" {
                                (e.message)
                            } @else {
                                a href=(format!("#{}", e.field)) { (e.message) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The confirmation after a step on a handover, worded here in the reader's language
/// from the step's code in `?done=` (`twice=1` when the form was sent twice): the
/// address never carries words, so nobody can put their own sentence on the page.
fn transfer_flash(q: &HashMap<String, String>, t: &TransferView) -> Option<Flash> {
    let done = q.get("done")?;
    let twice = q.get("twice").is_some_and(|v| v == "1");
    let message = match done.as_str() {
        "offer" if twice => t!("partners-offer-made-again"),
        "offer" => t!("partners-offer-made"),
        imported if imported.starts_with("imported-") => {
            let code = imported.trim_start_matches("imported-");
            let kind = kind_word(code);
            if twice {
                t!("partners-imported-again", kind = kind)
            } else {
                t!(
                    "partners-imported",
                    kind = kind,
                    code = code,
                    partner = &t.partner_name,
                    state = state_word(&t.state)
                )
            }
        }
        step => {
            let message = step_done(step)?;
            if twice {
                t!("partners-sent-twice", done = message)
            } else {
                message
            }
        }
    };
    Some(Flash::Ok(message))
}

/// Where a handover's page is after a change: the change's code rides along so the
/// page words its confirmation in the reader's language.
fn transfer_done(transfer: &str, done: &str, twice: bool) -> HttpResponse {
    let twice = if twice { "&twice=1" } else { "" };
    see_other(&format!(
        "/partners/transfers/{transfer}?done={}{twice}",
        urlencode(done)
    ))
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
pub(crate) fn word(group: &str, code: &str) -> String {
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
        Some(kind) if !kind.contains(' ') => t!(
            "partners-detail-imported",
            kind = kind_word(kind),
            code = kind
        ),
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
        q.get("added").cloned(),
        Values::new(),
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn render_partners(
    state: &AppState,
    actor: &Actor,
    added: Option<String>,
    values: Values,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let lang = Lang::current();
    let (public, mut partners, transfers) = state
        .db
        .write(move |c| {
            let names = crate::catalog::names::in_lang(c, lang)?;
            let mut transfers = model::list(c, now.date())?;
            for t in &mut transfers {
                in_our_names(t, &names);
            }
            Ok((model::our_key(c, now)?, model::list_partners(c)?, transfers))
        })
        .await?;
    partners.sort_by_key(|p| p.name.to_lowercase());
    // `?added=` names the partner just added; the sentence is worded here.
    let flash = added
        .and_then(|code| partners.iter().find(|p| p.code_name == code))
        .map(|p| {
            Flash::Ok(t!(
                "partners-added",
                partner = &p.name,
                fingerprint = &p.fingerprint
            ))
        });
    let qr = public.qr_svg().unwrap_or_default();
    let v = |k: &str| values.get(k).cloned().unwrap_or_default();
    // A fresh form proposes a partnership of two weeks; what was typed stays as typed.
    let valid_until = values
        .get("valid_until")
        .cloned()
        .unwrap_or_else(|| (now.date() + chrono::Days::new(DEFAULT_PARTNERSHIP_DAYS)).to_string());
    let add_form = html! {
        section #add-partner {
            h2 { (t!("partners-add")) }
            // Sent back with errors, the page opens at this form, not at our key.
            form method="post" novalidate action="/partners#add-partner" {
                (form::csrf_field(actor))
                (error_summary(&errors))
                (field(&t!("partners-name"), "name", &errors, |a| html! {
                    input #name type="text" name="name" value=(v("name"))
                        aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus];
                }))
                // Optional: made from the name when left empty. The hint is tied to the
                // input with its errors, so a screen reader hears both.
                (field(&t!("partners-code-name"), "code_name", &errors, |a| html! {
                    input #code_name type="text" name="code_name" value=(v("code_name")) dir="ltr"
                        aria-describedby=(described(a.by, "code_name-how")) aria-invalid=[a.invalid] autofocus[a.focus];
                    small #code_name-how { (t!("partners-code-name-how")) }
                }))
                (field(&t!("partners-their-key"), "public_key", &errors, |a| html! {
                    textarea #public_key name="public_key" rows="3" dir="ltr" required
                        aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus] { (v("public_key")) }
                }))
                (field(&t!("partners-we"), "direction", &errors, |a| html! {
                    select #direction name="direction" aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus] {
                        @for val in ["both", "give", "receive"] {
                            option value=(val) selected[v("direction") == val] { (word("direction", val)) }
                        }
                    }
                }))
                (field(&t!("partners-valid-until"), "valid_until", &errors, |a| html! {
                    input #valid_until type="date" name="valid_until" value=(valid_until) required
                        aria-describedby=(described(a.by, "valid_until-how")) aria-invalid=[a.invalid] autofocus[a.focus];
                    small #valid_until-how { (t!("partners-valid-until-how", days = DEFAULT_PARTNERSHIP_DAYS as i64)) }
                }))
                (beside(&errors, "")) (beside(&errors, "form_key"))
                button type="submit" { (t!("partners-add-button")) }
            }
        }
    };
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
                            strong { (p.name) } " · "
                            @if p.name != p.code_name { bdi dir="ltr" { (p.code_name) } " · " }
                            (t!("partners-item", direction = word("direction", &p.direction), until = p.valid_until))
                            br; small dir="ltr" { (p.fingerprint) }
                        }
                    }
                }
            }
        }
        (add_form)
        section #transfers {
            h2 { (t!("partners-handovers")) }
            @if transfers.is_empty() { p { (t!("partners-handovers-none")) } }
            ul {
                @for t in &transfers {
                    // The day and what goes tell one handover from another.
                    li { a href=(format!("/partners/transfers/{}", t.transfer)) {
                        (crate::i18n::date(t.created_at.date())) " · "
                        @if t.side == "give" {
                            (t!("partners-handover-give", partner = &t.partner_name, state = state_word(&t.state)))
                        } @else {
                            (t!("partners-handover-receive", partner = &t.partner_name, state = state_word(&t.state)))
                        }
                    }
                    br; small.goods { (goods_summary(t)) } }
                }
            }
        }
    };
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
    let handle = actor.handle.clone();
    let now = state.clock.now();
    let lang = Lang::current();
    let typed = values.clone();
    let result = state
        .db
        .write(move |c| {
            lang.sync_scope(|| {
                let req = forms::new_partner(c, &typed, now)?;
                model::add_partner(c, &req, &handle, now)
                    .map_err(|e| forms::in_words(e, "code_name"))
            })
        })
        .await;
    match result {
        Ok(p) => Ok(see_other(&format!(
            "/partners?added={}",
            urlencode(&p.code_name)
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
    q: web::Query<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let mut values: Values = q.into_inner().into_iter().collect();
    // "Show all" clears the filter and keeps every count typed so far.
    if values.contains_key("all") {
        values.remove("find");
        values.remove("group");
    }
    render_offer(
        &state,
        &actor,
        values,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// Whether a row of the offer sheet shows under the quick filter: it matches the text
/// and the group, or it already has a count typed, or an error.
fn row_shows(r: &forms::OfferRow, values: &Values, errors: &FormErrors) -> bool {
    let find = form::value(values, "find").to_lowercase();
    let group = form::value(values, "group");
    let typed = !matches!(form::value(values, &r.input()).as_str(), "" | "0");
    let matches =
        (find.is_empty() || r.name.to_lowercase().contains(&find) || r.category.contains(&find))
            && (group.is_empty() || r.group == group);
    matches || typed || has_error(errors, &r.input())
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
    // A write, not a read: counting free stock holds the warehouse's rows like a plan does.
    let (mut partners, warehouses, here, rows) = state
        .db
        .write(move |c| {
            let mut warehouses = crate::locations::store::all(c, Some("warehouse"))?;
            warehouses.sort_by_key(|w| w.name.to_lowercase());
            let here = warehouses
                .iter()
                .find(|w| w.slug == chosen)
                .or(warehouses.first())
                .cloned();
            let names = crate::catalog::names::in_lang(c, lang)?;
            let rows = match &here {
                Some(w) => forms::offer_rows(c, w.id, &names)?,
                None => Vec::new(),
            };
            Ok((model::list_partners(c)?, warehouses, here, rows))
        })
        .await?;
    partners.sort_by_key(|p| p.name.to_lowercase());
    let today = state.clock.today();
    let here_slug = here.as_ref().map(|w| w.slug.clone()).unwrap_or_default();
    let v = |k: &str| values.get(k).cloned().unwrap_or_default();
    let givable: Vec<_> = partners
        .iter()
        .filter(|p| p.direction != "receive")
        .collect();
    // Refused, the sheet shows the rows with a count or a problem, so each error is
    // near the top beside its row, not thousands of pixels down; "show all" brings back
    // the rest with every count kept.
    let typed_or_wrong: Vec<&forms::OfferRow> = rows
        .iter()
        .filter(|r| {
            !matches!(form::value(&values, &r.input()).as_str(), "" | "0")
                || has_error(&errors, &r.input())
        })
        .collect();
    let shown: Vec<&forms::OfferRow> = if !errors.is_empty() && !typed_or_wrong.is_empty() {
        typed_or_wrong
    } else {
        rows.iter()
            .filter(|r| row_shows(r, &values, &errors))
            .collect()
    };
    let hidden = rows.len() - shown.len();
    let filtered = !v("find").trim().is_empty() || !v("group").is_empty();
    let mut groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    groups.sort_by_key(|g| crate::catalog::model::CategoryGroup::rank(g));
    groups.dedup();
    let body = html! {
        h1 { (t!("partners-offer-title")) }
        form method="get" novalidate action="/partners/offer" {
            (field(&t!("partners-offer-from"), "from", &errors, |_| html! {
                select #from name="warehouse" {
                    @for w in &warehouses { option value=(w.slug) selected[here_slug == w.slug] { (w.name) } }
                }
            }))
            button type="submit" { (t!("partners-offer-show-stock")) }
        }
        @if givable.is_empty() {
            p { (t!("partners-offer-no-partner")) " " a href="/partners" { (t!("partners-offer-add-one")) } }
        } @else {
            // Sent back refused, the page opens at the list of problems.
            // No fragment: a redirect keeps it, so a made offer would open at "#problems";
            // refused, the first problem takes the focus instead.
            // Its token rides on its two POST buttons, not in a hidden field: the filter
            // below sends this form by GET (`form::button_token`).
            form #offer method="post" novalidate action="/partners/offer" {
                (key_input(&values))
                // Enter in a count makes the offer, not the filter below: the first
                // submit button of a form is the one Enter presses.
                button.default-action type="submit" name="csrf" value=(form::button_token(actor)) tabindex="-1" aria-hidden="true" { (t!("partners-offer-button")) }
                (error_summary(&errors))
                input type="hidden" name="warehouse" value=(here_slug);
                (beside(&errors, "warehouse"))
                (field(&t!("partners-offer-to"), "partner", &errors, |a| html! {
                    select #partner name="partner" aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus] {
                        @for p in &givable { option value=(p.code_name) selected[v("partner") == p.code_name] { (p.name) } }
                    }
                }))
                (field(&t!("partners-offer-until"), "expires_on", &errors, |a| html! {
                    // Proposed two weeks ahead, as the hint says; what was typed stays.
                    input #expires_on type="date" name="expires_on" required
                        value=(values.get("expires_on").cloned().unwrap_or_else(|| (today + chrono::Days::new(DEFAULT_OFFER_DAYS)).to_string()))
                        aria-describedby=(described(a.by, "expires_on-how")) aria-invalid=[a.invalid] autofocus[a.focus];
                    small #expires_on-how { (t!("partners-offer-until-how", days = DEFAULT_OFFER_DAYS as i64)) }
                }))
                fieldset #lines aria-describedby=[aria(&errors, "lines").by] {
                    legend { (t!("partners-offer-how-many")) }
                    (beside(&errors, "lines"))
                    // The quick filter is a GET of this same form: every count typed so
                    // far travels with it and comes back in its row.
                    div.filter {
                        label for="find" { (t!("partners-offer-find")) }
                        input #find type="search" name="find" value=(v("find"));
                        label for="group" { (t!("partners-offer-group")) }
                        select #group name="group" {
                            option value="" { (t!("partners-offer-group-all")) }
                            @for g in &groups {
                                option value=(g) selected[v("group") == *g] { (crate::catalog::model::CategoryGroup::label_of(g)) }
                            }
                        }
                        button type="submit" formmethod="get" formaction="/partners/offer#lines" formnovalidate name="filter" value="1" { (t!("partners-offer-filter")) }
                        @if hidden > 0 {
                            " "
                            button type="submit" formmethod="get" formaction="/partners/offer#lines" formnovalidate name="all" value="1" { (t!("partners-offer-show-all")) }
                        }
                    }
                    @if rows.is_empty() {
                        p { (t!("partners-offer-nothing-free")) }
                    }
                    @for (k, _) in values.iter().filter(|(k, _)| k.starts_with("qty:") && has_error(&errors, k) && !rows.iter().any(|r| r.input() == **k)) {
                        (beside(&errors, k))
                    }
                    @for r in &shown {
                        @let name = r.input();
                        (field(&t!("partners-offer-line", category = &r.name, condition = condition_word(r.condition.as_str()), n = r.free), &name, &errors, |a| html! {
                            input id=(name) type="number" inputmode="numeric" min="0" max=(r.free) name=(name)
                                value=(values.get(&name).cloned().unwrap_or_else(|| "0".into()))
                                aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus];
                        }))
                    }
                    // "Clear the filter" only when there is one; a refused sheet hides
                    // the untouched rows without any filter.
                    @if hidden > 0 && filtered {
                        p { small { (t!("partners-offer-hidden", n = hidden)) } }
                    } @else if hidden > 0 {
                        p { small { (t!("partners-offer-hidden-refused", n = hidden)) } }
                    }
                }
                (field(&t!("partners-offer-note"), "note", &errors, |a| html! {
                    textarea #note name="note" rows="2" aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus] { (v("note")) }
                }))
                (beside(&errors, "")) (beside(&errors, "form_key"))
                button #make-offer type="submit" name="csrf" value=(form::button_token(actor)) { (t!("partners-offer-button")) }
            }
        }
    };
    Ok(page(
        status,
        layout(Some(actor), &t!("partners-offer-title"), None, body),
    ))
}

pub async fn offer(state: web::Data<AppState>, actor: Actor, f: Form) -> AppResult<HttpResponse> {
    let values = values_of(f);
    let outcome = match form::require_form_key(&values) {
        Err(_) => Err(Ok(FormErrors(vec![forms::key_missing()]))),
        Ok(key) => {
            let handle = actor.handle.clone();
            let now = state.clock.now();
            let lang = Lang::current();
            let typed = values.clone();
            once_per_form(&state, &actor, &key, "offer", &values, move |c| {
                lang.sync_scope(|| {
                    let names = crate::catalog::names::in_lang(c, lang)?;
                    let req = forms::offer(c, &typed, &names, now)?;
                    model::offer(c, &req, &handle, now)
                        .map(|done| done.transfer.transfer)
                        .map_err(|e| forms::in_words(e, "lines"))
                })
            })
            .await
            .map_err(|e| form::refusal(in_words_here(e)))
        }
    };
    match outcome {
        Ok(done) => Ok(transfer_done(&done.value, "offer", done.replayed)),
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

/// A refusal from outside the checked form (a form key reused with other values) in
/// words; the ones `forms` made are already worded and pass as they are.
fn in_words_here(e: AppError) -> AppError {
    match e {
        AppError::Conflict {
            code: "idempotency_key_reused",
            ..
        } => AppError::invalid("", t!("partners-err-form-reused")),
        other => other,
    }
}

// ---- importing ----

pub async fn import_page(actor: Actor) -> AppResult<HttpResponse> {
    Ok(page(
        StatusCode::OK,
        import_form(&actor, "", FormErrors::default()),
    ))
}

fn import_form(actor: &Actor, pasted: &str, errors: FormErrors) -> Markup {
    let body = html! {
        h1 { (t!("partners-import-title")) }
        p { (t!("partners-import-intro")) }
        // Multipart: the guard reads the token from its `csrf` part.
        form #import method="post" enctype="multipart/form-data" novalidate action="/partners/import" {
            (form::csrf_field(actor))
            (error_summary(&errors))
            (field(&t!("partners-import-file"), "file", &errors, |a| html! {
                input #file type="file" name="file" accept=".txt,text/plain"
                    aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus];
            }))
            (field(&t!("partners-import-paste"), "text", &errors, |a| html! {
                textarea #text name="text" rows="6" dir="ltr" aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus] { (pasted) }
            }))
            (beside(&errors, ""))
            button type="submit" { (t!("partners-import-button")) }
        }
    };
    layout(Some(actor), &t!("partners-import-title-short"), None, body)
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
    // The file chosen if it has content, else the pasted text; the pasted text is
    // kept in its box whatever happens, and a refusal sits beside the input used.
    let (chosen, pasted) = if content_type.starts_with("multipart/form-data") {
        let parts = form::multipart_parts(&content_type, &body).unwrap_or_default();
        (
            parts.get("file").filter(|t| !t.trim().is_empty()).cloned(),
            parts.get("text").cloned().unwrap_or_default(),
        )
    } else {
        (None, pasted_text(&body).unwrap_or_default())
    };
    let (text, used) = match chosen {
        Some(file) => (file, "file"),
        None if !pasted.trim().is_empty() => (pasted.clone(), "text"),
        None => {
            let errors = FormErrors::one("file", t!("partners-import-empty"));
            return Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                import_form(&actor, &pasted, errors),
            ));
        }
    };
    let handle = actor.handle.clone();
    let now = state.clock.now();
    let lang = Lang::current();
    let typed = text.clone();
    match state
        .db
        .write(move |c| {
            lang.sync_scope(|| {
                forms::import(c, &typed, now)?;
                model::import(c, &typed, &handle, now).map_err(|e| forms::in_words(e, "file"))
            })
        })
        .await
    {
        Ok(done) => Ok(transfer_done(
            &done.transfer.transfer,
            &format!("imported-{}", done.kind),
            done.replayed,
        )),
        Err(e) => {
            // Every refusal is about what was imported: shown beside the input used (a
            // file chosen is not sent back by a browser; pasted text is kept).
            let FormErrors(mut list) = form::refusal(e)?;
            for e in &mut list {
                e.field = used.into();
            }
            Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                import_form(&actor, &pasted, FormErrors(list)),
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
    render_transfer(
        &state,
        &actor,
        &path.into_inner(),
        Some(&q),
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
    done: Option<&HashMap<String, String>>,
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
            let mut categories: Vec<(String, String)> = crate::catalog::store::all(c)?
                .into_iter()
                .map(|cat| {
                    let name = names.get(&cat.slug).cloned().unwrap_or(cat.name);
                    (cat.slug, name)
                })
                .collect();
            categories.sort_by_key(|(_, name)| name.to_lowercase());
            let mut warehouses = crate::locations::store::all(c, Some("warehouse"))?;
            warehouses.sort_by_key(|w| w.name.to_lowercase());
            let mut view = model::view(c, &t, today)?;
            in_our_names(&mut view, &names);
            Ok((
                view,
                Choices {
                    warehouses,
                    categories,
                },
            ))
        })
        .await?;
    let flash = done.and_then(|q| transfer_flash(q, &t));
    let form = StepForm {
        t: &t,
        action: format!("/partners/transfers/{}", t.transfer),
        csrf: form::csrf_field(actor),
        values: &values,
        errors: &errors,
        choices: &choices,
    };
    let body = html! {
        h1 {
            @if t.side == "give" { (t!("partners-to", partner = &t.partner_name)) }
            @else { (t!("partners-from", partner = &t.partner_name)) }
        }
        p #state { (t!("partners-state")) " " strong { (state_word(&t.state)) } " · " (t!("partners-open-until", date = t.expires_on)) }
        // Notes are shown as they were written (escaped), and whose words they are.
        @if let Some(n) = &t.note {
            section #offer-note {
                h2 { @if t.side == "receive" { (t!("partners-note-theirs-offer")) } @else { (t!("partners-note-ours-offer")) } }
                blockquote dir="auto" { (n) }
            }
        }
        @if let Some(n) = &t.receipt_note {
            section #receipt-note {
                h2 { @if t.side == "give" { (t!("partners-note-theirs-receipt")) } @else { (t!("partners-note-ours-receipt")) } }
                blockquote dir="auto" { (n) }
            }
        }
        @for l in &t.lines {
            section.handover-line {
                h2 { (l.name) " (" (condition_word(l.condition.as_str())) ")" }
                dl.facts {
                    dt { (t!("partners-offered")) } dd { (number(l.offered)) }
                    dt { (t!("partners-accepted")) } dd { (opt(l.accepted)) }
                    dt { (t!("partners-sent")) } dd { (opt(l.dispatched)) }
                    dt { (t!("partners-received")) } dd {
                        (opt(l.received))
                        @if let Some(c) = l.received_condition { @if c != l.condition { " " (condition_word(c.as_str())) } }
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
                            (t!("partners-imported-on", kind = kind_word(&f.kind), code = &f.kind, date = f.at.date()))
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
                        // Facts are worded here; other words are a person's, or a line
                        // from before facts were kept.
                        @if let Some(f) = &e.facts { " · " (f.words()) }
                        @else if let Some(d) = &e.detail { " · " (detail_word(d)) }
                    }
                }
            }
        }
    };
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
    /// The session's token, in every step form.
    csrf: Markup,
    values: &'a Values,
    errors: &'a FormErrors,
    choices: &'a Choices,
}

impl StepForm<'_> {
    fn v(&self, k: &str, default: String) -> String {
        self.values.get(k).cloned().unwrap_or(default)
    }

    /// One count per line, pre-filled, at most `max` (lines with nothing to count are
    /// left out); "count at least one" sits above them.
    fn counts(
        &self,
        prefill: fn(&model::LineView) -> i64,
        max: fn(&model::LineView) -> i64,
    ) -> Markup {
        let errors = self.errors;
        html! {
            fieldset #lines aria-describedby=[aria(errors, "lines").by] {
                legend { (t!("partners-how-many")) }
                (beside(errors, "lines"))
                @for l in self.t.lines.iter().filter(|l| max(l) > 0) {
                    @let name = format!("line:{}", l.line);
                    (field(&t!("partners-line-label", name = &l.name, condition = condition_word(l.condition.as_str()), n = max(l)), &name, errors, |a| html! {
                        input id=(name) type="number" inputmode="numeric" min="0" max=(max(l)) name=(name)
                            value=(self.v(&name, prefill(l).to_string()))
                            aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus];
                    }))
                }
            }
        }
    }

    /// Problems that belong to no one input: the handover moved on, the form's key.
    fn problems(&self) -> Markup {
        html! { (beside(self.errors, "")) (beside(self.errors, "form_key")) }
    }

    fn render(&self) -> Markup {
        let t = self.t;
        let (action, errors) = (&self.action, self.errors);
        let key = key_input(self.values);
        let sent = form::value(self.values, "action");
        let form = match (t.side.as_str(), t.state.as_str()) {
            ("receive", "offered") => html! {
                form #step method="post" novalidate action=(action) {
                    (self.csrf)
                    (key)
                    h2 { (t!("partners-answer")) }
                    (self.counts(|l| l.offered, |l| l.offered))
                    (self.problems())
                    button type="submit" name="action" value="accept" { (t!("partners-accept-button")) }
                }
                // Apart from accepting, in the danger style: it cannot be undone, so a
                // confirmation page comes first.
                form #decline.apart method="post" novalidate action=(action) {
                    (self.csrf)
                    (key_input(self.values))
                    button.danger type="submit" name="action" value="decline" { (t!("partners-decline-button")) }
                }
            },
            ("give", "offered") | ("give", "accepted") => html! {
                @if t.state == "accepted" {
                    form #step method="post" novalidate action=(action) {
                        (self.csrf)
                        (key)
                        h2 { (t!("partners-dispatch")) }
                        p { (t!("partners-dispatch-how")) }
                        (self.counts(|l| l.accepted.unwrap_or(0), |l| l.accepted.unwrap_or(0)))
                        @if sent == "dispatch" { (self.problems()) }
                        button type="submit" name="action" value="dispatch" { (t!("partners-dispatch-button")) }
                    }
                } @else {
                    p { (t!("partners-waiting-answer")) }
                }
                form #withdraw method="post" novalidate action=(action) {
                    (self.csrf)
                    (key_input(self.values))
                    button type="submit" name="action" value="withdraw" { (t!("partners-withdraw-button")) }
                }
            },
            ("receive", "dispatched") => self.receive_form(),
            ("give", "dispatched") => html! {
                p { (t!("partners-waiting-receipt")) }
                @if t.lines.iter().any(|l| l.unsent > 0) {
                    form #extra method="post" novalidate action=(action) {
                        (self.csrf)
                        (key)
                        h2 { (t!("partners-extra")) }
                        p { (t!("partners-extra-how")) }
                        (self.counts(|_| 0, |l| l.unsent))
                        @if sent == "extra" { (self.problems()) }
                        button type="submit" name="action" value="extra" { (t!("partners-extra-button")) }
                    }
                }
                form #step method="post" novalidate action=(action) {
                    (self.csrf)
                    (key_input(self.values))
                    (field(&t!("partners-lost-why"), "reason", errors, |a| html! {
                        input #reason name="reason" value=(self.v("reason", String::new()))
                            aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus];
                    }))
                    @if sent == "lost" { (self.problems()) }
                    button type="submit" name="action" value="lost" { (t!("partners-lost-button")) }
                }
            },
            _ => html! {},
        };
        html! {
            // One summary above the step's forms, whichever was sent: the handover may
            // have moved on since, and the form sent is then not shown at all.
            (error_summary(errors))
            (form)
        }
    }

    fn receive_form(&self) -> Markup {
        let (t, errors) = (self.t, self.errors);
        let today = chrono::Utc::now().date_naive().to_string();
        html! {
            form #step method="post" novalidate action=(self.action) {
                (self.csrf)
                (key_input(self.values))
                h2 { (t!("partners-receive")) }
                (field(&t!("partners-receive-into"), "warehouse", errors, |a| html! {
                    select #warehouse name="warehouse" aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus] {
                        @for w in &self.choices.warehouses { option value=(w.slug) selected[self.v("warehouse", String::new()) == w.slug] { (w.name) } }
                    }
                }))
                (field(&t!("partners-received-on"), "received_on", errors, |a| html! {
                    input #received_on type="date" name="received_on" value=(self.v("received_on", today))
                        aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus];
                }))
                @for l in &t.lines {
                    @let n = l.line;
                    @let (map, line, condition, reason) = (format!("map:{n}"), format!("line:{n}"), format!("condition:{n}"), format!("reason:{n}"));
                    fieldset {
                        legend { (t!("partners-receive-legend", name = &l.name, condition = condition_word(l.condition.as_str()), n = l.dispatched.unwrap_or(0))) }
                        @if l.our_category.is_none() {
                            (field(&t!("partners-map"), &map, errors, |a| html! {
                                select id=(map) name=(map) aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus] {
                                    option value="" { (t!("partners-map-choose")) }
                                    @for (slug, name) in &self.choices.categories { option value=(slug) selected[self.v(&map, String::new()) == *slug] { (name) } }
                                }
                            }))
                        }
                        (field(&t!("partners-received"), &line, errors, |a| html! {
                            input id=(line) type="number" inputmode="numeric" min="0" name=(line)
                                value=(self.v(&line, l.dispatched.unwrap_or(0).to_string()))
                                aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus];
                        }))
                        (field(&t!("partners-condition"), &condition, errors, |a| html! {
                            select id=(condition) name=(condition) aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus] {
                                @for c in crate::catalog::Condition::ALL {
                                    option value=(c.as_str()) selected[self.v(&condition, l.condition.to_string()) == c.as_str()] { (condition_word(c.as_str())) }
                                }
                            }
                        }))
                        (field(&t!("partners-why"), &reason, errors, |a| html! {
                            select id=(reason) name=(reason) aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus] {
                                option value="" { (t!("partners-reason-none")) }
                                @for val in ["short", "damaged", "wrong-item", "extra"] {
                                    option value=(val) selected[self.v(&reason, String::new()) == val] { (word("reason", val)) }
                                }
                            }
                        }))
                    }
                }
                (beside(errors, "lines"))
                (field(&t!("partners-receipt-note"), "note", errors, |a| html! {
                    textarea #note name="note" rows="2" aria-describedby=[a.by] aria-invalid=[a.invalid] autofocus[a.focus] { (self.v("note", String::new())) }
                }))
                (self.problems())
                button type="submit" name="action" value="receive" { (t!("partners-receive-button")) }
            }
        }
    }
}

/// A step read from its form and checked, in the reader's words, inside the write.
fn step_request(
    c: &mut crate::db::DbConn,
    what: &str,
    vals: &Values,
    t: &TransferView,
    today: chrono::NaiveDate,
) -> AppResult<StepRequest> {
    use super::file::Decision;
    Ok(match what {
        "accept" => StepRequest::Answer(forms::answer(t, vals, Decision::Accept)?),
        "decline" => StepRequest::Answer(forms::answer(t, vals, Decision::Decline)?),
        "withdraw" => StepRequest::Withdraw,
        "dispatch" => StepRequest::Dispatch(Step::Dispatch, forms::dispatch(t, vals, false)?),
        "extra" => StepRequest::Dispatch(Step::Extra, forms::dispatch(t, vals, true)?),
        "receive" => {
            let (maps, req) = forms::receive(c, t, vals, today)?;
            StepRequest::Receive(maps, req)
        }
        "lost" => StepRequest::Lost(forms::lost(vals)?),
        _ => return Err(AppError::invalid("", t!("partners-no-step"))),
    })
}

/// A step's request, read from the form and checked before the model takes it.
enum StepRequest {
    Answer(model::AnswerRequest),
    Withdraw,
    /// The first dispatch note, or a further one.
    Dispatch(Step, model::DispatchRequest),
    Receive(Vec<model::MappingRequest>, model::ReceiveRequest),
    Lost(model::LostRequest),
}

fn step_done(what: &str) -> Option<String> {
    Some(match what {
        "accept" => t!("partners-done-accept"),
        "decline" => t!("partners-done-decline"),
        "withdraw" => t!("partners-done-withdraw"),
        "dispatch" => t!("partners-done-dispatch"),
        "extra" => t!("partners-done-extra"),
        "receive" => t!("partners-done-receive"),
        "lost" => t!("partners-done-lost"),
        _ => return None,
    })
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
    // Declining ends the handover for good: restated, then done on a second POST.
    if what == "decline" && !crate::web::confirm::is_confirmed(&values) {
        let (t, today) = (id.clone(), state.clock.today());
        let view = state
            .db
            .read(move |c| {
                let found = model::find(c, &t)?;
                model::view(c, &found, today)
            })
            .await?;
        let fields: Vec<(String, String)> =
            values.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let title = t!("partners-decline-title", partner = &view.partner_name);
        let back = format!("/partners/transfers/{id}");
        return Ok(crate::web::confirm::danger_page(
            &actor,
            &crate::web::confirm::Confirmation {
                title: &title,
                restated: html! { p { (t!("partners-decline-how")) } },
                action: &back,
                fields: &fields,
                confirm_label: &t!("partners-decline-button"),
                cancel_href: &back,
            },
        ));
    }
    let outcome = match form::require_form_key(&values) {
        Err(_) => Err(Ok(FormErrors(vec![forms::key_missing()]))),
        Ok(key) => {
            let (handle, now, t) = (actor.handle.clone(), state.clock.now(), id.clone());
            let (what, typed, lang) = (what.clone(), values.clone(), Lang::current());
            once_per_form(
                &state,
                &actor,
                &key,
                &format!("step-{id}"),
                &values,
                move |c| {
                    lang.sync_scope(|| {
                        let today = now.date();
                        let found = model::find(c, &t)?;
                        let mut view = model::view(c, &found, today)?;
                        // Refusals name goods as the page does.
                        in_our_names(&mut view, &crate::catalog::names::in_lang(c, lang)?);
                        let req = step_request(c, &what, &typed, &view, today)?;
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
                        .map_err(|e| forms::in_words(e, "lines"))
                        .map(|_| what)
                    })
                },
            )
            .await
            .map_err(|e| form::refusal(in_words_here(e)))
        }
    };
    match outcome {
        Ok(done) => Ok(transfer_done(&id, &done.value, done.replayed)),
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
