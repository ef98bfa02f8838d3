//! Ledger entries, their causes, and the movements callers ask `apply` to make.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use std::fmt;

use crate::catalog::Condition;
use crate::db::schema::ledger_entries;

#[derive(
    utoipa::ToSchema,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Cause {
    #[serde(rename = "intake")]
    Intake,
    #[serde(rename = "transfer")]
    Transfer,
    #[serde(rename = "regrade")]
    Regrade,
    #[serde(rename = "stocktake")]
    Stocktake,
    #[serde(rename = "load")]
    Load,
    #[serde(rename = "delivery")]
    Delivery,
    #[serde(rename = "return")]
    Return,
    #[serde(rename = "hand-out")]
    Handout,
    #[serde(rename = "write-off")]
    Writeoff,
    /// A change that reverses or adjusts an earlier one (issue 9).
    #[serde(rename = "correction")]
    Correction,
    /// Packing, unpacking and moving boxes (issue 16); the id is a `box_actions` row.
    #[serde(rename = "box")]
    Boxing,
    /// Goods handed to a partner collective (issue 18): warehouse → partner location;
    /// the id is a `partner_transfers` row.
    #[serde(rename = "partner-dispatch")]
    PartnerDispatch,
    /// What a partner's receipt note says never arrived, or a handover declared lost:
    /// written off the partner location; the id is a `partner_transfers` row.
    #[serde(rename = "lost-in-transit")]
    LostInTransit,
}

impl Cause {
    pub const ALL: [Cause; 13] = [
        Cause::Intake,
        Cause::Transfer,
        Cause::Regrade,
        Cause::Stocktake,
        Cause::Load,
        Cause::Delivery,
        Cause::Return,
        Cause::Handout,
        Cause::Writeoff,
        Cause::Correction,
        Cause::Boxing,
        Cause::PartnerDispatch,
        Cause::LostInTransit,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Intake => "intake",
            Cause::Transfer => "transfer",
            Cause::Regrade => "regrade",
            Cause::Stocktake => "stocktake",
            Cause::Load => "load",
            Cause::Delivery => "delivery",
            Cause::Return => "return",
            Cause::Handout => "hand-out",
            Cause::Writeoff => "write-off",
            Cause::Correction => "correction",
            Cause::Boxing => "box",
            Cause::PartnerDispatch => "partner-dispatch",
            Cause::LostInTransit => "lost-in-transit",
        }
    }
    pub fn parse(s: &str) -> Option<Cause> {
        Cause::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

crate::text_enum_sql!(Cause, Cause::parse);

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One signed change of stock at one place, before it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Movement {
    pub location_id: i64,
    pub category_id: i64,
    pub condition: Condition,
    pub quantity: i64,
}

/// The key of one projection row.
pub type StockKey = (i64, i64, Condition);

impl Movement {
    pub fn key(&self) -> StockKey {
        (self.location_id, self.category_id, self.condition)
    }
}

/// `box_id: None` is bound as NULL rather than left out of the statement, so every
/// entry is the same statement (prepared once, and a list of entries is one multi-row
/// insert on SQLite too instead of one insert per row inside a savepoint).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = ledger_entries, treat_none_as_default_value = false)]
pub struct NewEntry {
    pub at: NaiveDateTime,
    pub actor: String,
    pub cause: Cause,
    pub cause_id: i64,
    pub location_id: i64,
    pub category_id: i64,
    pub condition: Condition,
    pub quantity: i64,
    pub box_id: Option<i64>,
}

/// A ledger entry as the API shows it, with slugs instead of ids.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct EntryView {
    pub id: i64,
    #[serde(serialize_with = "crate::utc::serialize")]
    pub at: NaiveDateTime,
    pub actor: String,
    pub cause: Cause,
    pub cause_id: i64,
    pub location: String,
    pub category: String,
    pub condition: Condition,
    pub quantity: i64,
}

/// A projection row as the API shows it.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct StockRow {
    pub location: String,
    /// What volunteers call the place (pages show this, never the slug).
    pub location_name: String,
    pub location_kind: crate::locations::LocationKind,
    pub category: String,
    pub category_name: String,
    pub condition: Condition,
    pub quantity: i64,
}

/// What is short when a change would take stock below zero. The slugs are for programs
/// (the API's `details`); the message people read names things by their names.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Shortage {
    pub location: String,
    pub category: String,
    #[schema(value_type = crate::catalog::Condition)]
    pub condition: String,
    pub in_stock: i64,
    pub requested: i64,
    pub location_name: String,
    pub category_name: String,
    /// Only the loose stock (outside boxes) counts for this change.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub loose_only: bool,
}

impl fmt::Display for Shortage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} × {} ({}) at {} — {} there",
            self.requested, self.category_name, self.condition, self.location_name, self.in_stock
        )?;
        if self.loose_only {
            f.write_str(" outside boxes")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortage_reads_with_names() {
        let s = Shortage {
            location: "unit-east".into(),
            category: "airbed".into(),
            condition: "good".into(),
            in_stock: 12,
            requested: 999,
            location_name: "East unit".into(),
            category_name: "Airbed".into(),
            loose_only: false,
        };
        assert_eq!(s.to_string(), "999 × Airbed (good) at East unit — 12 there");
        let boxed = Shortage {
            loose_only: true,
            ..s
        };
        assert!(boxed.to_string().ends_with("— 12 there outside boxes"));
    }
}
