//! Small arithmetic on capacities and sizes shared by the planners and their explanations.

use super::CAPACITY_TOLERANCE;

pub(crate) fn is_amount(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}

pub(crate) fn with_tolerance(capacity: f64) -> f64 {
    capacity + CAPACITY_TOLERANCE * capacity.max(1.0)
}

pub(crate) fn units_fitting(capacity: f64, per_unit: f64) -> u32 {
    if per_unit > 0.0 {
        // `as` saturates, which is what a huge ratio should do.
        (capacity / per_unit).floor() as u32
    } else {
        u32::MAX
    }
}

pub(crate) fn fill(used: f64, capacity: f64) -> f64 {
    if capacity > 0.0 {
        (used / capacity).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

pub(crate) fn per_unit(value: f64, amount: f64) -> f64 {
    if amount > 0.0 {
        value / amount
    } else {
        f64::INFINITY
    }
}

/// Up to three decimals without trailing zeros: "12 l", "0.4 l", "1.35 kg".
pub(crate) fn number(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}
