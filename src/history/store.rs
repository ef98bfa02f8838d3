//! History queries: changes (a ledger cause and id) newest first, their entries with
//! names, and the facts of each kind of change for its detail page.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, max, min};
use diesel::prelude::*;

use crate::db::schema::{
    categories, corrections as co, handouts, intakes, ledger_entries as le, locations, movements,
    runs, vans,
};
use crate::db::DbConn;
use crate::ledger::Cause;

#[derive(Debug, Clone, Default)]
pub struct ChangeFilter {
    pub causes: Vec<&'static str>,
    pub location_id: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Keyset pagination: only changes whose newest entry is older than this entry id.
    pub before: Option<i64>,
    pub limit: i64,
}

/// One change in the list: the newest of its entries names its place in the order.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    pub cause: String,
    pub cause_id: i64,
    pub newest_entry: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub entries: i64,
}

/// Changes newest first, one row per ledger cause and id.
pub fn changes(conn: &mut DbConn, f: &ChangeFilter) -> QueryResult<Vec<ChangeRow>> {
    let mut q = le::table
        .group_by((le::cause, le::cause_id))
        .select((
            le::cause,
            le::cause_id,
            max(le::id),
            min(le::at),
            min(le::actor),
            count_star(),
        ))
        .filter(le::cause.eq_any(f.causes.clone()))
        .into_boxed();
    if let Some(id) = f.location_id {
        q = q.filter(le::location_id.eq(id));
    }
    if let Some(t) = f.from.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        q = q.filter(le::at.ge(t));
    }
    if let Some(t) =
        f.to.and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    {
        q = q.filter(le::at.lt(t));
    }
    if let Some(b) = f.before {
        q = q.having(max(le::id).lt(b));
    }
    let rows = q.order(max(le::id).desc()).limit(f.limit).load::<(
        String,
        i64,
        Option<i64>,
        Option<NaiveDateTime>,
        Option<String>,
        i64,
    )>(conn)?;
    Ok(rows
        .into_iter()
        .map(|(cause, cause_id, newest, at, actor, entries)| ChangeRow {
            cause,
            cause_id,
            newest_entry: newest.unwrap_or(0),
            at: at.unwrap_or_default(),
            actor: actor.unwrap_or_default(),
            entries,
        })
        .collect())
}

/// A ledger entry with the names a volunteer reads.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedEntry {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub cause: String,
    pub location: String,
    pub category: String,
    pub category_slug: String,
    pub condition: String,
    pub quantity: i64,
}

/// Names the entry's category in the language of `names` (slug → name).
pub fn rename(e: &mut NamedEntry, names: &std::collections::HashMap<String, String>) {
    if let Some(n) = names.get(&e.category_slug) {
        e.category = n.clone();
    }
}

/// The entries of one change (of any of `causes`, which a run has three of), oldest first.
pub fn named_entries(
    conn: &mut DbConn,
    causes: &[&'static str],
    id: i64,
) -> QueryResult<Vec<NamedEntry>> {
    let rows = le::table
        .inner_join(locations::table)
        .inner_join(categories::table)
        .filter(le::cause.eq_any(causes.to_vec()))
        .filter(le::cause_id.eq(id))
        .order(le::id.asc())
        .select((
            le::id,
            le::at,
            le::actor,
            le::cause,
            locations::name,
            categories::name,
            categories::slug,
            le::condition,
            le::quantity,
        ))
        .load::<(
            i64,
            NaiveDateTime,
            String,
            String,
            String,
            String,
            String,
            String,
            i64,
        )>(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, at, actor, cause, location, category, category_slug, condition, quantity)| {
                NamedEntry {
                    id,
                    at,
                    actor,
                    cause,
                    location,
                    category,
                    category_slug,
                    condition,
                    quantity,
                }
            },
        )
        .collect())
}

/// The source of each intake of `ids` (festival or donor), for the history list.
pub fn intake_sources(
    conn: &mut DbConn,
    ids: &[i64],
) -> QueryResult<std::collections::HashMap<i64, String>> {
    Ok(intakes::table
        .filter(intakes::id.eq_any(ids.to_vec()))
        .select((intakes::id, intakes::source))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

fn location_name(conn: &mut DbConn, id: i64) -> QueryResult<String> {
    locations::table
        .filter(locations::id.eq(id))
        .select(locations::name)
        .first(conn)
}

/// A change's author and its facts as (label, value) pairs.
pub type Described = (String, Vec<(&'static str, String)>);

/// The facts of a change, in words and names, with its author; `None` for no such change.
pub fn describe(conn: &mut DbConn, cause: Cause, id: i64) -> QueryResult<Option<Described>> {
    Ok(match cause {
        Cause::Intake => intakes::table
            .inner_join(locations::table)
            .filter(intakes::id.eq(id))
            .select((
                intakes::actor,
                intakes::source,
                locations::name,
                intakes::received_on,
                intakes::note,
            ))
            .first::<(String, String, String, NaiveDate, Option<String>)>(conn)
            .optional()?
            .map(|(actor, source, wh, on, note)| {
                let mut facts = vec![
                    ("Source", source),
                    ("Warehouse", wh),
                    ("Received on", on.to_string()),
                ];
                facts.extend(note.map(|n| ("Note", n)));
                (actor, facts)
            }),
        Cause::Handout => handouts::table
            .inner_join(locations::table)
            .filter(handouts::id.eq(id))
            .select((
                handouts::actor,
                locations::name,
                handouts::handed_out_on,
                handouts::note,
            ))
            .first::<(String, String, NaiveDate, Option<String>)>(conn)
            .optional()?
            .map(|(actor, site, on, note)| {
                let mut facts = vec![("Site", site), ("Handed out on", on.to_string())];
                facts.extend(note.map(|n| ("Note", n)));
                (actor, facts)
            }),
        Cause::Transfer | Cause::Regrade | Cause::Stocktake | Cause::Writeoff => {
            let row = movements::table
                .filter(movements::id.eq(id))
                .filter(movements::kind.eq(cause.as_str()))
                .select((
                    movements::actor,
                    movements::location_id,
                    movements::to_location_id,
                    movements::reason,
                ))
                .first::<(String, i64, Option<i64>, Option<String>)>(conn)
                .optional()?;
            match row {
                None => None,
                Some((actor, from, to, reason)) => {
                    let mut facts = vec![(
                        if to.is_some() { "From" } else { "At" },
                        location_name(conn, from)?,
                    )];
                    if let Some(to) = to {
                        facts.push(("To", location_name(conn, to)?));
                    }
                    facts.extend(reason.map(|r| ("Reason", r)));
                    Some((actor, facts))
                }
            }
        }
        Cause::Boxing => {
            use crate::db::schema::{box_actions, boxes};
            box_actions::table
                .inner_join(boxes::table.on(boxes::id.eq(box_actions::box_id)))
                .filter(box_actions::id.eq(id))
                .select((box_actions::actor, box_actions::kind, boxes::code))
                .first::<(String, String, String)>(conn)
                .optional()?
                .map(|(actor, kind, code)| (actor, vec![("Box", code), ("Action", kind)]))
        }
        Cause::Load | Cause::Delivery | Cause::Return => {
            let row = runs::table
                .inner_join(vans::table)
                .filter(runs::id.eq(id))
                .select((
                    runs::actor,
                    vans::name,
                    runs::origin_id,
                    runs::departs_on,
                    runs::status,
                ))
                .first::<(String, String, i64, NaiveDate, String)>(conn)
                .optional()?;
            match row {
                None => None,
                Some((actor, van, origin, on, status)) => Some((
                    actor,
                    vec![
                        ("Van", van),
                        ("From", location_name(conn, origin)?),
                        ("Departs on", on.to_string()),
                        ("Status", status),
                    ],
                )),
            }
        }
        Cause::PartnerDispatch | Cause::LostInTransit => crate::partners::history_facts(conn, id)?,
        Cause::Correction => co::table
            .filter(co::id.eq(id))
            .select((co::actor, co::of_cause, co::of_id, co::reason))
            .first::<(String, String, i64, String)>(conn)
            .optional()?
            .map(|(actor, of, of_id, reason)| {
                (
                    actor,
                    vec![("Corrects", format!("{of} #{of_id}")), ("Reason", reason)],
                )
            }),
    })
}

/// The corrections of each of `changes` (cause, id), oldest first: what the history
/// list marks as undone, reversed or corrected.
pub fn corrections_of_each(
    conn: &mut DbConn,
    changes: &[(String, i64)],
) -> QueryResult<
    std::collections::HashMap<(String, i64), Vec<crate::corrections::store::CorrectionRow>>,
> {
    let ids: Vec<i64> = changes.iter().map(|c| c.1).collect();
    let rows: Vec<crate::corrections::store::CorrectionRow> = co::table
        .filter(co::of_id.eq_any(ids))
        .order(co::id.asc())
        .load(conn)?;
    let mut of = std::collections::HashMap::<_, Vec<_>>::new();
    for r in rows {
        let key = (r.of_cause.clone(), r.of_id);
        if changes.contains(&key) {
            of.entry(key).or_default().push(r);
        }
    }
    Ok(of)
}

/// Every correction of a change, and of those corrections in turn, oldest first.
pub fn correction_tree(
    conn: &mut DbConn,
    cause: Cause,
    id: i64,
) -> QueryResult<Vec<crate::corrections::store::CorrectionRow>> {
    let mut all = Vec::new();
    let mut todo = vec![(cause, id)];
    while let Some((c, i)) = todo.pop() {
        for r in crate::corrections::store::corrections_of(conn, c, i)? {
            todo.push((Cause::Correction, r.id));
            all.push(r);
        }
    }
    all.sort_by_key(|r| r.id);
    Ok(all)
}
