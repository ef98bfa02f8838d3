//! The ledger: every stock change is an append-only entry, written with the stock
//! projection in one transaction by `apply`, the only write path for stock.

pub mod api;
pub mod lines;
pub mod model;
pub mod pages;
pub mod quantity;
pub mod store;

pub use model::{Cause, Movement, Shortage, StockKey};
pub use quantity::{Count, Quantity};

use actix_web::web;
use chrono::NaiveDateTime;
use diesel::QueryResult;
use std::collections::BTreeMap;

use crate::catalog::Condition;
use crate::db::DbConn;
use crate::error::AppError;
use model::NewEntry;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/ledger", web::get().to(api::list))
        .route("/stock", web::get().to(api::stock));
}

/// Who made a change, why, and when: the part every entry of one change shares.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub actor: &'a str,
    pub cause: Cause,
    pub cause_id: i64,
    pub at: NaiveDateTime,
}

/// Writes `moves` as ledger entries and updates the projection, refusing the whole change
/// (409, naming every shortfall) if any row would go below zero. Must run inside the
/// write transaction (`Db::write`), so a refusal leaves nothing behind. These moves are
/// loose stock: they never take what is packed in a box (see `apply_boxed`).
pub fn apply(conn: &mut DbConn, change: &Change, moves: &[Movement]) -> Result<usize, AppError> {
    let loose: Vec<(Movement, Option<i64>)> = moves.iter().map(|m| (*m, None)).collect();
    apply_boxed(conn, change, &loose)
}

/// `apply` for moves that may name a box (`Some(box id)`): the entries carry the box, and
/// the boxes projection is updated in the same transaction. Loose moves may not take
/// stock that is in boxes; a box may not go below empty.
pub fn apply_boxed(
    conn: &mut DbConn,
    change: &Change,
    moves: &[(Movement, Option<i64>)],
) -> Result<usize, AppError> {
    let moves: Vec<(Movement, Option<i64>)> = moves
        .iter()
        .copied()
        .filter(|(m, _)| m.quantity != 0)
        .collect();
    let mut net: BTreeMap<StockKey, i64> = BTreeMap::new();
    let mut net_loose: BTreeMap<StockKey, i64> = BTreeMap::new();
    let mut per_box: BTreeMap<i64, BTreeMap<StockKey, i64>> = BTreeMap::new();
    for (m, box_id) in &moves {
        *net.entry(m.key()).or_insert(0) += m.quantity;
        match box_id {
            None => *net_loose.entry(m.key()).or_insert(0) += m.quantity,
            Some(b) => *per_box.entry(*b).or_default().entry(m.key()).or_insert(0) += m.quantity,
        }
    }
    // Each row is changed by one conditional statement that cannot take it below
    // zero (the CHECK is the last guard), in key order, so concurrent changes lock
    // rows in one order and cannot deadlock. No database-wide lock is needed.
    let mut after: BTreeMap<StockKey, i64> = BTreeMap::new();
    let mut short = Vec::new();
    for (&(loc, cat, cond), &delta) in &net {
        match store::change_stock(conn, loc, cat, cond.as_str(), delta)? {
            Some(now) => {
                after.insert((loc, cat, cond), now);
            }
            None => {
                let have = store::stock_quantity(conn, loc, cat, cond.as_str())?;
                short.push((loc, cat, cond, have, -delta, false));
            }
        }
    }
    // Loose stock is what is not packed: a transfer or a hand-out cannot empty a box.
    // The rows are locked by now, so the boxes read here cannot change under us.
    for (&(loc, cat, cond), &delta) in net_loose.iter().filter(|(_, d)| **d < 0) {
        let Some(&now) = after.get(&(loc, cat, cond)) else {
            continue;
        };
        let have = now - net.get(&(loc, cat, cond)).copied().unwrap_or(0);
        let loose = have - crate::boxes::store::boxed_quantity(conn, loc, cat, cond.as_str())?;
        if loose + delta < 0 {
            short.push((loc, cat, cond, loose.max(0), -delta, true));
        }
    }
    if !short.is_empty() {
        return Err(shortage_error(conn, &short)?);
    }
    crate::boxes::store::apply_deltas(conn, &per_box, change.at)?;
    let entries: Vec<NewEntry> = moves
        .iter()
        .map(|(m, box_id)| NewEntry {
            at: change.at,
            actor: change.actor.to_string(),
            cause: change.cause,
            cause_id: change.cause_id,
            location_id: m.location_id,
            category_id: m.category_id,
            condition: m.condition,
            quantity: m.quantity,
            box_id: *box_id,
        })
        .collect();
    let written = store::insert_entries(conn, &entries)?;
    // The projection holds only stock: rows brought to zero go.
    for (&(loc, cat, cond), _) in after.iter().filter(|(_, q)| **q == 0) {
        store::remove_empty_stock(conn, loc, cat, cond.as_str())?;
    }
    Ok(written)
}

/// One shortfall found by `apply_boxed`: place, category, condition, what is there,
/// what was asked for, and whether only loose stock counted.
type Shortfall = (i64, i64, Condition, i64, i64, bool);

fn shortage_error(conn: &mut DbConn, short: &[Shortfall]) -> QueryResult<AppError> {
    let cats = crate::catalog::store::all(conn)?;
    let locs = crate::locations::store::all(conn, None)?;
    let cat_of = |id: i64| cats.iter().find(|c| c.id == id);
    let loc_of = |id: i64| locs.iter().find(|l| l.id == id);
    let list: Vec<Shortage> = short
        .iter()
        .map(|&(loc, cat, cond, have, want, loose_only)| {
            let (location, location_name) = loc_of(loc)
                .map(|l| (l.slug.clone(), l.name.clone()))
                .unwrap_or_else(|| (loc.to_string(), loc.to_string()));
            let (category, category_name) = cat_of(cat)
                .map(|c| (c.slug.clone(), c.name.clone()))
                .unwrap_or_else(|| (cat.to_string(), cat.to_string()));
            Shortage {
                location,
                category,
                condition: cond.to_string(),
                in_stock: have,
                requested: want,
                location_name,
                category_name,
                loose_only,
            }
        })
        .collect();
    Ok(shortage_conflict("not enough stock", list))
}

/// The one 409 for "not enough stock", whoever finds it (the ledger, a hand-out): the
/// message names things as volunteers know them, `details.shortages` keeps the slugs.
pub fn shortage_conflict(lead: &str, list: Vec<Shortage>) -> AppError {
    let words: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    AppError::Conflict {
        code: "insufficient_stock",
        message: format!("{lead}: {}", words.join("; ")),
        details: serde_json::json!({ "shortages": list }),
    }
}

/// A projection row that disagrees with the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub location_id: i64,
    pub category_id: i64,
    pub condition: Condition,
    pub ledger: i64,
    pub projection: i64,
}

/// Recomputes stock from the ledger and lists every row where the projection differs,
/// including any point where the ledger itself went below zero.
pub fn check(conn: &mut DbConn) -> QueryResult<Vec<Difference>> {
    let mut from_ledger: BTreeMap<(i64, i64, Condition), i64> = BTreeMap::new();
    let mut went_negative: BTreeMap<(i64, i64, Condition), i64> = BTreeMap::new();
    for (loc, cat, cond, qty) in store::entry_keys(conn)? {
        let key = (loc, cat, cond);
        let sum = from_ledger.entry(key).or_insert(0);
        *sum += qty;
        if *sum < 0 {
            went_negative.insert(key, *sum);
        }
    }
    let projection: BTreeMap<(i64, i64, Condition), i64> = store::projection_keys(conn)?
        .into_iter()
        .map(|(l, c, cond, q)| ((l, c, cond), q))
        .collect();
    let mut keys: Vec<_> = from_ledger
        .keys()
        .chain(projection.keys())
        .cloned()
        .collect();
    keys.sort();
    keys.dedup();
    let mut diffs = Vec::new();
    for key in keys {
        let ledger = from_ledger.get(&key).copied().unwrap_or(0);
        let proj = projection.get(&key).copied().unwrap_or(0);
        if ledger != proj || went_negative.contains_key(&key) {
            diffs.push(Difference {
                location_id: key.0,
                category_id: key.1,
                condition: key.2,
                ledger,
                projection: proj,
            });
        }
    }
    Ok(diffs)
}
