//! Needs from CSV (`site, category, quantity, stated_on, stated_by[, needed_by]`), as a
//! site assembly's list arrives. All or nothing: a refusal names every bad row by its
//! line number, whether the row is unreadable or names an unknown site or category.

use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashSet;
use std::io::Read;

use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::intake::csv::{refusal, RowError};
use crate::ledger::lines::Lookup;
use crate::ledger::Quantity;
use crate::needs::model::{self, NeedRequest, NeedView};
use crate::needs::store::{self, NeedFilter};

pub const COLUMNS: [&str; 5] = ["site", "category", "quantity", "stated_on", "stated_by"];
pub const OPTIONAL_COLUMN: &str = "needed_by";

/// One readable row, with the line it came from.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub request: NeedRequest,
}

/// The readable rows and the problems of the unreadable ones: both are needed to name
/// every bad row at once.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub rows: Vec<Row>,
    pub errors: Vec<RowError>,
}

fn header_error(message: String) -> Vec<RowError> {
    vec![RowError { line: 1, message }]
}

/// Reads the file. Only a missing or wrong header refuses it here; row problems are
/// collected for `import`, which adds what the database knows.
pub fn parse(input: impl Read) -> Result<Parsed, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| header_error(format!("cannot read the header row: {e}")))?
        .clone();
    let names: Vec<&str> = headers.iter().collect();
    let optional_ok = match names.get(COLUMNS.len()) {
        None => true,
        Some(&name) => name == OPTIONAL_COLUMN && names.len() == COLUMNS.len() + 1,
    };
    if names.len() < COLUMNS.len() || names[..COLUMNS.len()] != COLUMNS || !optional_ok {
        return Err(header_error(format!(
            "the header must be: {}[,{OPTIONAL_COLUMN}]; found: {}",
            COLUMNS.join(","),
            names.join(",")
        )));
    }
    let mut parsed = Parsed::default();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                parsed.errors.push(RowError {
                    line,
                    message: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        match parse_row(&record, names.len()) {
            Ok(request) => parsed.rows.push(Row { line, request }),
            Err(problems) => parsed.errors.push(RowError {
                line,
                message: problems.join("; "),
            }),
        }
    }
    if parsed.rows.is_empty() && parsed.errors.is_empty() {
        parsed.errors.push(RowError {
            line: 2,
            message: "the file has no rows".into(),
        });
    }
    Ok(parsed)
}

fn parse_row(record: &csv::StringRecord, columns: usize) -> Result<NeedRequest, Vec<String>> {
    if record.len() < COLUMNS.len() || record.len() > columns {
        return Err(vec![format!(
            "expected {} fields, found {}",
            columns,
            record.len()
        )]);
    }
    let field = |i: usize| record.get(i).unwrap_or("").to_string();
    let mut problems = Vec::new();
    let date = |name: &str, text: String, problems: &mut Vec<String>| {
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map_err(|_| problems.push(format!("{name} '{text}' is not a date like 2026-11-20")))
            .ok()
    };
    let quantity = field(2)
        .parse::<i64>()
        .map_err(|_| format!("quantity '{}' is not a whole number", field(2)))
        .and_then(Quantity::parse)
        .map_err(|e| problems.push(e))
        .ok();
    let stated_on = date("stated_on", field(3), &mut problems);
    let needed_by = match field(5) {
        empty if empty.is_empty() => None,
        text => date("needed_by", text, &mut problems),
    };
    for (i, name) in [(0, "site"), (1, "category")] {
        if field(i).is_empty() {
            problems.push(format!("{name} is empty"));
        }
    }
    let stated_by = field(4)
        .parse::<crate::text::FreeText<{ model::MAX_STATED_BY_CHARS }>>()
        .map_err(|p| problems.push(p.for_field("stated_by")))
        .ok();
    match (quantity, stated_on, stated_by, problems.is_empty()) {
        (Some(quantity), Some(stated_on), Some(stated_by), true) => Ok(NeedRequest {
            site: field(0),
            category: field(1),
            quantity,
            stated_on,
            stated_by,
            needed_by,
        }),
        _ => Err(problems),
    }
}

/// Checks every row against the sites and the catalogue, then records them in file
/// order, inside the caller's write transaction. Answers the recorded statements.
pub fn import(
    conn: &mut DbConn,
    parsed: &Parsed,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<Vec<NeedView>> {
    let mut lookup = Lookup::load(conn)?;
    let mut errors = parsed.errors.clone();
    let mut news = Vec::with_capacity(parsed.rows.len());
    for row in &parsed.rows {
        match model::checked(&mut lookup, &row.request, actor, now) {
            Some(new) => news.push(new),
            None => {
                let problems: Vec<String> = std::mem::take(&mut lookup.errors)
                    .into_iter()
                    .map(|e| e.message)
                    .collect();
                errors.push(RowError {
                    line: row.line,
                    message: problems.join("; "),
                });
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(refusal(errors));
    }
    let mut ids = HashSet::with_capacity(news.len());
    for new in &news {
        ids.insert(store::insert(conn, new)?);
    }
    let mut views = model::list(conn, NeedFilter::default(), true)?;
    views.retain(|v| ids.contains(&v.id));
    views.sort_by_key(|v| v.id);
    if views.len() != ids.len() {
        return Err(AppError::Internal("imported needs vanished".into()));
    }
    Ok(views)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(errors: &[RowError]) -> Vec<u64> {
        errors.iter().map(|e| e.line).collect()
    }

    #[test]
    fn reads_rows_with_and_without_needed_by() {
        let file = "site,category,quantity,stated_on,stated_by,needed_by\n\
                    oak,blanket,40,2026-11-02,Oak site assembly,2026-11-30\n\
                    heron , tent-2p , 3 , 2026-11-09 , Heron camp meeting ,\n";
        let parsed = parse(file.as_bytes()).expect("header is right");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.rows.len(), 2);
        let heron = &parsed.rows[1];
        assert_eq!((heron.line, heron.request.site.as_str()), (3, "heron"));
        assert_eq!(heron.request.needed_by, None);
        assert_eq!(heron.request.quantity.get(), 3);
        let short = "site,category,quantity,stated_on,stated_by\noak,blanket,4,2026-11-02,Oak\n";
        assert_eq!(parse(short.as_bytes()).expect("five columns").rows.len(), 1);
    }

    #[test]
    fn every_unreadable_row_is_named_by_its_line() {
        let file = "site,category,quantity,stated_on,stated_by\n\
                    oak,blanket,4,2026-11-02,Oak\n\
                    oak,blanket,-4,2026-11-02,Oak\n\
                    oak,blanket,4,02/11/2026,Oak\n\
                    ,blanket,4,2026-11-02,Oak\n\
                    oak,blanket,4\n\
                    oak,blanket,4,2026-11-02,Oak,2026-12-01,extra\n";
        let parsed = parse(file.as_bytes()).expect("header is right");
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(lines(&parsed.errors), vec![3, 4, 5, 6, 7]);
        assert!(parsed.errors[0].message.contains("quantity"));
        assert!(parsed.errors[1].message.contains("stated_on '02/11/2026'"));
        assert!(parsed.errors[2].message.contains("site is empty"));
    }

    #[test]
    fn a_wrong_header_refuses_the_file() {
        for header in [
            "site,category,quantity,stated_on",
            "category,site,quantity,stated_on,stated_by",
            "site,category,quantity,stated_on,stated_by,note",
            "site,category,quantity,stated_on,stated_by,needed_by,note",
        ] {
            let errors = parse(format!("{header}\n").as_bytes()).expect_err(header);
            assert_eq!(lines(&errors), vec![1], "{header}");
        }
        let empty =
            parse("site,category,quantity,stated_on,stated_by\n".as_bytes()).expect("header");
        assert_eq!(lines(&empty.errors), vec![2]);
    }
}
