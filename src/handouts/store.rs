//! Hand-out queries: the hand-out rows, their unmet requests, and the lines read back
//! from the ledger.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::catalog::Condition;
use crate::corrections::store::entries_rooted_at;
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
    /// Lines as corrected, reversed hand-outs left out (see `standing`).
    pub as_corrected: bool,
}

/// Hand-outs newest first, each with its lines (from the ledger) and unmet requests.
/// With `f.as_corrected`, each hand-out's lines are as its corrections left them and a
/// reversed one is left out; otherwise its lines are those it wrote.
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
    let (mut lines, reversed) = if f.as_corrected {
        let s = standing(conn, &ids)?;
        (s.lines, s.reversed)
    } else {
        (lines_of(conn, &ids)?, BTreeSet::new())
    };
    let mut unmet = unmet_of(conn, &ids)?;
    Ok(heads
        .into_iter()
        .filter(|h| !reversed.contains(&h.0))
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
    Ok(standing_of(conn, ids, Vec::new())?.lines)
}

/// Hand-outs as their corrections left them: `lines` nets each one's own ledger
/// entries with those of every correction of it (and of those corrections), zeros
/// dropped; `reversed` holds those corrected to nothing. A reversed hand-out counts
/// nowhere (not its lines, not its unmet requests), though the ledger keeps both its
/// entries and the correction's, and the history marks it.
#[derive(Debug, Default)]
pub struct Standing {
    pub lines: BTreeMap<i64, Vec<LineView>>,
    pub reversed: BTreeSet<i64>,
}

pub fn standing(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Standing> {
    let wanted: BTreeSet<i64> = ids.iter().copied().collect();
    let slugs: HashMap<i64, String> = categories::table
        .select((categories::id, categories::slug))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let fixes: Vec<(i64, String, Condition, i64)> = entries_rooted_at(conn, Cause::Handout)?
        .into_iter()
        .filter(|e| wanted.contains(&e.root_id))
        .filter_map(|e| {
            let slug = slugs.get(&e.category_id)?.clone();
            Some((e.root_id, slug, e.condition, e.quantity))
        })
        .collect();
    standing_of(conn, ids, fixes)
}

/// Every hand-out a correction reversed entirely.
pub fn reversed(conn: &mut DbConn) -> QueryResult<BTreeSet<i64>> {
    let corrected: BTreeSet<i64> = entries_rooted_at(conn, Cause::Handout)?
        .into_iter()
        .map(|e| e.root_id)
        .collect();
    let ids: Vec<i64> = corrected.into_iter().collect();
    Ok(standing(conn, &ids)?.reversed)
}

/// `ids`' own ledger entries netted with `fixes` (hand-out id, category slug,
/// condition, signed quantity), in the order first written.
fn standing_of(
    conn: &mut DbConn,
    ids: &[i64],
    fixes: Vec<(i64, String, Condition, i64)>,
) -> QueryResult<Standing> {
    let mut entries = Vec::new();
    for chunk in ids.chunks(500) {
        entries.extend(
            le::table
                .inner_join(categories::table)
                .filter(le::cause.eq(Cause::Handout.as_str()))
                .filter(le::cause_id.eq_any(chunk))
                .order(le::id.asc())
                .select((le::cause_id, categories::slug, le::condition, le::quantity))
                .load::<(i64, String, Condition, i64)>(conn)?,
        );
    }
    let corrected: BTreeSet<i64> = fixes.iter().map(|f| f.0).collect();
    let mut out = Standing::default();
    for (id, category, condition, quantity) in entries.into_iter().chain(fixes) {
        let lines = out.lines.entry(id).or_default();
        match lines
            .iter_mut()
            .find(|l| l.category == category && l.condition == condition.as_str())
        {
            // The ledger counts goods out as negative; a hand-out's lines are positive.
            Some(l) => l.quantity -= quantity,
            None => lines.push(LineView {
                category,
                condition: condition.to_string(),
                quantity: -quantity,
            }),
        }
    }
    for (id, lines) in out.lines.iter_mut() {
        lines.retain(|l| l.quantity != 0);
        if lines.is_empty() && corrected.contains(id) {
            out.reversed.insert(*id);
        }
    }
    out.lines.retain(|_, l| !l.is_empty());
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

/// One request a hand-out could not meet, with when the hand-out was recorded: what
/// needs evidence looks at to tell requests a statement already took in from new ones.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct UnmetRequest {
    pub site: String,
    pub category: String,
    pub category_name: String,
    pub handed_out_on: NaiveDate,
    pub recorded_at: NaiveDateTime,
    pub quantity: i64,
}

/// The unmet requests of the hand-outs in the period, in the order recorded; those of
/// a reversed hand-out are no evidence and are left out.
pub fn unmet_requests(conn: &mut DbConn, f: &UnmetFilter) -> QueryResult<Vec<UnmetRequest>> {
    let reversed: Vec<i64> = reversed(conn)?.into_iter().collect();
    let mut q = hu::table
        .inner_join(h::table.inner_join(locations::table))
        .inner_join(categories::table)
        .select((
            locations::slug,
            categories::slug,
            categories::name,
            h::handed_out_on,
            h::created_at,
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
    if !reversed.is_empty() {
        q = q.filter(h::id.ne_all(reversed));
    }
    q.order(hu::id.asc()).load(conn)
}

/// Per site and category, the total asked for but not available in the period, with
/// how many hand-outs recorded it and when.
pub fn unmet_evidence(conn: &mut DbConn, f: &UnmetFilter) -> QueryResult<Vec<UnmetEvidence>> {
    Ok(UnmetEvidence::sum(&unmet_requests(conn, f)?))
}
