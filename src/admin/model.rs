//! The coordinator's edits, one rule set for the API and the pages: volunteers (role,
//! deactivation, one-time password links), vans (edit, retire), places (rename, code
//! name, address, archive) and catalogue categories (edit, with their group).

use crate::text::FreeText;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::admin::store::{self, CategoryFields};
use crate::auth::store::User;
use crate::auth::Role;
use crate::catalog::model::{check_category, CategoryGroup};
use crate::catalog::Category;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::locations::model::check_place;
use crate::locations::{Location, LocationKind};
use crate::runs::model::{check_van, VanView};

/// How long a one-time password link works.
pub const LINK_HOURS: i64 = 48;
/// Where a one-time link leads.
pub const LINK_PATH: &str = "/reset";

/// A one-time link to choose a password: shown once to the coordinator, never stored
/// in clear, never mailed.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, Deserialize)]
pub struct OneTimeLink {
    pub handle: String,
    /// `/reset?token=…`; the page shows it with the server's address.
    pub path: String,
    #[serde(serialize_with = "crate::utc::serialize")]
    pub expires_at: NaiveDateTime,
}

/// Why a coordinator's change was refused. The API says it in English (a `conflict`
/// with these fields in `details`); the pages say it in the
/// volunteer's language from the same value (`Refusal::of`), since a message made
/// inside the write transaction could only be in the default language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    Deactivated { handle: String },
    LastCoordinator { handle: String },
    DeactivateSelf,
    VanRetired { name: String },
    VanOnRun { name: String, run: i64 },
    VanCarries { name: String },
    PlaceArchived { name: String },
    PlaceHolds { name: String, items: i64 },
    PlaceOnRun { name: String },
}

impl Refusal {
    /// The API's English message.
    pub fn english(&self) -> String {
        match self {
            Refusal::Deactivated { handle } => format!("{handle} is deactivated"),
            Refusal::LastCoordinator { handle } => {
                format!("{handle} is the last coordinator: make someone else coordinator first")
            }
            Refusal::DeactivateSelf => {
                "you cannot deactivate yourself: ask another coordinator".into()
            }
            Refusal::VanRetired { name } => format!("{name} is retired"),
            Refusal::VanOnRun { name, run } => {
                format!("{name} has run #{run} under way: finish it first")
            }
            Refusal::VanCarries { name } => {
                format!("{name} still carries goods: return them first")
            }
            Refusal::PlaceArchived { name } => format!("{name} is already archived"),
            Refusal::PlaceHolds { name, items } => {
                format!("{name} still holds {items} items: transfer or write them off first")
            }
            Refusal::PlaceOnRun { name } => {
                format!("{name} is part of a run under way: finish the run first")
            }
        }
    }

    /// The refusal an error carries, if it is one of these.
    pub fn of(e: &AppError) -> Option<Refusal> {
        match e {
            AppError::Conflict { details, .. } => serde_json::from_value(details.clone()).ok(),
            _ => None,
        }
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> AppError {
        AppError::Conflict {
            code: "conflict",
            message: r.english(),
            details: serde_json::to_value(&r).unwrap_or(serde_json::Value::Null),
        }
    }
}

fn volunteer(conn: &mut DbConn, handle: &str) -> AppResult<User> {
    crate::auth::store::find(conn, handle)?
        .ok_or_else(|| AppError::NotFound(format!("no volunteer with handle '{handle}'")))
}

fn active_volunteer(conn: &mut DbConn, handle: &str) -> AppResult<User> {
    let user = volunteer(conn, handle)?;
    if user.deactivated_at.is_some() {
        return Err(Refusal::Deactivated {
            handle: handle.into(),
        }
        .into());
    }
    Ok(user)
}

/// Refuses a change that would leave no active coordinator to run Haul.
fn keep_a_coordinator(conn: &mut DbConn, user: &User) -> AppResult<()> {
    if user.role == Role::Coordinator.as_str()
        && store::users_with_role(conn, Role::Coordinator.as_str())? <= 1
    {
        return Err(Refusal::LastCoordinator {
            handle: user.handle.clone(),
        }
        .into());
    }
    Ok(())
}

/// A fresh link for `handle`; older unused links stop working.
pub fn issue_link(
    conn: &mut DbConn,
    handle: &str,
    by: &str,
    now: NaiveDateTime,
) -> AppResult<(OneTimeLink, String)> {
    let user = active_volunteer(conn, handle)?;
    let token = crate::auth::random_token(32);
    let expires_at = now + chrono::Duration::hours(LINK_HOURS);
    store::spend_links(conn, user.id, now)?;
    store::insert_link(
        conn,
        &crate::auth::sha256_hex(&token),
        user.id,
        by,
        now,
        expires_at,
    )?;
    let link = OneTimeLink {
        handle: user.handle,
        path: format!("{LINK_PATH}?token={token}"),
        expires_at,
    };
    Ok((link, token))
}

/// The volunteer a live link is for, if it still works.
pub fn link_user(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> AppResult<Option<User>> {
    Ok(store::link_user(
        conn,
        &crate::auth::sha256_hex(token),
        now,
    )?)
}

/// Sets the password a link's volunteer chose (`hash` made outside the transaction),
/// spends the link and ends their other sessions.
pub fn redeem_link(
    conn: &mut DbConn,
    token: &str,
    hash: &str,
    now: NaiveDateTime,
) -> AppResult<User> {
    let user = link_user(conn, token, now)?.ok_or_else(|| {
        AppError::NotFound(
            "this link has expired or was already used: ask a coordinator for a new one".into(),
        )
    })?;
    store::set_password(conn, user.id, hash)?;
    store::spend_links(conn, user.id, now)?;
    store::end_sessions(conn, user.id)?;
    Ok(user)
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    /// Read as the enum when the body is: a word that is no role is the body's 422
    /// beside `role`, naming the five.
    pub role: Role,
}

/// The caller must forget the volunteer's cached role (`AuthState::forget_role`).
pub fn change_role(conn: &mut DbConn, handle: &str, role: Role) -> AppResult<User> {
    let user = active_volunteer(conn, handle)?;
    if user.role != role.as_str() {
        keep_a_coordinator(conn, &user)?;
        store::set_role(conn, user.id, role.as_str())?;
    }
    volunteer(conn, handle)
}

/// Ends the volunteer's sessions and links at once; the caller must forget the cached
/// role so their API tokens stop too.
pub fn deactivate(
    conn: &mut DbConn,
    handle: &str,
    by: &str,
    now: NaiveDateTime,
) -> AppResult<User> {
    let user = active_volunteer(conn, handle)?;
    if user.handle == by {
        return Err(Refusal::DeactivateSelf.into());
    }
    keep_a_coordinator(conn, &user)?;
    store::deactivate(conn, user.id, now)?;
    store::end_sessions(conn, user.id)?;
    store::spend_links(conn, user.id, now)?;
    volunteer(conn, handle)
}

/// Sets the language a volunteer reads Haul in (`None`: their browser's); answers
/// whether it changed. It reaches their phone at their next login, or at once if they
/// use the switch.
pub fn set_lang(
    conn: &mut DbConn,
    handle: &str,
    lang: Option<crate::i18n::Lang>,
) -> AppResult<bool> {
    let user = active_volunteer(conn, handle)?;
    let code = lang.map(|l| l.code());
    let before = crate::auth::store::user_lang(conn, user.id)?;
    if before.as_deref() == code {
        return Ok(false);
    }
    store::set_lang(conn, user.id, code)?;
    Ok(true)
}

// ---- vans ----

#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VanUpdate {
    pub name: Option<FreeText<100>>,
    pub capacity_l: Option<f64>,
    pub payload_kg: Option<f64>,
}

fn van_row(conn: &mut DbConn, slug: &str) -> AppResult<crate::runs::store::VanRow> {
    crate::runs::store::van_by_slug(conn, slug)?
        .ok_or_else(|| AppError::NotFound(format!("no van '{slug}'")))
}

fn van_view(conn: &mut DbConn, slug: &str) -> AppResult<VanView> {
    let names = crate::runs::model::Names::load(conn)?;
    Ok(crate::runs::model::van_view(van_row(conn, slug)?, &names))
}

/// Edits a van in service; its load's location takes the new name too.
pub fn update_van(conn: &mut DbConn, slug: &str, u: &VanUpdate) -> AppResult<VanView> {
    let van = van_row(conn, slug)?;
    if van.retired_at.is_some() {
        return Err(Refusal::VanRetired { name: van.name }.into());
    }
    let name = check_van(
        u.name.as_deref().unwrap_or(&van.name),
        u.capacity_l.unwrap_or(van.capacity_l),
        u.payload_kg.unwrap_or(van.payload_kg),
    )?;
    store::update_van(
        conn,
        van.id,
        &name,
        u.capacity_l.unwrap_or(van.capacity_l),
        u.payload_kg.unwrap_or(van.payload_kg),
    )?;
    if let Some(loc) = crate::locations::store::all(conn, None)?
        .into_iter()
        .find(|l| l.id == van.location_id)
    {
        store::update_place(
            conn,
            loc.id,
            &name,
            loc.address.as_deref(),
            loc.region.as_deref(),
        )?;
    }
    van_view(conn, slug)
}

/// Retires a van that carries nothing and has no run under way.
pub fn retire_van(conn: &mut DbConn, slug: &str, now: NaiveDateTime) -> AppResult<VanView> {
    let van = van_row(conn, slug)?;
    if van.retired_at.is_some() {
        return Err(Refusal::VanRetired { name: van.name }.into());
    }
    let open = crate::runs::store::runs_in(conn, &["planning", "loaded", "delivered"])?;
    if let Some(run) = open.iter().find(|r| r.van_id == van.id) {
        return Err(Refusal::VanOnRun {
            name: van.name,
            run: run.id,
        }
        .into());
    }
    if store::units_at(conn, van.location_id)? > 0 {
        return Err(Refusal::VanCarries { name: van.name }.into());
    }
    store::retire_van(conn, van.id, now)?;
    van_view(conn, slug)
}

// ---- places ----

/// A place's edit; an empty address or region clears it.
#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceUpdate {
    pub name: Option<FreeText<100>>,
    pub address: Option<FreeText<300>>,
    pub region: Option<FreeText<100>>,
}

fn place(conn: &mut DbConn, slug: &str) -> AppResult<Location> {
    crate::locations::store::find(conn, slug)?
        .filter(|l| l.kind().is_some_and(LocationKind::is_place))
        .ok_or_else(|| AppError::NotFound(format!("no warehouse or site '{slug}'")))
}

pub fn update_place(conn: &mut DbConn, slug: &str, u: &PlaceUpdate) -> AppResult<Location> {
    let loc = place(conn, slug)?;
    let mut errors = Vec::new();
    let (name, address, region) = check_place(
        u.name.as_deref().unwrap_or(&loc.name),
        u.address
            .clone()
            .map(FreeText::into_string)
            .or(loc.address.clone()),
        u.region
            .clone()
            .map(FreeText::into_string)
            .or(loc.region.clone()),
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    store::update_place(conn, loc.id, &name, address.as_deref(), region.as_deref())?;
    place(conn, slug)
}

/// Archives a place that holds nothing and is no stop or origin of a run under way.
pub fn archive_place(conn: &mut DbConn, slug: &str, now: NaiveDateTime) -> AppResult<Location> {
    let loc = place(conn, slug)?;
    if loc.archived_at.is_some() {
        return Err(Refusal::PlaceArchived { name: loc.name }.into());
    }
    let held = store::units_at(conn, loc.id)?;
    if held > 0 {
        return Err(Refusal::PlaceHolds {
            name: loc.name,
            items: held,
        }
        .into());
    }
    let open = crate::runs::store::runs_in(conn, &["planning", "loaded", "delivered"])?;
    let ids: Vec<i64> = open.iter().map(|r| r.id).collect();
    let stops = crate::runs::store::stops(conn, &ids)?;
    if open.iter().any(|r| r.origin_id == loc.id) || stops.iter().any(|s| s.site_id == loc.id) {
        return Err(Refusal::PlaceOnRun { name: loc.name }.into());
    }
    store::archive_place(conn, loc.id, now)?;
    place(conn, slug)
}

// ---- catalogue ----

#[derive(utoipa::ToSchema, Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryUpdate {
    pub name: Option<FreeText<100>>,
    pub unit_volume_l: Option<f64>,
    pub unit_weight_kg: Option<f64>,
    pub dangerous_goods: Option<bool>,
    pub group: Option<CategoryGroup>,
    /// The name in French; empty shows the default name in French.
    pub name_fr: Option<FreeText<100>>,
    /// The name in Arabic; empty shows the default name in Arabic.
    pub name_ar: Option<FreeText<100>>,
}

pub fn category(conn: &mut DbConn, slug: &str) -> AppResult<Category> {
    crate::catalog::store::by_slug(conn)?
        .remove(slug)
        .ok_or_else(|| AppError::NotFound(format!("no category '{slug}'")))
}

pub fn update_category(conn: &mut DbConn, slug: &str, u: &CategoryUpdate) -> AppResult<Category> {
    let cat = category(conn, slug)?;
    let volume = u.unit_volume_l.unwrap_or(cat.unit_volume_l);
    let weight = u.unit_weight_kg.unwrap_or(cat.unit_weight_kg);
    let name = check_category(u.name.as_deref().unwrap_or(&cat.name), volume, weight)
        .map_err(AppError::invalid_fields)?;
    let group = u.group.map(|g| g.as_str()).unwrap_or(&cat.group);
    store::update_category(
        conn,
        cat.id,
        &CategoryFields {
            name: &name,
            unit_volume_l: volume,
            unit_weight_kg: weight,
            dangerous_goods: u.dangerous_goods.unwrap_or(cat.dangerous_goods),
            group,
        },
    )?;
    if u.name_fr.is_some() || u.name_ar.is_some() {
        let keep = |new: &Option<FreeText<100>>, old: &Option<String>| match new {
            Some(n) => n.to_string(),
            None => old.clone().unwrap_or_default(),
        };
        crate::catalog::names::set(
            conn,
            slug,
            &keep(&u.name_fr, &cat.name_fr),
            &keep(&u.name_ar, &cat.name_ar),
        )?;
    }
    category(conn, slug)
}
