//! Warehouse pages: triage (one-tap regrades of what waits to be dried, cleaned or
//! repaired), transfer, stocktake and write-off, each a thin form over `movements::model`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

use crate::auth::Actor;
use crate::catalog::{Category, Condition};
use crate::error::AppResult;
use crate::idempotency::{self, IdempotencyKey, Recorded};
use crate::ledger::lines::LineRequest;
use crate::ledger::model::StockRow;
use crate::ledger::pages::{name_key, sort_by_name};
use crate::ledger::{Count, Quantity};
use crate::locations::{Location, LocationKind};
use crate::movements::model::{
    self, CountedLine, MovementView, RegradeRequest, StocktakeRequest, TransferRequest,
    WriteoffRequest,
};
use crate::state::AppState;
use crate::text::FreeText;
use crate::web::confirm::{self, Confirmation};
use crate::web::form::{self, FormErrors, Shown, Values};
use crate::web::{layout, page, Flash};

/// The conditions that wait for work before goods can go out.
pub const WAITING: [Condition; 3] = [
    Condition::NeedsDrying,
    Condition::NeedsCleaning,
    Condition::NeedsRepair,
];
/// Extra blank rows on a count sheet, for goods found that the books do not list.
const EXTRA_ROWS: usize = 3;

/// Warehouses, sites and categories in use, with every location's name for messages.
struct Choices {
    warehouses: Vec<Location>,
    sites: Vec<Location>,
    categories: Vec<Category>,
    names: HashMap<String, String>,
}

impl Choices {
    fn place(&self, slug: &str) -> String {
        self.names
            .get(slug)
            .cloned()
            .unwrap_or_else(|| slug.to_string())
    }
    fn category(&self, slug: &str) -> String {
        self.categories
            .iter()
            .find(|c| c.slug == slug)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| slug.to_string())
    }
    /// The warehouse (or site, with `sites_too`) that `wanted` names; with none named,
    /// the first warehouse. A place named but not among them is `None`, never another
    /// place: a refused sheet must not show what was typed under a place not chosen.
    fn pick(&self, wanted: Option<&str>, sites_too: bool) -> Option<&Location> {
        let mut places = self
            .warehouses
            .iter()
            .chain(self.sites.iter().filter(|_| sites_too));
        match wanted {
            Some(w) => places.find(|p| p.slug == w),
            None => places.next(),
        }
    }
}

async fn choices(state: &AppState) -> AppResult<Choices> {
    state
        .db
        .read(|c| {
            let names = crate::locations::store::all(c, None)?
                .into_iter()
                .map(|l| (l.slug, l.name))
                .collect();
            let mut warehouses =
                crate::locations::store::all(c, Some(LocationKind::Warehouse.as_str()))?;
            let mut sites = crate::locations::store::all(c, Some(LocationKind::Site.as_str()))?;
            for list in [&mut warehouses, &mut sites] {
                list.sort_by_cached_key(|l| name_key(&l.name));
            }
            let mut categories = crate::catalog::store::all(c)?;
            categories.sort_by_cached_key(|x| name_key(&x.name));
            Ok(Choices {
                warehouses,
                sites,
                categories,
                names,
            })
        })
        .await
}

async fn stock_at(state: &AppState, place: Option<&Location>) -> AppResult<Vec<StockRow>> {
    let Some(id) = place.map(|p| p.id) else {
        return Ok(Vec::new());
    };
    state
        .db
        .read(move |c| {
            let filter = crate::ledger::store::StockFilter {
                location_id: Some(id),
                ..Default::default()
            };
            let mut rows = crate::ledger::store::stock(c, &filter)?;
            sort_by_name(&mut rows);
            Ok(rows)
        })
        .await
}

/// A place asked for in the address: a blank one asks for none.
fn asked(place: &Option<String>) -> Option<&str> {
    place.as_deref().map(str::trim).filter(|p| !p.is_empty())
}

/// Records `change` once per form key and answers its typed result.
async fn record_once<R, F>(
    state: &AppState,
    actor: &Actor,
    form_key: &str,
    kind: &str,
    req: &R,
    change: F,
) -> AppResult<Recorded<MovementView>>
where
    R: serde::Serialize,
    F: FnOnce(&mut crate::db::DbConn) -> AppResult<MovementView> + Send + 'static,
{
    let hash = format!(
        "page-{kind}:{}",
        serde_json::to_string(req).unwrap_or_default()
    );
    idempotency::once_typed(
        state,
        actor,
        IdempotencyKey(Some(format!("form-{form_key}"))),
        hash,
        change,
    )
    .await
}

/// The place chooser of a sheet: `path` and the query parameter (also the form field)
/// that names its place.
struct Chooser<'a> {
    path: &'a str,
    param: &'a str,
}

const TRIAGE: Chooser = Chooser {
    path: "/triage",
    param: "location",
};
const TRANSFER: Chooser = Chooser {
    path: "/transfer",
    param: "from",
};
const WRITEOFF: Chooser = Chooser {
    path: "/writeoff",
    param: "location",
};
const STOCKTAKE: Chooser = Chooser {
    path: "/stocktake",
    param: "location",
};

impl Chooser<'_> {
    /// One link per place (`path?param=slug`), the shown one in bold and not a link;
    /// the error about the place (the form's, or "not in the list" for a place asked
    /// for that is not there) right under the links, where the choice is made.
    fn links(
        &self,
        places: &[&Location],
        chosen: Option<&Location>,
        asked: Option<&str>,
        errors: &FormErrors,
    ) -> Markup {
        let (path, param) = (self.path, self.param);
        let has_error = errors.0.iter().any(|e| e.field == param);
        html! {
            nav.places aria-label="Places" {
                @for p in places {
                    @if chosen.is_some_and(|c| c.id == p.id) {
                        strong aria-current="true" { (p.name) }
                    } @else {
                        a href={(path) "?" (param) "=" (p.slug)} { (p.name) }
                    }
                    " "
                }
            }
            (errors.beside(param))
            @if chosen.is_none() && asked.is_some() && !has_error {
                p.field-error role="alert" { "That place is not in the list: choose one above." }
            }
        }
    }
}

fn warehouse_tabs(actor: &Actor, here: &str) -> Markup {
    let tabs = [
        ("/triage", "Triage"),
        ("/transfer", "Transfer"),
        ("/stocktake", "Stocktake"),
        ("/writeoff", "Write off"),
    ];
    html! {
        nav.tabs aria-label="Warehouse" {
            @for (path, label) in tabs {
                @if path == here {
                    strong { (label) }
                } @else if crate::web::may_open(actor, path) {
                    a href=(path) { (label) }
                }
                " "
            }
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct PlaceQuery {
    pub location: Option<String>,
}

// ---- triage ----

fn done_word(from: Condition) -> &'static str {
    match from {
        Condition::NeedsDrying => "dried",
        Condition::NeedsCleaning => "cleaned",
        Condition::NeedsRepair => "repaired",
        _ => "regraded",
    }
}

/// What a triage row's form sent back, to show again beside that row after a refusal.
struct TriageTyped {
    category: String,
    from: String,
    quantity: String,
    errors: FormErrors,
}

async fn triage_render(
    state: &AppState,
    actor: &Actor,
    wanted: Option<&str>,
    flash: Option<Flash>,
    typed: Option<TriageTyped>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let ch = choices(state).await?;
    let chosen = ch.pick(wanted, false);
    let no_errors = FormErrors::default();
    let errors = typed.as_ref().map_or(&no_errors, |t| &t.errors);
    let rows: Vec<StockRow> = stock_at(state, chosen)
        .await?
        .into_iter()
        .filter(|r| WAITING.iter().any(|w| w.as_str() == r.condition))
        .collect();
    let warehouses: Vec<&Location> = ch.warehouses.iter().collect();
    let body = html! {
        (warehouse_tabs(actor, "/triage"))
        h1 { "Triage" @if let Some(w) = chosen { " at " (w.name) } }
        (TRIAGE.links(&warehouses, chosen, wanted, errors))
        @if chosen.is_some() && rows.is_empty() {
            p { "Nothing waits to be dried, cleaned or repaired here." }
        }
        @for cond in WAITING {
            @let of_cond: Vec<&StockRow> = rows.iter().filter(|r| r.condition == cond.as_str()).collect();
            @if !of_cond.is_empty() {
                h2 { (cond.as_str()) }
                @for r in of_cond {
                    @let mine = typed.as_ref().filter(|t| t.category == r.category && t.from == r.condition);
                    @let qty = mine.map(|t| t.quantity.clone()).unwrap_or_else(|| r.quantity.to_string());
                    div.triage id={"t-" (r.category) "-" (r.condition)} {
                        p.name { strong { (r.category_name) } " · " (r.quantity) " waiting" }
                        form method="post" action=(actor.form_action("/triage")) {
                            input type="hidden" name="form_key" value=(idempotency::new_form_key());
                            input type="hidden" name="location" value=[chosen.map(|c| c.slug.as_str())];
                            input type="hidden" name="category" value=(r.category);
                            input type="hidden" name="from_condition" value=(r.condition);
                            label.sr for={"q-" (r.category) "-" (r.condition)} { "How many" }
                            input id={"q-" (r.category) "-" (r.condition)} type="number" inputmode="numeric" name="quantity" min="1" max=(r.quantity) value=(qty);
                            @if let Some(t) = mine { (t.errors.beside("quantity")) (t.errors.beside("to_condition")) }
                            div.moves {
                                button type="submit" name="to_condition" value="good" { (done_word(cond)) " → good" }
                                button.secondary type="submit" name="to_condition" value="usable" { "→ usable" }
                                button.secondary type="submit" name="to_condition" value="unusable" { "→ unusable" }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page(status, layout(Some(actor), "Triage", flash, body)))
}

pub async fn triage_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<PlaceQuery>,
) -> AppResult<HttpResponse> {
    triage_render(
        &state,
        &actor,
        asked(&q.location),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

fn regrade_request(values: &Values) -> Result<RegradeRequest, FormErrors> {
    let mut errors = Vec::new();
    let cond = |key: &str, errors: &mut Vec<crate::error::FieldError>| {
        let raw = form::value(values, key);
        raw.parse::<Condition>()
            .map_err(|e| errors.push(crate::error::FieldError::new(key, e.to_string())))
            .ok()
    };
    let from = cond("from_condition", &mut errors);
    let to = cond("to_condition", &mut errors);
    let quantity = parse_quantity(&form::value(values, "quantity"))
        .map_err(|m| errors.push(crate::error::FieldError::new("quantity", m)))
        .ok();
    match (from, to, quantity) {
        (Some(from_condition), Some(to_condition), Some(quantity)) if errors.is_empty() => {
            Ok(RegradeRequest {
                location: form::value(values, "location"),
                category: form::value(values, "category"),
                from_condition,
                to_condition,
                quantity,
                note: None,
            })
        }
        _ => Err(FormErrors(errors)),
    }
}

fn parse_quantity(raw: &str) -> Result<Quantity, String> {
    let n: i64 = raw
        .parse()
        .map_err(|_| format!("'{raw}' is not a whole number"))?;
    Quantity::parse(n)
}

pub async fn regrade_submit(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let values: Values = fields.into_inner().into_iter().collect();
    let location = form::value(&values, "location");
    let typed = |errors: FormErrors| TriageTyped {
        category: form::value(&values, "category"),
        from: form::value(&values, "from_condition"),
        quantity: form::value(&values, "quantity"),
        errors,
    };
    let refuse = |errors: FormErrors| {
        let flash = errors.summary();
        (flash, Some(typed(errors)))
    };
    let parsed =
        form::require_form_key(&values).and_then(|k| regrade_request(&values).map(|r| (k, r)));
    let (key, req) = match parsed {
        Ok(p) => p,
        Err(errors) => {
            let (flash, typed) = refuse(errors);
            return triage_render(
                &state,
                &actor,
                Some(&location),
                flash,
                typed,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let r = req.clone();
    let result = record_once(&state, &actor, &key, "regrade", &req, move |c| {
        model::regrade(c, &r, &handle, now)
    })
    .await;
    match result {
        Ok(done) => {
            let ch = choices(&state).await?;
            let msg = format!(
                "{} {} {}: {} → {} at {}.",
                capitalised(done_word(req.from_condition)),
                req.quantity.get(),
                ch.category(&req.category),
                req.from_condition,
                req.to_condition,
                ch.place(&done.value.location),
            );
            triage_render(
                &state,
                &actor,
                Some(&location),
                Some(Flash::Ok(replayed(msg, done.replayed))),
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(e) => {
            let (flash, typed) = refuse(form::refusal(e)?);
            triage_render(
                &state,
                &actor,
                Some(&location),
                flash,
                typed,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn replayed(msg: String, was: bool) -> String {
    if was {
        format!("{msg} (This form had already been sent: it counted once.)")
    } else {
        msg
    }
}

// ---- lines typed against the stock of one place (transfer, write-off) ----

fn line_key(category: &str, condition: &str) -> String {
    format!("q.{category}.{condition}")
}

/// The lines typed on a stock sheet (`q.<category>.<condition>`), sorted; empty and 0
/// are skipped, anything else that is not 1..=1 000 000 is an error beside its line.
fn typed_lines(values: &Values) -> Result<Vec<LineRequest>, FormErrors> {
    let mut lines = BTreeMap::new();
    let mut errors = Vec::new();
    for (k, raw) in values {
        let Some(rest) = k.strip_prefix("q.") else {
            continue;
        };
        let raw = raw.trim();
        if raw.is_empty() || raw == "0" {
            continue;
        }
        let Some((category, condition)) = rest.rsplit_once('.') else {
            errors.push(crate::error::FieldError::new(k, "unknown line"));
            continue;
        };
        let condition = match condition.parse::<Condition>() {
            Ok(c) => c,
            Err(e) => {
                errors.push(crate::error::FieldError::new(k, e.to_string()));
                continue;
            }
        };
        match parse_quantity(raw) {
            Ok(quantity) => {
                lines.insert(
                    (category.to_string(), condition),
                    LineRequest {
                        category: category.to_string(),
                        condition,
                        quantity,
                    },
                );
            }
            Err(m) => errors.push(crate::error::FieldError::new(k, m)),
        }
    }
    if !errors.is_empty() {
        return Err(FormErrors(errors));
    }
    if lines.is_empty() {
        return Err(FormErrors::one(
            "lines",
            "enter a quantity on at least one line",
        ));
    }
    Ok(lines.into_values().collect())
}

fn stock_lines(rows: &[StockRow], values: &Values, errors: &FormErrors) -> Markup {
    html! {
        @if rows.is_empty() { p { "Nothing in stock here." } }
        @for r in rows {
            @let key = line_key(&r.category, &r.condition);
            div.line {
                label.name for=(key) { (r.category_name) small { " " (r.condition) " · " (r.quantity) " in stock" } }
                input id=(key) type="number" inputmode="numeric" min="0" max=(r.quantity) name=(key) value=(form::value(values, &key)) aria-label={"How many " (r.category_name) " (" (r.condition) ")"};
                (errors.beside(&key))
            }
        }
        (errors.beside("lines"))
    }
}

fn lines_in_words(ch: &Choices, lines: &[LineRequest]) -> String {
    lines
        .iter()
        .map(|l| {
            format!(
                "{} {} ({})",
                l.quantity.get(),
                ch.category(&l.category),
                l.condition
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn items(lines: &[LineRequest]) -> i64 {
    lines.iter().map(|l| l.quantity.get()).sum()
}

// ---- transfer ----

#[derive(Debug, Deserialize)]
pub struct TransferQuery {
    pub from: Option<String>,
}

async fn transfer_render(
    state: &AppState,
    actor: &Actor,
    from: Option<&str>,
    shown: Shown,
) -> AppResult<HttpResponse> {
    let Shown {
        values,
        errors,
        flash,
        status,
    } = shown;
    let (values, errors) = (&values, &errors);
    let ch = choices(state).await?;
    let chosen = ch.pick(from, false);
    let rows = stock_at(state, chosen).await?;
    let to = form::value(values, "to");
    let warehouses: Vec<&Location> = ch.warehouses.iter().collect();
    // The "From" chooser is links, not a select: a select can be changed without being
    // sent, and then say one warehouse while the sheet below moves from another.
    let body = html! {
        (warehouse_tabs(actor, "/transfer"))
        h1 { "Transfer" @if let Some(w) = chosen { " from " (w.name) } }
        p.muted { "From which warehouse? Tap one to show its stock." }
        (TRANSFER.links(&warehouses, chosen, from, errors))
        @if let Some(from) = chosen {
            form method="post" action=(actor.form_action("/transfer")) {
                input type="hidden" name="form_key" value=(form_key_of(values));
                input type="hidden" name="from" value=(from.slug);
                div.field {
                    label for="to" { "To" }
                    select #to name="to" required {
                        option value="" { "Choose…" }
                        optgroup label="Warehouses" {
                            @for w in ch.warehouses.iter().filter(|w| w.id != from.id) {
                                option value=(w.slug) selected[to == w.slug] { (w.name) }
                            }
                        }
                        optgroup label="Sites (outside a run)" {
                            @for s in &ch.sites {
                                option value=(s.slug) selected[to == s.slug] { (s.name) }
                            }
                        }
                    }
                    (errors.beside("to"))
                }
                h2 { "What to move from " (from.name) }
                (stock_lines(&rows, values, errors))
                div.field {
                    label for="note" { "Note (optional)" }
                    input #note type="text" name="note" maxlength="500" value=(form::value(values, "note"));
                    (errors.beside("note"))
                }
                button type="submit" { "Transfer from " (from.name) }
            }
        } @else if ch.warehouses.is_empty() {
            p { "No warehouse yet: a coordinator adds one under Admin." }
        }
    };
    Ok(page(status, layout(Some(actor), "Transfer", flash, body)))
}

fn form_key_of(values: &Values) -> String {
    idempotency::sent_form_key(values).unwrap_or_else(idempotency::new_form_key)
}

pub async fn transfer_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<TransferQuery>,
) -> AppResult<HttpResponse> {
    transfer_render(&state, &actor, asked(&q.from), Shown::blank()).await
}

pub async fn transfer_submit(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let values: Values = fields.into_inner().into_iter().collect();
    let from = form::value(&values, "from");
    let parsed = form::require_form_key(&values).and_then(|k| {
        let lines = typed_lines(&values)?;
        let mut errors = Vec::new();
        let note = form::optional_free_text(&values, "note", &mut errors);
        if !errors.is_empty() {
            return Err(FormErrors(errors));
        }
        Ok((
            k,
            TransferRequest {
                from: from.clone(),
                to: form::value(&values, "to"),
                lines,
                note,
            },
        ))
    });
    let (key, req) = match parsed {
        Ok(p) => p,
        Err(errors) => {
            let shown = Shown::refused(values.clone(), errors);
            return transfer_render(&state, &actor, Some(&from), shown).await;
        }
    };
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let r = req.clone();
    let result = record_once(&state, &actor, &key, "transfer", &req, move |c| {
        model::transfer(c, &r, &handle, now)
    })
    .await;
    match result {
        Ok(done) => {
            let ch = choices(&state).await?;
            let msg = format!(
                "Moved {} items from {} to {}: {}.",
                items(&req.lines),
                ch.place(&req.from),
                ch.place(&req.to),
                lines_in_words(&ch, &req.lines)
            );
            transfer_render(
                &state,
                &actor,
                Some(&from),
                Shown::saved(replayed(msg, done.replayed)),
            )
            .await
        }
        Err(e) => {
            let shown = Shown::refused(values.clone(), form::refusal(e)?);
            transfer_render(&state, &actor, Some(&from), shown).await
        }
    }
}

/// A sheet's form key, its parsed lines and its required reason, every problem at once.
fn with_reason<T>(
    values: &Values,
    lines: Result<T, FormErrors>,
    missing_reason: &str,
) -> Result<(String, T, FreeText<300>), FormErrors> {
    let key = form::require_form_key(values);
    let mut errors = FormErrors::default();
    let reason = form::free_text(values, "reason", &mut errors.0);
    for e in [key.as_ref().err(), lines.as_ref().err()]
        .into_iter()
        .flatten()
    {
        errors.0.extend(e.0.iter().cloned());
    }
    if reason.as_ref().is_some_and(|r| r.is_empty()) {
        errors
            .0
            .push(crate::error::FieldError::new("reason", missing_reason));
    }
    match (key, lines, reason) {
        (Ok(k), Ok(lines), Some(reason)) if errors.is_empty() => Ok((k, lines, reason)),
        _ => Err(errors),
    }
}

// ---- write-off ----

async fn writeoff_render(
    state: &AppState,
    actor: &Actor,
    location: Option<&str>,
    shown: Shown,
) -> AppResult<HttpResponse> {
    let Shown {
        values,
        errors,
        flash,
        status,
    } = shown;
    let (values, errors) = (&values, &errors);
    let ch = choices(state).await?;
    let chosen = ch.pick(location, true);
    let rows = stock_at(state, chosen).await?;
    let places: Vec<&Location> = ch.warehouses.iter().chain(ch.sites.iter()).collect();
    let body = html! {
        (warehouse_tabs(actor, "/writeoff"))
        h1 { "Write off" @if let Some(p) = chosen { " at " (p.name) } }
        p.muted { "Goods that cannot be used or handed out leave the stock for good." }
        (WRITEOFF.links(&places, chosen, location, errors))
        @if let Some(p) = chosen {
            form method="post" action=(actor.form_action("/writeoff")) {
                input type="hidden" name="form_key" value=(form_key_of(values));
                input type="hidden" name="location" value=(p.slug);
                (stock_lines(&rows, values, errors))
                div.field {
                    label for="reason" { "Reason (required)" }
                    input #reason type="text" name="reason" required maxlength="300" value=(form::value(values, "reason"));
                    (errors.beside("reason"))
                }
                button type="submit" { "Write off…" }
            }
        }
    };
    Ok(page(status, layout(Some(actor), "Write off", flash, body)))
}

pub async fn writeoff_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<PlaceQuery>,
) -> AppResult<HttpResponse> {
    writeoff_render(&state, &actor, asked(&q.location), Shown::blank()).await
}

/// A sheet that takes a reason and restates itself on a confirmation page before it
/// writes (write-off, stocktake): one submit path, each sheet saying only what differs.
trait ConfirmedSheet {
    type Lines;
    type Request: serde::Serialize + Clone + Send + 'static;
    /// Where the sheet lives and posts; also names the change for the form key.
    const CHOOSER: Chooser<'static>;
    /// What a blank reason is told.
    const MISSING_REASON: &'static str;
    /// Whether it destroys something (its Confirm button in the danger style).
    const DANGER: bool;
    fn lines(values: &Values, ch: &Choices) -> Result<Self::Lines, FormErrors>;
    fn request(location: String, lines: Self::Lines, reason: FreeText<300>) -> Self::Request;
    async fn render(
        state: &AppState,
        actor: &Actor,
        location: Option<&str>,
        shown: Shown,
    ) -> AppResult<HttpResponse>;
    /// The confirmation's title, what it restates and its button.
    async fn restate(
        state: &AppState,
        ch: &Choices,
        location: &str,
        req: &Self::Request,
    ) -> AppResult<(String, Markup, &'static str)>;
    fn write(
        conn: &mut crate::db::DbConn,
        req: &Self::Request,
        actor: &str,
        now: chrono::NaiveDateTime,
    ) -> AppResult<MovementView>;
    /// The message naming what changed.
    fn saved(ch: &Choices, location: &str, req: &Self::Request, done: &MovementView) -> String;
}

/// Parse, confirm, record once, then show the sheet again with what changed or why not.
async fn submit_confirmed<S: ConfirmedSheet>(
    state: &AppState,
    actor: &Actor,
    pairs: Vec<(String, String)>,
) -> AppResult<HttpResponse> {
    let values: Values = pairs.iter().cloned().collect();
    let location = form::value(&values, S::CHOOSER.param);
    let ch = choices(state).await?;
    let refused = |errors: FormErrors| Shown::refused(values.clone(), errors);
    let parsed = with_reason(&values, S::lines(&values, &ch), S::MISSING_REASON)
        .map(|(k, lines, reason)| (k, S::request(location.clone(), lines, reason)));
    let (key, req) = match parsed {
        Ok(p) => p,
        Err(errors) => return S::render(state, actor, Some(&location), refused(errors)).await,
    };
    if !confirm::is_confirmed(&values) {
        let (title, restated, confirm_label) = S::restate(state, &ch, &location, &req).await?;
        let confirmation = Confirmation {
            title: &title,
            restated,
            action: S::CHOOSER.path,
            fields: &pairs,
            confirm_label,
            cancel_href: &format!("{}?{}={location}", S::CHOOSER.path, S::CHOOSER.param),
        };
        return Ok(if S::DANGER {
            confirm::danger_page(actor, &confirmation)
        } else {
            confirm::confirm_page(actor, &confirmation)
        });
    }
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let r = req.clone();
    let kind = S::CHOOSER.path.trim_start_matches('/');
    let result = record_once(state, actor, &key, kind, &req, move |c| {
        S::write(c, &r, &handle, now)
    })
    .await;
    let shown = match result {
        Ok(done) => {
            let msg = S::saved(&ch, &location, &req, &done.value);
            Shown::saved(replayed(msg, done.replayed))
        }
        Err(e) => refused(form::refusal(e)?),
    };
    S::render(state, actor, Some(&location), shown).await
}

struct Writeoff;

impl ConfirmedSheet for Writeoff {
    type Lines = Vec<LineRequest>;
    type Request = WriteoffRequest;
    const CHOOSER: Chooser<'static> = WRITEOFF;
    const MISSING_REASON: &'static str = "say why these are written off";
    const DANGER: bool = true;

    fn lines(values: &Values, _: &Choices) -> Result<Self::Lines, FormErrors> {
        typed_lines(values)
    }
    fn request(location: String, lines: Self::Lines, reason: FreeText<300>) -> WriteoffRequest {
        WriteoffRequest {
            location,
            lines,
            reason,
        }
    }
    async fn render(
        state: &AppState,
        actor: &Actor,
        location: Option<&str>,
        shown: Shown,
    ) -> AppResult<HttpResponse> {
        writeoff_render(state, actor, location, shown).await
    }
    async fn restate(
        _: &AppState,
        ch: &Choices,
        location: &str,
        req: &WriteoffRequest,
    ) -> AppResult<(String, Markup, &'static str)> {
        let restated = html! {
            p { "At " strong { (ch.place(location)) } ": " (lines_in_words(ch, &req.lines)) "." }
            p { "Reason: " q { (req.reason) } }
            p.muted { "They leave the stock for good." }
        };
        let title = format!("Write off {} items?", items(&req.lines));
        Ok((title, restated, "Write off"))
    }
    fn write(
        conn: &mut crate::db::DbConn,
        req: &WriteoffRequest,
        actor: &str,
        now: chrono::NaiveDateTime,
    ) -> AppResult<MovementView> {
        model::writeoff(conn, req, actor, now)
    }
    fn saved(ch: &Choices, location: &str, req: &WriteoffRequest, _: &MovementView) -> String {
        format!(
            "Wrote off {} items at {}: {}.",
            items(&req.lines),
            ch.place(location),
            lines_in_words(ch, &req.lines)
        )
    }
}

pub async fn writeoff_submit(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    submit_confirmed::<Writeoff>(&state, &actor, fields.into_inner()).await
}

// ---- stocktake ----

fn count_key(category: &str, condition: &str) -> String {
    format!("n.{category}.{condition}")
}

/// The count sheet as a request: the listed rows (`n.<category>.<condition>`, a blank
/// one is not counted) and the extra rows (`x<i>.category`, `.condition`, `.count`).
fn counted_lines(
    values: &Values,
    name: impl Fn(&str) -> String,
) -> Result<Vec<CountedLine>, FormErrors> {
    let mut counted = BTreeMap::new();
    let mut errors = Vec::new();
    let mut push = |field: String, category: String, condition: &str, raw: &str| {
        let condition = match condition.parse::<Condition>() {
            Ok(c) => c,
            Err(e) => return errors.push(crate::error::FieldError::new(field, e.to_string())),
        };
        let n = raw
            .parse::<i64>()
            .map_err(|_| format!("'{raw}' is not a whole number"));
        match n.and_then(Count::parse) {
            Ok(quantity) => match counted.entry((category.clone(), condition)) {
                std::collections::btree_map::Entry::Occupied(_) => {
                    errors.push(crate::error::FieldError::new(
                        field,
                        format!("{} ({condition}) is counted twice", name(&category)),
                    ));
                }
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert(CountedLine {
                        category,
                        condition,
                        quantity,
                    });
                }
            },
            Err(m) => errors.push(crate::error::FieldError::new(field, m)),
        }
    };
    let mut keys: Vec<&String> = values.keys().collect();
    keys.sort();
    for k in keys {
        let raw = values[k].trim();
        if let Some((category, condition)) = k.strip_prefix("n.").and_then(|r| r.rsplit_once('.')) {
            if !raw.is_empty() {
                push(k.clone(), category.to_string(), condition, raw);
            }
        }
    }
    for i in 0..EXTRA_ROWS {
        let count = form::value(values, &format!("x{i}.count"));
        let category = form::value(values, &format!("x{i}.category"));
        if count.is_empty() || category.is_empty() {
            continue;
        }
        let condition = form::value(values, &format!("x{i}.condition"));
        push(format!("x{i}.count"), category, &condition, &count);
    }
    if !errors.is_empty() {
        return Err(FormErrors(errors));
    }
    if counted.is_empty() {
        return Err(FormErrors::one("counted", "count at least one line"));
    }
    Ok(counted.into_values().collect())
}

async fn stocktake_render(
    state: &AppState,
    actor: &Actor,
    location: Option<&str>,
    shown: Shown,
) -> AppResult<HttpResponse> {
    let Shown {
        values,
        errors,
        flash,
        status,
    } = shown;
    let (values, errors) = (&values, &errors);
    let ch = choices(state).await?;
    let chosen = ch.pick(location, true);
    let rows = stock_at(state, chosen).await?;
    let places: Vec<&Location> = ch.warehouses.iter().chain(ch.sites.iter()).collect();
    let fresh = values.is_empty();
    let body = html! {
        (warehouse_tabs(actor, "/stocktake"))
        h1 { "Stocktake" @if let Some(p) = chosen { " at " (p.name) } }
        p.muted { "Count what is really there. The differences are shown before anything is saved." }
        (STOCKTAKE.links(&places, chosen, location, errors))
        @if let Some(p) = chosen {
            form method="post" action=(actor.form_action("/stocktake")) {
                input type="hidden" name="form_key" value=(form_key_of(values));
                input type="hidden" name="location" value=(p.slug);
                @for r in &rows {
                    @let key = count_key(&r.category, &r.condition);
                    @let shown = if fresh { r.quantity.to_string() } else { form::value(values, &key) };
                    div.line {
                        label.name for=(key) { (r.category_name) small { " " (r.condition) " · " (r.quantity) " in the books" } }
                        input id=(key) type="number" inputmode="numeric" min="0" max="1000000" name=(key) value=(shown);
                        (errors.beside(&key))
                    }
                }
                h2 { "Found, not in the books" }
                @for i in 0..EXTRA_ROWS {
                    @let cat = form::value(values, &format!("x{i}.category"));
                    @let cond = form::value(values, &format!("x{i}.condition"));
                    div.line {
                        select name={"x" (i) ".category"} aria-label="Category" {
                            option value="" { "Category…" }
                            @for (group, of) in crate::catalog::model::grouped(&ch.categories) {
                                optgroup label=(group) {
                                    @for c in of {
                                        option value=(c.slug) selected[cat == c.slug] { (c.name) }
                                    }
                                }
                            }
                        }
                        input type="number" inputmode="numeric" min="0" max="1000000" name={"x" (i) ".count"} value=(form::value(values, &format!("x{i}.count"))) aria-label="Count";
                        select name={"x" (i) ".condition"} aria-label="Condition" {
                            @for c in Condition::ALL {
                                option value=(c.as_str()) selected[cond == c.as_str()] { (c.as_str()) }
                            }
                        }
                        (errors.beside(&format!("x{i}.count")))
                    }
                }
                (errors.beside("counted"))
                div.field {
                    label for="reason" { "Reason (required)" }
                    input #reason type="text" name="reason" required maxlength="300" placeholder="monthly count" value=(form::value(values, "reason"));
                    (errors.beside("reason"))
                }
                button type="submit" { "Check the differences" }
            }
        }
    };
    Ok(page(status, layout(Some(actor), "Stocktake", flash, body)))
}

pub async fn stocktake_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<PlaceQuery>,
) -> AppResult<HttpResponse> {
    stocktake_render(&state, &actor, asked(&q.location), Shown::blank()).await
}

/// One counted line against the books: (category name, condition, books, counted).
type Difference = (String, Condition, i64, i64);

async fn differences(
    state: &AppState,
    ch: &Choices,
    req: &StocktakeRequest,
) -> AppResult<Vec<Difference>> {
    let place = ch
        .pick(Some(&req.location), true)
        .filter(|p| p.slug == req.location);
    let rows = stock_at(state, place).await?;
    Ok(req
        .counted
        .iter()
        .filter_map(|c| {
            let books = rows
                .iter()
                .find(|r| r.category == c.category && r.condition == c.condition.as_str())
                .map(|r| r.quantity)
                .unwrap_or(0);
            (books != c.quantity.get()).then(|| {
                (
                    ch.category(&c.category),
                    c.condition,
                    books,
                    c.quantity.get(),
                )
            })
        })
        .collect())
}

struct Stocktake;

impl ConfirmedSheet for Stocktake {
    type Lines = Vec<CountedLine>;
    type Request = StocktakeRequest;
    const CHOOSER: Chooser<'static> = STOCKTAKE;
    const MISSING_REASON: &'static str = "say why you counted (e.g. monthly count)";
    const DANGER: bool = false;

    fn lines(values: &Values, ch: &Choices) -> Result<Self::Lines, FormErrors> {
        counted_lines(values, |slug| ch.category(slug))
    }
    fn request(location: String, counted: Self::Lines, reason: FreeText<300>) -> StocktakeRequest {
        StocktakeRequest {
            location,
            counted,
            reason,
        }
    }
    async fn render(
        state: &AppState,
        actor: &Actor,
        location: Option<&str>,
        shown: Shown,
    ) -> AppResult<HttpResponse> {
        stocktake_render(state, actor, location, shown).await
    }
    async fn restate(
        state: &AppState,
        ch: &Choices,
        location: &str,
        req: &StocktakeRequest,
    ) -> AppResult<(String, Markup, &'static str)> {
        let diffs = differences(state, ch, req).await?;
        let restated = html! {
            @if diffs.is_empty() {
                p { "Everything counted matches the books: the stocktake is saved with no changes." }
            } @else {
                p { "These lines will be set to what you counted:" }
                table.compact {
                    thead { tr { th { "What" } th.num { "Books" } th.num { "Count" } th.num { "±" } } }
                    tbody {
                        @for (name, cond, books, counted) in &diffs {
                            tr { td { (name) " " small.muted { (cond.as_str()) } } td.num { (books) } td.num { (counted) } td.num { (format!("{:+}", counted - books)) } }
                        }
                    }
                }
            }
            p { "Reason: " q { (req.reason) } }
        };
        let title = format!("Save the stocktake at {}?", ch.place(location));
        Ok((title, restated, "Save the stocktake"))
    }
    fn write(
        conn: &mut crate::db::DbConn,
        req: &StocktakeRequest,
        actor: &str,
        now: chrono::NaiveDateTime,
    ) -> AppResult<MovementView> {
        model::stocktake(conn, req, actor, now)
    }
    fn saved(ch: &Choices, location: &str, _: &StocktakeRequest, done: &MovementView) -> String {
        let changes: Vec<String> = done
            .entries
            .iter()
            .map(|e| {
                format!(
                    "{} {} {:+}",
                    ch.category(&e.category),
                    e.condition,
                    e.quantity
                )
            })
            .collect();
        if changes.is_empty() {
            format!("Stocktake at {} saved: no differences.", ch.place(location))
        } else {
            format!(
                "Stocktake at {} saved: {}.",
                ch.place(location),
                changes.join(", ")
            )
        }
    }
}

pub async fn stocktake_submit(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    submit_confirmed::<Stocktake>(&state, &actor, fields.into_inner()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn typed_lines_skip_blanks_and_refuse_bad_numbers() {
        let v = values(&[
            ("q.tent-2p.good", "3"),
            ("q.sleeping-bag.needs-drying", ""),
            ("q.blanket.usable", "0"),
        ]);
        let lines = typed_lines(&v).expect("lines");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].category, "tent-2p");
        assert_eq!(lines[0].quantity.get(), 3);
        let bad = typed_lines(&values(&[("q.tent-2p.good", "-2")])).expect_err("negative");
        assert_eq!(bad.0[0].field, "q.tent-2p.good");
        assert!(typed_lines(&values(&[("q.tent-2p.good", "")])).is_err());
    }

    #[test]
    fn count_sheet_reads_listed_and_extra_rows_once() {
        let v = values(&[
            ("n.tent-2p.good", "8"),
            ("n.blanket.usable", ""),
            ("x0.category", "bike"),
            ("x0.condition", "needs-repair"),
            ("x0.count", "2"),
            ("x1.category", "tent-2p"),
            ("x1.condition", "good"),
            ("x1.count", "1"),
        ]);
        let err = counted_lines(&v, |slug| format!("the {slug}")).expect_err("counted twice");
        assert!(err.0[0]
            .message
            .contains("the tent-2p (good) is counted twice"));
        let mut v = v;
        v.remove("x1.count");
        let lines = counted_lines(&v, str::to_string).expect("lines");
        assert_eq!(lines.len(), 2);
        assert_eq!(done_word(Condition::NeedsDrying), "dried");
    }
}
