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
    /// Taken back (its hand-out evidence was undone): in the history, never in force.
    #[serde(skip)]
    pub withdrawn: bool,
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
/// (`based_on`); the earlier statement stays in the history. The hand-outs dated from
/// `since` whose requests it takes in are remembered with it, so that undoing one of
/// them can offer to take this statement back.
pub fn record_from_evidence(
    conn: &mut DbConn,
    req: &NeedRequest,
    choice: Option<EvidenceChoice>,
    based_on: Option<i64>,
    since: NaiveDate,
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
    let wanted = evidence_quantity(
        in_force.as_ref().map(|n| n.wanted),
        req.quantity.get(),
        choice,
    )
    .map_err(|m| AppError::invalid("mode", m))?;
    let quantity = Quantity::parse(wanted).map_err(|e| AppError::invalid("quantity", e))?;
    let stated = NeedRequest {
        quantity,
        ..req.clone()
    };
    let view = record(conn, &stated, actor, now)?;
    let reversed = crate::handouts::store::reversed(conn)?;
    let taken: Vec<i64> = store::handouts_asking(conn, site.id, category.id, since, now.date())?
        .into_iter()
        .filter(|(id, on, at)| {
            !reversed.contains(id)
                && !in_force
                    .as_ref()
                    .is_some_and(|n| crate::needs::evidence::takes_in(n, *on, *at))
        })
        .map(|(id, _, _)| id)
        .collect();
    store::link_evidence(conn, view.id, &taken)?;
    Ok(view)
}

/// Takes back the statement `id` (issue 9): it stays in the history, marked, and the
/// statement before it is in force again, with its own date, so what was delivered
/// since then counts against it as before. Only the statement in force, and only when
/// a hand-out it was raised from has been undone (its evidence is gone) or when it is
/// `handle`'s own, recorded less than `UNDO_MINUTES` ago. Refusals are conflicts with
/// a code the page words: `need_withdrawn`, `need_replaced`, `need_stands`.
pub fn withdraw(conn: &mut DbConn, id: i64, handle: &str, now: NaiveDateTime) -> AppResult<i64> {
    let undone = withdrawable(conn, id, handle, now)?;
    store::insert_withdrawal(
        conn,
        &store::WithdrawalRow {
            need_id: id,
            handout_id: undone,
            actor: handle.to_string(),
            created_at: now,
        },
    )?;
    Ok(id)
}

/// Whether `handle` may take statement `id` back now (`withdraw` says when): the
/// undone hand-out it was raised from, if that is why, or the conflict saying why not.
pub fn withdrawable(
    conn: &mut DbConn,
    id: i64,
    handle: &str,
    now: NaiveDateTime,
) -> AppResult<Option<i64>> {
    let conflict = |code: &'static str, message: &str| AppError::Conflict {
        code,
        message: message.to_string(),
        details: serde_json::Value::Null,
    };
    let ((site_id, category_id), row) =
        store::statement(conn, id)?.ok_or_else(|| AppError::NotFound(format!("no need #{id}")))?;
    if store::withdrawals(conn)?.contains_key(&id) {
        return Err(conflict(
            "need_withdrawn",
            "this statement was already taken back",
        ));
    }
    let filter = NeedFilter {
        site_id: Some(site_id),
        category_id: Some(category_id),
    };
    if !list(conn, filter, false)?.iter().any(|n| n.id == id) {
        return Err(conflict(
            "need_replaced",
            "a later statement replaced this one: only the statement in force can be taken back",
        ));
    }
    let reversed = crate::handouts::store::reversed(conn)?;
    let undone = store::evidence_of(conn, id)?
        .into_iter()
        .find(|h| reversed.contains(h));
    let own_recent = row.actor == handle
        && now - row.created_at
            <= chrono::Duration::minutes(crate::corrections::model::UNDO_MINUTES);
    if undone.is_none() && !own_recent {
        return Err(conflict(
            "need_stands",
            "only a statement raised from a hand-out since undone, or your own of the last minutes, can be taken back",
        ));
    }
    Ok(undone)
}

/// What became of a statement, for the history.
#[derive(Debug, Clone, PartialEq)]
pub enum NeedStanding {
    /// The site's word now.
    InForce,
    /// A later statement (this one) took its place.
    Replaced(Box<StatementRow>),
    /// Taken back.
    Withdrawn(store::WithdrawalRow),
}

/// The statements of one site and category (`rows`, any order) with what became of
/// each, the one in force first, then by date and record, newest first. The order is
/// `unmet::current_needs`' own: the latest date wins, and on one date the later record;
/// a statement taken back counts for nothing.
pub fn standings(
    rows: Vec<StatementRow>,
    withdrawn: &std::collections::HashMap<i64, store::WithdrawalRow>,
) -> Vec<(StatementRow, NeedStanding)> {
    let mut rows = rows;
    rows.sort_by_key(|r| std::cmp::Reverse((r.stated_on, r.id)));
    let mut newer: Option<&StatementRow> = None;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let standing = match (withdrawn.get(&r.id), newer) {
            (Some(w), _) => NeedStanding::Withdrawn(w.clone()),
            (None, None) => NeedStanding::InForce,
            (None, Some(n)) => NeedStanding::Replaced(Box::new(n.clone())),
        };
        if !withdrawn.contains_key(&r.id) {
            newer = Some(r);
        }
        out.push((r.clone(), standing));
    }
    out
}

/// One statement's line in the history: the statement and what became of it.
pub type NeedHistory = (StatementRow, NeedStanding);

/// A page of the history's statements, newest recorded first, each with its standing.
pub fn history_page(conn: &mut DbConn, page: store::StatementPage) -> AppResult<Vec<NeedHistory>> {
    let rows = store::statements_page(conn, page)?;
    let withdrawn = store::withdrawals(conn)?;
    let mut pairs: Vec<(i64, i64)> = rows.iter().map(|(pair, _)| *pair).collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut standing = std::collections::HashMap::new();
    for (site_id, category_id) in pairs {
        let filter = NeedFilter {
            site_id: Some(site_id),
            category_id: Some(category_id),
        };
        for (row, s) in standings(store::statements(conn, filter)?, &withdrawn) {
            standing.insert(row.id, s);
        }
    }
    Ok(rows
        .into_iter()
        .map(|(_, row)| {
            let s = standing.remove(&row.id).unwrap_or(NeedStanding::InForce);
            (row, s)
        })
        .collect())
}

/// Statement `id` and every statement of its site and category with their standings
/// (as `standings` orders them), and the hand-outs it was raised from; `None` for no
/// such statement.
pub type NeedChain = (StatementRow, Vec<NeedHistory>, Vec<i64>);

pub fn chain(conn: &mut DbConn, id: i64) -> AppResult<Option<NeedChain>> {
    let Some(((site_id, category_id), row)) = store::statement(conn, id)? else {
        return Ok(None);
    };
    let filter = NeedFilter {
        site_id: Some(site_id),
        category_id: Some(category_id),
    };
    let all = standings(store::statements(conn, filter)?, &store::withdrawals(conn)?);
    Ok(Some((row, all, store::evidence_of(conn, id)?)))
}

/// The needs in force (or with `history`, every statement), each current one with
/// its unmet quantity. Ordered by site and category, newest statement first.
pub fn list(conn: &mut DbConn, filter: NeedFilter, history: bool) -> AppResult<Vec<NeedView>> {
    let rows = store::statements(conn, filter)?;
    let withdrawn = store::withdrawals(conn)?;
    // A statement taken back is in the history only: the rule never sees it.
    let statements: Vec<Need> = rows
        .iter()
        .filter(|r| !withdrawn.contains_key(&r.id))
        .map(need_of)
        .collect();
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
    let mut live = statements.iter();
    let mut views: Vec<NeedView> = rows
        .into_iter()
        .filter_map(|row| {
            let is_withdrawn = withdrawn.contains_key(&row.id);
            // The live statements are the rows not taken back, in the same order.
            let need = if is_withdrawn { None } else { live.next() };
            let is_current = need.is_some_and(|n| current.contains(&(n as *const Need)));
            if !history && !is_current {
                return None;
            }
            let fig = figures
                .get(&(row.site.clone(), row.category.clone()))
                .filter(|_| is_current);
            Some(NeedView {
                wanted: u32::try_from(row.quantity).unwrap_or(u32::MAX),
                current: is_current,
                withdrawn: is_withdrawn,
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

#[cfg(test)]
mod standing_tests {
    use super::*;
    use std::collections::HashMap;

    fn row(id: i64, day: u32, quantity: i64) -> StatementRow {
        let on = NaiveDate::from_ymd_opt(2026, 11, day).unwrap_or_default();
        StatementRow {
            id,
            site: "oak".into(),
            site_name: "Oak".into(),
            category: "tent-2p".into(),
            category_name: "Tent".into(),
            quantity,
            stated_on: on,
            stated_by: "assembly".into(),
            needed_by: None,
            actor: "coord".into(),
            created_at: on.and_hms_opt(12, 0, 0).unwrap_or_default(),
        }
    }

    fn ids(all: &[NeedHistory]) -> Vec<(i64, &'static str, Option<i64>)> {
        all.iter()
            .map(|(r, s)| match s {
                NeedStanding::InForce => (r.id, "in force", None),
                NeedStanding::Replaced(by) => (r.id, "replaced", Some(by.id)),
                NeedStanding::Withdrawn(_) => (r.id, "taken back", None),
            })
            .collect()
    }

    #[test]
    fn the_latest_date_is_in_force_and_each_older_one_names_what_replaced_it() {
        // #3 was typed in late with an older date than #2: #2 stays in force.
        let rows = vec![row(1, 1, 15), row(2, 3, 19), row(3, 2, 12)];
        assert_eq!(
            ids(&standings(rows.clone(), &HashMap::new())),
            vec![
                (2, "in force", None),
                (3, "replaced", Some(2)),
                (1, "replaced", Some(3)),
            ]
        );
        // Taking #2 back puts the next one in force; it replaced nothing.
        let back = HashMap::from([(
            2,
            store::WithdrawalRow {
                need_id: 2,
                handout_id: Some(7),
                actor: "dina".into(),
                created_at: NaiveDateTime::default(),
            },
        )]);
        assert_eq!(
            ids(&standings(rows, &back)),
            vec![
                (2, "taken back", None),
                (3, "in force", None),
                (1, "replaced", Some(3)),
            ]
        );
    }
}
