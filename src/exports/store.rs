//! Export queries, page by page in id order so a long export never holds everything,
//! and bounded by the last id at its start so rows written meanwhile do not slip in.

use chrono::NaiveDate;
use diesel::dsl::{max, min};
use diesel::prelude::*;

use crate::catalog::Condition;
use crate::db::schema::{
    categories, corrections as co, handouts as h, ledger_entries as le, locations, stock as st,
};
use crate::db::DbConn;
use crate::exports::records::{HandoutRecord, LedgerRecord, StockRecord};
use crate::ledger::Cause;
use crate::locations::LocationKind;

#[derive(Debug, Clone, Copy, Default)]
pub struct ExportFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub site_id: Option<i64>,
}

pub fn stock(conn: &mut DbConn) -> QueryResult<Vec<StockRecord>> {
    let rows = st::table
        .inner_join(locations::table)
        .inner_join(categories::table)
        .filter(st::quantity.gt(0))
        .order((
            locations::slug.asc(),
            categories::slug.asc(),
            st::condition.asc(),
        ))
        .select((
            locations::slug,
            locations::kind,
            locations::region,
            categories::slug,
            st::condition,
            st::quantity,
            categories::unit_weight_kg,
        ))
        .load::<(
            String,
            LocationKind,
            Option<String>,
            String,
            Condition,
            i64,
            f64,
        )>(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(location, location_kind, region, category, condition, quantity, w)| StockRecord {
                location,
                location_kind,
                region,
                category,
                condition,
                quantity,
                kg: crate::reports::totals::round_kg(quantity as f64 * w),
            },
        )
        .collect())
}

pub fn last_ledger_id(conn: &mut DbConn) -> QueryResult<i64> {
    Ok(le::table
        .select(le::id)
        .order(le::id.desc())
        .first::<i64>(conn)
        .optional()?
        .unwrap_or(0))
}

fn ledger_query(f: &ExportFilter) -> le::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut q = le::table.into_boxed();
    if let Some(t) = f.from.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        q = q.filter(le::at.ge(t));
    }
    if let Some(t) =
        f.to.and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        q = q.filter(le::at.lt(t));
    }
    q
}

pub fn count_ledger(conn: &mut DbConn, f: &ExportFilter, upto: i64) -> QueryResult<i64> {
    ledger_query(f)
        .filter(le::id.le(upto))
        .count()
        .get_result(conn)
}

/// The ids a ledger export reads, as `(after, upto)` for `after < id <= upto`: every
/// entry up to `upto`, or for a period only from its first entry's id to its last
/// (found on the `at` index). Each page then reads the period's ids instead of walking
/// the ledger from its start with the dates as a filter (1.85 s for one month of a
/// million entries, docs/benchmarks.md). Exact whatever order the entries' times are
/// in: every entry of the period has an id between the two.
pub fn ledger_ids(conn: &mut DbConn, f: &ExportFilter, upto: i64) -> QueryResult<(i64, i64)> {
    if f.from.is_none() && f.to.is_none() {
        return Ok((0, upto));
    }
    // `id + 0`: on a bare `min(id)` PostgreSQL walks the primary key from one end with
    // the dates as a filter (1.2 s for a month in the middle of a million entries);
    // on an expression it reads the period on the `at` index (0.26 s).
    let (first, last) = ledger_query(f)
        .filter(le::id.le(upto))
        .select((min(le::id + 0_i64), max(le::id + 0_i64)))
        .first::<(Option<i64>, Option<i64>)>(conn)?;
    Ok(match first.zip(last) {
        Some((first, last)) => (first - 1, last),
        None => (0, 0),
    })
}

/// Ledger entries with `after < id <= upto`, oldest first.
pub fn ledger_page(
    conn: &mut DbConn,
    f: &ExportFilter,
    after: i64,
    upto: i64,
    limit: i64,
) -> QueryResult<Vec<LedgerRecord>> {
    let mut q = le::table
        .inner_join(locations::table)
        .inner_join(categories::table)
        .left_join(
            co::table.on(co::id
                .eq(le::cause_id)
                .and(le::cause.eq(Cause::Correction.as_str()))),
        )
        .filter(le::id.gt(after))
        .filter(le::id.le(upto))
        .select((
            le::id,
            le::at,
            le::actor,
            le::cause,
            le::cause_id,
            locations::slug,
            locations::kind,
            categories::slug,
            le::condition,
            le::quantity,
            co::of_cause.nullable(),
            co::of_id.nullable(),
        ))
        .into_boxed();
    if let Some(t) = f.from.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        q = q.filter(le::at.ge(t));
    }
    if let Some(t) =
        f.to.and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        q = q.filter(le::at.lt(t));
    }
    let rows = q.order(le::id.asc()).limit(limit).load::<(
        i64,
        chrono::NaiveDateTime,
        String,
        Cause,
        i64,
        String,
        LocationKind,
        String,
        Condition,
        i64,
        Option<String>,
        Option<i64>,
    )>(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                at,
                actor,
                cause,
                cause_id,
                location,
                location_kind,
                category,
                condition,
                quantity,
                of_cause,
                of_id,
            )| LedgerRecord {
                id,
                at,
                actor,
                cause,
                cause_id,
                location,
                location_kind,
                category,
                condition,
                quantity,
                corrects: of_cause.zip(of_id).map(|(c, i)| format!("{c} {i}")),
            },
        )
        .collect())
}

pub fn last_handout_id(conn: &mut DbConn) -> QueryResult<i64> {
    Ok(h::table
        .select(h::id)
        .order(h::id.desc())
        .first::<i64>(conn)
        .optional()?
        .unwrap_or(0))
}

fn handout_query(f: &ExportFilter) -> h::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut q = h::table.into_boxed();
    if let Some(id) = f.site_id {
        q = q.filter(h::site_id.eq(id));
    }
    if let Some(d) = f.from {
        q = q.filter(h::handed_out_on.ge(d));
    }
    if let Some(d) = f.to {
        q = q.filter(h::handed_out_on.le(d));
    }
    q
}

pub fn count_handouts(conn: &mut DbConn, f: &ExportFilter, upto: i64) -> QueryResult<i64> {
    handout_query(f)
        .filter(h::id.le(upto))
        .count()
        .get_result(conn)
}

/// The lines of the hand-outs with `after < id <= upto` (up to `limit` hand-outs), in
/// hand-out order: what went out first, then what was asked for. Returns the last
/// hand-out id read, to continue from.
pub fn handout_page(
    conn: &mut DbConn,
    f: &ExportFilter,
    after: i64,
    upto: i64,
    limit: i64,
) -> QueryResult<(Vec<HandoutRecord>, Option<i64>, usize)> {
    let heads: Vec<(i64, i64, NaiveDate)> = handout_query(f)
        .filter(h::id.gt(after))
        .filter(h::id.le(upto))
        .order(h::id.asc())
        .limit(limit)
        .select((h::id, h::site_id, h::handed_out_on))
        .load(conn)?;
    let Some(last) = heads.last().map(|x| x.0) else {
        return Ok((Vec::new(), None, 0));
    };
    let ids: Vec<i64> = heads.iter().map(|x| x.0).collect();
    let sites: std::collections::HashMap<i64, (String, Option<String>)> = locations::table
        .select((locations::id, locations::slug, locations::region))
        .load::<(i64, String, Option<String>)>(conn)?
        .into_iter()
        .map(|(id, slug, region)| (id, (slug, region)))
        .collect();
    // As corrected: a reversed hand-out has no row at all, an adjusted one its lines
    // as they now stand.
    let standing = crate::handouts::store::standing(conn, &ids)?;
    let asked = crate::handouts::store::unmet_of(conn, &ids)?;
    let mut out = Vec::new();
    for (id, site_id, on) in heads.iter().filter(|h| !standing.reversed.contains(&h.0)) {
        let (site, region) = sites.get(site_id).cloned().unwrap_or_default();
        let record = |kind, category: &str, condition, quantity| HandoutRecord {
            handout_id: *id,
            site: site.clone(),
            region: region.clone(),
            handed_out_on: *on,
            kind,
            category: category.to_string(),
            condition,
            quantity,
        };
        for l in standing.lines.get(id).into_iter().flatten() {
            // The lines were read from the ledger as text: a word that is no condition
            // fails the export, as reading it as a `Condition` would.
            let condition = l.condition.parse::<Condition>().map_err(|e| {
                diesel::result::Error::DeserializationError(format!("hand-out {id}: {e}").into())
            })?;
            out.push(record(
                HandoutRecord::HANDED_OUT,
                &l.category,
                Some(condition),
                l.quantity,
            ));
        }
        for u in asked.get(id).into_iter().flatten() {
            out.push(record(HandoutRecord::UNMET, &u.category, None, u.quantity));
        }
    }
    Ok((out, Some(last), heads.len()))
}
