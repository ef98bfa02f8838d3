//! Intake queries.

use chrono::NaiveDate;
use diesel::prelude::*;
use std::collections::BTreeMap;

use crate::catalog::Condition;
use crate::db::schema::{categories, intakes as i, ledger_entries as le, locations};
use crate::db::DbConn;
use crate::intake::model::{IntakeView, NewIntake};
use crate::ledger::lines::LineView;

pub fn insert(conn: &mut DbConn, new: &NewIntake) -> QueryResult<i64> {
    crate::insert_returning_id!(conn, i::table, new, i::id)
}

#[derive(Debug, Clone, Default)]
pub struct IntakeFilter {
    pub warehouse_id: Option<i64>,
    pub source: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: i64,
}

/// Intakes newest first, each with its lines read back from the ledger.
pub fn list(conn: &mut DbConn, f: &IntakeFilter) -> QueryResult<Vec<IntakeView>> {
    let mut q = i::table
        .inner_join(locations::table)
        .select((
            i::id,
            i::source,
            locations::slug,
            i::received_on,
            i::note,
            i::actor,
        ))
        .into_boxed();
    if let Some(id) = f.warehouse_id {
        q = q.filter(i::warehouse_id.eq(id));
    }
    if let Some(s) = &f.source {
        q = q.filter(i::source.eq(s.clone()));
    }
    if let Some(d) = f.from {
        q = q.filter(i::received_on.ge(d));
    }
    if let Some(d) = f.to {
        q = q.filter(i::received_on.le(d));
    }
    let heads = q
        .order((i::received_on.desc(), i::id.desc()))
        .limit(f.limit)
        .load::<(i64, String, String, NaiveDate, Option<String>, String)>(conn)?;
    let ids: Vec<i64> = heads.iter().map(|h| h.0).collect();
    let mut lines: BTreeMap<i64, Vec<LineView>> = BTreeMap::new();
    for chunk in ids.chunks(500) {
        let rows = le::table
            .inner_join(categories::table)
            .filter(le::cause.eq("intake"))
            .filter(le::cause_id.eq_any(chunk))
            .order(le::id.asc())
            .select((le::cause_id, categories::slug, le::condition, le::quantity))
            .load::<(i64, String, Condition, i64)>(conn)?;
        for (id, category, condition, quantity) in rows {
            lines.entry(id).or_default().push(LineView {
                category,
                condition: condition.to_string(),
                quantity,
            });
        }
    }
    Ok(heads
        .into_iter()
        .map(
            |(id, source, warehouse, received_on, note, actor)| IntakeView {
                id,
                source,
                warehouse,
                received_on,
                note,
                actor,
                lines: lines.remove(&id).unwrap_or_default(),
            },
        )
        .collect())
}

/// The source and warehouse (slug) of `actor`'s latest intake: the next form starts there.
pub fn last_by(conn: &mut DbConn, actor: &str) -> QueryResult<Option<(String, String)>> {
    i::table
        .inner_join(locations::table)
        .filter(i::actor.eq(actor))
        .order(i::id.desc())
        .select((i::source, locations::slug))
        .first::<(String, String)>(conn)
        .optional()
}

/// The sources of the latest intakes, newest first, each spelling once: what the
/// intake form offers to pick from (`limit` of them, from the last 500 intakes).
pub fn recent_sources(conn: &mut DbConn, limit: usize) -> QueryResult<Vec<String>> {
    let latest = i::table
        .order(i::id.desc())
        .select(i::source)
        .limit(500)
        .load::<String>(conn)?;
    let mut seen = std::collections::HashSet::new();
    Ok(latest
        .into_iter()
        .filter(|s| seen.insert(s.clone()))
        .take(limit)
        .collect())
}

/// One saved intake in words: source, warehouse name, actor, and its lines as
/// (category name in `lang`, condition, quantity) in the order they were written.
pub struct IntakeSummary {
    pub source: String,
    pub warehouse_name: String,
    pub actor: String,
    pub lines: Vec<(String, String, i64)>,
}

pub fn summary(
    conn: &mut DbConn,
    id: i64,
    lang: crate::i18n::Lang,
) -> QueryResult<Option<IntakeSummary>> {
    let Some((source, warehouse_name, actor)) = i::table
        .inner_join(locations::table)
        .filter(i::id.eq(id))
        .select((i::source, locations::name, i::actor))
        .first::<(String, String, String)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let lines = le::table
        .inner_join(categories::table)
        .filter(le::cause.eq("intake"))
        .filter(le::cause_id.eq(id))
        .order(le::id.asc())
        .select((categories::slug, le::condition, le::quantity))
        .load::<(String, String, i64)>(conn)?;
    let names = crate::catalog::names::in_lang(conn, lang)?;
    let lines = lines
        .into_iter()
        .map(|(slug, condition, n)| (names.get(&slug).cloned().unwrap_or(slug), condition, n))
        .collect();
    Ok(Some(IntakeSummary {
        source,
        warehouse_name,
        actor,
        lines,
    }))
}
