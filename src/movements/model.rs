//! Movement requests and the rules that turn each into ledger moves.

use crate::text::FreeText;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::catalog::Condition;
use crate::db::DbConn;
use crate::error::AppError;
use crate::ledger::lines::{self, LineRequest, Lookup};
use crate::ledger::{store as ledger_store, Cause, Change, Count, Movement, Quantity};
use crate::locations::LocationKind;
use crate::movements::store::{self, NewMovement};

/// Stock moves between warehouses and sites; vans move only through runs.
const STOCK_PLACES: [LocationKind; 2] = [LocationKind::Warehouse, LocationKind::Site];

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    pub from: String,
    pub to: String,
    pub lines: Vec<LineRequest>,
    #[serde(default)]
    pub note: Option<FreeText>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RegradeRequest {
    pub location: String,
    pub category: String,
    pub from_condition: Condition,
    pub to_condition: Condition,
    pub quantity: Quantity,
    #[serde(default)]
    pub note: Option<FreeText>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CountedLine {
    pub category: String,
    pub condition: Condition,
    pub quantity: Count,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StocktakeRequest {
    pub location: String,
    pub counted: Vec<CountedLine>,
    pub reason: FreeText<300>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WriteoffRequest {
    pub location: String,
    pub lines: Vec<LineRequest>,
    pub reason: FreeText<300>,
}

/// What every movement answers: its id and the ledger entries it made.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MovementView {
    pub id: i64,
    #[schema(value_type = crate::ledger::model::Cause)]
    pub kind: String,
    pub location: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    pub reason: Option<String>,
    pub actor: String,
    pub entries: Vec<EntryLine>,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EntryLine {
    pub location: String,
    pub category: String,
    #[schema(value_type = crate::catalog::Condition)]
    pub condition: String,
    pub quantity: i64,
}

struct Planned {
    cause: Cause,
    location: (i64, String),
    to: Option<(i64, String)>,
    reason: Option<String>,
    moves: Vec<(Movement, String, String)>,
}

fn write(
    conn: &mut DbConn,
    p: Planned,
    actor: &str,
    now: NaiveDateTime,
) -> Result<MovementView, AppError> {
    let id = store::insert(
        conn,
        &NewMovement {
            kind: p.cause,
            location_id: p.location.0,
            to_location_id: p.to.as_ref().map(|t| t.0),
            reason: p.reason.clone(),
            actor: actor.to_string(),
            created_at: now,
        },
    )?;
    let change = Change {
        actor,
        cause: p.cause,
        cause_id: id,
        at: now,
    };
    let moves: Vec<Movement> = p.moves.iter().map(|m| m.0).collect();
    crate::ledger::apply(conn, &change, &moves)?;
    Ok(MovementView {
        id,
        kind: p.cause.as_str().to_string(),
        location: p.location.1,
        to: p.to.map(|t| t.1),
        reason: p.reason,
        actor: actor.to_string(),
        entries: p
            .moves
            .into_iter()
            .filter(|m| m.0.quantity != 0)
            .map(|(m, location, category)| EntryLine {
                location,
                category,
                condition: m.condition.to_string(),
                quantity: m.quantity,
            })
            .collect(),
    })
}

pub fn transfer(
    conn: &mut DbConn,
    req: &TransferRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<MovementView, AppError> {
    let mut lookup = Lookup::load(conn)?;
    let from = lookup.location("from", &req.from, &STOCK_PLACES);
    let to = lookup.location("to", &req.to, &STOCK_PLACES);
    if req.from == req.to {
        lookup.push("to", "from and to must be different locations");
    }
    let lines = lookup.lines("lines", &req.lines);
    let note = lines::optional_note("note", req.note.as_deref(), &mut lookup);
    lookup.finish()?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err(AppError::Internal("locations lost".into()));
    };
    let mut moves = Vec::new();
    for l in &lines {
        let m = Movement {
            location_id: from.id,
            category_id: l.category.id,
            condition: l.condition,
            quantity: -l.quantity,
        };
        moves.push((m, from.slug.clone(), l.category.slug.clone()));
        moves.push((
            Movement {
                location_id: to.id,
                quantity: l.quantity,
                ..m
            },
            to.slug.clone(),
            l.category.slug.clone(),
        ));
    }
    let planned = Planned {
        cause: Cause::Transfer,
        location: (from.id, from.slug),
        to: Some((to.id, to.slug)),
        reason: note,
        moves,
    };
    write(conn, planned, actor, now)
}

pub fn regrade(
    conn: &mut DbConn,
    req: &RegradeRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<MovementView, AppError> {
    let mut lookup = Lookup::load(conn)?;
    let loc = lookup.location("location", &req.location, &STOCK_PLACES);
    let cat = lookup.category("category", &req.category);
    if req.from_condition == req.to_condition {
        lookup.push(
            "to_condition",
            "to_condition must differ from from_condition",
        );
    }
    let note = lines::optional_note("note", req.note.as_deref(), &mut lookup);
    lookup.finish()?;
    let (Some(loc), Some(cat)) = (loc, cat) else {
        return Err(AppError::Internal("lookup lost".into()));
    };
    let out = Movement {
        location_id: loc.id,
        category_id: cat.id,
        condition: req.from_condition,
        quantity: -req.quantity.get(),
    };
    let back = Movement {
        condition: req.to_condition,
        quantity: req.quantity.get(),
        ..out
    };
    let planned = Planned {
        cause: Cause::Regrade,
        location: (loc.id, loc.slug.clone()),
        to: None,
        reason: note,
        moves: vec![
            (out, loc.slug.clone(), cat.slug.clone()),
            (back, loc.slug, cat.slug),
        ],
    };
    write(conn, planned, actor, now)
}

pub fn stocktake(
    conn: &mut DbConn,
    req: &StocktakeRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<MovementView, AppError> {
    let mut lookup = Lookup::load(conn)?;
    let loc = lookup.location("location", &req.location, &STOCK_PLACES);
    let reason = lines::required_text("reason", &req.reason, 300, &mut lookup);
    if let Err(p) = crate::notes::check_note(&reason) {
        lookup.push("reason", p.message());
    }
    if req.counted.is_empty() || req.counted.len() > lines::MAX_LINES {
        lookup.push(
            "counted",
            format!("counted must have 1 to {} lines", lines::MAX_LINES),
        );
    }
    let mut seen = BTreeSet::new();
    let mut counted = Vec::new();
    for (i, c) in req.counted.iter().enumerate() {
        let cat = lookup.category(&format!("counted[{i}].category"), &c.category);
        if !seen.insert((c.category.clone(), c.condition)) {
            let name = cat
                .as_ref()
                .map_or(c.category.as_str(), |x| x.name.as_str());
            lookup.push(
                &format!("counted[{i}]"),
                format!("{name} ({}) is counted twice", c.condition),
            );
        }
        if let Some(cat) = cat {
            counted.push((cat, c.condition, c.quantity.get()));
        }
    }
    lookup.finish()?;
    let loc = loc.ok_or_else(|| AppError::Internal("location lost".into()))?;
    let mut moves = Vec::new();
    for (cat, cond, count) in counted {
        let have = ledger_store::stock_quantity(conn, loc.id, cat.id, cond.as_str())?;
        let m = Movement {
            location_id: loc.id,
            category_id: cat.id,
            condition: cond,
            quantity: count - have,
        };
        moves.push((m, loc.slug.clone(), cat.slug.clone()));
    }
    let planned = Planned {
        cause: Cause::Stocktake,
        location: (loc.id, loc.slug),
        to: None,
        reason: Some(reason),
        moves,
    };
    write(conn, planned, actor, now)
}

pub fn writeoff(
    conn: &mut DbConn,
    req: &WriteoffRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<MovementView, AppError> {
    let mut lookup = Lookup::load(conn)?;
    let loc = lookup.location("location", &req.location, &STOCK_PLACES);
    let reason = lines::required_text("reason", &req.reason, 300, &mut lookup);
    if let Err(p) = crate::notes::check_note(&reason) {
        lookup.push("reason", p.message());
    }
    let lines = lookup.lines("lines", &req.lines);
    lookup.finish()?;
    let loc = loc.ok_or_else(|| AppError::Internal("location lost".into()))?;
    let moves = lines
        .iter()
        .map(|l| {
            let m = Movement {
                location_id: loc.id,
                category_id: l.category.id,
                condition: l.condition,
                quantity: -l.quantity,
            };
            (m, loc.slug.clone(), l.category.slug.clone())
        })
        .collect();
    let planned = Planned {
        cause: Cause::Writeoff,
        location: (loc.id, loc.slug),
        to: None,
        reason: Some(reason),
        moves,
    };
    write(conn, planned, actor, now)
}
