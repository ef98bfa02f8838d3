//! History queries: changes (a ledger cause and id) newest first, their entries with
//! names, and the facts of each kind of change for its detail page.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, max, min};
use diesel::prelude::*;

use crate::catalog::Condition;
use crate::db::schema::{
    categories, corrections as co, handouts, intakes, ledger_entries as le, locations, movements,
    runs, vans,
};
use crate::db::DbConn;
use crate::ledger::Cause;

#[derive(Debug, Clone, Default)]
pub struct ChangeFilter {
    pub causes: Vec<Cause>,
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
    pub cause: Cause,
    pub cause_id: i64,
    pub newest_entry: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub entries: i64,
}

/// The filter's place and date range on a boxed query of ledger entries.
macro_rules! narrow {
    ($q:expr, $f:expr) => {{
        let mut q = $q;
        if let Some(id) = $f.location_id {
            q = q.filter(le::location_id.eq(id));
        }
        if let Some(t) = day_start($f.from) {
            q = q.filter(le::at.ge(t));
        }
        if let Some(t) = $f.to.and_then(|d| day_start(d.succ_opt())) {
            q = q.filter(le::at.lt(t));
        }
        q
    }};
}

/// Changes newest first, one row per ledger cause and id.
///
/// The work is proportional to the page, not to the ledger: each cause's entries are
/// walked newest first on the `(cause, id)` index (the walks merged by id), collecting
/// distinct changes until the page is full; only those changes' entries are then
/// summed, on the `(cause, cause_id)` index. A date range first narrows the walk to
/// the ids of that range (read on the `at` index). Grouping the whole ledger instead
/// took 3.4 s over a million entries (docs/benchmarks.md).
pub fn changes(conn: &mut DbConn, f: &ChangeFilter) -> QueryResult<Vec<ChangeRow>> {
    let limit = usize::try_from(f.limit).unwrap_or(0);
    if limit == 0 || f.causes.is_empty() {
        return Ok(Vec::new());
    }
    let Some((lowest, highest)) = id_range(conn, f)? else {
        return Ok(Vec::new());
    };
    // Entries with ids at or above `before` belong to changes already listed.
    let below = match f.before {
        Some(b) => b.min(highest.saturating_add(1)),
        None => highest.saturating_add(1),
    };
    let mut walks: Vec<CauseWalk> = f
        .causes
        .iter()
        .map(|&cause| CauseWalk::new(cause, below, lowest))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut rows: Vec<ChangeRow> = Vec::new();
    let mut candidates: Vec<(Cause, i64)> = Vec::new();
    loop {
        let mut newest: Option<(usize, i64)> = None;
        for (i, w) in walks.iter_mut().enumerate() {
            if let Some(id) = w.peek(conn, f)? {
                if newest.is_none_or(|(_, best)| id > best) {
                    newest = Some((i, id));
                }
            }
        }
        let exhausted = newest.is_none();
        if let Some((i, _)) = newest {
            let w = &mut walks[i];
            if let Some((_, cause_id)) = w.pop() {
                if seen.insert((w.cause, cause_id)) {
                    candidates.push((w.cause, cause_id));
                }
            }
        }
        if candidates.len() >= limit - rows.len() || (exhausted && !candidates.is_empty()) {
            let found = summarise(conn, f, &candidates)?;
            candidates.clear();
            // A change with a newer entry at or above `before` was on an earlier page.
            rows.extend(
                found
                    .into_iter()
                    .filter(|r| f.before.is_none_or(|b| r.newest_entry < b)),
            );
        }
        if rows.len() >= limit || exhausted {
            break;
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.newest_entry));
    rows.truncate(limit);
    Ok(rows)
}

/// The ids the filter's entries can have: all of them, or with a date range, from the
/// smallest to the largest id of an entry in the range. `None`: no entry at all.
fn id_range(conn: &mut DbConn, f: &ChangeFilter) -> QueryResult<Option<(i64, i64)>> {
    let (from, to) = (
        day_start(f.from),
        f.to.and_then(|d| day_start(d.succ_opt())),
    );
    // `id + 0`, so that PostgreSQL reads the range on the `at` index rather than walk
    // the primary key from one end (see `exports::store::ledger_ids`).
    let mut q = le::table
        .select((min(le::id + 0_i64), max(le::id + 0_i64)))
        .into_boxed();
    if from.is_none() && to.is_none() {
        // Every id: the primary key's two ends.
        return Ok(le::table
            .select(max(le::id))
            .first::<Option<i64>>(conn)?
            .map(|top| (0, top)));
    }
    if let Some(t) = from {
        q = q.filter(le::at.ge(t));
    }
    if let Some(t) = to {
        q = q.filter(le::at.lt(t));
    }
    let (low, high) = q.first::<(Option<i64>, Option<i64>)>(conn)?;
    Ok(low.zip(high))
}

fn day_start(d: Option<NaiveDate>) -> Option<NaiveDateTime> {
    d.and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// One cause's entries newest first, read a batch at a time (each batch twice the
/// last, so a page of rare changes among common ones costs few queries).
struct CauseWalk {
    cause: Cause,
    /// Ids below this are still to read.
    below: i64,
    /// No entry has an id below this.
    lowest: i64,
    batch: i64,
    /// Read and not yet taken, newest first: (id, cause id).
    buffer: std::collections::VecDeque<(i64, i64)>,
    done: bool,
}

impl CauseWalk {
    fn new(cause: Cause, below: i64, lowest: i64) -> Self {
        CauseWalk {
            cause,
            below,
            lowest,
            batch: 64,
            buffer: Default::default(),
            done: false,
        }
    }

    /// The id of the next entry, reading the next batch when needed.
    fn peek(&mut self, conn: &mut DbConn, f: &ChangeFilter) -> QueryResult<Option<i64>> {
        if self.buffer.is_empty() && !self.done {
            let q = le::table
                .filter(le::cause.eq(self.cause))
                .filter(le::id.lt(self.below))
                .filter(le::id.ge(self.lowest))
                .select((le::id, le::cause_id))
                .into_boxed();
            let q = narrow!(q, f);
            let read: Vec<(i64, i64)> = q.order(le::id.desc()).limit(self.batch).load(conn)?;
            self.done = (read.len() as i64) < self.batch;
            if let Some(&(last, _)) = read.last() {
                self.below = last;
            }
            self.buffer.extend(read);
            self.batch = (self.batch * 2).min(4096);
        }
        Ok(self.buffer.front().map(|e| e.0))
    }

    fn pop(&mut self) -> Option<(i64, i64)> {
        self.buffer.pop_front()
    }
}

/// Each change's newest entry, time, author and number of entries, counting only the
/// entries the filter keeps (as the list shows them).
fn summarise(
    conn: &mut DbConn,
    f: &ChangeFilter,
    changes: &[(Cause, i64)],
) -> QueryResult<Vec<ChangeRow>> {
    let mut by_cause: std::collections::HashMap<Cause, Vec<i64>> = Default::default();
    for &(cause, id) in changes {
        by_cause.entry(cause).or_default().push(id);
    }
    let mut rows = Vec::new();
    for (cause, ids) in by_cause {
        let q = le::table
            .filter(le::cause.eq(cause))
            .filter(le::cause_id.eq_any(ids))
            .group_by(le::cause_id)
            .select((
                le::cause_id,
                max(le::id),
                min(le::at),
                min(le::actor),
                count_star(),
            ))
            .into_boxed();
        let found = narrow!(q, f)
            .load::<(i64, Option<i64>, Option<NaiveDateTime>, Option<String>, i64)>(conn)?;
        rows.extend(
            found
                .into_iter()
                .map(|(cause_id, newest, at, actor, entries)| ChangeRow {
                    cause,
                    cause_id,
                    newest_entry: newest.unwrap_or(0),
                    at: at.unwrap_or_default(),
                    actor: actor.unwrap_or_default(),
                    entries,
                }),
        );
    }
    Ok(rows)
}

/// A ledger entry with the names a volunteer reads.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedEntry {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub cause: Cause,
    pub location: String,
    pub category: String,
    pub category_slug: String,
    pub condition: Condition,
    pub quantity: i64,
}

/// Names the entry's category in the language of `names` (slug → name).
pub fn rename(e: &mut NamedEntry, names: &std::collections::HashMap<String, String>) {
    if let Some(n) = names.get(&e.category_slug) {
        e.category = n.clone();
    }
}

/// The entries of one change (of any of `causes`, which a run has three of), oldest first.
pub fn named_entries(conn: &mut DbConn, causes: &[Cause], id: i64) -> QueryResult<Vec<NamedEntry>> {
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
            Cause,
            String,
            String,
            String,
            Condition,
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
    changes: &[(Cause, i64)],
) -> QueryResult<
    std::collections::HashMap<(Cause, i64), Vec<crate::corrections::store::CorrectionRow>>,
> {
    let ids: Vec<i64> = changes.iter().map(|c| c.1).collect();
    let rows: Vec<crate::corrections::store::CorrectionRow> = co::table
        .filter(co::of_id.eq_any(ids))
        .order(co::id.asc())
        .load(conn)?;
    let mut of = std::collections::HashMap::<_, Vec<_>>::new();
    for r in rows {
        let key = (r.of_cause, r.of_id);
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
