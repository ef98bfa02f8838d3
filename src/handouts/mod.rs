//! Hand-outs: what went out at a site on a day, and what people asked for that was not
//! there. Counts only: nobody served is a record (SPEC principle 1).

pub mod allocate;
pub mod api;
pub mod model;
pub mod pages;
pub mod store;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/handouts")
            .route(web::get().to(api::list))
            .route(web::post().to(api::create)),
    )
    .route("/handouts/unmet", web::get().to(api::unmet));
}
