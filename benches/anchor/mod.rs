//! The raw anchor (docs/benchmarks.md, "Scale"): an intake's minimum on SQLite with
//! diesel and nothing of Haul — one `BEGIN IMMEDIATE` transaction inserting the intake,
//! its ledger lines and upserting the stock rows, every statement prepared once (diesel
//! caches these inserts). `benches/ceiling.rs` serves it over HTTP; `benches/intake.rs`
//! calls it in-process beside Haul's own write path.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde::Deserialize;

diesel::table! {
    intakes (id) {
        id -> BigInt,
        source -> Text,
        warehouse -> Text,
        received_on -> Text,
    }
}
diesel::table! {
    ledger (id) {
        id -> BigInt,
        intake_id -> BigInt,
        category -> Text,
        condition -> Text,
        quantity -> BigInt,
    }
}
diesel::table! {
    stock (warehouse, category, condition) {
        warehouse -> Text,
        category -> Text,
        condition -> Text,
        quantity -> BigInt,
    }
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct Line {
    category: String,
    condition: String,
    quantity: i64,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct Intake {
    source: String,
    warehouse: String,
    received_on: String,
    lines: Vec<Line>,
    note: Option<String>,
}

pub fn record(c: &mut SqliteConnection, req: &Intake) -> QueryResult<i64> {
    c.immediate_transaction(|c| {
        let id: i64 = diesel::insert_into(intakes::table)
            .values((
                intakes::source.eq(&req.source),
                intakes::warehouse.eq(&req.warehouse),
                intakes::received_on.eq(&req.received_on),
            ))
            .returning(intakes::id)
            .get_result(c)?;
        for l in &req.lines {
            diesel::insert_into(ledger::table)
                .values((
                    ledger::intake_id.eq(id),
                    ledger::category.eq(&l.category),
                    ledger::condition.eq(&l.condition),
                    ledger::quantity.eq(l.quantity),
                ))
                .execute(c)?;
            diesel::insert_into(stock::table)
                .values((
                    stock::warehouse.eq(&req.warehouse),
                    stock::category.eq(&l.category),
                    stock::condition.eq(&l.condition),
                    stock::quantity.eq(l.quantity),
                ))
                .on_conflict((stock::warehouse, stock::category, stock::condition))
                .do_update()
                .set(stock::quantity.eq(stock::quantity + l.quantity))
                .execute(c)?;
        }
        Ok(id)
    })
}

/// Opens (and lays out) the anchor's own SQLite file, with Haul's pragmas.
pub fn open(path: &str) -> ConnectionResult<SqliteConnection> {
    let mut c = SqliteConnection::establish(path)?;
    c.batch_execute(SCHEMA)
        .map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
    Ok(c)
}

const SCHEMA: &str =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;
     CREATE TABLE IF NOT EXISTS intakes (id INTEGER PRIMARY KEY, source TEXT NOT NULL,
         warehouse TEXT NOT NULL, received_on TEXT NOT NULL);
     CREATE TABLE IF NOT EXISTS ledger (id INTEGER PRIMARY KEY, intake_id BIGINT NOT NULL,
         category TEXT NOT NULL, condition TEXT NOT NULL, quantity BIGINT NOT NULL);
     CREATE TABLE IF NOT EXISTS stock (warehouse TEXT NOT NULL, category TEXT NOT NULL,
         condition TEXT NOT NULL, quantity BIGINT NOT NULL CHECK (quantity >= 0),
         PRIMARY KEY (warehouse, category, condition));";
