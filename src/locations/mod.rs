//! Locations: warehouses, sites (camps and squats, known by code name) and vans.

pub mod api;
pub mod model;
pub mod store;

pub use model::{Location, LocationKind};

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/locations")
            .route(web::get().to(api::list))
            .route(web::post().to(api::create)),
    );
}
