//! Haul: tracks salvaged and donated goods from festival field to hand-out, and decides
//! what to collect and load from what the sites say they need.
//!
//! `app` builds the HTTP application; `main.rs` only reads the command line and runs it.

pub mod admin;
pub mod auth;
pub mod backup;
pub mod boxes;
pub mod catalog;
pub mod collect;
pub mod config;
pub mod corrections;
pub mod crypt;
pub mod db;
pub mod error;
pub mod exports;
pub mod handouts;
pub mod health;
pub mod history;
pub mod idempotency;
pub mod imports;
pub mod intake;
pub mod ledger;
pub mod locations;
pub mod metrics;
pub mod movements;
pub mod needs;
pub mod notes;
pub mod openapi;
pub mod pages;
pub mod partners;
pub mod priorities;
pub mod reports;
pub mod runs;
pub mod safety;
pub mod seed;
pub mod state;
pub mod text;
pub mod web;

use actix_web::dev::Server;
use actix_web::{web as aweb, App, HttpServer};
use std::net::TcpListener;

use crate::error::AppError;
use crate::state::AppState;

/// Every route of the API under `/api/v1`.
pub fn api_routes(cfg: &mut aweb::ServiceConfig) {
    auth::api::routes(cfg);
    catalog::routes(cfg);
    locations::routes(cfg);
    intake::routes(cfg);
    ledger::routes(cfg);
    movements::routes(cfg);
    needs::routes(cfg);
    priorities::routes(cfg);
    collect::routes(cfg);
    handouts::routes(cfg);
    reports::routes(cfg);
    exports::routes(cfg);
    imports::routes(cfg);
    runs::routes(cfg);
    admin::api::routes(cfg);
    corrections::routes(cfg);
    boxes::routes(cfg);
    partners::routes(cfg);
    cfg.route("/openapi.json", aweb::get().to(openapi::document));
}

/// The whole application: API, pages, health, static files, and error shapes.
pub fn configure(cfg: &mut aweb::ServiceConfig) {
    cfg.app_data(
        aweb::QueryConfig::default()
            .error_handler(|e, _| AppError::BadRequest(format!("bad query string: {e}")).into()),
    )
    .app_data(
        aweb::PathConfig::default()
            .error_handler(|e, _| AppError::NotFound(format!("bad path: {e}")).into()),
    )
    .app_data(
        aweb::FormConfig::default()
            .limit(web::json::BODY_LIMIT)
            .error_handler(|e, _| AppError::BadRequest(format!("bad form: {e}")).into()),
    )
    .app_data(aweb::PayloadConfig::new(web::json::BODY_LIMIT))
    .route("/healthz", aweb::get().to(health::healthz))
    .route("/readyz", aweb::get().to(health::readyz))
    .route("/metrics", aweb::get().to(metrics::metrics))
    .service(aweb::scope("/api/v1").configure(api_routes))
    .configure(web::routes)
    .configure(pages::routes)
    .configure(safety::pages::routes)
    .configure(boxes::page_routes)
    .configure(partners::pages::routes);
}

/// Binds the application to `listener`; the caller awaits or spawns the server.
pub fn server(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    server_with_shutdown(listener, state, std::time::Duration::from_secs(30))
}

/// As `server`; on SIGTERM or SIGINT it stops accepting connections and gives the
/// requests in flight up to `grace` to finish before it stops.
pub fn server_with_shutdown(
    listener: TcpListener,
    state: AppState,
    grace: std::time::Duration,
) -> std::io::Result<Server> {
    let data = aweb::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .wrap(actix_web::middleware::from_fn(auth::guard::guard))
            .wrap(web::security_headers())
            .wrap(actix_web::middleware::from_fn(metrics::observe))
            .wrap(actix_web::middleware::from_fn(web::polish::no_store))
            // Outermost, so every answer (pages, errors, CSV) is gzipped when asked for.
            .wrap(actix_web::middleware::Compress::default())
            .configure(configure)
            .default_service(aweb::to(not_found))
    })
    .shutdown_timeout(grace.as_secs())
    .listen(listener)?
    .run();
    Ok(server)
}

async fn not_found(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    use actix_web::ResponseError;
    if req.path().starts_with("/api/") {
        AppError::NotFound(format!("no route {} {}", req.method(), req.path())).error_response()
    } else {
        crate::pages::not_found_page()
    }
}
