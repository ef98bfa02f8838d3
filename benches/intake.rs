//! Benchmarks of the foundation on one fresh SQLite file (docs/benchmarks.md has the
//! figures and the goals):
//!   (a) intakes POSTed over HTTP to the real server by concurrent clients,
//!   (b) the same ledger writes straight through the domain call, and the ratio a/b,
//!   (c) `GET /api/v1/stock` latency once the ledger holds a million rows,
//!   (d) the raw anchor: the same intakes as bare inserts (`benches/anchor`), one
//!       transaction each, on a file of their own, and the ratio b/d.
//!
//! `cargo bench --bench intake`. Sizes (defaults in `Sizes::from_env`) for a quick run:
//! HAUL_BENCH_INTAKES=400 HAUL_BENCH_LEDGER_ROWS=50000 HAUL_BENCH_GETS=200 cargo bench --bench intake

use std::net::TcpListener;
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, Utc};
use haul::catalog::{Condition, Slug};
use haul::db::{DatabaseUrl, Db};
use haul::intake::model::IntakeRequest;
use haul::ledger::lines::LineRequest;
use haul::ledger::store::StockFilter;
use haul::ledger::{Cause, Change, Movement, Quantity};
use haul::locations::model::NewLocationRequest;
use haul::locations::LocationKind;
use haul::state::AppState;
use reqwest::{Method, RequestBuilder, StatusCode};

mod anchor;

struct Sizes {
    intakes: usize,
    clients: usize,
    rounds: usize,
    ledger_rows: usize,
    gets: usize,
}

impl Sizes {
    fn from_env() -> Sizes {
        let n = |var: &str, default: usize| {
            std::env::var(var)
                .ok()
                .and_then(|v| v.replace('_', "").parse().ok())
                .unwrap_or(default)
        };
        Sizes {
            intakes: n("HAUL_BENCH_INTAKES", 3200),
            clients: n("HAUL_BENCH_CLIENTS", 32).max(1),
            rounds: n("HAUL_BENCH_ROUNDS", 3).max(1),
            ledger_rows: n("HAUL_BENCH_LEDGER_ROWS", 1_000_000),
            gets: n("HAUL_BENCH_GETS", 2000).max(1),
        }
    }
}

const PLACES: [(&str, LocationKind); 4] = [
    ("unit-east", LocationKind::Warehouse),
    ("unit-south", LocationKind::Warehouse),
    ("oak", LocationKind::Site),
    ("heron", LocationKind::Site),
];
const INTAKE_CATEGORIES: [&str; 6] = [
    "tent-2p",
    "sleeping-bag",
    "blanket",
    "roll-mat",
    "cooking-pot",
    "tinned-food",
];
/// Transactions of the bulk load: big enough to be quick, small enough to stay in memory.
const LOAD_BATCH: usize = 20_000;
const WARM_UP: usize = 50;

fn main() -> anyhow::Result<()> {
    let sizes = Sizes::from_env();
    println!("haul bench intake: one fresh SQLite file, release build");
    println!(
        "machine: {}; load average at start: {}",
        machine(),
        load_average()
    );

    let dir = tempfile::tempdir()?;
    let url = DatabaseUrl::Sqlite(dir.path().join("haul.db"));
    // The pool size `haul serve` uses.
    let db = Db::connect(&url, 8)?;
    db.migrate()?;
    haul::seed::catalogue(&db)?;
    add_places(&db)?;

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    let secret = haul::auth::random_token(32);
    let server = haul::server(
        listener,
        AppState::new(
            db.clone(),
            haul::auth::token::Keys::from_secret(secret.as_bytes()),
        ),
    )?;
    rt.spawn(server);
    let mut api = Api::new(&base)?;
    // A warehouse volunteer's token: the benchmark pays for authentication like a client.
    let (handle, role, hash) =
        haul::auth::api::prepare_user("bench", "warehouse", "bench password 123")
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    db.write_blocking(move |c| {
        haul::auth::api::insert_user(c, &handle, role, &hash, Utc::now().naive_utc())
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let token: serde_json::Value = rt.block_on(async {
        api.request(Method::POST, "/api/v1/auth/token")
            .json(&serde_json::json!({"handle": "bench", "password": "bench password 123"}))
            .send()
            .await?
            .json()
            .await
    })?;
    api.token = token["token"].as_str().map(str::to_string);

    // (a) and (b) take turns, `rounds` times, so that a burst of load from elsewhere on
    // the machine does not land on one side only; the medians are compared.
    rt.block_on(async {
        let warm: Vec<IntakeRequest> = (0..WARM_UP).map(intake).collect();
        post_intakes(&api, warm, sizes.clients.min(WARM_UP)).await
    })?;
    let (mut http_rates, mut direct_rates, mut threaded_rates, mut anchor_rates) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut raw = anchor::open(&dir.path().join("anchor.db").to_string_lossy())?;
    let mut latencies = Vec::new();
    for round in 0..sizes.rounds {
        let first = WARM_UP + round * sizes.intakes;
        let requests: Vec<IntakeRequest> = (first..first + sizes.intakes).map(intake).collect();

        // (a) HTTP: `clients` concurrent clients, each posting its share one after another.
        let started = Instant::now();
        latencies.extend(rt.block_on(post_intakes(&api, requests.clone(), sizes.clients))?);
        http_rates.push(sizes.intakes as f64 / started.elapsed().as_secs_f64());

        // (b) The same writes without HTTP: `intake::model::record` through `Db::write`,
        // the server's own write path (SQLite's writer thread, which commits what is
        // queued together): one caller after another, so each intake has a commit of
        // its own as in the anchor (d); then `clients` concurrent callers.
        let now = Utc::now().naive_utc();
        let started = Instant::now();
        rt.block_on(direct_writes(&db, &requests, 1, now))?;
        direct_rates.push(sizes.intakes as f64 / started.elapsed().as_secs_f64());
        let started = Instant::now();
        rt.block_on(direct_writes(&db, &requests, sizes.clients, now))?;
        threaded_rates.push(sizes.intakes as f64 / started.elapsed().as_secs_f64());

        // (d) The raw anchor: the same intakes, bare inserts, one transaction each.
        let bare = requests
            .iter()
            .map(|r| serde_json::from_value(serde_json::to_value(r)?))
            .collect::<Result<Vec<anchor::Intake>, _>>()?;
        let started = Instant::now();
        for req in &bare {
            anchor::record(&mut raw, req)?;
        }
        anchor_rates.push(sizes.intakes as f64 / started.elapsed().as_secs_f64());
        println!(
            "    round {}: HTTP {:.0} req/s; direct 1 caller {:.0} intakes/s; direct {} callers {:.0} intakes/s; raw anchor {:.0} intakes/s",
            round + 1,
            http_rates[round],
            direct_rates[round],
            sizes.clients,
            threaded_rates[round],
            anchor_rates[round]
        );
    }
    latencies.sort();
    let (http_rate, direct_rate, threaded_rate, anchor_rate) = (
        median(&http_rates),
        median(&direct_rates),
        median(&threaded_rates),
        median(&anchor_rates),
    );
    println!(
        "(a) HTTP POST /api/v1/intakes, {} intakes × 3 lines per round from {} concurrent clients: median {:.0} req/s; latency over all rounds p50 {}, p99 {}, max {}",
        sizes.intakes,
        sizes.clients,
        http_rate,
        ms(percentile(&latencies, 50.0)),
        ms(percentile(&latencies, 99.0)),
        ms(latencies.last().copied().unwrap_or_default()),
    );
    println!(
        "(b) direct intake::model::record through Db::write (the writer thread): 1 caller median {:.0} intakes/s ({:.2} ms each); {} concurrent callers median {:.0} intakes/s",
        direct_rate,
        1000.0 / direct_rate,
        sizes.clients,
        threaded_rate
    );
    let ratio = http_rate / direct_rate;
    println!(
        "(a/b) HTTP / direct (1 caller): {ratio:.2} (goal ≥ 0.5: {}); HTTP / direct ({} callers): {:.2}",
        verdict(ratio >= 0.5),
        sizes.clients,
        http_rate / threaded_rate
    );
    println!(
        "(d) raw anchor (bare inserts, prepared, one transaction each, 1 thread): median {anchor_rate:.0} intakes/s; (b/d) direct / anchor: 1 caller {:.2}, {} callers {:.2} (goal ≥ 0.5: {})",
        direct_rate / anchor_rate,
        sizes.clients,
        threaded_rate / anchor_rate,
        verdict(direct_rate.max(threaded_rate) / anchor_rate >= 0.5)
    );

    // (c) Stock reads over a big ledger.
    let written = ledger_rows(&db)?;
    let to_load = sizes.ledger_rows.saturating_sub(written);
    let started = Instant::now();
    load_ledger(&db, to_load)?;
    let load_secs = started.elapsed().as_secs_f64();
    let total = ledger_rows(&db)?;
    println!(
        "(c) ledger: {total} rows ({to_load} bulk-loaded through ledger::apply in {LOAD_BATCH}-row transactions in {load_secs:.1} s, {:.0} rows/s)",
        to_load as f64 / load_secs.max(1e-9)
    );
    let started = Instant::now();
    let differences = db.read_blocking(|c| Ok(haul::ledger::check(c)?))?;
    println!(
        "(c) ledger::check after loading: {} in {:.1} s",
        if differences.is_empty() {
            "stock matches the ledger".to_string()
        } else {
            format!(
                "{} difference(s), first {:?}",
                differences.len(),
                differences[0]
            )
        },
        started.elapsed().as_secs_f64()
    );
    let file_mb = std::fs::metadata(dir.path().join("haul.db"))
        .map(|m| m.len())
        .unwrap_or(0) as f64
        / 1e6;
    println!("(c) database file: {file_mb:.0} MB");
    let mut noise = noise_floor(sizes.gets);
    noise.sort();
    println!(
        "(c) machine noise: a fixed CPU task of p50 {} takes p99 {}, max {} right now (other processes' share of the tail)",
        ms(percentile(&noise, 50.0)),
        ms(percentile(&noise, 99.0)),
        ms(noise.last().copied().unwrap_or_default()),
    );
    for (path, location) in [
        ("/api/v1/stock", None),
        ("/api/v1/stock?location=unit-east", Some("unit-east")),
    ] {
        let (rows, mut latencies) = rt.block_on(get_many(&api, path, sizes.gets))?;
        latencies.sort();
        let p99 = percentile(&latencies, 99.0);
        println!(
            "(c) GET {path} ({rows} rows): {} requests, 1 client: p50 {}, p99 {}, max {} (goal p99 < 5 ms: {})",
            sizes.gets,
            ms(percentile(&latencies, 50.0)),
            ms(p99),
            ms(latencies.last().copied().unwrap_or_default()),
            verdict(p99 < Duration::from_millis(5))
        );
        let [query, json, typed] = read_directly(&db, location, sizes.gets)?;
        println!(
            "    the same read without HTTP: query p50 {}, p99 {}; JSON via json!() p50 {}, p99 {}; JSON from a typed struct p50 {}, p99 {}",
            ms(percentile(&query, 50.0)),
            ms(percentile(&query, 99.0)),
            ms(percentile(&json, 50.0)),
            ms(percentile(&json, 99.0)),
            ms(percentile(&typed, 50.0)),
            ms(percentile(&typed, 99.0)),
        );
    }
    println!("load average at end: {}", load_average());
    Ok(())
}

/// Every request the bench sends goes through `request`: the one place an
/// `Authorization: Bearer` token is added once the API needs one.
#[derive(Clone)]
struct Api {
    base: String,
    client: reqwest::Client,
    token: Option<String>,
}

impl Api {
    fn new(base: &str) -> anyhow::Result<Api> {
        Ok(Api {
            base: base.to_string(),
            client: reqwest::Client::builder()
                .pool_max_idle_per_host(256)
                .build()?,
            token: std::env::var("HAUL_BENCH_TOKEN").ok(),
        })
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let rb = self
            .client
            .request(method, format!("{}{}", self.base, path));
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }
}

/// The i-th intake of the run: three lines, at one of the two warehouses.
fn intake(i: usize) -> IntakeRequest {
    let line = |k: usize, condition: Condition, quantity: i64| LineRequest {
        category: INTAKE_CATEGORIES[(i + k) % INTAKE_CATEGORIES.len()].to_string(),
        condition,
        quantity: Quantity::parse(quantity).unwrap_or_else(|e| panic!("{e}")),
    };
    IntakeRequest {
        source: format!("festival-{}", i % 17)
            .parse()
            .unwrap_or_else(|e| panic!("{e}")),
        warehouse: PLACES[i % 2].0.to_string(),
        received_on: Utc::now().date_naive(),
        lines: vec![
            line(0, Condition::Good, 1 + (i % 7) as i64),
            line(1, Condition::NeedsDrying, 2),
            line(2, Condition::Usable, 1 + (i % 3) as i64),
        ],
        note: None,
    }
}

/// Posts every request from `clients` concurrent tasks; returns each request's latency.
async fn post_intakes(
    api: &Api,
    requests: Vec<IntakeRequest>,
    clients: usize,
) -> anyhow::Result<Vec<Duration>> {
    let mut shares: Vec<Vec<IntakeRequest>> = (0..clients).map(|_| Vec::new()).collect();
    for (i, r) in requests.into_iter().enumerate() {
        shares[i % clients].push(r);
    }
    let tasks: Vec<_> = shares
        .into_iter()
        .map(|share| {
            let api = api.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(share.len());
                for req in share {
                    let started = Instant::now();
                    let resp = api
                        .request(Method::POST, "/api/v1/intakes")
                        .json(&req)
                        .send()
                        .await?;
                    let status = resp.status();
                    let body = resp.bytes().await?;
                    latencies.push(started.elapsed());
                    if status != StatusCode::CREATED {
                        anyhow::bail!(
                            "POST /api/v1/intakes answered {status}: {}",
                            String::from_utf8_lossy(&body)
                        );
                    }
                }
                Ok(latencies)
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok(all)
}

/// Records every request through `Db::write` from `callers` concurrent tasks, each
/// waiting for its change's commit before sending the next.
async fn direct_writes(
    db: &Db,
    requests: &[IntakeRequest],
    callers: usize,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    let tasks: Vec<_> = (0..callers)
        .map(|t| {
            let db = db.clone();
            let mine: Vec<IntakeRequest> =
                requests.iter().skip(t).step_by(callers).cloned().collect();
            tokio::spawn(async move {
                for req in mine {
                    db.write(move |c| haul::intake::model::record(c, &req, "bench", now))
                        .await?;
                }
                Ok::<_, haul::error::AppError>(())
            })
        })
        .collect();
    for task in tasks {
        task.await??;
    }
    Ok(())
}

/// GETs `path` `n` times in a row (after a warm-up); returns the row count and latencies.
async fn get_many(api: &Api, path: &str, n: usize) -> anyhow::Result<(usize, Vec<Duration>)> {
    let mut rows = 0;
    let mut latencies = Vec::with_capacity(n);
    for i in 0..WARM_UP + n {
        let started = Instant::now();
        let resp = api.request(Method::GET, path).send().await?;
        let status = resp.status();
        let body = resp.bytes().await?;
        let took = started.elapsed();
        if status != StatusCode::OK {
            anyhow::bail!(
                "GET {path} answered {status}: {}",
                String::from_utf8_lossy(&body)
            );
        }
        if i == 0 {
            let v: serde_json::Value = serde_json::from_slice(&body)?;
            rows = v["stock"].as_array().map(Vec::len).unwrap_or(0);
        }
        if i >= WARM_UP {
            latencies.push(took);
        }
    }
    Ok((rows, latencies))
}

/// The stock read of `GET /api/v1/stock` without HTTP, timed in its two parts: the
/// query (with the location lookup) and the JSON body as the handler builds it. Tells
/// the database's share of the time from the server's.
fn read_directly(db: &Db, location: Option<&str>, n: usize) -> anyhow::Result<[Vec<Duration>; 3]> {
    let (mut query, mut json, mut typed) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..WARM_UP + n {
        let started = Instant::now();
        let rows = db.read_blocking(|c| {
            let location_id = location
                .map(|s| haul::ledger::api::location_id(c, s))
                .transpose()?;
            let filter = StockFilter {
                location_id,
                ..StockFilter::default()
            };
            Ok(haul::ledger::store::stock(c, &filter)?)
        })?;
        let queried = Instant::now();
        std::hint::black_box(serde_json::to_vec(&serde_json::json!({ "stock": rows }))?);
        let as_value = Instant::now();
        std::hint::black_box(serde_json::to_vec(&StockBody { stock: &rows })?);
        if i >= WARM_UP {
            query.push(queried - started);
            json.push(as_value - queried);
            typed.push(as_value.elapsed());
        }
    }
    for v in [&mut query, &mut json, &mut typed] {
        v.sort();
    }
    Ok([query, json, typed])
}

/// The stock body serialised straight from the rows, without a `serde_json::Value` tree
/// in between: what a handler could send instead of `json!({ "stock": rows })`.
#[derive(serde::Serialize)]
struct StockBody<'a> {
    stock: &'a [haul::ledger::model::StockRow],
}

/// The same small CPU task `n` times: on an idle machine its p99 is close to its p50,
/// so the gap shows how much of a latency tail comes from other processes.
fn noise_floor(n: usize) -> Vec<Duration> {
    let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15);
    (0..n)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..100_000 {
                std::hint::black_box(rng.below(1000));
            }
            started.elapsed()
        })
        .collect()
}

fn add_places(db: &Db) -> anyhow::Result<()> {
    let now = Utc::now().naive_utc();
    let mut new = Vec::new();
    for (slug, kind) in PLACES {
        let req = NewLocationRequest {
            slug: Slug::parse(slug).map_err(anyhow::Error::msg)?,
            name: slug.parse().map_err(anyhow::Error::msg)?,
            kind,
            address: None,
            region: "east".parse().ok(),
        };
        new.push(req.into_new(now).map_err(|e| anyhow::anyhow!("{e:?}"))?);
    }
    db.write_blocking(|c| {
        for n in &new {
            haul::locations::store::insert(c, n)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn ledger_rows(db: &Db) -> anyhow::Result<usize> {
    use diesel::prelude::*;
    use haul::db::schema::ledger_entries;
    let n = db.read_blocking(|c| Ok(ledger_entries::table.count().get_result::<i64>(c)?))?;
    Ok(n as usize)
}

/// xorshift64: a fixed, dependency-free sequence, so every run loads the same ledger.
struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Adds `rows` ledger entries over every place × category × condition through
/// `ledger::apply` (so the projection is kept with them): four in five bring goods in,
/// one in five takes some out again where there is enough.
fn load_ledger(db: &Db, rows: usize) -> anyhow::Result<()> {
    let (places, categories) = db.read_blocking(|c| {
        Ok((
            haul::locations::store::all(c, None)?,
            haul::catalog::store::all(c)?,
        ))
    })?;
    let mut keys = Vec::new();
    for p in &places {
        for c in &categories {
            for cond in Condition::ALL {
                keys.push((p.id, c.id, cond));
            }
        }
    }
    let mut have = db.read_blocking(|c| {
        keys.iter()
            .map(|&(l, k, cond)| Ok(haul::ledger::store::stock_quantity(c, l, k, cond.as_str())?))
            .collect::<Result<Vec<i64>, haul::error::AppError>>()
    })?;
    let mut rng = Xorshift(0x2545_f491_4f6c_dd1d);
    let at = Utc::now().naive_utc();
    let mut left = rows;
    let mut batch_no = 0;
    while left > 0 {
        let n = left.min(LOAD_BATCH);
        let (mut ins, mut outs) = (Vec::with_capacity(n), Vec::new());
        for _ in 0..n {
            let k = rng.below(keys.len());
            let (location_id, category_id, condition) = keys[k];
            let quantity = 1 + rng.below(5) as i64;
            let take = rng.below(5) == 0 && have[k] >= quantity;
            have[k] += if take { -quantity } else { quantity };
            let m = Movement {
                location_id,
                category_id,
                condition,
                quantity: if take { -quantity } else { quantity },
            };
            if take {
                outs.push(m)
            } else {
                ins.push(m)
            }
        }
        batch_no += 1;
        db.write_blocking(|c| {
            let change = |cause| Change {
                actor: "bench",
                cause,
                cause_id: batch_no,
                at,
            };
            haul::ledger::apply(c, &change(Cause::Intake), &ins)?;
            haul::ledger::apply(c, &change(Cause::Writeoff), &outs)?;
            Ok(())
        })?;
        left -= n;
    }
    Ok(())
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "MISSED"
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(str::trim)
        .unwrap_or("unknown CPU");
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gb = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0 / 1024.0)
        .unwrap_or(0.0);
    format!("{cpus} CPUs ({model}), {mem_gb:.1} GiB RAM")
}
