//! The run's manifest: per stop in order, what is on the van for it, with volume,
//! weight, dangerous-goods flags, the codes of the boxes that carry it, and the customs
//! line "donated goods, no commercial value".

use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::runs::model::{find_run, Names};

pub const NO_COMMERCIAL_VALUE: &str = "donated goods, no commercial value";

/// The columns in order; `address` only for roles that may see it.
const HEADER: [&str; 13] = [
    "stop",
    "site",
    "site_name",
    "address",
    "category",
    "category_name",
    "condition",
    "count",
    "boxes",
    "volume_l",
    "weight_kg",
    "dangerous_goods",
    "value",
];
const ADDRESS: usize = 3;

/// One CSV row per planned line, in `HEADER` order. `boxes` holds the label codes of
/// the boxes that meet the line (space-separated), empty when it travels loose.
pub fn rows(conn: &mut DbConn, id: i64) -> AppResult<Vec<[String; 13]>> {
    let run = find_run(conn, id)?;
    let names = Names::load(conn)?;
    let boxes = crate::boxes::runs::planned_boxes(conn, &run)?;
    let mut out = Vec::new();
    for stop in &run.stops {
        let site = names.locations.get(&stop.site_id);
        for line in run.lines.iter().filter(|l| l.site_id == stop.site_id) {
            let cat = names.categories.get(&line.category_id);
            let n = line.quantity as f64;
            let codes: Vec<&str> = boxes
                .iter()
                .filter(|(b, site, _)| {
                    *site == stop.site_id
                        && b.category_id == Some(line.category_id)
                        && b.condition == Some(line.condition)
                })
                .map(|(b, _, _)| b.code.as_str())
                .collect();
            out.push([
                stop.position.to_string(),
                names.location(stop.site_id),
                site.map_or_else(String::new, |l| l.name.clone()),
                site.and_then(|l| l.address.clone()).unwrap_or_default(),
                names.category(line.category_id),
                cat.map_or_else(String::new, |c| c.name.clone()),
                line.condition.to_string(),
                line.quantity.to_string(),
                codes.join(" "),
                format!("{:.1}", cat.map_or(0.0, |c| c.unit_volume_l) * n),
                format!("{:.1}", cat.map_or(0.0, |c| c.unit_weight_kg) * n),
                if cat.is_some_and(|c| c.dangerous_goods) {
                    "yes"
                } else {
                    "no"
                }
                .to_string(),
                NO_COMMERCIAL_VALUE.to_string(),
            ]);
        }
    }
    Ok(out)
}

pub fn render(conn: &mut DbConn, id: i64, show_address: bool) -> AppResult<String> {
    let rows = rows(conn, id)?;
    let fail = |e: csv::Error| AppError::Internal(format!("manifest CSV: {e}"));
    let shown = |i: &usize| show_address || *i != ADDRESS;
    let mut w = csv::Writer::from_writer(Vec::new());
    // A header even for an empty plan, so the file still says what it would hold.
    w.write_record((0..HEADER.len()).filter(shown).map(|i| HEADER[i]))
        .map_err(fail)?;
    for r in &rows {
        w.write_record((0..r.len()).filter(shown).map(|i| r[i].as_str()))
            .map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(format!("manifest CSV: {e}")))?;
    let bytes = crate::exports::csv::defuse_all(&bytes).map_err(fail)?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(format!("manifest CSV: {e}")))
}
