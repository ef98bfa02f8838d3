//! Diesel queries for partners, their handovers, lines, files, history and category
//! mappings; no rules.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    partner_categories as pc, partner_events as pe, partner_files as pf, partner_lines as pl,
    partner_transfers as pt, partners as p,
};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = p)]
pub struct Partner {
    pub id: i64,
    pub code_name: String,
    pub public_key: String,
    pub direction: String,
    pub valid_until: NaiveDate,
    pub location_id: i64,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = p)]
pub struct NewPartner {
    pub code_name: String,
    pub public_key: String,
    pub direction: String,
    pub valid_until: NaiveDate,
    pub location_id: i64,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pt)]
pub struct Transfer {
    pub id: i64,
    pub transfer: String,
    pub partner_id: i64,
    pub side: String,
    pub state: String,
    pub warehouse_id: Option<i64>,
    pub expires_on: NaiveDate,
    pub note: Option<String>,
    pub intake_id: Option<i64>,
    pub last_sha: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = pt)]
pub struct NewTransfer {
    pub transfer: String,
    pub partner_id: i64,
    pub side: String,
    pub state: String,
    pub warehouse_id: Option<i64>,
    pub expires_on: NaiveDate,
    pub note: Option<String>,
    pub last_sha: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = pl)]
pub struct TransferLine {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub transfer_id: i64,
    pub line_no: i64,
    pub category: String,
    pub category_name: String,
    pub category_id: Option<i64>,
    pub condition: crate::catalog::Condition,
    pub unit_volume_l: f64,
    pub unit_weight_kg: f64,
    pub offered: i64,
    pub accepted: Option<i64>,
    pub dispatched: Option<i64>,
    pub received: Option<i64>,
    pub received_condition: Option<crate::catalog::Condition>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pf)]
pub struct StoredFile {
    pub id: i64,
    pub transfer_id: i64,
    pub kind: String,
    pub sha256: String,
    pub body: String,
    pub made_here: bool,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = pf)]
pub struct NewFile<'a> {
    pub transfer_id: i64,
    pub kind: &'a str,
    pub sha256: &'a str,
    pub body: &'a str,
    pub made_here: bool,
    pub actor: &'a str,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pe)]
pub struct Event {
    pub id: i64,
    pub transfer_id: i64,
    pub state: String,
    pub detail: Option<String>,
    pub actor: String,
    pub at: NaiveDateTime,
    /// What Haul says on the line, as `facts::EventFacts` JSON (worded when read).
    pub facts: Option<String>,
}

/// The one row of `$table` whose `$column` is `$value`, if there is one: every lookup by
/// a unique column here (code name, key, handover id, file hash) is this query.
macro_rules! one_where {
    ($conn:expr, $table:ident, $column:expr, $value:expr, $row:ty) => {
        $table::table
            .filter($column.eq($value))
            .select(<$row>::as_select())
            .first($conn)
            .optional()
    };
}

pub fn partners(conn: &mut DbConn) -> QueryResult<Vec<Partner>> {
    p::table
        .order(p::code_name)
        .select(Partner::as_select())
        .load(conn)
}

pub fn partner_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Partner>> {
    one_where!(conn, p, p::code_name, code, Partner)
}

pub fn partner_by_key(conn: &mut DbConn, key_hex: &str) -> QueryResult<Option<Partner>> {
    one_where!(conn, p, p::public_key, key_hex, Partner)
}

pub fn partner(conn: &mut DbConn, id: i64) -> QueryResult<Partner> {
    p::table
        .filter(p::id.eq(id))
        .select(Partner::as_select())
        .first(conn)
}

pub fn insert_partner(conn: &mut DbConn, new: &NewPartner) -> QueryResult<i64> {
    crate::insert_returning_id!(conn, p::table, new, p::id)
}

pub fn insert_transfer(conn: &mut DbConn, new: &NewTransfer) -> QueryResult<i64> {
    crate::insert_returning_id!(conn, pt::table, new, pt::id)
}

pub fn transfer(conn: &mut DbConn, transfer: &str) -> QueryResult<Option<Transfer>> {
    one_where!(conn, pt, pt::transfer, transfer, Transfer)
}

pub fn transfer_by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<Transfer>> {
    one_where!(conn, pt, pt::id, id, Transfer)
}

pub fn transfers(conn: &mut DbConn) -> QueryResult<Vec<Transfer>> {
    pt::table
        .order(pt::id.desc())
        .select(Transfer::as_select())
        .load(conn)
}

/// Moves a handover on: its state and the hash the next file must answer.
pub fn set_state(
    conn: &mut DbConn,
    id: i64,
    state: &str,
    last_sha: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(pt::table.filter(pt::id.eq(id)))
        .set((
            pt::state.eq(state),
            pt::last_sha.eq(last_sha),
            pt::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn set_received(
    conn: &mut DbConn,
    id: i64,
    warehouse_id: i64,
    intake_id: Option<i64>,
) -> QueryResult<usize> {
    diesel::update(pt::table.filter(pt::id.eq(id)))
        .set((
            pt::warehouse_id.eq(Some(warehouse_id)),
            pt::intake_id.eq(intake_id),
        ))
        .execute(conn)
}

/// One insert per line: the multi-backend connection has no multi-row insert.
pub fn insert_lines(conn: &mut DbConn, lines: &[TransferLine]) -> QueryResult<()> {
    for line in lines {
        diesel::insert_into(pl::table).values(line).execute(conn)?;
    }
    Ok(())
}

pub fn lines(conn: &mut DbConn, transfer_id: i64) -> QueryResult<Vec<TransferLine>> {
    pl::table
        .filter(pl::transfer_id.eq(transfer_id))
        .order(pl::line_no)
        .select(TransferLine::as_select())
        .load(conn)
}

pub fn set_accepted(conn: &mut DbConn, line_id: i64, qty: i64) -> QueryResult<usize> {
    diesel::update(pl::table.filter(pl::id.eq(line_id)))
        .set(pl::accepted.eq(Some(qty)))
        .execute(conn)
}

pub fn set_dispatched(conn: &mut DbConn, line_id: i64, qty: i64) -> QueryResult<usize> {
    diesel::update(pl::table.filter(pl::id.eq(line_id)))
        .set(pl::dispatched.eq(Some(qty)))
        .execute(conn)
}

pub fn set_line_received(
    conn: &mut DbConn,
    line_id: i64,
    qty: i64,
    condition: crate::catalog::Condition,
    reason: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(pl::table.filter(pl::id.eq(line_id)))
        .set((
            pl::received.eq(Some(qty)),
            pl::received_condition.eq(Some(condition)),
            pl::reason.eq(reason),
        ))
        .execute(conn)
}

pub fn file_by_sha(conn: &mut DbConn, sha: &str) -> QueryResult<Option<StoredFile>> {
    one_where!(conn, pf, pf::sha256, sha, StoredFile)
}

pub fn files(conn: &mut DbConn, transfer_id: i64) -> QueryResult<Vec<StoredFile>> {
    pf::table
        .filter(pf::transfer_id.eq(transfer_id))
        .order(pf::id)
        .select(StoredFile::as_select())
        .load(conn)
}

pub fn insert_file(conn: &mut DbConn, new: &NewFile) -> QueryResult<usize> {
    diesel::insert_into(pf::table).values(new).execute(conn)
}

pub fn insert_event(
    conn: &mut DbConn,
    transfer_id: i64,
    state: &str,
    detail: Option<&str>,
    facts: Option<&str>,
    actor: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(pe::table)
        .values((
            pe::transfer_id.eq(transfer_id),
            pe::state.eq(state),
            pe::detail.eq(detail),
            pe::facts.eq(facts),
            pe::actor.eq(actor),
            pe::at.eq(at),
        ))
        .execute(conn)
}

pub fn events(conn: &mut DbConn, transfer_id: i64) -> QueryResult<Vec<Event>> {
    pe::table
        .filter(pe::transfer_id.eq(transfer_id))
        .order(pe::id)
        .select(Event::as_select())
        .load(conn)
}

/// The category of ours a partner's slug was mapped to, if it was.
pub fn mapped(conn: &mut DbConn, partner_id: i64, their_slug: &str) -> QueryResult<Option<i64>> {
    pc::table
        .filter(pc::partner_id.eq(partner_id))
        .filter(pc::their_slug.eq(their_slug))
        .select(pc::category_id)
        .first(conn)
        .optional()
}

/// Remembers (or changes) which of our categories a partner's slug is.
pub fn map_category(
    conn: &mut DbConn,
    partner_id: i64,
    their_slug: &str,
    category_id: i64,
) -> QueryResult<()> {
    let updated = diesel::update(
        pc::table
            .filter(pc::partner_id.eq(partner_id))
            .filter(pc::their_slug.eq(their_slug)),
    )
    .set(pc::category_id.eq(category_id))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(pc::table)
            .values((
                pc::partner_id.eq(partner_id),
                pc::their_slug.eq(their_slug),
                pc::category_id.eq(category_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A giving line as the reservation reads it: category, condition, accepted, sent.
type HeldRow = (
    Option<i64>,
    crate::catalog::Condition,
    Option<i64>,
    Option<i64>,
);

/// What handovers hold at a warehouse for a partner until it leaves: per accepted line,
/// what no dispatch note has sent yet, as (category id, condition, units). The run
/// planner and new offers count these as taken; a closed, lost or withdrawn handover
/// holds nothing.
pub fn reserved_at(
    conn: &mut DbConn,
    warehouse_id: i64,
) -> QueryResult<Vec<(i64, crate::catalog::Condition, i64)>> {
    let rows: Vec<HeldRow> = pl::table
        .inner_join(pt::table)
        .filter(pt::side.eq("give"))
        .filter(pt::state.eq_any(vec!["accepted", "dispatched"]))
        .filter(pt::warehouse_id.eq(warehouse_id))
        .select((pl::category_id, pl::condition, pl::accepted, pl::dispatched))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(cat, cond, accepted, sent)| Some((cat?, cond, accepted? - sent.unwrap_or(0))))
        .filter(|(_, _, q)| *q > 0)
        .collect())
}
