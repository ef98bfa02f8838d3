//! What every handler shares: the database and the clock.

use chrono::{NaiveDate, NaiveDateTime, Utc};

use std::sync::Arc;

use crate::auth::token::Keys;
use crate::auth::AuthState;
use crate::db::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Clock,
    pub auth: Arc<AuthState>,
}

impl AppState {
    pub fn new(db: Db, keys: Keys) -> Self {
        AppState {
            db,
            clock: Clock,
            auth: Arc::new(AuthState::new(keys)),
        }
    }
}

/// The time as Haul sees it (UTC), one place to ask.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock;

impl Clock {
    pub fn now(&self) -> NaiveDateTime {
        Utc::now().naive_utc()
    }
    pub fn today(&self) -> NaiveDate {
        Utc::now().date_naive()
    }
}
