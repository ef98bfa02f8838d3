//! Van runs: vans, runs, the exact load planner, loading, delivery and returns.

pub mod api;
pub mod fleet;
pub mod fleet_model;
pub(crate) mod fleet_search;
pub mod manifest;
pub mod model;
pub mod pages;
pub mod planner;
pub mod store;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/vans")
            .route(web::get().to(api::list_vans))
            .route(web::post().to(api::create_van)),
    )
    .service(
        web::resource("/runs")
            .route(web::get().to(api::list_runs))
            .route(web::post().to(api::create_run)),
    )
    .route("/runs/plan", web::post().to(api::plan_day))
    .route("/runs/{id}", web::get().to(api::get_run))
    .route("/runs/{id}", web::delete().to(api::cancel_run))
    .route("/runs/{id}/plan", web::post().to(api::plan))
    .route("/runs/{id}/lines", web::put().to(api::set_lines))
    .route("/runs/{id}/load", web::post().to(api::load))
    .route("/runs/{id}/deliver", web::post().to(api::deliver))
    .route("/runs/{id}/return", web::post().to(api::return_run))
    .route("/runs/{id}/manifest.csv", web::get().to(api::manifest_csv));
}
