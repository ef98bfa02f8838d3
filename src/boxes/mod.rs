//! Boxes with QR labels: a box (or an item tracked one by one, a box of one) is a
//! projection of the ledger entries that name it. Labels, scan pages and runs with
//! boxes live here too.

pub mod api;
pub mod code;
pub mod facts;
pub mod labels;
pub mod model;
pub mod pages;
pub mod runs;
pub mod store;

use actix_web::web;

pub use code::LabelCode;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/labels", web::post().to(api::reserve))
        .route("/boxes", web::get().to(api::list))
        .route("/boxes", web::post().to(api::fill))
        .route("/boxes/{code}", web::get().to(api::show))
        .route("/boxes/{code}/move", web::post().to(api::move_box))
        .route("/boxes/{code}/regrade", web::post().to(api::regrade))
        .route("/boxes/{code}/add", web::post().to(api::add))
        .route("/boxes/{code}/take", web::post().to(api::take))
        .route("/boxes/{code}/empty", web::post().to(api::empty))
        .route("/boxes/{code}/split", web::post().to(api::split))
        .route("/boxes/{code}/merge", web::post().to(api::merge))
        .route("/boxes/{code}/handout", web::post().to(api::hand_out))
        .route(
            "/categories/{slug}/tracked",
            web::put().to(api::set_tracked),
        )
        .route("/runs/{id}/boxes", web::get().to(runs::sheet_api))
        .route(
            "/runs/{id}/boxes/{code}/scan",
            web::post().to(runs::scan_api),
        )
        .route("/runs/{id}/shortfall", web::post().to(runs::shortfall_api));
}

/// Page routes: scanning (`/b`, `/b/{code}`) and printing labels.
pub fn page_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/b", web::get().to(pages::typed_code))
        .route("/b/{code}", web::get().to(pages::box_page))
        .route("/b/{code}", web::post().to(pages::box_action))
        .route("/labels", web::get().to(pages::labels_form))
        .route("/labels", web::post().to(pages::labels_reserve))
        .route("/labels/sheet", web::get().to(pages::label_sheet))
        .route("/runs/{id}/boxes", web::get().to(runs::sheet_page))
        .route(
            "/runs/{id}/boxes/shortfall",
            web::post().to(runs::shortfall_page),
        );
}
