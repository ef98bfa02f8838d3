//! What the planner benchmarks share: a festival salvage catalogue, a seeded random source and
//! the figures they print.
#![allow(dead_code)]

use std::time::Duration;

/// (category, litres per unit, kg per unit, unit value): what a festival salvage haul holds.
pub const CATEGORIES: [(&str, f64, f64, f64); 60] = [
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
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound.max(1)
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Nearest-rank percentile of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
