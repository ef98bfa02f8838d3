//! Box, box-action and run-box queries, and the boxes projection `ledger::apply_boxed`
//! keeps beside the stock projection. No policy here beyond what keeps the projection
//! whole.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::BTreeMap;

use crate::catalog::Condition;
use crate::db::schema::{box_actions as ba, boxes as bx, categories, ledger_entries as le};
use crate::db::DbConn;
use crate::error::AppError;
use crate::ledger::StockKey;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = bx)]
pub struct BoxRow {
    pub id: i64,
    pub code: String,
    pub category_id: Option<i64>,
    pub condition: Option<Condition>,
    pub location_id: Option<i64>,
    pub quantity: i64,
    pub frame_size: Option<String>,
    pub missing: Option<String>,
    pub created_at: NaiveDateTime,
    pub filled_at: Option<NaiveDateTime>,
}

impl BoxRow {
    /// Where the box's content sits in the stock projection, when it holds anything.
    pub fn key(&self) -> Option<StockKey> {
        let cond = self.condition?;
        match (self.location_id, self.category_id) {
            (Some(l), Some(c)) if self.quantity > 0 => Some((l, c, cond)),
            _ => None,
        }
    }
}

pub fn find_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<BoxRow>> {
    bx::table
        .filter(bx::code.eq(code))
        .select(BoxRow::as_select())
        .first(conn)
        .optional()
}

/// The box with this label, its row locked until the change commits (PostgreSQL): two
/// changes of one box at once take turns, the second seeing where the first left it.
/// SQLite's single writer already takes them in turn.
pub fn find_by_code_locked(conn: &mut DbConn, code: &str) -> QueryResult<Option<BoxRow>> {
    match conn {
        DbConn::Pg(c) => bx::table
            .filter(bx::code.eq(code))
            .select(BoxRow::as_select())
            .for_update()
            .first(c)
            .optional(),
        other => find_by_code(other, code),
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> QueryResult<BoxRow> {
    bx::table.find(id).select(BoxRow::as_select()).first(conn)
}

pub fn code_exists(conn: &mut DbConn, code: &str) -> QueryResult<bool> {
    Ok(find_by_code(conn, code)?.is_some())
}

/// A blank label: the code is reserved, the box is filled when first used.
pub fn insert_blank(conn: &mut DbConn, code: &str, now: NaiveDateTime) -> QueryResult<i64> {
    crate::insert_returning_id!(
        conn,
        bx::table,
        (
            bx::code.eq(code),
            bx::quantity.eq(0),
            bx::created_at.eq(now)
        ),
        bx::id
    )
}

#[derive(Debug, Clone, Default)]
pub struct BoxFilter {
    pub location_id: Option<i64>,
    pub category_id: Option<i64>,
    pub ids: Option<Vec<i64>>,
    pub filled_only: bool,
}

pub fn list(conn: &mut DbConn, f: &BoxFilter) -> QueryResult<Vec<BoxRow>> {
    let mut q = bx::table.select(BoxRow::as_select()).into_boxed();
    if let Some(id) = f.location_id {
        q = q.filter(bx::location_id.eq(id));
    }
    if let Some(id) = f.category_id {
        q = q.filter(bx::category_id.eq(id));
    }
    if let Some(ids) = &f.ids {
        q = q.filter(bx::id.eq_any(ids.clone()));
    }
    if f.filled_only {
        q = q.filter(bx::quantity.gt(0));
    }
    q.order(bx::code.asc()).load(conn)
}

/// How many of one stock row are packed in boxes.
pub fn boxed_quantity(conn: &mut DbConn, loc: i64, cat: i64, cond: &str) -> QueryResult<i64> {
    let q: Vec<i64> = bx::table
        .filter(bx::location_id.eq(loc))
        .filter(bx::category_id.eq(cat))
        .filter(bx::condition.eq(cond))
        .select(bx::quantity)
        .load(conn)?;
    Ok(q.iter().sum())
}

/// Updates each named box by the net movement of its entries: a box holds one
/// category in one condition at one place, and never less than nothing.
pub fn apply_deltas(
    conn: &mut DbConn,
    per_box: &BTreeMap<i64, BTreeMap<StockKey, i64>>,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    for (&id, deltas) in per_box {
        let row = find(conn, id)?;
        let mut content: BTreeMap<StockKey, i64> = BTreeMap::new();
        if let Some(key) = row.key() {
            content.insert(key, row.quantity);
        }
        for (k, d) in deltas {
            *content.entry(*k).or_insert(0) += d;
        }
        content.retain(|_, q| *q != 0);
        if let Some((_, q)) = content.iter().find(|(_, q)| **q < 0) {
            return Err(AppError::Conflict {
                code: "box_short",
                message: format!(
                    "box {} holds only {}: it cannot give {}",
                    row.code,
                    row.quantity,
                    row.quantity - q
                ),
                details: serde_json::json!({"box": row.code, "in_box": row.quantity}),
            });
        }
        if content.len() > 1 {
            return Err(AppError::Internal(format!(
                "box {} would hold more than one kind of thing",
                row.code
            )));
        }
        let update = diesel::update(bx::table.find(id));
        match content.into_iter().next() {
            Some(((loc, cat, cond), q)) => {
                update
                    .set((
                        bx::location_id.eq(loc),
                        bx::category_id.eq(cat),
                        bx::condition.eq(cond.as_str()),
                        bx::quantity.eq(q),
                        bx::filled_at.eq(row.filled_at.unwrap_or(at)),
                    ))
                    .execute(conn)?;
            }
            // Emptied: it stays where it stands, remembering what it held.
            None => {
                update.set(bx::quantity.eq(0)).execute(conn)?;
            }
        }
    }
    Ok(())
}

/// Sets where an empty box stands, or the item details of a tracked item.
pub fn set_place(conn: &mut DbConn, id: i64, location_id: i64) -> QueryResult<usize> {
    diesel::update(bx::table.find(id))
        .set(bx::location_id.eq(location_id))
        .execute(conn)
}

pub fn set_item_details(
    conn: &mut DbConn,
    id: i64,
    frame_size: Option<&str>,
    missing: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(bx::table.find(id))
        .set((bx::frame_size.eq(frame_size), bx::missing.eq(missing)))
        .execute(conn)
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = ba)]
pub struct NewAction {
    pub box_id: i64,
    pub kind: crate::boxes::facts::ActionKind,
    pub other_box_id: Option<i64>,
    pub detail: Option<String>,
    pub actor: String,
    pub created_at: NaiveDateTime,
    /// What the line says, as `facts::BoxFacts` JSON (worded when read).
    pub facts: Option<String>,
}

pub fn insert_action(conn: &mut DbConn, new: &NewAction) -> QueryResult<i64> {
    crate::insert_returning_id!(conn, ba::table, new, ba::id)
}

#[derive(Debug, Clone, Queryable)]
pub struct ActionRow {
    pub id: i64,
    pub box_id: i64,
    pub kind: crate::boxes::facts::ActionKind,
    pub other_box_id: Option<i64>,
    pub detail: Option<String>,
    pub actor: String,
    pub created_at: NaiveDateTime,
    pub facts: Option<String>,
}

/// What was done to a box (or with it, for splits and merges), oldest first.
pub fn actions_of(conn: &mut DbConn, box_id: i64) -> QueryResult<Vec<ActionRow>> {
    ba::table
        .filter(ba::box_id.eq(box_id).or(ba::other_box_id.eq(box_id)))
        .order(ba::id.asc())
        .select((
            ba::id,
            ba::box_id,
            ba::kind,
            ba::other_box_id,
            ba::detail,
            ba::actor,
            ba::created_at,
            ba::facts,
        ))
        .load(conn)
}

/// A ledger entry naming a box: (box id, location, category, condition, quantity).
pub type BoxedEntry = (i64, i64, i64, Condition, i64);

/// Every boxed ledger entry.
pub fn boxed_entries(conn: &mut DbConn) -> QueryResult<Vec<BoxedEntry>> {
    let rows: Vec<(Option<i64>, i64, i64, Condition, i64)> = le::table
        .filter(le::box_id.is_not_null())
        .order(le::id.asc())
        .select((
            le::box_id,
            le::location_id,
            le::category_id,
            le::condition,
            le::quantity,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(b, l, c, k, q)| b.map(|b| (b, l, c, k, q)))
        .collect())
}

/// Every loose ledger entry's key and quantity.
pub fn loose_entries(conn: &mut DbConn) -> QueryResult<Vec<(i64, i64, Condition, i64)>> {
    le::table
        .filter(le::box_id.is_null())
        .select((
            le::location_id,
            le::category_id,
            le::condition,
            le::quantity,
        ))
        .load(conn)
}

pub fn all(conn: &mut DbConn) -> QueryResult<Vec<BoxRow>> {
    bx::table
        .order(bx::id.asc())
        .select(BoxRow::as_select())
        .load(conn)
}

pub fn is_tracked(conn: &mut DbConn, category_id: i64) -> QueryResult<bool> {
    categories::table
        .find(category_id)
        .select(categories::tracked)
        .first(conn)
}

pub fn set_tracked(conn: &mut DbConn, slug: &str, tracked: bool) -> QueryResult<usize> {
    diesel::update(categories::table.filter(categories::slug.eq(slug)))
        .set(categories::tracked.eq(tracked))
        .execute(conn)
}

/// A box recorded for a run: (run id, box id, stop site id, scanned at), where a box
/// without a scan time is one the driver could not find (a confirmed shortfall).
pub type RunBox = (i64, i64, i64, Option<NaiveDateTime>);

pub fn run_boxes(conn: &mut DbConn) -> QueryResult<Vec<RunBox>> {
    use crate::db::schema::run_boxes as rb;
    rb::table
        .select((rb::run_id, rb::box_id, rb::site_id, rb::scanned_at))
        .load(conn)
}

/// Records a box for a run's stop: scanned into the van (`Some(when)`), or missing.
pub fn put_on_run(
    conn: &mut DbConn,
    run_id: i64,
    box_id: i64,
    site_id: i64,
    scanned_at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    use crate::db::schema::run_boxes as rb;
    diesel::insert_into(rb::table)
        .values((
            rb::run_id.eq(run_id),
            rb::box_id.eq(box_id),
            rb::site_id.eq(site_id),
            rb::scanned_at.eq(scanned_at),
        ))
        .execute(conn)
}
