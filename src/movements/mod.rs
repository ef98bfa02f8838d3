//! Warehouse movements: transfers, regrades, stocktakes and write-offs.

pub mod api;
pub mod model;
pub mod pages;
pub mod store;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/transfers", web::post().to(api::transfer))
        .route("/regrades", web::post().to(api::regrade))
        .route("/stocktakes", web::post().to(api::stocktake))
        .route("/writeoffs", web::post().to(api::writeoff));
}
