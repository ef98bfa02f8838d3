//! The collect list of one warehouse on one date: gathers the unmet needs of every
//! site, the warehouse's eligible stock and the priorities in force, and hands them to
//! `ranking::rank`. It decides nothing itself.

use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

use crate::collect::ranking::{self, CategoryDemand, CollectEntry};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::ledger::store::{self as ledger_store, StockFilter};
use crate::locations::LocationKind;
use crate::needs::store::NeedFilter;

/// How far ahead a crew may plan: a season's values for next year make no sense yet.
pub const MAX_DAYS_AHEAD: u64 = 366;

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct CollectList {
    pub warehouse: String,
    pub warehouse_name: String,
    pub date: NaiveDate,
    pub priorities_version: i64,
    /// The collective's words the ranking comes from, so a crew sees why.
    pub statement: String,
    pub entries: Vec<CollectEntry>,
}

impl CollectList {
    pub fn take(&self) -> impl Iterator<Item = &CollectEntry> {
        self.entries
            .iter()
            .filter(|e| e.action == ranking::Action::Collect)
    }
    pub fn leave(&self) -> impl Iterator<Item = &CollectEntry> {
        self.entries
            .iter()
            .filter(|e| e.action == ranking::Action::Leave)
    }
}

/// A date a collect list can be asked for: from 2000 to a year ahead.
pub fn check_date(date: NaiveDate, today: NaiveDate) -> AppResult<()> {
    let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
    let latest = today
        .checked_add_days(Days::new(MAX_DAYS_AHEAD))
        .unwrap_or(NaiveDate::MAX);
    if date < earliest || date > latest {
        return Err(AppError::invalid(
            "date",
            format!("date {date} is out of range: it must be between 2000-01-01 and {latest}"),
        ));
    }
    Ok(())
}

/// Every category of the catalogue ranked for `warehouse` on `date`. An unknown
/// warehouse is a 404, a site named as one a 422.
pub fn build(conn: &mut DbConn, warehouse: &str, date: NaiveDate) -> AppResult<CollectList> {
    let loc = crate::locations::store::find(conn, warehouse)?
        .ok_or_else(|| AppError::NotFound(format!("no location '{warehouse}'")))?;
    if !loc.is(LocationKind::Warehouse) {
        return Err(AppError::invalid(
            "warehouse",
            format!("'{warehouse}' is a {}, not a warehouse", loc.kind),
        ));
    }
    let priorities = crate::priorities::model::require_current(conn)?;
    let set = &priorities.priorities;
    let categories = crate::catalog::store::all(conn)?;

    // Unmet need over all sites, and how many sites share it.
    let mut need: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for n in crate::needs::model::list(conn, NeedFilter::default(), false)? {
        let unmet = n.unmet.unwrap_or(0);
        if unmet > 0 {
            let (sum, sites) = need.entry(n.category).or_default();
            *sum = sum.saturating_add(unmet);
            *sites += 1;
        }
    }
    // Stock that could go out as it is: stock still to be dried or mended does not
    // cover a need, so crews should still bring more in.
    let mut eligible: BTreeMap<String, u32> = BTreeMap::new();
    let filter = StockFilter {
        location_id: Some(loc.id),
        ..Default::default()
    };
    for row in ledger_store::stock(conn, &filter)? {
        if set.is_eligible(&row.category, row.condition) {
            let held = eligible.entry(row.category).or_default();
            *held = held.saturating_add(u32::try_from(row.quantity).unwrap_or(u32::MAX));
        }
    }

    let demands: Vec<CategoryDemand> = categories
        .into_iter()
        .map(|c| {
            let (unmet, sites) = need.get(&c.slug).copied().unwrap_or_default();
            CategoryDemand {
                value: set.explain(&c.slug, date),
                stock: eligible.get(&c.slug).copied().unwrap_or(0),
                category: c.slug,
                name: c.name,
                unmet,
                sites,
            }
        })
        .collect();
    Ok(CollectList {
        warehouse: loc.slug,
        warehouse_name: loc.name,
        date,
        priorities_version: priorities.version,
        statement: set.statement.clone(),
        entries: ranking::rank(&demands),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_can_be_asked_for_up_to_a_year_ahead() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let ok =
            |y, m, d| check_date(NaiveDate::from_ymd_opt(y, m, d).expect("date"), today).is_ok();
        assert!(ok(2026, 11, 23));
        assert!(ok(2000, 1, 1));
        assert!(ok(2027, 11, 24));
        assert!(!ok(2027, 11, 25));
        assert!(!ok(1999, 12, 31));
    }
}
