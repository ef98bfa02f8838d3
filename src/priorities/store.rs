//! Priority-version queries. No policy here: `model` decides what may be stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::priority_versions as pv;
use crate::db::DbConn;

/// One stored version, its set still as the JSON text it was saved as.
#[derive(Debug, Clone, Queryable)]
pub struct VersionRow {
    pub version: i64,
    pub body: String,
    pub set_by: String,
    pub set_at: NaiveDateTime,
}

const COLUMNS: (pv::version, pv::body, pv::set_by, pv::set_at) =
    (pv::version, pv::body, pv::set_by, pv::set_at);

/// The highest version: the one in force.
pub fn current(conn: &mut DbConn) -> QueryResult<Option<VersionRow>> {
    pv::table
        .order(pv::version.desc())
        .select(COLUMNS)
        .first(conn)
        .optional()
}

pub fn version(conn: &mut DbConn, version: i64) -> QueryResult<Option<VersionRow>> {
    pv::table
        .filter(pv::version.eq(version))
        .select(COLUMNS)
        .first(conn)
        .optional()
}

/// Every version, newest first.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<VersionRow>> {
    pv::table
        .order(pv::version.desc())
        .select(COLUMNS)
        .load(conn)
}

pub fn insert(conn: &mut DbConn, row: &VersionRow) -> QueryResult<usize> {
    diesel::insert_into(pv::table)
        .values((
            pv::version.eq(row.version),
            pv::body.eq(&row.body),
            pv::set_by.eq(&row.set_by),
            pv::set_at.eq(row.set_at),
        ))
        .execute(conn)
}
