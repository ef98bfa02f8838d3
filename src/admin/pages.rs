//! The coordinator's admin pages: volunteers, vans, warehouses and sites, catalogue.
//! Each form calls the same rules as the API (`admin::model`, `auth::api`, the
//! `into_new` of each request) and shows their errors beside the field.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};

use crate::admin::model::{self, CategoryUpdate, OneTimeLink, PlaceUpdate, VanUpdate};
use crate::auth::{Actor, Role};
use crate::catalog::model::{CategoryGroup, NewCategoryRequest};
use crate::catalog::{Category, Slug};
use crate::error::{AppError, AppResult, FieldError};
use crate::locations::model::NewLocationRequest;
use crate::locations::{Location, LocationKind};
use crate::runs::model::VanRequest;
use crate::state::AppState;
use crate::web::confirm::{self, Confirmation};
use crate::web::form::{self, FormErrors, Shown, Values};
use crate::web::{layout, page, Flash};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/admin", web::get().to(hub))
        .route("/admin/volunteers", web::get().to(volunteers_page))
        .route("/admin/volunteers", web::post().to(add_volunteer))
        .route(
            "/admin/volunteers/{handle}/role",
            web::post().to(change_role),
        )
        .route(
            "/admin/volunteers/{handle}/deactivate",
            web::post().to(deactivate),
        )
        .route(
            "/admin/volunteers/{handle}/password-link",
            web::post().to(password_link),
        )
        .route("/admin/vans", web::get().to(vans_page))
        .route("/admin/vans", web::post().to(add_van))
        .route("/admin/vans/{slug}", web::get().to(van_page))
        .route("/admin/vans/{slug}", web::post().to(edit_van))
        .route("/admin/vans/{slug}/retire", web::post().to(retire_van))
        .route("/admin/places", web::get().to(places_page))
        .route("/admin/places", web::post().to(add_place))
        .route("/admin/places/{slug}", web::get().to(place_page))
        .route("/admin/places/{slug}", web::post().to(edit_place))
        .route(
            "/admin/places/{slug}/archive",
            web::post().to(archive_place),
        )
        .route("/admin/categories", web::get().to(categories_page))
        .route("/admin/categories", web::post().to(add_category))
        .route("/admin/categories/{slug}", web::get().to(category_page))
        .route("/admin/categories/{slug}", web::post().to(edit_category));
}

type Form = web::Form<Vec<(String, String)>>;

fn values_of(f: Form) -> (Vec<(String, String)>, Values) {
    let pairs = f.into_inner();
    let values = pairs.iter().cloned().collect();
    (pairs, values)
}

fn admin_tabs(here: &str) -> Markup {
    let tabs = [
        ("/admin/volunteers", "Volunteers"),
        ("/admin/vans", "Vans"),
        ("/admin/places", "Warehouses & sites"),
        ("/admin/categories", "Catalogue"),
    ];
    html! {
        nav.tabs aria-label="Admin" {
            @for (path, label) in tabs {
                @if path == here { strong { (label) } } @else { a href=(path) { (label) } }
                " "
            }
        }
    }
}

fn show(
    actor: &Actor,
    title: &str,
    flash: Option<Flash>,
    status: StatusCode,
    body: Markup,
) -> HttpResponse {
    page(status, layout(Some(actor), title, flash, body))
}

/// A refusal the coordinator can fix, with a taken slug or handle shown beside it.
fn refusal(e: AppError, taken_field: &str) -> AppResult<FormErrors> {
    let mut errors = form::refusal(e)?;
    for fe in &mut errors.0 {
        if fe.field == "conflict" {
            fe.field = taken_field.to_string();
        }
    }
    Ok(errors)
}

fn number(values: &Values, key: &str, errors: &mut Vec<FieldError>) -> f64 {
    let raw = form::value(values, key).replace(',', ".");
    match raw.parse::<f64>() {
        Ok(n) if n.is_finite() => n,
        _ => {
            errors.push(FieldError::new(key, format!("'{raw}' is not a number")));
            0.0
        }
    }
}

/// The code for a new van, place or category: the one typed, or one made from the name.
fn slug_field(values: &Values, errors: &mut Vec<FieldError>) -> Option<Slug> {
    let typed = form::value(values, "slug");
    let wanted = if typed.is_empty() {
        slug_from(&form::value(values, "name"))
    } else {
        typed
    };
    match Slug::parse(&wanted) {
        Ok(s) => Some(s),
        Err(m) => {
            errors.push(FieldError::new("slug", m));
            None
        }
    }
}

/// "Unit South" → "unit-south": lowercase letters and digits, single dashes.
pub fn slug_from(name: &str) -> String {
    let mut out = String::new();
    for ch in name.trim().to_lowercase().chars() {
        if ch.is_ascii_lowercase() || ch.is_ascii_digit() {
            out.push(ch);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-')
        .chars()
        .take(64)
        .collect::<String>()
        .trim_end_matches('-')
        .to_string()
}

fn text_field(
    label: &str,
    name: &str,
    values: &Values,
    errors: &FormErrors,
    extra: &str,
) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            input id=(name) type="text" name=(name) value=(form::value(values, name)) placeholder=(extra);
            (errors.beside(name))
        }
    }
}

fn number_field(label: &str, name: &str, values: &Values, errors: &FormErrors) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            input id=(name) type="text" inputmode="decimal" name=(name) value=(form::value(values, name));
            (errors.beside(name))
        }
    }
}

pub async fn hub(actor: Actor) -> HttpResponse {
    let body = html! {
        h1 { "Admin" }
        ul.tasks {
            li { a href="/admin/volunteers" { "Volunteers" } " — add, change role, deactivate, password links" }
            li { a href="/admin/vans" { "Vans" } " — add, edit, retire" }
            li { a href="/admin/places" { "Warehouses and sites" } " — add, rename, address, archive" }
            li { a href="/admin/categories" { "Catalogue" } " — categories, their size, weight and group" }
        }
    };
    show(&actor, "Admin", None, StatusCode::OK, body)
}

// ---- volunteers ----

fn link_url(req: &HttpRequest, link: &OneTimeLink) -> String {
    let ci = req.connection_info();
    format!("{}://{}{}", ci.scheme(), ci.host(), link.path)
}

fn link_block(req: &HttpRequest, link: &OneTimeLink) -> Markup {
    html! {
        div.onetime-link {
            p { "Give " strong { (link.handle) } " this one-time link to choose their password. It works once, until " (link.expires_at.format("%Y-%m-%d %H:%M")) " UTC. Haul will not show it again." }
            p.onetime { a href=(link.path) { (link_url(req, link)) } }
        }
    }
}

/// `link` is the one-time link block to show once, if one was just made.
async fn volunteers_render(
    state: &AppState,
    actor: &Actor,
    shown: Shown,
    link: Option<Markup>,
) -> AppResult<HttpResponse> {
    let Shown {
        values,
        errors,
        flash,
        status,
    } = shown;
    let (values, errors) = (&values, &errors);
    let users = state.db.read(|c| Ok(crate::auth::store::all(c)?)).await?;
    let role_typed = form::value(values, "role");
    let body = html! {
        (admin_tabs("/admin/volunteers"))
        h1 { "Volunteers" }
        @if let Some(l) = link { (l) }
        h2 { "Add a volunteer" }
        form method="post" action=(actor.form_action("/admin/volunteers")) {
            (text_field("Handle (a nickname, not a real name)", "handle", values, errors, "sam"))
            div.field {
                label for="role" { "Role" }
                select #role name="role" {
                    @for r in Role::ALL {
                        option value=(r.as_str()) selected[role_typed == r.as_str()] { (r.as_str()) }
                    }
                }
                (errors.beside("role"))
            }
            button type="submit" { "Add and make a password link" }
        }
        h2 { "Everyone" }
        @for u in &users {
            div.person id={"v-" (u.handle)} {
                p.name {
                    strong { (u.handle) } " · " (u.role)
                    @if u.deactivated_at.is_some() { " · " em { "deactivated" } }
                }
                @if u.deactivated_at.is_none() {
                    div.moves {
                        form.inline method="post" action=(actor.form_action(&format!("/admin/volunteers/{}/role", u.handle))) {
                            select name="role" aria-label={"Role of " (u.handle)} {
                                @for r in Role::ALL {
                                    option value=(r.as_str()) selected[u.role == r.as_str()] { (r.as_str()) }
                                }
                            }
                            " "
                            button.secondary type="submit" { "Change role" }
                        }
                        form.inline method="post" action=(actor.form_action(&format!("/admin/volunteers/{}/password-link", u.handle))) {
                            button.secondary type="submit" { "Password link" }
                        }
                        @if u.handle != actor.handle {
                            form.inline method="post" action=(actor.form_action(&format!("/admin/volunteers/{}/deactivate", u.handle))) {
                                button.secondary type="submit" { "Deactivate…" }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(show(actor, "Volunteers", flash, status, body))
}

pub async fn volunteers_page(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    volunteers_render(&state, &actor, Shown::blank(), None).await
}

pub async fn add_volunteer(
    state: web::Data<AppState>,
    req: HttpRequest,
    actor: Actor,
    f: Form,
) -> AppResult<HttpResponse> {
    let (_, values) = values_of(f);
    let handle = form::value(&values, "handle");
    let role = form::value(&values, "role");
    let result =
        crate::auth::api::create_volunteer(&state, handle, role, None, actor.handle.clone())
            .await
            .map(|(handle, role, link)| (format!("Added {handle} as {}.", role.as_str()), link));
    volunteer_outcome(&state, &req, &actor, result, values).await
}

/// The volunteers page after a change: its message and a one-time link to show once,
/// or the refusal beside the form as `typed`.
async fn volunteer_outcome(
    state: &AppState,
    req: &HttpRequest,
    actor: &Actor,
    result: AppResult<(String, Option<OneTimeLink>)>,
    typed: Values,
) -> AppResult<HttpResponse> {
    let (shown, link) = match result {
        Ok((msg, link)) => (Shown::saved(msg), link.map(|l| link_block(req, &l))),
        Err(e) => (Shown::refused(typed, refusal(e, "handle")?), None),
    };
    volunteers_render(state, actor, shown, link).await
}

pub async fn change_role(
    state: web::Data<AppState>,
    req: HttpRequest,
    actor: Actor,
    path: web::Path<String>,
    f: Form,
) -> AppResult<HttpResponse> {
    let handle = path.into_inner();
    let (_, values) = values_of(f);
    let role = form::value(&values, "role");
    let h = handle.clone();
    let result = async {
        let role = model::parse_role(&role)?;
        let before = state
            .db
            .read({
                let h = h.clone();
                move |c| Ok(crate::auth::store::find(c, &h)?)
            })
            .await?
            .map(|u| u.role.to_string())
            .unwrap_or_default();
        let user = state
            .db
            .write(move |c| model::change_role(c, &h, role))
            .await?;
        state.auth.forget_role(&user.handle);
        Ok(format!("{}: {before} → {}.", user.handle, user.role))
    }
    .await;
    volunteer_outcome(
        &state,
        &req,
        &actor,
        result.map(|m| (m, None)),
        Values::new(),
    )
    .await
}

pub async fn deactivate(
    state: web::Data<AppState>,
    req: HttpRequest,
    actor: Actor,
    path: web::Path<String>,
    f: Form,
) -> AppResult<HttpResponse> {
    let handle = path.into_inner();
    let (pairs, values) = values_of(f);
    if !confirm::is_confirmed(&values) {
        let title = format!("Deactivate {handle}?");
        return Ok(confirm::danger_page(
            &actor,
            &Confirmation {
                title: &title,
                restated: html! {
                    p { strong { (handle) } " will be logged out at once, on every phone, and their API tokens stop working. They cannot log in again." }
                    p.muted { "What they recorded stays in the history." }
                },
                action: &format!("/admin/volunteers/{handle}/deactivate"),
                fields: &pairs,
                confirm_label: "Deactivate",
                cancel_href: "/admin/volunteers",
            },
        ));
    }
    let now = state.clock.now();
    let by = actor.handle.clone();
    let h = handle.clone();
    let result = state
        .db
        .write(move |c| model::deactivate(c, &h, &by, now))
        .await;
    state.auth.forget_role(&handle);
    let result = result.map(|u| format!("Deactivated {}: logged out everywhere.", u.handle));
    volunteer_outcome(
        &state,
        &req,
        &actor,
        result.map(|m| (m, None)),
        Values::new(),
    )
    .await
}

pub async fn password_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    actor: Actor,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let handle = path.into_inner();
    let now = state.clock.now();
    let by = actor.handle.clone();
    let result = state
        .db
        .write(move |c| model::issue_link(c, &handle, &by, now))
        .await;
    let result = result.map(|(link, _)| {
        let msg = format!(
            "Made a new password link for {}; older links stop working.",
            link.handle
        );
        (msg, Some(link))
    });
    volunteer_outcome(&state, &req, &actor, result, Values::new()).await
}

// ---- vans ----

async fn vans_render(state: &AppState, actor: &Actor, shown: Shown) -> AppResult<HttpResponse> {
    let Shown {
        values,
        errors,
        flash,
        status,
    } = shown;
    let (values, errors) = (&values, &errors);
    let vans = state
        .db
        .read(|c| Ok(crate::admin::store::all_vans(c)?))
        .await?;
    let body = html! {
        (admin_tabs("/admin/vans"))
        h1 { "Vans" }
        @for v in vans.iter().filter(|v| v.retired_at.is_none()) {
            p { a href={"/admin/vans/" (v.slug)} { (v.name) } " · " (v.capacity_l) " l · " (v.payload_kg) " kg" }
        }
        @if vans.iter().all(|v| v.retired_at.is_some()) { p { "No van in service yet." } }
        h2 { "Add a van" }
        form method="post" action=(actor.form_action("/admin/vans")) {
            (text_field("Name", "name", values, errors, "Transit"))
            (text_field("Code (optional, made from the name)", "slug", values, errors, "transit"))
            (number_field("Load volume (litres)", "capacity_l", values, errors))
            (number_field("Payload (kg)", "payload_kg", values, errors))
            button type="submit" { "Add van" }
        }
        @let retired: Vec<_> = vans.iter().filter(|v| v.retired_at.is_some()).collect();
        @if !retired.is_empty() {
            h2 { "Retired" }
            @for v in retired { p.muted { (v.name) } }
        }
    };
    Ok(show(actor, "Vans", flash, status, body))
}

pub async fn vans_page(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    vans_render(&state, &actor, Shown::blank()).await
}

pub async fn add_van(state: web::Data<AppState>, actor: Actor, f: Form) -> AppResult<HttpResponse> {
    let (_, values) = values_of(f);
    let mut errors = Vec::new();
    let slug = slug_field(&values, &mut errors);
    let capacity_l = number(&values, "capacity_l", &mut errors);
    let payload_kg = number(&values, "payload_kg", &mut errors);
    let name = form::free_text(&values, "name", &mut errors);
    let result = match (slug, name) {
        (Some(slug), Some(name)) if errors.is_empty() => {
            let req = VanRequest {
                slug,
                name,
                capacity_l,
                payload_kg,
            };
            let now = state.clock.now();
            state
                .db
                .write(move |c| crate::runs::model::create_van(c, &req, now))
                .await
        }
        _ => Err(AppError::invalid_fields(errors)),
    };
    match result {
        Ok(van) => {
            let msg = format!(
                "Added the van {}: {} l, {} kg.",
                van.name, van.capacity_l, van.payload_kg
            );
            vans_render(&state, &actor, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "slug")?;
            vans_render(&state, &actor, Shown::refused(values.clone(), errors)).await
        }
    }
}

/// `shown` without values shows the current ones.
async fn van_render(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    shown: Shown,
) -> AppResult<HttpResponse> {
    let Shown {
        values: typed,
        errors,
        flash,
        status,
    } = shown;
    let errors = &errors;
    let s = slug.to_string();
    let van = state
        .db
        .read(move |c| {
            Ok(crate::admin::store::all_vans(c)?
                .into_iter()
                .find(|v| v.slug == s))
        })
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no van '{slug}'")))?;
    let current: Values = [
        ("name", van.name.clone()),
        ("capacity_l", van.capacity_l.to_string()),
        ("payload_kg", van.payload_kg.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let values = if typed.is_empty() { &current } else { &typed };
    let body = html! {
        (admin_tabs("/admin/vans"))
        h1 { (van.name) }
        @if van.retired_at.is_some() {
            p { "Retired: it stays in the history of its runs." }
        } @else {
            form method="post" action=(actor.form_action(&format!("/admin/vans/{slug}"))) {
                (text_field("Name", "name", values, errors, ""))
                (number_field("Load volume (litres)", "capacity_l", values, errors))
                (number_field("Payload (kg)", "payload_kg", values, errors))
                button type="submit" { "Save" }
            }
            h2 { "Retire" }
            p.muted { "A retired van leaves the run forms and plans; its runs stay in the history." }
            form method="post" action=(actor.form_action(&format!("/admin/vans/{slug}/retire"))) {
                button.secondary type="submit" { "Retire " (van.name) "…" }
            }
        }
    };
    Ok(show(actor, &van.name, flash, status, body))
}

pub async fn van_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    van_render(&state, &actor, &path.into_inner(), Shown::blank()).await
}

pub async fn edit_van(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    f: Form,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let (_, values) = values_of(f);
    let mut errors = Vec::new();
    let update = VanUpdate {
        name: form::free_text(&values, "name", &mut errors),
        capacity_l: Some(number(&values, "capacity_l", &mut errors)),
        payload_kg: Some(number(&values, "payload_kg", &mut errors)),
    };
    let s = slug.clone();
    let result = if errors.is_empty() {
        state
            .db
            .write(move |c| model::update_van(c, &s, &update))
            .await
    } else {
        Err(AppError::invalid_fields(errors))
    };
    match result {
        Ok(van) => {
            let msg = format!(
                "Saved {}: {} l, {} kg.",
                van.name, van.capacity_l, van.payload_kg
            );
            van_render(&state, &actor, &slug, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "name")?;
            van_render(
                &state,
                &actor,
                &slug,
                Shown::refused(values.clone(), errors),
            )
            .await
        }
    }
}

pub async fn retire_van(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    f: Form,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let (pairs, values) = values_of(f);
    if !confirm::is_confirmed(&values) {
        let s = slug.clone();
        let van = state
            .db
            .read(move |c| Ok(crate::runs::store::van_by_slug(c, &s)?))
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no van '{slug}'")))?;
        let title = format!("Retire {}?", van.name);
        return Ok(confirm::danger_page(
            &actor,
            &Confirmation {
                title: &title,
                restated: html! { p { (van.name) " leaves the run forms and plans for good. Its past runs stay in the history." } },
                action: &format!("/admin/vans/{slug}/retire"),
                fields: &pairs,
                confirm_label: "Retire",
                cancel_href: &format!("/admin/vans/{slug}"),
            },
        ));
    }
    let now = state.clock.now();
    let s = slug.clone();
    match state.db.write(move |c| model::retire_van(c, &s, now)).await {
        Ok(van) => {
            let msg = format!("Retired {}.", van.name);
            vans_render(&state, &actor, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "retire")?;
            van_render(&state, &actor, &slug, Shown::refused(Values::new(), errors)).await
        }
    }
}

// ---- warehouses and sites ----

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "site" => "Site",
        _ => "Warehouse",
    }
}

async fn places_render(state: &AppState, actor: &Actor, shown: Shown) -> AppResult<HttpResponse> {
    let Shown {
        values,
        errors,
        flash,
        status,
    } = shown;
    let (values, errors) = (&values, &errors);
    let places: Vec<Location> = state
        .db
        .read(|c| Ok(crate::locations::store::all(c, None)?))
        .await?
        .into_iter()
        .filter(|l| l.kind().is_some_and(LocationKind::is_place))
        .collect();
    let kind = form::value(values, "kind");
    let body = html! {
        (admin_tabs("/admin/places"))
        h1 { "Warehouses and sites" }
        @for (k, heading) in [("warehouse", "Warehouses"), ("site", "Sites (by code name)")] {
            h2 { (heading) }
            @for p in places.iter().filter(|p| p.kind == k && p.archived_at.is_none()) {
                p { a href={"/admin/places/" (p.slug)} { (p.name) }
                    @if let Some(a) = &p.address { " · " span.muted { (a) } } }
            }
        }
        h2 { "Add a warehouse or site" }
        form method="post" action=(actor.form_action("/admin/places")) {
            div.field {
                label for="kind" { "Kind" }
                select #kind name="kind" {
                    option value="warehouse" selected[kind == "warehouse"] { "Warehouse" }
                    option value="site" selected[kind == "site"] { "Site" }
                }
                (errors.beside("kind"))
            }
            (text_field("Name (a site's code name)", "name", values, errors, "Heron"))
            (text_field("Code (optional, made from the name)", "slug", values, errors, "heron"))
            (text_field("Address (optional; only coordinators and drivers see it)", "address", values, errors, ""))
            (text_field("Region (optional)", "region", values, errors, "east"))
            button type="submit" { "Add" }
        }
        @let archived: Vec<_> = places.iter().filter(|p| p.archived_at.is_some()).collect();
        @if !archived.is_empty() {
            h2 { "Archived" }
            @for p in archived { p.muted { (p.name) " (" (p.kind) ")" } }
        }
    };
    Ok(show(actor, "Warehouses and sites", flash, status, body))
}

pub async fn places_page(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    places_render(&state, &actor, Shown::blank()).await
}

pub async fn add_place(
    state: web::Data<AppState>,
    actor: Actor,
    f: Form,
) -> AppResult<HttpResponse> {
    let (_, values) = values_of(f);
    let mut errors = Vec::new();
    let slug = slug_field(&values, &mut errors);
    let kind = LocationKind::parse(&form::value(&values, "kind"))
        .filter(|k| k.is_place())
        .or_else(|| {
            errors.push(FieldError::new("kind", "choose warehouse or site"));
            None
        });
    let now = state.clock.now();
    let name = form::free_text(&values, "name", &mut errors);
    let address = form::optional_free_text(&values, "address", &mut errors);
    let region = form::optional_free_text(&values, "region", &mut errors);
    let new = match (slug, kind, name) {
        (Some(slug), Some(kind), Some(name)) if errors.is_empty() => NewLocationRequest {
            slug,
            name,
            kind,
            address,
            region,
        }
        .into_new(now)
        .map_err(AppError::invalid_fields),
        _ => Err(AppError::invalid_fields(errors)),
    };
    let result = match new {
        Ok(new) => {
            state
                .db
                .write(move |c| {
                    if crate::locations::store::find(c, &new.slug)?.is_some() {
                        return Err(AppError::conflict(format!(
                            "the code '{}' is taken: choose another",
                            new.slug
                        )));
                    }
                    crate::locations::store::insert(c, &new)?;
                    Ok(new)
                })
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(new) => {
            let msg = format!("Added the {} {}.", new.kind, new.name);
            places_render(&state, &actor, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "slug")?;
            places_render(&state, &actor, Shown::refused(values.clone(), errors)).await
        }
    }
}

async fn place_of(state: &AppState, slug: &str) -> AppResult<Location> {
    let s = slug.to_string();
    state
        .db
        .read(move |c| Ok(crate::locations::store::find(c, &s)?))
        .await?
        .filter(|l| l.kind().is_some_and(LocationKind::is_place))
        .ok_or_else(|| AppError::NotFound(format!("no warehouse or site '{slug}'")))
}

/// `shown` without values shows the current ones.
async fn place_render(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    shown: Shown,
) -> AppResult<HttpResponse> {
    let Shown {
        values: typed,
        errors,
        flash,
        status,
    } = shown;
    let errors = &errors;
    let p = place_of(state, slug).await?;
    let current: Values = [
        ("name", p.name.clone()),
        ("address", p.address.clone().unwrap_or_default()),
        ("region", p.region.clone().unwrap_or_default()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let values = if typed.is_empty() { &current } else { &typed };
    let name_label = if p.kind == "site" {
        "Code name"
    } else {
        "Name"
    };
    let body = html! {
        (admin_tabs("/admin/places"))
        h1 { (p.name) " · " (kind_label(p.kind.as_str())) }
        @if p.archived_at.is_some() {
            p { "Archived: it stays in the history." }
        } @else {
            form method="post" action=(actor.form_action(&format!("/admin/places/{slug}"))) {
                (text_field(name_label, "name", values, errors, ""))
                (text_field("Address (only coordinators and drivers see it; empty to remove)", "address", values, errors, ""))
                (text_field("Region", "region", values, errors, ""))
                button type="submit" { "Save" }
            }
            h2 { "Archive" }
            p.muted { "An archived place leaves the forms and plans; what happened there stays in the history." }
            (errors.beside("archive"))
            form method="post" action=(actor.form_action(&format!("/admin/places/{slug}/archive"))) {
                button.secondary type="submit" { "Archive " (p.name) "…" }
            }
        }
    };
    Ok(show(actor, &p.name, flash, status, body))
}

pub async fn place_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    place_render(&state, &actor, &path.into_inner(), Shown::blank()).await
}

pub async fn edit_place(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    f: Form,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let (_, values) = values_of(f);
    let before = place_of(&state, &slug).await?;
    let mut errors = Vec::new();
    let update = PlaceUpdate {
        name: form::free_text(&values, "name", &mut errors),
        address: form::free_text(&values, "address", &mut errors),
        region: form::free_text(&values, "region", &mut errors),
    };
    let s = slug.clone();
    let result = if errors.is_empty() {
        state
            .db
            .write(move |c| model::update_place(c, &s, &update))
            .await
    } else {
        Err(AppError::invalid_fields(errors))
    };
    match result {
        Ok(p) => {
            let mut changed = Vec::new();
            if p.name != before.name {
                changed.push(format!("name {} → {}", before.name, p.name));
            }
            if p.address != before.address {
                changed.push("address".to_string());
            }
            if p.region != before.region {
                changed.push("region".to_string());
            }
            let msg = if changed.is_empty() {
                format!("{}: nothing changed.", p.name)
            } else {
                format!("Saved {}: {}.", p.name, changed.join(", "))
            };
            place_render(&state, &actor, &slug, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "name")?;
            place_render(
                &state,
                &actor,
                &slug,
                Shown::refused(values.clone(), errors),
            )
            .await
        }
    }
}

pub async fn archive_place(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    f: Form,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let (pairs, values) = values_of(f);
    let p = place_of(&state, &slug).await?;
    if !confirm::is_confirmed(&values) {
        let title = format!("Archive {}?", p.name);
        return Ok(confirm::danger_page(
            &actor,
            &Confirmation {
                title: &title,
                restated: html! { p { "The " (p.kind) " " strong { (p.name) } " leaves the forms and plans for good. What happened there stays in the history." } },
                action: &format!("/admin/places/{slug}/archive"),
                fields: &pairs,
                confirm_label: "Archive",
                cancel_href: &format!("/admin/places/{slug}"),
            },
        ));
    }
    let now = state.clock.now();
    let s = slug.clone();
    match state
        .db
        .write(move |c| model::archive_place(c, &s, now))
        .await
    {
        Ok(p) => {
            let msg = format!("Archived the {} {}.", p.kind, p.name);
            places_render(&state, &actor, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "archive")?;
            place_render(&state, &actor, &slug, Shown::refused(Values::new(), errors)).await
        }
    }
}

// ---- catalogue ----

fn category_fields(values: &Values, errors: &FormErrors) -> Markup {
    let group = form::value(values, "group");
    let dangerous = !form::value(values, "dangerous_goods").is_empty();
    html! {
        (text_field("Name", "name", values, errors, "Sleeping bag"))
        (number_field("Volume of one (litres)", "unit_volume_l", values, errors))
        (number_field("Weight of one (kg)", "unit_weight_kg", values, errors))
        div.field {
            label for="group" { "Group" }
            select #group name="group" {
                @for g in CategoryGroup::ALL {
                    option value=(g.as_str()) selected[group == g.as_str()] { (g.as_str()) }
                }
            }
            (errors.beside("group"))
        }
        label.check { input type="checkbox" name="dangerous_goods" value="yes" checked[dangerous]; " Dangerous goods (e.g. gas)" }
    }
}

async fn categories_render(
    state: &AppState,
    actor: &Actor,
    shown: Shown,
) -> AppResult<HttpResponse> {
    let Shown {
        values,
        errors,
        flash,
        status,
    } = shown;
    let (values, errors) = (&values, &errors);
    let cats: Vec<Category> = state
        .db
        .read(|c| Ok(crate::catalog::store::all(c)?))
        .await?;
    let body = html! {
        (admin_tabs("/admin/categories"))
        h1 { "Catalogue" }
        @for g in CategoryGroup::ALL {
            @let of: Vec<&Category> = cats.iter().filter(|c| c.group == g.as_str()).collect();
            @if !of.is_empty() {
                h2 { (g.as_str()) }
                @for c in of {
                    p { a href={"/admin/categories/" (c.slug)} { (c.name) } " · " (c.unit_volume_l) " l · " (c.unit_weight_kg) " kg"
                        @if c.dangerous_goods { " · dangerous goods" } }
                }
            }
        }
        h2 { "Add a category" }
        form method="post" action=(actor.form_action("/admin/categories")) {
            (category_fields(values, errors))
            (text_field("Code (optional, made from the name)", "slug", values, errors, "sleeping-bag"))
            button type="submit" { "Add category" }
        }
    };
    Ok(show(actor, "Catalogue", flash, status, body))
}

pub async fn categories_page(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    categories_render(&state, &actor, Shown::blank()).await
}

fn group_field(values: &Values, errors: &mut Vec<FieldError>) -> CategoryGroup {
    let raw = form::value(values, "group");
    CategoryGroup::parse(&raw).unwrap_or_else(|| {
        errors.push(FieldError::new("group", format!("unknown group '{raw}'")));
        CategoryGroup::Other
    })
}

pub async fn add_category(
    state: web::Data<AppState>,
    actor: Actor,
    f: Form,
) -> AppResult<HttpResponse> {
    let (_, values) = values_of(f);
    let mut errors = Vec::new();
    let slug = slug_field(&values, &mut errors);
    let unit_volume_l = number(&values, "unit_volume_l", &mut errors);
    let unit_weight_kg = number(&values, "unit_weight_kg", &mut errors);
    let group = group_field(&values, &mut errors);
    let now = state.clock.now();
    let name = form::free_text(&values, "name", &mut errors);
    let new = match (slug, name) {
        (Some(slug), Some(name)) if errors.is_empty() => NewCategoryRequest {
            slug,
            name,
            unit_volume_l,
            unit_weight_kg,
            dangerous_goods: !form::value(&values, "dangerous_goods").is_empty(),
            group,
        }
        .into_new(now)
        .map_err(AppError::invalid_fields),
        _ => Err(AppError::invalid_fields(errors)),
    };
    let result = match new {
        Ok(new) => {
            state
                .db
                .write(move |c| {
                    if crate::catalog::store::exists(c, &new.slug)? {
                        return Err(AppError::conflict(format!(
                            "the code '{}' is taken: choose another",
                            new.slug
                        )));
                    }
                    crate::catalog::store::insert(c, &new)?;
                    Ok(new)
                })
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(new) => {
            let msg = format!("Added {} to {}.", new.name, new.group);
            categories_render(&state, &actor, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "slug")?;
            categories_render(&state, &actor, Shown::refused(values.clone(), errors)).await
        }
    }
}

/// `shown` without values shows the current ones.
async fn category_render(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    shown: Shown,
) -> AppResult<HttpResponse> {
    let Shown {
        values: typed,
        errors,
        flash,
        status,
    } = shown;
    let errors = &errors;
    let s = slug.to_string();
    let cat = state.db.read(move |c| model::category(c, &s)).await?;
    let mut current: Values = [
        ("name", cat.name.clone()),
        ("unit_volume_l", cat.unit_volume_l.to_string()),
        ("unit_weight_kg", cat.unit_weight_kg.to_string()),
        ("group", cat.group.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    if cat.dangerous_goods {
        current.insert("dangerous_goods".into(), "yes".into());
    }
    let values = if typed.is_empty() { &current } else { &typed };
    let body = html! {
        (admin_tabs("/admin/categories"))
        h1 { (cat.name) }
        form method="post" action=(actor.form_action(&format!("/admin/categories/{slug}"))) {
            (category_fields(values, errors))
            button type="submit" { "Save" }
        }
    };
    Ok(show(actor, &cat.name, flash, status, body))
}

pub async fn category_page(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    category_render(&state, &actor, &path.into_inner(), Shown::blank()).await
}

pub async fn edit_category(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    f: Form,
) -> AppResult<HttpResponse> {
    let slug = path.into_inner();
    let (_, values) = values_of(f);
    let mut errors = Vec::new();
    let update = CategoryUpdate {
        name: form::free_text(&values, "name", &mut errors),
        unit_volume_l: Some(number(&values, "unit_volume_l", &mut errors)),
        unit_weight_kg: Some(number(&values, "unit_weight_kg", &mut errors)),
        dangerous_goods: Some(!form::value(&values, "dangerous_goods").is_empty()),
        group: Some(group_field(&values, &mut errors)),
    };
    let s = slug.clone();
    let result = if errors.is_empty() {
        state
            .db
            .write(move |c| model::update_category(c, &s, &update))
            .await
    } else {
        Err(AppError::invalid_fields(errors))
    };
    match result {
        Ok(cat) => {
            let msg = format!(
                "Saved {}: {} l, {} kg, {}{}.",
                cat.name,
                cat.unit_volume_l,
                cat.unit_weight_kg,
                cat.group,
                if cat.dangerous_goods {
                    ", dangerous goods"
                } else {
                    ""
                }
            );
            category_render(&state, &actor, &slug, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "name")?;
            category_render(
                &state,
                &actor,
                &slug,
                Shown::refused(values.clone(), errors),
            )
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::slug_from;

    #[test]
    fn codes_come_from_names() {
        assert_eq!(slug_from("Unit South"), "unit-south");
        assert_eq!(slug_from("  Tent (2 person) "), "tent-2-person");
        assert_eq!(slug_from("Ford Transit!"), "ford-transit");
        assert_eq!(slug_from("حَقل"), "");
    }
}
