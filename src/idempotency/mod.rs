//! `Idempotency-Key`: a retried stock-changing request takes effect once. The key, the
//! request's hash and the response are stored in the same transaction as the change;
//! keys expire after `KEEP_KEYS_FOR`.

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::Serialize;
use std::future::{ready, Ready};

use crate::auth::Actor;
use crate::db::schema::idempotency_keys as ik;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const HEADER: &str = "Idempotency-Key";
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";

/// The client's key, if it sent one (1–200 visible ASCII characters).
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let key = match req.headers().get(HEADER) {
            None => Ok(IdempotencyKey(None)),
            Some(v) => match v.to_str() {
                Ok(s)
                    if !s.is_empty()
                        && s.len() <= 200
                        && s.bytes().all(|b| b.is_ascii_graphic()) =>
                {
                    Ok(IdempotencyKey(Some(s.to_string())))
                }
                _ => Err(AppError::BadRequest(format!(
                    "{HEADER} must be 1 to 200 visible ASCII characters"
                ))),
            },
        };
        ready(key)
    }
}

enum Outcome {
    Fresh(String),
    Replayed(StatusCode, String),
}

/// Runs a stock-changing `change` in one write transaction, at most once per key.
/// The same key with the same request replays the first response; with another
/// request it is a 409. A refused change stores nothing, so it can be retried.
pub async fn once<T, F>(
    state: &AppState,
    actor: &Actor,
    key: IdempotencyKey,
    request_hash: String,
    change: F,
) -> AppResult<HttpResponse>
where
    T: Serialize,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    Ok(
        match record(state, actor, key, request_hash, change).await? {
            Outcome::Fresh(body) => HttpResponse::Created()
                .content_type("application/json")
                .body(body),
            Outcome::Replayed(status, body) => HttpResponse::build(status)
                .insert_header((REPLAYED_HEADER, "true"))
                .content_type("application/json")
                .body(body),
        },
    )
}

/// What a page gets back from `once_typed`: the change's result, and whether it is a
/// replay of an earlier submit of the same form (a double tap, a resent form).
#[derive(Debug, Clone)]
pub struct Recorded<T> {
    pub value: T,
    pub replayed: bool,
}

/// `once` for pages: the same single write, answered as the typed result (a replay is
/// read back from the stored response) instead of an `HttpResponse`.
pub async fn once_typed<T, F>(
    state: &AppState,
    actor: &Actor,
    key: IdempotencyKey,
    request_hash: String,
    change: F,
) -> AppResult<Recorded<T>>
where
    T: Serialize + serde::de::DeserializeOwned,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    let (body, replayed) = match record(state, actor, key, request_hash, change).await? {
        Outcome::Fresh(body) => (body, false),
        Outcome::Replayed(_, body) => (body, true),
    };
    let value = serde_json::from_str(&body)
        .map_err(|e| AppError::Internal(format!("stored response unreadable: {e}")))?;
    Ok(Recorded { value, replayed })
}

async fn record<T, F>(
    state: &AppState,
    actor: &Actor,
    key: IdempotencyKey,
    request_hash: String,
    change: F,
) -> AppResult<Outcome>
where
    T: Serialize,
    F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
{
    let scoped = key.0.map(|k| scoped_key(&actor.handle, &k));
    let now = state.clock.now();
    let outcome = state
        .db
        .write(move |c| {
            purge_expired(c, now)?;
            if let Some(scoped) = &scoped {
                if let Some(replay) = claim(c, scoped, &request_hash, now)? {
                    return Ok(replay);
                }
            }
            let value = change(c)?;
            let body = serde_json::to_string(&value)
                .map_err(|e| AppError::Internal(format!("response not serialisable: {e}")))?;
            if let Some(scoped) = &scoped {
                complete(c, scoped, 201, &body)?;
            }
            Ok(Outcome::Fresh(body))
        })
        .await?;
    Ok(outcome)
}

/// Stores the change's answer on its claimed key, in a statement prepared once per
/// connection (diesel would prepare its own `UPDATE` again on every write).
fn complete(c: &mut DbConn, key: &str, status: i32, body: &str) -> QueryResult<usize> {
    let update = crate::db::prepared::CompleteKey::new(key, status, body);
    match c {
        DbConn::Sqlite(c) => update.execute(c),
        DbConn::Pg(c) => update.execute(c),
    }
}

/// Keys are per volunteer, so one cannot replay (and read) another's response.
fn scoped_key(handle: &str, key: &str) -> String {
    format!("{handle}\u{1f}{key}")
}

/// Whether `handle` already made a change with `key`: sent again, it is replayed, not
/// recorded twice.
pub fn used(conn: &mut DbConn, handle: &str, key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        ik::table.filter(ik::key.eq(scoped_key(handle, key))),
    ))
    .get_result(conn)
}

/// The status of a key claimed by a change that has not finished. No other
/// transaction ever reads it: the claim is committed with the change's response.
const PENDING: i32 = 0;

/// Claims `key` for this request, or answers the replay of the request that holds it.
/// The claim is an insert that does nothing on conflict: a concurrent duplicate's
/// insert waits on the first's uncommitted row (PostgreSQL), then finds it committed
/// and replays it, or finds it rolled back (the change was refused) and runs itself.
fn claim(
    c: &mut DbConn,
    key: &str,
    request_hash: &str,
    now: chrono::NaiveDateTime,
) -> AppResult<Option<Outcome>> {
    let pending = (
        ik::key.eq(key),
        ik::request_hash.eq(request_hash),
        ik::status_code.eq(PENDING),
        ik::response_body.eq(""),
        ik::created_at.eq(now),
    );
    // ON CONFLICT exists on each backend but not on the multi-backend type.
    let claimed = match c {
        DbConn::Sqlite(c) => diesel::insert_into(ik::table)
            .values(pending)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Pg(c) => diesel::insert_into(ik::table)
            .values(pending)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    if claimed == 1 {
        return Ok(None);
    }
    let (hash, status, body) = ik::table
        .filter(ik::key.eq(key))
        .select((ik::request_hash, ik::status_code, ik::response_body))
        .first::<(String, i32, String)>(c)?;
    if hash != request_hash {
        return Err(AppError::Conflict {
            code: "idempotency_key_reused",
            message: format!(
                "this {HEADER} was already used for a different request; use a new key"
            ),
            details: serde_json::Value::Null,
        });
    }
    if status == PENDING {
        return Err(AppError::Internal(
            "an idempotency key was found pending".into(),
        ));
    }
    let status = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK);
    Ok(Some(Outcome::Replayed(status, body)))
}

/// How long a key replays its response: a client retries within minutes, a phone
/// that was offline within days.
pub const KEEP_KEYS_FOR: chrono::Duration = chrono::Duration::days(7);
/// Keys removed by one purge at most, so the write that does it stays short.
const PURGE_BATCH: i64 = 1000;
/// Unix seconds of this process's last purge that found nothing more to remove.
static PURGED_AT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Removes expired keys, a batch at a time and at most once a minute once caught up,
/// so expiry rides along with ordinary writes without holding them up.
fn purge_expired(c: &mut DbConn, now: chrono::NaiveDateTime) -> AppResult<()> {
    use std::sync::atomic::Ordering;
    let secs = now.and_utc().timestamp();
    let last = PURGED_AT.load(Ordering::Relaxed);
    if secs - last < 60
        || PURGED_AT
            .compare_exchange(last, secs, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
    {
        return Ok(());
    }
    let cutoff = now - KEEP_KEYS_FOR;
    let oldest: Vec<String> = ik::table
        .filter(ik::created_at.lt(cutoff))
        .select(ik::key)
        .order(ik::created_at.asc())
        .limit(PURGE_BATCH)
        .load(c)?;
    let removed = diesel::delete(ik::table.filter(ik::key.eq_any(&oldest))).execute(c)?;
    if removed as i64 == PURGE_BATCH {
        // More to do: the next write takes the next batch.
        PURGED_AT.store(last, Ordering::Relaxed);
    }
    Ok(())
}

/// A JSON handler for a stock-changing POST: parse the body, run
/// `$record(conn, &request, actor_handle, now)` once per `Idempotency-Key`, answer 201.
#[macro_export]
macro_rules! idempotent_handler {
    ($(#[$attr:meta])* $name:ident, $req:ty, $record:path) => {
        $(#[$attr])*
        pub async fn $name(
            state: ::actix_web::web::Data<$crate::state::AppState>,
            actor: $crate::auth::Actor,
            key: $crate::idempotency::IdempotencyKey,
            body: $crate::web::json::JsonBody<$req>,
        ) -> $crate::error::AppResult<::actix_web::HttpResponse> {
            let now = state.clock.now();
            let handle = actor.handle.clone();
            let req = body.value;
            $crate::idempotency::once(&state, &actor, key, body.request_hash, move |c| {
                $record(c, &req, &handle, now)
            })
            .await
        }
    };
}

/// A fresh form key: the hidden field that makes a page form's double submit count once.
pub fn new_form_key() -> String {
    crate::auth::random_token(16)
}

/// The form key a page form sent back, if it is one Haul could have made.
pub fn sent_form_key(values: &std::collections::HashMap<String, String>) -> Option<String> {
    values
        .get("form_key")
        .filter(|k| !k.is_empty() && k.len() <= 64 && k.bytes().all(|b| b.is_ascii_alphanumeric()))
        .cloned()
}
