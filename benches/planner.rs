//! Benchmark of the load planner on a realistic van run: times `plan()`, reports the LP gap.
//!
//! Run with `cargo bench --bench planner`. Plain `fn main` (harness = false): it prints figures and
//! asserts nothing about time, so a slow CI machine cannot make it fail.

use haul::runs::planner::{plan, Capacity, Item, Plan};
use std::hint::black_box;
use std::time::{Duration, Instant};

const RUNS: usize = 50;
const SEEDS: u64 = 20;
const STOPS: usize = 10;

/// (category, litres per unit, kg per unit, unit value): what a festival salvage haul holds.
const CATEGORIES: [(&str, f64, f64, f64); 60] = [
    ("tent 2-person", 25.0, 3.5, 100.0),
    ("tent 4-person", 60.0, 8.0, 200.0),
    ("family tent", 120.0, 22.0, 200.0),
    ("sleeping bag", 20.0, 1.8, 100.0),
    ("winter sleeping bag", 30.0, 2.5, 200.0),
    ("sleeping bag liner", 1.5, 0.3, 10.0),
    ("foam sleeping mat", 15.0, 0.4, 10.0),
    ("self-inflating mat", 10.0, 1.5, 10.0),
    ("air mattress", 10.0, 2.5, 10.0),
    ("wool blanket", 8.0, 1.5, 10.0),
    ("fleece blanket", 6.0, 0.8, 10.0),
    ("duvet", 30.0, 2.0, 10.0),
    ("pillow", 12.0, 0.6, 1.0),
    ("bedsheet", 2.0, 0.6, 1.0),
    ("tarp 3x4 m", 5.0, 1.2, 10.0),
    ("ground sheet", 6.0, 2.0, 10.0),
    ("rain poncho", 0.5, 0.2, 1.0),
    ("raincoat", 2.0, 0.6, 10.0),
    ("winter jacket", 8.0, 1.5, 100.0),
    ("fleece jumper", 3.0, 0.5, 10.0),
    ("hoodie", 2.5, 0.6, 10.0),
    ("jeans", 1.5, 0.7, 1.0),
    ("trousers", 1.2, 0.5, 1.0),
    ("t-shirt", 0.5, 0.2, 1.0),
    ("socks bundle", 0.5, 0.2, 10.0),
    ("underwear bundle", 0.5, 0.3, 10.0),
    ("thermal underwear", 1.0, 0.3, 10.0),
    ("gloves", 0.5, 0.2, 10.0),
    ("beanie", 0.5, 0.2, 1.0),
    ("scarf", 0.8, 0.25, 1.0),
    ("kids' clothes bundle", 5.0, 2.0, 10.0),
    ("hiking boots", 6.0, 1.5, 100.0),
    ("trainers", 5.0, 0.9, 10.0),
    ("wellies", 8.0, 2.0, 10.0),
    ("flip-flops", 1.0, 0.3, 1.0),
    ("backpack", 25.0, 1.2, 10.0),
    ("camping stove", 4.0, 1.3, 100.0),
    ("gas cartridge", 0.6, 0.4, 10.0),
    ("cooking pot set", 6.0, 1.8, 10.0),
    ("cutlery set", 0.5, 0.3, 1.0),
    ("plates", 2.0, 1.0, 1.0),
    ("water bottle", 0.8, 0.2, 1.0),
    ("water jerrycan", 22.0, 1.5, 10.0),
    ("torch", 0.5, 0.25, 10.0),
    ("head torch", 0.5, 0.2, 10.0),
    ("power bank", 0.5, 0.35, 100.0),
    ("solar lantern", 2.0, 0.5, 10.0),
    ("camping chair", 15.0, 2.5, 10.0),
    ("camping table", 25.0, 6.0, 10.0),
    ("gazebo", 80.0, 18.0, 100.0),
    ("cool box", 40.0, 4.0, 10.0),
    ("hygiene kit", 2.0, 0.8, 10.0),
    ("towel", 2.0, 0.5, 1.0),
    ("nappies pack", 10.0, 2.5, 200.0),
    ("baby wipes", 1.5, 0.8, 10.0),
    ("sanitary pads pack", 1.0, 0.3, 20.0),
    ("first-aid kit", 2.0, 0.6, 100.0),
    ("umbrella", 1.0, 0.4, 1.0),
    ("rope 20 m", 2.0, 1.5, 1.0),
    ("wheelbarrow", 120.0, 25.0, 10.0),
];

/// A 64-bit LCG (Knuth's MMIX constants): reproducible without a rand crate.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound.max(1)
    }
}

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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Nearest-rank percentile of sorted durations.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
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
