//! Movement rows: the cause that ledger entries of a transfer, regrade, stocktake or
//! write-off point to.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::movements;
use crate::db::DbConn;
use crate::ledger::Cause;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = movements)]
pub struct NewMovement {
    /// A transfer, regrade, stocktake or write-off.
    pub kind: Cause,
    pub location_id: i64,
    pub to_location_id: Option<i64>,
    pub reason: Option<String>,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewMovement) -> QueryResult<i64> {
    crate::insert_returning_id!(conn, movements::table, new, movements::id)
}
