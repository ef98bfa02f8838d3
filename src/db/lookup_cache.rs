//! A per-process cache of what every write looks up (the catalogue, the places),
//! keyed by the database's `lookup_version` row: triggers set it to a new random
//! number in the transaction that changes a category or a place, so a change made
//! by any process is seen by the next transaction of every process (no bound to wait
//! out), and a change rolled back leaves no number behind that a later one could
//! reuse.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use diesel::prelude::*;

use super::DbConn;

type Entry = (i64, Arc<dyn Any + Send + Sync>);

/// By database token (one process may open several databases, e.g. tests): the
/// version last loaded and what was loaded.
static CACHE: Mutex<Option<HashMap<i64, Entry>>> = Mutex::new(None);

/// The version row as this transaction sees it; `None` before the migration. Read on
/// every write, so it is built with the query builder, which diesel prepares once
/// per connection (a `sql_query` is prepared again each time).
fn version(conn: &mut DbConn) -> QueryResult<Option<(i64, i64)>> {
    use super::schema::lookup_version as lv;
    lv::table
        .filter(lv::id.eq(1))
        .select((lv::token, lv::version))
        .first::<(i64, i64)>(conn)
        .optional()
}

/// What `load` gives for the current version, loaded again only when it changed.
pub fn get<T: Any + Send + Sync>(
    conn: &mut DbConn,
    load: impl FnOnce(&mut DbConn) -> QueryResult<T>,
) -> QueryResult<Arc<T>> {
    let Some((token, seen)) = version(conn)? else {
        return load(conn).map(Arc::new);
    };
    let cached = CACHE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .and_then(|m| m.get(&token).cloned());
    if let Some((v, known)) = cached {
        if v == seen {
            if let Ok(known) = known.downcast::<T>() {
                return Ok(known);
            }
        }
    }
    let fresh = Arc::new(load(conn)?);
    // Versions are random (never reused, even after a rollback), so an entry is right
    // for exactly its version; the last loaded is kept.
    CACHE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(HashMap::new)
        .insert(token, (seen, fresh.clone()));
    Ok(fresh)
}
