//! Warehouse pages: triage (one-tap regrades of what waits to be dried, cleaned or
//! repaired), transfer, stocktake and write-off, each a thin form over `movements::model`.
//!
//! A refused form comes back as typed, with every problem at once, each a plain sentence
//! beside the field it is about: the page checks what it can (numbers, places, the stock
//! it shows) before the domain is asked, and puts the domain's own refusals (stock taken
//! meanwhile, a form key reused) beside the same fields.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup};
use std::collections::{BTreeMap, HashMap};

use crate::auth::Actor;
use crate::catalog::model::CategoryGroup;
use crate::catalog::{Category, Condition};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::{number, Lang};
use crate::idempotency::{self, IdempotencyKey, Recorded};
use crate::ledger::lines::LineRequest;
use crate::ledger::model::StockRow;
use crate::ledger::pages::{name_key, sort_by_name};
use crate::ledger::quantity::MAX_QUANTITY;
use crate::ledger::{Count, Quantity};
use crate::locations::{Location, LocationKind};
use crate::movements::model::{
    self, CountedLine, MovementView, RegradeRequest, StocktakeRequest, TransferRequest,
    WriteoffRequest,
};
use crate::state::AppState;
use crate::t;
use crate::text::{FreeText, TextProblem};
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
/// The name of a sheet's Find button: sent only when it is pressed (or Enter is).
const FIND_BUTTON: &str = "filter";

/// Warehouses, sites and categories in use (categories named in the request's
/// language), with every location's name for messages.
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
    // Taken here: the closure runs on another thread, outside the request.
    let lang = Lang::current();
    state
        .db
        .read(move |c| {
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
            let local = crate::catalog::names::in_lang(c, lang)?;
            let mut categories = crate::catalog::store::all(c)?;
            for x in &mut categories {
                if let Some(n) = local.get(&x.slug) {
                    x.name = n.clone();
                }
            }
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

/// The stock at `place`, its categories named as in `ch`, in reading order.
async fn stock_at(
    state: &AppState,
    ch: &Choices,
    place: Option<&Location>,
) -> AppResult<Vec<StockRow>> {
    let Some(id) = place.map(|p| p.id) else {
        return Ok(Vec::new());
    };
    let mut rows = state
        .db
        .read(move |c| {
            let filter = crate::ledger::store::StockFilter {
                location_id: Some(id),
                ..Default::default()
            };
            Ok(crate::ledger::store::stock(c, &filter)?)
        })
        .await?;
    for r in &mut rows {
        r.category_name = ch.category(&r.category);
    }
    sort_by_name(&mut rows);
    Ok(rows)
}

/// A place asked for in the address: a blank one asks for none.
fn asked(place: &Option<String>) -> Option<&str> {
    place.as_deref().map(str::trim).filter(|p| !p.is_empty())
}

/// A long sheet narrowed to one group of categories and/or names holding the words
/// typed. It travels in the sheet's own form: its buttons post the form to the sheet's
/// own path, which answers the sheet narrowed and writes nothing (`SheetFilter::pressed`),
/// so counts typed so far come back with it, and lines it hides keep their counts in
/// hidden fields: no JavaScript needed, nothing typed is lost, and no count lands in
/// the address, the history or a log (a link may still name a filter: `?find=bag`).
#[derive(Debug, Default, Clone, PartialEq)]
struct SheetFilter {
    group: Option<CategoryGroup>,
    find: String,
    /// Words in the Find box that nothing in the group pressed matched: dropped, and
    /// said so, rather than left to show an empty sheet.
    dropped: Option<String>,
}

impl SheetFilter {
    /// The filter a sheet's address or form names; "Show all" (`clear`) drops it.
    fn of(values: &Values) -> SheetFilter {
        if values.contains_key("clear") {
            return SheetFilter::default();
        }
        // The group button pressed (`group.<group>`), else the group shown so far.
        let pressed = values
            .keys()
            .find_map(|k| k.strip_prefix("group.").and_then(CategoryGroup::parse));
        SheetFilter {
            group: pressed.or_else(|| CategoryGroup::parse(&form::value(values, "group"))),
            find: form::value(values, "find").chars().take(60).collect(),
            dropped: None,
        }
    }

    /// As `of`, for the sheet of `rows`: a group button pressed while the Find box
    /// holds words nothing in that group matches shows the whole group.
    fn for_sheet(values: &Values, ch: &Choices, rows: &[StockRow]) -> SheetFilter {
        let mut filter = SheetFilter::of(values);
        let pressed = values.keys().any(|k| k.starts_with("group."));
        if pressed && !filter.find.is_empty() && shown_count(rows, &filter, ch) == 0 {
            filter.dropped = Some(std::mem::take(&mut filter.find));
        }
        filter
    }

    /// What the sheet is narrowed to, in words: "Shelter matching “bag”: showing 0 of
    /// 103 lines."
    fn said(&self, shown: usize, total: usize) -> String {
        match (self.group, self.find.is_empty()) {
            (Some(g), false) => t!(
                "movements-filter-shown-both",
                group = g.label(),
                find = &self.find,
                shown = shown,
                total = total
            ),
            (Some(g), true) => t!(
                "movements-filter-shown-group",
                group = g.label(),
                shown = shown,
                total = total
            ),
            (None, _) => t!(
                "movements-filter-shown-find",
                find = &self.find,
                shown = shown,
                total = total
            ),
        }
    }

    fn is_on(&self) -> bool {
        self.group.is_some() || !self.find.is_empty()
    }

    /// Whether a sheet came back by one of its filter buttons (Find, a group, Show
    /// all) rather than its own: then it is shown again narrowed, and nothing is written.
    fn pressed(values: &Values) -> bool {
        values.contains_key(FIND_BUTTON)
            || values.contains_key("clear")
            || values.keys().any(|k| k.starts_with("group."))
    }

    /// Whether a line of `category` shows: in the group chosen, and its name (or its
    /// condition's) holding every word typed, accents and case aside.
    fn keeps(&self, ch: &Choices, category: &str, condition: Condition) -> bool {
        let cat = ch.categories.iter().find(|c| c.slug == category);
        let in_group = self
            .group
            .is_none_or(|g| cat.is_some_and(|c| c.group == g.as_str()));
        let said = name_key(&format!("{} {}", ch.category(category), condition.label()));
        in_group
            && name_key(&self.find)
                .split_whitespace()
                .all(|w| said.contains(w))
    }

    /// The filter's controls, inside the sheet's form: a search box and one button per
    /// group the sheet holds, each posting the form back to the sheet (see `pressed`).
    /// They are `input`s, not `button`s: the sheet's own button stays its first `button`.
    fn controls(&self, ch: &Choices, rows: &[StockRow], shown: usize) -> Markup {
        let mut groups: Vec<CategoryGroup> = rows
            .iter()
            .filter_map(|r| ch.categories.iter().find(|c| c.slug == r.category))
            .filter_map(|c| CategoryGroup::parse(&c.group))
            .collect();
        groups.sort_by_key(|g| CategoryGroup::rank(g.as_str()));
        groups.dedup();
        let pressed = |on: bool| if on { "true" } else { "false" };
        html! {
            div.sheet-filter #sheet-filter {
                @if let Some(g) = self.group { input type="hidden" name="group" value=(g.as_str()); }
                div.find {
                    label for="find" { (t!("movements-filter-find")) }
                    input #find type="search" name="find" value=(self.find) autocomplete="off" enterkeyhint="search";
                    // The form's first submit control: Enter in any box narrows the
                    // sheet, it never sends it.
                    input.button.secondary #find-button type="submit" name=(FIND_BUTTON) value=(t!("movements-filter-button"));
                }
                @if groups.len() > 1 {
                    div.groups role="group" aria-label=(t!("movements-filter-groups")) {
                        input.button.secondary.chip type="submit" name="clear" value=(t!("movements-filter-all")) aria-pressed=(pressed(!self.is_on()));
                        @for g in groups {
                            input.button.secondary.chip type="submit" name={"group." (g.as_str())} value=(g.label()) aria-pressed=(pressed(self.group == Some(g)));
                        }
                    }
                }
                @if let (Some(words), Some(g)) = (&self.dropped, self.group) {
                    p #filter-dropped role="status" { (t!("movements-filter-find-dropped", group = g.label(), find = words)) }
                }
                @if self.is_on() {
                    p #filter-shown role="status" {
                        strong { (self.said(shown, rows.len())) } " "
                        span.muted { (t!("movements-filter-kept")) }
                    }
                    input.button.secondary.chip #show-all type="submit" name="clear" value=(t!("movements-filter-show-all"));
                }
            }
        }
    }
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

// ---- refusals in words, beside their fields ----

/// The errors about `field`, under its input, with the id its input points at.
fn beside(errors: &FormErrors, field: &str) -> Markup {
    html! {
        @for (i, e) in errors.0.iter().filter(|e| e.field == field).enumerate() {
            p.field-error id=(error_id(field, i)) role="alert" { (e.message) }
        }
    }
}

fn error_id(field: &str, i: usize) -> String {
    let id: String = field
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{id}-error{i}")
}

/// `aria-describedby` for the input of `field`, when it has errors.
fn described_by(errors: &FormErrors, field: &str) -> Option<String> {
    let ids: Vec<String> = (0..errors.0.iter().filter(|e| e.field == field).count())
        .map(|i| error_id(field, i))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn invalid(errors: &FormErrors, field: &str) -> Option<&'static str> {
    errors.0.iter().any(|e| e.field == field).then_some("true")
}

/// Errors that belong to no input (the form's key, a line the page no longer shows,
/// the hidden fields of a triage row).
const GENERAL: [&str; 4] = ["", "form_key", "category", "from_condition"];

fn general(errors: &FormErrors) -> Markup {
    html! { @for f in GENERAL { (beside(errors, f)) } }
}

/// The form as typed, every error beside its field, and on top a line saying nothing
/// was saved with every error as a link to its box (or, for one no box shows, to its
/// words), so a long sheet sent back leads to what to fix.
fn refused(values: Values, errors: FormErrors, ch: &Choices) -> Shown {
    let listed = errors
        .0
        .iter()
        .map(|e| {
            (
                Some(error_target(&e.field)),
                line_named(ch, &e.field, &e.message),
            )
        })
        .collect();
    Shown {
        values,
        flash: Some(form::error_summary(
            t!("movements-nothing-saved", n = errors.0.len()),
            listed,
        )),
        errors,
        status: StatusCode::UNPROCESSABLE_ENTITY,
    }
}

/// An error about a sheet's line (`q.<category>.<condition>`, `n.…`) as the summary
/// says it, away from its line: named by the line, unless it names its goods already.
fn line_named(ch: &Choices, field: &str, message: &str) -> String {
    let line = ["q.", "n."]
        .iter()
        .find_map(|p| field.strip_prefix(p))
        .and_then(|rest| rest.rsplit_once('.'));
    match line {
        Some((category, condition)) if !message.contains(&ch.category(category)) => {
            let name = format!(
                "{} ({})",
                ch.category(category),
                Condition::label_of(condition)
            );
            t!("form-error-in", field = name, problem = message)
        }
        _ => message.to_string(),
    }
}

/// The element an error links to: its box when the sheet has one of that id (a line's
/// count, the destination, the note, the reason), else its words beside the list.
fn error_target(field: &str) -> String {
    let boxed = ["q.", "n.", "x"].iter().any(|p| field.starts_with(p))
        || ["to", "note", "reason"].contains(&field);
    if boxed {
        field.to_string()
    } else {
        error_id(field, 0)
    }
}

fn push(errors: &mut Vec<FieldError>, field: &str, message: String) {
    errors.push(FieldError::new(field, message));
}

/// A number typed for a quantity, from `min` to `max`, or the sentence saying why not
/// (an empty box asks for at least `min`).
fn typed_number(raw: &str, min: i64, max: i64) -> Result<i64, String> {
    if raw.trim().is_empty() {
        return Err(t!("number-at-least", min = min));
    }
    form::whole_number(raw, min, max)
}

/// "Only 3 Sleeping bag (Good) at North warehouse": the sentence for a line asking for
/// more than is there.
fn short_words(n: i64, category: &str, condition: &str, place: &str, loose_only: bool) -> String {
    let condition = Condition::label_of(condition);
    if loose_only {
        t!(
            "movements-err-short-loose",
            n = n,
            category = category,
            condition = condition,
            place = place
        )
    } else {
        t!(
            "movements-err-short",
            n = n,
            category = category,
            condition = condition,
            place = place
        )
    }
}

/// Text a volunteer typed (a note, a reason), or the sentence saying what to change.
fn typed_text<const N: usize>(
    values: &Values,
    key: &str,
    errors: &mut Vec<FieldError>,
) -> Option<FreeText<N>> {
    match FreeText::<N>::parse(&form::value(values, key)) {
        Ok(t) => Some(t),
        Err(p) => {
            let message = match p {
                TextProblem::ControlCharacter => t!("movements-err-text-control"),
                TextProblem::Note(crate::notes::NoteProblem::PhoneNumber) => {
                    t!("movements-err-text-phone")
                }
                TextProblem::Note(crate::notes::NoteProblem::EmailAddress) => {
                    t!("movements-err-text-email")
                }
                TextProblem::Note(crate::notes::NoteProblem::TooLong { max }) => {
                    t!("movements-err-text-long", max = max)
                }
            };
            push(errors, key, message);
            None
        }
    }
}

/// Whether this form was already recorded (a double tap, a resend): it is then replayed
/// as it was, not checked against the stock it has since changed.
async fn already_sent(state: &AppState, actor: &Actor, values: &Values) -> AppResult<bool> {
    let Some(key) = idempotency::sent_form_key(values) else {
        return Ok(false);
    };
    let handle = actor.handle.clone();
    state
        .db
        .read(move |c| Ok(idempotency::used(c, &handle, &format!("form-{key}"))?))
        .await
}

fn form_key(values: &Values, errors: &mut Vec<FieldError>) -> Option<String> {
    let key = idempotency::sent_form_key(values);
    if key.is_none() {
        push(errors, "form_key", t!("movements-err-form-key"));
    }
    key
}

/// The domain's refusal of a form the page found fine (stock taken meanwhile, boxes,
/// a form key reused), put beside the fields it is about: `line` names the input of a
/// category × condition line.
fn refusal_in_words(
    e: AppError,
    line: impl Fn(&str, &str) -> String,
    lines_field: &str,
) -> AppResult<FormErrors> {
    match e {
        AppError::Conflict {
            code: "insufficient_stock",
            details,
            ..
        } => {
            let mut errors = Vec::new();
            let text =
                |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
            for s in details["shortages"].as_array().into_iter().flatten() {
                let message = short_words(
                    s["in_stock"].as_i64().unwrap_or(0),
                    &text(s, "category_name"),
                    &text(s, "condition"),
                    &text(s, "location_name"),
                    s["loose_only"].as_bool().unwrap_or(false),
                );
                push(
                    &mut errors,
                    &line(&text(s, "category"), &text(s, "condition")),
                    message,
                );
            }
            Ok(FormErrors(errors))
        }
        AppError::Conflict {
            code: "idempotency_key_reused",
            ..
        } => Ok(FormErrors::one("form_key", t!("movements-err-key-used"))),
        AppError::Invalid { details, .. } if !details.is_empty() => Ok(FormErrors(
            details
                .into_iter()
                .map(|d| {
                    // Lines are named by index in the domain; the page names them as a whole.
                    let field = if d.field.contains('[') {
                        lines_field.to_string()
                    } else {
                        d.field
                    };
                    FieldError::new(field, d.message)
                })
                .collect(),
        )),
        // Anything else a volunteer can act on is said on top of the form.
        other => Ok(FormErrors(
            form::refusal(other)?
                .0
                .into_iter()
                .map(|e| FieldError::new("", e.message))
                .collect(),
        )),
    }
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
            nav.places aria-label=(t!("movements-places")) {
                @for p in places {
                    @if chosen.is_some_and(|c| c.id == p.id) {
                        strong aria-current="true" { (p.name) }
                    } @else {
                        a href={(path) "?" (param) "=" (p.slug)} { (p.name) }
                    }
                    " "
                }
            }
            (beside(errors, param))
            @if chosen.is_none() && asked.is_some() && !has_error {
                p.field-error role="alert" { (t!("movements-place-not-listed")) }
            }
        }
    }

    /// The place a form names, checked against the places shown: the error when it is
    /// not one of them.
    fn check<'c>(
        &self,
        places: impl IntoIterator<Item = &'c Location>,
        slug: &str,
        errors: &mut Vec<FieldError>,
    ) -> Option<&'c Location> {
        let found = places.into_iter().find(|p| p.slug == slug);
        if found.is_none() {
            push(errors, self.param, t!("movements-place-not-listed"));
        }
        found
    }
}

fn warehouse_tabs(actor: &Actor, here: &str) -> Markup {
    let tabs = [
        ("/triage", t!("movements-tab-triage")),
        ("/transfer", t!("movements-tab-transfer")),
        ("/stocktake", t!("movements-tab-stocktake")),
        ("/writeoff", t!("movements-tab-writeoff")),
    ];
    html! {
        nav.tabs aria-label=(t!("movements-tabs")) {
            @for (path, label) in &tabs {
                @if *path == here {
                    strong { (label) }
                } @else if crate::web::may_open(actor, path) {
                    a href=(path) { (label) }
                }
                " "
            }
        }
    }
}

fn replayed(msg: String, was: bool) -> String {
    if was {
        format!("{msg} {}", t!("movements-replayed"))
    } else {
        msg
    }
}

// ---- triage ----

/// What a triage row's form sent back, to show again beside that row after a refusal.
struct TriageTyped {
    category: String,
    from: String,
    quantity: String,
    errors: FormErrors,
}

/// A triage row just moved: its confirmation is shown in the row, where the page opens
/// (the form's address ends in the row's anchor), not at the top of a long list. A row
/// moved in full is gone, its anchor with it, so the page opens at its top and the
/// confirmation is the usual message there.
struct TriageMoved {
    category: String,
    from: String,
    message: String,
}

async fn triage_render(
    state: &AppState,
    actor: &Actor,
    wanted: Option<&str>,
    values: &Values,
    flash: Option<Flash>,
    typed: Option<TriageTyped>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let ch = choices(state).await?;
    let chosen = ch.pick(wanted, false);
    let no_errors = FormErrors::default();
    let errors = typed.as_ref().map_or(&no_errors, |t| &t.errors);
    let rows: Vec<StockRow> = stock_at(state, &ch, chosen)
        .await?
        .into_iter()
        .filter(|r| WAITING.contains(&r.condition))
        .collect();
    let filter = SheetFilter::for_sheet(values, &ch, &rows);
    // A message for a row still listed goes in that row; any other stays on top.
    let (flash, moved) = match flash {
        Some(Flash::Ok(message)) => {
            let row_of = |r: &StockRow| {
                r.category == form::value(values, "category")
                    && r.condition.as_str() == form::value(values, "from_condition")
            };
            if rows.iter().any(row_of) {
                let moved = TriageMoved {
                    category: form::value(values, "category"),
                    from: form::value(values, "from_condition"),
                    message,
                };
                (None, Some(moved))
            } else {
                (Some(Flash::Ok(message)), None)
            }
        }
        other => (other, None),
    };
    let warehouses: Vec<&Location> = ch.warehouses.iter().collect();
    let title = match chosen {
        Some(w) => t!("movements-triage-at", place = &w.name),
        None => t!("movements-triage-title"),
    };
    let body = html! {
        (warehouse_tabs(actor, "/triage"))
        h1 { (title) }
        (general(errors))
        (TRIAGE.links(&warehouses, chosen, wanted, errors))
        @if chosen.is_some() && rows.is_empty() {
            p { (t!("movements-triage-empty")) }
        }
        @if let (Some(place), false) = (chosen, rows.is_empty()) {
            // The sheets' Find and group buttons, by GET: each row is its own form, so
            // there is nothing typed to carry, and the narrowed list has an address.
            form method="get" novalidate action="/triage" {
                input type="hidden" name=(TRIAGE.param) value=(place.slug);
                (filter.controls(&ch, &rows, shown_count(&rows, &filter, &ch)))
            }
        }
        @for cond in WAITING {
            @let of_cond: Vec<&StockRow> = rows.iter().filter(|r| r.condition == cond.as_str()).collect();
            @let shown: Vec<&&StockRow> = of_cond.iter().filter(|r| {
                filter.keeps(&ch, &r.category, r.condition)
                    || typed.as_ref().is_some_and(|t| t.category == r.category && r.condition == t.from)
            }).collect();
            @if !shown.is_empty() {
                h2 { (Condition::label(cond)) }
                @for r in shown {
                    @let mine = typed.as_ref().filter(|t| t.category == r.category && r.condition == t.from);
                    @let done = moved.as_ref().filter(|m| m.category == r.category && r.condition == m.from);
                    @let row_errors = mine.map_or(&no_errors, |t| &t.errors);
                    @let qty = mine.map(|t| t.quantity.clone()).unwrap_or_else(|| r.quantity.to_string());
                    @let id = format!("q-{}-{}", r.category, r.condition);
                    @let row_id = format!("t-{}-{}", r.category, r.condition);
                    div.triage id=(row_id) {
                        p.name { strong { (r.category_name) } " · " (t!("movements-waiting", n = r.quantity)) }
                        @if let Some(m) = done { p.flash.ok role="status" { (m.message) } }
                        // The page sent back opens at this row, not at the top of a long sheet.
                        form method="post" novalidate action={"/triage#" (row_id)} {
                            (form::csrf_field(actor))
                            input type="hidden" name="form_key" value=(idempotency::new_form_key());
                            input type="hidden" name="location" value=[chosen.map(|c| c.slug.as_str())];
                            input type="hidden" name="category" value=(r.category);
                            input type="hidden" name="from_condition" value=(r.condition);
                            // The list comes back narrowed as it was.
                            @if let Some(g) = filter.group { input type="hidden" name="group" value=(g.as_str()); }
                            @if !filter.find.is_empty() { input type="hidden" name="find" value=(filter.find); }
                            label for=(id) { (t!("movements-how-many")) }
                            input id=(id) type="number" inputmode="numeric" name="quantity" min="1" max=(r.quantity) value=(qty)
                                aria-label=(t!("movements-how-many-of", category = &r.category_name, condition = r.condition.label()))
                                aria-invalid=[invalid(row_errors, "quantity")] aria-describedby=[described_by(row_errors, "quantity")];
                            (beside(row_errors, "quantity")) (beside(row_errors, "to_condition"))
                            div.moves {
                                button type="submit" name="to_condition" value="good" { (t!("movements-to-good", from = cond.as_str())) }
                                button.secondary type="submit" name="to_condition" value="usable" { (t!("movements-to-usable")) }
                                button.secondary type="submit" name="to_condition" value="unusable" { (t!("movements-to-unusable")) }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(page(
        status,
        layout(Some(actor), &t!("movements-triage-title"), flash, body),
    ))
}

pub async fn triage_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let values: Values = q.into_inner().into_iter().collect();
    let location = values.get(TRIAGE.param).cloned();
    triage_render(
        &state,
        &actor,
        asked(&location),
        &values,
        None,
        None,
        StatusCode::OK,
    )
    .await
}

/// A refused triage's problems for the summary on top, each linked to where it is
/// shown: a quantity to its row's box, anything else to its words.
fn triage_listed(errors: &FormErrors, row: &TriageTyped) -> Vec<(Option<String>, String)> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    errors
        .0
        .iter()
        .map(|e| {
            let i = seen.entry(e.field.as_str()).or_default();
            let target = if e.field == "quantity" {
                format!("q-{}-{}", row.category, row.from)
            } else {
                error_id(&e.field, *i)
            };
            *i += 1;
            (Some(target), e.message.clone())
        })
        .collect()
}

/// A triage row's form as a request, checked against what waits at the place shown:
/// every problem at once.
fn regrade_request(
    values: &Values,
    ch: &Choices,
    waiting: Option<&[StockRow]>,
) -> Result<(String, RegradeRequest), FormErrors> {
    let mut errors = Vec::new();
    let key = form_key(values, &mut errors);
    let location = form::value(values, "location");
    let place = TRIAGE.check(&ch.warehouses, &location, &mut errors);
    let category = form::value(values, "category");
    let from = form::value(values, "from_condition");
    // Resent, the row is not looked for: what it had is already moved.
    let row = match waiting {
        Some(rows) => rows
            .iter()
            .find(|r| r.category == category && r.condition == from)
            .map(Some),
        None => Some(None),
    };
    let from_condition = from.parse::<Condition>().ok();
    let to_condition = match form::value(values, "to_condition").parse::<Condition>() {
        Ok(to) if Some(to) == from_condition => {
            push(
                &mut errors,
                "to_condition",
                t!(
                    "movements-err-same-condition",
                    condition = Condition::label(to)
                ),
            );
            None
        }
        Ok(to) => Some(to),
        Err(_) => {
            push(&mut errors, "to_condition", t!("movements-err-condition"));
            None
        }
    };
    let mut quantity = None;
    match (place, row) {
        // A place not in the list says so beside the list; its rows are not shown.
        (None, _) => {}
        (Some(_), None) => push(&mut errors, "", t!("movements-err-row-gone")),
        (Some(p), Some(r)) => {
            let raw = form::value(values, "quantity");
            match typed_number(&raw, 1, MAX_QUANTITY) {
                Ok(n) if r.is_some_and(|r| n > r.quantity) => {
                    if let Some(r) = r {
                        let message = short_words(
                            r.quantity,
                            &r.category_name,
                            r.condition.as_str(),
                            &p.name,
                            false,
                        );
                        push(&mut errors, "quantity", message);
                    }
                }
                Ok(n) => quantity = Quantity::parse(n).ok(),
                Err(m) => push(&mut errors, "quantity", m),
            }
        }
    }
    match (key, from_condition, to_condition, quantity) {
        (Some(k), Some(from_condition), Some(to_condition), Some(quantity))
            if errors.is_empty() =>
        {
            Ok((
                k,
                RegradeRequest {
                    location,
                    category,
                    from_condition,
                    to_condition,
                    quantity,
                    note: None,
                },
            ))
        }
        _ => Err(FormErrors(errors)),
    }
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
        let flash = form::error_summary(
            t!("movements-nothing-saved", n = errors.0.len()),
            triage_listed(&errors, &typed(FormErrors::default())),
        );
        (Some(flash), Some(typed(errors)))
    };
    let ch = choices(&state).await?;
    let waiting = stock_at(&state, &ch, ch.pick(Some(&location), false)).await?;
    let checked = (!already_sent(&state, &actor, &values).await?).then_some(&waiting[..]);
    let (key, req) = match regrade_request(&values, &ch, checked) {
        Ok(p) => p,
        Err(errors) => {
            let (flash, typed) = refuse(errors);
            return triage_render(
                &state,
                &actor,
                Some(&location),
                &values,
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
            let msg = t!(
                "movements-regraded",
                from = req.from_condition.as_str(),
                n = req.quantity.get(),
                category = ch.category(&req.category),
                was = Condition::label(req.from_condition),
                now = Condition::label(req.to_condition),
                place = ch.place(&done.value.location),
            );
            triage_render(
                &state,
                &actor,
                Some(&location),
                &values,
                Some(Flash::Ok(replayed(msg, done.replayed))),
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(e) => {
            let (flash, typed) = refuse(refusal_in_words(e, |_, _| "quantity".into(), "quantity")?);
            triage_render(
                &state,
                &actor,
                Some(&location),
                &values,
                flash,
                typed,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

// ---- lines typed against the stock of one place (transfer, write-off) ----

fn line_key(category: &str, condition: &str) -> String {
    format!("q.{category}.{condition}")
}

/// The lines typed on a stock sheet (`q.<category>.<condition>`), sorted, checked
/// against the stock shown (`rows` at `place`): empty and 0 are skipped; anything else
/// that is not 1 to what is there is an error beside its line.
fn typed_lines(
    values: &Values,
    rows: Option<&[StockRow]>,
    place: &str,
    errors: &mut Vec<FieldError>,
) -> Vec<LineRequest> {
    let mut lines = BTreeMap::new();
    let mut keys: Vec<&String> = values.keys().filter(|k| k.starts_with("q.")).collect();
    keys.sort();
    for k in keys {
        let raw = values[k].trim();
        if raw.is_empty() || raw == "0" {
            continue;
        }
        let Some((category, condition)) = listed(k, "q.", rows) else {
            // A line the sheet does not show (stock gone since, or a tampered form).
            push(errors, "lines", t!("movements-err-line-gone"));
            continue;
        };
        match typed_number(raw, 1, MAX_QUANTITY) {
            Ok(n) if category.1.is_some_and(|r| n > r.quantity) => {
                if let Some(r) = category.1 {
                    let message = short_words(
                        r.quantity,
                        &r.category_name,
                        r.condition.as_str(),
                        place,
                        false,
                    );
                    push(errors, k, message);
                }
            }
            Ok(n) => {
                if let Ok(quantity) = Quantity::parse(n) {
                    lines.insert(
                        (category.0.clone(), condition),
                        LineRequest {
                            category: category.0,
                            condition,
                            quantity,
                        },
                    );
                }
            }
            Err(m) => push(errors, k, m),
        }
    }
    if lines.is_empty()
        && !errors
            .iter()
            .any(|e| e.field.starts_with("q.") || e.field == "lines")
    {
        push(errors, "lines", t!("movements-err-no-lines"));
    }
    lines.into_values().collect()
}

/// The category and condition of a sheet's line `key` (`<prefix><category>.<condition>`),
/// with its stock row when the sheet is checked against the stock (`rows`); `None` for
/// a line the sheet does not show.
fn listed<'r>(
    key: &str,
    prefix: &str,
    rows: Option<&'r [StockRow]>,
) -> Option<((String, Option<&'r StockRow>), Condition)> {
    let (category, condition) = key.strip_prefix(prefix)?.rsplit_once('.')?;
    let condition = condition.parse::<Condition>().ok()?;
    match rows {
        None => Some(((category.to_string(), None), condition)),
        Some(rows) => rows
            .iter()
            .find(|r| r.category == category && r.condition == condition.as_str())
            .map(|r| ((r.category.clone(), Some(r)), condition)),
    }
}

/// The lines of a stock sheet the filter keeps (and any with an error, wherever it
/// is), with the counts of the lines it hides carried in hidden fields.
fn stock_lines(
    rows: &[StockRow],
    values: &Values,
    errors: &FormErrors,
    filter: &SheetFilter,
    ch: &Choices,
) -> Markup {
    html! {
        @if rows.is_empty() { p { (t!("movements-nothing-in-stock")) } }
        @for r in rows {
            @let key = line_key(&r.category, r.condition.as_str());
            @let typed = form::value(values, &key);
            @if filter.keeps(ch, &r.category, r.condition) || invalid(errors, &key).is_some() {
                div.line {
                    label.name for=(key) { (r.category_name) " " small.meta { span.cond { (r.condition.label()) } " · " (t!("movements-in-stock", n = r.quantity)) } }
                    input id=(key) type="number" inputmode="numeric" min="0" max=(r.quantity) name=(key) value=(typed)
                        aria-invalid=[invalid(errors, &key)] aria-describedby=[described_by(errors, &key)];
                    (beside(errors, &key))
                }
            } @else if !typed.is_empty() {
                input type="hidden" name=(key) value=(typed);
            }
        }
        (beside(errors, "lines"))
    }
}

/// How many of `rows` the filter shows.
fn shown_count(rows: &[StockRow], filter: &SheetFilter, ch: &Choices) -> usize {
    rows.iter()
        .filter(|r| filter.keeps(ch, &r.category, r.condition))
        .count()
}

/// "6 Sleeping bag (Good), 2 Blanket (Usable)".
fn lines_in_words(ch: &Choices, lines: &[LineRequest]) -> String {
    lines
        .iter()
        .map(|l| {
            t!(
                "movements-line",
                n = l.quantity.get(),
                category = ch.category(&l.category),
                condition = Condition::label(l.condition)
            )
        })
        .collect::<Vec<_>>()
        .join(crate::i18n::format::list_separator())
}

fn items(lines: &[LineRequest]) -> i64 {
    lines.iter().map(|l| l.quantity.get()).sum()
}

// ---- transfer ----

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
    let rows = stock_at(state, &ch, chosen).await?;
    let to = form::value(values, "to");
    let filter = SheetFilter::for_sheet(values, &ch, &rows);
    let warehouses: Vec<&Location> = ch.warehouses.iter().collect();
    let title = match chosen {
        Some(w) => t!("movements-transfer-from", place = &w.name),
        None => t!("movements-transfer-title"),
    };
    // The "From" chooser is links, not a select: a select can be changed without being
    // sent, and then say one warehouse while the sheet below moves from another.
    let body = html! {
        (warehouse_tabs(actor, "/transfer"))
        h1 { (title) }
        (general(errors))
        p.muted { (t!("movements-transfer-which")) }
        (TRANSFER.links(&warehouses, chosen, from, errors))
        @if let Some(from) = chosen {
            form method="post" novalidate action="/transfer" {
                (form::csrf_field(actor))
                input type="hidden" name="form_key" value=(form_key_of(values));
                input type="hidden" name="from" value=(from.slug);
                div.field {
                    label for="to" { (t!("movements-to")) }
                    select #to name="to" required aria-invalid=[invalid(errors, "to")] aria-describedby=[described_by(errors, "to")] {
                        option value="" { (t!("movements-choose")) }
                        optgroup label=(t!("movements-warehouses")) {
                            @for w in ch.warehouses.iter().filter(|w| w.id != from.id) {
                                option value=(w.slug) selected[to == w.slug] { (w.name) }
                            }
                        }
                        optgroup label=(t!("movements-sites-outside-run")) {
                            @for s in &ch.sites {
                                option value=(s.slug) selected[to == s.slug] { (s.name) }
                            }
                        }
                    }
                    (beside(errors, "to"))
                }
                h2 { (t!("movements-what-to-move", place = &from.name)) }
                (filter.controls(&ch, &rows, shown_count(&rows, &filter, &ch)))
                (stock_lines(&rows, values, errors, &filter, &ch))
                div.field {
                    label for="note" { (t!("movements-note")) }
                    input #note type="text" name="note" maxlength="500" value=(form::value(values, "note"))
                        aria-invalid=[invalid(errors, "note")] aria-describedby=[described_by(errors, "note")];
                    (beside(errors, "note"))
                }
                button type="submit" { (t!("movements-transfer-button", place = &from.name)) }
            }
        } @else if ch.warehouses.is_empty() {
            p { (t!("movements-no-warehouse")) }
        }
    };
    Ok(page(
        status,
        layout(Some(actor), &t!("movements-transfer-title"), flash, body),
    ))
}

fn form_key_of(values: &Values) -> String {
    idempotency::sent_form_key(values).unwrap_or_else(idempotency::new_form_key)
}

pub async fn transfer_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let shown = as_sent(q.into_inner());
    let from = shown.values.get("from").cloned();
    transfer_render(&state, &actor, asked(&from), shown).await
}

/// A sheet as its filter sent it back (or a plain link opened it): the counts typed so
/// far kept, nothing checked yet.
fn as_sent(pairs: impl IntoIterator<Item = (String, String)>) -> Shown {
    Shown {
        values: pairs.into_iter().collect(),
        ..Shown::blank()
    }
}

/// The transfer form as a request, every problem at once.
fn transfer_request(
    values: &Values,
    ch: &Choices,
    rows: Option<&[StockRow]>,
) -> Result<(String, TransferRequest), FormErrors> {
    let mut errors = Vec::new();
    let key = form_key(values, &mut errors);
    let from = form::value(values, "from");
    let to = form::value(values, "to");
    let place = TRANSFER.check(&ch.warehouses, &from, &mut errors);
    let mut lines = Vec::new();
    // A place not in the list is said beside the list: no sheet, so no lines to check.
    if let Some(p) = place {
        if to.is_empty() {
            push(&mut errors, "to", t!("movements-err-choose-to"));
        } else if to == p.slug {
            push(
                &mut errors,
                "to",
                t!("movements-err-same-place", place = &p.name),
            );
        } else if !ch.warehouses.iter().chain(&ch.sites).any(|l| l.slug == to) {
            push(&mut errors, "to", t!("movements-err-to-unknown"));
        }
        lines = typed_lines(values, rows, &p.name, &mut errors);
    }
    let note = typed_text(values, "note", &mut errors).filter(|t: &FreeText| !t.is_empty());
    match key {
        Some(k) if errors.is_empty() => Ok((
            k,
            TransferRequest {
                from,
                to,
                lines,
                note,
            },
        )),
        _ => Err(FormErrors(errors)),
    }
}

pub async fn transfer_submit(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let values: Values = fields.into_inner().into_iter().collect();
    let from = form::value(&values, "from");
    if SheetFilter::pressed(&values) {
        return transfer_render(&state, &actor, asked(&Some(from)), as_sent(values)).await;
    }
    let ch = choices(&state).await?;
    let rows = stock_at(&state, &ch, ch.pick(Some(&from), false)).await?;
    let resent = already_sent(&state, &actor, &values).await?;
    let (key, req) = match transfer_request(&values, &ch, (!resent).then_some(&rows[..])) {
        Ok(p) => p,
        Err(errors) => {
            return transfer_render(&state, &actor, Some(&from), refused(values, errors, &ch))
                .await;
        }
    };
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let r = req.clone();
    let result = record_once(&state, &actor, &key, "transfer", &req, move |c| {
        model::transfer(c, &r, &handle, now)
    })
    .await;
    let shown = match result {
        Ok(done) => {
            let msg = t!(
                "movements-moved",
                n = items(&req.lines),
                from = ch.place(&req.from),
                to = ch.place(&req.to),
                lines = lines_in_words(&ch, &req.lines)
            );
            Shown::saved(replayed(msg, done.replayed))
        }
        // Stock taken from the source meanwhile is said beside its line.
        Err(e) => refused(values, refusal_in_words(e, line_key, "lines")?, &ch),
    };
    transfer_render(&state, &actor, Some(&from), shown).await
}

/// A sheet's form key and required reason, every problem at once (added to `errors`).
fn with_reason(
    values: &Values,
    missing_reason: String,
    errors: &mut Vec<FieldError>,
) -> (Option<String>, Option<FreeText<300>>) {
    let key = form_key(values, errors);
    let reason = typed_text::<300>(values, "reason", errors);
    if reason.as_ref().is_some_and(|r| r.is_empty()) {
        push(errors, "reason", missing_reason);
        return (key, None);
    }
    (key, reason)
}

/// The reason box; an example (`hint`) is help under it, never a placeholder, which
/// reads as a value already typed.
fn reason_field(values: &Values, errors: &FormErrors, hint: Option<String>) -> Markup {
    let described = [
        hint.as_ref().map(|_| "reason-hint".to_string()),
        described_by(errors, "reason"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    html! {
        div.field {
            label for="reason" { (t!("movements-reason")) }
            input #reason type="text" name="reason" required maxlength="300" value=(form::value(values, "reason"))
                aria-invalid=[invalid(errors, "reason")] aria-describedby=[(!described.is_empty()).then_some(&described)];
            @if let Some(h) = hint { p.muted.hint #reason-hint { (h) } }
            (beside(errors, "reason"))
        }
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
    let rows = stock_at(state, &ch, chosen).await?;
    let places: Vec<&Location> = ch.warehouses.iter().chain(ch.sites.iter()).collect();
    let filter = SheetFilter::for_sheet(values, &ch, &rows);
    let title = match chosen {
        Some(p) => t!("movements-writeoff-at", place = &p.name),
        None => t!("movements-writeoff-title"),
    };
    let body = html! {
        (warehouse_tabs(actor, "/writeoff"))
        h1 { (title) }
        (general(errors))
        p.muted { (t!("movements-writeoff-intro")) }
        (WRITEOFF.links(&places, chosen, location, errors))
        @if let Some(p) = chosen {
            form method="post" novalidate action="/writeoff" {
                (form::csrf_field(actor))
                input type="hidden" name="form_key" value=(form_key_of(values));
                input type="hidden" name="location" value=(p.slug);
                (filter.controls(&ch, &rows, shown_count(&rows, &filter, &ch)))
                // Above the long list, where it is seen before the button is reached.
                (reason_field(values, errors, None))
                (stock_lines(&rows, values, errors, &filter, &ch))
                button type="submit" { (t!("movements-writeoff-button")) }
            }
        }
    };
    Ok(page(
        status,
        layout(Some(actor), &t!("movements-writeoff-title"), flash, body),
    ))
}

pub async fn writeoff_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let shown = as_sent(q.into_inner());
    let location = shown.values.get("location").cloned();
    writeoff_render(&state, &actor, asked(&location), shown).await
}

/// A sheet that takes a reason and restates itself on a confirmation page before it
/// writes (write-off, stocktake): one submit path, each sheet saying only what differs.
trait ConfirmedSheet {
    type Lines;
    type Request: serde::Serialize + Clone + Send + 'static;
    /// Where the sheet lives and posts; also names the change for the form key.
    const CHOOSER: Chooser<'static>;
    /// Whether it destroys something (its Confirm button in the danger style).
    const DANGER: bool;
    /// What a blank reason is told.
    fn missing_reason() -> String;
    /// The lines as typed, checked against the stock shown at `place` (every problem
    /// added to `errors`).
    fn lines(
        values: &Values,
        ch: &Choices,
        place: &Location,
        rows: Option<&[StockRow]>,
        errors: &mut Vec<FieldError>,
    ) -> Self::Lines;
    fn request(location: String, lines: Self::Lines, reason: FreeText<300>) -> Self::Request;
    /// The input a category × condition line is typed in.
    fn line_field(category: &str, condition: &str) -> String;
    /// Where errors about the lines as a whole go.
    const LINES_FIELD: &'static str;
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
    ) -> AppResult<(String, Markup, String)>;
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
    if SheetFilter::pressed(&values) {
        return S::render(state, actor, asked(&Some(location)), as_sent(values)).await;
    }
    let ch = choices(state).await?;
    let chosen = ch.pick(Some(&location), true);
    let rows = stock_at(state, &ch, chosen).await?;
    let checked = (!already_sent(state, actor, &values).await?).then_some(&rows[..]);
    let mut errors = Vec::new();
    let (key, reason) = with_reason(&values, S::missing_reason(), &mut errors);
    let places = ch.warehouses.iter().chain(ch.sites.iter());
    // A place not in the list is said beside the list: no sheet, so no lines to check.
    let lines = S::CHOOSER
        .check(places, &location, &mut errors)
        .map(|p| S::lines(&values, &ch, p, checked, &mut errors));
    let (key, req) = match (key, lines, reason) {
        (Some(k), Some(lines), Some(reason)) if errors.is_empty() => {
            (k, S::request(location.clone(), lines, reason))
        }
        _ => {
            let shown = refused(values, FormErrors(errors), &ch);
            return S::render(state, actor, Some(&location), shown).await;
        }
    };
    if !confirm::is_confirmed(&values) {
        let (title, restated, confirm_label) = S::restate(state, &ch, &location, &req).await?;
        let confirmation = Confirmation {
            title: &title,
            restated,
            action: S::CHOOSER.path,
            fields: &pairs,
            confirm_label: &confirm_label,
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
        Err(e) => refused(
            values,
            refusal_in_words(e, S::line_field, S::LINES_FIELD)?,
            &ch,
        ),
    };
    S::render(state, actor, Some(&location), shown).await
}

struct Writeoff;

impl ConfirmedSheet for Writeoff {
    type Lines = Vec<LineRequest>;
    type Request = WriteoffRequest;
    const CHOOSER: Chooser<'static> = WRITEOFF;
    const DANGER: bool = true;
    const LINES_FIELD: &'static str = "lines";

    fn missing_reason() -> String {
        t!("movements-err-writeoff-reason")
    }
    fn lines(
        values: &Values,
        _: &Choices,
        place: &Location,
        rows: Option<&[StockRow]>,
        errors: &mut Vec<FieldError>,
    ) -> Self::Lines {
        typed_lines(values, rows, &place.name, errors)
    }
    fn request(location: String, lines: Self::Lines, reason: FreeText<300>) -> WriteoffRequest {
        WriteoffRequest {
            location,
            lines,
            reason,
        }
    }
    fn line_field(category: &str, condition: &str) -> String {
        line_key(category, condition)
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
    ) -> AppResult<(String, Markup, String)> {
        let restated = html! {
            p { (t!("movements-writeoff-restated", place = ch.place(location), lines = lines_in_words(ch, &req.lines))) }
            p { (t!("movements-reason-said")) " " q { (req.reason) } }
            p.muted { (t!("movements-writeoff-for-good")) }
        };
        let title = t!("movements-writeoff-confirm-title", n = items(&req.lines));
        Ok((title, restated, t!("movements-writeoff-confirm")))
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
        t!(
            "movements-wrote-off",
            n = items(&req.lines),
            place = ch.place(location),
            lines = lines_in_words(ch, &req.lines)
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

/// The count sheet as lines: the listed rows (`n.<category>.<condition>`, a blank one
/// is not counted) and the extra rows (`x<i>.category`, `.condition`, `.count`); every
/// problem beside its row.
fn counted_lines(
    values: &Values,
    ch: &Choices,
    rows: Option<&[StockRow]>,
    errors: &mut Vec<FieldError>,
) -> Vec<CountedLine> {
    let mut counted: BTreeMap<(String, Condition), CountedLine> = BTreeMap::new();
    let mut count = |field: &str,
                     category: &str,
                     condition: Condition,
                     raw: &str,
                     errors: &mut Vec<FieldError>| {
        match typed_number(raw, 0, MAX_QUANTITY).map(Count::parse) {
            Ok(Ok(quantity)) => match counted.entry((category.to_string(), condition)) {
                std::collections::btree_map::Entry::Occupied(_) => {
                    let message = t!(
                        "movements-err-counted-twice",
                        category = ch.category(category),
                        condition = Condition::label(condition)
                    );
                    push(errors, field, message);
                }
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert(CountedLine {
                        category: category.to_string(),
                        condition,
                        quantity,
                    });
                }
            },
            Ok(Err(_)) => push(errors, field, t!("number-at-most", max = MAX_QUANTITY)),
            Err(m) => push(errors, field, m),
        }
    };
    let mut keys: Vec<&String> = values.keys().filter(|k| k.starts_with("n.")).collect();
    keys.sort();
    for k in keys {
        let raw = values[k].trim();
        if raw.is_empty() {
            continue;
        }
        match listed(k, "n.", rows) {
            Some(((category, _), condition)) => count(k, &category, condition, raw, errors),
            // A line the sheet does not show (stock gone since, or a tampered form).
            None => push(errors, "counted", t!("movements-err-line-gone")),
        }
    }
    for i in 0..EXTRA_ROWS {
        let field = format!("x{i}.count");
        let raw = form::value(values, &field);
        let category = form::value(values, &format!("x{i}.category"));
        if raw.is_empty() {
            continue;
        }
        if category.is_empty() {
            push(errors, &field, t!("movements-err-found-what"));
            continue;
        }
        if !ch.categories.iter().any(|c| c.slug == category) {
            push(errors, &field, t!("movements-err-line-gone"));
            continue;
        }
        match form::value(values, &format!("x{i}.condition")).parse::<Condition>() {
            Ok(condition) => count(&field, &category, condition, &raw, errors),
            Err(_) => push(errors, &field, t!("movements-err-condition")),
        }
    }
    if counted.is_empty()
        && errors
            .iter()
            .all(|e| e.field == "reason" || e.field == "form_key")
    {
        push(errors, "counted", t!("movements-err-count-none"));
    }
    counted.into_values().collect()
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
    let rows = stock_at(state, &ch, chosen).await?;
    let places: Vec<&Location> = ch.warehouses.iter().chain(ch.sites.iter()).collect();
    // A sheet not sent yet (no line in it) starts from the books.
    let fresh = !values.keys().any(|k| k.starts_with("n."));
    let filter = SheetFilter::for_sheet(values, &ch, &rows);
    let title = match chosen {
        Some(p) => t!("movements-stocktake-at", place = &p.name),
        None => t!("movements-stocktake-title"),
    };
    let body = html! {
        (warehouse_tabs(actor, "/stocktake"))
        h1 { (title) }
        (general(errors))
        p.muted { (t!("movements-stocktake-intro")) }
        (STOCKTAKE.links(&places, chosen, location, errors))
        @if let Some(p) = chosen {
            form method="post" novalidate action="/stocktake" {
                (form::csrf_field(actor))
                input type="hidden" name="form_key" value=(form_key_of(values));
                input type="hidden" name="location" value=(p.slug);
                // Above the long count sheet, where it is seen before the button is reached.
                (reason_field(values, errors, Some(t!("movements-reason-monthly"))))
                (filter.controls(&ch, &rows, shown_count(&rows, &filter, &ch)))
                @for r in &rows {
                    @let key = count_key(&r.category, r.condition.as_str());
                    @let shown = if fresh { r.quantity.to_string() } else { form::value(values, &key) };
                    @if filter.keeps(&ch, &r.category, r.condition) || invalid(errors, &key).is_some() {
                        div.line {
                            label.name for=(key) { (r.category_name) " " small.meta { span.cond { (r.condition.label()) } " · " (t!("movements-in-the-books", n = r.quantity)) } }
                            input id=(key) type="number" inputmode="numeric" min="0" max="1000000" name=(key) value=(shown)
                                aria-invalid=[invalid(errors, &key)] aria-describedby=[described_by(errors, &key)];
                            (beside(errors, &key))
                        }
                    } @else if !shown.is_empty() {
                        input type="hidden" name=(key) value=(shown);
                    }
                }
                h2 { (t!("movements-found")) }
                @for i in 0..EXTRA_ROWS {
                    @let cat = form::value(values, &format!("x{i}.category"));
                    @let cond = form::value(values, &format!("x{i}.condition"));
                    @let count = format!("x{i}.count");
                    div.line {
                        select name={"x" (i) ".category"} aria-label=(t!("movements-category")) {
                            option value="" { (t!("movements-category-choose")) }
                            @for (group, of) in crate::catalog::model::grouped(&ch.categories) {
                                optgroup label=(t!("movements-group", group = group)) {
                                    @for c in of {
                                        option value=(c.slug) selected[cat == c.slug] { (c.name) }
                                    }
                                }
                            }
                        }
                        input id=(count) type="number" inputmode="numeric" min="0" max="1000000" name=(count) value=(form::value(values, &count)) aria-label=(t!("movements-count"))
                            aria-invalid=[invalid(errors, &count)] aria-describedby=[described_by(errors, &count)];
                        select name={"x" (i) ".condition"} aria-label=(t!("movements-condition")) {
                            @for c in Condition::ALL {
                                option value=(c.as_str()) selected[cond == c.as_str()] { (Condition::label(c)) }
                            }
                        }
                        (beside(errors, &count))
                    }
                }
                (beside(errors, "counted"))
                button type="submit" { (t!("movements-stocktake-check")) }
            }
        }
    };
    Ok(page(
        status,
        layout(Some(actor), &t!("movements-stocktake-title"), flash, body),
    ))
}

pub async fn stocktake_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let shown = as_sent(q.into_inner());
    let location = shown.values.get("location").cloned();
    stocktake_render(&state, &actor, asked(&location), shown).await
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
    let rows = stock_at(state, ch, place).await?;
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

/// A difference with its sign, written as the language writes numbers: "+1", "-2".
fn signed(n: i64) -> String {
    let sign = if n > 0 {
        "+"
    } else if n < 0 {
        "-"
    } else {
        ""
    };
    format!("{sign}{}", number(n.abs()))
}

struct Stocktake;

impl ConfirmedSheet for Stocktake {
    type Lines = Vec<CountedLine>;
    type Request = StocktakeRequest;
    const CHOOSER: Chooser<'static> = STOCKTAKE;
    const DANGER: bool = false;
    const LINES_FIELD: &'static str = "counted";

    fn missing_reason() -> String {
        t!("movements-err-stocktake-reason")
    }
    fn lines(
        values: &Values,
        ch: &Choices,
        _: &Location,
        rows: Option<&[StockRow]>,
        errors: &mut Vec<FieldError>,
    ) -> Self::Lines {
        counted_lines(values, ch, rows, errors)
    }
    fn request(location: String, counted: Self::Lines, reason: FreeText<300>) -> StocktakeRequest {
        StocktakeRequest {
            location,
            counted,
            reason,
        }
    }
    fn line_field(category: &str, condition: &str) -> String {
        count_key(category, condition)
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
    ) -> AppResult<(String, Markup, String)> {
        let diffs = differences(state, ch, req).await?;
        let restated = html! {
            @if diffs.is_empty() {
                p { (t!("movements-stocktake-matches")) }
            } @else {
                p { (t!("movements-stocktake-will-set")) }
                table.compact {
                    thead { tr {
                        th scope="col" { (t!("movements-col-what")) } th.num scope="col" { (t!("movements-col-books")) }
                        th.num scope="col" { (t!("movements-col-count")) } th.num scope="col" { "±" }
                    } }
                    tbody {
                        @for (name, cond, books, counted) in &diffs {
                            tr { td { (name) " " small.muted { (Condition::label(*cond)) } } td.num { (number(*books)) } td.num { (number(*counted)) } td.num { bdi { (signed(counted - books)) } } }
                        }
                    }
                }
            }
            p { (t!("movements-reason-said")) " " q { (req.reason) } }
        };
        let title = t!(
            "movements-stocktake-confirm-title",
            place = ch.place(location)
        );
        Ok((title, restated, t!("movements-stocktake-confirm")))
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
                t!(
                    "movements-stocktake-change",
                    category = ch.category(&e.category),
                    condition = Condition::label_of(&e.condition),
                    change = signed(e.quantity)
                )
            })
            .collect();
        if changes.is_empty() {
            t!("movements-stocktake-saved-same", place = ch.place(location))
        } else {
            t!(
                "movements-stocktake-saved",
                place = ch.place(location),
                changes = changes.join(crate::i18n::format::list_separator())
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

    fn row(category: &str, condition: &str, quantity: i64) -> StockRow {
        StockRow {
            location: "unit-south".into(),
            location_name: "South unit".into(),
            location_kind: crate::locations::LocationKind::Warehouse,
            category: category.into(),
            category_name: format!("The {category}"),
            condition: condition.parse().expect("a condition"),
            quantity,
        }
    }

    fn choices() -> Choices {
        Choices {
            warehouses: Vec::new(),
            sites: Vec::new(),
            categories: ["tent-2p", "bike"]
                .iter()
                .enumerate()
                .map(|(i, s)| Category::for_test(i as i64 + 1, s))
                .collect(),
            names: HashMap::new(),
        }
    }

    #[test]
    fn typed_lines_skip_blanks_and_say_every_problem_in_words() {
        Lang::En.sync_scope(|| {
            let rows = [row("tent-2p", "good", 5), row("blanket", "usable", 2)];
            let mut errors = Vec::new();
            let v = values(&[("q.tent-2p.good", "3"), ("q.blanket.usable", "0")]);
            let lines = typed_lines(&v, Some(&rows), "South unit", &mut errors);
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!((lines.len(), lines[0].quantity.get()), (1, 3));
            let v = values(&[
                ("q.tent-2p.good", "9"),
                ("q.blanket.usable", "abc"),
                ("q.tent-9p.good", "1"),
            ]);
            typed_lines(&v, Some(&rows), "South unit", &mut errors);
            let said: Vec<(&str, &str)> = errors
                .iter()
                .map(|e| (e.field.as_str(), e.message.as_str()))
                .collect();
            assert_eq!(
                said,
                [
                    ("q.blanket.usable", "“abc” is not a whole number: type digits only, like 3."),
                    ("q.tent-2p.good", "Only 5 The tent-2p (Good) at South unit: type 5 or fewer."),
                    ("lines", "A line of this form is no longer in the list: it is shown again as it is now."),
                ]
            );
            let mut errors = Vec::new();
            typed_lines(&values(&[("q.tent-2p.good", "")]), Some(&rows), "x", &mut errors);
            assert_eq!(errors[0].field, "lines");
        });
    }

    #[test]
    fn count_sheet_reads_listed_and_extra_rows_once() {
        Lang::En.sync_scope(|| {
            let rows = [row("tent-2p", "good", 8)];
            let ch = choices();
            let v = values(&[
                ("n.tent-2p.good", "8"),
                ("x0.category", "bike"),
                ("x0.condition", "needs-repair"),
                ("x0.count", "2"),
                ("x1.category", "tent-2p"),
                ("x1.condition", "good"),
                ("x1.count", "1"),
                ("x2.count", "4"),
            ]);
            let mut errors = Vec::new();
            counted_lines(&v, &ch, Some(&rows), &mut errors);
            let said: Vec<(&str, &str)> = errors
                .iter()
                .map(|e| (e.field.as_str(), e.message.as_str()))
                .collect();
            assert_eq!(
                said,
                [
                    (
                        "x1.count",
                        "tent-2p (Good) is counted twice: count it on one line."
                    ),
                    ("x2.count", "Choose what you found, or clear its count."),
                ]
            );
            let mut v = v;
            v.remove("x1.count");
            v.remove("x2.count");
            let mut errors = Vec::new();
            let lines = counted_lines(&v, &ch, Some(&rows), &mut errors);
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!(lines.len(), 2);
        });
    }

    #[test]
    fn differences_are_signed() {
        Lang::Fr.sync_scope(|| {
            assert_eq!(
                (signed(-1200), signed(3)),
                ("-1\u{202f}200".to_string(), "+3".to_string())
            )
        });
    }
}
