//! Users and page sessions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{sessions as s, users as u};
use crate::db::DbConn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = u)]
pub struct User {
    pub id: i64,
    pub handle: String,
    pub role: crate::auth::Role,
    pub password_hash: String,
    pub created_at: NaiveDateTime,
    /// A deactivated volunteer can neither log in nor use a session or token.
    pub deactivated_at: Option<NaiveDateTime>,
}

/// Whether the one-time link of `token_hash` (used, expired or not) belongs to a
/// deactivated volunteer: the link page then says why it no longer works.
pub fn link_holder_deactivated(conn: &mut DbConn, token_hash: &str) -> QueryResult<bool> {
    use crate::db::schema::password_resets as pr;
    let found: Option<Option<NaiveDateTime>> = pr::table
        .inner_join(u::table)
        .filter(pr::token_hash.eq(token_hash))
        .select(u::deactivated_at)
        .first(conn)
        .optional()?;
    Ok(found.flatten().is_some())
}

pub fn find(conn: &mut DbConn, handle: &str) -> QueryResult<Option<User>> {
    u::table
        .filter(u::handle.eq(handle))
        .select(User::as_select())
        .first(conn)
        .optional()
}

pub fn all(conn: &mut DbConn) -> QueryResult<Vec<User>> {
    u::table
        .select(User::as_select())
        .order(u::handle.asc())
        .load(conn)
}

pub fn count_role(conn: &mut DbConn, role: &str) -> QueryResult<i64> {
    u::table.filter(u::role.eq(role)).count().get_result(conn)
}

pub fn insert(
    conn: &mut DbConn,
    handle: &str,
    role: &str,
    password_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(u::table)
        .values((
            u::handle.eq(handle),
            u::role.eq(role),
            u::password_hash.eq(password_hash),
            u::created_at.eq(now),
        ))
        .execute(conn)
}

pub fn insert_session(
    conn: &mut DbConn,
    token_hash: &str,
    user_id: i64,
    csrf: &str,
    now: NaiveDateTime,
    expires: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::insert_into(s::table)
        .values((
            s::token_hash.eq(token_hash),
            s::user_id.eq(user_id),
            s::csrf_token.eq(csrf),
            s::created_at.eq(now),
            s::expires_at.eq(expires),
        ))
        .execute(conn)
}

/// The live session's user and CSRF token.
pub fn session_user(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(User, String)>> {
    s::table
        .inner_join(u::table)
        .filter(s::token_hash.eq(token_hash))
        .filter(s::expires_at.gt(now))
        .filter(u::deactivated_at.is_null())
        .select((User::as_select(), s::csrf_token))
        .first(conn)
        .optional()
}

pub fn delete_session(conn: &mut DbConn, token_hash: &str) -> QueryResult<usize> {
    diesel::delete(s::table.filter(s::token_hash.eq(token_hash))).execute(conn)
}

pub fn delete_expired_sessions(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(s::table.filter(s::expires_at.le(now))).execute(conn)
}

/// Sets the language of the live session's volunteer (issue 13); 0 rows when the
/// session has ended.
pub fn set_session_user_lang(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
    lang: &str,
) -> QueryResult<usize> {
    let user: Option<i64> = s::table
        .filter(s::token_hash.eq(token_hash))
        .filter(s::expires_at.gt(now))
        .select(s::user_id)
        .first(conn)
        .optional()?;
    match user {
        Some(id) => diesel::update(u::table.find(id))
            .set(u::lang.eq(Some(lang)))
            .execute(conn),
        None => Ok(0),
    }
}

/// The volunteer's own language setting, if they chose one.
/// The language saved with `handle`'s account, if they or a coordinator chose one.
pub fn lang_of(conn: &mut DbConn, handle: &str) -> QueryResult<Option<String>> {
    u::table
        .filter(u::handle.eq(handle))
        .select(u::lang)
        .first::<Option<String>>(conn)
        .optional()
        .map(Option::flatten)
}

pub fn user_lang(conn: &mut DbConn, user_id: i64) -> QueryResult<Option<String>> {
    u::table.find(user_id).select(u::lang).first(conn)
}
