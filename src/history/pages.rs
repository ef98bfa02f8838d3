//! The history pages: changes newest first (intakes, hand-outs, movements, runs,
//! corrections; each role sees the kinds of its job), a detail page per change with
//! its ledger entries and corrections, and the forms that correct or undo it.
//!
//! Stable hooks for browser tests: `#history-filter`, `ul#changes` with one
//! `li.change` per change, `a.older`; on a detail page `#entries`, `#corrections`,
//! `form#reverse` (`#reverse-reason`), `form#correct-lines` (`#lines-location`,
//! `#lines-reason`, one `q.{category}.{condition}` input per line) and `form.undo`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse, ResponseError};
use chrono::NaiveDate;
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

use crate::auth::{Actor, Role};
use crate::corrections::model::{
    self as correction, ChangeRef, CorrectedLine, CorrectionRequest, UNDO_MINUTES,
};
use crate::error::{AppError, AppResult};
use crate::history::store::{self, ChangeFilter, NamedEntry};
use crate::idempotency::{self, IdempotencyKey};
use crate::ledger::{Cause, Quantity};
use crate::locations::{Location, LocationKind};
use crate::state::AppState;
use crate::web::{layout, page, see_other, Flash};

pub const PAGE_SIZE: i64 = 25;

/// The lists a volunteer can pick, and the ledger causes each holds.
const KINDS: &[(&str, &str, &[&str])] = &[
    ("intakes", "Intakes", &["intake"]),
    ("hand-outs", "Hand-outs", &["hand-out"]),
    (
        "movements",
        "Movements",
        &["transfer", "regrade", "stocktake", "write-off"],
    ),
    ("runs", "Runs", &["load", "delivery", "return"]),
    ("corrections", "Corrections", &["correction"]),
];

/// The lists of a role's job: crew intakes, distributors hand-outs, drivers runs;
/// warehouse and coordinators everything.
fn kinds_for(role: Role) -> Vec<&'static str> {
    match role {
        Role::Crew => vec!["intakes"],
        Role::Distributor => vec!["hand-outs"],
        Role::Driver => vec!["runs"],
        Role::Warehouse | Role::Coordinator => KINDS.iter().map(|k| k.0).collect(),
    }
}

fn causes_of(kind: &str) -> &'static [&'static str] {
    KINDS
        .iter()
        .find(|k| k.0 == kind)
        .map(|k| k.2)
        .unwrap_or(&[])
}

/// The causes shown together on one detail page: a run's load, deliveries and return.
fn detail_causes(cause: Cause) -> Vec<&'static str> {
    match cause {
        Cause::Load | Cause::Delivery | Cause::Return => vec!["load", "delivery", "return"],
        c => vec![c.as_str()],
    }
}

fn may_see_cause(role: Role, cause: &str) -> bool {
    kinds_for(role)
        .iter()
        .any(|k| causes_of(k).contains(&cause))
}

fn kind_label(cause: &str) -> String {
    let mut s = cause.to_string();
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}

pub fn detail_path(cause: &str, id: i64) -> String {
    format!("/history/{cause}/{id}")
}

fn new_form_key() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    hex::encode(bytes)
}

/// The one-tap undo of one's own change, for the confirmation after saving and the
/// history list: a form with its own key, so a double tap undoes once.
pub fn undo_button(actor: &Actor, cause: &str, id: i64) -> Markup {
    html! {
        form.undo.inline method="post" action=(actor.form_action(&format!("{}/undo", detail_path(cause, id)))) {
            input type="hidden" name="form_key" value=(new_form_key());
            button.secondary type="submit" { "Undo" }
        }
    }
}

/// After saving: a link to the change's page and, while the volunteer may still undo
/// it, the Undo button.
pub async fn undo_offer(
    state: &AppState,
    actor: &Actor,
    cause: Cause,
    id: i64,
) -> AppResult<Markup> {
    let undoable = own_undoable(state, actor).await? == Some((cause, id));
    Ok(html! {
        a href=(detail_path(cause.as_str(), id)) { "See it" }
        @if undoable { " " (undo_button(actor, cause.as_str(), id)) }
    })
}

#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    pub kind: Option<String>,
    pub location: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub before: Option<i64>,
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// `GET /history`: one list at a time, filtered, 25 a page with an "older" link.
pub async fn list_page(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<HistoryQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let allowed = kinds_for(actor.role);
    let kind = match blank(&q.kind) {
        None => allowed[0],
        Some(k) => *allowed.iter().find(|a| **a == k).ok_or_else(|| {
            AppError::Forbidden(format!(
                "a {} does not see the list of {k}",
                actor.role.as_str()
            ))
        })?,
    };
    let date = |v: &Option<String>, field: &str| -> AppResult<Option<NaiveDate>> {
        blank(v)
            .map(|s| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                    AppError::invalid(field, format!("{field} must be a date like 2026-11-20"))
                })
            })
            .transpose()
    };
    let (from, to) = (date(&q.from, "from")?, date(&q.to, "to")?);
    let location = blank(&q.location).map(str::to_string);
    let before = q.before;
    let loc = location.clone();
    let (rows, places, entries, sources) = state
        .db
        .read(move |c| {
            let places = crate::locations::store::all(c, None)?;
            let location_id = match &loc {
                None => None,
                Some(slug) => Some(
                    places
                        .iter()
                        .find(|p| &p.slug == slug)
                        .map(|p| p.id)
                        .ok_or_else(|| AppError::NotFound(format!("no place '{slug}'")))?,
                ),
            };
            let filter = ChangeFilter {
                causes: causes_of(kind).to_vec(),
                location_id,
                from,
                to,
                before,
                limit: PAGE_SIZE + 1,
            };
            let rows = store::changes(c, &filter)?;
            let mut entries = Vec::new();
            for r in rows.iter().take(PAGE_SIZE as usize) {
                let causes: Vec<&'static str> = Cause::parse(&r.cause)
                    .map(|c| vec![c.as_str()])
                    .unwrap_or_default();
                entries.push(store::named_entries(c, &causes, r.cause_id)?);
            }
            let intakes: Vec<i64> = rows
                .iter()
                .filter(|r| r.cause == Cause::Intake.as_str())
                .map(|r| r.cause_id)
                .collect();
            let sources = store::intake_sources(c, &intakes)?;
            Ok((rows, places, entries, sources))
        })
        .await?;
    let older = (rows.len() as i64 > PAGE_SIZE)
        .then(|| rows.get(PAGE_SIZE as usize - 1).map(|r| r.newest_entry))
        .flatten();
    let last_own = own_undoable(&state, &actor).await?;
    let older_link = older.map(|b| {
        let mut url = format!("/history?kind={kind}&before={b}");
        for (k, v) in [("location", &location), ("from", &q.from), ("to", &q.to)] {
            if let Some(v) = blank(v) {
                url.push_str(&format!("&{k}={}", urlencode(v)));
            }
        }
        url
    });
    let body = html! {
        h1 { "History" }
        form #history-filter.filters method="get" action="/history" {
            div.field {
                label for="kind" { "Show" }
                select #kind name="kind" {
                    @for k in KINDS.iter().filter(|k| allowed.contains(&k.0)) {
                        option value=(k.0) selected[k.0 == kind] { (k.1) }
                    }
                }
            }
            div.field {
                label for="location" { "Warehouse or site" }
                select #location name="location" {
                    option value="" { "Everywhere" }
                    @for p in places.iter().filter(|p| p.kind != "van") {
                        option value=(p.slug) selected[location.as_deref() == Some(p.slug.as_str())] { (p.name) }
                    }
                }
            }
            div.field { label for="from" { "From" } input #from type="date" name="from" value=(blank(&q.from).unwrap_or("")); }
            div.field { label for="to" { "To" } input #to type="date" name="to" value=(blank(&q.to).unwrap_or("")); }
            button.secondary type="submit" { "Show" }
        }
        @if rows.is_empty() {
            p.muted { "Nothing recorded here yet." }
        }
        ul #changes.changes {
            @for (r, e) in rows.iter().zip(&entries) {
                li.change {
                    a href=(detail_path(&r.cause, r.cause_id)) { strong { (kind_label(&r.cause)) " #" (r.cause_id) } }
                    " " span.muted { (r.at.format("%Y-%m-%d %H:%M")) " · " (r.actor) }
                    br;
                    @if let Some(source) = sources.get(&r.cause_id).filter(|_| r.cause == Cause::Intake.as_str()) {
                        span.source { "From " strong { (source) } ": " }
                    }
                    (summary(e))
                    @if last_own.as_ref().is_some_and(|(c, id)| c.as_str() == r.cause && *id == r.cause_id) {
                        " " (undo_button(&actor, &r.cause, r.cause_id))
                    }
                }
            }
        }
        @if let Some(link) = older_link {
            p { a.older href=(link) { "Older →" } }
        }
    };
    Ok(page(
        StatusCode::OK,
        layout(Some(&actor), "History", None, body),
    ))
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Entries named in a list item; the rest are counted (a season's intake can have 50
/// lines, a screenful each on a phone) and shown on the change's own page.
const SUMMARY_ENTRIES: usize = 4;

/// "12 Tent (2-person) good in at Unit East; … and 9 more": a change's entries in words.
fn summary(entries: &[NamedEntry]) -> Markup {
    let more = entries.len().saturating_sub(SUMMARY_ENTRIES);
    html! {
        span.summary {
            @for (i, e) in entries.iter().take(SUMMARY_ENTRIES).enumerate() {
                @if i > 0 { "; " }
                (e.quantity.abs()) " " (e.category) " " (e.condition)
                @if e.quantity > 0 { " in at " } @else { " out of " }
                (e.location)
            }
            @if more > 0 { "; and " (more) " more" }
        }
    }
}

/// The actor's last change, if they may still undo it.
async fn own_undoable(state: &AppState, actor: &Actor) -> AppResult<Option<(Cause, i64)>> {
    let handle = actor.handle.clone();
    let now = state.clock.now();
    state
        .db
        .read(move |c| {
            let Some((cause, id)) = crate::corrections::store::last_change_of(c, &handle)? else {
                return Ok(None);
            };
            if correction::correctable(cause.as_str()).is_err() {
                return Ok(None);
            }
            let head = crate::corrections::store::head(c, cause, id)?;
            Ok(head
                .filter(|h| now - h.at <= chrono::Duration::minutes(UNDO_MINUTES))
                .map(|_| (cause, id)))
        })
        .await
}

/// Everything a detail page shows.
struct Detail {
    cause: Cause,
    id: i64,
    author: String,
    facts: Vec<(&'static str, String)>,
    entries: Vec<NamedEntry>,
    corrections: Vec<crate::corrections::store::CorrectionRow>,
    /// The change's current effect, by category and condition, for the lines form.
    lines: Vec<(String, String, String, i64)>,
    warehouses: Vec<Location>,
    home: Option<String>,
    /// Corrections have taken its whole effect back: nothing is left to correct.
    reversed: bool,
}

fn parse_path(kind: &str, id: &str) -> AppResult<(Cause, i64)> {
    let cause = Cause::parse(kind)
        .ok_or_else(|| AppError::NotFound(format!("no kind of change '{kind}'")))?;
    let id = id
        .parse::<i64>()
        .map_err(|_| AppError::NotFound(format!("no {kind} '{id}'")))?;
    Ok((cause, id))
}

async fn load_detail(state: &AppState, actor: &Actor, cause: Cause, id: i64) -> AppResult<Detail> {
    let me = actor.clone();
    state
        .db
        .read(move |c| {
            let (author, facts) = store::describe(c, cause, id)?
                .ok_or_else(|| AppError::NotFound(format!("no {cause} #{id}")))?;
            if !may_see(c, &me, cause, id, &author)? {
                return Err(AppError::Forbidden(format!(
                    "a {} does not see this {cause}",
                    me.role.as_str()
                )));
            }
            let entries = store::named_entries(c, &detail_causes(cause), id)?;
            let corrections = crate::corrections::store::corrections_of(c, cause, id)?;
            let mut lines = Vec::new();
            let mut home = None;
            let effect = crate::corrections::store::effect(c, cause, id)?;
            let reversed = effect.is_empty() && !corrections.is_empty();
            if matches!(cause, Cause::Intake | Cause::Handout) {
                let cats = crate::catalog::store::all(c)?;
                let places = crate::locations::store::all(c, None)?;
                for ((loc, cat, cond), q) in effect {
                    let Some(category) = cats.iter().find(|x| x.id == cat) else {
                        continue;
                    };
                    home = places.iter().find(|p| p.id == loc).map(|p| p.slug.clone());
                    lines.push((
                        category.slug.clone(),
                        category.name.clone(),
                        cond.as_str().to_string(),
                        q.abs(),
                    ));
                }
            }
            Ok(Detail {
                cause,
                id,
                author,
                facts,
                entries,
                corrections,
                lines,
                warehouses: crate::locations::store::all(
                    c,
                    Some(LocationKind::Warehouse.as_str()),
                )?,
                reversed,
                home,
            })
        })
        .await
}

/// A volunteer sees the changes of their job and their own; a correction is seen by
/// whoever sees what it corrects.
fn may_see(
    c: &mut crate::db::DbConn,
    actor: &Actor,
    cause: Cause,
    id: i64,
    author: &str,
) -> AppResult<bool> {
    if author == actor.handle || may_see_cause(actor.role, cause.as_str()) {
        return Ok(true);
    }
    let (mut cause, mut id) = (cause, id);
    // Walk up a chain of corrections to the change it started from.
    for _ in 0..100 {
        if cause != Cause::Correction {
            return Ok(may_see_cause(actor.role, cause.as_str()));
        }
        let Some(row) = crate::corrections::store::correction(c, id)? else {
            return Ok(false);
        };
        let Some(up) = Cause::parse(&row.of_cause) else {
            return Ok(false);
        };
        (cause, id) = (up, row.of_id);
    }
    Ok(false)
}

#[derive(Debug, Deserialize)]
pub struct DetailQuery {
    pub corrected: Option<i64>,
    pub undone: Option<i64>,
}

/// `GET /history/{kind}/{id}`.
pub async fn detail_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    query: web::Query<DetailQuery>,
) -> AppResult<HttpResponse> {
    let (kind, id) = path.into_inner();
    let (cause, id) = parse_path(&kind, &id)?;
    let d = load_detail(&state, &actor, cause, id).await?;
    let flash = match (query.corrected, query.undone) {
        (Some(c), _) => Some(Flash::Ok(format!(
            "Correction #{c} saved: {} #{id} now stands as shown below.",
            kind_label(cause.as_str())
        ))),
        (None, Some(c)) => Some(Flash::Ok(format!(
            "Undone: {} #{id} is reversed by correction #{c}.",
            kind_label(cause.as_str())
        ))),
        _ => None,
    };
    let undoable = own_undoable(&state, &actor).await? == Some((cause, id));
    Ok(render_detail(
        &actor,
        &d,
        &HashMap::new(),
        undoable,
        flash,
        StatusCode::OK,
    ))
}

fn render_detail(
    actor: &Actor,
    d: &Detail,
    typed: &HashMap<String, String>,
    undoable: bool,
    flash: Option<Flash>,
    status: StatusCode,
) -> HttpResponse {
    let label = kind_label(d.cause.as_str());
    let title = format!("{label} #{}", d.id);
    let v = |k: &str| typed.get(k).cloned().unwrap_or_default();
    let correctable = correction::correctable(d.cause.as_str()).is_ok();
    let may = correction::may_correct(actor, &d.author);
    let base = detail_path(d.cause.as_str(), d.id);
    let body = html! {
        h1 { (title) }
        dl.facts {
            dt { "Recorded by" } dd { (d.author) }
            @for (k, val) in &d.facts {
                dt { (k) }
                dd {
                    @if *k == "Corrects" {
                        @let mut parts = val.splitn(2, " #");
                        @let (c, i) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                        a href={"/history/" (c) "/" (i)} { (kind_label(c)) " #" (i) }
                    } @else { (val) }
                }
            }
        }
        @if matches!(d.cause, Cause::Load | Cause::Delivery | Cause::Return) {
            p { a href={"/runs/" (d.id)} { "The run's page" } }
        }
        h2 { "Ledger entries" }
        @if d.entries.is_empty() {
            p.muted { "This change moved no stock." }
        } @else {
            table #entries.compact {
                thead { tr { th { "Place" } th { "Item" } th.num { "Qty" } } }
                tbody {
                    @for e in &d.entries {
                        tr {
                            td { (e.location) br; span.muted { (e.at.format("%d %b %H:%M")) } }
                            td { (e.category) br; span.muted { (e.condition) } }
                            td.num { @if e.quantity > 0 { "+" } (e.quantity) }
                        }
                    }
                }
            }
        }
        section #corrections {
            h2 { "Corrections" }
            @if d.corrections.is_empty() {
                p.muted { "None." }
            } @else {
                ul {
                    @for c in &d.corrections {
                        li {
                            a href=(detail_path("correction", c.id)) { "Correction #" (c.id) }
                            " — “" (c.reason) "” by " (c.actor) ", " (c.created_at.format("%Y-%m-%d %H:%M"))
                        }
                    }
                }
            }
        }
        @if undoable {
            p { "Your last change, made less than " (UNDO_MINUTES) " minutes ago: " (undo_button(actor, d.cause.as_str(), d.id)) }
        }
        @if d.reversed {
            p.muted { "Its corrections have taken it back entirely: it no longer counts in stock." }
        } @else if correctable && may {
            section.group {
                h2 { "Correct it" }
                p.muted { "A correction is a new change with your reason; this one stays as it was recorded." }
                form #reverse method="post" action=(actor.form_action(&format!("{base}/correct"))) {
                    input type="hidden" name="form_key" value=(typed.get("form_key").cloned().unwrap_or_else(new_form_key));
                    input type="hidden" name="mode" value="reverse";
                    div.field {
                        label for="reverse-reason" { "Reason (required)" }
                        input #reverse-reason type="text" name="reason" required maxlength="200" value=(if v("mode") == "reverse" { v("reason") } else { String::new() });
                    }
                    button type="submit" { "Reverse it entirely" }
                }
                @if !d.lines.is_empty() {
                    form #correct-lines method="post" action=(actor.form_action(&format!("{base}/correct"))) {
                        input type="hidden" name="form_key" value=(new_form_key());
                        input type="hidden" name="mode" value="lines";
                        p { "Or say what it should have been:" }
                        @if d.cause == Cause::Intake {
                            div.field {
                                label for="lines-location" { "Warehouse" }
                                select #lines-location name="location" {
                                    @for w in &d.warehouses {
                                        @let chosen = if v("location").is_empty() { d.home.clone().unwrap_or_default() } else { v("location") };
                                        option value=(w.slug) selected[chosen == w.slug] { (w.name) }
                                    }
                                }
                            }
                        }
                        @for (slug, name, cond, q) in &d.lines {
                            @let field = format!("q.{slug}.{cond}");
                            div.field {
                                label for=(field) { (name) " (" (cond) ")" }
                                input id=(field) type="number" inputmode="numeric" min="0" max="1000000" name=(field) value=(typed.get(&field).cloned().unwrap_or_else(|| q.to_string()));
                            }
                        }
                        div.field {
                            label for="lines-reason" { "Reason (required)" }
                            input #lines-reason type="text" name="reason" required maxlength="200" value=(if v("mode") == "lines" { v("reason") } else { String::new() });
                        }
                        button type="submit" { "Save the corrected lines" }
                    }
                }
            }
        }
        p { a href="/history" { "← History" } }
    };
    page(status, layout(Some(actor), &title, flash, body))
}

/// The form as a correction request; what cannot be read is said in words, naming the
/// category by `name` (its slug → its name).
fn to_request(
    cause: Cause,
    id: i64,
    f: &HashMap<String, String>,
    name: impl Fn(&str) -> String,
) -> Result<CorrectionRequest, String> {
    let reason = f.get("reason").cloned();
    let lines = match f.get("mode").map(String::as_str) {
        Some("reverse") => None,
        Some("lines") => {
            let location = f.get("location").filter(|l| !l.is_empty()).cloned();
            let mut lines = Vec::new();
            for (k, v) in f {
                let Some(rest) = k.strip_prefix("q.") else {
                    continue;
                };
                let Some((category, cond)) = rest.rsplit_once('.') else {
                    continue;
                };
                let n: i64 = v.trim().parse().map_err(|_| {
                    format!(
                        "{} ({cond}): the quantity must be a whole number",
                        name(category)
                    )
                })?;
                if n < 0 {
                    return Err(format!(
                        "{} ({cond}): the quantity must be 0 or more",
                        name(category)
                    ));
                }
                if n == 0 {
                    continue;
                }
                let quantity =
                    Quantity::parse(n).map_err(|e| format!("{}: {e}", name(category)))?;
                let condition = cond
                    .parse()
                    .map_err(|_| format!("unknown condition '{cond}'"))?;
                lines.push(CorrectedLine {
                    location: location.clone(),
                    category: category.to_string(),
                    condition,
                    quantity,
                });
            }
            lines.sort_by(|a, b| (&a.category, a.condition).cmp(&(&b.category, b.condition)));
            if lines.is_empty() {
                return Err("at least one line must be more than 0: to take it all back, reverse it entirely".into());
            }
            Some(lines)
        }
        _ => return Err("choose to reverse it or to correct its lines".into()),
    };
    Ok(CorrectionRequest {
        of: ChangeRef {
            kind: cause.as_str().to_string(),
            id,
        },
        lines,
        reason,
        undo: false,
    })
}

fn form_key(f: &HashMap<String, String>) -> Option<String> {
    f.get("form_key")
        .filter(|k| !k.is_empty() && k.len() <= 64 && k.bytes().all(|b| b.is_ascii_alphanumeric()))
        .cloned()
}

/// The change a form is about, and its fields.
type FormOf = (Cause, i64, HashMap<String, String>);

fn read_form(
    path: web::Path<(String, String)>,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<FormOf> {
    let (kind, id) = path.into_inner();
    let (cause, id) = parse_path(&kind, &id)?;
    Ok((cause, id, fields.into_inner().into_iter().collect()))
}

/// `POST /history/{kind}/{id}/correct`.
pub async fn correct(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let (cause, id, f) = read_form(path, fields)?;
    let names: HashMap<String, String> = state
        .db
        .read(|c| {
            Ok(crate::catalog::store::all(c)?
                .into_iter()
                .map(|x| (x.slug, x.name))
                .collect())
        })
        .await?;
    let name = |slug: &str| names.get(slug).cloned().unwrap_or_else(|| slug.to_string());
    let req = to_request(cause, id, &f, name).map_err(|m| AppError::invalid("form", m));
    save(&state, &actor, cause, id, &f, req, "corrected").await
}

/// `POST /history/{kind}/{id}/undo`.
pub async fn undo(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let (cause, id, f) = read_form(path, fields)?;
    let req = Ok(CorrectionRequest {
        of: ChangeRef {
            kind: cause.as_str().to_string(),
            id,
        },
        lines: None,
        reason: None,
        undo: true,
    });
    save(&state, &actor, cause, id, &f, req, "undone").await
}

/// Records the correction once per form key and goes back to the change's page; a
/// refusal shows that page again with the reason and the typed values.
async fn save(
    state: &AppState,
    actor: &Actor,
    cause: Cause,
    id: i64,
    typed: &HashMap<String, String>,
    req: AppResult<CorrectionRequest>,
    done: &str,
) -> AppResult<HttpResponse> {
    let result = match req {
        Err(e) => Err(e),
        Ok(req) => {
            let hash = format!(
                "page-correction:{}",
                serde_json::to_string(&req).unwrap_or_default()
            );
            let now = state.clock.now();
            let who = actor.clone();
            let key = IdempotencyKey(form_key(typed).map(|k| format!("form-{k}")));
            idempotency::once(state, actor, key, hash, move |c| {
                correction::record(c, &req, &who, now)
            })
            .await
        }
    };
    match result {
        Ok(resp) => {
            let body = actix_web::body::to_bytes(resp.into_body())
                .await
                .unwrap_or_default();
            let cid = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("id").and_then(|i| i.as_i64()))
                .unwrap_or(0);
            Ok(see_other(&format!(
                "{}?{done}={cid}",
                detail_path(cause.as_str(), id)
            )))
        }
        Err(e @ AppError::NotFound(_)) => Err(e),
        Err(e) => {
            let msg = match &e {
                AppError::Invalid { details, .. } if !details.is_empty() => details
                    .iter()
                    .map(|d| d.message.clone())
                    .collect::<Vec<_>>()
                    .join(". "),
                other => other.to_string(),
            };
            let status = e.status_code();
            if status.is_server_error() {
                return Err(e);
            }
            let d = load_detail(state, actor, cause, id).await?;
            let undoable = own_undoable(state, actor).await? == Some((cause, id));
            Ok(render_detail(
                actor,
                &d,
                typed,
                undoable,
                Some(Flash::Error(msg)),
                status,
            ))
        }
    }
}
