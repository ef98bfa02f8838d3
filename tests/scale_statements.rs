//! Scale (issue 11): SQLite's one writer thread does not parse the same SQL again for
//! every intake. Diesel keeps prepared statements only for queries it can tell never
//! change; an `UPDATE`, an upsert or a `sql_query` is prepared anew each time, which
//! was a twelfth of the writer's time (docs/benchmarks.md). This watches the writer's
//! connection through diesel's instrumentation and lists every statement it had to
//! prepare (or run as plain SQL) during intakes made after a first few.

mod common;

use std::collections::HashSet;
use std::sync::Mutex;

use diesel::connection::{Instrumentation, InstrumentationEvent};
use serde_json::json;

/// Statements the writer ran without a prepared statement kept from before, in order.
static UNCACHED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// One per connection: the SQL this connection has cached so far.
#[derive(Default)]
struct Recorder {
    cached: HashSet<String>,
}

impl Instrumentation for Recorder {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { query, .. } => {
                let text = query.to_string();
                let sql = text.split(" -- binds:").next().unwrap_or_default().trim();
                if !self.cached.contains(sql) {
                    UNCACHED
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(sql.to_string());
                }
            }
            InstrumentationEvent::CacheQuery { sql, .. } => {
                self.cached.insert(sql.trim().to_string());
            }
            _ => {}
        }
    }
}

/// Only the writer thread's connection is watched: it is opened on that thread.
fn watch_the_writer() -> Option<Box<dyn Instrumentation>> {
    (std::thread::current().name() == Some("haul-writer"))
        .then(|| Box::new(Recorder::default()) as Box<dyn Instrumentation>)
}

/// What a change costs besides its statements: the group commit's transaction and the
/// savepoint of each change (SQLite runs these as plain SQL, nothing to prepare).
fn is_transaction_control(sql: &str) -> bool {
    let word = sql.split_whitespace().next().unwrap_or_default();
    ["BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_intake_prepares_no_statement_again_on_the_writer() {
    diesel::connection::set_default_instrumentation(watch_the_writer).expect("instrumentation set");
    let Some(app) = common::spawn_app(common::Backend::Sqlite).await else {
        return;
    };
    let intake = |n: i64| {
        json!({"source": "glastonbury-2026", "warehouse": "unit-east", "received_on": "2026-06-29",
            "lines": [{"category": "tent-2p", "condition": "good", "quantity": n},
                      {"category": "sleeping-bag", "condition": "usable", "quantity": n}]})
    };
    // The first intakes prepare what every later one uses (and make the stock rows).
    for n in 1..=3 {
        let key = format!("warm-{n}");
        let (status, body) = app
            .post_with_key("/api/v1/intakes", &intake(n), Some(&key))
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let start = UNCACHED.lock().unwrap_or_else(|e| e.into_inner()).len();
    assert!(start > 0, "the writer's statements are not being watched");
    for n in 1..=20 {
        let key = format!("timed-{n}");
        let (status, body) = app
            .post_with_key("/api/v1/intakes", &intake(n), Some(&key))
            .await;
        assert_eq!(status, 201, "{body}");
    }
    let after: Vec<String> = UNCACHED.lock().unwrap_or_else(|e| e.into_inner())[start..].to_vec();
    let prepared: Vec<&String> = after
        .iter()
        .filter(|s| !is_transaction_control(s))
        .collect();
    assert!(
        prepared.is_empty(),
        "20 intakes prepared {} statements again on the writer: {prepared:#?}",
        prepared.len()
    );
    // Each change's own savepoint and its release, plus each commit's BEGIN and COMMIT:
    // nothing nested inside a change.
    let savepoints = after.iter().filter(|s| s.starts_with("SAVEPOINT")).count();
    assert!(
        savepoints <= 20,
        "{savepoints} savepoints for 20 changes: {after:#?}"
    );
}
