//! Need statements: the request a site's word arrives as, the checks it passes, and
//! the view with its unmet quantity computed from the ledger (never stored).

use crate::text::FreeText;
use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::ledger::lines::{self, Lookup};
use crate::ledger::Quantity;
use crate::locations::LocationKind;
use crate::needs::store::{self, NeedFilter, NewNeed, StatementRow};
use crate::needs::unmet::{self, Need};

pub const MAX_STATED_BY_CHARS: usize = 100;
/// A need is for this season or the next, not a wish list for years ahead.
pub const MAX_NEEDED_BY_DAYS: u64 = 730;

/// What a site said it needs of one category, and who said it when.
#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NeedRequest {
    pub site: String,
    pub category: String,
    pub quantity: Quantity,
    pub stated_on: NaiveDate,
    /// Which site assembly or collective said it: never a person's name or number.
    pub stated_by: FreeText<{ MAX_STATED_BY_CHARS }>,
    #[serde(default)]
    pub needed_by: Option<NaiveDate>,
}

/// One statement as the API shows it. For the statement in force, what reached the
/// site since it was stated, what is on the road, and what is still unmet; a replaced
/// statement (in the history) has no such figures.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct NeedView {
    pub id: i64,
    pub site: String,
    pub site_name: String,
    pub category: String,
    pub category_name: String,
    pub wanted: u32,
    pub stated_on: NaiveDate,
    pub stated_by: String,
    pub needed_by: Option<NaiveDate>,
    pub recorded_by: String,
    #[serde(serialize_with = "crate::utc::serialize")]
    pub recorded_at: NaiveDateTime,
    pub current: bool,
    pub delivered_since: Option<u32>,
    pub in_transit: Option<u32>,
    pub unmet: Option<u32>,
}

/// Checks one statement, pushing every problem into `lookup` under the request's
/// field names; `None` when anything is wrong.
pub fn checked(
    lookup: &mut Lookup,
    req: &NeedRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Option<NewNeed> {
    let before = lookup.errors.len();
    let site = lookup.location("site", &req.site, &[LocationKind::Site]);
    let category = lookup.category("category", &req.category);
    lines::check_date("stated_on", req.stated_on, now.date(), lookup);
    let stated_by = lines::required_text("stated_by", &req.stated_by, MAX_STATED_BY_CHARS, lookup);
    if let Err(problem) = crate::notes::check_note(&stated_by) {
        lookup.push("stated_by", problem.message());
    }
    if let Some(needed_by) = req.needed_by {
        let latest = req
            .stated_on
            .checked_add_days(Days::new(MAX_NEEDED_BY_DAYS));
        if needed_by < req.stated_on {
            lookup.push(
                "needed_by",
                format!(
                    "needed_by {needed_by} is before stated_on {}",
                    req.stated_on
                ),
            );
        } else if latest.is_some_and(|l| needed_by > l) {
            lookup.push(
                "needed_by",
                format!("needed_by {needed_by} is more than two years after stated_on"),
            );
        }
    }
    if lookup.errors.len() > before {
        return None;
    }
    Some(NewNeed {
        site_id: site?.id,
        category_id: category?.id,
        quantity: req.quantity.get(),
        stated_on: req.stated_on,
        stated_by,
        needed_by: req.needed_by,
        actor: actor.to_string(),
        created_at: now,
    })
}

/// Records one statement inside the caller's write transaction.
pub fn record(
    conn: &mut DbConn,
    req: &NeedRequest,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<NeedView> {
    let mut lookup = Lookup::load(conn)?;
    let new = checked(&mut lookup, req, actor, now);
    lookup.finish()?;
    let new = new.ok_or_else(|| AppError::Internal("need lost after its checks".into()))?;
    let filter = NeedFilter {
        site_id: Some(new.site_id),
        category_id: Some(new.category_id),
    };
    let id = store::insert(conn, &new)?;
    // A statement recorded late, with an older date than one already held, goes
    // straight into the history: the view says so with `current: false`.
    list(conn, filter, true)?
        .into_iter()
        .find(|v| v.id == id)
        .ok_or_else(|| AppError::Internal("need vanished after insert".into()))
}

/// How a statement made from hand-out evidence meets the need already in force: it
/// never replaces it silently (issue 9 item 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EvidenceChoice {
    /// "Add N to the stated need": in force + N.
    Add,
    /// "Raise to N": N, only when that is more than in force.
    Raise,
}

/// The quantity the new statement states, or why it cannot be made.
pub fn evidence_quantity(
    in_force: Option<u32>,
    evidence: i64,
    choice: Option<EvidenceChoice>,
) -> Result<i64, String> {
    match (in_force, choice) {
        (None, _) => Ok(evidence),
        (Some(w), None) => Err(format!(
            "this site already states a need of {w}: choose \"add {evidence}\" or \"raise to {evidence}\""
        )),
        (Some(w), Some(EvidenceChoice::Add)) => Ok(i64::from(w) + evidence),
        (Some(w), Some(EvidenceChoice::Raise)) if evidence > i64::from(w) => Ok(evidence),
        (Some(w), Some(EvidenceChoice::Raise)) => Err(format!(
            "raising to {evidence} would not raise the stated need of {w}"
        )),
    }
}

/// Records a statement made from hand-out evidence: with a need in force, only by the
/// explicit `choice`, and only if that need is still the one the page showed
/// (`based_on`); the earlier statement stays in the history.
pub fn record_from_evidence(
    conn: &mut DbConn,
    req: &NeedRequest,
    choice: Option<EvidenceChoice>,
    based_on: Option<i64>,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<NeedView> {
    let mut lookup = Lookup::load(conn)?;
    let site = lookup.location("site", &req.site, &[LocationKind::Site]);
    let category = lookup.category("category", &req.category);
    lookup.finish()?;
    let (Some(site), Some(category)) = (site, category) else {
        return Err(AppError::Internal("lookup lost a row".into()));
    };
    let filter = NeedFilter {
        site_id: Some(site.id),
        category_id: Some(category.id),
    };
    let in_force = list(conn, filter, false)?.into_iter().find(|n| n.current);
    if based_on.is_some() && based_on != in_force.as_ref().map(|n| n.id) {
        return Err(AppError::Conflict {
            code: "need_changed",
            message: "the stated need changed since the page was shown: look at it again".into(),
            details: serde_json::Value::Null,
        });
    }
    let wanted = evidence_quantity(in_force.map(|n| n.wanted), req.quantity.get(), choice)
        .map_err(|m| AppError::invalid("mode", m))?;
    let quantity = Quantity::parse(wanted).map_err(|e| AppError::invalid("quantity", e))?;
    let stated = NeedRequest {
        quantity,
        ..req.clone()
    };
    record(conn, &stated, actor, now)
}

/// The needs in force (or with `history`, every statement), each current one with
/// its unmet quantity. Ordered by site and category, newest statement first.
pub fn list(conn: &mut DbConn, filter: NeedFilter, history: bool) -> AppResult<Vec<NeedView>> {
    let rows = store::statements(conn, filter)?;
    let statements: Vec<Need> = rows.iter().map(need_of).collect();
    // `current_needs` answers references into `statements`: their addresses say
    // which recorded rows are in force, without restating its rule here.
    let in_force = unmet::current_needs(&statements);
    let oldest = in_force.iter().map(|n| n.stated_on).min();
    let current: HashSet<*const Need> = in_force.into_iter().map(|n| n as *const Need).collect();
    let deliveries = match oldest {
        Some(since) => store::deliveries(conn, filter, since)?,
        None => Vec::new(),
    };
    let on_road = store::in_transit(conn)?;
    let figures: BTreeMap<(String, String), unmet::UnmetNeed> =
        unmet::unmet_needs(&statements, &deliveries, &on_road)
            .into_iter()
            .map(|u| ((u.site.clone(), u.category.clone()), u))
            .collect();
    let mut views: Vec<NeedView> = rows
        .into_iter()
        .zip(&statements)
        .filter_map(|(row, need)| {
            let is_current = current.contains(&(need as *const Need));
            if !history && !is_current {
                return None;
            }
            let fig = figures
                .get(&(row.site.clone(), row.category.clone()))
                .filter(|_| is_current);
            Some(NeedView {
                wanted: need.wanted,
                current: is_current,
                delivered_since: fig.map(|f| f.delivered_since),
                in_transit: fig.map(|f| f.in_transit),
                unmet: fig.map(|f| f.unmet),
                id: row.id,
                site: row.site,
                site_name: row.site_name,
                category: row.category,
                category_name: row.category_name,
                stated_on: row.stated_on,
                stated_by: row.stated_by,
                needed_by: row.needed_by,
                recorded_by: row.actor,
                recorded_at: row.created_at,
            })
        })
        .collect();
    views.sort_by(|a, b| {
        (&a.site, &a.category)
            .cmp(&(&b.site, &b.category))
            .then(b.stated_on.cmp(&a.stated_on))
            .then(b.id.cmp(&a.id))
    });
    Ok(views)
}

fn need_of(row: &StatementRow) -> Need {
    Need {
        site: row.site.clone(),
        category: row.category.clone(),
        wanted: u32::try_from(row.quantity).unwrap_or(u32::MAX),
        stated_on: row.stated_on,
    }
}

#[cfg(test)]
mod evidence_tests {
    use super::*;

    #[test]
    fn evidence_never_replaces_a_stated_need_without_a_choice() {
        assert_eq!(evidence_quantity(None, 4, None), Ok(4));
        assert!(evidence_quantity(Some(15), 4, None).is_err());
        assert_eq!(
            evidence_quantity(Some(15), 4, Some(EvidenceChoice::Add)),
            Ok(19)
        );
        assert!(evidence_quantity(Some(15), 4, Some(EvidenceChoice::Raise)).is_err());
        assert_eq!(
            evidence_quantity(Some(15), 20, Some(EvidenceChoice::Raise)),
            Ok(20)
        );
    }
}
