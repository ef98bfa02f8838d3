//! History (issue 9): what was recorded, newest first, each change with its ledger
//! entries and corrections, and the page forms that correct or undo it.

pub mod needs;
pub mod pages;
pub mod store;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/history", web::get().to(pages::list_page))
        .route("/history/{kind}/{id}", web::get().to(pages::detail_page))
        .route(
            "/history/{kind}/{id}/correct",
            web::post().to(pages::correct),
        )
        .route("/history/{kind}/{id}/undo", web::post().to(pages::undo));
}
