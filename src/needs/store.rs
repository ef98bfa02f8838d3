//! Need queries, and the ledger and van queries that say what reached a site or is on
//! its way. No policy here: `model` and `unmet` decide.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    categories, handout_unmet as hu, handouts as h, ledger_entries as le, locations, need_evidence,
    need_withdrawals as nw, needs as n,
};
use crate::db::DbConn;
use crate::ledger::Cause;
use crate::locations::LocationKind;
use crate::needs::unmet::{Delivery, InTransit};

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = n)]
pub struct NewNeed {
    pub site_id: i64,
    pub category_id: i64,
    pub quantity: i64,
    pub stated_on: NaiveDate,
    pub stated_by: String,
    pub needed_by: Option<NaiveDate>,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewNeed) -> QueryResult<i64> {
    crate::insert_returning_id!(conn, n::table, new, n::id)
}

/// A recorded statement with the slugs and names of its site and category.
#[derive(Debug, Clone, Queryable, PartialEq)]
pub struct StatementRow {
    pub id: i64,
    pub site: String,
    pub site_name: String,
    pub category: String,
    pub category_name: String,
    pub quantity: i64,
    pub stated_on: NaiveDate,
    pub stated_by: String,
    pub needed_by: Option<NaiveDate>,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct NeedFilter {
    pub site_id: Option<i64>,
    pub category_id: Option<i64>,
}

/// A `StatementRow`'s columns, for every read of statements.
const STATEMENT_COLUMNS: (
    n::id,
    locations::slug,
    locations::name,
    categories::slug,
    categories::name,
    n::quantity,
    n::stated_on,
    n::stated_by,
    n::needed_by,
    n::actor,
    n::created_at,
) = (
    n::id,
    locations::slug,
    locations::name,
    categories::slug,
    categories::name,
    n::quantity,
    n::stated_on,
    n::stated_by,
    n::needed_by,
    n::actor,
    n::created_at,
);

/// Statements in the order they were recorded, which breaks ties between two
/// statements of the same day (the later record wins).
pub fn statements(conn: &mut DbConn, f: NeedFilter) -> QueryResult<Vec<StatementRow>> {
    let mut q = n::table
        .inner_join(locations::table)
        .inner_join(categories::table)
        .select(STATEMENT_COLUMNS)
        .into_boxed();
    if let Some(id) = f.site_id {
        q = q.filter(n::site_id.eq(id));
    }
    if let Some(id) = f.category_id {
        q = q.filter(n::category_id.eq(id));
    }
    q.order(n::id.asc()).load(conn)
}

/// The history's page of statements, newest recorded first, with their site and
/// category ids (to find the statements before and after each).
#[derive(Debug, Clone, Copy, Default)]
pub struct StatementPage {
    pub site_id: Option<i64>,
    /// Recorded on or after this day, on or before `to`.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Keyset pagination: only statements with a smaller id.
    pub before: Option<i64>,
    pub limit: i64,
}

pub fn statements_page(
    conn: &mut DbConn,
    f: StatementPage,
) -> QueryResult<Vec<((i64, i64), StatementRow)>> {
    let mut q = n::table
        .inner_join(locations::table)
        .inner_join(categories::table)
        .select(((n::site_id, n::category_id), STATEMENT_COLUMNS))
        .into_boxed();
    if let Some(id) = f.site_id {
        q = q.filter(n::site_id.eq(id));
    }
    if let Some(t) = f.from.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        q = q.filter(n::created_at.ge(t));
    }
    if let Some(t) =
        f.to.and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        q = q.filter(n::created_at.lt(t));
    }
    if let Some(b) = f.before {
        q = q.filter(n::id.lt(b));
    }
    q.order(n::id.desc()).limit(f.limit).load(conn)
}

/// One statement with its site and category ids; `None` for no such statement.
pub fn statement(conn: &mut DbConn, id: i64) -> QueryResult<Option<((i64, i64), StatementRow)>> {
    let rows = statements_page(
        conn,
        StatementPage {
            before: id.checked_add(1),
            limit: 1,
            ..Default::default()
        },
    )?;
    Ok(rows.into_iter().find(|(_, r)| r.id == id))
}

/// A statement taken back: by whom, when, and the undone hand-out it was raised from.
#[derive(Debug, Clone, Queryable, PartialEq)]
pub struct WithdrawalRow {
    pub need_id: i64,
    pub handout_id: Option<i64>,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

/// Every statement taken back, by statement id (a handful: only mistakes are).
pub fn withdrawals(
    conn: &mut DbConn,
) -> QueryResult<std::collections::HashMap<i64, WithdrawalRow>> {
    Ok(nw::table
        .select((nw::need_id, nw::handout_id, nw::actor, nw::created_at))
        .load::<WithdrawalRow>(conn)?
        .into_iter()
        .map(|w| (w.need_id, w))
        .collect())
}

pub fn insert_withdrawal(conn: &mut DbConn, w: &WithdrawalRow) -> QueryResult<usize> {
    let values = (
        nw::need_id.eq(w.need_id),
        nw::handout_id.eq(w.handout_id),
        nw::actor.eq(&w.actor),
        nw::created_at.eq(w.created_at),
    );
    match conn {
        DbConn::Sqlite(c) => diesel::insert_into(nw::table).values(values).execute(c),
        DbConn::Pg(c) => diesel::insert_into(nw::table).values(values).execute(c),
    }
}

/// Remembers the hand-outs whose unmet requests a statement took in.
pub fn link_evidence(conn: &mut DbConn, need_id: i64, handouts: &[i64]) -> QueryResult<()> {
    let rows: Vec<_> = handouts
        .iter()
        .map(|&handout| {
            (
                need_evidence::need_id.eq(need_id),
                need_evidence::handout_id.eq(handout),
            )
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    match conn {
        DbConn::Sqlite(c) => diesel::insert_into(need_evidence::table)
            .values(rows)
            .execute(c)?,
        DbConn::Pg(c) => diesel::insert_into(need_evidence::table)
            .values(rows)
            .execute(c)?,
    };
    Ok(())
}

/// The statements raised from the requests of hand-out `handout`, oldest first.
pub fn raised_from(conn: &mut DbConn, handout: i64) -> QueryResult<Vec<i64>> {
    need_evidence::table
        .filter(need_evidence::handout_id.eq(handout))
        .select(need_evidence::need_id)
        .order(need_evidence::need_id.asc())
        .load(conn)
}

/// The hand-outs statement `need` was raised from, oldest first.
pub fn evidence_of(conn: &mut DbConn, need: i64) -> QueryResult<Vec<i64>> {
    need_evidence::table
        .filter(need_evidence::need_id.eq(need))
        .select(need_evidence::handout_id)
        .order(need_evidence::handout_id.asc())
        .load(conn)
}

/// The hand-outs at a site that asked for a category and did not get it, dated from
/// `from` to `to`: (hand-out id, its date, when it was recorded). Reversed ones are
/// left out by the caller.
pub fn handouts_asking(
    conn: &mut DbConn,
    site_id: i64,
    category_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<(i64, NaiveDate, NaiveDateTime)>> {
    hu::table
        .inner_join(h::table)
        .filter(h::site_id.eq(site_id))
        .filter(hu::category_id.eq(category_id))
        .filter(h::handed_out_on.ge(from))
        .filter(h::handed_out_on.le(to))
        .select((h::id, h::handed_out_on, h::created_at))
        .order(h::id.asc())
        .load(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    n::table.count().get_result(conn)
}

/// What arrived at sites on or after `since`: the positive ledger entries at a site
/// caused by a delivery (van → site) or a transfer (warehouse or site → site). Only
/// deliveries since a need was stated count against it, so the caller passes the
/// oldest statement in force and older deliveries are never read (the `at` index).
pub fn deliveries(
    conn: &mut DbConn,
    f: NeedFilter,
    since: NaiveDate,
) -> QueryResult<Vec<Delivery>> {
    let mut q = le::table
        .inner_join(locations::table)
        .inner_join(categories::table)
        .filter(locations::kind.eq(LocationKind::Site.as_str()))
        .filter(le::quantity.gt(0))
        .filter(le::cause.eq_any([Cause::Delivery.as_str(), Cause::Transfer.as_str()]))
        .filter(le::at.ge(since.and_time(chrono::NaiveTime::MIN)))
        .select((locations::slug, categories::slug, le::at, le::quantity))
        .into_boxed();
    if let Some(id) = f.site_id {
        q = q.filter(le::location_id.eq(id));
    }
    if let Some(id) = f.category_id {
        q = q.filter(le::category_id.eq(id));
    }
    let rows = q
        .order(le::id.asc())
        .load::<(String, String, NaiveDateTime, i64)>(conn)?;
    Ok(rows
        .into_iter()
        .map(|(site, category, at, quantity)| Delivery {
            site,
            category,
            delivered_on: at.date(),
            quantity: u32::try_from(quantity).unwrap_or(u32::MAX),
        })
        .collect())
}

/// Stock held by vans on runs heading to each site, not yet delivered: the planned
/// lines of runs in status `loaded` for stops the van has not reached yet.
pub fn in_transit(conn: &mut DbConn) -> QueryResult<Vec<InTransit>> {
    let rows = crate::runs::model::on_the_road(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let sites: std::collections::HashMap<i64, String> = locations::table
        .select((locations::id, locations::slug))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let cats: std::collections::HashMap<i64, String> = categories::table
        .select((categories::id, categories::slug))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let mut sums: std::collections::BTreeMap<(String, String), u32> = Default::default();
    for (site, cat, qty) in rows {
        if let (Some(site), Some(cat)) = (sites.get(&site), cats.get(&cat)) {
            let q = u32::try_from(qty).unwrap_or(u32::MAX);
            let e = sums.entry((site.clone(), cat.clone())).or_insert(0);
            *e = e.saturating_add(q);
        }
    }
    Ok(sums
        .into_iter()
        .map(|((site, category), quantity)| InTransit {
            site,
            category,
            quantity,
        })
        .collect())
}
