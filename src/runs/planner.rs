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
        let loadable = item.unit_value > 0.0
            && wanted(item) > 0
            && item.volume_l <= cap_volume
            && item.weight_kg <= cap_weight;
        if !loadable {
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
    let limit = |i: usize| {
        let item = &items[i];
        wanted(item)
            .min(units_fitting(cap_volume, item.volume_l))
            .min(units_fitting(cap_weight, item.weight_kg))
    };
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

/// Largest-remainder share of `quantity` over `needs` (quantity <= sum(needs)); deterministic.
///
/// Equal remainders go to the earlier stop first. A quantity beyond the total need is not shared
/// out: every stop then gets exactly its need.
pub fn share(quantity: u32, needs: &[u32]) -> Vec<u32> {
    let total: u64 = needs.iter().map(|&n| u64::from(n)).sum();
    if total == 0 {
        return vec![0; needs.len()];
    }
    let quantity = u64::from(quantity);
    if quantity >= total {
        return needs.to_vec();
    }
    // (2^32 − 1)² < 2^64, so the products cannot overflow.
    let mut shares: Vec<u64> = needs
        .iter()
        .map(|&n| quantity * u64::from(n) / total)
        .collect();
    let remainders: Vec<u64> = needs
        .iter()
        .map(|&n| quantity * u64::from(n) % total)
        .collect();
    let mut left = quantity - shares.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..needs.len()).collect();
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]).then(a.cmp(&b)));
    // The remainders sum to `left · total` and each is below `total`, so more than `left` stops
    // have a positive remainder: only those get a unit, and for them share < need beforehand.
    for &i in &order {
        if left == 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    // Each share is at most its stop's need, which is a u32.
    shares
        .into_iter()
        .map(|s| u32::try_from(s).unwrap_or(u32::MAX))
        .collect()
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

pub(crate) fn is_amount(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}

pub(crate) fn with_tolerance(capacity: f64) -> f64 {
    capacity + CAPACITY_TOLERANCE * capacity.max(1.0)
}

fn total_need(item: &Item) -> u64 {
    item.need_per_stop.iter().map(|&n| u64::from(n)).sum()
}

/// Units worth carrying at all: no more than is in stock, nor than the stops still need.
fn wanted(item: &Item) -> u32 {
    u32::try_from(total_need(item).min(u64::from(item.available))).unwrap_or(u32::MAX)
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

fn plan_lines(items: &[Item], quantities: &[u32]) -> Vec<PlanLine> {
    let mut lines: Vec<PlanLine> = items
        .iter()
        .zip(quantities)
        .enumerate()
        .filter(|(_, (_, &q))| q > 0)
        .map(|(i, (item, &q))| {
            let units = f64::from(q);
            PlanLine {
                category: item.category.clone(),
                item: i,
                quantity: q,
                per_stop: share(q, &item.need_per_stop),
                value: units * item.unit_value,
                value_per_litre: per_unit(item.unit_value, item.volume_l),
                value_per_kg: per_unit(item.unit_value, item.weight_kg),
                volume_l: units * item.volume_l,
                weight_kg: units * item.weight_kg,
            }
        })
        .collect();
    lines.sort_by(|a, b| {
        b.value_per_litre
            .total_cmp(&a.value_per_litre)
            .then_with(|| a.category.cmp(&b.category))
            .then(a.item.cmp(&b.item))
    });
    lines
}

fn left_behind(
    items: &[Item],
    quantities: &[u32],
    volume_used: f64,
    weight_used: f64,
    cap_volume: f64,
    cap_weight: f64,
    proven_optimal: bool,
) -> Vec<LeftBehind> {
    let mut out = Vec::new();
    for (i, (item, &loaded)) in items.iter().zip(quantities).enumerate() {
        let need = total_need(item);
        let need_u32 = u32::try_from(need).unwrap_or(u32::MAX);
        let mut push = |quantity: u32, kind: LeftReason, reason: String| {
            out.push(LeftBehind {
                category: item.category.clone(),
                item: i,
                quantity,
                kind,
                reason,
            });
        };
        if need == 0 {
            if item.available > 0 {
                push(
                    item.available,
                    LeftReason::NoNeed,
                    "no unmet need at the stops".into(),
                );
            }
            continue;
        }
        if item.available == 0 {
            push(
                need_u32,
                LeftReason::NoStock,
                "no eligible stock at the origin".into(),
            );
            continue;
        }
        let want = wanted(item);
        if loaded < want {
            let missing = want - loaded;
            let (kind, why) = if item.unit_value <= 0.0 {
                (
                    LeftReason::NoValue,
                    "it has no unit value, so it is never loaded".to_string(),
                )
            } else if item.volume_l > cap_volume {
                (
                    LeftReason::TooBig,
                    format!(
                        "one unit takes {} l, more than the whole van",
                        number(item.volume_l)
                    ),
                )
            } else if item.weight_kg > cap_weight {
                (
                    LeftReason::TooHeavy,
                    format!(
                        "one unit weighs {} kg, more than the van's payload",
                        number(item.weight_kg)
                    ),
                )
            } else {
                let by_volume = volume_used + item.volume_l > cap_volume;
                let by_weight = weight_used + item.weight_kg > cap_weight;
                match (by_volume, by_weight) {
                    (true, true) => (
                        LeftReason::VanFull,
                        "van full by volume and payload".to_string(),
                    ),
                    (true, false) => (LeftReason::VanFullByVolume, "van full by volume".into()),
                    (false, true) => (LeftReason::VanFullByPayload, "van full by payload".into()),
                    // A unit still fits, which an optimal load never leaves: only possible when
                    // the search was cut short.
                    (false, false) if !proven_optimal => (
                        LeftReason::SearchStopped,
                        "the search stopped before it could place it".into(),
                    ),
                    (false, false) => (
                        LeftReason::VanFull,
                        "no room left beside more valuable goods".into(),
                    ),
                }
            };
            let reason = if loaded > 0 {
                format!("only {loaded} of {want} wanted fit: {why}")
            } else {
                why
            };
            push(missing, kind, reason);
        }
        if u64::from(item.available) < need {
            push(
                need_u32.saturating_sub(item.available),
                LeftReason::ShortOfStock,
                format!(
                    "only {} of the {need} needed are in stock at the origin",
                    item.available
                ),
            );
        }
    }
    out
}

/// The fractional optimum over everything with value that is wanted, including units too big
/// to ever fit whole, as the textbook LP relaxation would.
fn lp_relaxation_bound(items: &[Item], cap_volume: f64, cap_weight: f64) -> f64 {
    let valued: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].unit_value > 0.0 && wanted(&items[i]) > 0)
        .collect();
    let hi: Vec<u32> = valued.iter().map(|&i| wanted(&items[i])).collect();
    let lo = vec![0; hi.len()];
    let problem = Problem::new(&valued, items, cap_volume, cap_weight);
    let cap = problem.cap;
    match problem.solve_lp(&lo, &hi, cap) {
        LpOutcome::Solved(lp) => problem.lagrangian_bound(lp.duals, &lo, &hi, cap),
        LpOutcome::Infeasible => 0.0,
        LpOutcome::Failed => problem.lagrangian_bound([0.0, 0.0], &lo, &hi, cap),
    }
}

/// Sizes of one dimension (volume or weight) as whole multiples of `1 / scale`, when every item's
/// size is a short decimal (0.4 l, 1.35 kg): then any load's total lies on a known grid.
struct Grid {
    scale: f64,
    units: Vec<u64>,
}

impl Grid {
    fn detect(sizes: &[f64]) -> Option<Grid> {
        [1.0, 10.0, 100.0, 1000.0, 10000.0]
            .into_iter()
            .find_map(|scale| {
                sizes
                    .iter()
                    .map(|&x| {
                        let scaled = x * scale;
                        let whole = scaled.round();
                        // Far tighter than any size a person types would miss by, yet loose
                        // enough for the binary form of 1.35.
                        let close = (scaled - whole).abs() <= GRID_TOLERANCE * scaled.max(1.0);
                        (close && whole <= 1e9).then_some(whole as u64)
                    })
                    .collect::<Option<Vec<u64>>>()
                    .map(|units| Grid { scale, units })
            })
    }

    /// Greatest common divisor of the sizes of the items `pick` selects; 0 when none has a size.
    fn gcd(&self, mut pick: impl FnMut(usize) -> bool) -> u64 {
        (0..self.units.len())
            .filter(|&j| pick(j))
            .fold(0, |g, j| gcd(g, self.units[j]))
    }
}

/// Rounds a count of grid steps down, with a margin for the float error in `x` and for sizes that
/// sit on the grid only up to GRID_TOLERANCE (relative to `total`, the whole capacity in steps):
/// the margin may keep one step too many, which weakens the bound, never invalidates it.
fn grid_floor(x: f64, total: f64) -> f64 {
    (x + 1e-6 + 1e3 * GRID_TOLERANCE * total.abs()).floor()
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// max Σ value·x  s.t.  Σ volume·x ≤ cap[0],  Σ weight·x ≤ cap[1],  lo ≤ x ≤ hi integer.
struct Problem {
    value: Vec<f64>,
    volume: Vec<f64>,
    weight: Vec<f64>,
    /// Volume and payload, tolerance included.
    cap: [f64; 2],
    /// Reduced costs smaller than this count as zero.
    cost_tolerance: f64,
    /// Greedy order for the rounding heuristic, by value per priced unit of capacity at the root.
    order: Vec<usize>,
    grids: [Option<Grid>; 2],
}

struct Lp {
    x: Vec<f64>,
    basis: [usize; 2],
    /// Shadow prices of volume and payload: the simplex's `c_B B⁻¹`.
    duals: [f64; 2],
}

enum LpOutcome {
    Infeasible,
    Solved(Lp),
    /// Stalling or a near-singular basis: the caller falls back to safe bounds.
    Failed,
}

struct Solution {
    quantities: Vec<u32>,
    proven_optimal: bool,
    nodes: usize,
}

struct Node {
    lo: Vec<u32>,
    hi: Vec<u32>,
}

/// Limits for `Problem::window_dp`, in elementary DP steps (about a nanosecond each).
struct WindowDp {
    cap: [f64; 2],
    allowance: f64,
    budget: i128,
}

struct Window {
    /// How far below the Lagrangian bound every load of the node stays (from one capacity).
    loss: f64,
    /// A load attaining `loss`, which may still break the other capacity.
    load: Option<Vec<u32>>,
    work: i128,
}

/// An item as the DP moves it away from the Lagrangian bound's point.
struct Move {
    j: usize,
    units: i128,
    range: u32,
    rate: f64,
    down: bool,
}

/// Where to split a node: `x_j ≤ cut` or `x_j ≥ cut + 1`, and which side to search first.
struct Split {
    j: usize,
    cut: u32,
    up_first: bool,
}

fn clean_duals(duals: [f64; 2]) -> [f64; 2] {
    duals.map(|y| if y.is_finite() { y.max(0.0) } else { 0.0 })
}

impl Problem {
    fn new(indices: &[usize], items: &[Item], cap_volume: f64, cap_weight: f64) -> Self {
        let value: Vec<f64> = indices.iter().map(|&i| items[i].unit_value).collect();
        let volume: Vec<f64> = indices.iter().map(|&i| items[i].volume_l).collect();
        let weight: Vec<f64> = indices.iter().map(|&i| items[i].weight_kg).collect();
        let max_value = value.iter().copied().fold(1.0, f64::max);
        Problem {
            cost_tolerance: 1e-9 * max_value,
            order: (0..indices.len()).collect(),
            grids: [Grid::detect(&volume), Grid::detect(&weight)],
            value,
            volume,
            weight,
            cap: [cap_volume, cap_weight],
        }
    }

    fn len(&self) -> usize {
        self.value.len()
    }

    /// Summed in item order, always the same way, so that "fits" means one thing everywhere.
    fn usage(&self, q: &[u32]) -> [f64; 2] {
        let mut used = [0.0, 0.0];
        for (j, &x) in q.iter().enumerate() {
            used[0] += f64::from(x) * self.volume[j];
            used[1] += f64::from(x) * self.weight[j];
        }
        used
    }

    fn fits(&self, q: &[u32]) -> bool {
        let used = self.usage(q);
        used[0] <= self.cap[0] && used[1] <= self.cap[1]
    }

    fn value_of(&self, q: &[u32]) -> f64 {
        q.iter()
            .zip(&self.value)
            .map(|(&x, &v)| f64::from(x) * v)
            .sum()
    }

    fn reduced_cost(&self, j: usize, y: [f64; 2]) -> f64 {
        self.value[j] - y[0] * self.volume[j] - y[1] * self.weight[j]
    }

    /// Valid for any duals ≥ 0 (weak duality), whatever their numerical quality.
    fn lagrangian_bound(&self, duals: [f64; 2], lo: &[u32], hi: &[u32], cap: [f64; 2]) -> f64 {
        let y = clean_duals(duals);
        let mut bound = y[0] * cap[0] + y[1] * cap[1];
        for j in 0..self.len() {
            let reduced = self.reduced_cost(j, y);
            let x = if reduced > 0.0 { hi[j] } else { lo[j] };
            bound += reduced * f64::from(x);
        }
        bound
    }

    /// The capacities a node's loads can really use: what the free items add up to is a whole
    /// number of grid steps (e.g. 0.3 kg when only 1.5 kg and 0.3 kg items are free), so the room
    /// left above the fixed part rounds down to a step. This is what proves "the last 0.1 kg
    /// cannot be filled" without enumerating every way of trying.
    fn node_capacity(&self, node: &Node) -> [f64; 2] {
        let mut cap = self.cap;
        let used = self.usage(&node.lo);
        for (dim, grid) in self.grids.iter().enumerate() {
            let Some(grid) = grid else { continue };
            let g = grid.gcd(|j| node.lo[j] < node.hi[j]);
            let residual = self.cap[dim] - used[dim];
            if g == 0 || residual < 0.0 {
                continue;
            }
            let step = g as f64 / grid.scale;
            let steps = grid_floor(residual / step, self.cap[dim] / step);
            cap[dim] = (used[dim] + steps * step).min(self.cap[dim]);
        }
        cap
    }

    fn column(&self, j: usize) -> (f64, f64) {
        let n = self.len();
        match j.cmp(&n) {
            Ordering::Less => (self.volume[j], self.weight[j]),
            Ordering::Equal => (1.0, 0.0),
            Ordering::Greater => (0.0, 1.0),
        }
    }

    fn cost(&self, j: usize) -> f64 {
        self.value.get(j).copied().unwrap_or(0.0)
    }

    /// Bounded-variable primal simplex on the two capacity rows; variables n and n+1 are the
    /// slacks. Starting with every item at its lower bound and the slacks basic is feasible
    /// exactly when the lower bounds fit, so no phase one is needed.
    fn solve_lp(&self, lo: &[u32], hi: &[u32], cap: [f64; 2]) -> LpOutcome {
        let n = self.len();
        let m = n + 2;
        let base = self.usage(lo);
        if base[0] > cap[0] || base[1] > cap[1] {
            return LpOutcome::Infeasible;
        }
        let lower = |j: usize| lo.get(j).map_or(0.0, |&l| f64::from(l));
        let upper = |j: usize| hi.get(j).map_or(f64::INFINITY, |&h| f64::from(h));

        let mut basis = [n, n + 1];
        let mut at_upper = vec![false; m];
        let mut degenerate_steps = 0;
        let mut bland = false;
        for _ in 0..(20 * m + 100) {
            let (b00, b10) = self.column(basis[0]);
            let (b01, b11) = self.column(basis[1]);
            let det = b00 * b11 - b01 * b10;
            if det.is_nan() || det.abs() <= 1e-12 {
                return LpOutcome::Failed;
            }
            let inv = [[b11 / det, -b01 / det], [-b10 / det, b00 / det]];
            // Basic values are recomputed from scratch each time so errors never accumulate.
            let (mut r0, mut r1) = (cap[0], cap[1]);
            for (j, &up) in at_upper.iter().enumerate() {
                if j == basis[0] || j == basis[1] {
                    continue;
                }
                let x = if up { upper(j) } else { lower(j) };
                if x != 0.0 {
                    let (c0, c1) = self.column(j);
                    r0 -= c0 * x;
                    r1 -= c1 * x;
                }
            }
            let xb = [
                inv[0][0] * r0 + inv[0][1] * r1,
                inv[1][0] * r0 + inv[1][1] * r1,
            ];
            let cb = [self.cost(basis[0]), self.cost(basis[1])];
            let y = [
                cb[0] * inv[0][0] + cb[1] * inv[1][0],
                cb[0] * inv[0][1] + cb[1] * inv[1][1],
            ];

            let mut entering: Option<(usize, f64, f64)> = None;
            for (j, &up) in at_upper.iter().enumerate() {
                if j == basis[0] || j == basis[1] {
                    continue;
                }
                let (c0, c1) = self.column(j);
                let reduced = self.cost(j) - y[0] * c0 - y[1] * c1;
                let direction = if !up && upper(j) > lower(j) && reduced > self.cost_tolerance {
                    1.0
                } else if up && reduced < -self.cost_tolerance {
                    -1.0
                } else {
                    continue;
                };
                let score = reduced.abs();
                if bland {
                    entering = Some((j, direction, score));
                    break;
                }
                if entering.is_none_or(|(_, _, best)| score > best) {
                    entering = Some((j, direction, score));
                }
            }
            let Some((e, direction, _)) = entering else {
                let mut x: Vec<f64> = (0..n)
                    .map(|j| if at_upper[j] { upper(j) } else { lower(j) })
                    .collect();
                for (i, &b) in basis.iter().enumerate() {
                    if b < n {
                        x[b] = xb[i].clamp(lower(b), upper(b));
                    }
                }
                return LpOutcome::Solved(Lp { x, basis, duals: y });
            };

            let (c0, c1) = self.column(e);
            let alpha = [
                inv[0][0] * c0 + inv[0][1] * c1,
                inv[1][0] * c0 + inv[1][1] * c1,
            ];
            let mut step = upper(e) - lower(e);
            let mut leaving = None;
            for i in 0..2 {
                let g = direction * alpha[i];
                let b = basis[i];
                let t = if g > PIVOT_TOLERANCE {
                    (xb[i] - lower(b)) / g
                } else if g < -PIVOT_TOLERANCE {
                    (upper(b) - xb[i]) / -g
                } else {
                    continue;
                };
                let t = t.max(0.0);
                if t < step {
                    step = t;
                    leaving = Some(i);
                }
            }
            if !step.is_finite() {
                return LpOutcome::Failed;
            }
            if step <= 1e-12 {
                degenerate_steps += 1;
                // Bland's rule cannot cycle; it is slower, so only switch once stalling shows.
                bland = degenerate_steps > 30;
            }
            match leaving {
                None => at_upper[e] = !at_upper[e],
                Some(i) => {
                    let b = basis[i];
                    at_upper[b] = direction * alpha[i] < 0.0;
                    basis[i] = e;
                    at_upper[e] = false;
                }
            }
        }
        LpOutcome::Failed
    }

    /// The grid every achievable total lies on (e.g. 1 for whole-number values, 0.5 for halves),
    /// or 0 when the values lie on no simple grid.
    fn value_step(&self) -> f64 {
        match Grid::detect(&self.value) {
            Some(grid) => grid.gcd(|_| true) as f64 / grid.scale,
            None => 0.0,
        }
    }

    fn solve(&mut self, hi: &[u32]) -> Solution {
        let n = self.len();
        let lo = vec![0u32; n];
        let mut best = lo.clone();
        let mut best_value = 0.0;
        let step = self.value_step();
        let mut nodes = 0;
        if n == 0 {
            return Solution {
                quantities: best,
                proven_optimal: true,
                nodes,
            };
        }
        if let LpOutcome::Solved(root) = self.solve_lp(&lo, hi, self.cap) {
            let y = clean_duals(root.duals);
            let density: Vec<f64> = (0..n)
                .map(|j| per_unit(self.value[j], y[0] * self.volume[j] + y[1] * self.weight[j]))
                .collect();
            self.order
                .sort_by(|&a, &b| density[b].total_cmp(&density[a]).then(a.cmp(&b)));
        }

        // A node only matters if it might beat the best load by a whole value step; `room` is how
        // far its bound lies above that, negative when it cannot.
        let room = |bound: f64, best_value: f64| {
            let slack = 1e-10 * bound.abs().max(1.0);
            // Values sit on their grid only up to GRID_TOLERANCE, so a whole step is not quite
            // required.
            let magnitude = bound.abs().max(best_value.abs()).max(1.0);
            let grid_step = step - 1e3 * GRID_TOLERANCE * magnitude;
            let improvement = grid_step.max(1e-7 * magnitude);
            bound + slack - (best_value + improvement)
        };

        let mut stack = vec![Node {
            lo,
            hi: hi.to_vec(),
        }];
        let mut proven_optimal = true;
        // The DP is strong but costly: it may spend an initial allowance plus a fixed amount per
        // node, so it never dominates easy runs.
        let mut dp_credit: i128 = DP_INITIAL_CREDIT;
        while let Some(mut node) = stack.pop() {
            if nodes >= NODE_LIMIT {
                proven_optimal = false;
                break;
            }
            nodes += 1;
            dp_credit += DP_CREDIT_PER_NODE;
            let cap = self.node_capacity(&node);
            let (duals, lp) = match self.solve_lp(&node.lo, &node.hi, cap) {
                LpOutcome::Infeasible => continue,
                LpOutcome::Solved(lp) => (lp.duals, Some(lp)),
                LpOutcome::Failed => ([0.0, 0.0], None),
            };
            let bound = self.lagrangian_bound(duals, &node.lo, &node.hi, cap);
            if room(bound, best_value) < 0.0 {
                continue;
            }
            let start: Vec<u32> = match &lp {
                Some(lp) => rounded(&lp.x, &node.lo, &node.hi),
                None => node.lo.clone(),
            };
            if let Some(candidate) = self.greedy_fill(start, &node.hi) {
                let value = self.value_of(&candidate);
                if value > best_value {
                    best_value = value;
                    best = candidate;
                }
            }
            let allowance = room(bound, best_value);
            if allowance < 0.0 {
                continue;
            }
            self.fix_by_reduced_cost(duals, allowance, &mut node);
            let mut shortfall: f64 = 0.0;
            for dim in 0..2 {
                let dp = WindowDp {
                    cap,
                    allowance,
                    budget: dp_credit.min(MAX_DP_WORK),
                };
                let Some(window) = self.window_dp(dim, duals, &node, dp) else {
                    continue;
                };
                dp_credit -= window.work;
                shortfall = shortfall.max(window.loss);
                if let Some(load) = window.load.filter(|load| self.fits(load)) {
                    let value = self.value_of(&load);
                    if value > best_value {
                        best_value = value;
                        best = load;
                    }
                }
            }
            if room(bound - shortfall, best_value) < 0.0 {
                continue;
            }
            let Some(split) = self.split(lp.as_ref(), duals, &node) else {
                continue;
            };
            let mut down = Node {
                lo: node.lo.clone(),
                hi: node.hi.clone(),
            };
            down.hi[split.j] = split.cut;
            let mut up = node;
            up.lo[split.j] = split.cut + 1;
            if split.up_first {
                stack.push(down);
                stack.push(up);
            } else {
                stack.push(up);
                stack.push(down);
            }
        }
        Solution {
            quantities: best,
            proven_optimal,
            nodes,
        }
    }

    /// Reduced-cost fixing: moving a unit away from the bound the Lagrangian bound assumes costs
    /// at least its reduced cost, so no load in the node that moves more than `allowance` worth
    /// can matter. Only the node's bounds shrink; the LP point stays inside them.
    fn fix_by_reduced_cost(&self, duals: [f64; 2], allowance: f64, node: &mut Node) {
        let y = clean_duals(duals);
        for j in 0..self.len() {
            let (lo, hi) = (node.lo[j], node.hi[j]);
            if lo >= hi {
                continue;
            }
            let reduced = self.reduced_cost(j, y);
            if reduced == 0.0 {
                continue;
            }
            // Rounded generously: fixing too little only costs time, too much would cost loads.
            let units = (allowance / reduced.abs() * (1.0 + 1e-9) + 1e-9).floor();
            if units >= f64::from(hi - lo) {
                continue;
            }
            let units = units as u32;
            if reduced > 0.0 {
                node.lo[j] = hi - units;
            } else {
                node.hi[j] = lo + units;
            }
        }
    }

    /// A lower bound on how far every load in the node falls short of the Lagrangian bound,
    /// from capacity `dim` alone, with the load that attains it; None when that would cost more
    /// than `budget` steps of work.
    ///
    /// Relative to the bound's own point, a load pays each item's reduced cost per unit it moves
    /// plus the dual price of the capacity it leaves empty. On the capacity's grid a DP over the
    /// size offset finds the cheapest way to end within `allowance` of full: this is what proves
    /// that no mix of 0.2, 0.25 and 0.35 kg items closes the last few hundred grams, which
    /// branching alone would prove only by trying the mixes one by one. Dropping the other
    /// capacity only relaxes the problem, so the result stays a valid bound; when the load found
    /// also fits the other capacity it is often the node's optimum outright.
    fn window_dp(&self, dim: usize, duals: [f64; 2], node: &Node, dp: WindowDp) -> Option<Window> {
        let grid = self.grids[dim].as_ref()?;
        let y = clean_duals(duals);
        let price = y[dim];
        if price <= 0.0 {
            return None;
        }
        let mut start = node.lo.clone();
        let mut reference: i128 = 0;
        let mut moving: Vec<(usize, bool, f64)> = Vec::new();
        // Offsets only ever move in multiples of the moving sizes' gcd: counting in those steps
        // keeps the DP as small as the problem allows (0.65/0.6/0.25 kg → steps of 0.05 kg).
        let mut step = 0u64;
        for (j, at) in start.iter_mut().enumerate() {
            let reduced = self.reduced_cost(j, y);
            let down = reduced > self.cost_tolerance;
            if down {
                *at = node.hi[j];
            }
            reference += i128::from(grid.units[j]) * i128::from(*at);
            if node.hi[j] > node.lo[j] && grid.units[j] > 0 {
                let rate = if reduced.abs() > self.cost_tolerance {
                    reduced.abs()
                } else {
                    0.0
                };
                moving.push((j, down, rate));
                step = gcd(step, grid.units[j]);
            }
        }
        let step = i128::from(step.max(1));
        let mut moves: Vec<Move> = Vec::new();
        let (mut below, mut above, mut chunks) = (0i128, 0i128, 0i128);
        for (j, down, rate) in moving {
            let units = i128::from(grid.units[j]) / step;
            let range = node.hi[j] - node.lo[j];
            let span = units * i128::from(range);
            if down {
                below += span;
            } else {
                above += span;
            }
            chunks += i128::from(u32::BITS - range.leading_zeros());
            moves.push(Move {
                j,
                units,
                range,
                rate,
                down,
            });
        }
        let width = below + above + 1;
        let work = width.saturating_mul(chunks.max(1));
        if work > dp.budget {
            return None;
        }
        let exact_capacity = dp.cap[dim] * grid.scale;
        let capacity = grid_floor(exact_capacity, exact_capacity) as i128;
        let unit_price = price / grid.scale;
        // Leaving more than this empty already costs the whole allowance (one unit more, for the
        // rounding of `capacity`).
        let max_empty = (dp.allowance / unit_price).floor().max(0.0) as i128 + 1;
        let headroom = capacity - reference;
        let top = headroom.div_euclid(step).min(above);
        let bottom = (headroom - max_empty + step - 1)
            .div_euclid(step)
            .max(-below);
        if top < bottom {
            return Some(Window {
                loss: f64::INFINITY,
                load: None,
                work,
            });
        }

        let width = usize::try_from(width).ok()?;
        let origin = usize::try_from(below).ok()?;
        let mut cost = vec![f64::INFINITY; width];
        cost[origin] = 0.0;
        // One bit per chunk and offset: "this offset was reached by taking the chunk".
        let words = width.div_ceil(64);
        let mut taken: Vec<(usize, u32, bool, Vec<u64>)> = Vec::new();
        for m in &moves {
            // Binary chunks 1, 2, 4, … turn the bounded item into a few 0/1 ones.
            let mut left = m.range;
            let mut chunk = 1u32;
            while left > 0 {
                let take = chunk.min(left);
                left -= take;
                chunk = chunk.saturating_mul(2);
                let shift = usize::try_from(m.units * i128::from(take)).ok()?;
                if shift >= width {
                    continue;
                }
                let extra = m.rate * f64::from(take);
                let mut bits = vec![0u64; words];
                if m.down {
                    for t in shift..width {
                        let candidate = cost[t] + extra;
                        if candidate < cost[t - shift] {
                            cost[t - shift] = candidate;
                            bits[(t - shift) / 64] |= 1 << ((t - shift) % 64);
                        }
                    }
                } else {
                    for t in (0..width - shift).rev() {
                        let candidate = cost[t] + extra;
                        if candidate < cost[t + shift] {
                            cost[t + shift] = candidate;
                            bits[(t + shift) / 64] |= 1 << ((t + shift) % 64);
                        }
                    }
                }
                taken.push((m.j, take, m.down, bits));
            }
        }
        let mut best: Option<(f64, usize)> = None;
        for offset in bottom..=top {
            let Ok(index) = usize::try_from(offset + below) else {
                continue;
            };
            // Priced against the unrounded capacity, so rounding can only understate the loss.
            let used = (reference + offset * step) as f64;
            let empty = (exact_capacity - used).max(0.0);
            let loss = cost[index] + unit_price * empty;
            if best.is_none_or(|(b, _)| loss < b) {
                best = Some((loss, index));
            }
        }
        let Some((loss, mut t)) = best.filter(|(loss, _)| loss.is_finite()) else {
            return Some(Window {
                loss: f64::INFINITY,
                load: None,
                work,
            });
        };
        let mut load = start;
        for (j, take, down, bits) in taken.iter().rev() {
            if bits[t / 64] & (1 << (t % 64)) == 0 {
                continue;
            }
            let shift = usize::try_from(i128::from(grid.units[*j]) / step).ok()? * (*take as usize);
            if *down {
                t += shift;
                load[*j] -= take;
            } else {
                t -= shift;
                load[*j] += take;
            }
        }
        Some(Window {
            loss,
            load: Some(load),
            work,
        })
    }

    /// Picks the split, or None when the node holds nothing left to split.
    fn split(&self, lp: Option<&Lp>, duals: [f64; 2], node: &Node) -> Option<Split> {
        let n = self.len();
        let (lo, hi) = (&node.lo, &node.hi);
        let Some(lp) = lp else {
            // No usable LP point: halve the widest range, which still ends after finitely many
            // splits.
            return (0..n)
                .filter(|&j| lo[j] < hi[j])
                .max_by_key(|&j| (hi[j] - lo[j], std::cmp::Reverse(j)))
                .map(|j| Split {
                    j,
                    cut: lo[j] + (hi[j] - lo[j]) / 2,
                    up_first: true,
                });
        };
        if let Some(split) = self.split_for_grid(duals, node) {
            return Some(split);
        }
        // Only basic variables can be fractional; split the most fractional one.
        let mut best: Option<(usize, u32, f64)> = None;
        for &b in &lp.basis {
            if b >= n || lo[b] >= hi[b] {
                continue;
            }
            let x = lp.x[b];
            let frac = x - x.floor();
            let distance = frac.min(1.0 - frac);
            if distance > INTEGRALITY_TOLERANCE && best.is_none_or(|(_, _, d)| distance > d) {
                let cut = (x.floor().max(0.0) as u32).clamp(lo[b], hi[b] - 1);
                best = Some((b, cut, distance));
            }
        }
        if let Some((j, cut, _)) = best {
            // Up first: it leads away from the rounded-down load the heuristic already tried.
            return Some(Split {
                j,
                cut,
                up_first: true,
            });
        }
        // The LP point is whole but its load failed the capacity check (a tolerance edge):
        // split at it so the search still covers every load.
        for &b in &lp.basis {
            if b < n && lo[b] < hi[b] {
                let near = (lp.x[b].round().max(0.0) as u32).clamp(lo[b], hi[b]);
                let cut = if near > lo[b] { near - 1 } else { near };
                return Some(Split {
                    j: b,
                    cut,
                    up_first: true,
                });
            }
        }
        None
    }

    /// When a few free items that the LP leaves at a bound (non-zero reduced cost) are all that
    /// keeps a capacity's grid fine, settle them first: in the branch that keeps them at their
    /// bound the grid coarsens and `node_capacity` can bite, in the others the bound drops by
    /// their reduced cost. Limited to small ranges so the detour stays small.
    fn split_for_grid(&self, duals: [f64; 2], node: &Node) -> Option<Split> {
        const MAX_DETOUR: u32 = 16;
        let y = clean_duals(duals);
        let free = |j: usize| node.lo[j] < node.hi[j];
        let priced = |j: usize| self.reduced_cost(j, y).abs() > self.cost_tolerance;
        for (dim, grid) in self.grids.iter().enumerate() {
            let Some(grid) = grid else { continue };
            if y[dim] <= 0.0 {
                continue;
            }
            let all = grid.gcd(free);
            let unpriced = grid.gcd(|j| free(j) && !priced(j));
            if all == 0 || (unpriced != 0 && unpriced == all) {
                continue;
            }
            let spoilers: Vec<usize> = (0..self.len())
                .filter(|&j| free(j) && priced(j))
                .filter(|&j| unpriced == 0 || grid.units[j] % unpriced != 0)
                .collect();
            let detour: u32 = spoilers
                .iter()
                .map(|&j| node.hi[j] - node.lo[j])
                .fold(0, u32::saturating_add);
            if spoilers.is_empty() || detour > MAX_DETOUR {
                continue;
            }
            let j = spoilers.into_iter().max_by(|&a, &b| {
                let (da, db) = (self.reduced_cost(a, y).abs(), self.reduced_cost(b, y).abs());
                da.total_cmp(&db).then(b.cmp(&a))
            })?;
            return Some(if self.reduced_cost(j, y) > 0.0 {
                Split {
                    j,
                    cut: node.hi[j] - 1,
                    up_first: true,
                }
            } else {
                Split {
                    j,
                    cut: node.lo[j],
                    up_first: false,
                }
            });
        }
        None
    }

    /// Tops up a load greedily within `hi`; returns it only if it passes the plain-arithmetic
    /// capacity check.
    fn greedy_fill(&self, mut q: Vec<u32>, hi: &[u32]) -> Option<Vec<u32>> {
        if !self.fits(&q) {
            return None;
        }
        let [mut volume, mut weight] = self.usage(&q);
        for &j in &self.order {
            let mut room = hi[j].saturating_sub(q[j]);
            if room == 0 || self.value[j] <= 0.0 {
                continue;
            }
            room = room
                .min(units_fitting(self.cap[0] - volume, self.volume[j]))
                .min(units_fitting(self.cap[1] - weight, self.weight[j]));
            // Rounding in the division may overshoot by one unit.
            while room > 0
                && (volume + f64::from(room) * self.volume[j] > self.cap[0]
                    || weight + f64::from(room) * self.weight[j] > self.cap[1])
            {
                room -= 1;
            }
            if room > 0 {
                q[j] += room;
                volume += f64::from(room) * self.volume[j];
                weight += f64::from(room) * self.weight[j];
            }
        }
        self.fits(&q).then_some(q)
    }
}

/// The LP solution with near-whole values taken as whole and the rest rounded down.
fn rounded(x: &[f64], lo: &[u32], hi: &[u32]) -> Vec<u32> {
    x.iter()
        .zip(lo.iter().zip(hi))
        .map(|(&x, (&l, &h))| {
            let near = x.round();
            let v = if (x - near).abs() <= INTEGRALITY_TOLERANCE {
                near
            } else {
                x.floor()
            };
            // `as` saturates; the clamp keeps it inside the node.
            (v.max(0.0) as u32).clamp(l, h)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn item(
        category: &str,
        value: f64,
        volume: f64,
        weight: f64,
        available: u32,
        need: &[u32],
    ) -> Item {
        Item {
            category: category.to_string(),
            unit_value: value,
            volume_l: volume,
            weight_kg: weight,
            available,
            need_per_stop: need.to_vec(),
        }
    }

    fn van(volume_l: f64, payload_kg: f64) -> Capacity {
        Capacity {
            volume_l,
            payload_kg,
        }
    }

    fn quantities(plan: &Plan, n: usize) -> Vec<u32> {
        let mut q = vec![0; n];
        for line in &plan.lines {
            q[line.item] = line.quantity;
        }
        q
    }

    /// Independent of the planner: enumerates every load.
    fn brute_force(items: &[Item], capacity: &Capacity) -> f64 {
        let limits: Vec<u32> = items
            .iter()
            .map(|i| i.available.min(i.need_per_stop.iter().sum()))
            .collect();
        let cap_v = capacity.volume_l + 1e-9 * capacity.volume_l.max(1.0);
        let cap_w = capacity.payload_kg + 1e-9 * capacity.payload_kg.max(1.0);
        let mut q = vec![0u32; items.len()];
        let mut best = 0.0f64;
        loop {
            let volume: f64 = items
                .iter()
                .zip(&q)
                .map(|(i, &x)| f64::from(x) * i.volume_l)
                .sum();
            let weight: f64 = items
                .iter()
                .zip(&q)
                .map(|(i, &x)| f64::from(x) * i.weight_kg)
                .sum();
            if volume <= cap_v && weight <= cap_w {
                let value: f64 = items
                    .iter()
                    .zip(&q)
                    .map(|(i, &x)| f64::from(x) * i.unit_value)
                    .sum();
                best = best.max(value);
            }
            let mut k = 0;
            loop {
                if k == q.len() {
                    return best;
                }
                if q[k] < limits[k] {
                    q[k] += 1;
                    break;
                }
                q[k] = 0;
                k += 1;
            }
        }
    }

    /// Checks every promise a plan makes about itself against its input.
    fn assert_sound(items: &[Item], capacity: &Capacity, plan: &Plan) {
        let q = quantities(plan, items.len());
        assert_eq!(check(items, capacity, &q), Ok(()));
        let mut total = 0.0;
        for line in &plan.lines {
            let item = &items[line.item];
            assert!(line.quantity > 0);
            assert!(item.unit_value > 0.0, "valueless {} loaded", item.category);
            assert_eq!(line.per_stop.iter().sum::<u32>(), line.quantity);
            for (s, n) in line.per_stop.iter().zip(&item.need_per_stop) {
                assert!(s <= n, "{} gets {s} > need {n}", item.category);
            }
            total += line.value;
        }
        assert!((plan.total_value - total).abs() < 1e-9 * total.max(1.0));
        assert!(plan.lp_bound + 1e-9 >= plan.total_value);
        assert!((0.0..=1.0).contains(&plan.volume_fill));
        assert!((0.0..=1.0).contains(&plan.payload_fill));
        for pair in plan.lines.windows(2) {
            let order = pair[1]
                .value_per_litre
                .total_cmp(&pair[0].value_per_litre)
                .then_with(|| pair[0].category.cmp(&pair[1].category));
            assert_ne!(order, Ordering::Greater, "lines out of order");
        }
    }

    fn small_item() -> impl Strategy<Value = (f64, f64, f64, u32, Vec<u32>)> {
        (
            prop_oneof![
                prop::sample::select(vec![0.0, 1.0, 2.0, 10.0, 20.0, 100.0, 200.0]),
                0.0..50.0f64,
            ],
            prop::sample::select(vec![0.0, 0.4, 0.5, 1.0, 1.35, 2.5, 3.0, 6.0, 12.0]),
            prop::sample::select(vec![0.0, 0.2, 0.45, 1.0, 1.35, 2.0, 4.0, 8.0]),
            0u32..=4,
            prop::collection::vec(0u32..=3, 3),
        )
    }

    fn instance(raw: Vec<(f64, f64, f64, u32, Vec<u32>)>, stops: usize) -> Vec<Item> {
        raw.into_iter()
            .enumerate()
            .map(|(k, (v, vol, w, avail, need))| {
                item(&format!("c{k}"), v, vol, w, avail, &need[..stops])
            })
            .collect()
    }

    // A failure prints its shrunk input; nothing is written next to the sources.
    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 400,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn matches_brute_force_on_small_instances(
            raw in prop::collection::vec(small_item(), 0..=5),
            stops in 1usize..=3,
            volume in prop::sample::select(vec![0.0, 1.0, 2.4, 5.0, 7.5, 12.0, 20.0]),
            payload in prop::sample::select(vec![0.0, 1.35, 3.0, 6.0, 10.0, 15.0]),
        ) {
            let items = instance(raw, stops);
            let capacity = van(volume, payload);
            let plan = plan(&items, &capacity).expect("valid input");
            let optimum = brute_force(&items, &capacity);
            prop_assert!(plan.proven_optimal);
            prop_assert!(
                (plan.total_value - optimum).abs() <= 1e-6 * optimum.max(1.0),
                "planner {} vs brute force {}", plan.total_value, optimum
            );
            assert_sound(&items, &capacity, &plan);
        }

        /// Larger than brute force allows: a bounded knapsack DP over whole litres and kilograms.
        #[test]
        fn matches_dynamic_programming_on_medium_instances(
            raw in prop::collection::vec(
                (1u32..=30, 1usize..=6, 1usize..=6, 0u32..=12, prop::collection::vec(0u32..=6, 2)),
                1..=8,
            ),
            volume in 0usize..=40,
            payload in 0usize..=40,
        ) {
            let items: Vec<Item> = raw.iter().enumerate()
                .map(|(k, (v, vol, w, avail, need))| {
                    item(&format!("c{k}"), f64::from(*v), *vol as f64, *w as f64, *avail, need)
                })
                .collect();
            let mut best = vec![vec![0u32; payload + 1]; volume + 1];
            for (v, vol, w, avail, need) in &raw {
                let limit = (*avail).min(need.iter().sum());
                for _ in 0..limit {
                    for a in (*vol..=volume).rev() {
                        for b in (*w..=payload).rev() {
                            best[a][b] = best[a][b].max(best[a - vol][b - w] + v);
                        }
                    }
                }
            }
            let capacity = van(volume as f64, payload as f64);
            let plan = plan(&items, &capacity).expect("valid input");
            prop_assert_eq!(plan.total_value, f64::from(best[volume][payload]));
            assert_sound(&items, &capacity, &plan);
        }

        /// Decimal sizes (multiples of 0.1 l and 0.05 kg) as a person types them: the planner
        /// sees floats such as 3 × 0.1 = 0.30000000000000004, the DP counts whole grid units.
        #[test]
        fn matches_dynamic_programming_on_decimal_sizes(
            raw in prop::collection::vec(
                (
                    prop::sample::select(vec![1.0, 2.0, 10.0, 20.0, 100.0, 200.0]),
                    1usize..=25,
                    1usize..=30,
                    0u32..=8,
                    prop::collection::vec(0u32..=4, 2),
                ),
                1..=8,
            ),
            volume_tenths in 0usize..=80,
            payload_twentieths in 0usize..=80,
        ) {
            let items: Vec<Item> = raw.iter().enumerate()
                .map(|(k, (v, vol, w, avail, need))| {
                    item(&format!("c{k}"), *v, *vol as f64 * 0.1, *w as f64 * 0.05, *avail, need)
                })
                .collect();
            let mut best = vec![vec![0.0f64; payload_twentieths + 1]; volume_tenths + 1];
            for (v, vol, w, avail, need) in &raw {
                let limit = (*avail).min(need.iter().sum());
                for _ in 0..limit {
                    for a in (*vol..=volume_tenths).rev() {
                        for b in (*w..=payload_twentieths).rev() {
                            best[a][b] = best[a][b].max(best[a - vol][b - w] + v);
                        }
                    }
                }
            }
            let capacity = van(volume_tenths as f64 * 0.1, payload_twentieths as f64 * 0.05);
            let plan = plan(&items, &capacity).expect("valid input");
            prop_assert_eq!(plan.total_value, best[volume_tenths][payload_twentieths]);
            assert_sound(&items, &capacity, &plan);
        }

        #[test]
        fn share_is_fair_and_complete(
            needs in prop::collection::vec(0u32..=50, 1..=10),
            fraction in 0.0..=1.0f64,
        ) {
            let total: u32 = needs.iter().sum();
            let quantity = (f64::from(total) * fraction).floor() as u32;
            let shares = share(quantity, &needs);
            prop_assert_eq!(shares.len(), needs.len());
            prop_assert_eq!(shares.iter().sum::<u32>(), quantity);
            for (i, (&s, &n)) in shares.iter().zip(&needs).enumerate() {
                prop_assert!(s <= n);
                let quota = f64::from(quantity) * f64::from(n) / f64::from(total.max(1));
                prop_assert!(
                    (f64::from(s) - quota).abs() < 1.0,
                    "stop {} got {} for quota {}", i, s, quota
                );
                for (&t, &m) in shares.iter().zip(&needs) {
                    if m == n {
                        prop_assert!(s.abs_diff(t) <= 1);
                    }
                }
            }
        }

        #[test]
        fn two_stops_with_equal_need_get_within_one(
            need in 0u32..=1000,
            other in 0u32..=1000,
            fraction in 0.0..=1.0f64,
        ) {
            let needs = [need, other, need];
            let quantity = (f64::from(2 * need + other) * fraction).floor() as u32;
            let shares = share(quantity, &needs);
            prop_assert!(shares[0].abs_diff(shares[2]) <= 1);
            prop_assert!(shares[0] >= shares[2], "the earlier stop wins the tie");
            prop_assert_eq!(shares.iter().sum::<u32>(), quantity);
        }
    }

    #[test]
    fn beats_greedy_by_value_density() {
        // Van: 10 l, payload no limit in practice.
        //   stove kit: value 7, 6 l → 1.17 per litre, 1 available
        //   blanket:   value 5, 5 l → 1.00 per litre, 2 available
        // Greedy by density takes the stove kit (6 l, value 7); no blanket fits in the 4 l left.
        // The optimum is two blankets: 10 l, value 10.
        let items = vec![
            item("stove kit", 7.0, 6.0, 1.0, 1, &[1]),
            item("blanket", 5.0, 5.0, 1.0, 2, &[2]),
        ];
        let capacity = van(10.0, 1000.0);
        let plan = plan(&items, &capacity).expect("valid input");
        assert_eq!(plan.total_value, 10.0);
        assert_eq!(quantities(&plan, 2), vec![0, 2]);
        assert_eq!(plan.volume_fill, 1.0);
        // The LP relaxation takes the stove kit and 0.8 blanket: 7 + 4 = 11.
        assert!((plan.lp_bound - 11.0).abs() < 1e-6);
    }

    #[test]
    fn two_constraints_both_bind() {
        // 10 l, 10 kg. bulky: 3 l/1 kg value 3; heavy: 1 l/3 kg value 3; dense: 2 l/2 kg value 3.5.
        // Best: 2 bulky + 2 heavy + 1 dense = 10 l, 10 kg, value 15.5; without the dense unit
        // no mix of the other two beats 12.
        let items = vec![
            item("bulky", 3.0, 3.0, 1.0, 5, &[5]),
            item("heavy", 3.0, 1.0, 3.0, 5, &[5]),
            item("dense", 3.5, 2.0, 2.0, 1, &[1]),
        ];
        let capacity = van(10.0, 10.0);
        let plan = plan(&items, &capacity).expect("valid input");
        assert_eq!(plan.total_value, brute_force(&items, &capacity));
        assert!((plan.total_value - 15.5).abs() < 1e-9);
    }

    #[test]
    fn float_sizes_fill_exactly() {
        // 30 × 0.4 l is 12.000000000000002 l in floating point, and 30 × 1.35 kg is 40.5 kg.
        let items = vec![item("t-shirt", 1.0, 0.4, 1.35, 30, &[10, 20])];
        let plan = plan(&items, &van(12.0, 40.5)).expect("valid input");
        assert_eq!(plan.lines[0].quantity, 30);
        assert_eq!(plan.lines[0].per_stop, vec![10, 20]);
        assert!(plan.left_behind.is_empty());
        assert_eq!(plan.volume_fill, 1.0);
    }

    #[test]
    fn lines_carry_their_figures_and_order() {
        let items = vec![
            item("blanket", 10.0, 8.0, 1.5, 5, &[2, 3]),
            item("socks", 10.0, 0.5, 0.2, 4, &[4, 0]),
            item("pillow", 0.0, 12.0, 0.6, 9, &[9, 9]),
            item("gloves", 10.0, 0.5, 0.2, 1, &[0, 1]),
        ];
        let plan = plan(&items, &van(1000.0, 1000.0)).expect("valid input");
        let names: Vec<&str> = plan.lines.iter().map(|l| l.category.as_str()).collect();
        assert_eq!(names, vec!["gloves", "socks", "blanket"]);
        let blanket = &plan.lines[2];
        assert_eq!(blanket.quantity, 5);
        assert_eq!(blanket.per_stop, vec![2, 3]);
        assert_eq!(blanket.value, 50.0);
        assert_eq!(blanket.value_per_litre, 1.25);
        assert!((blanket.value_per_kg - 10.0 / 1.5).abs() < 1e-12);
        assert_eq!(blanket.volume_l, 40.0);
        assert_eq!(blanket.weight_kg, 7.5);
        assert_eq!(plan.total_value, 100.0);
        assert!((plan.volume_used_l - 42.5).abs() < 1e-9);
        assert!((plan.volume_fill - 0.0425).abs() < 1e-12);
        let pillow = &plan.left_behind[0];
        assert_eq!(pillow.kind, LeftReason::NoValue);
        assert_eq!(pillow.quantity, 9);
        let json = serde_json::to_value(&plan).expect("serialises");
        assert_eq!(json["lines"][0]["category"], "gloves");
        assert_eq!(json["left_behind"][0]["kind"], "no_value");
    }

    fn reasons(plan: &Plan) -> Vec<(String, u32, LeftReason, String)> {
        plan.left_behind
            .iter()
            .map(|l| (l.category.clone(), l.quantity, l.kind, l.reason.clone()))
            .collect()
    }

    #[test]
    fn left_behind_for_stock_and_need() {
        let items = vec![
            item("tent", 100.0, 25.0, 3.5, 0, &[2, 1]),
            item("pillow", 1.0, 12.0, 0.6, 7, &[0, 0]),
            item("jacket", 100.0, 8.0, 1.5, 3, &[4, 1]),
            item("nothing", 1.0, 1.0, 1.0, 0, &[0, 0]),
        ];
        let plan = plan(&items, &van(1000.0, 1000.0)).expect("valid input");
        assert_eq!(
            reasons(&plan),
            vec![
                (
                    "tent".into(),
                    3,
                    LeftReason::NoStock,
                    "no eligible stock at the origin".into()
                ),
                (
                    "pillow".into(),
                    7,
                    LeftReason::NoNeed,
                    "no unmet need at the stops".into()
                ),
                (
                    "jacket".into(),
                    2,
                    LeftReason::ShortOfStock,
                    "only 3 of the 5 needed are in stock at the origin".into()
                ),
            ]
        );
        assert_eq!(plan.lines[0].per_stop, vec![2, 1]);
    }

    #[test]
    fn left_behind_when_the_van_is_full() {
        // 30 wanted at 10 l each in a 120 l van: 12 fit.
        let items = vec![item("sleeping bag", 100.0, 10.0, 1.8, 40, &[10, 20])];
        let loaded = plan(&items, &van(120.0, 1000.0)).expect("valid input");
        assert_eq!(loaded.lines[0].quantity, 12);
        assert_eq!(loaded.lines[0].per_stop, vec![4, 8]);
        assert_eq!(
            reasons(&loaded),
            vec![(
                "sleeping bag".into(),
                18,
                LeftReason::VanFullByVolume,
                "only 12 of 30 wanted fit: van full by volume".into()
            )]
        );

        // 25 kg each and 100 kg of payload: 4 of 10.
        let items = vec![
            item("water jerrycan", 10.0, 22.0, 25.0, 10, &[10]),
            item("gazebo", 1.0, 80.0, 18.0, 1, &[1]),
        ];
        let loaded = plan(&items, &van(10_000.0, 100.0)).expect("valid input");
        assert_eq!(
            reasons(&loaded),
            vec![
                (
                    "water jerrycan".into(),
                    6,
                    LeftReason::VanFullByPayload,
                    "only 4 of 10 wanted fit: van full by payload".into()
                ),
                (
                    "gazebo".into(),
                    1,
                    LeftReason::VanFullByPayload,
                    "van full by payload".into()
                ),
            ]
        );
        assert_eq!(loaded.payload_fill, 1.0);
    }

    #[test]
    fn left_behind_when_a_unit_is_too_big() {
        let items = vec![
            item("family tent", 200.0, 120.0, 22.0, 2, &[2]),
            item("cool box", 10.0, 40.0, 4.0, 1, &[1]),
            item("anvil", 10.0, 10.0, 90.0, 1, &[1]),
        ];
        let plan = plan(&items, &van(100.0, 80.0)).expect("valid input");
        assert_eq!(
            reasons(&plan),
            vec![
                (
                    "family tent".into(),
                    2,
                    LeftReason::TooBig,
                    "one unit takes 120 l, more than the whole van".into()
                ),
                (
                    "anvil".into(),
                    1,
                    LeftReason::TooHeavy,
                    "one unit weighs 90 kg, more than the van's payload".into()
                ),
            ]
        );
        // The LP relaxation may take 100/120 of a family tent.
        assert!((plan.lp_bound - 200.0 * 100.0 / 120.0).abs() < 1e-6);
    }

    #[test]
    fn identical_categories_share_the_room() {
        // Same value, volume and weight: the solver sees one variable. 20 of the 40 wanted fit,
        // shared 30 : 10 → 15 and 5.
        let items = vec![
            item("socks", 10.0, 0.5, 0.2, 30, &[20, 10]),
            item("gloves", 10.0, 0.5, 0.2, 50, &[4, 6]),
        ];
        let plan = plan(&items, &van(10.0, 100.0)).expect("valid input");
        assert_eq!(quantities(&plan, 2), vec![15, 5]);
        assert_eq!(plan.lines[1].per_stop, vec![10, 5]);
        assert_eq!(plan.lines[0].per_stop, vec![2, 3]);
        assert_eq!(
            reasons(&plan),
            vec![
                (
                    "socks".into(),
                    15,
                    LeftReason::VanFullByVolume,
                    "only 15 of 30 wanted fit: van full by volume".into()
                ),
                (
                    "gloves".into(),
                    5,
                    LeftReason::VanFullByVolume,
                    "only 5 of 10 wanted fit: van full by volume".into()
                ),
            ]
        );
    }

    #[test]
    fn proves_that_the_last_grams_cannot_be_filled() {
        // Payload 10 kg. Jackets (1.5 kg, 100) and pads (0.3 kg, 20) both give 66.67 per kg, so
        // the LP fills all 10 kg for 666.67; but 15a + 3b + 2c = 100 has no solution with the
        // single pair of socks (c ≤ 1), so whole units stop at 9.9 kg: 6 jackets + 3 pads = 660.
        // With a sock instead, 9.8 kg only reaches 650.
        let items = vec![
            item("jacket", 100.0, 8.0, 1.5, 10, &[10]),
            item("pads", 20.0, 1.0, 0.3, 50, &[50]),
            item("socks", 10.0, 0.5, 0.2, 1, &[1]),
        ];
        let capacity = van(1000.0, 10.0);
        let plan = plan(&items, &capacity).expect("valid input");
        assert_eq!(plan.total_value, brute_force(&items, &capacity));
        assert_eq!(plan.total_value, 660.0);
        assert!(plan.proven_optimal);
        assert!((plan.lp_bound - 2000.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn check_accepts_a_feasible_load() {
        let items = vec![
            item("blanket", 10.0, 8.0, 1.5, 5, &[2, 3]),
            item("t-shirt", 1.0, 0.4, 0.2, 30, &[30, 0]),
        ];
        assert_eq!(check(&items, &van(52.0, 13.5), &[5, 30]), Ok(()));
        assert_eq!(check(&items, &van(52.0, 13.5), &[0, 0]), Ok(()));
    }

    #[test]
    fn check_reports_every_violation() {
        let items = vec![
            item("blanket", 10.0, 8.0, 1.5, 5, &[2, 3]),
            item("t-shirt", 1.0, 0.4, 0.2, 30, &[10, 0]),
        ];
        assert_eq!(
            check(&items, &van(40.0, 8.0), &[6, 12]),
            Err(vec![
                "blanket: 6 planned but only 5 available at the origin".to_string(),
                "blanket: 6 planned but the stops need only 5".to_string(),
                "t-shirt: 12 planned but the stops need only 10".to_string(),
                "the load takes 52.8 l but the van holds only 40 l".to_string(),
                "the load weighs 11.4 kg but the van carries only 8 kg".to_string(),
            ])
        );
        assert_eq!(
            check(&items, &van(40.0, 8.0), &[1]),
            Err(vec![
                "expected 2 quantities, one per category, but got 1".to_string()
            ])
        );
    }

    #[test]
    fn rejects_invalid_input() {
        let good = item("blanket", 10.0, 8.0, 1.5, 5, &[2, 3]);
        let mut nan = good.clone();
        nan.unit_value = f64::NAN;
        let mut negative = good.clone();
        negative.category = "negative".into();
        negative.volume_l = -1.0;
        let mut short = good.clone();
        short.category = "short".into();
        short.need_per_stop = vec![1];
        let err = plan(&[good.clone(), nan, negative, short], &van(100.0, 100.0))
            .expect_err("invalid input");
        let PlanError::InvalidInput(why) = &err else {
            panic!("wrong error {err:?}");
        };
        assert!(
            why.contains("blanket: unit value must be a finite number"),
            "{why}"
        );
        assert!(why.contains("negative: volume must be"), "{why}");
        assert!(
            why.contains("short: need is given for 1 stops, but the run has 2"),
            "{why}"
        );

        let err = plan(&[good], &van(f64::INFINITY, 100.0)).expect_err("infinite van");
        assert!(err.to_string().contains("the van's volume"), "{err}");
    }

    #[test]
    fn empty_and_zero_inputs() {
        let plan_empty = plan(&[], &van(100.0, 100.0)).expect("valid input");
        assert!(plan_empty.lines.is_empty());
        assert_eq!(plan_empty.total_value, 0.0);
        assert_eq!(plan_empty.lp_bound, 0.0);

        let items = vec![item("blanket", 10.0, 8.0, 1.5, 5, &[2, 3])];
        let plan_zero = plan(&items, &van(0.0, 0.0)).expect("valid input");
        assert!(plan_zero.lines.is_empty());
        assert_eq!(plan_zero.volume_fill, 0.0);
        assert_eq!(plan_zero.left_behind[0].kind, LeftReason::TooBig);
    }

    #[test]
    fn share_breaks_ties_towards_earlier_stops() {
        assert_eq!(share(1, &[1, 1]), vec![1, 0]);
        assert_eq!(share(5, &[3, 3, 3]), vec![2, 2, 1]);
        assert_eq!(share(7, &[10, 0, 4]), vec![5, 0, 2]);
        assert_eq!(share(9, &[2, 3]), vec![2, 3]);
        assert_eq!(share(3, &[0, 0]), vec![0, 0]);
        assert_eq!(share(0, &[]), Vec::<u32>::new());
        assert_eq!(
            share(u32::MAX - 1, &[u32::MAX, u32::MAX]),
            vec![u32::MAX / 2, u32::MAX / 2]
        );
    }

    #[test]
    fn large_realistic_instance_is_proven_optimal() {
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        let items: Vec<Item> = (0..80)
            .map(|k| {
                let volume = 0.5 + next(1200) as f64 / 10.0;
                let weight = 0.2 + next(250) as f64 / 10.0;
                let value = [1.0, 10.0, 100.0, 20.0, 200.0][next(5) as usize];
                let need: Vec<u32> = (0..10).map(|_| next(60) as u32).collect();
                item(
                    &format!("c{k}"),
                    value,
                    volume,
                    weight,
                    next(400) as u32,
                    &need,
                )
            })
            .collect();
        let capacity = van(12_000.0, 1_200.0);
        let plan = plan(&items, &capacity).expect("valid input");
        assert!(plan.proven_optimal);
        // Deterministic, so a regression in the bounds shows here rather than as slowness.
        assert!(plan.search_nodes < 5_000, "{} nodes", plan.search_nodes);
        assert_sound(&items, &capacity, &plan);
        assert!(plan.volume_fill > 0.9 || plan.payload_fill > 0.9);
    }
}
