//! The run's manifest: per stop in order, what is on the van for it, with volume,
//! weight, dangerous-goods flags and the customs line "donated goods, no commercial value".

use serde::Serialize;

use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::runs::model::{find_run, Names};

pub const NO_COMMERCIAL_VALUE: &str = "donated goods, no commercial value";

/// One CSV row; `address` is left out of the header for roles that may not see it.
#[derive(Debug, Clone, Serialize)]
pub struct ManifestRow {
    pub stop: i64,
    pub site: String,
    pub site_name: String,
    pub category: String,
    pub category_name: String,
    pub condition: String,
    pub count: i64,
    pub volume_l: String,
    pub weight_kg: String,
    pub dangerous_goods: &'static str,
    pub value: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ManifestRowWithAddress {
    pub stop: i64,
    pub site: String,
    pub site_name: String,
    pub address: String,
    pub category: String,
    pub category_name: String,
    pub condition: String,
    pub count: i64,
    pub volume_l: String,
    pub weight_kg: String,
    pub dangerous_goods: &'static str,
    pub value: &'static str,
}

pub fn rows(conn: &mut DbConn, id: i64) -> AppResult<(Vec<ManifestRow>, Vec<String>)> {
    let run = find_run(conn, id)?;
    let names = Names::load(conn)?;
    let mut out = Vec::new();
    let mut addresses = Vec::new();
    for stop in &run.stops {
        let site = names.locations.get(&stop.site_id);
        for line in run.lines.iter().filter(|l| l.site_id == stop.site_id) {
            let cat = names.categories.get(&line.category_id);
            let n = line.quantity as f64;
            out.push(ManifestRow {
                stop: stop.position,
                site: names.location(stop.site_id),
                site_name: site.map_or_else(String::new, |l| l.name.clone()),
                category: names.category(line.category_id),
                category_name: cat.map_or_else(String::new, |c| c.name.clone()),
                condition: line.condition.clone(),
                count: line.quantity,
                volume_l: format!("{:.1}", cat.map_or(0.0, |c| c.unit_volume_l) * n),
                weight_kg: format!("{:.1}", cat.map_or(0.0, |c| c.unit_weight_kg) * n),
                dangerous_goods: if cat.is_some_and(|c| c.dangerous_goods) {
                    "yes"
                } else {
                    "no"
                },
                value: NO_COMMERCIAL_VALUE,
            });
            addresses.push(site.and_then(|l| l.address.clone()).unwrap_or_default());
        }
    }
    Ok((out, addresses))
}

pub fn render(conn: &mut DbConn, id: i64, show_address: bool) -> AppResult<String> {
    let (rows, addresses) = rows(conn, id)?;
    let fail = |e: csv::Error| AppError::Internal(format!("manifest CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    if rows.is_empty() {
        // A header even for an empty plan, so the file still says what it would hold.
        let mut header = vec!["stop", "site", "site_name"];
        if show_address {
            header.push("address");
        }
        header.extend([
            "category",
            "category_name",
            "condition",
            "count",
            "volume_l",
            "weight_kg",
            "dangerous_goods",
            "value",
        ]);
        w.write_record(&header).map_err(fail)?;
    }
    for (r, address) in rows.into_iter().zip(addresses) {
        if show_address {
            w.serialize(ManifestRowWithAddress {
                stop: r.stop,
                site: r.site,
                site_name: r.site_name,
                address,
                category: r.category,
                category_name: r.category_name,
                condition: r.condition,
                count: r.count,
                volume_l: r.volume_l,
                weight_kg: r.weight_kg,
                dangerous_goods: r.dangerous_goods,
                value: r.value,
            })
            .map_err(fail)?;
        } else {
            w.serialize(r).map_err(fail)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(format!("manifest CSV: {e}")))?;
    let bytes = crate::exports::csv::defuse_all(&bytes).map_err(fail)?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(format!("manifest CSV: {e}")))
}
