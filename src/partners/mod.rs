//! Partner collectives (issue 18): another group's Haul, known by its public key, to
//! which goods are handed by signed files carried by any means. No server ever calls
//! another. `docs/partners.md` has the files, the states and the threat model.

pub mod api;
pub mod facts;
pub mod file;
pub mod forms;
pub mod key;
pub mod model;
pub mod pages;
pub mod states;
pub mod store;

pub use model::history_facts;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/partners/key", web::get().to(api::our_key))
        .route("/partners", web::get().to(api::list_partners))
        .route("/partners", web::post().to(api::add_partner))
        .route(
            "/partners/{code}/categories",
            web::put().to(api::map_category),
        )
        .route("/partner-transfers", web::get().to(api::list))
        .route("/partner-transfers", web::post().to(api::offer))
        .route("/partner-transfers/import", web::post().to(api::import))
        .route("/partner-transfers/{transfer}", web::get().to(api::show))
        .route(
            "/partner-transfers/{transfer}/files/{kind}",
            web::get().to(api::file),
        )
        .route(
            "/partner-transfers/{transfer}/answer",
            web::post().to(api::answer),
        )
        .route(
            "/partner-transfers/{transfer}/withdraw",
            web::post().to(api::withdraw),
        )
        .route(
            "/partner-transfers/{transfer}/dispatch",
            web::post().to(api::dispatch),
        )
        .route(
            "/partner-transfers/{transfer}/extra",
            web::post().to(api::extra),
        )
        .route(
            "/partner-transfers/{transfer}/receive",
            web::post().to(api::receive),
        )
        .route(
            "/partner-transfers/{transfer}/lost",
            web::post().to(api::lost),
        );
}
