//! Intake requests, rows and views, and the rule that turns a request into ledger moves.

use crate::text::FreeText;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::schema::intakes;
use crate::db::DbConn;
use crate::error::AppError;
use crate::ledger::lines::{self, Line, LineRequest, LineView, Lookup};
use crate::ledger::{Cause, Change, Movement};
use crate::locations::LocationKind;

/// Where goods came from ("Glastonbury 2026 field 12"): a place or event, never a person.
pub const MAX_SOURCE_CHARS: usize = 100;

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IntakeRequest {
    pub source: FreeText<{ MAX_SOURCE_CHARS }>,
    pub warehouse: String,
    pub received_on: NaiveDate,
    pub lines: Vec<LineRequest>,
    #[serde(default)]
    pub note: Option<FreeText>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = intakes)]
pub struct NewIntake {
    pub source: String,
    pub warehouse_id: i64,
    pub received_on: NaiveDate,
    pub note: Option<String>,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct IntakeView {
    pub id: i64,
    pub source: String,
    pub warehouse: String,
    pub received_on: NaiveDate,
    pub note: Option<String>,
    pub actor: String,
    pub lines: Vec<LineView>,
}

/// Validates the request against the catalogue and records it with its ledger entries.
/// Runs inside the write transaction.
pub fn record(
    conn: &mut DbConn,
    req: &IntakeRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<IntakeView, AppError> {
    let mut lookup = Lookup::load(conn)?;
    let source = lines::required_text("source", &req.source, MAX_SOURCE_CHARS, &mut lookup);
    let warehouse = lookup.location("warehouse", &req.warehouse, &[LocationKind::Warehouse]);
    lines::check_date("received_on", req.received_on, now.date(), &mut lookup);
    let lines: Vec<Line> = lookup.lines("lines", &req.lines);
    let note = lines::optional_note("note", req.note.as_deref(), &mut lookup);
    lookup.finish()?;
    let warehouse = warehouse.ok_or_else(|| AppError::Internal("warehouse lost".into()))?;
    let id = super::store::insert(
        conn,
        &NewIntake {
            source: source.clone(),
            warehouse_id: warehouse.id,
            received_on: req.received_on,
            note: note.clone(),
            actor: actor.to_string(),
            created_at: now,
        },
    )?;
    let moves: Vec<Movement> = lines
        .iter()
        .map(|l| Movement {
            location_id: warehouse.id,
            category_id: l.category.id,
            condition: l.condition,
            quantity: l.quantity,
        })
        .collect();
    let change = Change {
        actor,
        cause: Cause::Intake,
        cause_id: id,
        at: now,
    };
    crate::ledger::apply(conn, &change, &moves)?;
    Ok(IntakeView {
        id,
        source,
        warehouse: warehouse.slug,
        received_on: req.received_on,
        note,
        actor: actor.to_string(),
        lines: lines.iter().map(LineView::from).collect(),
    })
}
