//! Correction queries: the corrected change's head (who, when, where), its effect on
//! stock read back from the ledger with every correction of it, and the corrections
//! table. No policy here: `model::record` decides.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::catalog::Condition;
use crate::corrections::model::{net, CorrectionEntry, Effect};
use crate::db::schema::{
    categories, corrections as co, handouts, intakes, ledger_entries as le, locations, movements,
};
use crate::db::DbConn;
use crate::ledger::Cause;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = co)]
pub struct NewCorrection {
    pub of_cause: Cause,
    pub of_id: i64,
    pub reason: String,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

/// Who made a change, when it last touched the ledger, and its own place (an
/// intake's warehouse, a hand-out's site, a movement's first location).
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeHead {
    pub cause: Cause,
    pub actor: String,
    pub at: NaiveDateTime,
    pub location_id: Option<i64>,
}

/// One correction row.
#[derive(Debug, Clone, Queryable)]
pub struct CorrectionRow {
    pub id: i64,
    pub of_cause: Cause,
    pub of_id: i64,
    pub reason: String,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewCorrection) -> QueryResult<i64> {
    crate::insert_returning_id!(conn, co::table, new, co::id)
}

/// The head of a change, `None` when there is no such change of that kind.
pub fn head(conn: &mut DbConn, cause: Cause, id: i64) -> QueryResult<Option<ChangeHead>> {
    let row: Option<(String, NaiveDateTime, Option<i64>)> = match cause {
        Cause::Intake => intakes::table
            .filter(intakes::id.eq(id))
            .select((
                intakes::actor,
                intakes::created_at,
                intakes::warehouse_id.nullable(),
            ))
            .first(conn)
            .optional()?,
        Cause::Handout => handouts::table
            .filter(handouts::id.eq(id))
            .select((
                handouts::actor,
                handouts::created_at,
                handouts::site_id.nullable(),
            ))
            .first(conn)
            .optional()?,
        Cause::Transfer | Cause::Regrade | Cause::Stocktake | Cause::Writeoff => movements::table
            .filter(movements::id.eq(id))
            .filter(movements::kind.eq(cause.as_str()))
            .select((
                movements::actor,
                movements::created_at,
                movements::location_id.nullable(),
            ))
            .first(conn)
            .optional()?,
        Cause::Correction => co::table
            .filter(co::id.eq(id))
            .select((co::actor, co::created_at))
            .first::<(String, NaiveDateTime)>(conn)
            .optional()?
            .map(|(a, t)| (a, t, None)),
        Cause::Load
        | Cause::Delivery
        | Cause::Return
        | Cause::Boxing
        | Cause::PartnerDispatch
        | Cause::LostInTransit => None,
    };
    let Some((actor, created_at, location_id)) = row else {
        return Ok(None);
    };
    // The ledger's time is the change's time (a test or a late sync may differ from
    // the row's creation).
    let last: Option<NaiveDateTime> = le::table
        .filter(le::cause.eq(cause.as_str()))
        .filter(le::cause_id.eq(id))
        .select(diesel::dsl::max(le::at))
        .first(conn)?;
    Ok(Some(ChangeHead {
        cause,
        actor,
        at: last.unwrap_or(created_at),
        location_id,
    }))
}

/// The change a volunteer made last (by its newest ledger entry).
pub fn last_change_of(conn: &mut DbConn, handle: &str) -> QueryResult<Option<(Cause, i64)>> {
    le::table
        .filter(le::actor.eq(handle))
        .order(le::id.desc())
        .select((le::cause, le::cause_id))
        .first(conn)
        .optional()
}

/// The corrections of one change, oldest first.
pub fn corrections_of(conn: &mut DbConn, cause: Cause, id: i64) -> QueryResult<Vec<CorrectionRow>> {
    co::table
        .filter(co::of_cause.eq(cause.as_str()))
        .filter(co::of_id.eq(id))
        .order(co::id.asc())
        .load(conn)
}

pub fn correction(conn: &mut DbConn, id: i64) -> QueryResult<Option<CorrectionRow>> {
    co::table.filter(co::id.eq(id)).first(conn).optional()
}

/// A change's effect on stock as it stands: its own entries plus, recursively, those
/// of every correction of it (a correction of a correction adjusts the first).
pub fn effect(conn: &mut DbConn, cause: Cause, id: i64) -> QueryResult<Effect> {
    let mut moves = Vec::new();
    let mut todo = vec![(cause, id)];
    while let Some((c, i)) = todo.pop() {
        let rows: Vec<(i64, i64, Condition, i64)> = le::table
            .filter(le::cause.eq(c.as_str()))
            .filter(le::cause_id.eq(i))
            .select((
                le::location_id,
                le::category_id,
                le::condition,
                le::quantity,
            ))
            .load(conn)?;
        for (loc, cat, cond, q) in rows {
            moves.push(((loc, cat, cond), q));
        }
        for r in corrections_of(conn, c, i)? {
            todo.push((Cause::Correction, r.id));
        }
    }
    Ok(net(moves))
}

/// A correction's own ledger entries, with slugs.
pub fn entries_of(conn: &mut DbConn, id: i64) -> QueryResult<Vec<CorrectionEntry>> {
    let rows: Vec<(String, String, Condition, i64)> = le::table
        .inner_join(locations::table)
        .inner_join(categories::table)
        .filter(le::cause.eq(Cause::Correction.as_str()))
        .filter(le::cause_id.eq(id))
        .order(le::id.asc())
        .select((
            locations::slug,
            categories::slug,
            le::condition,
            le::quantity,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(location, category, condition, quantity)| CorrectionEntry {
                location,
                category,
                condition,
                quantity,
            },
        )
        .collect())
}

/// A correction's ledger entry, attributed to the change at the root of its chain (an
/// intake corrected by a correction of a correction is still that intake's).
#[derive(Debug, Clone, PartialEq)]
pub struct RootedEntry {
    pub root_id: i64,
    pub location_id: i64,
    pub category_id: i64,
    pub condition: Condition,
    pub quantity: i64,
}

/// Every correction entry whose chain starts at a change of `root`: what reports add to
/// that change's own entries so a reversed intake or hand-out no longer counts.
pub fn entries_rooted_at(conn: &mut DbConn, root: Cause) -> QueryResult<Vec<RootedEntry>> {
    let rows: Vec<(i64, Cause, i64)> = co::table
        .select((co::id, co::of_cause, co::of_id))
        .load(conn)?;
    let of: std::collections::HashMap<i64, (Cause, i64)> =
        rows.into_iter().map(|(id, c, o)| (id, (c, o))).collect();
    let root_of = |mut id: i64| -> Option<i64> {
        // Chains are short; the bound only guards against a malformed cycle.
        for _ in 0..of.len() + 1 {
            let (cause, up) = of.get(&id)?;
            if *cause != Cause::Correction {
                return (*cause == root).then_some(*up);
            }
            id = *up;
        }
        None
    };
    let entries: Vec<(i64, i64, i64, Condition, i64)> = le::table
        .filter(le::cause.eq(Cause::Correction.as_str()))
        .order(le::id.asc())
        .select((
            le::cause_id,
            le::location_id,
            le::category_id,
            le::condition,
            le::quantity,
        ))
        .load(conn)?;
    Ok(entries
        .into_iter()
        .filter_map(|(cid, location_id, category_id, condition, quantity)| {
            Some(RootedEntry {
                root_id: root_of(cid)?,
                location_id,
                category_id,
                condition,
                quantity,
            })
        })
        .collect())
}
