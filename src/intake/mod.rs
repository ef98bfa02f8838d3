//! Intake: goods arriving at a warehouse from a festival or a donor.

pub mod api;
pub mod csv;
pub mod model;
pub mod pages;
pub mod store;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/intakes")
            .route(web::get().to(api::list))
            .route(web::post().to(api::create)),
    );
}
