//! The coordinator's admin pages: volunteers, vans, warehouses and sites, catalogue.
//! Each form reads every field at once (`admin::fields`), says each refusal in the
//! volunteer's language beside its field, keeps what was typed, and then calls the same
//! rules as the API (`admin::model`, `auth::api`, the `into_new` of each request).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::admin::fields::{self, Measure, Named};
use crate::admin::model::{self, CategoryUpdate, OneTimeLink, PlaceUpdate, Refusal, VanUpdate};
use crate::auth::{Actor, Role};
use crate::catalog::model::{CategoryGroup, NewCategoryRequest};
use crate::catalog::Category;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Lang;
use crate::locations::model::NewLocationRequest;
use crate::locations::{Location, LocationKind};
use crate::runs::model::VanRequest;
use crate::state::AppState;
use crate::t;
use crate::web::confirm::{self, Confirmation};
use crate::web::form::{self, FormErrors, Shown, Values};
use crate::web::{layout, page, role_title, Flash};

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
        ("/admin/volunteers", t!("admin-tab-volunteers")),
        ("/admin/vans", t!("admin-tab-vans")),
        ("/admin/places", t!("admin-tab-places")),
        ("/admin/categories", t!("admin-tab-catalogue")),
    ];
    html! {
        nav.tabs aria-label=(t!("admin-title")) {
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

/// The page of one van, place or category: its edit form and, for what can be
/// ended (a van retired, a place archived), the way to end it, or only that it is.
struct OnePage<'a> {
    tab: &'a str,
    heading: String,
    /// A line under the heading, before the form.
    intro: Option<String>,
    action: String,
    fields: Markup,
    end: Option<End>,
}

/// Retire or archive: `key` is the form's field name for its errors and the last
/// segment of its address.
struct End {
    key: &'static str,
    ended: Option<String>,
    heading: String,
    what: String,
    button: String,
}

fn one_page(actor: &Actor, errors: &FormErrors, one: OnePage) -> Markup {
    let form = html! {
        form method="post" novalidate action=(&one.action) {
            (form::csrf_field(actor))
            (one.fields)
            button type="submit" { (t!("admin-save")) }
        }
    };
    html! {
        (admin_tabs(one.tab))
        h1 { (one.heading) }
        @if let Some(intro) = &one.intro { p.muted { (intro) } }
        @match &one.end {
            None => { (form) }
            Some(End { ended: Some(ended), .. }) => { p { (ended) } }
            Some(end) => {
                (form)
                h2 { (end.heading) }
                p.muted { (end.what) }
                (errors.beside(end.key))
                form method="post" novalidate action=(&format!("{}/{}", one.action, end.key)) {
                    (form::csrf_field(actor))
                    button.secondary type="submit" { (end.button) }
                }
            }
        }
    }
}

/// What the form shows: what was typed, or else what is stored.
fn typed_or(typed: Values, current: &[(&str, String)]) -> Values {
    if !typed.is_empty() {
        return typed;
    }
    current
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// A refusal from the rules in the volunteer's words, beside `field`: the admin's own
/// refusals by their reason; a code or handle already used, or a volunteer, van or
/// place no longer there, as `otherwise` says (the page knows what it asked for).
fn refusal(e: AppError, field: &str, otherwise: Option<String>) -> AppResult<FormErrors> {
    if let Some(r) = Refusal::of(&e) {
        return Ok(FormErrors::one(field, refusal_text(&r)));
    }
    match (e, otherwise) {
        (AppError::Conflict { .. } | AppError::NotFound(_), Some(said)) => {
            Ok(FormErrors::one(field, said))
        }
        (e, _) => {
            let mut errors = form::refusal(e)?;
            for fe in &mut errors.0 {
                if fe.field == "conflict" {
                    fe.field = field.to_string();
                }
            }
            Ok(errors)
        }
    }
}

/// A refused van or place form: each error beside its field and, on top, one line
/// per error, each a link to its field (as the warehouse sheets' summary), rather
/// than every reason run together in one sentence (issue 9).
fn refused_listed(values: Values, errors: FormErrors) -> Shown {
    const FIELDS: &[&str] = &[
        "name",
        "slug",
        "capacity_l",
        "payload_kg",
        "kind",
        "address",
        "region",
    ];
    let listed: Vec<(Option<String>, String)> = errors
        .0
        .iter()
        .map(|e| {
            let target = FIELDS.contains(&e.field.as_str()).then(|| e.field.clone());
            (target, e.message.clone())
        })
        .collect();
    Shown {
        values,
        flash: Some(form::error_summary(
            t!("form-to-put-right", n = listed.len()),
            listed,
        )),
        errors,
        status: StatusCode::UNPROCESSABLE_ENTITY,
    }
}

fn refusal_text(r: &Refusal) -> String {
    match r {
        Refusal::Deactivated { handle } => t!("admin-refused-deactivated", handle = handle),
        Refusal::LastCoordinator { handle } => {
            t!("admin-refused-last-coordinator", handle = handle)
        }
        Refusal::DeactivateSelf => t!("admin-refused-deactivate-self"),
        Refusal::VanRetired { name } => t!("admin-refused-van-retired", name = name),
        Refusal::VanOnRun { name, run } => t!("admin-refused-van-on-run", name = name, run = run),
        Refusal::VanCarries { name } => t!("admin-refused-van-carries", name = name),
        Refusal::PlaceArchived { name } => t!("admin-refused-place-archived", name = name),
        Refusal::PlaceHolds { name, items } => {
            t!("admin-refused-place-holds", name = name, n = items)
        }
        Refusal::PlaceOnRun { name } => t!("admin-refused-place-on-run", name = name),
    }
}

/// A labelled input with its hint (if any) and its errors under it, both tied to it for
/// screen readers; `input` gets its `aria-invalid` and `aria-describedby`.
fn input_field(
    label: &str,
    name: &str,
    errors: &FormErrors,
    hint: Option<String>,
    input: impl FnOnce(Option<&'static str>, Option<String>) -> Markup,
) -> Markup {
    let hint_id = format!("{name}-hint");
    let by: Vec<String> = hint
        .as_ref()
        .map(|_| hint_id.clone())
        .into_iter()
        .chain(errors.described_by(name))
        .collect();
    let by = (!by.is_empty()).then(|| by.join(" "));
    html! {
        div.field {
            label for=(name) { (label) }
            @if let Some(h) = &hint { p.muted id=(hint_id) { (h) } }
            (input(errors.invalid(name), by))
            (errors.beside_tied(name))
        }
    }
}

/// Names and addresses may be typed in any script: each keeps its own direction.
fn text_field(label: &str, name: &str, values: &Values, errors: &FormErrors) -> Markup {
    text_field_with(label, name, None, values, errors)
}

fn text_field_with(
    label: &str,
    name: &str,
    hint: Option<String>,
    values: &Values,
    errors: &FormErrors,
) -> Markup {
    let value = form::value(values, name);
    input_field(label, name, errors, hint, |invalid, by| {
        html! {
            input id=(name) type="text" name=(name) value=(value) dir="auto"
                aria-invalid=[invalid] aria-describedby=[by];
        }
    })
}

/// The optional code of a new van, place or category, in a volunteer's words: a short
/// name for lists, made from the name when left empty.
fn code_field(values: &Values, errors: &FormErrors) -> Markup {
    text_field_with(
        &t!("admin-code-label"),
        "slug",
        Some(t!("admin-code-help")),
        values,
        errors,
    )
}

/// Where "already taken" shows. A code typed by the coordinator is theirs to change,
/// so it shows beside the code; a code Haul made from the name was never seen, so the
/// name is what clashes: beside the name, saying one of that name exists.
fn already_there(
    values: &Values,
    slug: Option<&crate::catalog::Slug>,
    of: Named,
) -> (&'static str, Option<String>) {
    if form::value(values, "slug").is_empty() {
        let name = form::value(values, "name");
        ("name", slug.map(|_| of.taken(&name)))
    } else {
        (
            "slug",
            slug.map(|s| t!("admin-error-code-taken", code = s.as_str())),
        )
    }
}

/// The code of a new van, place or category checked against those already there now,
/// with the other fields, so a clash shows with every other error at once rather than
/// only once they are put right (the write checks it again). Adds `taken` beside `at`.
async fn check_clash(
    state: &AppState,
    of: Named,
    slug: Option<&crate::catalog::Slug>,
    (at, taken): (&str, Option<String>),
    errors: &mut Vec<FieldError>,
) -> AppResult<()> {
    let (Some(slug), Some(said)) = (slug, taken) else {
        return Ok(());
    };
    let s = slug.as_str().to_string();
    let exists = state
        .db
        .read(move |c| {
            Ok(match of {
                Named::Van => crate::admin::store::all_vans(c)?
                    .iter()
                    .any(|v| v.slug == s),
                Named::Category => crate::catalog::store::exists(c, &s)?,
                Named::Warehouse | Named::Site | Named::Place => {
                    crate::locations::store::find(c, &s)?.is_some()
                }
            })
        })
        .await?;
    if exists {
        errors.push(FieldError::new(at, said));
    }
    Ok(())
}

/// A text field for a name in another language: typed and shown in that language.
fn lang_field(label: &str, name: &str, lang: Lang, values: &Values, errors: &FormErrors) -> Markup {
    let value = form::value(values, name);
    input_field(label, name, errors, None, |invalid, by| {
        html! {
            input id=(name) type="text" name=(name) value=(value) lang=(lang.code()) dir="auto"
                aria-invalid=[invalid] aria-describedby=[by];
        }
    })
}

fn number_field(label: &str, name: &str, values: &Values, errors: &FormErrors) -> Markup {
    let value = form::value(values, name);
    input_field(label, name, errors, None, |invalid, by| {
        html! {
            input id=(name) type="text" inputmode="decimal" name=(name) value=(value) dir="ltr"
                aria-invalid=[invalid] aria-describedby=[by];
        }
    })
}

/// A choice from a list; with `blank`, a first empty choice so nothing is chosen for
/// the coordinator.
fn select_field(
    label: &str,
    name: &str,
    values: &Values,
    errors: &FormErrors,
    blank: Option<String>,
    options: &[(String, String)],
) -> Markup {
    let chosen = form::value(values, name);
    input_field(label, name, errors, None, |invalid, by| {
        html! {
            select id=(name) name=(name) required[blank.is_some()]
                aria-invalid=[invalid] aria-describedby=[by] {
                @if let Some(b) = &blank {
                    option value="" selected[chosen.is_empty()] { (b) }
                }
                @for (value, shown) in options {
                    option value=(value) selected[&chosen == value] { (shown) }
                }
            }
        }
    })
}

/// A count of litres or kilograms as the language writes it.
fn amount(n: f64) -> String {
    crate::i18n::format::number_in(Lang::current(), n, 2)
}

/// A stored measure put back in its field as the volunteer would type it: French
/// with a decimal comma, never grouped (the field reads a comma as the decimal point).
fn typed_number(n: f64) -> String {
    let plain = n.to_string();
    match Lang::current() {
        Lang::Fr => plain.replace('.', ","),
        _ => plain,
    }
}

pub async fn hub(actor: Actor) -> HttpResponse {
    let tasks = [
        (
            "/admin/volunteers",
            t!("admin-tab-volunteers"),
            t!("admin-hub-volunteers"),
        ),
        ("/admin/vans", t!("admin-tab-vans"), t!("admin-hub-vans")),
        (
            "/admin/places",
            t!("admin-places-title"),
            t!("admin-hub-places"),
        ),
        (
            "/admin/categories",
            t!("admin-tab-catalogue"),
            t!("admin-hub-catalogue"),
        ),
    ];
    let body = html! {
        h1 { (t!("admin-title")) }
        ul.tasks {
            @for (path, label, what) in &tasks {
                li { a href=(path) { (label) } " — " (what) }
            }
        }
    };
    show(&actor, &t!("admin-title"), None, StatusCode::OK, body)
}

// ---- volunteers ----

fn link_url(req: &HttpRequest, link: &OneTimeLink) -> String {
    let ci = req.connection_info();
    format!("{}://{}{}", ci.scheme(), ci.host(), link.path)
}

fn link_block(req: &HttpRequest, link: &OneTimeLink) -> Markup {
    let until = link.expires_at.format("%Y-%m-%d %H:%M").to_string();
    html! {
        // Text to copy, never a live link: a tap would use it up, or log the
        // coordinator out into the volunteer's new session (issue 9).
        div.onetime-link {
            p { (t!("admin-link-give", handle = &link.handle, until = until)) }
            label for="onetime-link" { (t!("admin-link-label")) }
            input #onetime-link.onetime type="text" readonly dir="ltr" data-select
                value=(link_url(req, link)) aria-describedby="onetime-link-hint";
            p.hint.muted #onetime-link-hint { (t!("admin-link-copy")) }
        }
    }
}

fn role_options() -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .map(|r| (r.as_str().to_string(), role_title(*r)))
        .collect()
}

/// The languages a coordinator may set for a volunteer; "" leaves it to their browser.
fn lang_options() -> Vec<(String, String)> {
    let mut out = vec![(String::new(), t!("admin-lang-browser"))];
    out.extend(
        Lang::OFFERED
            .iter()
            .map(|l| (l.code().to_string(), l.own_name().to_string())),
    );
    out
}

fn lang_name(code: Option<&str>) -> String {
    code.and_then(Lang::parse)
        .filter(|l| Lang::OFFERED.contains(l))
        .map(|l| l.own_name().to_string())
        .unwrap_or_else(|| t!("admin-lang-browser"))
}

/// Where a refusal about one volunteer shows: in their row.
fn person_field(handle: &str) -> String {
    format!("person-{handle}")
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
    let (users, langs) = state
        .db
        .read(|c| {
            Ok((
                crate::auth::store::all(c)?,
                crate::admin::store::user_langs(c)?,
            ))
        })
        .await?;
    let roles = role_options();
    let body = html! {
        (admin_tabs("/admin/volunteers"))
        h1 { (t!("admin-volunteers-title")) }
        @if let Some(l) = link { (l) }
        h2 { (t!("admin-volunteer-add")) }
        form method="post" novalidate action="/admin/volunteers" {
            (form::csrf_field(actor))
            (text_field(&t!("admin-handle-label"), "handle", values, errors))
            (select_field(&t!("admin-role-label"), "role", values, errors, None, &roles))
            (select_field(&t!("admin-lang-label"), "lang", values, errors, None, &lang_options()))
            button type="submit" { (t!("admin-volunteer-add-button")) }
        }
        h2 { (t!("admin-volunteers-everyone")) }
        @for u in &users {
            @let lang = langs.get(&u.id).cloned().flatten();
            div.person id={"v-" (u.handle)} {
                p.name {
                    strong { bdi { (u.handle) } } " · "
                    (role_title(u.role))
                    " · " span lang=[lang.as_deref().and_then(Lang::parse).map(|l| l.code())] { (lang_name(lang.as_deref())) }
                    @if u.deactivated_at.is_some() { " · " em { (t!("admin-volunteer-deactivated")) } }
                }
                @if u.deactivated_at.is_none() {
                    div.moves {
                        form.inline method="post" novalidate action=(&format!("/admin/volunteers/{}/role", u.handle)) {
                            (form::csrf_field(actor))
                            select name="role" aria-label=(t!("admin-role-of", handle = &u.handle)) {
                                @for (value, shown) in &roles {
                                    option value=(value) selected[&u.role == value] { (shown) }
                                }
                            }
                            " "
                            select name="lang" aria-label=(t!("admin-lang-of", handle = &u.handle)) {
                                @for (value, shown) in lang_options() {
                                    option value=(value) selected[lang.as_deref().unwrap_or("") == value.as_str()] { (shown) }
                                }
                            }
                            " "
                            button.secondary type="submit" { (t!("admin-save")) }
                        }
                        form.inline method="post" novalidate action=(&format!("/admin/volunteers/{}/password-link", u.handle)) {
                            (form::csrf_field(actor))
                            button.secondary type="submit" { (t!("admin-password-link")) }
                        }
                        @if u.handle != actor.handle {
                            form.inline method="post" novalidate action=(&format!("/admin/volunteers/{}/deactivate", u.handle)) {
                                (form::csrf_field(actor))
                                button.secondary type="submit" { (t!("admin-deactivate-button")) }
                            }
                        }
                    }
                }
                (errors.beside(&person_field(&u.handle)))
            }
        }
    };
    Ok(show(
        actor,
        &t!("admin-volunteers-title"),
        flash,
        status,
        body,
    ))
}

pub async fn volunteers_page(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    volunteers_render(&state, &actor, Shown::blank(), None).await
}

/// A language chosen on a form: `Ok(None)` for "their browser's".
fn lang_choice(values: &Values, errors: &mut Vec<FieldError>) -> Option<Option<Lang>> {
    let raw = form::value(values, "lang");
    if raw.is_empty() {
        return Some(None);
    }
    match Lang::parse(&raw).filter(|l| Lang::OFFERED.contains(l)) {
        Some(l) => Some(Some(l)),
        None => {
            errors.push(FieldError::new("lang", t!("admin-error-lang")));
            None
        }
    }
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
    let mut errors = Vec::new();
    if crate::auth::api::check_handle(&handle).is_err() {
        errors.push(FieldError::new("handle", t!("admin-error-handle")));
    }
    let role_parsed = Role::parse(&role);
    if role_parsed.is_none() {
        errors.push(FieldError::new("role", t!("admin-error-role")));
    }
    let lang = lang_choice(&values, &mut errors);
    // A handle in use is said with the other errors, not only once they are put right.
    if !errors.is_empty() && !errors.iter().any(|e| e.field == "handle") {
        let h = handle.clone();
        let used = state
            .db
            .read(move |c| Ok(crate::auth::store::find(c, &h)?.is_some()))
            .await?;
        if used {
            let said = t!("admin-error-handle-taken", handle = &handle);
            errors.push(FieldError::new("handle", said));
        }
    }
    let (Some(role_parsed), Some(lang), true) = (role_parsed, lang, errors.is_empty()) else {
        let shown = Shown::refused(values, FormErrors(errors));
        return volunteers_render(&state, &actor, shown, None).await;
    };
    let taken = t!("admin-error-handle-taken", handle = &handle);
    let result = async {
        let (handle, role, link) = crate::auth::api::create_volunteer(
            &state,
            handle,
            role_parsed.as_str().to_string(),
            None,
            actor.handle.clone(),
        )
        .await?;
        if let Some(l) = lang {
            let h = handle.clone();
            state
                .db
                .write(move |c| model::set_lang(c, &h, Some(l)))
                .await?;
        }
        let msg = t!(
            "admin-volunteer-added",
            handle = &handle,
            role = role_title(role)
        );
        Ok((msg, link))
    }
    .await;
    match result {
        Ok((msg, link)) => {
            let link = link.map(|l| link_block(&req, &l));
            volunteers_render(&state, &actor, Shown::saved(msg), link).await
        }
        Err(e) => {
            let errors = refusal(e, "handle", Some(taken))?;
            volunteers_render(&state, &actor, Shown::refused(values, errors), None).await
        }
    }
}

/// The volunteers page after a change to one volunteer: its message and a one-time
/// link to show once, or the refusal in that volunteer's row.
async fn volunteer_outcome(
    state: &AppState,
    req: &HttpRequest,
    actor: &Actor,
    handle: &str,
    result: AppResult<(String, Option<OneTimeLink>)>,
) -> AppResult<HttpResponse> {
    let (shown, link) = match result {
        Ok((msg, link)) => (Shown::saved(msg), link.map(|l| link_block(req, &l))),
        Err(e) => {
            let missing = t!("admin-refused-no-volunteer", handle = handle);
            let errors = refusal(e, &person_field(handle), Some(missing))?;
            (Shown::refused(Values::new(), errors), None)
        }
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
    let mut errors = Vec::new();
    let role = Role::parse(&form::value(&values, "role"));
    if role.is_none() {
        errors.push(FieldError::new(
            person_field(&handle),
            t!("admin-error-role"),
        ));
    }
    // The row's language, when the form sent one: an older page sends the role only.
    let lang = if values.contains_key("lang") {
        let mut lang_errors = Vec::new();
        let l = lang_choice(&values, &mut lang_errors);
        for e in lang_errors {
            errors.push(FieldError::new(person_field(&handle), e.message));
        }
        l
    } else {
        None
    };
    let (Some(role), true) = (role, errors.is_empty()) else {
        let shown = Shown::refused(Values::new(), FormErrors(errors));
        return volunteers_render(&state, &actor, shown, None).await;
    };
    let h = handle.clone();
    let result = state
        .db
        .write(move |c| {
            let before = crate::auth::store::find(c, &h)?.map(|u| u.role);
            let user = model::change_role(c, &h, role)?;
            let lang_changed = match lang {
                Some(l) => model::set_lang(c, &h, l)?,
                None => false,
            };
            Ok((before, user, lang_changed))
        })
        .await;
    let result = result.map(|(before, user, lang_changed)| {
        state.auth.forget_role(&user.handle);
        let mut said = Vec::new();
        if before != Some(user.role) {
            said.push(t!(
                "admin-role-changed",
                handle = &user.handle,
                before = before.map_or_else(String::new, role_title),
                after = role_title(user.role)
            ));
        }
        if lang_changed {
            let lang = lang.flatten().map(|l| l.own_name().to_string());
            said.push(match lang {
                Some(l) => t!("admin-lang-changed", handle = &user.handle, language = l),
                None => t!("admin-lang-cleared", handle = &user.handle),
            });
        }
        if said.is_empty() {
            said.push(t!("admin-nothing-changed", name = &user.handle));
        }
        (said.join(" "), None)
    });
    volunteer_outcome(&state, &req, &actor, &handle, result).await
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
        let title = t!("admin-deactivate-title", handle = &handle);
        return Ok(confirm::danger_page(
            &actor,
            &Confirmation {
                title: &title,
                restated: html! {
                    p { (t!("admin-deactivate-what", handle = &handle)) }
                    p.muted { (t!("admin-deactivate-history")) }
                },
                action: &format!("/admin/volunteers/{handle}/deactivate"),
                fields: &pairs,
                confirm_label: &t!("admin-deactivate-confirm"),
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
    let result = result.map(|u| (t!("admin-deactivated", handle = &u.handle), None));
    volunteer_outcome(&state, &req, &actor, &handle, result).await
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
    let h = handle.clone();
    let result = state
        .db
        .write(move |c| model::issue_link(c, &h, &by, now))
        .await;
    let result = result.map(|(link, _)| {
        let msg = t!("admin-link-made", handle = &link.handle);
        (msg, Some(link))
    });
    volunteer_outcome(&state, &req, &actor, &handle, result).await
}

// ---- vans ----

fn van_line(capacity_l: f64, payload_kg: f64) -> String {
    t!(
        "admin-van-line",
        capacity = amount(capacity_l),
        payload = amount(payload_kg)
    )
}

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
        h1 { (t!("admin-vans-title")) }
        @for v in vans.iter().filter(|v| v.retired_at.is_none()) {
            p { a href={"/admin/vans/" (v.slug)} { (v.name) } " · " (van_line(v.capacity_l, v.payload_kg)) }
        }
        @if vans.iter().all(|v| v.retired_at.is_some()) { p { (t!("admin-vans-none")) } }
        h2 { (t!("admin-van-add")) }
        form method="post" novalidate action="/admin/vans" {
            (form::csrf_field(actor))
            (text_field(&t!("admin-name-label"), "name", values, errors))
            (code_field(values, errors))
            (number_field(&t!("admin-capacity-label"), "capacity_l", values, errors))
            (number_field(&t!("admin-payload-label"), "payload_kg", values, errors))
            button type="submit" { (t!("admin-van-add-button")) }
        }
        @let retired: Vec<_> = vans.iter().filter(|v| v.retired_at.is_some()).collect();
        @if !retired.is_empty() {
            h2 { (t!("admin-vans-retired")) }
            @for v in retired { p.muted { (v.name) } }
        }
    };
    Ok(show(actor, &t!("admin-vans-title"), flash, status, body))
}

pub async fn vans_page(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    vans_render(&state, &actor, Shown::blank()).await
}

pub async fn add_van(state: web::Data<AppState>, actor: Actor, f: Form) -> AppResult<HttpResponse> {
    let (_, values) = values_of(f);
    let mut errors = Vec::new();
    let name = fields::name(&values, Named::Van, &mut errors);
    let slug = fields::code(&values, &mut errors);
    let capacity_l = fields::measure(&values, Measure::Capacity, &mut errors);
    let payload_kg = fields::measure(&values, Measure::Payload, &mut errors);
    let (taken_at, taken) = already_there(&values, slug.as_ref(), Named::Van);
    check_clash(
        &state,
        Named::Van,
        slug.as_ref(),
        (taken_at, taken.clone()),
        &mut errors,
    )
    .await?;
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
            let msg = t!(
                "admin-van-added",
                name = &van.name,
                line = van_line(van.capacity_l, van.payload_kg)
            );
            vans_render(&state, &actor, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, taken_at, taken)?;
            vans_render(&state, &actor, refused_listed(values, errors)).await
        }
    }
}

async fn van_row(state: &AppState, slug: &str) -> AppResult<crate::runs::store::VanRow> {
    let s = slug.to_string();
    state
        .db
        .read(move |c| {
            Ok(crate::admin::store::all_vans(c)?
                .into_iter()
                .find(|v| v.slug == s))
        })
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no van '{slug}'")))
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
    let van = van_row(state, slug).await?;
    let values = &typed_or(
        typed,
        &[
            ("name", van.name.clone()),
            ("capacity_l", typed_number(van.capacity_l)),
            ("payload_kg", typed_number(van.payload_kg)),
        ],
    );
    let errors = &errors;
    let body = one_page(
        actor,
        errors,
        OnePage {
            tab: "/admin/vans",
            heading: van.name.clone(),
            intro: None,
            action: format!("/admin/vans/{slug}"),
            fields: html! {
                (text_field(&t!("admin-name-label"), "name", values, errors))
                (number_field(&t!("admin-capacity-label"), "capacity_l", values, errors))
                (number_field(&t!("admin-payload-label"), "payload_kg", values, errors))
            },
            end: Some(End {
                key: "retire",
                ended: van.retired_at.map(|_| t!("admin-van-is-retired")),
                heading: t!("admin-retire-heading"),
                what: t!("admin-retire-what"),
                button: t!("admin-retire-button", name = &van.name),
            }),
        },
    );
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
    van_row(&state, &slug).await?;
    let mut errors = Vec::new();
    let update = VanUpdate {
        name: fields::name(&values, Named::Van, &mut errors),
        capacity_l: Some(fields::measure(&values, Measure::Capacity, &mut errors)),
        payload_kg: Some(fields::measure(&values, Measure::Payload, &mut errors)),
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
            let msg = t!(
                "admin-van-saved",
                name = &van.name,
                line = van_line(van.capacity_l, van.payload_kg)
            );
            van_render(&state, &actor, &slug, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "name", None)?;
            van_render(&state, &actor, &slug, refused_listed(values, errors)).await
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
    let van = van_row(&state, &slug).await?;
    if !confirm::is_confirmed(&values) {
        let title = t!("admin-retire-title", name = &van.name);
        return Ok(confirm::danger_page(
            &actor,
            &Confirmation {
                title: &title,
                restated: html! { p { (t!("admin-retire-restated", name = &van.name)) } },
                action: &format!("/admin/vans/{slug}/retire"),
                fields: &pairs,
                confirm_label: &t!("admin-retire-confirm"),
                cancel_href: &format!("/admin/vans/{slug}"),
            },
        ));
    }
    let now = state.clock.now();
    let s = slug.clone();
    match state.db.write(move |c| model::retire_van(c, &s, now)).await {
        Ok(van) => {
            let msg = t!("admin-van-retired", name = &van.name);
            vans_render(&state, &actor, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "retire", None)?;
            van_render(&state, &actor, &slug, refused_listed(Values::new(), errors)).await
        }
    }
}

// ---- warehouses and sites ----

#[derive(Debug, Deserialize)]
pub struct PlacesQuery {
    /// The kind to start the add form with, from the "Add a site" link.
    kind: Option<String>,
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
    let kinds = [
        ("warehouse".to_string(), LocationKind::Warehouse.label()),
        ("site".to_string(), LocationKind::Site.label()),
    ];
    let sections = [
        (
            "warehouse",
            t!("admin-places-warehouses"),
            t!("admin-place-add-warehouse"),
        ),
        ("site", t!("admin-places-sites"), t!("admin-place-add-site")),
    ];
    let body = html! {
        (admin_tabs("/admin/places"))
        h1 { (t!("admin-places-title")) }
        @for (k, heading, add) in &sections {
            h2 { (heading) }
            @for p in places.iter().filter(|p| p.kind == *k && p.archived_at.is_none()) {
                p { a href={"/admin/places/" (p.slug)} { (p.name) }
                    @if let Some(a) = &p.address { " · " span.muted { (a) } } }
            }
            p { a href={"/admin/places?kind=" (k) "#add"} { (add) } }
        }
        h2 #add { (t!("admin-place-add")) }
        form method="post" novalidate action="/admin/places" {
            (form::csrf_field(actor))
            (select_field(&t!("admin-kind-label"), "kind", values, errors, Some(t!("admin-kind-choose")), &kinds))
            (text_field(&t!("admin-place-name-label"), "name", values, errors))
            (code_field(values, errors))
            (text_field(&t!("admin-address-label"), "address", values, errors))
            (text_field(&t!("admin-region-label"), "region", values, errors))
            button type="submit" { (t!("admin-place-add-button")) }
        }
        @let archived: Vec<_> = places.iter().filter(|p| p.archived_at.is_some()).collect();
        @if !archived.is_empty() {
            h2 { (t!("admin-places-archived")) }
            @for p in archived { p.muted { (p.name) " (" (p.kind.label()) ")" } }
        }
    };
    Ok(show(actor, &t!("admin-places-title"), flash, status, body))
}

/// The add form starts with no kind chosen: a warehouse made by mistake for a site
/// (or the other way) cannot be changed afterwards, and would show in the wrong lists.
/// Coming from "Add a site" under the sites, it starts as a site.
pub async fn places_page(
    state: web::Data<AppState>,
    actor: Actor,
    q: web::Query<PlacesQuery>,
) -> AppResult<HttpResponse> {
    let mut shown = Shown::blank();
    if let Some(k) = q
        .kind
        .as_deref()
        .and_then(LocationKind::parse)
        .filter(|k| k.is_place())
    {
        shown.values.insert("kind".into(), k.as_str().into());
    }
    places_render(&state, &actor, shown).await
}

pub async fn add_place(
    state: web::Data<AppState>,
    actor: Actor,
    f: Form,
) -> AppResult<HttpResponse> {
    let (_, values) = values_of(f);
    let mut errors = Vec::new();
    let kind = LocationKind::parse(&form::value(&values, "kind")).filter(|k| k.is_place());
    if kind.is_none() {
        errors.push(FieldError::new("kind", t!("admin-error-kind")));
    }
    let named = match kind {
        Some(LocationKind::Site) => Named::Site,
        Some(_) => Named::Warehouse,
        None => Named::Place,
    };
    let name = fields::name(&values, named, &mut errors);
    let slug = fields::code(&values, &mut errors);
    let address = fields::text::<300>(&values, "address", &mut errors).filter(|t| !t.is_empty());
    let region = fields::text::<100>(&values, "region", &mut errors).filter(|t| !t.is_empty());
    let (taken_at, taken) = already_there(&values, slug.as_ref(), named);
    check_clash(
        &state,
        named,
        slug.as_ref(),
        (taken_at, taken.clone()),
        &mut errors,
    )
    .await?;
    let now = state.clock.now();
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
            let msg = match new.kind.as_str() {
                "site" => t!("admin-site-added", name = &new.name),
                _ => t!("admin-warehouse-added", name = &new.name),
            };
            places_render(&state, &actor, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, taken_at, taken)?;
            places_render(&state, &actor, refused_listed(values, errors)).await
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
    let p = place_of(state, slug).await?;
    let values = &typed_or(
        typed,
        &[
            ("name", p.name.clone()),
            ("address", p.address.clone().unwrap_or_default()),
            ("region", p.region.clone().unwrap_or_default()),
        ],
    );
    let errors = &errors;
    let name_label = if p.kind == "site" {
        t!("admin-code-name-label")
    } else {
        t!("admin-name-label")
    };
    let body = one_page(
        actor,
        errors,
        OnePage {
            tab: "/admin/places",
            heading: format!("{} · {}", p.name, p.kind.label()),
            intro: None,
            action: format!("/admin/places/{slug}"),
            fields: html! {
                (text_field(&name_label, "name", values, errors))
                (text_field(&t!("admin-address-edit-label"), "address", values, errors))
                (text_field(&t!("admin-region-edit-label"), "region", values, errors))
            },
            end: Some(End {
                key: "archive",
                ended: p.archived_at.map(|_| t!("admin-place-is-archived")),
                heading: t!("admin-archive-heading"),
                what: t!("admin-archive-what"),
                button: t!("admin-archive-button", name = &p.name),
            }),
        },
    );
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
    let named = if before.kind == "site" {
        Named::Site
    } else {
        Named::Warehouse
    };
    let mut errors = Vec::new();
    let update = PlaceUpdate {
        name: fields::name(&values, named, &mut errors),
        address: fields::text(&values, "address", &mut errors),
        region: fields::text(&values, "region", &mut errors),
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
                changed.push(t!(
                    "admin-changed-name",
                    before = &before.name,
                    after = &p.name
                ));
            }
            if p.address != before.address {
                changed.push(t!("admin-changed-address"));
            }
            if p.region != before.region {
                changed.push(t!("admin-changed-region"));
            }
            let msg = if changed.is_empty() {
                t!("admin-nothing-changed", name = &p.name)
            } else {
                t!(
                    "admin-place-saved",
                    name = &p.name,
                    changes = changed.join(crate::i18n::format::list_separator())
                )
            };
            place_render(&state, &actor, &slug, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "name", None)?;
            place_render(&state, &actor, &slug, refused_listed(values, errors)).await
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
        let title = t!("admin-archive-title", name = &p.name);
        let restated = match p.kind.as_str() {
            "site" => t!("admin-archive-restated-site", name = &p.name),
            _ => t!("admin-archive-restated-warehouse", name = &p.name),
        };
        return Ok(confirm::danger_page(
            &actor,
            &Confirmation {
                title: &title,
                restated: html! { p { (restated) } },
                action: &format!("/admin/places/{slug}/archive"),
                fields: &pairs,
                confirm_label: &t!("admin-archive-confirm"),
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
            let msg = match p.kind.as_str() {
                "site" => t!("admin-site-archived", name = &p.name),
                _ => t!("admin-warehouse-archived", name = &p.name),
            };
            places_render(&state, &actor, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "archive", None)?;
            place_render(&state, &actor, &slug, refused_listed(Values::new(), errors)).await
        }
    }
}

// ---- catalogue ----

fn group_options() -> Vec<(String, String)> {
    CategoryGroup::ALL
        .iter()
        .map(|g| (g.as_str().to_string(), g.label()))
        .collect()
}

fn category_fields(values: &Values, errors: &FormErrors) -> Markup {
    let dangerous = !form::value(values, "dangerous_goods").is_empty();
    html! {
        (text_field(&t!("admin-category-name-label"), "name", values, errors))
        (lang_field(&t!("admin-category-name-fr-label"), "name_fr", Lang::Fr, values, errors))
        (lang_field(&t!("admin-category-name-ar-label"), "name_ar", Lang::Ar, values, errors))
        (number_field(&t!("admin-unit-volume-label"), "unit_volume_l", values, errors))
        (number_field(&t!("admin-unit-weight-label"), "unit_weight_kg", values, errors))
        (select_field(&t!("admin-group-label"), "group", values, errors, None, &group_options()))
        label.check { input type="checkbox" name="dangerous_goods" value="yes" checked[dangerous]; " " (t!("admin-dangerous-label")) }
    }
}

fn category_line(c: &Category) -> String {
    let line = t!(
        "admin-category-line",
        volume = amount(c.unit_volume_l),
        weight = amount(c.unit_weight_kg)
    );
    if c.dangerous_goods {
        format!("{line} · {}", t!("admin-dangerous"))
    } else {
        line
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
    let lang = Lang::current();
    let mut cats: Vec<Category> = state
        .db
        .read(|c| Ok(crate::catalog::store::all(c)?))
        .await?;
    cats.sort_by_key(|c| c.name_in(lang).to_lowercase());
    let body = html! {
        (admin_tabs("/admin/categories"))
        h1 { (t!("admin-catalogue-title")) }
        p.muted { (t!("admin-catalogue-names")) }
        @for g in CategoryGroup::ALL {
            @let of: Vec<&Category> = cats.iter().filter(|c| c.group == g.as_str()).collect();
            @if !of.is_empty() {
                h2 { (g.label()) }
                @for c in of {
                    p {
                        a href={"/admin/categories/" (c.slug)} { (c.name_in(lang)) } " · " (category_line(c))
                        // Its names in the other languages, to check them without opening it.
                        br;
                        small.muted {
                            @for (i, (other, name)) in [(Lang::En, Some(&c.name)), (Lang::Fr, c.name_fr.as_ref()), (Lang::Ar, c.name_ar.as_ref())].map(|(l, n)| (l, n.filter(|n| !n.is_empty()))).into_iter().filter(|(l, _)| *l != lang).enumerate() {
                                @if i > 0 { " · " }
                                (t!("admin-category-named", language = other.own_name()))
                                " "
                                @match name {
                                    Some(name) => { bdi lang=(other.code()) { (name) } }
                                    None => { (t!("admin-category-no-name")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { (t!("admin-category-add")) }
        form method="post" novalidate action="/admin/categories" {
            (form::csrf_field(actor))
            (category_fields(values, errors))
            (code_field(values, errors))
            button type="submit" { (t!("admin-category-add-button")) }
        }
    };
    Ok(show(
        actor,
        &t!("admin-catalogue-title"),
        flash,
        status,
        body,
    ))
}

pub async fn categories_page(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    categories_render(&state, &actor, Shown::blank()).await
}

fn group_field(values: &Values, errors: &mut Vec<FieldError>) -> CategoryGroup {
    CategoryGroup::parse(&form::value(values, "group")).unwrap_or_else(|| {
        errors.push(FieldError::new("group", t!("admin-error-group")));
        CategoryGroup::Other
    })
}

/// The French and Arabic names as typed (either may be empty).
fn translated_names(
    values: &Values,
    errors: &mut Vec<FieldError>,
) -> (
    Option<crate::text::FreeText<100>>,
    Option<crate::text::FreeText<100>>,
) {
    (
        fields::text(values, "name_fr", errors),
        fields::text(values, "name_ar", errors),
    )
}

pub async fn add_category(
    state: web::Data<AppState>,
    actor: Actor,
    f: Form,
) -> AppResult<HttpResponse> {
    let (_, values) = values_of(f);
    let mut errors = Vec::new();
    let name = fields::name(&values, Named::Category, &mut errors);
    let (name_fr, name_ar) = translated_names(&values, &mut errors);
    let unit_volume_l = fields::measure(&values, Measure::UnitVolume, &mut errors);
    let unit_weight_kg = fields::measure(&values, Measure::UnitWeight, &mut errors);
    let group = group_field(&values, &mut errors);
    let slug = fields::code(&values, &mut errors);
    let (taken_at, taken) = already_there(&values, slug.as_ref(), Named::Category);
    check_clash(
        &state,
        Named::Category,
        slug.as_ref(),
        (taken_at, taken.clone()),
        &mut errors,
    )
    .await?;
    let now = state.clock.now();
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
                    let text = |t: Option<crate::text::FreeText<100>>| {
                        t.map(|t| t.into_string()).unwrap_or_default()
                    };
                    crate::catalog::names::set(c, &new.slug, &text(name_fr), &text(name_ar))?;
                    Ok(new)
                })
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(new) => {
            let msg = t!(
                "admin-category-added",
                name = &new.name,
                group = CategoryGroup::label_of(&new.group)
            );
            categories_render(&state, &actor, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, taken_at, taken)?;
            categories_render(&state, &actor, Shown::refused(values, errors)).await
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
    let s = slug.to_string();
    let cat = state.db.read(move |c| model::category(c, &s)).await?;
    let mut current = vec![
        ("name", cat.name.clone()),
        ("name_fr", cat.name_fr.clone().unwrap_or_default()),
        ("name_ar", cat.name_ar.clone().unwrap_or_default()),
        ("unit_volume_l", typed_number(cat.unit_volume_l)),
        ("unit_weight_kg", typed_number(cat.unit_weight_kg)),
        ("group", cat.group.clone()),
    ];
    if cat.dangerous_goods {
        current.push(("dangerous_goods", "yes".into()));
    }
    let values = &typed_or(typed, &current);
    let errors = &errors;
    let title = cat.name_in(Lang::current());
    let body = one_page(
        actor,
        errors,
        OnePage {
            tab: "/admin/categories",
            heading: title.clone(),
            intro: Some(t!("admin-catalogue-names")),
            action: format!("/admin/categories/{slug}"),
            fields: category_fields(values, errors),
            end: None,
        },
    );
    Ok(show(actor, &title, flash, status, body))
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
    let s = slug.clone();
    state.db.read(move |c| model::category(c, &s)).await?;
    let mut errors = Vec::new();
    let (name_fr, name_ar) = translated_names(&values, &mut errors);
    let update = CategoryUpdate {
        name: fields::name(&values, Named::Category, &mut errors),
        unit_volume_l: Some(fields::measure(&values, Measure::UnitVolume, &mut errors)),
        unit_weight_kg: Some(fields::measure(&values, Measure::UnitWeight, &mut errors)),
        dangerous_goods: Some(!form::value(&values, "dangerous_goods").is_empty()),
        group: Some(group_field(&values, &mut errors)),
        name_fr,
        name_ar,
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
            let msg = t!(
                "admin-category-saved",
                name = cat.name_in(Lang::current()),
                line = category_line(&cat),
                group = CategoryGroup::label_of(&cat.group)
            );
            category_render(&state, &actor, &slug, Shown::saved(msg)).await
        }
        Err(e) => {
            let errors = refusal(e, "name", None)?;
            category_render(&state, &actor, &slug, Shown::refused(values, errors)).await
        }
    }
}
