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
use crate::catalog::{Category, Condition};
use crate::corrections::model::{
    self as correction, ChangeRef, CorrectedLine, CorrectionRequest, UNDO_MINUTES,
};
use crate::corrections::store::CorrectionRow;
use crate::error::{AppError, AppResult, FieldError};
use crate::history::store::{self, ChangeFilter, NamedEntry};
use crate::i18n::Msg;
use crate::idempotency::{self, IdempotencyKey};
use crate::ledger::{Cause, Quantity};
use crate::locations::{Location, LocationKind};
use crate::needs::model::NeedHistory;
use crate::state::AppState;
use crate::t;
use crate::web::form::FormErrors;
use crate::web::{layout, page, see_other, Flash};

pub const PAGE_SIZE: i64 = 25;

/// The lists a volunteer can pick, their names, and the ledger causes each holds. The
/// need statements are no ledger change: their list reads the needs (`NEEDS`).
const KINDS: &[(&str, Msg, &[Cause])] = &[
    ("intakes", Msg("history-list-intakes"), &[Cause::Intake]),
    ("hand-outs", Msg("history-list-handouts"), &[Cause::Handout]),
    (
        "movements",
        Msg("history-list-movements"),
        &[
            Cause::Transfer,
            Cause::Regrade,
            Cause::Stocktake,
            Cause::Writeoff,
        ],
    ),
    (
        "runs",
        Msg("history-list-runs"),
        &[Cause::Load, Cause::Delivery, Cause::Return],
    ),
    (
        "corrections",
        Msg("history-list-corrections"),
        &[Cause::Correction],
    ),
    (NEEDS, Msg("history-list-needs"), &[]),
];

/// The list of need statements, each replaced one with what replaced it (issue 9).
pub const NEEDS: &str = "needs";
/// Every list of the volunteer's job at once, newest first: where the history opens.
const ALL: &str = "all";

/// The lists of a role's job: crew intakes, distributors hand-outs and the needs they
/// state, drivers runs; warehouse and coordinators everything.
fn kinds_for(role: Role) -> Vec<&'static str> {
    match role {
        Role::Crew => vec!["intakes"],
        Role::Distributor => vec!["hand-outs", NEEDS],
        Role::Driver => vec!["runs"],
        Role::Warehouse | Role::Coordinator => KINDS.iter().map(|k| k.0).collect(),
    }
}

/// Whether the volunteer's history lists need statements (and shows their pages).
pub fn may_see_needs(actor: &Actor) -> bool {
    kinds_for(actor.role).contains(&NEEDS)
}

fn causes_of(kind: &str) -> &'static [Cause] {
    KINDS
        .iter()
        .find(|k| k.0 == kind)
        .map(|k| k.2)
        .unwrap_or(&[])
}

/// The causes shown together on one detail page: a run's load, deliveries and return.
fn detail_causes(cause: Cause) -> Vec<Cause> {
    match cause {
        Cause::Load | Cause::Delivery | Cause::Return => {
            vec![Cause::Load, Cause::Delivery, Cause::Return]
        }
        c => vec![c],
    }
}

fn may_see_cause(role: Role, cause: Cause) -> bool {
    kinds_for(role)
        .iter()
        .any(|k| causes_of(k).contains(&cause))
}

/// A kind of change as a volunteer calls it ("Intake", "Hand-out").
pub fn kind_label(cause: &str) -> String {
    match cause {
        "intake" => t!("history-kind-intake"),
        "hand-out" => t!("history-kind-handout"),
        "transfer" => t!("history-kind-transfer"),
        "regrade" => t!("history-kind-regrade"),
        "stocktake" => t!("history-kind-stocktake"),
        "write-off" => t!("history-kind-writeoff"),
        "correction" => t!("history-kind-correction"),
        "load" => t!("history-kind-load"),
        "delivery" => t!("history-kind-delivery"),
        "return" => t!("history-kind-return"),
        "box" => t!("history-kind-box"),
        "partner-dispatch" => t!("history-kind-partner-dispatch"),
        "lost-in-transit" => t!("history-kind-lost-in-transit"),
        "need" => t!("history-kind-need"),
        other => other.to_string(),
    }
}

/// A time as shown in lists: the date in the request's language, then the hour.
pub fn when(at: chrono::NaiveDateTime) -> String {
    format!("{} {}", crate::i18n::date(at.date()), at.format("%H:%M"))
}

pub fn detail_path(cause: &str, id: i64) -> String {
    format!("/history/{cause}/{id}")
}

/// A need statement's page: the statement, what became of it, and the others of its
/// site and category.
pub fn need_path(id: i64) -> String {
    detail_path(NEED, id)
}

/// The word a need statement's address uses (`/history/need/12`); not a ledger cause.
pub const NEED: &str = "need";

pub(crate) fn new_form_key() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    hex::encode(bytes)
}

/// The one-tap undo of one's own change, for the confirmation after saving and the
/// history list: a form with its own key, so a double tap undoes once.
pub fn undo_button(actor: &Actor, cause: &str, id: i64) -> Markup {
    html! {
        form.undo.inline method="post" novalidate action=(&format!("{}/undo", detail_path(cause, id))) {
            (crate::web::form::csrf_field(actor))
            input type="hidden" name="form_key" value=(new_form_key());
            button.secondary type="submit" { (t!("history-undo")) }
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
    // Their own row, apart: each a thumb-sized target, never flush (issue 9).
    Ok(html! {
        span.offer {
            a.see-it href=(detail_path(cause.as_str(), id)) { (t!("history-see-it")) }
            @if undoable { " " (undo_button(actor, cause.as_str(), id)) }
        }
    })
}

#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    pub kind: Option<String>,
    pub location: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub before: Option<i64>,
    /// Keyset pagination of the need statements mixed in: ids below this.
    pub needs_before: Option<i64>,
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// One line of the list: a ledger change or a need statement (by index in its list).
enum Line {
    Change(usize),
    Need(usize),
}

/// The two lists, each newest first, merged by time into one page of at most `n`
/// lines (a tie goes to the ledger's change): each list keeps its own order, so each
/// pages on from the last line of it shown.
fn merge(changes: &[store::ChangeRow], needs: &[NeedHistory], n: usize) -> Vec<Line> {
    let (mut i, mut j) = (0, 0);
    let mut lines = Vec::new();
    while lines.len() < n {
        let line = match (changes.get(i), needs.get(j)) {
            (Some(c), Some((s, _))) if c.at >= s.created_at => Line::Change(i),
            (_, Some(_)) => Line::Need(j),
            (Some(_), None) => Line::Change(i),
            (None, None) => break,
        };
        match line {
            Line::Change(_) => i += 1,
            Line::Need(_) => j += 1,
        }
        lines.push(line);
    }
    lines
}

/// `GET /history`: every list of the volunteer's job at once (or one of them),
/// newest first, filtered, 25 a page with an "older" link.
pub async fn list_page(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<HistoryQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let allowed = kinds_for(actor.role);
    let kind = match blank(&q.kind) {
        None | Some(ALL) => ALL,
        Some(k) => *allowed.iter().find(|a| **a == k).ok_or_else(|| {
            AppError::Forbidden(t!(
                "history-error-list-forbidden",
                role = crate::web::role_name(actor.role),
                list = k
            ))
        })?,
    };
    let shown_kinds: Vec<&'static str> = match kind {
        ALL => allowed.clone(),
        k => vec![k],
    };
    let causes: Vec<Cause> = shown_kinds
        .iter()
        .flat_map(|k| causes_of(k).iter().copied())
        .collect();
    let with_needs = shown_kinds.contains(&NEEDS);
    let date = |v: &Option<String>, field: &str| -> AppResult<Option<NaiveDate>> {
        blank(v)
            .map(|s| {
                NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                    AppError::invalid(field, t!("history-error-date", example = "2026-11-20"))
                })
            })
            .transpose()
    };
    let (from, to) = (date(&q.from, "from")?, date(&q.to, "to")?);
    let location = blank(&q.location).map(str::to_string);
    let (before, needs_before) = (q.before, q.needs_before);
    let loc = location.clone();
    let lang = crate::i18n::Lang::current();
    let no_place = |slug: &str| t!("history-error-no-place", place = slug);
    let unknown_place = location.as_deref().map(no_place).unwrap_or_default();
    let (rows, needs, places, entries, sources, marks, corrects) = state
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
                        .ok_or_else(|| AppError::NotFound(unknown_place.clone()))?,
                ),
            };
            let filter = ChangeFilter {
                causes,
                location_id,
                from,
                to,
                before,
                limit: PAGE_SIZE + 1,
            };
            let rows = store::changes(c, &filter)?;
            let names = crate::catalog::names::in_lang(c, lang)?;
            let mut needs = match with_needs {
                false => Vec::new(),
                true => crate::needs::model::history_page(
                    c,
                    crate::needs::store::StatementPage {
                        site_id: location_id,
                        from,
                        to,
                        before: needs_before,
                        limit: PAGE_SIZE + 1,
                    },
                )?,
            };
            for (row, standing) in needs.iter_mut() {
                crate::history::needs::rename(row, standing, &names);
            }
            let mut entries = Vec::new();
            for r in &rows {
                entries.push(store::named_entries(c, &[r.cause], r.cause_id)?);
            }
            for e in entries.iter_mut().flatten() {
                store::rename(e, &names);
            }
            let intakes: Vec<i64> = rows
                .iter()
                .filter(|r| r.cause == Cause::Intake)
                .map(|r| r.cause_id)
                .collect();
            let sources = store::intake_sources(c, &intakes)?;
            let shown: Vec<(Cause, i64)> = rows.iter().map(|r| (r.cause, r.cause_id)).collect();
            let mut marks = HashMap::new();
            for ((cause, id), fixes) in store::corrections_of_each(c, &shown)? {
                marks.extend(standing_in(c, cause, id, &fixes)?.map(|s| ((cause, id), s)));
            }
            // What each correction shown corrects, to say so in its line.
            let mut corrects = HashMap::new();
            for r in rows.iter().filter(|r| r.cause == Cause::Correction) {
                if let Some(f) = crate::corrections::store::correction(c, r.cause_id)? {
                    let undo = f.reason == crate::corrections::model::UNDONE;
                    corrects.insert(r.cause_id, (f.of_cause, f.of_id, undo));
                }
            }
            Ok((rows, needs, places, entries, sources, marks, corrects))
        })
        .await?;
    // The filter lists places by the name it shows (accents aside), not by their code.
    let mut places = places;
    places.sort_by_cached_key(|p| (crate::ledger::pages::name_key(&p.name), p.id));
    let mut lines = merge(&rows, &needs, PAGE_SIZE as usize + 1);
    let more = lines.len() > PAGE_SIZE as usize;
    lines.truncate(PAGE_SIZE as usize);
    let last_own = own_undoable(&state, &actor).await?;
    let older_link = more.then(|| {
        // Each list pages on from the last of its lines shown here (or from where this
        // page started it, when none was).
        let last_change = lines.iter().rev().find_map(|l| match l {
            Line::Change(i) => rows.get(*i).map(|r| r.newest_entry),
            Line::Need(_) => None,
        });
        let last_need = lines.iter().rev().find_map(|l| match l {
            Line::Need(j) => needs.get(*j).map(|n| n.0.id),
            Line::Change(_) => None,
        });
        let mut url = format!("/history?kind={kind}");
        for (k, v) in [
            ("before", last_change.or(before)),
            ("needs_before", last_need.or(needs_before)),
        ] {
            if let Some(v) = v {
                url.push_str(&format!("&{k}={v}"));
            }
        }
        for (k, v) in [("location", &location), ("from", &q.from), ("to", &q.to)] {
            if let Some(v) = blank(v) {
                url.push_str(&format!("&{k}={}", urlencode(v)));
            }
        }
        url
    });
    let body = html! {
        h1 { (t!("history-title")) }
        form #history-filter.filters method="get" novalidate action="/history" {
            div.field {
                label for="kind" { (t!("history-filter-show")) }
                select #kind name="kind" {
                    option value=(ALL) selected[kind == ALL] { (t!("history-list-all")) }
                    @for k in KINDS.iter().filter(|k| allowed.contains(&k.0)) {
                        option value=(k.0) selected[k.0 == kind] { (k.1.get()) }
                    }
                }
            }
            div.field {
                label for="location" { (t!("history-filter-place")) }
                select #location name="location" {
                    option value="" { (t!("history-filter-everywhere")) }
                    @for p in places.iter().filter(|p| p.kind != "van") {
                        option value=(p.slug) selected[location.as_deref() == Some(p.slug.as_str())] { (p.name) }
                    }
                }
            }
            div.field { label for="from" { (t!("history-filter-from")) } input #from type="date" name="from" value=(blank(&q.from).unwrap_or("")); }
            div.field { label for="to" { (t!("history-filter-to")) } input #to type="date" name="to" value=(blank(&q.to).unwrap_or("")); }
            button.secondary type="submit" { (t!("history-filter-button")) }
        }
        @if lines.is_empty() {
            p.muted { (t!("history-nothing-yet")) }
        }
        ul #changes.changes {
            @for line in &lines {
                @match line {
                    Line::Need(j) => { @if let Some(n) = needs.get(*j) { (crate::history::needs::list_item(n)) } },
                    Line::Change(i) => {
                        @if let (Some(r), Some(e)) = (rows.get(*i), entries.get(*i)) {
                            li.change {
                                a href=(detail_path(r.cause.as_str(), r.cause_id)) { strong { (headline(r.cause, &person(&r.actor), e)) } }
                                // The kind with the number: numbers repeat across kinds.
                                " " span.muted { (when(r.at)) " · " bdi.ref { (change_label(r.cause.as_str(), r.cause_id)) } }
                                @if let Some((of, of_id, undo)) = corrects.get(&r.cause_id).filter(|_| r.cause == Cause::Correction) {
                                    // An undo is a correction too (reason "undone"): said as what it is.
                                    @let said = if *undo { t!("history-undo-of", what = SLOT) } else { t!("history-correction-of", what = SLOT) };
                                    " " span.corrects { (with_slot(&said, html! { a href=(detail_path(of.as_str(), *of_id)) { bdi { (change_label(of.as_str(), *of_id)) } } })) }
                                }
                                @if let Some(m) = marks.get(&(r.cause, r.cause_id)) { " " (mark(m)) }
                                br;
                                @if let Some(source) = sources.get(&r.cause_id).filter(|_| r.cause == Cause::Intake) {
                                    span.source { (strong_in(&t!("history-from-source", source = SLOT), &source_words(source))) " " }
                                }
                                (summary(e))
                                @if last_own.as_ref().is_some_and(|(c, id)| *c == r.cause && *id == r.cause_id) {
                                    " " (undo_button(&actor, r.cause.as_str(), r.cause_id))
                                }
                            }
                        }
                    },
                }
            }
        }
        @if let Some(link) = older_link {
            p { a.older href=(link) { (t!("history-older")) } }
        }
    };
    Ok(page(
        StatusCode::OK,
        layout(Some(&actor), &t!("history-title"), None, body),
    ))
}

/// Where a message puts a value that the page shows in bold.
pub const SLOT: &str = "\u{E000}";

/// `message` (made with `SLOT` for an argument) with `inner` at the argument's place:
/// a message keeps its word order in every language and the page its markup.
pub fn with_slot(message: &str, inner: Markup) -> Markup {
    let (before, after) = message.split_once(SLOT).unwrap_or((message, ""));
    html! { (before) (inner) (after) }
}

/// `message` with `value` in bold at the argument's place.
pub fn strong_in(message: &str, value: &str) -> Markup {
    with_slot(message, html! { strong { (value) } })
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The places a change's entries touch, each once: all of them, those stock left
/// (`outs`) and those it reached (`ins`).
struct Places<'a> {
    all: Vec<&'a str>,
    outs: Vec<&'a str>,
    ins: Vec<&'a str>,
}

impl<'a> Places<'a> {
    fn of(entries: &'a [NamedEntry]) -> Self {
        let places = |keep: &dyn Fn(i64) -> bool| {
            let mut p: Vec<&str> = entries
                .iter()
                .filter(|e| keep(e.quantity))
                .map(|e| e.location.as_str())
                .collect();
            p.sort_unstable();
            p.dedup();
            p
        };
        Places {
            all: places(&|_| true),
            outs: places(&|q| q < 0),
            ins: places(&|q| q > 0),
        }
    }
}

/// "Undone: Hand-out at Oak — Blanket: 3; Tent (2 person): 2. Correction #12 took it
/// back." — what a one-tap undo took back, named as the save's own message named it:
/// the items of a hand-out, the items and conditions of the other changes.
fn undone_message(d: &Detail, correction: i64) -> String {
    let Places { all, outs, ins } = Places::of(&d.entries);
    let kind = kind_label(d.cause.as_str());
    let what = match (all.as_slice(), outs.as_slice(), ins.as_slice()) {
        ([place], _, _) => t!("history-change-at", kind = &kind, place = *place),
        (_, [from], [to]) => t!(
            "history-change-between",
            kind = &kind,
            from = *from,
            to = *to
        ),
        _ => kind,
    };
    // A move between two places is named by what arrived; a change in one direction
    // by its counts; a change both ways at one place (a regrade) by its signed counts.
    let between = all.len() == 2 && outs.len() == 1 && ins.len() == 1;
    let one_way = ins.is_empty() || outs.is_empty();
    let mut lines: Vec<(String, String, i64)> = Vec::new();
    for e in d.entries.iter().filter(|e| !between || e.quantity > 0) {
        // A hand-out takes good before usable: its items are counted whatever their condition.
        let condition = match d.cause {
            Cause::Handout => String::new(),
            _ => e.condition.label(),
        };
        let n = if one_way || between {
            e.quantity.abs()
        } else {
            e.quantity
        };
        match lines
            .iter_mut()
            .find(|(c, k, _)| *c == e.category && *k == condition)
        {
            Some(line) => line.2 += n,
            None => lines.push((e.category.clone(), condition, n)),
        }
    }
    // A change that moved no stock (a hand-out of requests only) has no items to name.
    if lines.is_empty() {
        return t!(
            "history-undone-nothing",
            what = what,
            correction = correction.to_string()
        );
    }
    t!(
        "history-undone",
        what = what,
        lines = crate::web::polish::lines_in_words(&lines),
        correction = correction.to_string()
    )
}

/// A change as one plain line: "Intake at Unit East, 12 items, by crew1", "Transfer
/// from Unit South to Oak, 6 items, by wh1" (the handle in its own direction).
fn headline(cause: Cause, actor: &str, entries: &[NamedEntry]) -> Markup {
    let Places { all, outs, ins } = Places::of(entries);
    let sum = |keep: fn(i64) -> bool| -> i64 {
        entries
            .iter()
            .filter(|e| keep(e.quantity))
            .map(|e| e.quantity.abs())
            .sum()
    };
    let n = sum(|q| q > 0).max(sum(|q| q < 0));
    let kind = kind_label(cause.as_str());
    let message = match (all.as_slice(), outs.as_slice(), ins.as_slice()) {
        ([place], _, _) => t!(
            "history-row-at",
            kind = kind,
            place = *place,
            n = n,
            who = SLOT
        ),
        (_, [from], [to]) => t!(
            "history-row-between",
            kind = kind,
            from = *from,
            to = *to,
            n = n,
            who = SLOT
        ),
        _ => t!("history-row", kind = kind, n = n, who = SLOT),
    };
    with_slot(&message, html! { bdi { (actor) } })
}

/// More entries than this are folded on a change's page, behind "Show all".
const LONG_ENTRIES: usize = 12;

/// Entries named in a list item; the rest are counted (a season's intake can have 50
/// lines, a screenful each on a phone) and shown on the change's own page.
const SUMMARY_ENTRIES: usize = 4;

/// "+12 Tent (2 person) (Good); … and 9 more": a change's entries in words, signed, the places
/// named only when the headline cannot name them (entries in and out of several).
fn summary(entries: &[NamedEntry]) -> Markup {
    let more = entries.len().saturating_sub(SUMMARY_ENTRIES);
    let one_way = entries.iter().all(|e| e.quantity > 0) || entries.iter().all(|e| e.quantity < 0);
    let mut places: Vec<&str> = entries.iter().map(|e| e.location.as_str()).collect();
    places.sort_unstable();
    places.dedup();
    let line = |e: &NamedEntry| {
        let (n, item, cond, place) = (
            signed(e.quantity),
            e.category.as_str(),
            e.condition.label(),
            e.location.as_str(),
        );
        match e.quantity > 0 {
            _ if one_way => t!("history-entry", n = n, item = item, condition = cond),
            true if places.len() == 1 => {
                t!(
                    "history-entry-in-here",
                    n = n,
                    item = item,
                    condition = cond
                )
            }
            false if places.len() == 1 => {
                t!(
                    "history-entry-out-here",
                    n = n,
                    item = item,
                    condition = cond
                )
            }
            true => t!(
                "history-entry-in",
                n = n,
                item = item,
                condition = cond,
                place = place
            ),
            false => t!(
                "history-entry-out",
                n = n,
                item = item,
                condition = cond,
                place = place
            ),
        }
    };
    let lines: Vec<String> = entries.iter().take(SUMMARY_ENTRIES).map(line).collect();
    // Arabic has its own semicolon; French spaces it.
    let sep = crate::i18n::format::clause_separator();
    html! {
        span.summary {
            (lines.join(sep))
            @if more > 0 { (sep) (t!("history-and-more", n = more)) }
        }
    }
}

/// What corrections have made of a change: the mark beside it in the list and on its
/// page, so an undone or reversed change never looks like one that still counts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Standing {
    /// Its author's one-tap undo took it back (by this correction).
    Undone(i64),
    /// Corrections took its whole effect back; the last is this one.
    Reversed(i64),
    /// It still counts, as this correction (the last) left it; the second, when that
    /// correction was itself undone, by which undo.
    Corrected(i64, Option<i64>),
}

/// `fixes` are the change's corrections, oldest first; `gone` whether its effect is
/// nil; `last_undone` the undo of the last correction, if it was undone.
fn standing(fixes: &[CorrectionRow], gone: bool, last_undone: Option<i64>) -> Option<Standing> {
    let last = fixes.last()?.id;
    Some(match gone {
        true if fixes.iter().any(|f| f.reason == correction::UNDONE) => Standing::Undone(last),
        true => Standing::Reversed(last),
        false => Standing::Corrected(last, last_undone),
    })
}

/// `standing` read from the ledger: the change's effect and whether its last
/// correction was undone since.
fn standing_in(
    c: &mut crate::db::DbConn,
    cause: Cause,
    id: i64,
    fixes: &[CorrectionRow],
) -> AppResult<Option<Standing>> {
    let Some(last) = fixes.last() else {
        return Ok(None);
    };
    let gone = crate::corrections::store::effect(c, cause, id)?.is_empty();
    let last_undone = undone_by(c, Cause::Correction, last.id)?;
    Ok(standing(fixes, gone, last_undone))
}

/// The one-tap undo that took change `id` back, if one did.
fn undone_by(c: &mut crate::db::DbConn, cause: Cause, id: i64) -> AppResult<Option<i64>> {
    Ok(crate::corrections::store::corrections_of(c, cause, id)?
        .into_iter()
        .find(|f| f.reason == correction::UNDONE)
        .map(|f| f.id))
}

fn mark(s: &Standing) -> Markup {
    let link = |id: i64| html! { a href=(detail_path("correction", id)) { bdi { "#" (id) } } };
    let (words, id) = match *s {
        Standing::Undone(id) => (t!("history-mark-undone"), id),
        Standing::Reversed(id) => (t!("history-mark-reversed"), id),
        Standing::Corrected(id, _) => (t!("history-mark-corrected"), id),
    };
    html! {
        strong.mark {
            (words) " " (link(id))
            @if let Standing::Corrected(_, Some(undo)) = s { (t!("history-mark-then-undone")) " " (link(*undo)) }
        }
    }
}

/// "Hand-out #5": a change named by its kind and number (numbers repeat across kinds).
pub(super) fn change_label(cause: &str, id: i64) -> String {
    t!(
        "history-detail-title",
        kind = kind_label(cause),
        id = id.to_string()
    )
}

/// Who recorded a change, as people say it: the demo season's loader in words.
pub(super) fn person(handle: &str) -> String {
    match handle {
        crate::seed::SEED_ACTOR => t!("history-by-demo"),
        h => h.to_string(),
    }
}

/// An intake's source as people write it: one stored as a code ("donor-st-marks",
/// "reading-2026") reads "Donor St Marks", "Reading 2026"; anything typed otherwise
/// is shown as typed.
pub fn source_words(source: &str) -> String {
    let code = source.contains('-')
        && source.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !code {
        return source.to_string();
    }
    source
        .split('-')
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
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
            // An undo is not undone in turn, and a change already undone has nothing
            // left to take back.
            if correction::is_an_undo(c, cause, id)? || undone_by(c, cause, id)?.is_some() {
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
    corrections: Vec<CorrectionRow>,
    /// The entries of its corrections (and of theirs), by correction id.
    fixes: Vec<(i64, NamedEntry)>,
    /// Its net effect now, per place: (place, item, condition, quantity).
    now: Vec<(String, String, String, i64)>,
    standing: Option<Standing>,
    /// The change's current effect, by category and condition, for the lines form.
    lines: Vec<(String, String, String, i64)>,
    warehouses: Vec<Location>,
    /// Every category by name in the reader's language, for the lines form.
    catalog: Vec<Category>,
    home: Option<String>,
    /// Where its effect is now, when corrections moved it from where it was recorded.
    here: Vec<String>,
    /// Corrections have taken its whole effect back: nothing is left to correct.
    reversed: bool,
    /// A hand-out's: the need statements raised from its unmet requests.
    raised: Vec<crate::history::needs::Raised>,
    /// A hand-out's: what was asked for but not there, by item name.
    unmet: Vec<(String, i64)>,
}

/// A need statement's id from its address.
fn need_id(id: &str) -> AppResult<i64> {
    id.parse::<i64>().map_err(|_| {
        AppError::NotFound(t!(
            "history-error-no-change",
            kind = kind_label(NEED),
            id = id
        ))
    })
}

fn parse_path(kind: &str, id: &str) -> AppResult<(Cause, i64)> {
    let cause = Cause::parse(kind)
        .ok_or_else(|| AppError::NotFound(t!("history-error-no-kind", kind = kind)))?;
    let id = id
        .parse::<i64>()
        .map_err(|_| AppError::NotFound(t!("history-error-no-change", kind = kind, id = id)))?;
    Ok((cause, id))
}

async fn load_detail(state: &AppState, actor: &Actor, cause: Cause, id: i64) -> AppResult<Detail> {
    let me = actor.clone();
    let lang = crate::i18n::Lang::current();
    let missing = t!(
        "history-error-no-change",
        kind = kind_label(cause.as_str()),
        id = id.to_string()
    );
    let hidden = t!(
        "history-error-forbidden",
        role = crate::web::role_name(actor.role),
        kind = kind_label(cause.as_str())
    );
    state
        .db
        .read(move |c| {
            let (author, facts) =
                store::describe(c, cause, id)?.ok_or(AppError::NotFound(missing))?;
            if !may_see(c, &me, cause, id, &author)? {
                return Err(AppError::Forbidden(hidden));
            }
            let names = crate::catalog::names::in_lang(c, lang)?;
            let mut entries = store::named_entries(c, &detail_causes(cause), id)?;
            entries.iter_mut().for_each(|e| store::rename(e, &names));
            let corrections = crate::corrections::store::corrections_of(c, cause, id)?;
            let mut lines = Vec::new();
            let mut home = None;
            let effect = crate::corrections::store::effect(c, cause, id)?;
            let reversed = effect.is_empty() && !corrections.is_empty();
            let standing = standing_in(c, cause, id, &corrections)?;
            let mut fixes = Vec::new();
            for f in store::correction_tree(c, cause, id)? {
                for mut e in store::named_entries(c, &[Cause::Correction], f.id)? {
                    store::rename(&mut e, &names);
                    fixes.push((f.id, e));
                }
            }
            let mut cats = crate::catalog::store::all(c)?;
            for cat in cats.iter_mut() {
                if let Some(n) = names.get(&cat.slug) {
                    cat.name = n.clone();
                }
            }
            let places = crate::locations::store::all(c, None)?;
            let place_name = |loc: i64| {
                places
                    .iter()
                    .find(|p| p.id == loc)
                    .map_or_else(String::new, |p| p.name.clone())
            };
            let now: Vec<(String, String, String, i64)> = effect
                .iter()
                .map(|((loc, cat, cond), q)| {
                    let item = cats
                        .iter()
                        .find(|x| x.id == *cat)
                        .map_or_else(String::new, |x| x.name.clone());
                    (place_name(*loc), item, cond.as_str().to_string(), *q)
                })
                .collect();
            // A correction may have moved it: its place reads as it stands now.
            let mut here: Vec<String> = effect.keys().map(|k| place_name(k.0)).collect();
            here.dedup();
            if matches!(cause, Cause::Intake | Cause::Handout) {
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
            let mut catalog = cats.clone();
            catalog.sort_by_cached_key(|x| crate::ledger::pages::name_key(&x.name));
            let (raised, unmet) = match cause {
                Cause::Handout => (
                    crate::history::needs::raised_from(c, id, &names)?,
                    asked_for(c, id, &names)?,
                ),
                _ => (Vec::new(), Vec::new()),
            };
            Ok(Detail {
                raised,
                unmet,
                cause,
                id,
                author,
                facts,
                entries,
                corrections,
                fixes,
                now,
                standing,
                lines,
                warehouses: crate::locations::store::all(
                    c,
                    Some(LocationKind::Warehouse.as_str()),
                )?,
                reversed,
                catalog,
                home,
                here,
            })
        })
        .await
}

/// What people asked for at hand-out `id` and did not get, by item name in the
/// reader's language (`names`: slug → name), in the order a volunteer reads names.
fn asked_for(
    c: &mut crate::db::DbConn,
    id: i64,
    names: &HashMap<String, String>,
) -> AppResult<Vec<(String, i64)>> {
    let mut asked: Vec<(String, i64)> = crate::handouts::store::unmet_of(c, &[id])?
        .remove(&id)
        .unwrap_or_default()
        .into_iter()
        .map(|u| {
            let name = names.get(&u.category).cloned().unwrap_or(u.category);
            (name, u.quantity)
        })
        .collect();
    asked.sort_by_cached_key(|(name, _)| crate::ledger::pages::name_key(name));
    Ok(asked)
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
    if author == actor.handle || may_see_cause(actor.role, cause) {
        return Ok(true);
    }
    let (mut cause, mut id) = (cause, id);
    // Walk up a chain of corrections to the change it started from.
    for _ in 0..100 {
        if cause != Cause::Correction {
            return Ok(may_see_cause(actor.role, cause));
        }
        let Some(row) = crate::corrections::store::correction(c, id)? else {
            return Ok(false);
        };
        (cause, id) = (row.of_cause, row.of_id);
    }
    Ok(false)
}

#[derive(Debug, Deserialize)]
pub struct DetailQuery {
    pub corrected: Option<i64>,
    pub undone: Option<i64>,
    /// A need statement was just taken back (its page).
    pub withdrawn: Option<i64>,
}

/// `GET /history/{kind}/{id}`.
pub async fn detail_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    query: web::Query<DetailQuery>,
) -> AppResult<HttpResponse> {
    let (kind, id) = path.into_inner();
    if kind == NEED {
        let id = need_id(&id)?;
        return crate::history::needs::detail_page(&state, &actor, id, query.withdrawn).await;
    }
    let (cause, id) = parse_path(&kind, &id)?;
    let d = load_detail(&state, &actor, cause, id).await?;
    let kind = kind_label(cause.as_str());
    let last_own = own_undoable(&state, &actor).await?;
    let flash = match (query.corrected, query.undone) {
        (Some(c), _) => {
            let saved = Flash::Ok(t!(
                "history-corrected",
                correction = c.to_string(),
                kind = &kind,
                id = id.to_string()
            ));
            // The same Undo as the list's, while the correction is the volunteer's
            // last change and the ten minutes last.
            Some(match last_own == Some((Cause::Correction, c)) {
                true => saved.then_offer(undo_button(&actor, Cause::Correction.as_str(), c)),
                false => saved,
            })
        }
        (None, Some(c)) => Some(Flash::Ok(undone_message(&d, c))),
        _ => None,
    };
    let undoable = last_own == Some((cause, id));
    Ok(render_detail(
        &actor,
        &d,
        &HashMap::new(),
        &FormErrors::default(),
        undoable,
        flash,
        StatusCode::OK,
    ))
}

/// A fact's label in the request's language; a label another module wrote (a
/// partner's handover) is shown as it is.
fn fact_label(label: &str) -> String {
    match label {
        "Source" => t!("history-fact-source"),
        "Warehouse" => t!("history-fact-warehouse"),
        "Received on" => t!("history-fact-received-on"),
        "Note" => t!("history-fact-note"),
        "Site" => t!("history-fact-site"),
        "Handed out on" => t!("history-fact-handed-out-on"),
        "From" => t!("history-fact-from"),
        "At" => t!("history-fact-at"),
        "To" => t!("history-fact-to"),
        "Reason" => t!("history-fact-reason"),
        "Box" => t!("history-fact-box"),
        "Action" => t!("history-fact-action"),
        "Van" => t!("history-fact-van"),
        "Departs on" => t!("history-fact-departs-on"),
        "Status" => t!("history-fact-status"),
        "Corrects" => t!("history-fact-corrects"),
        other => other.to_string(),
    }
}

/// A fact's value as shown: dates in the request's language, and a place that
/// corrections moved read as it stands now.
fn fact_value(d: &Detail, label: &str, val: &str) -> String {
    if let Ok(day) = NaiveDate::parse_from_str(val, "%Y-%m-%d") {
        return crate::i18n::date(day);
    }
    // A run's status is a code ("done"): said as the run pages say it.
    if label == "Status" {
        return crate::runs::pages::status_name(val);
    }
    if label == "Reason" {
        return reason_words(val);
    }
    if label == "Source" {
        return source_words(val);
    }
    let moved = matches!(label, "Warehouse" | "Site")
        && !d.here.is_empty()
        && d.here != vec![val.to_string()];
    match moved {
        true => t!(
            "history-fact-moved",
            now = d.here.join(crate::i18n::format::list_separator()),
            recorded = val
        ),
        false => val.to_string(),
    }
}

/// A correction's reason as shown: the one-tap undo's stored code in the reader's
/// language, a typed reason as typed.
fn reason_words(reason: &str) -> String {
    match reason {
        correction::UNDONE => t!("history-reason-undone"),
        typed => typed.to_string(),
    }
}

/// A reason field, its error beside it (read with the field) and what was typed.
fn reason_field(id: &str, value: String, errors: &FormErrors) -> Markup {
    let errors = errors.renamed("reason", id);
    html! {
        div.field {
            label for=(id) { (t!("history-reason-label")) }
            input id=(id) type="text" name="reason" required maxlength="200" value=(value)
                aria-invalid=[errors.invalid(id)] aria-describedby=[errors.described_by(id)];
            (errors.beside_tied(id))
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn render_detail(
    actor: &Actor,
    d: &Detail,
    typed: &HashMap<String, String>,
    errors: &FormErrors,
    undoable: bool,
    flash: Option<Flash>,
    status: StatusCode,
) -> HttpResponse {
    let label = kind_label(d.cause.as_str());
    let title = t!("history-detail-title", kind = &label, id = d.id.to_string());
    let v = |k: &str| typed.get(k).cloned().unwrap_or_default();
    let correctable = correction::correctable(d.cause.as_str()).is_ok();
    let may = correction::may_correct(actor, &d.author);
    let base = detail_path(d.cause.as_str(), d.id);
    // The refused form's errors go beside its reason; the other form starts clean.
    let none = FormErrors::default();
    let errors_of = |mode: &str| if v("mode") == mode { errors } else { &none };
    let body = html! {
        h1 { (title) }
        @if let Some(s) = &d.standing { p #standing { (mark(s)) } }
        (crate::history::needs::raised_section(actor, d.id, &d.raised, d.reversed))
        dl.facts {
            dt { (t!("history-fact-recorded-by")) } dd { bdi { (person(&d.author)) } }
            @for (k, val) in &d.facts {
                dt { (fact_label(k)) }
                dd {
                    @if *k == "Corrects" {
                        @let mut parts = val.splitn(2, " #");
                        @let (c, i) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                        a href={"/history/" (c) "/" (i)} { (kind_label(c)) " " bdi { "#" (i) } }
                    } @else { (fact_value(d, k, val)) }
                }
            }
        }
        @if matches!(d.cause, Cause::Load | Cause::Delivery | Cause::Return) {
            p { a href={"/runs/" (d.id)} { (t!("history-run-page")) } }
        }
        @if !d.corrections.is_empty() {
            section #now {
                h2 { (t!("history-now-heading")) }
                @if d.now.is_empty() {
                    p.muted { (t!("history-now-nothing")) }
                } @else {
                    table.compact {
                        thead { tr { th { (t!("history-col-place")) } th { (t!("history-col-item")) } th.num { (t!("history-col-qty")) } } }
                        tbody {
                            @for (place, item, cond, q) in &d.now {
                                tr { td { (place) } td { (item) br; span.muted { (crate::catalog::Condition::label_of(cond)) } } td.num { bdi { (signed(*q)) } } }
                            }
                        }
                    }
                }
            }
        }
        // A hand-out's requests move no stock, so no entry shows them: listed apart.
        @if !d.unmet.is_empty() {
            section #asked-for {
                h2 { (t!("history-unmet-heading")) }
                table.compact {
                    thead { tr { th scope="col" { (t!("history-col-item")) } th.num scope="col" { (t!("history-col-qty")) } } }
                    tbody {
                        @for (item, q) in &d.unmet {
                            tr { td { (item) } td.num { bdi { (crate::i18n::number(*q)) } } }
                        }
                    }
                }
            }
        }
        h2 { (t!("history-entries-heading")) }
        @if d.entries.is_empty() && d.fixes.is_empty() {
            p.muted { (t!("history-entries-none")) }
        } @else {
            @let table = html! {
                table #entries.compact {
                    thead { tr { th { (t!("history-col-place")) } th { (t!("history-col-item")) } th.num { (t!("history-col-qty")) } } }
                    tbody {
                        @for e in &d.entries { (entry_row(e, None)) }
                        @for (cid, e) in &d.fixes { (entry_row(e, Some(*cid))) }
                    }
                }
            };
            @let n = d.entries.len() + d.fixes.len();
            // A season's intake has ~90 entries, many screens at 360 px: folded, so
            // the correction form is within reach.
            @if n > LONG_ENTRIES {
                details.more-categories #all-entries {
                    summary { (t!("history-entries-show", n = n)) }
                    (table)
                }
            } @else { (table) }
        }
        section #corrections {
            h2 { (t!("history-corrections-heading")) }
            @if d.corrections.is_empty() {
                p.muted { (t!("history-corrections-none")) }
            } @else {
                ul {
                    @for c in &d.corrections {
                        li {
                            a href=(detail_path("correction", c.id)) { (t!("history-detail-title", kind = kind_label("correction"), id = c.id.to_string())) }
                            " — " (t!("history-correction-by", reason = reason_words(&c.reason), who = person(&c.actor), when = when(c.created_at)))
                        }
                    }
                }
            }
        }
        @if undoable {
            p { (t!("history-undo-offer", minutes = UNDO_MINUTES)) " " (undo_button(actor, d.cause.as_str(), d.id)) }
        }
        @if d.reversed {
            p.muted { (t!("history-reversed-entirely")) }
        } @else if correctable && may {
            section.group {
                h2 { (t!("history-correct-heading")) }
                p.muted { (t!("history-correct-explained")) }
                // The lines first, their reason right above their Save: the reason typed
                // is the one sent. Reversing it all comes after, with its own reason.
                @if !d.lines.is_empty() { (lines_form(actor, d, &base, typed, errors_of("lines"))) }
                form #reverse method="post" novalidate action=(&format!("{base}/correct")) {
                    (crate::web::form::csrf_field(actor))
                    input type="hidden" name="form_key" value=(typed.get("form_key").filter(|_| v("mode") == "reverse").cloned().unwrap_or_else(new_form_key));
                    input type="hidden" name="mode" value="reverse";
                    h3 { (t!("history-reverse-heading")) }
                    (reason_field("reverse-reason", if v("mode") == "reverse" { v("reason") } else { String::new() }, errors_of("reverse")))
                    button type="submit" { (t!("history-reverse-button")) }
                }
            }
        }
        p { a href="/history" { (t!("history-back")) } }
    };
    page(status, layout(Some(actor), &title, flash, body))
}

/// A quantity with its sign, so a correction (−4) and its undo (+4) never read alike.
/// The conditions a change's lines may take: a hand-out gives out what can be given.
fn line_conditions(cause: Cause) -> Vec<Condition> {
    Condition::ALL
        .into_iter()
        .filter(|c| cause != Cause::Handout || c.is_distributable())
        .collect()
}

/// One category's boxes in the corrected-lines form, a condition each, laid out as
/// the intake form's (`q.{category}.{condition}`, the change's quantity filled in).
fn line_boxes(
    c: &Category,
    d: &Detail,
    typed: &HashMap<String, String>,
    errors: &FormErrors,
) -> Markup {
    let sent = typed.get("mode").is_some_and(|m| m == "lines");
    html! {
        fieldset.intake-line {
            legend.name { (c.name) }
            div.conds {
                @for cond in line_conditions(d.cause) {
                    @let field = format!("q.{}.{}", c.slug, cond.as_str());
                    @let now = d.lines.iter().find(|l| l.0 == c.slug && l.2 == cond.as_str()).map(|l| l.3.to_string());
                    // A refused form keeps what was typed, blanks included.
                    @let value = if sent { typed.get(&field).cloned().unwrap_or_default() } else { now.unwrap_or_default() };
                    div {
                        label for=(field) { (cond.label()) }
                        input id=(field) type="number" inputmode="numeric" min="0" max="1000000" name=(field) value=(value)
                            aria-invalid=[errors.invalid(&field)] aria-describedby=[errors.described_by(&field)];
                        (errors.beside_tied(&field))
                    }
                }
            }
        }
    }
}

/// "Save the corrected lines": where it goes, the change's own categories, the others
/// behind "Add a category" (as the intake form's "more categories"), then the reason
/// right above the Save button.
fn lines_form(
    actor: &Actor,
    d: &Detail,
    base: &str,
    typed: &HashMap<String, String>,
    errors: &FormErrors,
) -> Markup {
    let sent = typed.get("mode").is_some_and(|m| m == "lines");
    let v = |k: &str| match sent {
        true => typed.get(k).cloned().unwrap_or_default(),
        false => String::new(),
    };
    let (own, others): (Vec<&Category>, Vec<&Category>) = d
        .catalog
        .iter()
        .partition(|c| d.lines.iter().any(|l| l.0 == c.slug));
    // Open when something in it was typed or refused, so the form comes back as sent.
    let more_open = others.iter().any(|c| {
        line_conditions(d.cause).iter().any(|k| {
            let field = format!("q.{}.{}", c.slug, k.as_str());
            errors.has(&field) || !v(&field).trim().is_empty()
        })
    });
    let loc_err = errors.renamed("location", "lines-location");
    let chosen = match v("location") {
        l if l.is_empty() => d.home.clone().unwrap_or_default(),
        l => l,
    };
    html! {
        form #correct-lines method="post" novalidate action=(&format!("{base}/correct")) {
            (crate::web::form::csrf_field(actor))
            input type="hidden" name="form_key" value=(typed.get("form_key").filter(|_| sent).cloned().unwrap_or_else(new_form_key));
            input type="hidden" name="mode" value="lines";
            h3 { (t!("history-lines-intro")) }
            @if d.cause == Cause::Intake {
                div.field {
                    label for="lines-location" { (t!("history-fact-warehouse")) }
                    select #lines-location name="location" aria-invalid=[loc_err.invalid("lines-location")] aria-describedby=[loc_err.described_by("lines-location")] {
                        @for w in &d.warehouses {
                            option value=(w.slug) selected[chosen == w.slug] { (w.name) }
                        }
                    }
                    (loc_err.beside_tied("lines-location"))
                }
            }
            (errors.beside_tied("lines"))
            @for c in &own { (line_boxes(c, d, typed, errors)) }
            @if !others.is_empty() {
                details.more-categories #more-lines open[more_open] {
                    summary { (t!("history-lines-more", n = others.len())) }
                    @for (group, of) in crate::catalog::model::grouped(others.iter().copied()) {
                        h4.group-name { (crate::catalog::model::CategoryGroup::label_of(group)) }
                        @for c in of { (line_boxes(c, d, typed, errors)) }
                    }
                }
            }
            (reason_field("lines-reason", v("reason"), errors))
            button type="submit" { (t!("history-lines-button")) }
        }
    }
}

fn signed(q: i64) -> String {
    let n = crate::i18n::number(q);
    if q > 0 {
        format!("+{n}")
    } else {
        n
    }
}

/// One ledger entry of a change, or of its correction `by`.
fn entry_row(e: &NamedEntry, by: Option<i64>) -> Markup {
    html! {
        tr.correction[by.is_some()] {
            td {
                (e.location) br;
                span.muted {
                    (when(e.at))
                    @if let Some(id) = by { " · " (t!("history-correction-link", id = id.to_string())) }
                }
            }
            td { (e.category) br; span.muted { (e.condition.label()) } }
            td.num { bdi { (signed(e.quantity)) } }
        }
    }
}

/// The form as a correction request; what cannot be read is said in words, naming the
/// category by `name` (its slug → its name): every problem at once, each under the
/// field it is about.
fn to_request(
    cause: Cause,
    id: i64,
    f: &HashMap<String, String>,
    name: impl Fn(&str) -> String,
) -> Result<CorrectionRequest, FormErrors> {
    let mut errors = Vec::new();
    let mut say = |field: &str, message: String| errors.push(FieldError::new(field, message));
    let mut bad_lines = 0;
    let lines = match f.get("mode").map(String::as_str) {
        Some("reverse") => None,
        Some("lines") => {
            let location = f.get("location").filter(|l| !l.is_empty()).cloned();
            let mut lines = Vec::new();
            let mut keys: Vec<&String> = f.keys().filter(|k| k.starts_with("q.")).collect();
            keys.sort();
            for k in keys {
                let v = &f[k];
                // A box left blank (a category the change did not have) is nothing.
                if v.trim().is_empty() {
                    continue;
                }
                let Some((category, cond)) = k["q.".len()..].rsplit_once('.') else {
                    continue;
                };
                let line = t!(
                    "history-line-label",
                    item = name(category),
                    condition = crate::catalog::Condition::label_of(cond)
                );
                let max = crate::ledger::quantity::MAX_QUANTITY;
                let parsed = crate::web::form::whole_number(v, 0, max).and_then(|n| match n {
                    0 => Ok(None),
                    n => Quantity::parse(n)
                        .map(Some)
                        .map_err(|_| t!("number-at-most", max = max)),
                });
                let quantity = match parsed {
                    Ok(Some(q)) => q,
                    Ok(None) => continue,
                    Err(problem) => {
                        say(k, t!("history-error-line", line = &line, problem = problem));
                        bad_lines += 1;
                        continue;
                    }
                };
                let Ok(condition) = cond.parse() else {
                    say(k, t!("history-error-condition", condition = cond));
                    bad_lines += 1;
                    continue;
                };
                lines.push(CorrectedLine {
                    location: location.clone(),
                    category: category.to_string(),
                    condition,
                    quantity,
                });
            }
            lines.sort_by(|a, b| (&a.category, a.condition).cmp(&(&b.category, b.condition)));
            // All zeros is "nothing left": said once, beside the lines, unless a line
            // already has its own error.
            if lines.is_empty() && bad_lines == 0 {
                say("lines", t!("history-error-no-lines"));
            }
            Some(lines)
        }
        _ => {
            say("", t!("history-error-mode"));
            None
        }
    };
    let reason = f.get("reason").map(|r| r.trim().to_string());
    match reason.as_deref() {
        None | Some("") => say("reason", t!("history-error-reason")),
        Some(r) if r.chars().count() > correction::MAX_REASON_CHARS => say(
            "reason",
            t!(
                "history-error-reason-long",
                max = correction::MAX_REASON_CHARS
            ),
        ),
        _ => {}
    }
    if !errors.is_empty() {
        return Err(FormErrors(errors));
    }
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

pub(crate) fn form_key(f: &HashMap<String, String>) -> Option<String> {
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
    let req = to_request(cause, id, &f, name);
    save(&state, &actor, cause, id, &f, req, "corrected").await
}

/// `POST /history/{kind}/{id}/undo`.
pub async fn undo(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    if path.0 == NEED {
        let id = need_id(&path.1)?;
        let f: HashMap<String, String> = fields.into_inner().into_iter().collect();
        return crate::history::needs::withdraw(&state, &actor, id, &f).await;
    }
    let (cause, id, f) = read_form(path, fields)?;
    let req: Result<_, FormErrors> = Ok(CorrectionRequest {
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
    req: Result<CorrectionRequest, FormErrors>,
    done: &str,
) -> AppResult<HttpResponse> {
    let result = match req {
        Err(errors) => {
            return refused(
                state,
                actor,
                cause,
                id,
                typed,
                errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Ok(req) => {
            let hash = format!(
                "page-correction:{}",
                serde_json::to_string(&req).unwrap_or_default()
            );
            let now = state.clock.now();
            let who = actor.clone();
            let lang = crate::i18n::Lang::current();
            let key = IdempotencyKey(form_key(typed).map(|k| format!("form-{k}")));
            idempotency::once(state, actor, key, hash, move |c| {
                correction::record_in(c, &req, &who, now, lang)
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
        Err(e) if e.status_code().is_server_error() => Err(e),
        Err(e) => {
            let status = e.status_code();
            let errors = refusal_beside_fields(e);
            refused(state, actor, cause, id, typed, errors, status).await
        }
    }
}

/// The domain's refusal of a correction put beside the fields of the form: a line's
/// problem beside the lines (its place beside the warehouse), a shortage beside the
/// line it is about, in the reader's language.
fn refusal_beside_fields(e: AppError) -> FormErrors {
    match e {
        AppError::Invalid { details, .. } if !details.is_empty() => FormErrors(
            details
                .into_iter()
                .map(|d| {
                    let field = if d.field.starts_with("lines[") && d.field.ends_with(".location") {
                        "location".to_string()
                    } else if d.field.starts_with("lines") {
                        "lines".to_string()
                    } else {
                        d.field
                    };
                    FieldError::new(field, d.message)
                })
                .collect(),
        ),
        AppError::Conflict {
            code: "insufficient_stock",
            details,
            ..
        } => FormErrors(
            details["shortages"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| {
                    let text = |k: &str| s[k].as_str().unwrap_or_default().to_string();
                    let message = t!(
                        "history-error-short",
                        n = s["in_stock"].as_i64().unwrap_or(0),
                        item = text("category_name"),
                        condition = crate::catalog::Condition::label_of(&text("condition")),
                        place = text("location_name")
                    );
                    let field = format!("q.{}.{}", text("category"), text("condition"));
                    FieldError::new(field, message)
                })
                .collect(),
        ),
        AppError::Conflict {
            code: "nothing_to_correct",
            ..
        } => FormErrors::one("lines", t!("history-error-nothing-to-correct")),
        other => FormErrors::one("", other.to_string()),
    }
}

/// The change's page again after a refusal: what was typed, each error beside its
/// field, and a line on top saying nothing was saved and why.
async fn refused(
    state: &AppState,
    actor: &Actor,
    cause: Cause,
    id: i64,
    typed: &HashMap<String, String>,
    errors: FormErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let d = load_detail(state, actor, cause, id).await?;
    let undoable = own_undoable(state, actor).await? == Some((cause, id));
    // A long form comes back at a list of what to put right, each a link to its box.
    let reverse = typed.get("mode").is_some_and(|m| m == "reverse");
    let listed = errors
        .0
        .iter()
        .map(|e| {
            let target = match e.field.as_str() {
                "" => None,
                "reason" if reverse => Some("reverse-reason".to_string()),
                "reason" => Some("lines-reason".to_string()),
                "location" => Some("lines-location".to_string()),
                "lines" => Some("lines-error".to_string()),
                f => Some(f.to_string()),
            };
            (target, e.message.clone())
        })
        .collect();
    let flash = crate::web::form::error_summary(t!("history-not-saved-list"), listed);
    Ok(render_detail(
        actor,
        &d,
        typed,
        &errors,
        undoable,
        Some(flash),
        status,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_source_stored_as_a_code_reads_as_words() {
        assert_eq!(source_words("donor-st-marks"), "Donor St Marks");
        assert_eq!(source_words("reading-2026"), "Reading 2026");
        // Typed otherwise: as typed.
        for typed in ["Boomtown 2026", "St Mark's", "oxfam", "a--b", "Église-2026"] {
            assert_eq!(source_words(typed), typed);
        }
    }

    #[test]
    fn the_demo_recorder_is_named_in_words_and_a_sign_is_always_shown() {
        Lang::En.sync_scope(|| {
            assert_eq!(person(crate::seed::SEED_ACTOR), "Demo season");
            assert_eq!(person("dina"), "dina");
            assert_eq!(
                (signed(4), signed(-4), signed(0)),
                ("+4".into(), "-4".into(), "0".into())
            );
        });
    }

    #[test]
    fn an_undone_correction_is_said_with_its_undo() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("a time");
        let fix = |id: i64, reason: &str| CorrectionRow {
            id,
            of_cause: Cause::Intake,
            of_id: 1,
            reason: reason.to_string(),
            actor: "ann".to_string(),
            created_at: at,
        };
        let fixes = [fix(1, "miscounted")];
        assert_eq!(
            standing(&fixes, false, Some(2)),
            Some(Standing::Corrected(1, Some(2)))
        );
        assert_eq!(standing(&fixes, true, None), Some(Standing::Reversed(1)));
        assert_eq!(standing(&[], false, None), None);
    }
}
