//! The catalogue: categories of goods with their unit volume and weight, and conditions.

pub mod api;
pub mod condition;
pub mod model;
pub mod names;
pub mod slug;
pub mod store;

pub use condition::Condition;
pub use model::Category;
pub use slug::Slug;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/categories")
            .route(web::get().to(api::list))
            .route(web::post().to(api::create)),
    );
}
