//! Boxes and items tracked one by one: the requests, the views, and the rules that turn
//! each action (fill, move, regrade, add, take, empty, split, merge, hand out) into
//! ledger moves that name the box. Every action runs inside the caller's write
//! transaction and changes stock only through `ledger::apply_boxed`.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::boxes::code::LabelCode;
use crate::boxes::facts::{ActionKind, BoxFacts};
use crate::boxes::store::{self, BoxRow, NewAction};
use crate::catalog::{Category, Condition};
use crate::db::DbConn;
use crate::error::AppError;
use crate::ledger::lines::Lookup;
use crate::ledger::{Cause, Change, Movement, Quantity};
use crate::locations::{Location, LocationKind};

/// Boxes stand in warehouses and at sites; they ride in vans only on a run.
pub const BOX_PLACES: [LocationKind; 2] = [LocationKind::Warehouse, LocationKind::Site];
/// Labels reserved in one go, at most (a crew prints 100 before a festival).
pub const MAX_RESERVE: i64 = 500;

/// What a tracked item (a bike) lacks while it needs repair.
#[derive(
    utoipa::ToSchema,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Missing {
    Brakes,
    Tyres,
    Chain,
    Lights,
    Gears,
    Saddle,
    Pedals,
}

impl Missing {
    pub const ALL: [Missing; 7] = [
        Missing::Brakes,
        Missing::Tyres,
        Missing::Chain,
        Missing::Lights,
        Missing::Gears,
        Missing::Saddle,
        Missing::Pedals,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Missing::Brakes => "brakes",
            Missing::Tyres => "tyres",
            Missing::Chain => "chain",
            Missing::Lights => "lights",
            Missing::Gears => "gears",
            Missing::Saddle => "saddle",
            Missing::Pedals => "pedals",
        }
    }
    pub fn parse(s: &str) -> Option<Missing> {
        Missing::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// The stored form of a missing list: sorted, comma-separated, none when empty.
fn missing_text(list: &[Missing]) -> Option<String> {
    let mut list = list.to_vec();
    list.sort();
    list.dedup();
    (!list.is_empty()).then(|| {
        list.iter()
            .map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join(",")
    })
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReserveRequest {
    pub count: i64,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct Reserved {
    pub codes: Vec<String>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FillRequest {
    /// A label printed in advance; without one, a new code is made.
    #[serde(default)]
    pub code: Option<String>,
    pub location: String,
    pub category: String,
    pub condition: Condition,
    pub quantity: Quantity,
    #[serde(default)]
    pub frame_size: Option<String>,
    #[serde(default)]
    pub missing: Vec<Missing>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MoveRequest {
    pub to: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[schema(as = BoxRegradeRequest)]
#[serde(deny_unknown_fields)]
pub struct RegradeRequest {
    pub to_condition: Condition,
    #[serde(default)]
    pub missing: Vec<Missing>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountRequest {
    pub quantity: Quantity,
}

#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmptyRequest {}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SplitRequest {
    pub quantity: Quantity,
    /// A blank label for the new box; without one, a new code is made.
    #[serde(default)]
    pub into: Option<String>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    pub from: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BoxHandoutRequest {
    /// Without a quantity, the whole box goes out.
    #[serde(default)]
    pub quantity: Option<Quantity>,
    #[serde(default)]
    pub handed_out_on: Option<NaiveDate>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TrackedRequest {
    pub tracked: bool,
}

/// A box as the API and the pages show it.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct BoxView {
    pub code: String,
    pub path: String,
    /// `blank` (a label not yet on a box), `filled`, or `empty`.
    pub state: &'static str,
    pub category: Option<String>,
    pub category_name: Option<String>,
    #[schema(value_type = Option<crate::catalog::Condition>)]
    pub condition: Option<String>,
    pub location: Option<String>,
    pub location_name: Option<String>,
    #[schema(value_type = Option<crate::locations::LocationKind>)]
    pub location_kind: Option<String>,
    pub quantity: i64,
    /// An item tracked one by one (a bike): a box of one.
    pub tracked: bool,
    pub frame_size: Option<String>,
    #[schema(value_type = Vec<Missing>)]
    pub missing: Vec<String>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct HistoryLine {
    #[serde(serialize_with = "crate::utc::serialize")]
    pub at: NaiveDateTime,
    pub kind: String,
    /// In English: worded from `facts`, or the sentence stored before facts were kept.
    pub detail: Option<String>,
    /// What the line says, for a page to word in its reader's language; none on lines
    /// written before facts were kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facts: Option<BoxFacts>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct BoxDetail {
    #[serde(flatten)]
    pub view: BoxView,
    pub history: Vec<HistoryLine>,
}

/// Names of categories and places, by id, to describe boxes.
pub struct Names {
    pub categories: Vec<Category>,
    pub locations: Vec<Location>,
}

impl Names {
    pub fn load(conn: &mut DbConn) -> Result<Names, AppError> {
        Ok(Names {
            categories: crate::catalog::store::all(conn)?,
            locations: crate::locations::store::all(conn, None)?,
        })
    }
    pub fn category(&self, id: Option<i64>) -> Option<&Category> {
        id.and_then(|id| self.categories.iter().find(|c| c.id == id))
    }
    pub fn location(&self, id: Option<i64>) -> Option<&Location> {
        id.and_then(|id| self.locations.iter().find(|l| l.id == id))
    }
}

pub fn view(conn: &mut DbConn, row: &BoxRow, names: &Names) -> Result<BoxView, AppError> {
    let cat = names.category(row.category_id);
    let loc = names.location(row.location_id);
    let tracked = match row.category_id {
        Some(id) => store::is_tracked(conn, id)?,
        None => false,
    };
    Ok(BoxView {
        code: row.code.clone(),
        path: format!("/b/{}", row.code),
        state: match (row.category_id, row.quantity) {
            (None, _) => "blank",
            (Some(_), 0) => "empty",
            _ => "filled",
        },
        category: cat.map(|c| c.slug.clone()),
        category_name: cat.map(|c| c.name.clone()),
        condition: row.condition.map(|c| c.as_str().to_string()),
        location: loc.map(|l| l.slug.clone()),
        location_name: loc.map(|l| l.name.clone()),
        location_kind: loc.map(|l| l.kind.to_string()),
        quantity: row.quantity,
        tracked,
        frame_size: row.frame_size.clone(),
        missing: row
            .missing
            .as_deref()
            .map(|m| m.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

pub fn detail(conn: &mut DbConn, code: &str) -> Result<BoxDetail, AppError> {
    let row = find(conn, code)?;
    let names = Names::load(conn)?;
    let history = store::actions_of(conn, row.id)?
        .into_iter()
        .map(|a| {
            let facts = BoxFacts::parse(a.facts.as_deref());
            HistoryLine {
                at: a.created_at,
                kind: a.kind.as_str().to_string(),
                detail: facts.as_ref().map(BoxFacts::english).or(a.detail),
                facts,
            }
        })
        .collect();
    Ok(BoxDetail {
        view: view(conn, &row, &names)?,
        history,
    })
}

/// The box with this label: a malformed or never-printed code is unknown (404).
pub fn find(conn: &mut DbConn, code: &str) -> Result<BoxRow, AppError> {
    by_label(conn, code, store::find_by_code)
}

/// The box with this label, for a change to it: as `find`, with its row locked.
pub fn find_for_change(conn: &mut DbConn, code: &str) -> Result<BoxRow, AppError> {
    by_label(conn, code, store::find_by_code_locked)
}

fn by_label(
    conn: &mut DbConn,
    code: &str,
    read: fn(&mut DbConn, &str) -> diesel::QueryResult<Option<BoxRow>>,
) -> Result<BoxRow, AppError> {
    let code = LabelCode::parse(code).map_err(AppError::NotFound)?;
    read(conn, code.as_str())?
        .ok_or_else(|| AppError::NotFound(format!("no label {code} was printed by this Haul")))
}

/// A blank label to put on a new box: the one named, or a fresh one.
fn blank_label(
    conn: &mut DbConn,
    field: &str,
    code: Option<&str>,
    now: NaiveDateTime,
) -> Result<BoxRow, AppError> {
    let Some(raw) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        let id = reserve_one(conn, now)?;
        return Ok(store::find(conn, id)?);
    };
    let code = LabelCode::parse(raw).map_err(|m| AppError::invalid(field, m))?;
    let row = store::find_by_code(conn, code.as_str())?
        .ok_or_else(|| AppError::NotFound(format!("no label {code} was printed by this Haul")))?;
    if row.category_id.is_some() {
        return Err(AppError::Conflict {
            code: "label_reused",
            message: format!("label {code} is already on a box; put a new label on this one"),
            details: serde_json::json!({"code": code.as_str()}),
        });
    }
    Ok(row)
}

/// Reserves one fresh code, retrying on the rare collision.
fn reserve_one(conn: &mut DbConn, now: NaiveDateTime) -> Result<i64, AppError> {
    for _ in 0..20 {
        let code = LabelCode::random();
        if !store::code_exists(conn, code.as_str())? {
            return Ok(store::insert_blank(conn, code.as_str(), now)?);
        }
    }
    Err(AppError::Internal(
        "could not find a free label code".into(),
    ))
}

/// Blank labels, codes reserved, to print before the boxes exist.
pub fn reserve(
    conn: &mut DbConn,
    req: &ReserveRequest,
    _actor: &str,
    now: NaiveDateTime,
) -> Result<Reserved, AppError> {
    if !(1..=MAX_RESERVE).contains(&req.count) {
        return Err(AppError::invalid(
            "count",
            format!("count must be between 1 and {MAX_RESERVE}"),
        ));
    }
    let mut codes = Vec::new();
    for _ in 0..req.count {
        let id = reserve_one(conn, now)?;
        codes.push(store::find(conn, id)?.code);
    }
    Ok(Reserved { codes })
}

/// One box action as its history tells it: what was done, with which other box, and
/// the facts its line is worded from.
pub struct Doing {
    pub kind: ActionKind,
    pub other: Option<i64>,
    pub facts: BoxFacts,
}

impl Doing {
    pub fn new(kind: ActionKind, facts: BoxFacts) -> Doing {
        Doing {
            kind,
            other: None,
            facts,
        }
    }
    fn with(self, other: i64) -> Doing {
        Doing {
            other: Some(other),
            ..self
        }
    }
}

/// Writes one line of a box's history; its id is the cause of the action's entries.
pub fn note(
    conn: &mut DbConn,
    box_id: i64,
    doing: Doing,
    actor: &str,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    Ok(store::insert_action(
        conn,
        &NewAction {
            box_id,
            kind: doing.kind,
            other_box_id: doing.other,
            detail: None,
            actor: actor.to_string(),
            created_at: now,
            facts: Some(doing.facts.to_json()),
        },
    )?)
}

/// Writes one box action and its ledger moves.
fn record(
    conn: &mut DbConn,
    row: &BoxRow,
    doing: Doing,
    actor: &str,
    now: NaiveDateTime,
    moves: &[(Movement, Option<i64>)],
) -> Result<i64, AppError> {
    let id = note(conn, row.id, doing, actor, now)?;
    let change = Change {
        actor,
        cause: Cause::Boxing,
        cause_id: id,
        at: now,
    };
    crate::ledger::apply_boxed(conn, &change, moves)?;
    Ok(id)
}

/// One side of a move: a stock row, and the box the items are in there (none: loose).
pub type Side = ((i64, i64, Condition), Option<i64>);

/// `n` items from one side to the other, as the two ledger moves every box action is.
pub fn shift(from: Side, to: Side, n: i64) -> [(Movement, Option<i64>); 2] {
    let mv = |(l, c, k): (i64, i64, Condition), q: i64| Movement {
        location_id: l,
        category_id: c,
        condition: k,
        quantity: q,
    };
    [(mv(from.0, -n), from.1), (mv(to.0, n), to.1)]
}

fn answer(conn: &mut DbConn, id: i64) -> Result<BoxView, AppError> {
    let row = store::find(conn, id)?;
    let names = Names::load(conn)?;
    view(conn, &row, &names)
}

/// The box's content as a stock key; a blank or empty box has none (409).
fn content(row: &BoxRow) -> Result<(i64, i64, Condition), AppError> {
    row.key().ok_or_else(|| AppError::Conflict {
        code: "box_empty",
        message: format!("box {} is empty", row.code),
        details: serde_json::json!({"box": row.code}),
    })
}

fn conflict(code: &'static str, message: String) -> AppError {
    AppError::Conflict {
        code,
        message,
        details: serde_json::Value::Null,
    }
}

/// Whether an action takes part of what a box holds (split, merge), which an item
/// tracked one by one refuses, or acts on the whole box.
#[derive(PartialEq)]
enum Parts {
    Whole,
    Taken,
}

/// The box with this code and where its content sits in stock; 409 when it holds
/// nothing, or when `parts` are taken from an item tracked one by one.
fn filled(
    conn: &mut DbConn,
    code: &str,
    parts: Parts,
) -> Result<(BoxRow, (i64, i64, Condition)), AppError> {
    let row = find_for_change(conn, code)?;
    let key = content(&row)?;
    if parts == Parts::Taken {
        one_by_one(conn, &row)?;
    }
    Ok((row, key))
}

fn one_by_one(conn: &mut DbConn, row: &BoxRow) -> Result<(), AppError> {
    match row.category_id {
        Some(c) if store::is_tracked(conn, c)? => Err(conflict(
            "tracked_item",
            format!(
                "{} is an item tracked one by one: it is a box of one",
                row.code
            ),
        )),
        _ => Ok(()),
    }
}

/// Packs loose stock into a box (a blank label, or a new one).
pub fn fill(
    conn: &mut DbConn,
    req: &FillRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<BoxView, AppError> {
    let mut lookup = Lookup::load(conn)?;
    let loc = lookup.location("location", &req.location, &BOX_PLACES);
    let cat = lookup.category("category", &req.category);
    let frame = req
        .frame_size
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty());
    if frame.is_some_and(|f| f.chars().count() > 20 || f.contains('\0')) {
        lookup.push("frame_size", "frame_size must be at most 20 characters");
    }
    let tracked = match &cat {
        Some(c) => store::is_tracked(conn, c.id)?,
        None => false,
    };
    if tracked && req.quantity.get() != 1 {
        lookup.push(
            "quantity",
            format!(
                "{} are tracked one by one: an item is a box of one",
                req.category
            ),
        );
    }
    if !tracked && (frame.is_some() || !req.missing.is_empty()) {
        lookup.push(
            "frame_size",
            "a frame size and missing parts belong to items tracked one by one",
        );
    }
    if !req.missing.is_empty() && req.condition != Condition::NeedsRepair {
        lookup.push(
            "missing",
            "missing parts go with the condition needs-repair",
        );
    }
    lookup.finish()?;
    let (Some(loc), Some(cat)) = (loc, cat) else {
        return Err(AppError::Internal("lookup lost".into()));
    };
    let row = blank_label(conn, "code", req.code.as_deref(), now)?;
    let key = (loc.id, cat.id, req.condition);
    let q = req.quantity.get();
    let kind = if tracked {
        ActionKind::Registered
    } else {
        ActionKind::Packed
    };
    let facts = BoxFacts::Packed {
        n: q,
        category: cat.slug.clone(),
        category_name: cat.name.clone(),
        condition: req.condition.as_str().to_string(),
        place: loc.name.clone(),
    };
    let moves = shift((key, None), (key, Some(row.id)), q);
    record(conn, &row, Doing::new(kind, facts), actor, now, &moves)?;
    store::set_item_details(conn, row.id, frame, missing_text(&req.missing).as_deref())?;
    answer(conn, row.id)
}

pub fn move_box(
    conn: &mut DbConn,
    code: &str,
    req: &MoveRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<BoxView, AppError> {
    let row = find_for_change(conn, code)?;
    let mut lookup = Lookup::load(conn)?;
    let to = lookup.location("to", &req.to, &BOX_PLACES);
    lookup.finish()?;
    let to = to.ok_or_else(|| AppError::Internal("lookup lost".into()))?;
    let key = content(&row)?;
    if key.0 == to.id {
        return Err(conflict(
            "already_there",
            format!("box {} is already at {}", row.code, to.name),
        ));
    }
    let names = Names::load(conn)?;
    let from = names
        .location(Some(key.0))
        .map(|l| l.name.clone())
        .unwrap_or_default();
    let q = row.quantity;
    let facts = BoxFacts::Moved {
        from,
        to: to.name.clone(),
    };
    let moves = shift(
        (key, Some(row.id)),
        ((to.id, key.1, key.2), Some(row.id)),
        q,
    );
    record(
        conn,
        &row,
        Doing::new(ActionKind::Moved, facts),
        actor,
        now,
        &moves,
    )?;
    answer(conn, row.id)
}

pub fn regrade(
    conn: &mut DbConn,
    code: &str,
    req: &RegradeRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<BoxView, AppError> {
    let (row, key) = filled(conn, code, Parts::Whole)?;
    let tracked = store::is_tracked(conn, key.1)?;
    let missing = missing_text(&req.missing);
    if !req.missing.is_empty() && !tracked {
        return Err(AppError::invalid(
            "missing",
            "missing parts belong to items tracked one by one",
        ));
    }
    if !req.missing.is_empty() && req.to_condition != Condition::NeedsRepair {
        return Err(AppError::invalid(
            "missing",
            "missing parts go with the condition needs-repair",
        ));
    }
    let same = req.to_condition == key.2;
    if same && !(tracked && missing != row.missing) {
        return Err(AppError::invalid(
            "to_condition",
            format!("box {} is already {}", row.code, key.2),
        ));
    }
    let (from, to) = (
        key.2.as_str().to_string(),
        req.to_condition.as_str().to_string(),
    );
    let (kind, facts) = match (tracked, key.2, req.to_condition) {
        (true, Condition::NeedsRepair, c) if c.is_distributable() => {
            (ActionKind::Repaired, BoxFacts::Repaired { from, to })
        }
        _ if same => (
            ActionKind::RepairState,
            BoxFacts::RepairState {
                missing: missing.clone(),
            },
        ),
        _ => (ActionKind::Regraded, BoxFacts::Regraded { from, to }),
    };
    // A repair state alone changes no stock.
    let q = if same { 0 } else { row.quantity };
    let to = (key.0, key.1, req.to_condition);
    let moves = shift((key, Some(row.id)), (to, Some(row.id)), q);
    record(conn, &row, Doing::new(kind, facts), actor, now, &moves)?;
    store::set_item_details(conn, row.id, row.frame_size.as_deref(), missing.as_deref())?;
    answer(conn, row.id)
}

/// Loose stock of the same kind at the same place, into the box.
pub fn add(
    conn: &mut DbConn,
    code: &str,
    req: &CountRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<BoxView, AppError> {
    let row = find_for_change(conn, code)?;
    one_by_one(conn, &row)?;
    let key = remembered_key(&row)?;
    let n = req.quantity.get();
    let moves = shift((key, None), (key, Some(row.id)), n);
    record(
        conn,
        &row,
        Doing::new(ActionKind::Added, BoxFacts::Added { n }),
        actor,
        now,
        &moves,
    )?;
    answer(conn, row.id)
}

/// What an emptied box held and where it stands, so it can be filled again.
fn remembered_key(row: &BoxRow) -> Result<(i64, i64, Condition), AppError> {
    match (row.location_id, row.category_id, row.condition) {
        (Some(l), Some(c), Some(k)) => Ok((l, c, k)),
        _ => Err(conflict(
            "box_blank",
            format!("label {} is not on a box yet: fill it first", row.code),
        )),
    }
}

/// Out of the box into loose stock where it stands.
pub fn take(
    conn: &mut DbConn,
    code: &str,
    req: &CountRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<BoxView, AppError> {
    let row = find_for_change(conn, code)?;
    unpack(
        conn,
        &row,
        req.quantity.get(),
        ActionKind::Taken,
        actor,
        now,
    )?;
    answer(conn, row.id)
}

fn unpack(
    conn: &mut DbConn,
    row: &BoxRow,
    n: i64,
    kind: ActionKind,
    actor: &str,
    now: NaiveDateTime,
) -> Result<(i64, i64, Condition), AppError> {
    let key = content(row)?;
    if n > row.quantity {
        return Err(AppError::Conflict {
            code: "box_short",
            message: format!(
                "box {} holds only {}: it cannot give {n}",
                row.code, row.quantity
            ),
            details: serde_json::json!({"box": row.code, "in_box": row.quantity, "requested": n}),
        });
    }
    let moves = shift((key, Some(row.id)), (key, None), n);
    record(
        conn,
        row,
        Doing::new(kind, BoxFacts::Taken { n }),
        actor,
        now,
        &moves,
    )?;
    Ok(key)
}

pub fn empty(
    conn: &mut DbConn,
    code: &str,
    _req: &EmptyRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<BoxView, AppError> {
    let row = find_for_change(conn, code)?;
    unpack(conn, &row, row.quantity, ActionKind::Emptied, actor, now)?;
    answer(conn, row.id)
}

/// Part of a box into a new box (a blank label, or a new code) at the same place.
pub fn split(
    conn: &mut DbConn,
    code: &str,
    req: &SplitRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<BoxView, AppError> {
    let (row, key) = filled(conn, code, Parts::Taken)?;
    let n = req.quantity.get();
    if n >= row.quantity {
        return Err(AppError::invalid(
            "quantity",
            format!(
                "a split leaves something behind: box {} holds {}",
                row.code, row.quantity
            ),
        ));
    }
    let into = blank_label(conn, "into", req.into.as_deref(), now)?;
    let facts = BoxFacts::Split {
        n,
        from: row.code.clone(),
        into: into.code.clone(),
    };
    let moves = shift((key, Some(row.id)), (key, Some(into.id)), n);
    let doing = Doing::new(ActionKind::Split, facts).with(into.id);
    record(conn, &row, doing, actor, now, &moves)?;
    answer(conn, into.id)
}

/// Everything in box `from` into this one: same kind, same condition, same place.
pub fn merge(
    conn: &mut DbConn,
    code: &str,
    req: &MergeRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<BoxView, AppError> {
    let (row, key) = filled(conn, code, Parts::Taken)?;
    let from = find_for_change(conn, &req.from)?;
    if from.id == row.id {
        return Err(AppError::invalid(
            "from",
            "a box cannot be merged into itself",
        ));
    }
    let from_key = content(&from)?;
    if from_key != key {
        return Err(conflict(
            "not_mergeable",
            format!(
                "boxes {} and {} hold different things or stand in different places",
                row.code, from.code
            ),
        ));
    }
    let q = from.quantity;
    let facts = BoxFacts::Merged {
        n: q,
        from: from.code.clone(),
        into: row.code.clone(),
    };
    let moves = shift((key, Some(from.id)), (key, Some(row.id)), q);
    let doing = Doing::new(ActionKind::Merged, facts).with(from.id);
    record(conn, &row, doing, actor, now, &moves)?;
    answer(conn, row.id)
}

/// A box at a site handed out, whole or in part: out of the box, then a hand-out.
pub fn hand_out(
    conn: &mut DbConn,
    code: &str,
    req: &BoxHandoutRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<BoxView, AppError> {
    let (row, key) = filled(conn, code, Parts::Whole)?;
    let names = Names::load(conn)?;
    let site = names
        .location(Some(key.0))
        .filter(|l| l.is(LocationKind::Site))
        .cloned()
        .ok_or_else(|| {
            conflict(
                "not_at_site",
                format!(
                    "box {} is not at a site: move it to the site first",
                    row.code
                ),
            )
        })?;
    let cat = names
        .category(Some(key.1))
        .cloned()
        .ok_or_else(|| AppError::Internal("category lost".into()))?;
    let n = req.quantity.map(|q| q.get()).unwrap_or(row.quantity);
    unpack(conn, &row, n, ActionKind::HandedOut, actor, now)?;
    let quantity = Quantity::parse(n).map_err(|m| AppError::invalid("quantity", m))?;
    let handout = crate::handouts::model::record(
        conn,
        &crate::handouts::model::HandoutRequest {
            site: site.slug.clone(),
            handed_out_on: req.handed_out_on.unwrap_or(now.date()),
            lines: vec![crate::handouts::model::GivenLine {
                category: cat.slug.clone(),
                quantity,
                condition: Some(key.2),
            }],
            unmet: Vec::new(),
            note: None,
        },
        actor,
        now,
    )?;
    let facts = BoxFacts::HandedOut {
        n,
        site: site.name.clone(),
        handout: handout.id,
    };
    note(
        conn,
        row.id,
        Doing::new(ActionKind::HandOut, facts),
        actor,
        now,
    )?;
    answer(conn, row.id)
}

pub fn set_tracked(
    conn: &mut DbConn,
    slug: &str,
    req: &TrackedRequest,
) -> Result<Tracked, AppError> {
    if store::set_tracked(conn, slug, req.tracked)? == 0 {
        return Err(AppError::NotFound(format!("unknown category '{slug}'")));
    }
    Ok(Tracked {
        category: slug.to_string(),
        tracked: req.tracked,
    })
}

/// Whether a category's goods are kept in labelled boxes.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct Tracked {
    pub category: String,
    pub tracked: bool,
}

/// A box whose content disagrees with the ledger entries that name it, or a stock row
/// whose loose part went below zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxDifference(pub String);

/// `haul check` for boxes: each box equals the sum of the entries that name it, and
/// loose stock (entries naming no box) is never negative.
pub fn check(conn: &mut DbConn) -> Result<Vec<BoxDifference>, AppError> {
    use std::collections::BTreeMap;
    let mut per_box: BTreeMap<i64, BTreeMap<(i64, i64, Condition), i64>> = BTreeMap::new();
    for (b, l, c, k, q) in store::boxed_entries(conn)? {
        *per_box.entry(b).or_default().entry((l, c, k)).or_insert(0) += q;
    }
    let mut diffs = Vec::new();
    for row in store::all(conn)? {
        let mut ledger = per_box.remove(&row.id).unwrap_or_default();
        ledger.retain(|_, q| *q != 0);
        let expected: BTreeMap<(i64, i64, Condition), i64> =
            match (row.location_id, row.category_id, row.condition) {
                (Some(l), Some(c), Some(k)) if row.quantity > 0 => {
                    [((l, c, k), row.quantity)].into()
                }
                _ if row.quantity != 0 => {
                    diffs.push(BoxDifference(format!(
                        "box {} holds {} but has no place or kind",
                        row.code, row.quantity
                    )));
                    BTreeMap::new()
                }
                _ => BTreeMap::new(),
            };
        if ledger != expected {
            diffs.push(BoxDifference(format!(
                "box {}: ledger says {ledger:?}, box says {expected:?}",
                row.code
            )));
        }
    }
    for b in per_box.keys() {
        diffs.push(BoxDifference(format!(
            "ledger entries name box #{b}, which does not exist"
        )));
    }
    let mut loose: BTreeMap<(i64, i64, Condition), i64> = BTreeMap::new();
    for (l, c, k, q) in store::loose_entries(conn)? {
        *loose.entry((l, c, k)).or_insert(0) += q;
    }
    for ((l, c, k), q) in loose.into_iter().filter(|(_, q)| *q < 0) {
        diffs.push(BoxDifference(format!(
            "location {l} category {c} {k}: loose stock is {q}"
        )));
    }
    Ok(diffs)
}
