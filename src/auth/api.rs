//! JSON handlers for tokens and users, and the one rule set for making a user.

use crate::text::FreeText;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::{password, random_token, store, Role};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, FieldError};
use crate::state::AppState;
use crate::web::json::JsonBody;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/auth/token", web::post().to(token)).service(
        web::resource("/users")
            .route(web::get().to(list_users))
            .route(web::post().to(create_user)),
    );
}

pub const LOGIN_REFUSED: &str = "unknown handle or wrong password";

/// A handle: 2–32 lowercase letters, digits, dots, dashes or underscores. Not a name.
pub fn check_handle(handle: &str) -> Result<(), String> {
    let ok = (2..=32).contains(&handle.len())
        && handle
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err("a handle is 2 to 32 lowercase letters, digits, '.', '-' or '_' (a nickname, not a real name)".into())
    }
}

/// Checks and hashes outside any transaction (hashing is slow), for `insert_user`.
pub fn prepare_user(
    handle: &str,
    role: &str,
    password: &str,
) -> Result<(String, Role, String), AppError> {
    let mut errors = Vec::new();
    if let Err(m) = check_handle(handle) {
        errors.push(FieldError::new("handle", m));
    }
    let role_parsed = Role::parse(role);
    if role_parsed.is_none() {
        errors.push(FieldError::new(
            "role",
            format!(
                "unknown role '{role}': use crew, warehouse, driver, distributor or coordinator"
            ),
        ));
    }
    if let Err(m) = password::check_rules(password) {
        errors.push(FieldError::new("password", m));
    }
    match (errors.is_empty(), role_parsed) {
        (true, Some(role)) => {
            let hash = password::hash(password).map_err(AppError::Internal)?;
            Ok((handle.to_string(), role, hash))
        }
        _ => Err(AppError::invalid_fields(errors)),
    }
}

pub fn insert_user(
    conn: &mut DbConn,
    handle: &str,
    role: Role,
    hash: &str,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    if store::find(conn, handle)?.is_some() {
        return Err(AppError::conflict(format!(
            "the handle '{handle}' is taken"
        )));
    }
    store::insert(conn, handle, role.as_str(), hash, now)?;
    Ok(())
}

#[derive(utoipa::ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub handle: String,
    pub password: String,
}

/// The address a login is throttled by. `X-Forwarded-For` is believed only when the
/// connection comes from the configured reverse proxy (`HAUL_TRUSTED_PROXY`), and then
/// only its last entry, the one that proxy wrote: anyone else could put any address
/// there, and behind an unconfigured proxy every volunteer shares the proxy's address.
pub fn client_address(req: &HttpRequest) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let trusted = req
        .app_data::<web::Data<AppState>>()
        .and_then(|s| s.auth.trusted_proxy());
    let forwarded = || {
        let last = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .last()?;
        last.trim().parse::<std::net::IpAddr>().ok()
    };
    let client = match (peer, trusted) {
        (Some(p), Some(t)) if p == t => forwarded().or(peer),
        _ => peer,
    };
    client
        .map(|a| a.to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Checks a handle and password with throttling; the same refusal for both mistakes.
pub async fn check_login(
    state: &AppState,
    handle: String,
    password: String,
    address: &str,
) -> AppResult<store::User> {
    if state.auth.lockdown.is_locked() {
        return Err(AppError::Unauthorized(super::guard::LOCKED.into()));
    }
    // The slot is taken before the password is checked: parallel guesses queue here,
    // in the database, so every process on it counts them together.
    let now = state.clock.now();
    let (h, a) = (handle.clone(), address.to_string());
    let attempt = state
        .db
        .write(move |c| super::throttle::shared::reserve(c, &h, &a, now))
        .await?
        .map_err(|wait| {
            AppError::TooManyRequests(format!(
                "too many failed logins; try again in {} minutes",
                wait.div_ceil(60)
            ))
        })?;
    // No account has a handle outside the rules, so such a handle (a NUL, a space)
    // never reaches the database; the dummy hash keeps the answer's timing.
    let user = if check_handle(&handle).is_ok() {
        let lookup = handle.clone();
        state.db.read(move |c| Ok(store::find(c, &lookup)?)).await?
    } else {
        None
    };
    let ok = web::block(move || match user {
        // A deactivated account gets the same refusal as a wrong password.
        Some(u) if u.deactivated_at.is_none() && password::verify(&password, &u.password_hash) => {
            Some(u)
        }
        Some(_) => None,
        None => {
            password::verify_dummy(&password);
            None
        }
    })
    .await?;
    match ok {
        Some(u) => {
            let now = state.clock.now();
            state
                .db
                .write(move |c| Ok(super::throttle::shared::succeeded(c, attempt, now)?))
                .await?;
            Ok(u)
        }
        None => Err(AppError::Unauthorized(LOGIN_REFUSED.into())),
    }
}

/// A bearer token for the API.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TokenResponse {
    pub token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// RFC 3339.
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: String,
    #[schema(value_type = super::Role)]
    pub role: String,
}

/// A volunteer as the API shows them: no password data.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct UserView {
    pub handle: String,
    #[schema(value_type = super::Role)]
    pub role: String,
    #[serde(serialize_with = "crate::utc::serialize")]
    pub created_at: chrono::NaiveDateTime,
    #[serde(serialize_with = "crate::utc::serialize_option")]
    pub deactivated_at: Option<chrono::NaiveDateTime>,
}

impl From<&store::User> for UserView {
    fn from(u: &store::User) -> Self {
        UserView {
            handle: u.handle.clone(),
            role: u.role.to_string(),
            created_at: u.created_at,
            deactivated_at: u.deactivated_at,
        }
    }
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct UserList {
    pub users: Vec<UserView>,
}

/// A new volunteer; without a password given, the one-time link to choose it.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct NewUserResponse {
    pub handle: String,
    #[schema(value_type = super::Role)]
    pub role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setup_link: Option<crate::admin::model::OneTimeLink>,
}

#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest, responses((status = 200, description = "a token for 30 minutes", body = TokenResponse)), security(()))]
pub async fn token(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<TokenRequest>,
) -> AppResult<HttpResponse> {
    let TokenRequest { handle, password } = body.into_inner();
    let user = check_login(&state, handle, password, &client_address(&req)).await?;
    let (token, expires) = state
        .auth
        .keys
        .issue(&user.handle, user.role.as_str(), chrono::Utc::now())
        .map_err(AppError::Internal)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(TokenResponse {
            token,
            token_type: "Bearer",
            expires_at: expires.to_rfc3339(),
            role: user.role.to_string(),
        }))
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users", responses((status = 200, description = "every volunteer; no password data", body = UserList)))]
pub async fn list_users(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let users = state.db.read(|c| Ok(store::all(c)?)).await?;
    let users = users.iter().map(UserView::from).collect();
    Ok(HttpResponse::Ok().json(UserList { users }))
}

#[derive(utoipa::ToSchema, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    pub handle: FreeText<32>,
    pub role: String,
    /// Without one, the answer carries a one-time link for the volunteer to choose it.
    #[serde(default)]
    pub password: Option<String>,
}

/// Adds a volunteer, for the API and the admin page alike. Without a password, they get
/// an unguessable one nobody knows and a one-time link to choose their own.
pub async fn create_volunteer(
    state: &AppState,
    handle: String,
    role: String,
    password: Option<String>,
    by: String,
) -> AppResult<(String, Role, Option<crate::admin::model::OneTimeLink>)> {
    let with_link = password.is_none();
    let password = password.unwrap_or_else(|| random_token(32));
    let (handle, role, hash) =
        web::block(move || prepare_user(&handle, &role, &password)).await??;
    let now = state.clock.now();
    let h = handle.clone();
    let link = state
        .db
        .write(move |c| {
            insert_user(c, &h, role, &hash, now)?;
            if with_link {
                let (link, _) = crate::admin::model::issue_link(c, &h, &by, now)?;
                Ok(Some(link))
            } else {
                Ok(None)
            }
        })
        .await?;
    Ok((handle, role, link))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = NewUserRequest, responses((status = 201, description = "the volunteer, with a one-time link when no password was given", body = NewUserResponse)))]
pub async fn create_user(
    state: web::Data<AppState>,
    actor: super::Actor,
    body: JsonBody<NewUserRequest>,
) -> AppResult<HttpResponse> {
    let req = body.into_inner();
    let (handle, role, link) = create_volunteer(
        &state,
        req.handle.into_string(),
        req.role,
        req.password,
        actor.handle,
    )
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(NewUserResponse {
            handle,
            role: role.as_str(),
            setup_link: link,
        }))
}
