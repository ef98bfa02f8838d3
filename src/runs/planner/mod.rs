//! The load planner: what one van run carries (an exact two-constraint knapsack) and which
//! stop gets what.
//!
//! For every category the planner may load up to `min(available, total unmet need)` units; it
//! chooses the quantities that maximise the total unit value within the van's volume and payload,
//! then shares each category between the stops by largest remainder (`share`).
//!
//! Why the result is exact: the solver is a branch-and-bound over integer quantities. Every node's
//! bound is the Lagrangian bound `y·C + Σ max over [lo, hi] of (v − y·a)·x` computed in plain
//! arithmetic from the duals `y ≥ 0` of that node's LP relaxation (a two-row bounded simplex). By
//! weak duality that bound is valid for *any* `y ≥ 0`, so a numerically imperfect simplex can make
//! the search slower but never prunes away a better load. Three valid tightenings keep the search
//! small on real data, where sizes are short decimals and values round numbers: reduced-cost
//! fixing; rounding a node's free capacity down to the grid its free items' sizes lie on; and a
//! DP over that grid that prices how far any load must fall short of the bound. Categories the
//! solver cannot tell apart (same value, volume and weight) are merged into one variable.
//!
//! Every candidate load is accepted only after a plain-arithmetic capacity check, and the final
//! plan passes `check`. A node is dropped only when its bound cannot beat the best load by one
//! "value step" (the grid the unit values lie on, e.g. 1 when all values are whole numbers;
//! otherwise a relative 1e-7). A node limit keeps a pathological input from hanging a request:
//! if it is ever reached, the best load found is returned with `proven_optimal = false`.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;

mod amounts;
mod explain;
mod grid;
mod search;
mod share;
#[cfg(test)]
mod tests;
mod window;

pub(crate) use amounts::{fill, is_amount, number, per_unit, units_fitting, with_tolerance};
use explain::{left_behind, plan_lines};
use grid::*;
use search::*;
pub use share::share;
use window::*;

/// Relative slack on capacities, so that 30 × 0.4 l = 12.000000000000002 l still fits in 12 l.
pub(crate) const CAPACITY_TOLERANCE: f64 = 1e-9;
/// Far beyond what realistic runs need (they close in a handful of nodes); it only bounds the
/// latency of adversarial inputs.
const NODE_LIMIT: usize = 200_000;
/// Work limits for the window DP (elementary steps, about a nanosecond each): a first allowance,
/// more per node explored, and a cap per call.
const DP_INITIAL_CREDIT: i128 = 1_000_000;
const DP_CREDIT_PER_NODE: i128 = 4_000;
const MAX_DP_WORK: i128 = 4_000_000;
/// How close to a decimal grid (relative) sizes and values must be to be treated as on it.
const GRID_TOLERANCE: f64 = 1e-12;
/// Values closer than this to a whole number are taken as that number when reading an LP solution.
const INTEGRALITY_TOLERANCE: f64 = 1e-7;
/// Below this a pivot element is treated as zero, so a basis never becomes (nearly) singular.
const PIVOT_TOLERANCE: f64 = 1e-9;

/// One category on offer for this run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub category: String,
    pub unit_value: f64,
    pub volume_l: f64,
    pub weight_kg: f64,
    /// Eligible stock at the origin, already net of other runs' reservations.
    pub available: u32,
    /// Unmet need of each stop of the run, in stop order; the same length for every item.
    pub need_per_stop: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Capacity {
    pub volume_l: f64,
    pub payload_kg: f64,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct PlanLine {
    pub category: String,
    /// Index of the item in the planner's input, since categories need not be unique.
    pub item: usize,
    pub quantity: u32,
    pub per_stop: Vec<u32>,
    pub value: f64,
    /// Per unit; `f64::INFINITY` (JSON `null`) for an item that takes no volume.
    pub value_per_litre: f64,
    /// Per unit; `f64::INFINITY` (JSON `null`) for an item that weighs nothing.
    pub value_per_kg: f64,
    pub volume_l: f64,
    pub weight_kg: f64,
}

/// Why something wanted did not travel, in a form a UI can group on; `LeftBehind::reason` words it.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftReason {
    NoStock,
    ShortOfStock,
    NoNeed,
    NoValue,
    TooBig,
    TooHeavy,
    VanFullByVolume,
    VanFullByPayload,
    VanFull,
    /// Only when the search hit its node limit: the load may not be the best one.
    SearchStopped,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct LeftBehind {
    pub category: String,
    pub item: usize,
    pub quantity: u32,
    pub kind: LeftReason,
    pub reason: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    pub lines: Vec<PlanLine>,
    pub total_value: f64,
    pub volume_used_l: f64,
    pub weight_used_kg: f64,
    /// 0..=1; 0 for a van with no volume at all.
    pub volume_fill: f64,
    /// 0..=1; 0 for a van with no payload at all.
    pub payload_fill: f64,
    pub left_behind: Vec<LeftBehind>,
    /// The optimum if fractional quantities were allowed: an upper bound on `total_value`.
    pub lp_bound: f64,
    /// False only if the search hit its node limit.
    pub proven_optimal: bool,
    /// Branch-and-bound nodes explored, for benchmarks and for spotting hard inputs.
    pub search_nodes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    InvalidInput(String),
    /// The planner produced a load that fails its own check; a bug, never the user's fault.
    Internal(String),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::InvalidInput(why) => write!(f, "invalid planner input: {why}"),
            PlanError::Internal(why) => write!(f, "load planner failed its own check: {why}"),
        }
    }
}

impl std::error::Error for PlanError {}

/// Plans one van run: the most valuable load that fits, shared between the stops.
pub fn plan(items: &[Item], capacity: &Capacity) -> Result<Plan, PlanError> {
    let problems = input_problems(items, capacity);
    if !problems.is_empty() {
        return Err(PlanError::InvalidInput(problems.join("; ")));
    }
    // Half the tolerance `check` allows: a load the solver accepts then passes `check` however
    // its sums are ordered.
    let cap_volume = capacity.volume_l + 0.5 * CAPACITY_TOLERANCE * capacity.volume_l.max(1.0);
    let cap_weight = capacity.payload_kg + 0.5 * CAPACITY_TOLERANCE * capacity.payload_kg.max(1.0);

    // Categories that are identical for the solver (same value, volume and weight, e.g. socks
    // and gloves) become one variable: otherwise the search would try every way of swapping one
    // for the other. The group's load is shared back in proportion to what each wants.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<[u64; 3], usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        if !loadable(item, cap_volume, cap_weight) {
            continue;
        }
        let key = [item.unit_value, item.volume_l, item.weight_kg].map(f64::to_bits);
        let g = *group_of.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    // Tighter bounds than the raw want: no more units than could fit alone. They only shrink the
    // search; the integer optimum is unchanged.
    let limit = |i: usize| most_units(&items[i], cap_volume, cap_weight);
    let representatives: Vec<usize> = groups.iter().map(|g| g[0]).collect();
    let hi: Vec<u32> = groups
        .iter()
        .map(|g| g.iter().map(|&i| limit(i)).fold(0, u32::saturating_add))
        .collect();
    let mut problem = Problem::new(&representatives, items, cap_volume, cap_weight);
    let solution = problem.solve(&hi);

    let mut quantities = vec![0u32; items.len()];
    for (g, members) in groups.iter().enumerate() {
        // Members share one size, so the group's load fits each member's own limit too.
        let wants: Vec<u32> = members.iter().map(|&i| wanted(&items[i])).collect();
        for (&i, q) in members.iter().zip(share(solution.quantities[g], &wants)) {
            quantities[i] = q;
        }
    }
    if let Err(violations) = check(items, capacity, &quantities) {
        return Err(PlanError::Internal(violations.join("; ")));
    }

    let lines = plan_lines(items, &quantities);
    let total_value: f64 = lines.iter().map(|l| l.value).sum();
    let volume_used_l: f64 = lines.iter().map(|l| l.volume_l).sum();
    let weight_used_kg: f64 = lines.iter().map(|l| l.weight_kg).sum();
    let left_behind = left_behind(
        items,
        &quantities,
        volume_used_l,
        weight_used_kg,
        cap_volume,
        cap_weight,
        solution.proven_optimal,
    );

    Ok(Plan {
        lines,
        total_value,
        volume_used_l,
        weight_used_kg,
        volume_fill: fill(volume_used_l, capacity.volume_l),
        payload_fill: fill(weight_used_kg, capacity.payload_kg),
        left_behind,
        lp_bound: lp_relaxation_bound(items, cap_volume, cap_weight).max(total_value),
        proven_optimal: solution.proven_optimal,
        search_nodes: solution.nodes,
    })
}

/// An upper bound on the value of any load of `items` into `capacity`, at most about
/// `slack` above the best load when the search finishes within `node_limit` nodes (else
/// the LP bound). For the fleet planner's Lagrangian bound, whose prices put the values
/// on no grid: there the exact search would chase a relative 1e-7 and take seconds. Also
/// the best load found, a quantity per item.
pub(crate) fn value_bound(
    items: &[Item],
    capacity: &Capacity,
    slack: f64,
    node_limit: usize,
) -> (f64, Vec<u32>) {
    let cap_volume = capacity.volume_l + 0.5 * CAPACITY_TOLERANCE * capacity.volume_l.max(1.0);
    let cap_weight = capacity.payload_kg + 0.5 * CAPACITY_TOLERANCE * capacity.payload_kg.max(1.0);
    let loadable: Vec<usize> = (0..items.len())
        .filter(|&i| loadable(&items[i], cap_volume, cap_weight))
        .collect();
    let hi: Vec<u32> = loadable
        .iter()
        .map(|&i| most_units(&items[i], cap_volume, cap_weight))
        .collect();
    let mut problem = Problem::new(&loadable, items, cap_volume, cap_weight);
    let (solution, best) = problem.solve_within(&hi, slack, node_limit);
    let mut load = vec![0; items.len()];
    for (&i, &q) in loadable.iter().zip(&solution.quantities) {
        load[i] = q;
    }
    let bound = if solution.proven_optimal {
        // The search's own relative tolerance, on top of the slack it was allowed.
        best + slack + 2e-7 * best.abs().max(1.0)
    } else {
        lp_relaxation_bound(items, cap_volume, cap_weight).max(best)
    };
    (bound, load)
}

/// For a hand-edited plan: checks a set of total quantities per item against capacity,
/// availability and need; returns every violation as a clear sentence.
pub fn check(items: &[Item], capacity: &Capacity, quantities: &[u32]) -> Result<(), Vec<String>> {
    let mut violations = input_problems(items, capacity);
    if quantities.len() != items.len() {
        violations.push(format!(
            "expected {} quantities, one per category, but got {}",
            items.len(),
            quantities.len()
        ));
        return Err(violations);
    }
    let mut volume = 0.0;
    let mut weight = 0.0;
    for (item, &q) in items.iter().zip(quantities) {
        if q > item.available {
            violations.push(format!(
                "{}: {q} planned but only {} available at the origin",
                item.category, item.available
            ));
        }
        let need = total_need(item);
        if u64::from(q) > need {
            violations.push(format!(
                "{}: {q} planned but the stops need only {need}",
                item.category
            ));
        }
        volume += f64::from(q) * item.volume_l;
        weight += f64::from(q) * item.weight_kg;
    }
    if volume > with_tolerance(capacity.volume_l) {
        violations.push(format!(
            "the load takes {} l but the van holds only {} l",
            number(volume),
            number(capacity.volume_l)
        ));
    }
    if weight > with_tolerance(capacity.payload_kg) {
        violations.push(format!(
            "the load weighs {} kg but the van carries only {} kg",
            number(weight),
            number(capacity.payload_kg)
        ));
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

fn input_problems(items: &[Item], capacity: &Capacity) -> Vec<String> {
    let mut problems = Vec::new();
    for (what, x) in [
        ("volume", capacity.volume_l),
        ("payload", capacity.payload_kg),
    ] {
        if !is_amount(x) {
            problems.push(format!(
                "the van's {what} must be a finite number of zero or more, not {x}"
            ));
        }
    }
    let stops = items.first().map_or(0, |i| i.need_per_stop.len());
    for item in items {
        for (what, x) in [
            ("unit value", item.unit_value),
            ("volume", item.volume_l),
            ("weight", item.weight_kg),
        ] {
            if !is_amount(x) {
                problems.push(format!(
                    "{}: {what} must be a finite number of zero or more, not {x}",
                    item.category
                ));
            }
        }
        if item.need_per_stop.len() != stops {
            problems.push(format!(
                "{}: need is given for {} stops, but the run has {stops}",
                item.category,
                item.need_per_stop.len()
            ));
        }
    }
    problems
}

fn total_need(item: &Item) -> u64 {
    item.need_per_stop.iter().map(|&n| u64::from(n)).sum()
}

/// Units worth carrying at all: no more than is in stock, nor than the stops still need.
/// Worth loading and fits an empty van on its own.
fn loadable(item: &Item, cap_volume: f64, cap_weight: f64) -> bool {
    item.unit_value > 0.0
        && wanted(item) > 0
        && item.volume_l <= cap_volume
        && item.weight_kg <= cap_weight
}

/// No more units than wanted or than could fit alone: tighter bounds shrink the search
/// and leave the integer optimum unchanged.
fn most_units(item: &Item, cap_volume: f64, cap_weight: f64) -> u32 {
    wanted(item)
        .min(units_fitting(cap_volume, item.volume_l))
        .min(units_fitting(cap_weight, item.weight_kg))
}

fn wanted(item: &Item) -> u32 {
    u32::try_from(total_need(item).min(u64::from(item.available))).unwrap_or(u32::MAX)
}
