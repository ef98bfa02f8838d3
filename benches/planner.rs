//! Benchmark of the load planner on a realistic van run: times `plan()`, reports the LP gap.
//!
//! Run with `cargo bench --bench planner`. Plain `fn main` (harness = false): it prints figures and
//! asserts nothing about time, so a slow CI machine cannot make it fail.

mod common;

use common::{ms, percentile, Lcg, CATEGORIES};
use haul::runs::planner::{plan, Capacity, Item, Plan};
use std::hint::black_box;
use std::time::{Duration, Instant};

const RUNS: usize = 50;
const SEEDS: u64 = 20;
const STOPS: usize = 10;

fn instance(seed: u64) -> Vec<Item> {
    let mut rng = Lcg(seed);
    CATEGORIES
        .iter()
        .map(|&(name, volume_l, weight_kg, unit_value)| {
            // Small things arrive by the hundred, tents by the handful.
            let typical = (150.0 / volume_l.sqrt()).clamp(4.0, 400.0) as u64;
            // Stock comes as four conditions (new, good, fair, worn) that are all eligible here.
            let available = (0..4).map(|_| rng.below(typical) as u32).sum();
            let need_per_stop = (0..STOPS)
                .map(|_| {
                    if rng.below(10) < 3 {
                        0
                    } else {
                        rng.below(typical / 3 + 1) as u32
                    }
                })
                .collect();
            Item {
                category: name.to_string(),
                unit_value,
                volume_l,
                weight_kg,
                available,
                need_per_stop,
            }
        })
        .collect()
}

fn gap_percent(plan: &Plan) -> f64 {
    if plan.lp_bound > 0.0 {
        100.0 * (plan.lp_bound - plan.total_value) / plan.lp_bound
    } else {
        0.0
    }
}

fn main() {
    let van = Capacity {
        volume_l: 12_000.0,
        payload_kg: 1_200.0,
    };

    let items = instance(1);
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let result = plan(black_box(&items), black_box(&van));
        times.push(start.elapsed());
        last = Some(result);
    }
    let first = match last {
        Some(Ok(first)) => first,
        Some(Err(e)) => {
            eprintln!("planner failed: {e}");
            std::process::exit(1);
        }
        None => return,
    };
    times.sort();
    println!(
        "planner: {} categories x {STOPS} stops, van {} l / {} kg, {RUNS} runs",
        items.len(),
        van.volume_l,
        van.payload_kg
    );
    println!(
        "time ms: min {:.3} median {:.3} p99 {:.3} max {:.3}",
        ms(times[0]),
        ms(percentile(&times, 50.0)),
        ms(percentile(&times, 99.0)),
        ms(times[times.len() - 1])
    );
    println!(
        "value {:.1} of LP bound {:.3}: gap {:.4}%, proven optimal {}, {} search nodes",
        first.total_value,
        first.lp_bound,
        gap_percent(&first),
        first.proven_optimal,
        first.search_nodes
    );
    println!(
        "fill: volume {:.1}% payload {:.1}%, {} lines, {} left-behind notes",
        100.0 * first.volume_fill,
        100.0 * first.payload_fill,
        first.lines.len(),
        first.left_behind.len()
    );

    // One instance can be lucky; the spread over seeds shows the hard cases.
    let mut worst = (Duration::ZERO, 0);
    let mut worst_gap: f64 = 0.0;
    let mut max_nodes = 0;
    let mut proven = 0;
    for seed in 1..=SEEDS {
        let items = instance(seed);
        let start = Instant::now();
        let result = plan(black_box(&items), black_box(&van));
        let elapsed = start.elapsed();
        match result {
            Ok(plan) => {
                if elapsed > worst.0 {
                    worst = (elapsed, seed);
                }
                worst_gap = worst_gap.max(gap_percent(&plan));
                max_nodes = max_nodes.max(plan.search_nodes);
                proven += usize::from(plan.proven_optimal);
            }
            Err(e) => {
                eprintln!("planner failed on seed {seed}: {e}");
                std::process::exit(1);
            }
        }
    }
    println!(
        "over {SEEDS} seeds: slowest {:.3} ms (seed {}), most search nodes {max_nodes}, \
         largest gap {worst_gap:.4}%, proven optimal {proven}/{SEEDS}",
        ms(worst.0),
        worst.1
    );
}
