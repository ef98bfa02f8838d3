//! Vans and runs: the requests they arrive as, the views the API shows, and the life
//! cycle of a run (plan → load → deliver each stop → return), each step one write
//! transaction through `ledger::apply`.

use crate::text::FreeText;
use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::catalog::{Category, Condition, Slug};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, FieldError};
use crate::ledger::lines::{LineRequest, Lookup};
use crate::ledger::{Cause, Change, Movement, Quantity};
use crate::locations::model::NewLocation;
use crate::locations::{Location, LocationKind};
use crate::needs::store::NeedFilter;
use crate::runs::planner::{self, Capacity, Item, Plan};
use crate::runs::store::{self, LineRow, NewRun, NewVan, RunRow, StopRow, VanRow};

pub const MAX_STOPS: usize = 20;
pub const MAX_CAPACITY_L: f64 = 100_000.0;
pub const MAX_PAYLOAD_KG: f64 = 50_000.0;
/// Conditions a run may carry, best first: the order planned quantities are taken in.
pub const DISTRIBUTABLE: [Condition; 2] = [Condition::Good, Condition::Usable];

#[derive(
    utoipa::ToSchema,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    Planning,
    Loaded,
    Delivered,
    Done,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Planning => "planning",
            RunStatus::Loaded => "loaded",
            RunStatus::Delivered => "delivered",
            RunStatus::Done => "done",
        }
    }
    pub fn parse(s: &str) -> Option<RunStatus> {
        [
            RunStatus::Planning,
            RunStatus::Loaded,
            RunStatus::Delivered,
            RunStatus::Done,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

crate::text_enum_sql!(RunStatus, RunStatus::parse);

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

// ---- requests ----

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VanRequest {
    pub slug: Slug,
    pub name: FreeText<100>,
    pub capacity_l: f64,
    pub payload_kg: f64,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    pub van: String,
    pub origin: String,
    pub stops: Vec<String>,
    pub departs_on: NaiveDate,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EditLine {
    pub category: String,
    pub condition: Condition,
    pub quantity: Quantity,
    pub stop: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinesRequest {
    pub lines: Vec<EditLine>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliverRequest {
    pub stop: String,
    #[serde(default)]
    pub lines: Option<Vec<LineRequest>>,
}

// ---- views ----

#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct VanView {
    pub slug: String,
    pub name: String,
    pub capacity_l: f64,
    pub payload_kg: f64,
    /// The location that holds the van's load.
    pub location: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct StopView {
    pub position: i64,
    pub site: String,
    pub site_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(serialize_with = "crate::utc::serialize_option")]
    pub delivered_at: Option<NaiveDateTime>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct PlannedLine {
    pub stop: String,
    pub stop_name: String,
    pub category: String,
    pub category_name: String,
    #[schema(value_type = crate::catalog::Condition)]
    pub condition: String,
    pub quantity: i64,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct RunView {
    pub id: i64,
    pub van: String,
    pub van_name: String,
    pub capacity_l: f64,
    pub payload_kg: f64,
    pub origin: String,
    pub origin_name: String,
    pub departs_on: NaiveDate,
    #[schema(value_type = RunStatus)]
    pub status: String,
    pub stops: Vec<StopView>,
    pub lines: Vec<PlannedLine>,
    pub volume_l: f64,
    pub weight_kg: f64,
    pub created_by: String,
    #[serde(serialize_with = "crate::utc::serialize")]
    pub created_at: NaiveDateTime,
}

/// The plan with its explanation: `plan.lines[i].per_stop` follows `stops`.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct PlanResponse {
    pub run: RunView,
    pub stops: Vec<String>,
    pub plan: Plan,
    /// How far the load is below the fractional optimum, as a share of it (0 = none).
    pub gap_to_bound: f64,
    /// Category slug → name, for the plan's lines and what was left behind.
    pub category_names: BTreeMap<String, String>,
    /// Category slug → the conditions the priorities let go out (best first), so a
    /// reason for stock left behind names them ("no Good stock"), not a guess.
    pub accepted_conditions: BTreeMap<String, Vec<Condition>>,
}

/// Goods counted by what a volunteer calls them, e.g. on a van or in a delivery.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Count {
    pub category: String,
    pub category_name: String,
    pub condition: String,
    pub quantity: i64,
}

// ---- what every step reads ----

/// Catalogue and locations by id, loaded once per transaction.
pub struct Names {
    pub categories: HashMap<i64, Category>,
    pub locations: HashMap<i64, Location>,
}

impl Names {
    pub fn load(conn: &mut DbConn) -> AppResult<Names> {
        Ok(Names {
            categories: crate::catalog::store::all(conn)?
                .into_iter()
                .map(|c| (c.id, c))
                .collect(),
            locations: crate::locations::store::all(conn, None)?
                .into_iter()
                .map(|l| (l.id, l))
                .collect(),
        })
    }
    pub fn category(&self, id: i64) -> String {
        self.categories
            .get(&id)
            .map_or_else(|| id.to_string(), |c| c.slug.clone())
    }
    pub fn location(&self, id: i64) -> String {
        self.locations
            .get(&id)
            .map_or_else(|| id.to_string(), |l| l.slug.clone())
    }
    /// What a volunteer calls the category; the slug if it has no name.
    pub fn category_name(&self, id: i64) -> String {
        self.categories
            .get(&id)
            .map_or_else(|| self.category(id), |c| c.name.clone())
    }
    pub fn location_name(&self, id: i64) -> String {
        self.locations
            .get(&id)
            .map_or_else(|| self.location(id), |l| l.name.clone())
    }
    pub fn category_by_slug(&self, slug: &str) -> Option<&Category> {
        self.categories.values().find(|c| c.slug == slug)
    }
}

/// A run with everything a step needs.
pub struct Run {
    pub row: RunRow,
    pub van: VanRow,
    pub stops: Vec<StopRow>,
    pub lines: Vec<LineRow>,
}

impl Run {
    pub fn status(&self) -> AppResult<RunStatus> {
        Ok(self.row.status)
    }
    fn require(&self, allowed: &[RunStatus], step: Step) -> AppResult<RunStatus> {
        let status = self.status()?;
        if allowed.contains(&status) {
            Ok(status)
        } else {
            Err(Refusal::WrongStatus {
                run: self.row.id,
                status,
                step,
            }
            .into())
        }
    }
}

/// The step of a run a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Plan,
    EditLines,
    Load,
    Deliver,
    Return,
    Cancel,
    LoseStop,
}

impl Step {
    /// What the step does, and the statuses it may start from, for the English message.
    fn english(self) -> (&'static str, &'static str) {
        match self {
            Step::Plan => ("be planned", "planning"),
            Step::EditLines => ("have its lines edited", "planning"),
            Step::Load => ("be loaded", "planning"),
            Step::Deliver => ("deliver", "loaded"),
            Step::Return => ("return", "loaded or delivered"),
            Step::Cancel => ("be cancelled", "planning"),
            Step::LoseStop => ("lose a stop", "planning"),
        }
    }
}

/// Why a step of a run was refused. The API says it in English (a `conflict` whose
/// `details` carry these fields under `reason`); the pages say it in the volunteer's
/// language from the same value (`Refusal::of`), since a message made inside the
/// write transaction could only be in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    WrongStatus {
        run: i64,
        status: RunStatus,
        step: Step,
    },
    NothingPlanned {
        run: i64,
    },
    VanBusy {
        van: String,
        van_name: String,
        other: i64,
    },
    AlreadyDelivered {
        run: i64,
        stop: String,
        stop_name: String,
    },
    LastStop {
        run: i64,
        stop: String,
        stop_name: String,
    },
}

impl Refusal {
    /// The API's English message.
    pub fn english(&self) -> String {
        match self {
            Refusal::WrongStatus { run, status, step } => {
                let (doing, wanted) = step.english();
                format!("run {run} is {status}: it can {doing} only when {wanted}")
            }
            Refusal::NothingPlanned { run } => {
                format!(
                    "run {run} has no planned lines: plan it (or edit its lines) before loading"
                )
            }
            Refusal::VanBusy { van, other, .. } => {
                format!("van {van} is still on run {other}: return it first")
            }
            Refusal::AlreadyDelivered { run, stop, .. } => {
                format!("{stop} was already delivered on run {run}")
            }
            Refusal::LastStop { run, stop_name, .. } => {
                format!("{stop_name} is the only stop of run {run}: cancel the run instead")
            }
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Refusal::WrongStatus { .. } => "wrong_status",
            Refusal::LastStop { .. } => "last_stop",
            _ => "conflict",
        }
    }

    /// The refusal an error carries, if it is one of these.
    pub fn of(e: &AppError) -> Option<Refusal> {
        match e {
            AppError::Conflict { details, .. } => serde_json::from_value(details.clone()).ok(),
            _ => None,
        }
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> AppError {
        AppError::Conflict {
            code: r.code(),
            message: r.english(),
            details: serde_json::to_value(&r).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// One thing wrong with a hand-edited plan (`set_lines`), with what a page needs to
/// say it in words; `line` is the index in the request's lines.
#[derive(Debug, Clone, PartialEq)]
pub enum LineProblem {
    TooManyLines,
    UnknownCategory {
        line: usize,
        category: String,
    },
    NotAStop {
        line: usize,
        stop: String,
    },
    NotEligible {
        line: usize,
        category: String,
        category_name: String,
        condition: Condition,
        minimum: Condition,
    },
    Twice {
        line: usize,
        category: String,
        category_name: String,
        condition: Condition,
        stop: String,
        stop_name: String,
    },
    /// The lines take more room than the van has.
    OverVolume {
        van: String,
        van_name: String,
        capacity_l: f64,
        volume_l: f64,
    },
    /// The lines weigh more than the van carries.
    OverPayload {
        van: String,
        van_name: String,
        payload_kg: f64,
        weight_kg: f64,
    },
    /// More of a category × condition than is free at the origin, over `lines`.
    Short {
        lines: Vec<usize>,
        shortage: crate::ledger::Shortage,
    },
}

impl LineProblem {
    /// The request field the API names, and its English message.
    fn english(&self, run: i64) -> FieldError {
        let field = |i: &usize, f: &str| format!("lines[{i}].{f}");
        match self {
            LineProblem::TooManyLines => FieldError::new("lines", "too many lines"),
            LineProblem::UnknownCategory { line, category } => FieldError::new(
                field(line, "category"),
                format!("unknown category '{category}'"),
            ),
            LineProblem::NotAStop { line, stop } => FieldError::new(
                field(line, "stop"),
                format!("'{stop}' is not a stop of run {run}"),
            ),
            LineProblem::NotEligible {
                line,
                category,
                condition,
                minimum,
                ..
            } => FieldError::new(
                field(line, "condition"),
                format!(
                    "{category} in condition {condition} may not go out: the collective's minimum is {minimum}"
                ),
            ),
            LineProblem::Twice {
                line,
                category,
                condition,
                stop,
                ..
            } => FieldError::new(
                field(line, "category"),
                format!("{category} ({condition}) for {stop} is listed twice"),
            ),
            LineProblem::OverVolume {
                van,
                capacity_l,
                volume_l,
                ..
            } => FieldError::new(
                "lines",
                format!("the lines take {volume_l:.1} l but van {van} holds {capacity_l:.1} l"),
            ),
            LineProblem::OverPayload {
                van,
                payload_kg,
                weight_kg,
                ..
            } => FieldError::new(
                "lines",
                format!("the lines weigh {weight_kg:.1} kg but van {van} carries {payload_kg:.1} kg"),
            ),
            LineProblem::Short { shortage, .. } => FieldError::new("lines", shortage.to_string()),
        }
    }
}

pub fn find_run(conn: &mut DbConn, id: i64) -> AppResult<Run> {
    let row = store::run(conn, id)?.ok_or_else(|| AppError::NotFound(format!("no run {id}")))?;
    let van = store::van(conn, row.van_id)?
        .ok_or_else(|| AppError::Internal(format!("run {id} has no van")))?;
    let stops = store::stops(conn, &[id])?;
    let lines = store::lines(conn, &[id])?;
    Ok(Run {
        row,
        van,
        stops,
        lines,
    })
}

/// The run, for a change to it: its row locked first, so its status is read after any
/// change of it that got there first has committed.
fn find_run_for_change(conn: &mut DbConn, id: i64) -> AppResult<Run> {
    store::lock_run(conn, id)?;
    find_run(conn, id)
}

pub fn van_view(v: VanRow, names: &Names) -> VanView {
    VanView {
        location: names.location(v.location_id),
        slug: v.slug,
        name: v.name,
        capacity_l: v.capacity_l,
        payload_kg: v.payload_kg,
    }
}

pub fn run_view(run: &Run, names: &Names, show_address: bool) -> RunView {
    let loc = |id: i64| names.locations.get(&id);
    let mut volume = 0.0;
    let mut weight = 0.0;
    let lines = run
        .lines
        .iter()
        .map(|l| {
            if let Some(c) = names.categories.get(&l.category_id) {
                volume += c.unit_volume_l * l.quantity as f64;
                weight += c.unit_weight_kg * l.quantity as f64;
            }
            PlannedLine {
                stop: names.location(l.site_id),
                stop_name: names.location_name(l.site_id),
                category: names.category(l.category_id),
                category_name: names.category_name(l.category_id),
                condition: l.condition.to_string(),
                quantity: l.quantity,
            }
        })
        .collect();
    RunView {
        id: run.row.id,
        van: run.van.slug.clone(),
        van_name: run.van.name.clone(),
        capacity_l: run.van.capacity_l,
        payload_kg: run.van.payload_kg,
        origin: names.location(run.row.origin_id),
        origin_name: loc(run.row.origin_id).map_or_else(String::new, |l| l.name.clone()),
        departs_on: run.row.departs_on,
        status: run.row.status.to_string(),
        stops: run
            .stops
            .iter()
            .map(|s| StopView {
                position: s.position,
                site: names.location(s.site_id),
                site_name: loc(s.site_id).map_or_else(String::new, |l| l.name.clone()),
                address: loc(s.site_id)
                    .and_then(|l| l.address.clone())
                    .filter(|_| show_address),
                delivered_at: s.delivered_at,
            })
            .collect(),
        lines,
        volume_l: volume,
        weight_kg: weight,
        created_by: run.row.actor.clone(),
        created_at: run.row.created_at,
    }
}

pub fn view(conn: &mut DbConn, id: i64, show_address: bool) -> AppResult<RunView> {
    let run = find_run(conn, id)?;
    let names = Names::load(conn)?;
    Ok(run_view(&run, &names, show_address))
}

pub fn list(conn: &mut DbConn, show_address: bool) -> AppResult<Vec<RunView>> {
    let names = Names::load(conn)?;
    Ok(store::newest_runs(conn, 200)?
        .into_iter()
        .map(|(row, van, stops, lines)| {
            let run = Run {
                row,
                van,
                stops,
                lines,
            };
            run_view(&run, &names, show_address)
        })
        .collect())
}

pub fn vans(conn: &mut DbConn) -> AppResult<Vec<VanView>> {
    let names = Names::load(conn)?;
    Ok(store::vans(conn)?
        .into_iter()
        .map(|v| van_view(v, &names))
        .collect())
}

// ---- vans and runs ----

/// A van's name, volume and payload checked: the trimmed name, or every problem.
pub fn check_van(name: &str, capacity_l: f64, payload_kg: f64) -> AppResult<String> {
    let mut errors = Vec::new();
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError::new("name", "name must be 1 to 100 characters"));
    }
    if !(capacity_l > 0.0 && capacity_l <= MAX_CAPACITY_L) {
        errors.push(FieldError::new(
            "capacity_l",
            format!("capacity_l must be more than 0 and at most {MAX_CAPACITY_L} litres"),
        ));
    }
    if !(payload_kg > 0.0 && payload_kg <= MAX_PAYLOAD_KG) {
        errors.push(FieldError::new(
            "payload_kg",
            format!("payload_kg must be more than 0 and at most {MAX_PAYLOAD_KG} kg"),
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    Ok(name)
}

/// A van and the location its load lives in (`van-<slug>`).
pub fn create_van(conn: &mut DbConn, req: &VanRequest, now: NaiveDateTime) -> AppResult<VanView> {
    let name = check_van(&req.name, req.capacity_l, req.payload_kg)?;
    let slug = req.slug.to_string();
    let location_slug = format!("van-{slug}");
    if store::van_by_slug(conn, &slug)?.is_some() {
        return Err(AppError::conflict(format!(
            "a van with slug '{slug}' already exists"
        )));
    }
    if crate::locations::store::find(conn, &location_slug)?.is_some() {
        return Err(AppError::conflict(format!(
            "a location '{location_slug}' already exists: choose another van slug"
        )));
    }
    let location_id = crate::locations::store::insert(
        conn,
        &NewLocation {
            slug: location_slug,
            name: name.clone(),
            kind: LocationKind::Van,
            address: None,
            region: None,
            created_at: now,
        },
    )?;
    let id = store::insert_van(
        conn,
        &NewVan {
            slug,
            name,
            capacity_l: req.capacity_l,
            payload_kg: req.payload_kg,
            location_id,
            created_at: now,
        },
    )?;
    let van = store::van(conn, id)?
        .ok_or_else(|| AppError::Internal("van vanished after insert".into()))?;
    Ok(van_view(van, &Names::load(conn)?))
}

pub fn create_run(
    conn: &mut DbConn,
    req: &RunRequest,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<RunView> {
    let mut lookup = Lookup::load(conn)?;
    // A retired van plans no more runs.
    let van = store::van_by_slug(conn, &req.van)?.filter(|v| v.retired_at.is_none());
    if van.is_none() {
        lookup.push("van", format!("unknown van '{}'", req.van));
    }
    let origin = lookup.location("origin", &req.origin, &[LocationKind::Warehouse]);
    if req.stops.is_empty() {
        lookup.push("stops", "a run needs at least one stop");
    }
    if req.stops.len() > MAX_STOPS {
        lookup.push("stops", format!("a run may have at most {MAX_STOPS} stops"));
    }
    let mut seen = HashSet::new();
    let mut sites = Vec::new();
    for (i, stop) in req.stops.iter().enumerate() {
        if !seen.insert(stop.as_str()) {
            lookup.push(
                &format!("stops[{i}]"),
                format!("'{stop}' is already a stop of this run: each site once"),
            );
            continue;
        }
        if let Some(site) = lookup.location(&format!("stops[{i}]"), stop, &[LocationKind::Site]) {
            sites.push(site);
        }
    }
    let today = now.date();
    let earliest = today.checked_sub_days(Days::new(365));
    let latest = today.checked_add_days(Days::new(365));
    if earliest.is_some_and(|e| req.departs_on < e) || latest.is_some_and(|l| req.departs_on > l) {
        lookup.push(
            "departs_on",
            format!(
                "departs_on {} is out of range: it must be within a year of today",
                req.departs_on
            ),
        );
    }
    lookup.finish()?;
    let (Some(van), Some(origin)) = (van, origin) else {
        return Err(AppError::Internal("run lost its van or origin".into()));
    };
    if let Some(other) = booked(conn, &van, req.departs_on)? {
        return Err(AppError::Conflict {
            code: VAN_BOOKED,
            message: format!(
                "van {} already has run {} on {}: one run per van per day",
                van.slug, other.id, req.departs_on
            ),
            details: serde_json::json!({"field": "van", "run": other.id, "van_name": van.name}),
        });
    }
    let id = store::insert_run(
        conn,
        &NewRun {
            van_id: van.id,
            origin_id: origin.id,
            departs_on: req.departs_on,
            status: RunStatus::Planning,
            actor: actor.to_string(),
            created_at: now,
        },
    )?;
    for (i, site) in sites.iter().enumerate() {
        store::insert_stop(conn, id, i as i64 + 1, site.id)?;
    }
    view(conn, id, false)
}

/// The code of the refusal of a second run for one van on one day.
pub const VAN_BOOKED: &str = "van_booked";

/// The van's other run departing on `day` that is not over: one van makes one run a
/// day. "Same day" is the `departs_on` date as the collective wrote it (a run is a
/// day's trip, not a time slot); a done run no longer holds the van, and a cancelled
/// one is gone. The van's row is locked first (PostgreSQL), so two runs for it made at
/// once take turns and the second sees the first.
fn booked(conn: &mut DbConn, van: &VanRow, day: NaiveDate) -> AppResult<Option<RunRow>> {
    store::lock_van(conn, van.id)?;
    Ok(store::runs_of_van_on(conn, van.id, day)?
        .into_iter()
        .find(|r| r.status != RunStatus::Done.as_str()))
}

/// Takes a stop off a run still in planning, with any lines planned for it; the other
/// stops keep their order. A run keeps at least one stop.
pub fn remove_stop(conn: &mut DbConn, id: i64, site: &str) -> AppResult<RunView> {
    let run = find_run_for_change(conn, id)?;
    run.require(&[RunStatus::Planning], Step::LoseStop)?;
    let names = Names::load(conn)?;
    let Some(stop) = run.stops.iter().find(|s| names.location(s.site_id) == site) else {
        return Err(AppError::NotFound(format!(
            "'{site}' is not a stop of run {id}"
        )));
    };
    if run.stops.len() == 1 {
        return Err(Refusal::LastStop {
            run: id,
            stop: site.to_string(),
            stop_name: names.location_name(stop.site_id),
        }
        .into());
    }
    store::delete_stop(conn, id, stop.id, stop.site_id)?;
    view(conn, id, false)
}

// ---- availability ----

pub(crate) type Key = (i64, Condition);

/// Stock at the run's origin in a distributable condition, less what other runs still
/// in planning have reserved there. Loaded runs have already taken theirs off the shelf.
/// Read inside the write transaction, so two plans cannot both count the same goods.
fn unreserved(conn: &mut DbConn, run: &Run) -> AppResult<BTreeMap<Key, i64>> {
    free_stock(conn, run.row.origin_id, &[run.row.id])
}

/// Distributable stock at `origin_id` less what runs in planning and handovers accepted by
/// a partner hold there, leaving out the runs in `except` (the ones being planned now).
pub(crate) fn free_stock(
    conn: &mut DbConn,
    origin_id: i64,
    except: &[i64],
) -> AppResult<BTreeMap<Key, i64>> {
    // Two plans at one origin must not both count the same goods: the origin's stock
    // rows stay locked until this plan's reservations are committed.
    crate::ledger::store::lock_stock_at(conn, origin_id)?;
    let mut free: BTreeMap<Key, i64> = BTreeMap::new();
    for (cat, cond, qty) in store::stock_at(conn, origin_id)? {
        if cond.is_distributable() && qty > 0 {
            free.insert((cat, cond), qty);
        }
    }
    let others: Vec<i64> = store::runs_in(conn, &[RunStatus::Planning.as_str()])?
        .into_iter()
        .filter(|r| r.origin_id == origin_id && !except.contains(&r.id))
        .map(|r| r.id)
        .collect();
    let held_by_runs = store::lines(conn, &others)?
        .into_iter()
        .map(|l| (l.category_id, l.condition, l.quantity));
    // What a partner collective accepted stays on the shelf for them until it leaves.
    let held_by_partners = crate::partners::store::reserved_at(conn, origin_id)?;
    for (cat, cond, qty) in held_by_runs.chain(held_by_partners) {
        if let Some(q) = free.get_mut(&(cat, cond)) {
            *q -= qty;
        }
    }
    free.retain(|_, q| *q > 0);
    Ok(free)
}

/// What runs still in planning hold of each site's need: (site id, category id) → units
/// planned, leaving out the runs in `except` (the ones being planned now).
pub fn reserved_need(conn: &mut DbConn, except: &[i64]) -> AppResult<HashMap<(i64, i64), i64>> {
    let planning: Vec<i64> = store::runs_in(conn, &[RunStatus::Planning.as_str()])?
        .into_iter()
        .map(|r| r.id)
        .filter(|id| !except.contains(id))
        .collect();
    let mut held = HashMap::new();
    for line in store::lines(conn, &planning)? {
        *held.entry((line.site_id, line.category_id)).or_insert(0) += line.quantity;
    }
    Ok(held)
}

/// Unmet need of each site, by category id, less what other runs in planning already
/// hold of it: the need a new plan may still promise.
pub fn plannable_need(
    conn: &mut DbConn,
    site_ids: &[i64],
    except: &[i64],
    names: &Names,
) -> AppResult<Vec<HashMap<i64, u32>>> {
    let held = reserved_need(conn, except)?;
    // One read of every site's need, not one per stop: the same queries for 1 stop
    // or 20.
    let views = crate::needs::model::list(conn, NeedFilter::default(), false)?;
    let mut out = Vec::new();
    for &site_id in site_ids {
        let site = names.location(site_id);
        let mut map = HashMap::new();
        for v in views.iter().filter(|v| v.site == site) {
            if let (Some(cat), Some(unmet)) = (names.category_by_slug(&v.category), v.unmet) {
                let left = i64::from(unmet) - held.get(&(site_id, cat.id)).copied().unwrap_or(0);
                if left > 0 {
                    map.insert(cat.id, to_u32(left));
                }
            }
        }
        out.push(map);
    }
    Ok(out)
}

/// Unmet need of each stop not yet promised by another planning run, in stop order.
fn needs_per_stop(
    conn: &mut DbConn,
    run: &Run,
    names: &Names,
) -> AppResult<Vec<HashMap<i64, u32>>> {
    let sites: Vec<i64> = run.stops.iter().map(|s| s.site_id).collect();
    plannable_need(conn, &sites, &[run.row.id], names)
}

/// Every category some stop still needs, in id order.
pub(crate) fn wanted_categories(needs: &[HashMap<i64, u32>]) -> Vec<i64> {
    let mut wanted: Vec<i64> = needs.iter().flat_map(|m| m.keys().copied()).collect();
    wanted.sort();
    wanted.dedup();
    wanted
}

/// Drops the conditions the collective does not send out, so they never reach a van.
pub(crate) fn keep_eligible(
    free: &mut BTreeMap<Key, i64>,
    names: &Names,
    priorities: &crate::priorities::rules::PrioritySet,
) {
    free.retain(|(cat, cond), _| {
        names
            .categories
            .get(cat)
            .is_some_and(|c| priorities.is_eligible(&c.slug, *cond))
    });
}

pub(crate) fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// Takes `per_stop` quantities of one category from the free stock, best condition
/// first and stop by stop in order, so the same plan always makes the same lines.
pub(crate) fn split_conditions(
    run_id: i64,
    category_id: i64,
    per_stop: &[(i64, u32)],
    free: &mut BTreeMap<Key, i64>,
) -> Vec<LineRow> {
    let mut out = Vec::new();
    for &(site_id, want) in per_stop {
        let mut want = i64::from(want);
        for cond in DISTRIBUTABLE {
            if want == 0 {
                break;
            }
            let have = free.get(&(category_id, cond)).copied().unwrap_or(0);
            let take = have.min(want);
            if take > 0 {
                free.insert((category_id, cond), have - take);
                want -= take;
                out.push(LineRow {
                    run_id,
                    site_id,
                    category_id,
                    condition: cond,
                    quantity: take,
                });
            }
        }
    }
    out
}

/// The conditions the priorities let go out for `category`, best first: what a reason
/// for stock left behind names ("no Good stock"), for one run's plan or a day's.
pub fn accepted_conditions(
    priorities: &crate::priorities::rules::PrioritySet,
    category: &str,
) -> Vec<Condition> {
    DISTRIBUTABLE
        .into_iter()
        .filter(|c| priorities.is_eligible(category, *c))
        .collect()
}

/// Each category × condition a run in planning asks for more of than its origin holds
/// now: a transfer, box fill, stocktake or write-off since the plan took what it
/// counted on, and loading would be refused. Empty for a run past planning.
pub fn out_of_date(
    conn: &mut DbConn,
    run: &Run,
    names: &Names,
) -> AppResult<Vec<crate::ledger::Shortage>> {
    if run.row.status != RunStatus::Planning {
        return Ok(Vec::new());
    }
    let mut held: BTreeMap<Key, i64> = BTreeMap::new();
    for (cat, cond, qty) in store::stock_at(conn, run.row.origin_id)? {
        *held.entry((cat, cond)).or_default() += qty;
    }
    let mut wanted: BTreeMap<Key, i64> = BTreeMap::new();
    for l in &run.lines {
        *wanted.entry((l.category_id, l.condition)).or_default() += l.quantity;
    }
    Ok(wanted
        .into_iter()
        .filter_map(|((cat, cond), want)| {
            let have = held.get(&(cat, cond)).copied().unwrap_or(0).max(0);
            (want > have).then(|| crate::ledger::Shortage {
                location: names.location(run.row.origin_id),
                category: names.category(cat),
                condition: cond.to_string(),
                in_stock: have,
                requested: want,
                location_name: names.location_name(run.row.origin_id),
                category_name: names.category_name(cat),
                loose_only: false,
            })
        })
        .collect())
}

/// `POST /runs/{id}/plan`: the optimal load for what is free at the origin and what the
/// stops still need, stored as the run's planned lines.
pub fn plan_run(conn: &mut DbConn, id: i64) -> AppResult<PlanResponse> {
    let run = find_run_for_change(conn, id)?;
    run.require(&[RunStatus::Planning], Step::Plan)?;
    let names = Names::load(conn)?;
    let priorities = crate::priorities::model::require_current(conn)?.priorities;
    let mut free = unreserved(conn, &run)?;
    let needs = needs_per_stop(conn, &run, &names)?;
    let wanted = wanted_categories(&needs);
    let mut items = Vec::new();
    let mut cats = Vec::new();
    for cat_id in wanted {
        let Some(cat) = names.categories.get(&cat_id) else {
            continue;
        };
        let available: i64 = DISTRIBUTABLE
            .iter()
            .filter(|c| priorities.is_eligible(&cat.slug, **c))
            .map(|c| free.get(&(cat_id, *c)).copied().unwrap_or(0))
            .sum();
        items.push(Item {
            category: cat.slug.clone(),
            unit_value: priorities.unit_value(&cat.slug, run.row.departs_on),
            volume_l: cat.unit_volume_l,
            weight_kg: cat.unit_weight_kg,
            available: to_u32(available),
            need_per_stop: needs
                .iter()
                .map(|m| m.get(&cat_id).copied().unwrap_or(0))
                .collect(),
        });
        cats.push(cat_id);
    }
    let capacity = Capacity {
        volume_l: run.van.capacity_l,
        payload_kg: run.van.payload_kg,
    };
    let plan = planner::plan(&items, &capacity).map_err(|e| match e {
        planner::PlanError::InvalidInput(why) => AppError::invalid("plan", why),
        planner::PlanError::Internal(why) => AppError::Internal(why),
    })?;
    // Ineligible conditions never reach `split_conditions`.
    keep_eligible(&mut free, &names, &priorities);
    let mut rows = Vec::new();
    for line in &plan.lines {
        let per_stop: Vec<(i64, u32)> = run
            .stops
            .iter()
            .zip(&line.per_stop)
            .map(|(s, q)| (s.site_id, *q))
            .collect();
        rows.extend(split_conditions(id, cats[line.item], &per_stop, &mut free));
    }
    store::replace_lines(conn, id, &rows)?;
    let run = find_run(conn, id)?;
    let gap_to_bound = if plan.lp_bound > 0.0 {
        ((plan.lp_bound - plan.total_value) / plan.lp_bound).max(0.0)
    } else {
        0.0
    };
    let category_names = items
        .iter()
        .zip(&cats)
        .map(|(item, &id)| (item.category.clone(), names.category_name(id)))
        .collect();
    let accepted_conditions = items
        .iter()
        .map(|item| {
            let accepted = accepted_conditions(&priorities, &item.category);
            (item.category.clone(), accepted)
        })
        .collect();
    Ok(PlanResponse {
        category_names,
        stops: run
            .stops
            .iter()
            .map(|s| names.location(s.site_id))
            .collect(),
        run: run_view(&run, &names, false),
        plan,
        gap_to_bound,
        accepted_conditions,
    })
}

/// `PUT /runs/{id}/lines`: a hand-edited plan, checked against the van, the conditions
/// the collective allows, and what is free at the origin. The API hears the first kind
/// of problem found, as it always has: bad lines (422), then the van's room (422), then
/// the stock (409).
pub fn set_lines(conn: &mut DbConn, id: i64, req: &LinesRequest) -> AppResult<RunView> {
    match edit_lines(conn, id, req, true)? {
        Ok(view) => Ok(view),
        Err(problems) => Err(lines_refusal(id, &problems)),
    }
}

/// The API's error for a refused hand-edit.
fn lines_refusal(id: i64, problems: &[LineProblem]) -> AppError {
    let of_kind = |want: fn(&LineProblem) -> bool| -> Vec<&LineProblem> {
        problems.iter().filter(|p| want(p)).collect()
    };
    let lines = of_kind(|p| {
        !matches!(
            p,
            LineProblem::OverVolume { .. }
                | LineProblem::OverPayload { .. }
                | LineProblem::Short { .. }
        )
    });
    let over = of_kind(|p| {
        matches!(
            p,
            LineProblem::OverVolume { .. } | LineProblem::OverPayload { .. }
        )
    });
    for found in [lines, over] {
        if !found.is_empty() {
            return AppError::invalid_fields(found.iter().map(|p| p.english(id)).collect());
        }
    }
    let short: Vec<crate::ledger::Shortage> = problems
        .iter()
        .filter_map(|p| match p {
            LineProblem::Short { shortage, .. } => Some(shortage.clone()),
            _ => None,
        })
        .collect();
    crate::ledger::shortage_conflict(
        "not enough stock free after other runs' reservations",
        short,
    )
}

/// A hand-edited plan checked, every problem found at once (a page shows them all,
/// each beside its line); saved only when there is none and `save` is set. A refusal
/// of the run itself (not in planning) is an error.
pub fn edit_lines(
    conn: &mut DbConn,
    id: i64,
    req: &LinesRequest,
    save: bool,
) -> AppResult<Result<RunView, Vec<LineProblem>>> {
    let run = find_run_for_change(conn, id)?;
    run.require(&[RunStatus::Planning], Step::EditLines)?;
    let names = Names::load(conn)?;
    let priorities = crate::priorities::model::require_current(conn)?.priorities;
    let stop_of: HashMap<String, i64> = run
        .stops
        .iter()
        .map(|s| (names.location(s.site_id), s.site_id))
        .collect();
    let mut problems = Vec::new();
    // (line index, row) for each line that names a real category and stop.
    let mut rows: Vec<(usize, LineRow)> = Vec::new();
    let mut seen = HashSet::new();
    if req.lines.len() > crate::ledger::lines::MAX_LINES {
        problems.push(LineProblem::TooManyLines);
    }
    for (i, l) in req.lines.iter().enumerate() {
        let cat = names.category_by_slug(&l.category);
        if cat.is_none() {
            problems.push(LineProblem::UnknownCategory {
                line: i,
                category: l.category.clone(),
            });
        }
        let site = stop_of.get(&l.stop).copied();
        if site.is_none() {
            problems.push(LineProblem::NotAStop {
                line: i,
                stop: l.stop.clone(),
            });
        }
        if !priorities.is_eligible(&l.category, l.condition) {
            problems.push(LineProblem::NotEligible {
                line: i,
                category: l.category.clone(),
                category_name: cat.map_or_else(|| l.category.clone(), |c| c.name.clone()),
                condition: l.condition,
                minimum: priorities.min_condition(&l.category),
            });
        }
        if let (Some(cat), Some(site)) = (cat, site) {
            if !seen.insert((cat.id, l.condition, site)) {
                problems.push(LineProblem::Twice {
                    line: i,
                    category: l.category.clone(),
                    category_name: cat.name.clone(),
                    condition: l.condition,
                    stop: l.stop.clone(),
                    stop_name: names.location_name(site),
                });
            }
            rows.push((
                i,
                LineRow {
                    run_id: id,
                    site_id: site,
                    category_id: cat.id,
                    condition: l.condition,
                    quantity: l.quantity.get(),
                },
            ));
        }
    }
    let (mut volume, mut weight) = (0.0, 0.0);
    let mut totals: BTreeMap<Key, (i64, Vec<usize>)> = BTreeMap::new();
    for (i, r) in &rows {
        if let Some(c) = names.categories.get(&r.category_id) {
            volume += c.unit_volume_l * r.quantity as f64;
            weight += c.unit_weight_kg * r.quantity as f64;
        }
        let total = totals.entry((r.category_id, r.condition)).or_default();
        total.0 += r.quantity;
        total.1.push(*i);
    }
    let tolerance = 1e-9;
    if volume > run.van.capacity_l * (1.0 + tolerance) {
        problems.push(LineProblem::OverVolume {
            van: run.van.slug.clone(),
            van_name: run.van.name.clone(),
            capacity_l: run.van.capacity_l,
            volume_l: volume,
        });
    }
    if weight > run.van.payload_kg * (1.0 + tolerance) {
        problems.push(LineProblem::OverPayload {
            van: run.van.slug.clone(),
            van_name: run.van.name.clone(),
            payload_kg: run.van.payload_kg,
            weight_kg: weight,
        });
    }
    let free = unreserved(conn, &run)?;
    for (&(cat, cond), (want, lines)) in &totals {
        let have = free.get(&(cat, cond)).copied().unwrap_or(0);
        if *want > have {
            problems.push(LineProblem::Short {
                lines: lines.clone(),
                shortage: crate::ledger::Shortage {
                    location: names.location(run.row.origin_id),
                    category: names.category(cat),
                    condition: cond.to_string(),
                    in_stock: have,
                    requested: *want,
                    location_name: names.location_name(run.row.origin_id),
                    category_name: names.category_name(cat),
                    loose_only: false,
                },
            });
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    if save {
        let rows: Vec<LineRow> = rows.into_iter().map(|(_, r)| r).collect();
        store::replace_lines(conn, id, &rows)?;
    }
    let run = find_run(conn, id)?;
    Ok(Ok(run_view(&run, &names, false)))
}

/// `DELETE /runs/{id}`: a run still in planning is dropped with its stops and lines,
/// which releases the stock and the need it held. Nothing was moved, so nothing is lost
/// from the ledger; a loaded run must be returned instead.
pub fn cancel(conn: &mut DbConn, id: i64) -> AppResult<RunView> {
    let run = find_run_for_change(conn, id)?;
    run.require(&[RunStatus::Planning], Step::Cancel)?;
    let names = Names::load(conn)?;
    let view = run_view(&run, &names, false);
    store::delete_run(conn, id)?;
    Ok(view)
}

// ---- the road ----

fn moves(from: i64, to: i64, lines: &[(i64, Condition, i64)]) -> Vec<Movement> {
    lines
        .iter()
        .flat_map(|&(category_id, condition, quantity)| {
            [
                Movement {
                    location_id: from,
                    category_id,
                    condition,
                    quantity: -quantity,
                },
                Movement {
                    location_id: to,
                    category_id,
                    condition,
                    quantity,
                },
            ]
        })
        .collect()
}

fn parsed(lines: &[LineRow]) -> AppResult<Vec<(i64, Condition, i64)>> {
    Ok(lines
        .iter()
        .map(|l| (l.category_id, l.condition, l.quantity))
        .collect())
}

/// `POST /runs/{id}/load`: every planned line from the origin onto the van, in one change.
pub fn load(conn: &mut DbConn, id: i64, actor: &str, now: NaiveDateTime) -> AppResult<RunView> {
    let run = find_run_for_change(conn, id)?;
    run.require(&[RunStatus::Planning], Step::Load)?;
    if run.lines.is_empty() {
        return Err(Refusal::NothingPlanned { run: id }.into());
    }
    let busy = store::runs_in(
        conn,
        &[RunStatus::Loaded.as_str(), RunStatus::Delivered.as_str()],
    )?
    .into_iter()
    .find(|r| r.van_id == run.van.id);
    if let Some(other) = busy {
        return Err(Refusal::VanBusy {
            van: run.van.slug.clone(),
            van_name: run.van.name.clone(),
            other: other.id,
        }
        .into());
    }
    let change = Change {
        actor,
        cause: Cause::Load,
        cause_id: id,
        at: now,
    };
    // Boxes on the run ride as boxes (issue 16); the rest as loose stock.
    crate::boxes::runs::apply_step(
        conn,
        &change,
        &moves(run.row.origin_id, run.van.location_id, &parsed(&run.lines)?),
    )?;
    store::set_status(conn, id, RunStatus::Loaded.as_str())?;
    view(conn, id, false)
}

/// `POST /runs/{id}/deliver`: the stop's planned lines (or the lines the driver
/// actually unloaded) from the van to the site; the stop is then done.
pub fn deliver(
    conn: &mut DbConn,
    id: i64,
    req: &DeliverRequest,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<RunView> {
    let run = find_run_for_change(conn, id)?;
    let names = Names::load(conn)?;
    let Some(stop) = run
        .stops
        .iter()
        .find(|s| names.location(s.site_id) == req.stop)
    else {
        return Err(AppError::invalid(
            "stop",
            format!("'{}' is not a stop of run {id}", req.stop),
        ));
    };
    run.require(&[RunStatus::Loaded], Step::Deliver)?;
    if stop.delivered_at.is_some() {
        return Err(Refusal::AlreadyDelivered {
            run: id,
            stop: req.stop.clone(),
            stop_name: names.location_name(stop.site_id),
        }
        .into());
    }
    let lines: Vec<(i64, Condition, i64)> = match &req.lines {
        None => parsed(
            &run.lines
                .iter()
                .filter(|l| l.site_id == stop.site_id)
                .cloned()
                .collect::<Vec<_>>(),
        )?,
        Some(given) => {
            let mut lookup = Lookup::load(conn)?;
            let lines = lookup.lines("lines", given);
            lookup.finish()?;
            lines
                .into_iter()
                .map(|l| (l.category.id, l.condition, l.quantity))
                .collect()
        }
    };
    let change = Change {
        actor,
        cause: Cause::Delivery,
        cause_id: id,
        at: now,
    };
    // Boxes on the run ride as boxes (issue 16); the rest as loose stock.
    crate::boxes::runs::apply_step(
        conn,
        &change,
        &moves(run.van.location_id, stop.site_id, &lines),
    )?;
    store::mark_delivered(conn, stop.id, now)?;
    let all_done = run
        .stops
        .iter()
        .all(|s| s.id == stop.id || s.delivered_at.is_some());
    if all_done {
        store::set_status(conn, id, RunStatus::Delivered.as_str())?;
    }
    view(conn, id, false)
}

/// `POST /runs/{id}/return`: whatever is left on the van back to the origin; the run is done.
pub fn return_run(
    conn: &mut DbConn,
    id: i64,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<RunView> {
    let run = find_run_for_change(conn, id)?;
    run.require(&[RunStatus::Loaded, RunStatus::Delivered], Step::Return)?;
    let mut left = Vec::new();
    for (cat, cond, qty) in store::stock_at(conn, run.van.location_id)? {
        if qty > 0 {
            left.push((cat, cond, qty));
        }
    }
    let change = Change {
        actor,
        cause: Cause::Return,
        cause_id: id,
        at: now,
    };
    // Boxes on the run ride as boxes (issue 16); the rest as loose stock.
    crate::boxes::runs::apply_step(
        conn,
        &change,
        &moves(run.van.location_id, run.row.origin_id, &left),
    )?;
    store::set_status(conn, id, RunStatus::Done.as_str())?;
    view(conn, id, false)
}

/// What really happened on a run, from the ledger, for the load sheet: what each stop was
/// given (it may differ from the plan) and what came back to the origin.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Keyed by (site slug, category slug, condition).
    pub delivered: BTreeMap<(String, String, String), Count>,
    pub returned: Vec<Count>,
}

pub fn outcome(conn: &mut DbConn, id: i64) -> AppResult<Outcome> {
    let run = find_run(conn, id)?;
    let names = Names::load(conn)?;
    let mut out = Outcome::default();
    for (site, cat, condition, quantity) in store::arrivals(conn, Cause::Delivery.as_str(), id)? {
        out.delivered
            .entry((
                names.location(site),
                names.category(cat),
                condition.to_string(),
            ))
            .or_insert_with(|| Count {
                category: names.category(cat),
                category_name: names.category_name(cat),
                condition: condition.to_string(),
                quantity: 0,
            })
            .quantity += quantity;
    }
    for (place, cat, condition, quantity) in store::arrivals(conn, Cause::Return.as_str(), id)? {
        if place == run.row.origin_id {
            out.returned.push(Count {
                category: names.category(cat),
                category_name: names.category_name(cat),
                condition: condition.to_string(),
                quantity,
            });
        }
    }
    Ok(out)
}

/// What is on the run's van now, by name: what a return would bring back.
pub fn on_van(conn: &mut DbConn, id: i64) -> AppResult<Vec<Count>> {
    let run = find_run(conn, id)?;
    let names = Names::load(conn)?;
    Ok(store::stock_at(conn, run.van.location_id)?
        .into_iter()
        .filter(|(_, _, q)| *q > 0)
        .map(|(cat, condition, quantity)| Count {
            category: names.category(cat),
            category_name: names.category_name(cat),
            condition: condition.to_string(),
            quantity,
        })
        .collect())
}

/// Planned lines of loaded runs for stops not yet delivered: (site id, category id, quantity).
pub fn on_the_road(conn: &mut DbConn) -> diesel::QueryResult<Vec<(i64, i64, i64)>> {
    let loaded: Vec<i64> = store::runs_in(conn, &[RunStatus::Loaded.as_str()])?
        .into_iter()
        .map(|r| r.id)
        .collect();
    if loaded.is_empty() {
        return Ok(Vec::new());
    }
    let open: HashSet<(i64, i64)> = store::stops(conn, &loaded)?
        .into_iter()
        .filter(|s| s.delivered_at.is_none())
        .map(|s| (s.run_id, s.site_id))
        .collect();
    Ok(store::lines(conn, &loaded)?
        .into_iter()
        .filter(|l| open.contains(&(l.run_id, l.site_id)))
        .map(|l| (l.site_id, l.category_id, l.quantity))
        .collect())
}
