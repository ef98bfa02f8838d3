//! Needs: what each site said it needs, who said it and when (SPEC principle 4), and
//! how much of it is still unmet — computed from the ledger, never stored.

pub mod api;
pub mod csv;
pub mod evidence;
pub mod model;
pub mod pages;
pub mod store;
pub mod unmet;

pub use model::{NeedRequest, NeedView};

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/needs")
            .route(web::get().to(api::list))
            .route(web::post().to(api::create)),
    )
    .route("/import/needs", web::post().to(api::import));
}
