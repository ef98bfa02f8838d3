//! Hand-out queries: the hand-out rows, their unmet requests, and the lines read back
//! from the ledger.

use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::BTreeMap;

use crate::db::schema::{
    categories, handout_unmet as hu, handouts as h, ledger_entries as le, locations,
};
use crate::db::DbConn;
use crate::handouts::model::{HandoutView, NewHandout, UnmetEvidence, UnmetView};
use crate::ledger::lines::LineView;
use crate::ledger::Cause;

pub fn insert(conn: &mut DbConn, new: &NewHandout) -> QueryResult<i64> {
    crate::insert_returning_id!(conn, h::table, new, h::id)
}

pub fn insert_unmet(
    conn: &mut DbConn,
    handout_id: i64,
    category_id: i64,
    quantity: i64,
) -> QueryResult<usize> {
    diesel::insert_into(hu::table)
        .values((
            hu::handout_id.eq(handout_id),
            hu::category_id.eq(category_id),
            hu::quantity.eq(quantity),
        ))
        .execute(conn)
}

#[derive(Debug, Clone, Default)]
pub struct HandoutFilter {
    pub site_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Keyset pagination: only hand-outs with a smaller id.
    pub before_id: Option<i64>,
    pub limit: i64,
}

/// Hand-outs newest first, each with its lines (from the ledger) and unmet requests.
pub fn list(conn: &mut DbConn, f: &HandoutFilter) -> QueryResult<Vec<HandoutView>> {
    let mut q = h::table
        .inner_join(locations::table)
        .select((h::id, locations::slug, h::handed_out_on, h::note, h::actor))
        .into_boxed();
    if let Some(id) = f.site_id {
        q = q.filter(h::site_id.eq(id));
    }
    if let Some(d) = f.from {
        q = q.filter(h::handed_out_on.ge(d));
    }
    if let Some(d) = f.to {
        q = q.filter(h::handed_out_on.le(d));
    }
    if let Some(id) = f.before_id {
        q = q.filter(h::id.lt(id));
    }
    let heads = q
        .order((h::handed_out_on.desc(), h::id.desc()))
        .limit(f.limit)
        .load::<(i64, String, NaiveDate, Option<String>, String)>(conn)?;
    let ids: Vec<i64> = heads.iter().map(|x| x.0).collect();
    let mut lines = lines_of(conn, &ids)?;
    let mut unmet = unmet_of(conn, &ids)?;
    Ok(heads
        .into_iter()
        .map(|(id, site, handed_out_on, note, actor)| {
            let lines = lines.remove(&id).unwrap_or_default();
            HandoutView {
                id,
                site,
                handed_out_on,
                note,
                actor,
                items: lines.iter().map(|l| l.quantity).sum(),
                lines,
                unmet: unmet.remove(&id).unwrap_or_default(),
            }
        })
        .collect())
}

/// The given lines of these hand-outs, as positive quantities.
pub fn lines_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<BTreeMap<i64, Vec<LineView>>> {
    let mut out: BTreeMap<i64, Vec<LineView>> = BTreeMap::new();
    for chunk in ids.chunks(500) {
        let rows = le::table
            .inner_join(categories::table)
            .filter(le::cause.eq(Cause::Handout.as_str()))
            .filter(le::cause_id.eq_any(chunk))
            .order(le::id.asc())
            .select((le::cause_id, categories::slug, le::condition, le::quantity))
            .load::<(i64, String, String, i64)>(conn)?;
        for (id, category, condition, quantity) in rows {
            out.entry(id).or_default().push(LineView {
                category,
                condition,
                quantity: -quantity,
            });
        }
    }
    Ok(out)
}

pub fn unmet_of(conn: &mut DbConn, ids: &[i64]) -> QueryResult<BTreeMap<i64, Vec<UnmetView>>> {
    let mut out: BTreeMap<i64, Vec<UnmetView>> = BTreeMap::new();
    for chunk in ids.chunks(500) {
        let rows = hu::table
            .inner_join(categories::table)
            .filter(hu::handout_id.eq_any(chunk))
            .order((hu::handout_id.asc(), categories::slug.asc()))
            .select((hu::handout_id, categories::slug, hu::quantity))
            .load::<(i64, String, i64)>(conn)?;
        for (id, category, quantity) in rows {
            out.entry(id)
                .or_default()
                .push(UnmetView { category, quantity });
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Default)]
pub struct UnmetFilter {
    pub site_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Per site and category, the total asked for but not available in the period, with
/// how many hand-outs recorded it and when. Summed in Rust: SUM over BigInt is not the
/// same type on both backends.
pub fn unmet_evidence(conn: &mut DbConn, f: &UnmetFilter) -> QueryResult<Vec<UnmetEvidence>> {
    let mut q = hu::table
        .inner_join(h::table.inner_join(locations::table))
        .inner_join(categories::table)
        .select((
            locations::slug,
            categories::slug,
            categories::name,
            h::handed_out_on,
            hu::quantity,
        ))
        .into_boxed();
    if let Some(id) = f.site_id {
        q = q.filter(h::site_id.eq(id));
    }
    if let Some(d) = f.from {
        q = q.filter(h::handed_out_on.ge(d));
    }
    if let Some(d) = f.to {
        q = q.filter(h::handed_out_on.le(d));
    }
    let rows = q.load::<(String, String, String, NaiveDate, i64)>(conn)?;
    let mut sums: BTreeMap<(String, String), UnmetEvidence> = BTreeMap::new();
    for (site, category, category_name, on, quantity) in rows {
        let e = sums
            .entry((site.clone(), category.clone()))
            .or_insert_with(|| UnmetEvidence {
                site,
                category,
                category_name,
                quantity: 0,
                handouts: 0,
                first_on: on,
                last_on: on,
            });
        e.quantity += quantity;
        e.handouts += 1;
        e.first_on = e.first_on.min(on);
        e.last_on = e.last_on.max(on);
    }
    Ok(sums.into_values().collect())
}
