//! Corrections (issue 9): a new change that reverses or adjusts an earlier one, with
//! a reason and a reference to it, written through `ledger::apply` like any other
//! change; and the one-tap undo of one's own last change.

pub mod api;
pub mod model;
pub mod store;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/corrections", web::post().to(api::create));
}
