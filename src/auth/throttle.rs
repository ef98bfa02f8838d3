//! Login throttling, bounded so an attacker cannot turn it against someone else.
//!
//! Every attempt reserves a slot BEFORE its password is checked, under one lock, so
//! parallel requests cannot all slip past the check; a success gives the slot back.
//! Three counters, each over a 15-minute window (after OWASP ASVS V6.3 and Vaultwarden):
//! - one handle from one address: 5 failures. Only that address is held back, so
//!   failing as the coordinator from elsewhere does not lock the coordinator out;
//! - one address, any handles: 20 failures (guessing across many accounts);
//! - one handle, any addresses: 50 failures (guessing from many addresses).
//!
//! The last two do not apply to a handle that has logged in from that address within
//! `KNOWN_FOR`: made-up handles from a shared address (a café, the reverse proxy
//! when `HAUL_TRUSTED_PROXY` is not set) cannot lock out a volunteer who works from
//! there.
//!
//! `Throttle` keeps the counters in memory (one process); `shared` keeps the same
//! counters in the database, so several `haul serve` processes on one database count
//! one volunteer's failures together. The server uses `shared`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const MAX_FAILURES_PER_PAIR: u32 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;
pub const MAX_FAILURES_PER_HANDLE: u32 = 50;
/// How long a successful login makes a handle "known" at its address.
pub const KNOWN_FOR: Duration = Duration::from_secs(30 * 24 * 3600);
/// Above this many counters, expired ones are dropped (made-up handles cost memory).
const PRUNE_ABOVE: usize = 10_000;

#[derive(Default)]
struct Counters {
    failures: HashMap<String, (u32, Instant)>,
    known: HashMap<String, Instant>,
}

#[derive(Default)]
pub struct Throttle {
    inner: Mutex<Counters>,
}

/// A reserved attempt: counted as a failure until `Throttle::succeeded` gives it back.
#[derive(Debug)]
pub struct Attempt {
    keys: [String; 3],
}

fn pair_key(h: &str, a: &str) -> String {
    format!("p:{}\n{a}", h.to_lowercase())
}
fn handle_key(h: &str) -> String {
    format!("h:{}", h.to_lowercase())
}
fn address_key(a: &str) -> String {
    format!("a:{a}")
}

impl Throttle {
    /// Counts the attempt, or answers the seconds to wait when a limit is reached.
    pub fn reserve(&self, handle: &str, address: &str, now: Instant) -> Result<Attempt, u64> {
        let mut c = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if c.failures.len() > PRUNE_ABOVE {
            c.failures
                .retain(|_, (_, since)| now.duration_since(*since) <= WINDOW);
            c.known.retain(|_, at| now.duration_since(*at) <= KNOWN_FOR);
        }
        let pair = pair_key(handle, address);
        let known = c
            .known
            .get(&pair)
            .is_some_and(|at| now.duration_since(*at) <= KNOWN_FOR);
        let keys = [pair, address_key(address), handle_key(handle)];
        let limits = [
            Some(MAX_FAILURES_PER_PAIR),
            (!known).then_some(MAX_FAILURES_PER_ADDRESS),
            (!known).then_some(MAX_FAILURES_PER_HANDLE),
        ];
        let wait = keys
            .iter()
            .zip(limits)
            .filter_map(|(k, max)| {
                let (n, since) = c.failures.get(k)?;
                let left = WINDOW.checked_sub(now.duration_since(*since))?;
                (*n >= max?).then_some(left.as_secs().max(1))
            })
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        for k in &keys {
            let e = c.failures.entry(k.clone()).or_insert((0, now));
            if now.duration_since(e.1) > WINDOW {
                *e = (0, now);
            }
            e.0 += 1;
        }
        Ok(Attempt { keys })
    }

    /// The password was right: the attempt is given back, the handle's failures from
    /// this address forgotten, and the handle known at this address from now on.
    pub fn succeeded(&self, attempt: Attempt, now: Instant) {
        let mut c = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let [pair, address, handle] = attempt.keys;
        c.failures.remove(&pair);
        for k in [address, handle] {
            if let Some(e) = c.failures.get_mut(&k) {
                e.0 = e.0.saturating_sub(1);
            }
        }
        c.known.insert(pair, now);
    }
}

/// The throttle with its counters in the database (`login_throttle`), for every
/// process on it. Each reservation is one write transaction; on PostgreSQL its rows
/// are locked in one order, so parallel attempts from several processes queue.
pub mod shared {
    use super::*;
    use chrono::NaiveDateTime;
    use diesel::prelude::*;

    use crate::db::DbConn;
    use crate::error::AppError;

    diesel::table! {
        login_throttle (counter) {
            counter -> Text,
            failures -> BigInt,
            since -> Timestamp,
            known_at -> Nullable<Timestamp>,
        }
    }
    use login_throttle as lt;

    fn chrono_of(d: Duration) -> chrono::Duration {
        chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
    }

    /// Counts the attempt (in the caller's write transaction), or answers the seconds
    /// to wait when a limit is reached.
    pub fn reserve(
        conn: &mut DbConn,
        handle: &str,
        address: &str,
        now: NaiveDateTime,
    ) -> Result<Result<Attempt, u64>, AppError> {
        let window = chrono_of(WINDOW);
        // Stored hashed: the table holds no handle or address in clear (a forgotten
        // volunteer's handle included).
        let keys = [
            pair_key(handle, address),
            address_key(address),
            handle_key(handle),
        ]
        .map(|k| crate::auth::sha256_hex(&k));
        let pair = keys[0].clone();
        let mut ordered: Vec<&String> = keys.iter().collect();
        ordered.sort();
        for k in &ordered {
            let fresh = (
                lt::counter.eq(k.as_str()),
                lt::failures.eq(0),
                lt::since.eq(now),
            );
            // ON CONFLICT exists on each backend but not on the multi-backend type.
            match conn {
                DbConn::Sqlite(c) => diesel::insert_into(lt::table)
                    .values(fresh)
                    .on_conflict_do_nothing()
                    .execute(c)?,
                DbConn::Pg(c) => diesel::insert_into(lt::table)
                    .values(fresh)
                    .on_conflict_do_nothing()
                    .execute(c)?,
            };
        }
        let q = lt::table
            .filter(lt::counter.eq_any(&keys))
            .order(lt::counter.asc())
            .select((lt::counter, lt::failures, lt::since, lt::known_at));
        type Row = (String, i64, NaiveDateTime, Option<NaiveDateTime>);
        let rows: Vec<Row> = match conn {
            DbConn::Sqlite(c) => q.load(c)?,
            DbConn::Pg(c) => q.for_update().load(c)?,
        };
        let row = |k: &str| rows.iter().find(|r| r.0 == k);
        let known = row(&pair)
            .and_then(|r| r.3)
            .is_some_and(|at| now - at <= chrono_of(KNOWN_FOR));
        let limits = [
            Some(MAX_FAILURES_PER_PAIR),
            (!known).then_some(MAX_FAILURES_PER_ADDRESS),
            (!known).then_some(MAX_FAILURES_PER_HANDLE),
        ];
        let wait = keys
            .iter()
            .zip(limits)
            .filter_map(|(k, max)| {
                let (_, n, since, _) = row(k)?;
                let left = window - (now - *since);
                (left > chrono::Duration::zero() && *n >= i64::from(max?))
                    .then_some(left.num_seconds().max(1) as u64)
            })
            .max();
        if let Some(wait) = wait {
            return Ok(Err(wait));
        }
        for k in &ordered {
            let expired = row(k).is_none_or(|r| now - r.2 > window);
            let target = lt::table.filter(lt::counter.eq(k.as_str()));
            if expired {
                diesel::update(target)
                    .set((lt::failures.eq(1), lt::since.eq(now)))
                    .execute(conn)?;
            } else {
                diesel::update(target)
                    .set(lt::failures.eq(lt::failures + 1))
                    .execute(conn)?;
            }
        }
        Ok(Ok(Attempt { keys }))
    }

    /// The password was right: as `Throttle::succeeded`, in the database. Counters
    /// that have run out are removed at the same time.
    pub fn succeeded(conn: &mut DbConn, attempt: Attempt, now: NaiveDateTime) -> QueryResult<()> {
        let [pair, address, handle] = attempt.keys;
        diesel::update(lt::table.filter(lt::counter.eq(&pair)))
            .set((lt::failures.eq(0), lt::known_at.eq(Some(now))))
            .execute(conn)?;
        diesel::update(
            lt::table
                .filter(lt::counter.eq_any([address, handle]))
                .filter(lt::failures.gt(0)),
        )
        .set(lt::failures.eq(lt::failures - 1))
        .execute(conn)?;
        diesel::delete(
            lt::table
                .filter(lt::since.lt(now - chrono_of(WINDOW)))
                .filter(
                    lt::known_at
                        .is_null()
                        .or(lt::known_at.lt(now - chrono_of(KNOWN_FOR))),
                ),
        )
        .execute(conn)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fail(t: &Throttle, h: &str, a: &str, now: Instant) -> Result<(), u64> {
        t.reserve(h, a, now).map(|_| ())
    }

    #[test]
    fn a_handle_is_held_back_only_at_the_address_that_failed() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..MAX_FAILURES_PER_PAIR {
            assert!(fail(&t, "mo", "1.2.3.4", now).is_ok());
        }
        assert!(t.reserve("mo", "1.2.3.4", now).is_err());
        assert!(t.reserve("MO", "1.2.3.4", now).is_err());
        assert!(
            t.reserve("mo", "9.9.9.9", now).is_ok(),
            "elsewhere mo may try"
        );
        let later = now + WINDOW + Duration::from_secs(1);
        assert!(t.reserve("mo", "1.2.3.4", later).is_ok(), "the window ends");
    }

    #[test]
    fn an_address_is_held_back_except_for_handles_known_there() {
        let t = Throttle::default();
        let now = Instant::now();
        let ok = t.reserve("coord", "1.2.3.4", now).expect("first");
        t.succeeded(ok, now);
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            assert!(fail(&t, &format!("guess{i}"), "1.2.3.4", now).is_ok());
        }
        assert!(t.reserve("fresh", "1.2.3.4", now).is_err());
        assert!(t.reserve("coord", "1.2.3.4", now).is_ok(), "known here");
        assert!(t.reserve("fresh", "5.5.5.5", now).is_ok());
    }

    #[test]
    fn a_handle_guessed_from_many_addresses_is_held_back_except_where_known() {
        let t = Throttle::default();
        let now = Instant::now();
        let ok = t.reserve("coord", "10.0.0.1", now).expect("first");
        t.succeeded(ok, now);
        for i in 0..MAX_FAILURES_PER_HANDLE {
            assert!(fail(&t, "coord", &format!("192.0.2.{i}"), now).is_ok());
        }
        assert!(t.reserve("coord", "198.51.100.1", now).is_err());
        assert!(t.reserve("coord", "10.0.0.1", now).is_ok());
    }

    #[test]
    fn a_success_gives_its_slot_back() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..20 {
            let a = t.reserve("mo", "1.2.3.4", now).expect("not throttled");
            t.succeeded(a, now);
        }
    }
}
