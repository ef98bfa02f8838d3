//! A stored version of the collective's priorities, and the checks a new version must
//! pass before it is kept. Versions are never changed: a new set is a new version.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use std::collections::BTreeSet;

use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::ledger::lines::{self, Lookup};
use crate::priorities::rules::PrioritySet;
use crate::priorities::store::{self, VersionRow};

/// Longest statement kept: a paragraph from an assembly, held to the same rules as
/// any note (no phone numbers or e-mail addresses either).
pub const MAX_STATEMENT_CHARS: usize = crate::notes::MAX_NOTE_CHARS;
pub const MAX_SEASON_NAME_CHARS: usize = 60;

/// One version of the priorities as the API shows it.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct Priorities {
    pub version: i64,
    pub set_by: String,
    #[serde(serialize_with = "crate::utc::serialize")]
    pub set_at: NaiveDateTime,
    pub priorities: PrioritySet,
}

impl Priorities {
    fn from_row(row: VersionRow) -> AppResult<Priorities> {
        let priorities = serde_json::from_str(&row.body).map_err(|e| {
            AppError::Internal(format!(
                "priority version {} does not parse: {e}",
                row.version
            ))
        })?;
        Ok(Priorities {
            version: row.version,
            set_by: row.set_by,
            set_at: row.set_at,
            priorities,
        })
    }
}

pub fn current(conn: &mut DbConn) -> AppResult<Option<Priorities>> {
    store::current(conn)?.map(Priorities::from_row).transpose()
}

/// The set in force, or a 409 telling who can state one: without the collective's
/// rules Haul has nothing to rank by, and it does not guess.
pub fn require_current(conn: &mut DbConn) -> AppResult<Priorities> {
    current(conn)?.ok_or_else(|| {
        AppError::conflict("the collective has not stated its priorities yet: a coordinator sets them on /priorities")
    })
}

pub fn version(conn: &mut DbConn, version: i64) -> AppResult<Option<Priorities>> {
    store::version(conn, version)?
        .map(Priorities::from_row)
        .transpose()
}

/// Every version, newest first.
pub fn history(conn: &mut DbConn) -> AppResult<Vec<Priorities>> {
    store::all(conn)?
        .into_iter()
        .map(Priorities::from_row)
        .collect()
}

/// Every problem with `set`: the rules' own checks against the catalogue, and what
/// Haul asks of any free text and date (no phone numbers, a plausible date).
pub fn check(conn: &mut DbConn, set: &PrioritySet, today: NaiveDate) -> AppResult<()> {
    let known: BTreeSet<String> = crate::catalog::store::all(conn)?
        .into_iter()
        .map(|c| c.slug)
        .collect();
    let mut lookup = Lookup::load(conn)?;
    if let Err(errors) = set.validate(&known) {
        for e in errors {
            lookup.push(&e.field, e.message);
        }
    }
    if set.statement.chars().count() > MAX_STATEMENT_CHARS {
        lookup.push(
            "statement",
            format!("the statement may be at most {MAX_STATEMENT_CHARS} characters"),
        );
    } else if let Err(problem) = crate::notes::check_note(&set.statement) {
        lookup.push("statement", problem.message());
    }
    for (i, season) in set.seasons.iter().enumerate() {
        if season.name.chars().count() > MAX_SEASON_NAME_CHARS {
            lookup.push(
                &format!("seasons[{i}].name"),
                format!("a season's name may be at most {MAX_SEASON_NAME_CHARS} characters"),
            );
        }
    }
    lines::check_date("stated_on", set.stated_on, today, &mut lookup);
    lookup.finish()
}

/// Checks `set` and keeps it as the next version, inside the caller's write
/// transaction. The same set as the one in force is not a change: it is answered
/// with the current version and `false`.
pub fn save(
    conn: &mut DbConn,
    set: &PrioritySet,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<(Priorities, bool)> {
    check(conn, set, now.date())?;
    let current = current(conn)?;
    if let Some(current) = current.as_ref().filter(|c| &c.priorities == set) {
        return Ok((current.clone(), false));
    }
    let body = serde_json::to_string(set)
        .map_err(|e| AppError::Internal(format!("priority set not serialisable: {e}")))?;
    let row = VersionRow {
        version: current.map_or(1, |c| c.version + 1),
        body,
        set_by: actor.to_string(),
        set_at: now,
    };
    store::insert(conn, &row)?;
    Ok((Priorities::from_row(row)?, true))
}
