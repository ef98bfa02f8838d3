//! Benchmark of the fleet planner: 2, 3 and 4 vans from two warehouses to 12 sites over the
//! 60-category catalogue, each category's stock in 4 conditions (2 eligible). Times
//! `plan_fleet`, counts proven optima, reports the gap to the LP bound and what planning the
//! vans together gains over planning them one after another.
//!
//! Run with `cargo bench --bench fleet` (`HAUL_BENCH_SEEDS=N` for another number of instances,
//! `HAUL_BENCH_VANS=4` for one fleet size, `HAUL_BENCH_SEED=8` for one instance,
//! `HAUL_BENCH_PER_SEED=1` for a line per instance).
//! Plain `fn main` (harness = false): it prints figures and asserts nothing about time.

mod common;

use common::{ms, percentile, Lcg, CATEGORIES};
use haul::runs::fleet::{plan_fleet, Fleet, FleetVan, Good};
use haul::runs::planner::Capacity;
use std::time::{Duration, Instant};

const SITES: usize = 12;
const ORIGINS: usize = 2;
const STOPS_PER_VAN: usize = 4;
/// (name, litres, kg): the vans a collective borrows.
const VANS: [(&str, f64, f64); 4] = [
    ("Transit", 12_000.0, 1_200.0),
    ("Luton", 18_000.0, 1_000.0),
    ("Berlingo", 3_300.0, 700.0),
    ("Sprinter", 14_000.0, 1_400.0),
];

fn instance(seed: u64, vans: usize) -> Fleet {
    let mut rng = Lcg(seed);
    let goods = CATEGORIES
        .iter()
        .map(|&(name, volume_l, weight_kg, unit_value)| {
            let typical = (150.0 / volume_l.sqrt()).clamp(4.0, 400.0) as u64;
            // Four conditions arrive (good, usable, needs-drying, unusable); two may travel.
            let stock = (0..ORIGINS)
                .map(|_| {
                    let by_condition: Vec<u32> =
                        (0..4).map(|_| rng.below(typical) as u32).collect();
                    by_condition[0] + by_condition[1]
                })
                .collect();
            let need = (0..SITES)
                .map(|_| {
                    if rng.below(10) < 3 {
                        0
                    } else {
                        rng.below(typical / 3 + 1) as u32
                    }
                })
                .collect();
            Good {
                category: name.to_string(),
                name: name.to_string(),
                unit_value,
                volume_l,
                weight_kg,
                stock,
                need,
                conditions: vec!["good".into(), "usable".into()],
            }
        })
        .collect();
    let vans = (0..vans)
        .map(|v| {
            let mut stops = Vec::new();
            while stops.len() < STOPS_PER_VAN {
                let s = rng.below(SITES as u64) as usize;
                if !stops.contains(&s) {
                    stops.push(s);
                }
            }
            let (name, volume_l, payload_kg) = VANS[v];
            FleetVan {
                name: name.to_string(),
                capacity: Capacity {
                    volume_l,
                    payload_kg,
                },
                origin: v % ORIGINS,
                stops,
            }
        })
        .collect();
    Fleet { vans, goods }
}

fn main() {
    let seeds: u64 = std::env::var("HAUL_BENCH_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    println!(
        "fleet: {} categories x 4 conditions x {SITES} sites, {ORIGINS} warehouses, {STOPS_PER_VAN} stops per van, {seeds} seeded instances",
        CATEGORIES.len()
    );
    let sizes: Vec<usize> = match std::env::var("HAUL_BENCH_VANS")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(n) => vec![n],
        None => vec![2, 3, 4],
    };
    let per_seed = std::env::var_os("HAUL_BENCH_PER_SEED").is_some();
    for vans in sizes {
        let mut times = Vec::new();
        let mut proven = 0;
        let mut gaps = Vec::new();
        let mut points = Vec::new();
        let mut gains = Vec::new();
        let mut nodes = 0;
        let only: Option<u64> = std::env::var("HAUL_BENCH_SEED")
            .ok()
            .and_then(|s| s.parse().ok());
        for seed in (1..=seeds).filter(|s| only.is_none_or(|o| o == *s)) {
            let fleet = instance(seed, vans);
            let start = Instant::now();
            let plan = match plan_fleet(&fleet) {
                Ok(plan) => plan,
                Err(e) => {
                    eprintln!("fleet planner failed on seed {seed}: {e}");
                    std::process::exit(1);
                }
            };
            let took = start.elapsed();
            if per_seed {
                println!(
                    "  {vans} vans seed {seed}: {:.1} ms, value {}, bound {:.2}, proven {}, nodes {}",
                    ms(took),
                    plan.total_value,
                    plan.lp_bound,
                    plan.proven_optimal,
                    plan.search_nodes
                );
            }
            times.push(took);
            proven += usize::from(plan.proven_optimal);
            nodes = nodes.max(plan.search_nodes);
            gaps.push(100.0 * plan.gap_to_bound);
            points.push(plan.lp_bound - plan.total_value);
            gains.push(if plan.sequential_value > 0.0 {
                100.0 * (plan.total_value - plan.sequential_value) / plan.sequential_value
            } else {
                0.0
            });
        }
        times.sort();
        let sorted = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v
        };
        let gaps = sorted(gaps);
        let points = sorted(points);
        let gains = sorted(gains);
        let at = |v: &[f64], p: f64| {
            let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
            v[rank.clamp(1, v.len()) - 1]
        };
        let improved = gains.iter().filter(|&&g| g > 1e-9).count();
        println!(
            "{vans} vans: time ms median {:.1} p99 {:.1} max {:.1}; proven optimal {proven}/{seeds}; \
             most nodes {nodes}; gap to LP bound median {:.4}% max {:.4}% (in value points: median {:.2} max {:.2}); \
             gain over one-after-another: min {:.3}% median {:.3}% p90 {:.3}% max {:.3}%, better on {improved}/{seeds}",
            ms(percentile(&times, 50.0)),
            ms(percentile(&times, 99.0)),
            ms(times.last().copied().unwrap_or(Duration::ZERO)),
            at(&gaps, 50.0),
            at(&gaps, 100.0),
            at(&points, 50.0),
            at(&points, 100.0),
            at(&gains, 0.0),
            at(&gains, 50.0),
            at(&gains, 90.0),
            at(&gains, 100.0),
        );
    }
}
