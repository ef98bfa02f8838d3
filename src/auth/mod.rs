//! Who is acting: roles and the `Actor` extractor every handler takes.

pub mod api;
pub mod guard;
pub mod pages;
pub mod password;
pub mod policy;
pub mod reset;
pub mod store;
pub mod throttle;
pub mod token;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use serde::{Deserialize, Serialize};
use std::future::{ready, Ready};

use crate::error::AppError;

#[derive(
    utoipa::ToSchema,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Crew,
    Warehouse,
    Driver,
    Distributor,
    Coordinator,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Crew,
        Role::Warehouse,
        Role::Driver,
        Role::Distributor,
        Role::Coordinator,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Crew => "crew",
            Role::Warehouse => "warehouse",
            Role::Driver => "driver",
            Role::Distributor => "distributor",
            Role::Coordinator => "coordinator",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

crate::text_enum_sql!(Role, Role::parse);

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The authenticated volunteer behind a request, put into the request by the guard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub handle: String,
    pub role: Role,
    /// The page session's CSRF token (none for API tokens).
    pub csrf: Option<String>,
}

impl Actor {
    /// Addresses of sites are for coordinators and drivers only (SPEC principle 3).
    pub fn may_see_addresses(&self) -> bool {
        matches!(self.role, Role::Coordinator | Role::Driver)
    }
}

impl FromRequest for Actor {
    type Error = AppError;
    type Future = Ready<Result<Actor, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Actor>()
                .cloned()
                .ok_or_else(|| AppError::Unauthorized("log in first".into())),
        )
    }
}

/// What authentication needs at run time: the token keys, the throttle, and the
/// one-time setup token while no coordinator exists.
pub struct AuthState {
    pub keys: token::Keys,
    pub throttle: throttle::Throttle,
    pub setup_token: std::sync::Mutex<Option<String>>,
    /// The reverse proxy whose `X-Forwarded-For` is believed (`HAUL_TRUSTED_PROXY`).
    trusted_proxy: std::sync::RwLock<Option<std::net::IpAddr>>,
    /// Lock now (issue 15): revoked tokens and refused logins.
    pub lockdown: crate::safety::Lockdown,
    roles: std::sync::Mutex<std::collections::HashMap<String, (Role, std::time::Instant)>>,
}

/// How long a token's account and role are trusted before they are read again.
pub const ROLE_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(30);

impl AuthState {
    pub fn new(keys: token::Keys) -> Self {
        AuthState {
            keys,
            throttle: throttle::Throttle::default(),
            setup_token: std::sync::Mutex::new(None),
            trusted_proxy: std::sync::RwLock::new(None),
            lockdown: crate::safety::Lockdown::default(),
            roles: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }

    pub fn trusted_proxy(&self) -> Option<std::net::IpAddr> {
        *self.trusted_proxy.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set_trusted_proxy(&self, proxy: Option<std::net::IpAddr>) {
        *self
            .trusted_proxy
            .write()
            .unwrap_or_else(|e| e.into_inner()) = proxy;
    }

    pub fn cached_role(&self, handle: &str, now: std::time::Instant) -> Option<Role> {
        let roles = self.roles.lock().unwrap_or_else(|e| e.into_inner());
        roles
            .get(handle)
            .filter(|(_, at)| now.duration_since(*at) < ROLE_CACHE_TTL)
            .map(|(role, _)| *role)
    }

    pub fn cache_role(&self, handle: &str, role: Role, now: std::time::Instant) {
        let mut roles = self.roles.lock().unwrap_or_else(|e| e.into_inner());
        // Bounded: a flood of valid tokens for many handles cannot grow it without end.
        if roles.len() > 10_000 {
            roles.clear();
        }
        roles.insert(handle.to_string(), (role, now));
    }

    /// Drops a volunteer's cached role, so a role change, a deactivation or forgetting holds for
    /// their very next request rather than after `ROLE_CACHE_TTL`.
    pub fn forget_role(&self, handle: &str) {
        let mut roles = self.roles.lock().unwrap_or_else(|e| e.into_inner());
        roles.remove(handle);
    }
}

/// A random token of `bytes` bytes, hex-encoded.
pub fn random_token(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

pub fn sha256_hex(s: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(s.as_bytes()))
}
