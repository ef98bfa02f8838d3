//! The plain rows reports are computed from, limited to a period by each cause's own
//! date: an intake's `received_on`, a hand-out's `handed_out_on`, a write-off's time.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{
    categories, handout_unmet as hu, handouts as h, intakes, ledger_entries as le, locations,
    movements, stock as st,
};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::ledger::Cause;
use crate::locations::LocationKind;
use crate::needs::store::NeedFilter;
use crate::reports::totals::{IntakeRow, NeedRow, Rows, SiteRow, StockRow, WriteoffRow};

#[derive(Debug, Clone, Copy, Default)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Period {
    fn start(&self) -> Option<NaiveDateTime> {
        self.from.and_then(|d| d.and_hms_opt(0, 0, 0))
    }
    fn end(&self) -> Option<NaiveDateTime> {
        self.to
            .and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    }
}

pub fn rows(conn: &mut DbConn, p: Period) -> AppResult<Rows> {
    let (intake_fixes, handout_fixes, writeoff_fixes) = correction_rows(conn, p)?;
    Ok(Rows {
        intakes: [intake_rows(conn, p)?, intake_fixes].concat(),
        handouts: [handout_rows(conn, p)?, handout_fixes].concat(),
        unmet: unmet_rows(conn, p)?,
        writeoffs: [writeoff_rows(conn, p)?, writeoff_fixes].concat(),
        stock: stock_rows(conn)?,
        needs: need_rows(conn)?,
    })
}

/// The needs in force now, with the figures `needs::model::list` computes for them.
pub fn need_rows(conn: &mut DbConn) -> AppResult<Vec<NeedRow>> {
    Ok(
        crate::needs::model::list(conn, NeedFilter::default(), false)?
            .into_iter()
            .map(|n| NeedRow {
                wanted: i64::from(n.wanted),
                delivered: n.delivered_since.map(i64::from).unwrap_or(0),
                in_transit: n.in_transit.map(i64::from).unwrap_or(0),
                unmet: n.unmet.map(i64::from).unwrap_or(0),
                site: n.site,
                category: n.category,
            })
            .collect(),
    )
}

pub fn intake_rows(conn: &mut DbConn, p: Period) -> QueryResult<Vec<IntakeRow>> {
    let mut q = le::table
        .inner_join(intakes::table.on(intakes::id.eq(le::cause_id)))
        .inner_join(categories::table.on(categories::id.eq(le::category_id)))
        .filter(le::cause.eq(Cause::Intake.as_str()))
        .select((
            intakes::source,
            intakes::received_on,
            categories::slug,
            categories::unit_weight_kg,
            le::quantity,
        ))
        .into_boxed();
    if let Some(d) = p.from {
        q = q.filter(intakes::received_on.ge(d));
    }
    if let Some(d) = p.to {
        q = q.filter(intakes::received_on.le(d));
    }
    Ok(q.load::<(String, NaiveDate, String, f64, i64)>(conn)?
        .into_iter()
        .map(
            |(source, on, category, unit_weight_kg, quantity)| IntakeRow {
                source,
                on,
                category,
                unit_weight_kg,
                quantity,
            },
        )
        .collect())
}

/// Corrections of intakes, hand-outs and write-offs (issue 9), as rows of the change
/// they correct, dated by it: an intake reversed as logged by mistake no longer counts
/// as salvaged.
pub fn correction_rows(conn: &mut DbConn, p: Period) -> QueryResult<CorrectionRows> {
    use crate::corrections::store::entries_rooted_at;
    let in_period = |on: NaiveDate| p.from.is_none_or(|f| on >= f) && p.to.is_none_or(|t| on <= t);
    let cats: std::collections::HashMap<i64, (String, f64)> = crate::catalog::store::all(conn)?
        .into_iter()
        .map(|c| (c.id, (c.slug, c.unit_weight_kg)))
        .collect();
    let mut intake_fixes = Vec::new();
    for e in entries_rooted_at(conn, Cause::Intake)? {
        let (source, on) = intakes::table
            .filter(intakes::id.eq(e.root_id))
            .select((intakes::source, intakes::received_on))
            .first::<(String, NaiveDate)>(conn)?;
        if let (true, Some((category, kg))) = (in_period(on), cats.get(&e.category_id)) {
            intake_fixes.push(IntakeRow {
                source,
                on,
                category: category.clone(),
                unit_weight_kg: *kg,
                quantity: e.quantity,
            });
        }
    }
    let mut handout_fixes = Vec::new();
    for e in entries_rooted_at(conn, Cause::Handout)? {
        let on = h::table
            .filter(h::id.eq(e.root_id))
            .select(h::handed_out_on)
            .first::<NaiveDate>(conn)?;
        let site = locations::table
            .filter(locations::id.eq(e.location_id))
            .select(locations::slug)
            .first::<String>(conn)?;
        if let (true, Some((category, kg))) = (in_period(on), cats.get(&e.category_id)) {
            handout_fixes.push(SiteRow {
                site,
                on,
                category: category.clone(),
                unit_weight_kg: *kg,
                quantity: -e.quantity,
            });
        }
    }
    let mut writeoff_fixes = Vec::new();
    for e in entries_rooted_at(conn, Cause::Writeoff)? {
        let (reason, at) = movements::table
            .filter(movements::id.eq(e.root_id))
            .select((movements::reason, movements::created_at))
            .first::<(Option<String>, NaiveDateTime)>(conn)?;
        if let (true, Some((category, kg))) = (in_period(at.date()), cats.get(&e.category_id)) {
            writeoff_fixes.push(WriteoffRow {
                reason: reason.unwrap_or_default(),
                on: at.date(),
                category: category.clone(),
                unit_weight_kg: *kg,
                quantity: -e.quantity,
            });
        }
    }
    Ok((intake_fixes, handout_fixes, writeoff_fixes))
}

/// What corrections add to intakes, hand-outs and write-offs in a report.
pub type CorrectionRows = (Vec<IntakeRow>, Vec<SiteRow>, Vec<WriteoffRow>);

/// Goods out at sites, as positive quantities (their ledger entries are negative).
pub fn handout_rows(conn: &mut DbConn, p: Period) -> QueryResult<Vec<SiteRow>> {
    let mut q = le::table
        .inner_join(h::table.on(h::id.eq(le::cause_id)))
        .inner_join(locations::table.on(locations::id.eq(le::location_id)))
        .inner_join(categories::table.on(categories::id.eq(le::category_id)))
        .filter(le::cause.eq(Cause::Handout.as_str()))
        .select((
            locations::slug,
            h::handed_out_on,
            categories::slug,
            categories::unit_weight_kg,
            le::quantity,
        ))
        .into_boxed();
    if let Some(d) = p.from {
        q = q.filter(h::handed_out_on.ge(d));
    }
    if let Some(d) = p.to {
        q = q.filter(h::handed_out_on.le(d));
    }
    Ok(q.load::<(String, NaiveDate, String, f64, i64)>(conn)?
        .into_iter()
        .map(|(site, on, category, unit_weight_kg, quantity)| SiteRow {
            site,
            on,
            category,
            unit_weight_kg,
            quantity: -quantity,
        })
        .collect())
}

pub fn unmet_rows(conn: &mut DbConn, p: Period) -> QueryResult<Vec<SiteRow>> {
    let mut q = hu::table
        .inner_join(h::table.inner_join(locations::table))
        .inner_join(categories::table)
        .select((
            locations::slug,
            h::handed_out_on,
            categories::slug,
            categories::unit_weight_kg,
            hu::quantity,
        ))
        .into_boxed();
    if let Some(d) = p.from {
        q = q.filter(h::handed_out_on.ge(d));
    }
    if let Some(d) = p.to {
        q = q.filter(h::handed_out_on.le(d));
    }
    Ok(q.load::<(String, NaiveDate, String, f64, i64)>(conn)?
        .into_iter()
        .map(|(site, on, category, unit_weight_kg, quantity)| SiteRow {
            site,
            on,
            category,
            unit_weight_kg,
            quantity,
        })
        .collect())
}

/// Written-off goods, as positive quantities, with the reason given.
pub fn writeoff_rows(conn: &mut DbConn, p: Period) -> QueryResult<Vec<WriteoffRow>> {
    let mut q = le::table
        .inner_join(movements::table.on(movements::id.eq(le::cause_id)))
        .inner_join(categories::table.on(categories::id.eq(le::category_id)))
        .filter(le::cause.eq(Cause::Writeoff.as_str()))
        .select((
            movements::reason,
            le::at,
            categories::slug,
            categories::unit_weight_kg,
            le::quantity,
        ))
        .into_boxed();
    if let Some(t) = p.start() {
        q = q.filter(le::at.ge(t));
    }
    if let Some(t) = p.end() {
        q = q.filter(le::at.lt(t));
    }
    Ok(
        q.load::<(Option<String>, NaiveDateTime, String, f64, i64)>(conn)?
            .into_iter()
            .map(
                |(reason, at, category, unit_weight_kg, quantity)| WriteoffRow {
                    reason: reason.unwrap_or_default(),
                    on: at.date(),
                    category,
                    unit_weight_kg,
                    quantity: -quantity,
                },
            )
            .collect(),
    )
}

pub fn stock_rows(conn: &mut DbConn) -> QueryResult<Vec<StockRow>> {
    Ok(st::table
        .inner_join(locations::table)
        .inner_join(categories::table)
        .filter(st::quantity.gt(0))
        .select((
            locations::kind,
            categories::slug,
            categories::unit_weight_kg,
            st::quantity,
        ))
        .load::<(LocationKind, String, f64, i64)>(conn)?
        .into_iter()
        .map(|(kind, category, unit_weight_kg, quantity)| StockRow {
            kind,
            category,
            unit_weight_kg,
            quantity,
        })
        .collect())
}

/// Every site's code name and region: for `totals::public_regions`.
pub fn sites(conn: &mut DbConn) -> QueryResult<Vec<(String, Option<String>)>> {
    locations::table
        .filter(locations::kind.eq(crate::locations::LocationKind::Site.as_str()))
        .order(locations::slug.asc())
        .select((locations::slug, locations::region))
        .load(conn)
}
