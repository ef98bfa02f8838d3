//! Ledger and projection queries. No policy here: `apply` decides.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::catalog::Condition;
use crate::db::prepared::AddToStock;
use crate::db::schema::{categories, ledger_entries as le, locations, stock as st};
use crate::db::DbConn;
use crate::ledger::model::{Cause, EntryView, NewEntry, StockRow};
use crate::locations::LocationKind;

pub fn stock_quantity(conn: &mut DbConn, loc: i64, cat: i64, cond: &str) -> QueryResult<i64> {
    Ok(st::table
        .filter(st::location_id.eq(loc))
        .filter(st::category_id.eq(cat))
        .filter(st::condition.eq(cond))
        .select(st::quantity)
        .first::<i64>(conn)
        .optional()?
        .unwrap_or(0))
}

/// Adds `delta` to one projection row unless that would take it below zero, in one
/// statement that locks the row (PostgreSQL) until the transaction ends. Answers the
/// new quantity, or `None` when there is not enough. A row that does not exist yet is
/// made (at zero when `delta` is zero, so the key is locked all the same; the caller
/// removes rows left at zero).
///
/// The row usually exists, so the change is first tried as a conditional `UPDATE`
/// (prepared once per connection, see `db::prepared`); only a key never stocked
/// before takes the insert. That insert is an upsert so that on PostgreSQL two
/// transactions making the same new row cannot fail: the second waits for the first
/// and adds to its row.
pub fn change_stock(
    conn: &mut DbConn,
    loc: i64,
    cat: i64,
    cond: &str,
    delta: i64,
) -> QueryResult<Option<i64>> {
    let update = AddToStock::new(loc, cat, cond, delta);
    let updated = match conn {
        DbConn::Sqlite(c) => update.get_result::<i64>(c),
        DbConn::Pg(c) => update.get_result::<i64>(c),
    }
    .optional()?;
    if updated.is_some() || delta < 0 {
        return Ok(updated);
    }
    let new = (
        st::location_id.eq(loc),
        st::category_id.eq(cat),
        st::condition.eq(cond),
        st::quantity.eq(delta),
    );
    let target = (st::location_id, st::category_id, st::condition);
    let add = st::quantity.eq(st::quantity + delta);
    // Upserts exist on each backend but not on the multi-backend type.
    match conn {
        DbConn::Sqlite(c) => diesel::insert_into(st::table)
            .values(new)
            .on_conflict(target)
            .do_update()
            .set(add)
            .returning(st::quantity)
            .get_result(c),
        DbConn::Pg(c) => diesel::insert_into(st::table)
            .values(new)
            .on_conflict(target)
            .do_update()
            .set(add)
            .returning(st::quantity)
            .get_result(c),
    }
    .map(Some)
}

/// Locks every projection row at a place until the transaction ends, in the key
/// order `change_stock` takes them (so the two cannot deadlock). PostgreSQL only:
/// SQLite's writes are one at a time already.
pub fn lock_stock_at(conn: &mut DbConn, loc: i64) -> QueryResult<()> {
    if let DbConn::Pg(c) = conn {
        st::table
            .filter(st::location_id.eq(loc))
            .order((st::category_id.asc(), st::condition.asc()))
            .select(st::location_id)
            .for_update()
            .load::<i64>(c)?;
    }
    Ok(())
}

/// Removes a projection row left at zero.
pub fn remove_empty_stock(conn: &mut DbConn, loc: i64, cat: i64, cond: &str) -> QueryResult<()> {
    diesel::delete(
        st::table
            .filter(st::location_id.eq(loc))
            .filter(st::category_id.eq(cat))
            .filter(st::condition.eq(cond))
            .filter(st::quantity.eq(0)),
    )
    .execute(conn)?;
    Ok(())
}

/// Changes of at most this many entries insert them one statement each: one
/// statement prepared once serves them all, where a multi-row insert is prepared
/// again for every length.
const ONE_BY_ONE: usize = 8;

pub fn insert_entries(conn: &mut DbConn, entries: &[NewEntry]) -> QueryResult<usize> {
    if entries.len() <= ONE_BY_ONE {
        let mut n = 0;
        for e in entries {
            n += diesel::insert_into(le::table).values(e).execute(conn)?;
        }
        return Ok(n);
    }
    // Chunked to stay under SQLite's bound-parameter limit.
    let mut n = 0;
    for chunk in entries.chunks(500) {
        // Multi-row INSERT exists on each backend but not on the multi-backend type.
        n += match conn {
            DbConn::Sqlite(c) => diesel::insert_into(le::table).values(chunk).execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(le::table).values(chunk).execute(c)?,
        };
    }
    Ok(n)
}

#[derive(Debug, Clone, Default)]
pub struct StockFilter {
    pub location_id: Option<i64>,
    pub category_id: Option<i64>,
    pub condition: Option<Condition>,
    pub kind: Option<LocationKind>,
}

pub fn stock(conn: &mut DbConn, f: &StockFilter) -> QueryResult<Vec<StockRow>> {
    let mut q = st::table
        .inner_join(locations::table)
        .inner_join(categories::table)
        .filter(st::quantity.gt(0))
        .select((
            locations::slug,
            locations::name,
            locations::kind,
            categories::slug,
            categories::name,
            st::condition,
            st::quantity,
        ))
        .into_boxed();
    if let Some(id) = f.location_id {
        q = q.filter(st::location_id.eq(id));
    }
    if let Some(id) = f.category_id {
        q = q.filter(st::category_id.eq(id));
    }
    if let Some(c) = f.condition {
        q = q.filter(st::condition.eq(c));
    }
    if let Some(k) = f.kind {
        q = q.filter(locations::kind.eq(k));
    }
    let rows = q
        .order((
            locations::slug.asc(),
            categories::slug.asc(),
            st::condition.asc(),
        ))
        .load::<(String, String, LocationKind, String, String, Condition, i64)>(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                location,
                location_name,
                location_kind,
                category,
                category_name,
                condition,
                quantity,
            )| StockRow {
                location,
                location_name,
                location_kind,
                category,
                category_name,
                condition,
                quantity,
            },
        )
        .collect())
}

/// Every projection row, as ids: for `check`. A word that is no condition is an error.
pub fn projection_keys(conn: &mut DbConn) -> QueryResult<Vec<(i64, i64, Condition, i64)>> {
    st::table
        .select((
            st::location_id,
            st::category_id,
            st::condition,
            st::quantity,
        ))
        .load(conn)
}

/// Every projection row with the condition as the database holds it (tests compare it
/// with their own model).
pub fn projection(conn: &mut DbConn) -> QueryResult<Vec<(i64, i64, String, i64)>> {
    st::table
        .select((
            st::location_id,
            st::category_id,
            st::condition,
            st::quantity,
        ))
        .load(conn)
}

/// Every ledger entry's key and quantity, in id order: for `check`.
pub fn entry_keys(conn: &mut DbConn) -> QueryResult<Vec<(i64, i64, Condition, i64)>> {
    le::table
        .order(le::id.asc())
        .select((
            le::location_id,
            le::category_id,
            le::condition,
            le::quantity,
        ))
        .load(conn)
}

#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    pub location_id: Option<i64>,
    pub category_id: Option<i64>,
    pub condition: Option<Condition>,
    pub cause: Option<Cause>,
    pub cause_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Keyset pagination: only entries with a smaller id.
    pub before_id: Option<i64>,
    pub limit: i64,
}

/// Entries newest first.
pub fn entries(conn: &mut DbConn, f: &EntryFilter) -> QueryResult<Vec<EntryView>> {
    let mut q = le::table
        .inner_join(locations::table)
        .inner_join(categories::table)
        .select((
            le::id,
            le::at,
            le::actor,
            le::cause,
            le::cause_id,
            locations::slug,
            categories::slug,
            le::condition,
            le::quantity,
        ))
        .into_boxed();
    if let Some(id) = f.location_id {
        q = q.filter(le::location_id.eq(id));
    }
    if let Some(id) = f.category_id {
        q = q.filter(le::category_id.eq(id));
    }
    if let Some(c) = f.condition {
        q = q.filter(le::condition.eq(c));
    }
    if let Some(c) = f.cause {
        q = q.filter(le::cause.eq(c));
    }
    if let Some(id) = f.cause_id {
        q = q.filter(le::cause_id.eq(id));
    }
    if let Some(d) = f.from {
        q = q.filter(le::at.ge(d.and_hms_opt(0, 0, 0).unwrap_or_default()));
    }
    if let Some(d) = f.to.and_then(|d| d.succ_opt()) {
        q = q.filter(le::at.lt(d.and_hms_opt(0, 0, 0).unwrap_or_default()));
    }
    if let Some(id) = f.before_id {
        q = q.filter(le::id.lt(id));
    }
    let rows = q.order(le::id.desc()).limit(f.limit).load::<(
        i64,
        chrono::NaiveDateTime,
        String,
        Cause,
        i64,
        String,
        String,
        Condition,
        i64,
    )>(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, at, actor, cause, cause_id, location, category, condition, quantity)| EntryView {
                id,
                at,
                actor,
                cause,
                cause_id,
                location,
                category,
                condition,
                quantity,
            },
        )
        .collect())
}

/// Items ever moved at a location by one cause, by category id, whatever the sign
/// (intakes add, hand-outs take): forms list the categories a place uses most first.
pub fn use_by_category(
    conn: &mut DbConn,
    location_id: i64,
    cause: &str,
) -> QueryResult<std::collections::HashMap<i64, i64>> {
    let rows = le::table
        .filter(le::cause.eq(cause.to_string()))
        .filter(le::location_id.eq(location_id))
        .select((le::category_id, le::quantity))
        .load::<(i64, i64)>(conn)?;
    let mut counts = std::collections::HashMap::new();
    for (category, quantity) in rows {
        *counts.entry(category).or_insert(0) += quantity.abs();
    }
    Ok(counts)
}

/// Categories most used first (by `counts`, from `use_by_category`), then by name.
pub fn sort_by_use(
    categories: &mut [crate::catalog::Category],
    counts: &std::collections::HashMap<i64, i64>,
) {
    let used = |c: &crate::catalog::Category| counts.get(&c.id).copied().unwrap_or(0);
    categories.sort_by(|a, b| used(b).cmp(&used(a)).then_with(|| a.name.cmp(&b.name)));
}
