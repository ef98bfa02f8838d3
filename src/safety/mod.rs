//! Safety if the laptop is seized (issue 15): lock now (every session and token revoked
//! at once; an encrypted database is closed and its key forgotten), the audit trail of
//! what was locked or forgotten, and the start-up watch that applies a `haul lock` or
//! `haul unlock` run from the command line.

pub mod forget;
pub mod pages;

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Mutex;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{audit_log as al, lockdown as ld, sessions};
use crate::db::DbConn;
use crate::error::AppError;
use crate::state::AppState;

/// What the guard checks on every request, in memory so that a lock takes effect on the
/// very next request, cached token roles included.
pub struct Lockdown {
    /// Unix seconds; a token issued at or before it is refused. `i64::MIN`: none.
    revoked_before: AtomicI64,
    /// A plain database was locked: every login is refused until `haul unlock`.
    locked: AtomicBool,
    /// Set when the server stopped because of a lock.
    stopped: AtomicBool,
    server: Mutex<Option<actix_web::dev::ServerHandle>>,
}

impl Default for Lockdown {
    fn default() -> Self {
        Lockdown {
            revoked_before: AtomicI64::new(i64::MIN),
            locked: AtomicBool::new(false),
            stopped: AtomicBool::new(false),
            server: Mutex::new(None),
        }
    }
}

impl Lockdown {
    /// Whether a token issued at `issued_at` (Unix seconds) was revoked by a lock.
    pub fn revokes(&self, issued_at: i64) -> bool {
        issued_at <= self.revoked_before.load(Ordering::SeqCst)
    }

    pub fn is_locked(&self) -> bool {
        self.locked.load(Ordering::SeqCst)
    }

    /// Whether the server stopped because Haul was locked.
    pub fn stopped_by_lock(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// The server to stop when an encrypted database is locked.
    pub fn set_server(&self, handle: actix_web::dev::ServerHandle) {
        *self.server.lock().unwrap_or_else(|e| e.into_inner()) = Some(handle);
    }

    fn apply(&self, row: &State) -> bool {
        let secs = row
            .revoked_before
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(i64::MIN);
        let before = self.revoked_before.swap(secs, Ordering::SeqCst);
        self.locked.store(row.locked_at.is_some(), Ordering::SeqCst);
        secs > before
    }

    /// Stops the server shortly (so the page saying so is still sent).
    fn stop_server(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        let handle = self.server.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(handle) = handle {
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(300));
                // `stop` sends its command at once; the future only waits for the end.
                drop(handle.stop(false));
            });
        }
    }
}

/// The one lockdown row.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = ld)]
pub struct State {
    pub revoked_before: Option<NaiveDateTime>,
    pub locked_at: Option<NaiveDateTime>,
}

pub fn state(conn: &mut DbConn) -> QueryResult<State> {
    ld::table
        .filter(ld::id.eq(1))
        .select(State::as_select())
        .first(conn)
}

/// One line in the audit trail: what kind of thing was done, never the text it removed.
/// `detail` is a label (`retired-site-1`), never a sentence: sentences are `facts`.
pub fn audit(
    conn: &mut DbConn,
    at: NaiveDateTime,
    actor: &str,
    action: &str,
    detail: &str,
) -> QueryResult<usize> {
    audit_line(conn, at, actor, action, detail, None)
}

/// What an audit line says, kept as facts and worded when the Safety page is read, in
/// its reader's language (`safety-facts-*`). Older lines have only their English detail.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "what", rename_all = "kebab-case")]
pub enum AuditFacts {
    /// Every token and `sessions` sessions revoked; with `refuse_logins` (a plain
    /// database) logins stay refused until `haul unlock`, else the server closed the
    /// encrypted database and forgot its key.
    Locked {
        sessions: i64,
        refuse_logins: bool,
    },
    Unlocked,
    /// `n` notes, reasons and stated-by older than `days` days blanked.
    NotesForgotten {
        n: i64,
        days: i64,
    },
}

impl AuditFacts {
    pub fn parse(stored: Option<&str>) -> Option<AuditFacts> {
        stored.and_then(|s| serde_json::from_str(s).ok())
    }

    /// The line in the current language.
    pub fn words(&self) -> String {
        match self {
            AuditFacts::Locked {
                sessions,
                refuse_logins: true,
            } => crate::t!("safety-facts-locked-plain", sessions = *sessions),
            AuditFacts::Locked { sessions, .. } => {
                crate::t!("safety-facts-locked-encrypted", sessions = *sessions)
            }
            AuditFacts::Unlocked => crate::t!("safety-facts-unlocked"),
            AuditFacts::NotesForgotten { n, days } => {
                crate::t!("safety-facts-notes-forgotten", n = *n, days = *days)
            }
        }
    }
}

/// An audit line told by its facts (its `detail` left empty).
pub fn audit_facts(
    conn: &mut DbConn,
    at: NaiveDateTime,
    actor: &str,
    action: &str,
    facts: &AuditFacts,
) -> QueryResult<usize> {
    let facts = serde_json::to_string(facts).ok();
    audit_line(conn, at, actor, action, "", facts)
}

fn audit_line(
    conn: &mut DbConn,
    at: NaiveDateTime,
    actor: &str,
    action: &str,
    detail: &str,
    facts: Option<String>,
) -> QueryResult<usize> {
    diesel::insert_into(al::table)
        .values((
            al::at.eq(at),
            al::actor.eq(actor),
            al::action.eq(action),
            al::detail.eq(detail),
            al::facts.eq(facts),
        ))
        .execute(conn)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = al)]
pub struct AuditEntry {
    pub at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    /// A label, or (on lines written before facts were kept) an English sentence.
    pub detail: String,
    pub facts: Option<String>,
}

impl AuditEntry {
    pub fn facts(&self) -> Option<AuditFacts> {
        AuditFacts::parse(self.facts.as_deref())
    }
}

pub fn audit_entries(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<AuditEntry>> {
    al::table
        .order(al::id.desc())
        .limit(limit)
        .select(AuditEntry::as_select())
        .load(conn)
}

/// Revokes every session and token issued up to `now`; with `refuse_logins` (a plain
/// database) logins stay refused until `unlock`.
pub fn lock(
    conn: &mut DbConn,
    now: NaiveDateTime,
    actor: &str,
    refuse_logins: bool,
) -> Result<State, AppError> {
    let state = State {
        revoked_before: Some(now),
        locked_at: refuse_logins.then_some(now),
    };
    diesel::update(ld::table.filter(ld::id.eq(1)))
        .set((
            ld::revoked_before.eq(state.revoked_before),
            ld::locked_at.eq(state.locked_at),
        ))
        .execute(conn)?;
    let ended = diesel::delete(sessions::table).execute(conn)?;
    let facts = AuditFacts::Locked {
        sessions: ended as i64,
        refuse_logins,
    };
    audit_facts(conn, now, actor, "lock", &facts)?;
    Ok(state)
}

/// Lets logins in again after a lock of a plain database.
pub fn unlock(conn: &mut DbConn, now: NaiveDateTime, actor: &str) -> Result<bool, AppError> {
    let was = state(conn)?.locked_at.is_some();
    diesel::update(ld::table.filter(ld::id.eq(1)))
        .set(ld::locked_at.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    if was {
        audit_facts(conn, now, actor, "unlock", &AuditFacts::Unlocked)?;
    }
    Ok(was)
}

/// Locks from a coordinator's request: revokes everything in the database and in
/// memory; an encrypted database's key is forgotten and the server stops.
pub async fn lock_now(state: &AppState, actor: &str) -> Result<bool, AppError> {
    let encrypted = state.db.is_encrypted();
    let now = state.clock.now();
    let who = actor.to_string();
    let row = state
        .db
        .write(move |c| lock(c, now, &who, !encrypted))
        .await?;
    state.auth.lockdown.apply(&row);
    if encrypted {
        state.db.forget_key();
        state.auth.lockdown.stop_server();
    }
    Ok(encrypted)
}

/// Reads the lockdown row into memory (at start).
pub fn load(state: &AppState) -> Result<(), AppError> {
    let row = state.db.read_blocking(|c| Ok(self::state(c)?))?;
    state.auth.lockdown.apply(&row);
    Ok(())
}

/// Watches the lockdown row so that `haul lock` and `haul unlock`, run from the command
/// line, reach the running server within `WATCH_EVERY`.
pub fn watch(state: AppState) {
    std::thread::spawn(move || loop {
        std::thread::sleep(WATCH_EVERY);
        if state.auth.lockdown.stopped_by_lock() {
            return;
        }
        let Ok(row) = state.db.read_blocking(|c| Ok(self::state(c)?)) else {
            continue;
        };
        let newly_revoked = state.auth.lockdown.apply(&row);
        if newly_revoked && state.db.is_encrypted() {
            tracing::warn!("Haul was locked from the command line: closing the database");
            state.db.forget_key();
            state.auth.lockdown.stop_server();
            return;
        }
    });
}

pub const WATCH_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revokes_tokens_issued_up_to_the_lock_second() {
        let l = Lockdown::default();
        assert!(!l.revokes(1_700_000_000));
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 500_000_000)
            .expect("time")
            .naive_utc();
        let newly = l.apply(&State {
            revoked_before: Some(at),
            locked_at: None,
        });
        assert!(newly);
        assert!(l.revokes(1_699_999_000));
        assert!(l.revokes(1_700_000_000));
        assert!(!l.revokes(1_700_000_001));
        assert!(!l.is_locked());
        assert!(!l.apply(&State {
            revoked_before: Some(at),
            locked_at: Some(at),
        }));
        assert!(l.is_locked());
    }
}
