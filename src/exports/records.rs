//! The flat rows of each CSV export. A site appears by its code name, never its address.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::catalog::Condition;
use crate::ledger::Cause;
use crate::locations::LocationKind;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StockRecord {
    pub location: String,
    pub location_kind: LocationKind,
    pub region: Option<String>,
    pub category: String,
    pub condition: Condition,
    pub quantity: i64,
    /// quantity × the category's unit weight
    pub kg: f64,
}

impl StockRecord {
    pub const HEADER: [&'static str; 7] = [
        "location",
        "location_kind",
        "region",
        "category",
        "condition",
        "quantity",
        "kg",
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerRecord {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub cause: Cause,
    pub cause_id: i64,
    pub location: String,
    pub location_kind: LocationKind,
    pub category: String,
    pub condition: Condition,
    pub quantity: i64,
    /// For a correction: the change it corrects, as "cause id" (e.g. "intake 12").
    pub corrects: Option<String>,
}

impl LedgerRecord {
    pub const HEADER: [&'static str; 11] = [
        "id",
        "at",
        "actor",
        "cause",
        "cause_id",
        "location",
        "location_kind",
        "category",
        "condition",
        "quantity",
        "corrects",
    ];
}

/// One line of a hand-out: what went out (`handed-out`, with the condition it was
/// taken from) or what was asked for and not there (`unmet`, no condition).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandoutRecord {
    pub handout_id: i64,
    pub site: String,
    pub region: Option<String>,
    pub handed_out_on: NaiveDate,
    pub kind: &'static str,
    pub category: String,
    pub condition: Option<Condition>,
    pub quantity: i64,
}

impl HandoutRecord {
    pub const HEADER: [&'static str; 8] = [
        "handout_id",
        "site",
        "region",
        "handed_out_on",
        "kind",
        "category",
        "condition",
        "quantity",
    ];
    pub const HANDED_OUT: &'static str = "handed-out";
    pub const UNMET: &'static str = "unmet";
}

/// One need in force at a site: what it wanted, who said so and when, what reached it
/// since, what is on the road and what is still unmet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeedRecord {
    pub site: String,
    pub category: String,
    pub wanted: u32,
    pub stated_on: NaiveDate,
    pub stated_by: String,
    pub needed_by: Option<NaiveDate>,
    pub delivered: u32,
    pub in_transit: u32,
    pub unmet: u32,
}

impl NeedRecord {
    pub const HEADER: [&'static str; 9] = [
        "site",
        "category",
        "wanted",
        "stated_on",
        "stated_by",
        "needed_by",
        "delivered",
        "in_transit",
        "unmet",
    ];
}

impl From<crate::needs::NeedView> for NeedRecord {
    fn from(n: crate::needs::NeedView) -> Self {
        NeedRecord {
            site: n.site,
            category: n.category,
            wanted: n.wanted,
            stated_on: n.stated_on,
            stated_by: n.stated_by,
            needed_by: n.needed_by,
            delivered: n.delivered_since.unwrap_or(0),
            in_transit: n.in_transit.unwrap_or(0),
            unmet: n.unmet.unwrap_or(0),
        }
    }
}
