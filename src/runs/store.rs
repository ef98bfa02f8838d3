//! Van and run queries: rows in, rows out. No policy here: `model` decides.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::catalog::Condition;
use crate::db::schema::{run_lines as rl, run_stops as rs, runs as r, stock, vans as v};
use crate::db::DbConn;
use crate::runs::model::RunStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = v)]
pub struct VanRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub capacity_l: f64,
    pub payload_kg: f64,
    pub location_id: i64,
    pub created_at: NaiveDateTime,
    /// Retired vans leave forms and plans but stay in history.
    pub retired_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = v)]
pub struct NewVan {
    pub slug: String,
    pub name: String,
    pub capacity_l: f64,
    pub payload_kg: f64,
    pub location_id: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = r)]
pub struct RunRow {
    pub id: i64,
    pub van_id: i64,
    pub origin_id: i64,
    pub departs_on: NaiveDate,
    pub status: RunStatus,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = r)]
pub struct NewRun {
    pub van_id: i64,
    pub origin_id: i64,
    pub departs_on: NaiveDate,
    pub status: RunStatus,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rs)]
pub struct StopRow {
    pub id: i64,
    pub run_id: i64,
    pub position: i64,
    pub site_id: i64,
    pub delivered_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = rl)]
pub struct LineRow {
    pub run_id: i64,
    pub site_id: i64,
    pub category_id: i64,
    pub condition: Condition,
    pub quantity: i64,
}

/// Vans in service; retired ones stay readable through `van` for history.
pub fn vans(conn: &mut DbConn) -> QueryResult<Vec<VanRow>> {
    v::table
        .filter(v::retired_at.is_null())
        .select(VanRow::as_select())
        .order(v::slug.asc())
        .load(conn)
}

pub fn van(conn: &mut DbConn, id: i64) -> QueryResult<Option<VanRow>> {
    v::table
        .find(id)
        .select(VanRow::as_select())
        .first(conn)
        .optional()
}

pub fn van_by_slug(conn: &mut DbConn, slug: &str) -> QueryResult<Option<VanRow>> {
    v::table
        .filter(v::slug.eq(slug))
        .select(VanRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_van(conn: &mut DbConn, new: &NewVan) -> QueryResult<i64> {
    crate::insert_returning_id!(conn, v::table, new, v::id)
}

pub fn insert_run(conn: &mut DbConn, new: &NewRun) -> QueryResult<i64> {
    crate::insert_returning_id!(conn, r::table, new, r::id)
}

pub fn insert_stop(
    conn: &mut DbConn,
    run_id: i64,
    position: i64,
    site_id: i64,
) -> QueryResult<usize> {
    diesel::insert_into(rs::table)
        .values((
            rs::run_id.eq(run_id),
            rs::position.eq(position),
            rs::site_id.eq(site_id),
        ))
        .execute(conn)
}

pub fn run(conn: &mut DbConn, id: i64) -> QueryResult<Option<RunRow>> {
    r::table
        .find(id)
        .select(RunRow::as_select())
        .first(conn)
        .optional()
}

/// Runs newest first.
pub fn runs(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<RunRow>> {
    r::table
        .select(RunRow::as_select())
        .order(r::id.desc())
        .limit(limit)
        .load(conn)
}

/// The newest `limit` runs, each with its van, stops and lines: four queries however
/// many runs there are. A run whose van is missing is an error, as `model::find_run`.
#[allow(clippy::type_complexity)]
pub fn newest_runs(
    conn: &mut DbConn,
    limit: i64,
) -> QueryResult<Vec<(RunRow, VanRow, Vec<StopRow>, Vec<LineRow>)>> {
    let rows = runs(conn, limit)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut van_ids: Vec<i64> = rows.iter().map(|r| r.van_id).collect();
    van_ids.sort_unstable();
    van_ids.dedup();
    let vans: std::collections::HashMap<i64, VanRow> = v::table
        .filter(v::id.eq_any(&van_ids))
        .select(VanRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|van| (van.id, van))
        .collect();
    let mut stops_of = group(stops(conn, &ids)?, |s| s.run_id);
    let mut lines_of = group(lines(conn, &ids)?, |l| l.run_id);
    rows.into_iter()
        .map(|row| {
            let van = vans.get(&row.van_id).cloned().ok_or(diesel::NotFound)?;
            let stops = stops_of.remove(&row.id).unwrap_or_default();
            let lines = lines_of.remove(&row.id).unwrap_or_default();
            Ok((row, van, stops, lines))
        })
        .collect()
}

/// Rows by run, each run's rows in the order loaded.
fn group<T>(rows: Vec<T>, run_of: impl Fn(&T) -> i64) -> std::collections::HashMap<i64, Vec<T>> {
    let mut out: std::collections::HashMap<i64, Vec<T>> = Default::default();
    for row in rows {
        out.entry(run_of(&row)).or_default().push(row);
    }
    out
}

pub fn runs_in(conn: &mut DbConn, statuses: &[&str]) -> QueryResult<Vec<RunRow>> {
    r::table
        .filter(r::status.eq_any(statuses))
        .select(RunRow::as_select())
        .order(r::id.asc())
        .load(conn)
}

/// Locks the run's row until the change commits (PostgreSQL), so two changes of one run
/// at once (two loads, a load and a cancel) take turns and the second sees the first's
/// status. SQLite's single writer already takes them in turn.
pub fn lock_run(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    if let DbConn::Pg(c) = conn {
        r::table
            .find(id)
            .select(r::id)
            .for_update()
            .load::<i64>(c)?;
    }
    Ok(())
}

/// Locks the van's row until the change commits (PostgreSQL), so two runs for one van
/// made at once take turns.
pub fn lock_van(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    if let DbConn::Pg(c) = conn {
        v::table
            .find(id)
            .select(v::id)
            .for_update()
            .load::<i64>(c)?;
    }
    Ok(())
}

/// The van's runs departing on `on`, in any status.
pub fn runs_of_van_on(conn: &mut DbConn, van_id: i64, on: NaiveDate) -> QueryResult<Vec<RunRow>> {
    r::table
        .filter(r::van_id.eq(van_id))
        .filter(r::departs_on.eq(on))
        .select(RunRow::as_select())
        .order(r::id.asc())
        .load(conn)
}

/// Drops one stop of a run with its lines; the stops after it move up one place.
pub fn delete_stop(conn: &mut DbConn, run_id: i64, stop_id: i64, site_id: i64) -> QueryResult<()> {
    diesel::delete(
        rl::table
            .filter(rl::run_id.eq(run_id))
            .filter(rl::site_id.eq(site_id)),
    )
    .execute(conn)?;
    {
        use crate::db::schema::run_boxes as rb;
        diesel::delete(
            rb::table
                .filter(rb::run_id.eq(run_id))
                .filter(rb::site_id.eq(site_id)),
        )
        .execute(conn)?;
    }
    diesel::delete(rs::table.find(stop_id)).execute(conn)?;
    let rest: Vec<i64> = rs::table
        .filter(rs::run_id.eq(run_id))
        .order(rs::position.asc())
        .select(rs::id)
        .load(conn)?;
    for (i, id) in rest.into_iter().enumerate() {
        diesel::update(rs::table.find(id))
            .set(rs::position.eq(i as i64 + 1))
            .execute(conn)?;
    }
    Ok(())
}

pub fn set_status(conn: &mut DbConn, id: i64, status: &str) -> QueryResult<usize> {
    diesel::update(r::table.find(id))
        .set(r::status.eq(status))
        .execute(conn)
}

pub fn stops(conn: &mut DbConn, run_ids: &[i64]) -> QueryResult<Vec<StopRow>> {
    rs::table
        .filter(rs::run_id.eq_any(run_ids))
        .select(StopRow::as_select())
        .order((rs::run_id.asc(), rs::position.asc()))
        .load(conn)
}

pub fn mark_delivered(conn: &mut DbConn, stop_id: i64, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(rs::table.find(stop_id))
        .set(rs::delivered_at.eq(Some(at)))
        .execute(conn)
}

pub fn lines(conn: &mut DbConn, run_ids: &[i64]) -> QueryResult<Vec<LineRow>> {
    rl::table
        .filter(rl::run_id.eq_any(run_ids))
        .select(LineRow::as_select())
        .order(rl::id.asc())
        .load(conn)
}

/// Replaces a run's planned lines. One insert per row: the multi-backend connection
/// has no multi-row insert.
pub fn replace_lines(conn: &mut DbConn, run_id: i64, new: &[LineRow]) -> QueryResult<()> {
    diesel::delete(rl::table.filter(rl::run_id.eq(run_id))).execute(conn)?;
    for line in new {
        diesel::insert_into(rl::table).values(line).execute(conn)?;
    }
    Ok(())
}

/// Drops a run with its stops and lines (only ever one still in planning).
pub fn delete_run(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    diesel::delete(rl::table.filter(rl::run_id.eq(id))).execute(conn)?;
    diesel::delete(rs::table.filter(rs::run_id.eq(id))).execute(conn)?;
    diesel::delete(r::table.find(id)).execute(conn)?;
    Ok(())
}

/// Runs in one status departing on one day, oldest first.
pub fn runs_departing(conn: &mut DbConn, status: &str, on: NaiveDate) -> QueryResult<Vec<RunRow>> {
    r::table
        .filter(r::status.eq(status))
        .filter(r::departs_on.eq(on))
        .select(RunRow::as_select())
        .order(r::id.asc())
        .load(conn)
}

/// The non-zero stock rows of one location: (category id, condition, quantity).
pub fn stock_at(conn: &mut DbConn, location_id: i64) -> QueryResult<Vec<(i64, Condition, i64)>> {
    stock::table
        .filter(stock::location_id.eq(location_id))
        .filter(stock::quantity.ne(0))
        .select((stock::category_id, stock::condition, stock::quantity))
        .order((stock::category_id.asc(), stock::condition.asc()))
        .load(conn)
}

/// What a run's steps of one cause brought into places, from the ledger:
/// (location id, category id, condition, quantity), arrivals only.
pub fn arrivals(
    conn: &mut DbConn,
    cause: &str,
    run_id: i64,
) -> QueryResult<Vec<(i64, i64, Condition, i64)>> {
    use crate::db::schema::ledger_entries as le;
    le::table
        .filter(le::cause.eq(cause))
        .filter(le::cause_id.eq(run_id))
        .filter(le::quantity.gt(0))
        .select((
            le::location_id,
            le::category_id,
            le::condition,
            le::quantity,
        ))
        .order(le::id.asc())
        .load(conn)
}
