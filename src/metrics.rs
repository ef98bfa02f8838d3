//! What `/metrics` reports, in the Prometheus text format: requests by route pattern
//! and status, a latency histogram per route, the database pool, the write queue,
//! ledger rows, the last backup. The encoder is a few lines of `write!`: the format is
//! plain text and a metrics crate would bring a registry Haul does not need.
//! Also the middleware that logs every request (method, path, status, time) through
//! `tracing` and counts it here.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};

use crate::auth::Role;
use crate::error::AppError;
use crate::state::AppState;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Latency {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Requests {
    /// (method, route pattern, status) → count.
    by_status: BTreeMap<(String, String, u16), u64>,
    /// (method, route pattern) → latency.
    latency: BTreeMap<(String, String), Latency>,
}

static REQUESTS: Mutex<Option<Requests>> = Mutex::new(None);
/// Time spent waiting for a pooled connection, in microseconds, and how often.
pub static POOL_WAIT_MICROS: AtomicU64 = AtomicU64::new(0);
pub static POOL_ACQUIRED: AtomicU64 = AtomicU64::new(0);
pub static POOL_TIMEOUTS: AtomicU64 = AtomicU64::new(0);
/// Writers waiting for the write lock right now.
pub static WRITE_QUEUE: AtomicI64 = AtomicI64::new(0);

/// Counts one answered request. `route` is the pattern (`/api/v1/runs/{id}`), never
/// the path, so the number of series stays small.
pub fn record(method: &str, route: &str, status: u16, elapsed: Duration) {
    let mut guard = REQUESTS.lock().unwrap_or_else(|e| e.into_inner());
    let r = guard.get_or_insert_with(Requests::default);
    *r.by_status
        .entry((method.to_string(), route.to_string(), status))
        .or_default() += 1;
    let l = r
        .latency
        .entry((method.to_string(), route.to_string()))
        .or_default();
    let secs = elapsed.as_secs_f64();
    for (i, bound) in BUCKETS.iter().enumerate() {
        if secs <= *bound {
            l.buckets[i] += 1;
        }
    }
    l.count += 1;
    l.sum += secs;
}

/// Counts one wait for a pooled connection.
pub fn pool_wait(waited: Duration, ok: bool) {
    POOL_WAIT_MICROS.fetch_add(waited.as_micros() as u64, Ordering::Relaxed);
    if ok {
        POOL_ACQUIRED.fetch_add(1, Ordering::Relaxed);
    } else {
        POOL_TIMEOUTS.fetch_add(1, Ordering::Relaxed);
    }
}

/// Figures read from the database and the pool at scrape time.
pub struct Gauges {
    pub ledger_rows: i64,
    pub pool_connections: u32,
    pub pool_idle: u32,
    pub last_backup_unix: i64,
}

fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The whole exposition, one `# HELP`/`# TYPE` pair per metric.
pub fn render(g: &Gauges) -> String {
    let mut out = String::new();
    let guard = REQUESTS.lock().unwrap_or_else(|e| e.into_inner());
    let empty = Requests::default();
    let r = guard.as_ref().unwrap_or(&empty);
    let _ = writeln!(
        out,
        "# HELP haul_http_requests_total HTTP requests answered, by route pattern and status."
    );
    let _ = writeln!(out, "# TYPE haul_http_requests_total counter");
    for ((m, route, status), n) in &r.by_status {
        let _ = writeln!(
            out,
            "haul_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
            label(m),
            label(route)
        );
    }
    let _ = writeln!(
        out,
        "# HELP haul_http_request_duration_seconds Time to answer, by route pattern."
    );
    let _ = writeln!(out, "# TYPE haul_http_request_duration_seconds histogram");
    for ((m, route), l) in &r.latency {
        let labels = format!("method=\"{}\",route=\"{}\"", label(m), label(route));
        for (bound, n) in BUCKETS.iter().zip(l.buckets) {
            let _ = writeln!(
                out,
                "haul_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "haul_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
            l.count
        );
        let _ = writeln!(
            out,
            "haul_http_request_duration_seconds_sum{{{labels}}} {}",
            l.sum
        );
        let _ = writeln!(
            out,
            "haul_http_request_duration_seconds_count{{{labels}}} {}",
            l.count
        );
    }
    drop(guard);
    let scalar = |out: &mut String, name: &str, kind: &str, help: &str, v: String| {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} {kind}");
        let _ = writeln!(out, "{name} {v}");
    };
    scalar(
        &mut out,
        "haul_db_pool_wait_seconds_total",
        "counter",
        "Time spent waiting for a database connection from the pool.",
        format!("{}", POOL_WAIT_MICROS.load(Ordering::Relaxed) as f64 / 1e6),
    );
    scalar(
        &mut out,
        "haul_db_pool_acquisitions_total",
        "counter",
        "Connections taken from the pool.",
        POOL_ACQUIRED.load(Ordering::Relaxed).to_string(),
    );
    scalar(
        &mut out,
        "haul_db_pool_timeouts_total",
        "counter",
        "Waits for a pooled connection that gave up (the request got a 503).",
        POOL_TIMEOUTS.load(Ordering::Relaxed).to_string(),
    );
    scalar(
        &mut out,
        "haul_db_pool_connections",
        "gauge",
        "Open database connections.",
        g.pool_connections.to_string(),
    );
    scalar(
        &mut out,
        "haul_db_pool_idle_connections",
        "gauge",
        "Open database connections not in use.",
        g.pool_idle.to_string(),
    );
    scalar(
        &mut out,
        "haul_write_queue_depth",
        "gauge",
        "Writes waiting for the write lock (SQLite serialises writers in the process).",
        WRITE_QUEUE.load(Ordering::Relaxed).max(0).to_string(),
    );
    scalar(
        &mut out,
        "haul_ledger_rows",
        "gauge",
        "Ledger entries in the database.",
        g.ledger_rows.to_string(),
    );
    scalar(
        &mut out,
        "haul_last_backup_timestamp_seconds",
        "gauge",
        "Unix time of the newest finished backup, by `haul backup` or the schedule (0: none).",
        g.last_backup_unix.to_string(),
    );
    out
}

/// Logs and counts every request. Only the method, the path (never the query string,
/// which may carry a form or setup token), the status and the time reach the log.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let method = req.method().to_string();
    let path = req.path().to_string();
    let res = next.call(req).await;
    let elapsed = start.elapsed();
    let (status, route) = match &res {
        Ok(r) => (r.status().as_u16(), r.request().match_pattern()),
        Err(e) => (e.as_response_error().status_code().as_u16(), None),
    };
    let route = route.unwrap_or_else(|| "unmatched".to_string());
    record(&method, &route, status, elapsed);
    if route != "/healthz" && route != "/readyz" {
        let ms = (elapsed.as_secs_f64() * 1000.0 * 10.0).round() / 10.0;
        tracing::info!(target: "haul::http", method, path, status, ms, "{method} {path} {status} {ms}ms");
    }
    res
}

/// `GET /metrics`: for a scraper on the same machine (a loopback peer that did not
/// come through a proxy) or a coordinator's token.
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if !from_local_scraper(&req) {
        match crate::auth::guard::bearer_actor(&req, &state).await {
            Ok(a) if a.role == Role::Coordinator => {}
            Ok(_) => {
                return AppError::Forbidden("metrics are for coordinators".into()).error_response()
            }
            Err(e) => return e.error_response(),
        }
    }
    let pool = state.db.pool_state();
    let counted = state
        .db
        .read(|c| {
            use crate::db::schema::ledger_entries::dsl::*;
            use diesel::prelude::*;
            let rows = ledger_entries.count().get_result::<i64>(c)?;
            Ok((rows, crate::backup::last_logged_backup(c)?))
        })
        .await;
    let (ledger_rows, logged_backup) = match counted {
        Ok(n) => n,
        Err(e) => return e.error_response(),
    };
    let g = Gauges {
        ledger_rows,
        pool_connections: pool.connections,
        pool_idle: pool.idle_connections,
        last_backup_unix: logged_backup
            .max(crate::backup::LAST_BACKUP_UNIX.load(Ordering::Relaxed)),
    };
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(render(&g))
}

/// A loopback peer with no proxy's forwarding header: a request relayed by a reverse
/// proxy on the same machine comes from loopback too, but carries one.
fn from_local_scraper(req: &HttpRequest) -> bool {
    let loopback = req.peer_addr().is_some_and(|a| a.ip().is_loopback());
    let h = req.headers();
    loopback
        && !h.contains_key("x-forwarded-for")
        && !h.contains_key("forwarded")
        && !h.contains_key("x-real-ip")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_a_cumulative_histogram() {
        record("GET", "/test/{id}", 200, Duration::from_millis(3));
        record("GET", "/test/{id}", 200, Duration::from_millis(30));
        record("GET", "/test/{id}", 404, Duration::from_millis(300));
        let text = render(&Gauges {
            ledger_rows: 7,
            pool_connections: 2,
            pool_idle: 1,
            last_backup_unix: 0,
        });
        assert!(text.contains(
            "haul_http_requests_total{method=\"GET\",route=\"/test/{id}\",status=\"200\"} 2"
        ));
        let labels = "method=\"GET\",route=\"/test/{id}\"";
        assert!(text.contains(&format!(
            "haul_http_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 1"
        )));
        assert!(text.contains(&format!(
            "haul_http_request_duration_seconds_bucket{{{labels},le=\"0.05\"}} 2"
        )));
        assert!(text.contains(&format!(
            "haul_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 3"
        )));
        assert!(text.contains("haul_ledger_rows 7"));
        // Every sample line belongs to a declared metric.
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let name = line.split(['{', ' ']).next().unwrap();
            let base = name
                .trim_end_matches("_bucket")
                .trim_end_matches("_sum")
                .trim_end_matches("_count");
            assert!(
                text.contains(&format!("# TYPE {name} "))
                    || text.contains(&format!("# TYPE {base} ")),
                "{line}"
            );
        }
    }
}
