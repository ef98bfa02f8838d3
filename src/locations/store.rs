//! Location queries.

use diesel::prelude::*;
use std::collections::HashMap;

use crate::db::schema::locations::dsl as l;
use crate::db::DbConn;
use crate::locations::model::{Location, NewLocation};

/// With a `kind`, the places of that kind still in use, for forms and plans (archived
/// ones left out); without, every location ever, for names in history and lookups.
pub fn all(conn: &mut DbConn, kind: Option<&str>) -> QueryResult<Vec<Location>> {
    let mut q = l::locations.select(Location::as_select()).into_boxed();
    if let Some(kind) = kind {
        q = q
            .filter(l::kind.eq(kind.to_string()))
            .filter(l::archived_at.is_null());
    }
    q.order(l::slug.asc()).load(conn)
}

pub fn by_slug(conn: &mut DbConn) -> QueryResult<HashMap<String, Location>> {
    Ok(all(conn, None)?
        .into_iter()
        .map(|x| (x.slug.clone(), x))
        .collect())
}

pub fn find(conn: &mut DbConn, slug: &str) -> QueryResult<Option<Location>> {
    l::locations
        .filter(l::slug.eq(slug))
        .select(Location::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, new: &NewLocation) -> QueryResult<i64> {
    crate::insert_returning_id!(conn, l::locations, new, l::id)
}

/// The slug of the place of `kind` (still in use) where `actor` last changed stock, for
/// `cause` or any: where their next form starts, as the intake form starts at their last
/// warehouse. One query for every page that remembers a volunteer's place.
pub fn last_used_by(
    conn: &mut DbConn,
    actor: &str,
    kind: crate::locations::LocationKind,
    cause: Option<crate::ledger::Cause>,
) -> QueryResult<Option<String>> {
    use crate::db::schema::ledger_entries as le;
    let mut q = le::table
        .inner_join(l::locations)
        .filter(le::actor.eq(actor))
        .filter(l::kind.eq(kind.as_str()))
        .filter(l::archived_at.is_null())
        .into_boxed();
    if let Some(cause) = cause {
        q = q.filter(le::cause.eq(cause.as_str()));
    }
    q.order(le::id.desc())
        .select(l::slug)
        .first::<String>(conn)
        .optional()
}
