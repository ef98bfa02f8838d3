//! The OpenAPI 3.1 document of `/api/v1`, generated from the code: the request and
//! query types derive their schemas, every handler carries its `#[utoipa::path]`, and
//! this file only gathers them and adds what every operation shares (the error shape
//! and its statuses, bearer auth). Served at `GET /api/v1/openapi.json`.

use actix_web::HttpResponse;
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr};
use utoipa::{Modify, OpenApi, PartialSchema, ToSchema};

use crate::catalog::Slug;
use crate::error::{ErrorBody, ErrorDetail};
use crate::ledger::quantity::MAX_QUANTITY;
use crate::ledger::{Count, Quantity};
use crate::text::FreeText;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Haul API",
        description = "Tracks salvaged and donated goods from festival field to hand-out. Errors are {\"error\":{\"code\",\"message\",\"details\"}}."
    ),
    paths(
        crate::auth::api::token,
        crate::auth::api::list_users,
        crate::auth::api::create_user,
        crate::catalog::api::list,
        crate::catalog::api::create,
        crate::locations::api::list,
        crate::locations::api::create,
        crate::intake::api::list,
        crate::intake::api::create,
        crate::ledger::api::stock,
        crate::ledger::api::list,
        crate::movements::api::transfer,
        crate::partners::api::our_key,
        crate::partners::api::list_partners,
        crate::partners::api::add_partner,
        crate::partners::api::map_category,
        crate::partners::api::list,
        crate::partners::api::show,
        crate::partners::api::file,
        crate::partners::api::offer,
        crate::partners::api::import,
        crate::partners::api::answer,
        crate::partners::api::withdraw,
        crate::partners::api::dispatch,
        crate::partners::api::extra,
        crate::partners::api::receive,
        crate::partners::api::lost,
        crate::movements::api::regrade,
        crate::movements::api::stocktake,
        crate::movements::api::writeoff,
        crate::needs::api::list,
        crate::needs::api::create,
        crate::needs::api::import,
        crate::priorities::api::get,
        crate::priorities::api::put,
        crate::collect::api::collect_list,
        crate::handouts::api::create,
        crate::handouts::api::list,
        crate::handouts::api::unmet,
        crate::reports::api::summary,
        crate::exports::api::stock,
        crate::exports::api::ledger,
        crate::exports::api::handouts,
        crate::exports::api::needs,
        crate::imports::api::intakes,
        crate::runs::api::list_vans,
        crate::runs::api::create_van,
        crate::runs::api::list_runs,
        crate::runs::api::create_run,
        crate::runs::api::get_run,
        crate::runs::api::plan,
        crate::runs::api::set_lines,
        crate::runs::api::load,
        crate::runs::api::deliver,
        crate::runs::api::return_run,
        crate::runs::api::manifest_csv,
        crate::runs::api::cancel_run,
        crate::runs::api::plan_day,
        crate::admin::api::change_role,
        crate::admin::api::deactivate,
        crate::admin::api::password_link,
        crate::admin::api::update_van,
        crate::admin::api::retire_van,
        crate::admin::api::update_place,
        crate::admin::api::archive_place,
        crate::admin::api::update_category,
        crate::corrections::api::create,
        crate::boxes::api::reserve,
        crate::boxes::api::list,
        crate::boxes::api::fill,
        crate::boxes::api::show,
        crate::boxes::api::move_box,
        crate::boxes::api::regrade,
        crate::boxes::api::add,
        crate::boxes::api::take,
        crate::boxes::api::empty,
        crate::boxes::api::split,
        crate::boxes::api::merge,
        crate::boxes::api::hand_out,
        crate::boxes::api::set_tracked,
        crate::boxes::runs::sheet_api,
        crate::boxes::runs::scan_api,
        crate::boxes::runs::shortfall_api,
        document
    ),
    components(schemas(ErrorBody, ErrorDetail, Slug, Quantity, Count, crate::catalog::Condition, crate::locations::LocationKind)),
    modifiers(&Shared),
    security(("bearer" = []))
)]
pub struct ApiDoc;

/// The document as JSON.
pub fn json() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    camel_case_links(&mut doc);
    doc
}

/// utoipa 5 writes a Link's fields in snake case (`operation_id`); OpenAPI and the
/// tools that follow links read `operationId`, `operationRef` and `requestBody`.
fn camel_case_links(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    let links = paths
        .values_mut()
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut())
        .filter_map(|op| op.get_mut("responses").and_then(|r| r.as_object_mut()))
        .flat_map(|responses| responses.values_mut())
        .filter_map(|response| response.get_mut("links").and_then(|l| l.as_object_mut()))
        .flat_map(|links| links.values_mut())
        .filter_map(|link| link.as_object_mut());
    for link in links {
        for (snake, camel) in [
            ("operation_id", "operationId"),
            ("operation_ref", "operationRef"),
            ("request_body", "requestBody"),
        ] {
            if let Some(v) = link.remove(snake) {
                link.insert(camel.to_string(), v);
            }
        }
    }
}

/// This document, to the depth a client relies on.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct Document {
    /// `3.1.0`.
    openapi: String,
    #[schema(value_type = Object)]
    info: serde_json::Value,
    #[schema(value_type = Object)]
    paths: serde_json::Value,
    #[schema(value_type = Object)]
    components: serde_json::Value,
}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "openapi", responses((status = 200, description = "this document", body = Document)), security(()))]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(json())
}

/// A stock-changing POST takes effect once per key; a retry with the same key and body
/// answers the first response again (with `Idempotent-Replayed: true`).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IdempotencyHeader {
    /// 1 to 200 visible ASCII characters, made by the client once per change.
    #[param(rename = "Idempotency-Key", pattern = "^[!-~]{1,200}$")]
    pub idempotency_key: Option<String>,
}

/// The statuses every operation may answer with the error shape, and bearer auth.
struct Shared;

const ERRORS: &[(&str, &str)] = &[
    ("400", "malformed body, query or header"),
    ("404", "unknown id or slug, or a bad path"),
    ("409", "conflict with the current state (not enough stock, wrong run status, a reused idempotency key)"),
    ("413", "body too large"),
    ("415", "wrong content type"),
    ("422", "well-formed but invalid (unknown category, quantity out of range, …)"),
    ("503", "the database is unreachable"),
];
const AUTH_ERRORS: &[(&str, &str)] = &[
    ("401", "missing, bad or expired token"),
    ("403", "this role may not do this"),
];

fn add_errors(op: &mut Operation, public: bool) {
    let mut list: Vec<(&str, &str)> = ERRORS.to_vec();
    if !public {
        list.extend_from_slice(AUTH_ERRORS);
    } else {
        list.push(("401", "wrong handle or password"));
        list.push(("429", "too many failed logins; try later"));
    }
    for (status, description) in list {
        op.responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| {
                RefOr::T(
                    ResponseBuilder::new()
                        .description(description)
                        .content(
                            "application/json",
                            Content::new(Some(Ref::from_schema_name("ErrorBody"))),
                        )
                        .build(),
                )
            });
    }
}

impl Modify for Shared {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("POST /api/v1/auth/token gives a token for 30 minutes"))
                    .build(),
            ),
        );
        for (path, item) in doc.paths.paths.iter_mut() {
            for (method, op) in [
                ("get", &mut item.get),
                ("post", &mut item.post),
                ("put", &mut item.put),
                ("delete", &mut item.delete),
                ("patch", &mut item.patch),
            ] {
                let Some(op) = op else { continue };
                // Handler names repeat between modules (`list`, `create`): the id is
                // made from the method and path instead, unique by construction.
                op.operation_id = Some(operation_id(method, path));
                // `security(())` on a path marks it as open to anyone.
                let public = op.security.as_ref().is_some_and(|s| {
                    s.iter().all(|r| {
                        serde_json::to_value(r)
                            .is_ok_and(|v| v.as_object().is_some_and(|o| o.is_empty()))
                    })
                });
                add_errors(op, public);
            }
        }
        add_links(doc);
    }
}

/// What a client (and schemathesis' stateful phase) can do next with what a create
/// answered: `(operation, status, operation it leads to, its parameter, where the value is)`.
const LINKS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "post_runs",
        "201",
        "get_runs_id",
        "id",
        "$response.body#/id",
    ),
    (
        "post_runs",
        "201",
        "post_runs_id_plan",
        "id",
        "$response.body#/id",
    ),
    (
        "post_runs",
        "201",
        "get_runs_id_boxes",
        "id",
        "$response.body#/id",
    ),
    (
        "post_runs",
        "201",
        "post_runs_id_load",
        "id",
        "$response.body#/id",
    ),
    (
        "post_runs",
        "201",
        "delete_runs_id",
        "id",
        "$response.body#/id",
    ),
    (
        "post_boxes",
        "201",
        "get_boxes_code",
        "code",
        "$response.body#/code",
    ),
    (
        "post_boxes",
        "201",
        "post_boxes_code_add",
        "code",
        "$response.body#/code",
    ),
    (
        "post_boxes",
        "201",
        "post_boxes_code_take",
        "code",
        "$response.body#/code",
    ),
    (
        "post_boxes",
        "201",
        "post_boxes_code_move",
        "code",
        "$response.body#/code",
    ),
    (
        "post_labels",
        "201",
        "get_boxes_code",
        "code",
        "$response.body#/codes/0",
    ),
    (
        "post_categories",
        "201",
        "patch_categories_slug",
        "slug",
        "$response.body#/slug",
    ),
    (
        "post_categories",
        "201",
        "put_categories_slug_tracked",
        "slug",
        "$response.body#/slug",
    ),
    (
        "post_locations",
        "201",
        "patch_locations_slug",
        "slug",
        "$response.body#/slug",
    ),
    (
        "post_locations",
        "201",
        "post_locations_slug_archive",
        "slug",
        "$response.body#/slug",
    ),
    (
        "post_users",
        "201",
        "patch_users_handle",
        "handle",
        "$response.body#/handle",
    ),
    (
        "post_users",
        "201",
        "post_users_handle_password_link",
        "handle",
        "$response.body#/handle",
    ),
    (
        "post_users",
        "201",
        "post_users_handle_deactivate",
        "handle",
        "$response.body#/handle",
    ),
    (
        "post_vans",
        "201",
        "patch_vans_slug",
        "slug",
        "$response.body#/slug",
    ),
    (
        "post_vans",
        "201",
        "post_vans_slug_retire",
        "slug",
        "$response.body#/slug",
    ),
];

fn add_links(doc: &mut utoipa::openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            let id = op.operation_id.clone().unwrap_or_default();
            for (_, status, target, param, from) in LINKS.iter().filter(|l| l.0 == id) {
                if let Some(RefOr::T(response)) = op.responses.responses.get_mut(*status) {
                    response.links.insert(
                        (*target).to_string(),
                        RefOr::T(
                            LinkBuilder::new()
                                .operation_id(*target)
                                .parameter(*param, *from)
                                .build(),
                        ),
                    );
                }
            }
        }
    }
}

/// `post /api/v1/runs/{id}/load` → `post_runs_id_load`.
fn operation_id(method: &str, path: &str) -> String {
    let rest = path.trim_start_matches("/api/v1/");
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("{method}_{}", words.join("_"))
}

impl PartialSchema for Slug {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some("^[a-z0-9]+(-[a-z0-9]+)*$"))
            .max_length(Some(64))
            .description(Some(
                "lowercase letters, digits and single dashes, e.g. tent-2p",
            ))
            .into()
    }
}
impl ToSchema for Slug {}

/// An integer from `min` to the largest quantity Haul accepts.
fn quantity_from(min: i64) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(min))
        .maximum(Some(MAX_QUANTITY))
        .into()
}

impl PartialSchema for Quantity {
    fn schema() -> RefOr<Schema> {
        quantity_from(1)
    }
}
impl ToSchema for Quantity {}

impl PartialSchema for Count {
    fn schema() -> RefOr<Schema> {
        quantity_from(0)
    }
}
impl ToSchema for Count {}

// A string of at most `MAX` characters, named per bound so two bounds never share one
// schema.
impl<const MAX: usize> PartialSchema for FreeText<MAX> {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(MAX))
            .description(Some(
                "Text a person typed: no control characters, phone numbers or e-mail addresses.",
            ))
            .into()
    }
}

impl<const MAX: usize> ToSchema for FreeText<MAX> {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Owned(format!("FreeText{MAX}"))
    }
}
