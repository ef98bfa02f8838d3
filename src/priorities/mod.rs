//! The collective's priorities: tiers, seasons and minimum conditions, kept as
//! versions with the verbatim statement they came from (SPEC principle 4).

pub mod api;
pub mod model;
pub mod pages;
pub mod rules;
pub mod store;

pub use model::Priorities;
pub use rules::PrioritySet;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/priorities")
            .route(web::get().to(api::get))
            .route(web::put().to(api::put)),
    );
}
