//! CSV exports: stock, the ledger, hand-outs and needs as flat records, never an address.
//! The API answers with the whole file; `haul export` streams it page by page.

pub mod api;
pub mod csv;
pub mod records;
pub mod store;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/export/stock.csv", web::get().to(api::stock))
        .route("/export/ledger.csv", web::get().to(api::ledger))
        .route("/export/handouts.csv", web::get().to(api::handouts))
        .route("/export/needs.csv", web::get().to(api::needs));
}

/// What can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Stock,
    Ledger,
    Handouts,
    Needs,
}

impl ExportKind {
    pub const ALL: [ExportKind; 4] = [
        ExportKind::Stock,
        ExportKind::Ledger,
        ExportKind::Handouts,
        ExportKind::Needs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportKind::Stock => "stock",
            ExportKind::Ledger => "ledger",
            ExportKind::Handouts => "handouts",
            ExportKind::Needs => "needs",
        }
    }

    pub fn parse(s: &str) -> Option<ExportKind> {
        ExportKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn file_name(self) -> String {
        format!("haul-{}.csv", self.as_str())
    }
}
