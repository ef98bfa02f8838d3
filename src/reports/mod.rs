//! Reports: totals for coordinators (per site) and for the public (never a site), as
//! JSON, as the coordinator's `/reports` page and the public `/report` page.

pub mod api;
pub mod charts;
pub mod pages;
pub mod store;
pub mod totals;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/reports/summary", web::get().to(api::summary));
}
