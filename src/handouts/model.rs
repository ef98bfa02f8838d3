//! Hand-out requests and views, and the rule that turns a request into ledger moves
//! and stored unmet requests. A hand-out is counts per site and day, never a person.

use crate::text::FreeText;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::catalog::{Category, Condition};
use crate::db::schema::handouts;
use crate::db::DbConn;
use crate::error::AppError;
use crate::handouts::allocate::{self, Short, Want, TAKE_ORDER};
use crate::handouts::store;
use crate::ledger::lines::{self, LineView, Lookup, MAX_LINES};
use crate::ledger::quantity::MAX_QUANTITY;
use crate::ledger::{Cause, Change, Movement, Quantity, Shortage};
use crate::locations::LocationKind;

/// `{site, handed_out_on, lines, unmet, note?}`. Unknown fields are refused, so nothing
/// about the people served (a name, an age, a nationality, a phone) can be stored.
#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HandoutRequest {
    pub site: String,
    pub handed_out_on: NaiveDate,
    #[serde(default)]
    pub lines: Vec<GivenLine>,
    #[serde(default)]
    pub unmet: Vec<UnmetLine>,
    #[serde(default)]
    pub note: Option<FreeText>,
}

/// What went out: without a condition, the best the site has (good, then usable).
#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GivenLine {
    pub category: String,
    pub quantity: Quantity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
}

/// What people asked for that the site did not have.
#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnmetLine {
    pub category: String,
    pub quantity: Quantity,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = handouts)]
pub struct NewHandout {
    pub site_id: i64,
    pub handed_out_on: NaiveDate,
    pub note: Option<String>,
    pub actor: String,
    pub created_at: NaiveDateTime,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct UnmetView {
    pub category: String,
    pub quantity: i64,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct HandoutView {
    pub id: i64,
    pub site: String,
    pub handed_out_on: NaiveDate,
    pub note: Option<String>,
    pub actor: String,
    /// What went out, by category and the condition it was taken from.
    pub lines: Vec<LineView>,
    pub unmet: Vec<UnmetView>,
    /// Items handed out in all.
    pub items: i64,
}

/// Per site and category, what was asked for but not available over a period: the
/// evidence a site brings to its next need statement.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct UnmetEvidence {
    pub site: String,
    pub category: String,
    pub category_name: String,
    pub quantity: i64,
    /// How many hand-outs recorded it.
    pub handouts: i64,
    pub first_on: NaiveDate,
    pub last_on: NaiveDate,
}

impl UnmetEvidence {
    /// Requests summed per site and category, with how many hand-outs recorded them
    /// and when: the one place evidence is added up, for the API and the needs page.
    pub fn sum<'a>(
        requests: impl IntoIterator<Item = &'a crate::handouts::store::UnmetRequest>,
    ) -> Vec<UnmetEvidence> {
        let mut sums: BTreeMap<(&str, &str), UnmetEvidence> = BTreeMap::new();
        for r in requests {
            let on = r.handed_out_on;
            let e = sums
                .entry((r.site.as_str(), r.category.as_str()))
                .or_insert_with(|| UnmetEvidence {
                    site: r.site.clone(),
                    category: r.category.clone(),
                    category_name: r.category_name.clone(),
                    quantity: 0,
                    handouts: 0,
                    first_on: on,
                    last_on: on,
                });
            e.quantity = e.quantity.saturating_add(r.quantity);
            e.handouts += 1;
            e.first_on = e.first_on.min(on);
            e.last_on = e.last_on.max(on);
        }
        sums.into_values().collect()
    }
}

/// Validates the request, takes the goods from the site's stock and stores the unmet
/// requests. Runs inside the write transaction, so a refusal leaves nothing behind.
pub fn record(
    conn: &mut DbConn,
    req: &HandoutRequest,
    actor: &str,
    now: NaiveDateTime,
) -> Result<HandoutView, AppError> {
    let mut lookup = Lookup::load(conn)?;
    let site = lookup.location("site", &req.site, &[LocationKind::Site]);
    lines::check_date("handed_out_on", req.handed_out_on, now.date(), &mut lookup);
    if req.lines.is_empty() && req.unmet.is_empty() {
        lookup.push(
            "lines",
            "record at least one line handed out or one unmet request",
        );
    }
    for (field, n) in [("lines", req.lines.len()), ("unmet", req.unmet.len())] {
        if n > MAX_LINES {
            lookup.push(field, format!("{field} may have at most {MAX_LINES} lines"));
        }
    }
    let mut given: Vec<(Category, Option<Condition>, i64)> = Vec::new();
    for (i, l) in req.lines.iter().enumerate() {
        if let Some(c) = l.condition.filter(|c| !c.is_distributable()) {
            lookup.push(
                &format!("lines[{i}].condition"),
                format!("{c} goods are not handed out: only good or usable (regrade them first)"),
            );
        }
        if let Some(cat) = lookup.category(&format!("lines[{i}].category"), &l.category) {
            given.push((cat, l.condition, l.quantity.get()));
        }
    }
    let mut unmet: BTreeMap<String, (Category, i64)> = BTreeMap::new();
    for (i, u) in req.unmet.iter().enumerate() {
        if let Some(cat) = lookup.category(&format!("unmet[{i}].category"), &u.category) {
            unmet.entry(cat.slug.clone()).or_insert((cat, 0)).1 += u.quantity.get();
        }
    }
    for (cat, n) in unmet.values() {
        if *n > MAX_QUANTITY {
            lookup.push(
                "unmet",
                format!("{}: at most {MAX_QUANTITY} in one hand-out", cat.name),
            );
        }
    }
    let note = lines::optional_note("note", req.note.as_deref(), &mut lookup);
    lookup.finish()?;
    let site = site.ok_or_else(|| AppError::Internal("site lost".into()))?;

    let mut available = BTreeMap::new();
    for (cat, _, _) in &given {
        for cond in TAKE_ORDER {
            let have = crate::ledger::store::stock_quantity(conn, site.id, cat.id, cond.as_str())?;
            available.insert((cat.id, cond), have);
        }
    }
    let wants: Vec<Want> = given
        .iter()
        .map(|(cat, condition, quantity)| Want {
            category: cat.id,
            condition: *condition,
            quantity: *quantity,
        })
        .collect();
    let takes =
        allocate::allocate(&available, &wants).map_err(|short| shortage(&short, &site, &given))?;

    let id = store::insert(
        conn,
        &NewHandout {
            site_id: site.id,
            handed_out_on: req.handed_out_on,
            note: note.clone(),
            actor: actor.to_string(),
            created_at: now,
        },
    )?;
    let moves: Vec<Movement> = takes
        .iter()
        .map(|t| Movement {
            location_id: site.id,
            category_id: t.category,
            condition: t.condition,
            quantity: -t.quantity,
        })
        .collect();
    let change = Change {
        actor,
        cause: Cause::Handout,
        cause_id: id,
        at: now,
    };
    crate::ledger::apply(conn, &change, &moves)?;
    for (cat, n) in unmet.values() {
        store::insert_unmet(conn, id, cat.id, *n)?;
    }
    let lines: Vec<LineView> = takes
        .iter()
        .map(|t| LineView {
            category: given[t.line].0.slug.clone(),
            condition: t.condition.to_string(),
            quantity: t.quantity,
        })
        .collect();
    Ok(HandoutView {
        id,
        site: site.slug,
        handed_out_on: req.handed_out_on,
        note,
        actor: actor.to_string(),
        items: lines.iter().map(|l| l.quantity).sum(),
        lines,
        unmet: unmet
            .into_iter()
            .map(|(category, (_, quantity))| UnmetView { category, quantity })
            .collect(),
    })
}

/// The 409 for a hand-out the site cannot cover, in the ledger's shortage shape.
fn shortage(
    short: &[Short],
    site: &crate::locations::Location,
    given: &[(Category, Option<Condition>, i64)],
) -> AppError {
    let category = |id: i64| given.iter().find(|g| g.0.id == id).map(|g| &g.0);
    let list: Vec<Shortage> = short
        .iter()
        .map(|s| Shortage {
            location: site.slug.clone(),
            category: category(s.category)
                .map(|c| c.slug.clone())
                .unwrap_or_default(),
            condition: s
                .condition
                .map(|c| c.to_string())
                .unwrap_or_else(|| "good or usable".into()),
            in_stock: s.available,
            requested: s.wanted,
            location_name: site.name.clone(),
            category_name: category(s.category)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            loose_only: false,
        })
        .collect();
    let mut e = crate::ledger::shortage_conflict("not enough at the site to hand out", list);
    if let AppError::Conflict { message, .. } = &mut e {
        message.push_str(". Record what is missing as unmet instead.");
    }
    e
}
