//! The collect list: which categories crews should bring in for a warehouse, ranked by
//! the collective's priorities and the sites' unmet needs, each with its reason.

pub mod api;
pub mod model;
pub mod pages;
pub mod ranking;

pub use model::CollectList;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/collect-list", web::get().to(api::collect_list));
}
