//! CSV imports over HTTP: all or nothing, every bad row named by its line number.
//! The parsing and the rules live with each capability (`intake::csv`); this module
//! reads the body within its limit and runs the import once per Idempotency-Key.

pub mod api;

use actix_web::web;
use chrono::NaiveDateTime;
use serde::Serialize;

use crate::db::DbConn;
use crate::error::AppError;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/import/intakes", web::post().to(api::intakes));
}

/// Largest CSV accepted: a season of intakes is a few hundred kilobytes.
pub const IMPORT_LIMIT: usize = 2 * 1024 * 1024;

/// What an import did.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct ImportReport {
    pub intakes: usize,
    pub lines: usize,
    pub items: i64,
    pub ids: Vec<i64>,
}

/// Parses and imports an intakes CSV inside the caller's write transaction: every row
/// or none. Shared by the API and `haul import intakes`.
///
/// When some rows cannot be read, the readable ones are still checked (an unknown
/// warehouse, a phone number in a note) so the refusal names every bad line at once.
/// That check is the import itself: whatever it wrote is undone because this returns
/// an error and the caller's transaction rolls back.
pub fn intakes(
    conn: &mut DbConn,
    input: &[u8],
    actor: &str,
    now: NaiveDateTime,
) -> Result<ImportReport, AppError> {
    use crate::intake::csv::{self, RowError};
    let (rows, mut errors) = csv::parse_lenient(input);
    if !errors.is_empty() {
        if let Err(AppError::Invalid { details, .. }) = csv::import(conn, &rows, actor, now) {
            errors.extend(details.into_iter().filter_map(|d| {
                let line = d.field.strip_prefix("line ")?.parse().ok()?;
                Some(RowError {
                    line,
                    message: d.message,
                })
            }));
        }
        errors.sort_by_key(|e| e.line);
        return Err(csv::refusal(errors));
    }
    let views = csv::import(conn, &rows, actor, now)?;
    Ok(ImportReport {
        intakes: views.len(),
        lines: views.iter().map(|v| v.lines.len()).sum(),
        items: views
            .iter()
            .flat_map(|v| v.lines.iter())
            .map(|l| l.quantity)
            .sum(),
        ids: views.iter().map(|v| v.id).collect(),
    })
}
