//! Admin queries: the edits a coordinator makes to volunteers, vans, places and the
//! catalogue, and one-time password links. Rows in, rows out; `model` decides.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::store::User;
use crate::db::schema::{
    categories as c, locations as l, password_resets as pr, sessions as s, users as u, vans as v,
};
use crate::db::DbConn;
use crate::runs::store::VanRow;

pub fn users_with_role(conn: &mut DbConn, role: &str) -> QueryResult<i64> {
    u::table
        .filter(u::role.eq(role))
        .filter(u::deactivated_at.is_null())
        .count()
        .get_result(conn)
}

pub fn set_role(conn: &mut DbConn, id: i64, role: &str) -> QueryResult<usize> {
    diesel::update(u::table.find(id))
        .set(u::role.eq(role))
        .execute(conn)
}

pub fn set_lang(conn: &mut DbConn, id: i64, lang: Option<&str>) -> QueryResult<usize> {
    diesel::update(u::table.find(id))
        .set(u::lang.eq(lang))
        .execute(conn)
}

/// Every volunteer's own language setting, by user id (none: their browser's).
pub fn user_langs(
    conn: &mut DbConn,
) -> QueryResult<std::collections::HashMap<i64, Option<String>>> {
    let rows: Vec<(i64, Option<String>)> = u::table.select((u::id, u::lang)).load(conn)?;
    Ok(rows.into_iter().collect())
}

pub fn deactivate(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(u::table.find(id))
        .set(u::deactivated_at.eq(Some(now)))
        .execute(conn)
}

pub fn set_password(conn: &mut DbConn, id: i64, hash: &str) -> QueryResult<usize> {
    diesel::update(u::table.find(id))
        .set(u::password_hash.eq(hash))
        .execute(conn)
}

pub fn end_sessions(conn: &mut DbConn, user_id: i64) -> QueryResult<usize> {
    diesel::delete(s::table.filter(s::user_id.eq(user_id))).execute(conn)
}

pub fn insert_link(
    conn: &mut DbConn,
    token_hash: &str,
    user_id: i64,
    by: &str,
    now: NaiveDateTime,
    expires: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(pr::table)
        .values((
            pr::token_hash.eq(token_hash),
            pr::user_id.eq(user_id),
            pr::created_by.eq(by),
            pr::created_at.eq(now),
            pr::expires_at.eq(expires),
        ))
        .execute(conn)
}

/// The active user a live, unused link is for.
pub fn link_user(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<User>> {
    pr::table
        .inner_join(u::table)
        .filter(pr::token_hash.eq(token_hash))
        .filter(pr::expires_at.gt(now))
        .filter(pr::used_at.is_null())
        .filter(u::deactivated_at.is_null())
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Marks every unused link of a user used: after a reset, a newer link or a
/// deactivation, the older ones stop working.
pub fn spend_links(conn: &mut DbConn, user_id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        pr::table
            .filter(pr::user_id.eq(user_id))
            .filter(pr::used_at.is_null()),
    )
    .set(pr::used_at.eq(Some(now)))
    .execute(conn)
}

/// Every van, retired ones too (the admin list).
pub fn all_vans(conn: &mut DbConn) -> QueryResult<Vec<VanRow>> {
    v::table
        .select(VanRow::as_select())
        .order(v::slug.asc())
        .load(conn)
}

pub fn update_van(
    conn: &mut DbConn,
    id: i64,
    name: &str,
    capacity_l: f64,
    payload_kg: f64,
) -> QueryResult<usize> {
    diesel::update(v::table.find(id))
        .set((
            v::name.eq(name),
            v::capacity_l.eq(capacity_l),
            v::payload_kg.eq(payload_kg),
        ))
        .execute(conn)
}

pub fn retire_van(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(v::table.find(id))
        .set(v::retired_at.eq(Some(now)))
        .execute(conn)
}

pub fn update_place(
    conn: &mut DbConn,
    id: i64,
    name: &str,
    address: Option<&str>,
    region: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(l::table.find(id))
        .set((
            l::name.eq(name),
            l::address.eq(address),
            l::region.eq(region),
        ))
        .execute(conn)
}

pub fn archive_place(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(l::table.find(id))
        .set(l::archived_at.eq(Some(now)))
        .execute(conn)
}

pub struct CategoryFields<'a> {
    pub name: &'a str,
    pub unit_volume_l: f64,
    pub unit_weight_kg: f64,
    pub dangerous_goods: bool,
    pub group: &'a str,
}

pub fn update_category(conn: &mut DbConn, id: i64, f: &CategoryFields) -> QueryResult<usize> {
    diesel::update(c::table.find(id))
        .set((
            c::name.eq(f.name),
            c::unit_volume_l.eq(f.unit_volume_l),
            c::unit_weight_kg.eq(f.unit_weight_kg),
            c::dangerous_goods.eq(f.dangerous_goods),
            c::category_group.eq(f.group),
        ))
        .execute(conn)
}

/// Units held at a location, all categories and conditions.
pub fn units_at(conn: &mut DbConn, location_id: i64) -> QueryResult<i64> {
    use crate::db::schema::stock as st;
    let q: Vec<i64> = st::table
        .filter(st::location_id.eq(location_id))
        .filter(st::quantity.gt(0))
        .select(st::quantity)
        .load(conn)?;
    Ok(q.into_iter().sum())
}
