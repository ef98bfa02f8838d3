//! Writes an export as CSV, page by page, telling the caller how far it got (the CLI
//! draws a progress bar from that; the API ignores it).

use std::io::Write;

use crate::db::DbConn;
use crate::error::AppError;
use crate::exports::records::{HandoutRecord, LedgerRecord, NeedRecord, StockRecord};
use crate::exports::store::{self, ExportFilter};
use crate::exports::ExportKind;

/// Rows (ledger) or hand-outs read per query.
pub const PAGE: i64 = 1000;

fn csv_error(e: csv::Error) -> AppError {
    AppError::Internal(format!("cannot write the CSV: {e}"))
}

/// A cell a spreadsheet would run as a formula (OWASP "CSV injection": it begins with
/// `=`, `+`, `-`, `@`, TAB or CR) is written with a leading `'`, which spreadsheets
/// show as text. A cell that is a number is left alone, so a negative quantity
/// (`-3` on a write-off's ledger entry) stays a number a spreadsheet can add up.
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A whole CSV document defused cell by cell, for writers that build the file in one go
/// (the run manifest).
pub fn defuse_all(csv_bytes: &[u8]) -> Result<Vec<u8>, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_bytes);
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in reader.records() {
        w.write_record(row?.iter().map(|c| defuse(c).into_owned()))?;
    }
    w.into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

/// Every CSV Haul writes goes through here: a record is serialised as usual, then each
/// cell is defused before it reaches the file.
pub fn write_defused<W: Write, T: serde::Serialize>(
    w: &mut csv::Writer<W>,
    record: &T,
) -> Result<(), csv::Error> {
    let mut scratch = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    scratch.serialize(record)?;
    let bytes = scratch
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    for row in reader.records() {
        let row = row?;
        w.write_record(row.iter().map(|c| defuse(c).into_owned()))?;
    }
    Ok(())
}

/// The needs in force, at one site or all: a few hundred rows at most, read at once.
fn needs(conn: &mut DbConn, filter: &ExportFilter) -> Result<Vec<NeedRecord>, AppError> {
    let f = crate::needs::store::NeedFilter {
        site_id: filter.site_id,
        category_id: None,
    };
    Ok(crate::needs::model::list(conn, f, false)?
        .into_iter()
        .map(NeedRecord::from)
        .collect())
}

/// How many steps `write` will report: rows for stock, the ledger and needs, hand-outs
/// for hand-outs. For a progress bar's length.
pub fn steps(conn: &mut DbConn, kind: ExportKind, filter: &ExportFilter) -> Result<u64, AppError> {
    let n = match kind {
        ExportKind::Stock => store::stock(conn)?.len() as i64,
        ExportKind::Ledger => {
            let upto = store::last_ledger_id(conn)?;
            store::count_ledger(conn, filter, upto)?
        }
        ExportKind::Handouts => {
            let upto = store::last_handout_id(conn)?;
            store::count_handouts(conn, filter, upto)?
        }
        ExportKind::Needs => needs(conn, filter)?.len() as i64,
    };
    Ok(n.max(0) as u64)
}

/// Writes the header and every row; returns the number of rows written. `progress`
/// is called with the steps done since its last call.
pub fn write<W: Write>(
    conn: &mut DbConn,
    kind: ExportKind,
    filter: &ExportFilter,
    out: W,
    progress: &mut dyn FnMut(u64),
) -> Result<u64, AppError> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    let mut rows = 0u64;
    match kind {
        ExportKind::Stock => {
            w.write_record(StockRecord::HEADER).map_err(csv_error)?;
            let records = store::stock(conn)?;
            for r in &records {
                write_defused(&mut w, r).map_err(csv_error)?;
            }
            rows += records.len() as u64;
            progress(records.len() as u64);
        }
        ExportKind::Ledger => {
            w.write_record(LedgerRecord::HEADER).map_err(csv_error)?;
            let upto = store::last_ledger_id(conn)?;
            let (mut after, upto) = store::ledger_ids(conn, filter, upto)?;
            loop {
                let page = store::ledger_page(conn, filter, after, upto, PAGE)?;
                let Some(last) = page.last() else { break };
                after = last.id;
                for r in &page {
                    write_defused(&mut w, r).map_err(csv_error)?;
                }
                rows += page.len() as u64;
                progress(page.len() as u64);
            }
        }
        ExportKind::Handouts => {
            w.write_record(HandoutRecord::HEADER).map_err(csv_error)?;
            let upto = store::last_handout_id(conn)?;
            let mut after = 0;
            loop {
                let (page, last, handouts) = store::handout_page(conn, filter, after, upto, PAGE)?;
                let Some(last) = last else { break };
                after = last;
                for r in &page {
                    write_defused(&mut w, r).map_err(csv_error)?;
                }
                rows += page.len() as u64;
                progress(handouts as u64);
            }
        }
        ExportKind::Needs => {
            w.write_record(NeedRecord::HEADER).map_err(csv_error)?;
            let records = needs(conn, filter)?;
            for r in &records {
                write_defused(&mut w, r).map_err(csv_error)?;
            }
            rows += records.len() as u64;
            progress(records.len() as u64);
        }
    }
    w.flush()
        .map_err(|e| AppError::Internal(format!("cannot write the CSV: {e}")))?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written headers must match the records' field order.
    #[test]
    fn headers_match_records() {
        fn header_of<T: serde::Serialize>(r: &T) -> Vec<String> {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.serialize(r).unwrap();
            let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
            text.lines()
                .next()
                .unwrap()
                .split(',')
                .map(str::to_string)
                .collect()
        }
        let d = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        let s = StockRecord {
            location: "a".into(),
            location_kind: crate::locations::LocationKind::Site,
            region: None,
            category: "c".into(),
            condition: crate::catalog::Condition::Good,
            quantity: 1,
            kg: 1.0,
        };
        assert_eq!(header_of(&s), StockRecord::HEADER);
        let l = LedgerRecord {
            id: 1,
            at: d.and_hms_opt(0, 0, 0).unwrap(),
            actor: "a".into(),
            cause: crate::ledger::Cause::Intake,
            cause_id: 1,
            location: "a".into(),
            location_kind: crate::locations::LocationKind::Warehouse,
            category: "c".into(),
            condition: crate::catalog::Condition::Good,
            quantity: 1,
            corrects: None,
        };
        assert_eq!(header_of(&l), LedgerRecord::HEADER);
        let h = HandoutRecord {
            handout_id: 1,
            site: "a".into(),
            region: None,
            handed_out_on: d,
            kind: HandoutRecord::UNMET,
            category: "c".into(),
            condition: None,
            quantity: 1,
        };
        assert_eq!(header_of(&h), HandoutRecord::HEADER);
        let n = NeedRecord {
            site: "a".into(),
            category: "c".into(),
            wanted: 3,
            stated_on: d,
            stated_by: "a".into(),
            needed_by: None,
            delivered: 1,
            in_transit: 0,
            unmet: 2,
        };
        assert_eq!(header_of(&n), NeedRecord::HEADER);
    }
}
