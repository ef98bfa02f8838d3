//! Who is acting: roles and the `Actor` extractor every handler takes.

pub mod policy;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use serde::{Deserialize, Serialize};
use std::future::{ready, Ready};

use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// The authenticated volunteer behind a request, put into the request by the auth layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub handle: String,
    pub role: Role,
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
        // Until accounts exist the API is open and acts as one coordinator.
        let actor = req.extensions().get::<Actor>().cloned().unwrap_or(Actor {
            handle: "open".into(),
            role: Role::Coordinator,
        });
        ready(Ok(actor))
    }
}
