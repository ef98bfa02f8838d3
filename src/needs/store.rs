//! Need queries, and the ledger and van queries that say what reached a site or is on
//! its way. No policy here: `model` and `unmet` decide.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{categories, ledger_entries as le, locations, needs as n};
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
#[derive(Debug, Clone, Queryable)]
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

/// Statements in the order they were recorded, which breaks ties between two
/// statements of the same day (the later record wins).
pub fn statements(conn: &mut DbConn, f: NeedFilter) -> QueryResult<Vec<StatementRow>> {
    let mut q = n::table
        .inner_join(locations::table)
        .inner_join(categories::table)
        .select((
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
        ))
        .into_boxed();
    if let Some(id) = f.site_id {
        q = q.filter(n::site_id.eq(id));
    }
    if let Some(id) = f.category_id {
        q = q.filter(n::category_id.eq(id));
    }
    q.order(n::id.asc()).load(conn)
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
