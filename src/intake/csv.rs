//! Intakes from CSV (`source, warehouse, received_on, category, condition, quantity[, note]`):
//! rows with the same source, warehouse and date form one intake. All or nothing: a
//! refusal lists every bad row by its line number.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::io::Read;

use crate::catalog::Condition;
use crate::db::DbConn;
use crate::error::AppError;
use crate::intake::model::{self, IntakeRequest, IntakeView};
use crate::ledger::lines::LineRequest;
use crate::ledger::Quantity;
use crate::locations::LocationKind;
use crate::text::FreeText;

pub const COLUMNS: [&str; 6] = [
    "source",
    "warehouse",
    "received_on",
    "category",
    "condition",
    "quantity",
];

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

/// One parsed row, with the line it came from.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub source: FreeText<{ model::MAX_SOURCE_CHARS }>,
    pub warehouse: String,
    pub received_on: NaiveDate,
    pub category: String,
    pub condition: Condition,
    pub quantity: Quantity,
    pub note: Option<FreeText>,
}

pub fn parse(input: impl Read) -> Result<Vec<Row>, Vec<RowError>> {
    let (rows, errors) = parse_lenient(input);
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Every readable row and every unreadable one's error, so a refusal can also name the
/// readable rows that are wrong for other reasons (an unknown warehouse).
pub fn parse_lenient(input: impl Read) -> (Vec<Row>, Vec<RowError>) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return (
                Vec::new(),
                vec![RowError {
                    line: 1,
                    message: format!("cannot read the header row: {e}"),
                }],
            )
        }
    };
    let names: Vec<&str> = headers.iter().collect();
    if names.len() < COLUMNS.len()
        || names[..COLUMNS.len()] != COLUMNS
        || names.len() > 7
        || (names.len() == 7 && names[6] != "note")
    {
        return (
            Vec::new(),
            vec![RowError {
                line: 1,
                message: format!(
                    "the header must be: {}[,note]; found: {}",
                    COLUMNS.join(","),
                    names.join(",")
                ),
            }],
        );
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(RowError {
                    line,
                    message: format!("unreadable row: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        let mut problems = Vec::new();
        if record.len() < COLUMNS.len() || record.len() > names.len() {
            errors.push(RowError {
                line,
                message: format!(
                    "expected {} or {} fields, found {}",
                    COLUMNS.len(),
                    names.len(),
                    record.len()
                ),
            });
            continue;
        }
        let received_on = NaiveDate::parse_from_str(&field(2), "%Y-%m-%d")
            .map_err(|_| {
                problems.push(format!(
                    "received_on '{}' is not a date like 2026-08-30",
                    field(2)
                ))
            })
            .ok();
        let condition = field(4)
            .parse::<Condition>()
            .map_err(|e| problems.push(e.to_string()))
            .ok();
        let quantity = field(5)
            .parse::<i64>()
            .map_err(|_| format!("quantity '{}' is not a whole number", field(5)))
            .and_then(Quantity::parse)
            .map_err(|e| problems.push(e))
            .ok();
        for (i, name) in [(0, "source"), (1, "warehouse"), (3, "category")] {
            if field(i).is_empty() {
                problems.push(format!("{name} is empty"));
            }
        }
        let source = field(0)
            .parse::<FreeText<{ model::MAX_SOURCE_CHARS }>>()
            .map_err(|p| problems.push(p.for_field("source")))
            .ok();
        let note = match field(6).parse::<FreeText>() {
            Ok(n) if n.is_empty() => None,
            Ok(n) => Some(n),
            Err(p) => {
                problems.push(p.for_field("note"));
                None
            }
        };
        match (
            received_on,
            condition,
            quantity,
            source,
            problems.is_empty(),
        ) {
            (Some(received_on), Some(condition), Some(quantity), Some(source), true) => {
                rows.push(Row {
                    line,
                    source,
                    warehouse: field(1),
                    received_on,
                    category: field(3),
                    condition,
                    quantity,
                    note,
                })
            }
            _ => errors.push(RowError {
                line,
                message: problems.join("; "),
            }),
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(RowError {
            line: 2,
            message: "the file has no rows".into(),
        });
    }
    (rows, errors)
}

/// Checks every row against the catalogue and locations, then records the intakes,
/// inside the caller's write transaction.
pub fn import(
    conn: &mut DbConn,
    rows: &[Row],
    actor: &str,
    now: NaiveDateTime,
) -> Result<Vec<IntakeView>, AppError> {
    let categories: HashSet<String> = crate::catalog::store::all(conn)?
        .into_iter()
        .map(|c| c.slug)
        .collect();
    let locations = crate::locations::store::by_slug(conn)?;
    let mut errors = Vec::new();
    let mut groups: BTreeMap<(String, String, NaiveDate), IntakeRequest> = BTreeMap::new();
    for r in rows {
        let mut problems = Vec::new();
        if !categories.contains(&r.category) {
            problems.push(format!("unknown category '{}'", r.category));
        }
        match locations.get(&r.warehouse) {
            None => problems.push(format!("unknown warehouse '{}'", r.warehouse)),
            Some(l) if !l.is(LocationKind::Warehouse) => problems.push(format!(
                "'{}' is a {}, not a warehouse",
                r.warehouse, l.kind
            )),
            Some(_) => {}
        }
        if let Some(p) =
            crate::ledger::lines::date_problem("received_on", r.received_on, now.date())
        {
            problems.push(p);
        }
        let key = (r.source.to_string(), r.warehouse.clone(), r.received_on);
        if groups
            .get(&key)
            .is_some_and(|g| g.lines.len() >= crate::ledger::lines::MAX_LINES)
        {
            problems.push(format!(
                "more than {} rows for source '{}', warehouse '{}' and {}: split them into several files",
                crate::ledger::lines::MAX_LINES, r.source, r.warehouse, r.received_on
            ));
        }
        if !problems.is_empty() {
            errors.push(RowError {
                line: r.line,
                message: problems.join("; "),
            });
            continue;
        }
        let group = groups.entry(key).or_insert_with(|| IntakeRequest {
            source: r.source.clone(),
            warehouse: r.warehouse.clone(),
            received_on: r.received_on,
            lines: Vec::new(),
            note: None,
        });
        group.lines.push(LineRequest {
            category: r.category.clone(),
            condition: r.condition,
            quantity: r.quantity,
        });
        if group.note.is_none() {
            group.note = r.note.clone();
        }
    }
    if !errors.is_empty() {
        return Err(refusal(errors));
    }
    groups
        .values()
        .map(|req| model::record(conn, req, actor, now))
        .collect()
}

pub fn refusal(errors: Vec<RowError>) -> AppError {
    let message = format!(
        "nothing was imported: {} bad row(s), first at line {}: {}",
        errors.len(),
        errors.first().map(|e| e.line).unwrap_or(0),
        errors.first().map(|e| e.message.as_str()).unwrap_or("")
    );
    AppError::Invalid {
        message,
        details: errors
            .into_iter()
            .map(|e| crate::error::FieldError::new(format!("line {}", e.line), e.message))
            .collect(),
    }
}
