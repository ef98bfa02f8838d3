//! The fleet planner: every van leaving on one day loaded in one optimisation, so that the
//! bulky goods go in the big van and the dense ones in the van with payload to spare.
//!
//! The model: `x[v][g]` whole units of good `g` on van `v`; maximise `Σ value[g] · x[v][g]`
//! subject to each van's volume and payload, each origin's stock (`Σ x[v][g] ≤ stock` over the
//! vans leaving from it) and each site's need. Need is per site while loads are per van, and
//! vans may share stops: a set of loads can be delivered without giving any site more than it
//! needs exactly when, for every set `R` of vans, `Σ_{v∈R} x[v][g] ≤ need of the sites R
//! visits` (Hall's condition for the transportation problem; integral loads then have an
//! integral split, by the integrality of flows). Only sets of vans linked by shared stops can
//! bind, and only those whose loads could exceed their need are written. Vans that share
//! neither an origin nor a stop are planned apart (a lone van by the exact single-van
//! planner); a group is searched by `fleet_search` (incumbent, price bound, reduced-cost
//! fixing, then `microlp`'s branch and bound), seeded with the plan made one van after
//! another, within a time and node limit; the answer is re-checked in plain arithmetic
//! before it is used. `proven_optimal` is false only when a limit stopped the search; the gap
//! to the bound is always reported.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use crate::runs::fleet_search;
use crate::runs::planner::{
    self, fill, is_amount, number, per_unit, with_tolerance, Capacity, Item, PlanError,
};

/// Sets of vans grow as 2^n: beyond this a day's runs are planned in smaller groups.
pub const MAX_FLEET_VANS: usize = 8;
const TIME_LIMIT: Duration = Duration::from_secs(3);

/// One van of the day: how much it takes, where it loads and where it stops.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FleetVan {
    pub name: String,
    pub capacity: Capacity,
    /// Index into each good's `stock`.
    pub origin: usize,
    /// Indices into each good's `need`, in stop order; each site once.
    pub stops: Vec<usize>,
}

/// One category on offer to the fleet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Good {
    pub category: String,
    /// What a volunteer calls it.
    pub name: String,
    pub unit_value: f64,
    pub volume_l: f64,
    pub weight_kg: f64,
    /// Eligible stock at each origin, net of reservations by runs outside the fleet.
    pub stock: Vec<u32>,
    /// Unmet need of each site, net of reservations by runs outside the fleet.
    pub need: Vec<u32>,
    /// The conditions the priorities let go out for it, best first ("good", "usable"): what a
    /// reason for stock left behind names. Empty: not known, and the reason says "eligible".
    #[serde(default)]
    pub conditions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fleet {
    pub vans: Vec<FleetVan>,
    pub goods: Vec<Good>,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct FleetLine {
    pub good: usize,
    pub category: String,
    pub name: String,
    pub quantity: u32,
    /// Follows the van's `stops`.
    pub per_stop: Vec<u32>,
    pub value: f64,
    pub value_per_litre: f64,
    pub value_per_kg: f64,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct VanLoad {
    pub name: String,
    pub lines: Vec<FleetLine>,
    pub value: f64,
    pub volume_used_l: f64,
    pub weight_used_kg: f64,
    pub volume_fill: f64,
    pub payload_fill: f64,
    /// Why this van carries what it carries, in sentences.
    pub why: Vec<String>,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct FleetLeft {
    pub category: String,
    pub name: String,
    pub quantity: u32,
    pub reason: String,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct FleetPlan {
    pub vans: Vec<VanLoad>,
    pub total_value: f64,
    /// The value of loading the same vans one after another, in the order given.
    pub sequential_value: f64,
    /// The optimum with fractional units: an upper bound on `total_value`.
    pub lp_bound: f64,
    /// How far the plan is below `lp_bound`, as a share of it (0 = none).
    pub gap_to_bound: f64,
    /// False only when a time or node limit stopped the search.
    pub proven_optimal: bool,
    pub search_nodes: u64,
    pub left_behind: Vec<FleetLeft>,
}

/// Plans the fleet: the most valuable set of loads, then each van's load shared between its stops.
pub fn plan_fleet(fleet: &Fleet) -> Result<FleetPlan, PlanError> {
    let problems = input_problems(fleet);
    if !problems.is_empty() {
        return Err(PlanError::InvalidInput(problems.join("; ")));
    }
    let sequential = sequential_loads(fleet)?;
    let sequential_value = value_of(fleet, &sequential);
    let found = search_groups(fleet, &sequential, Instant::now() + TIME_LIMIT)?;
    let (mut loads, mut proven_optimal) = (found.loads, found.proven_optimal);
    if check(fleet, &loads).is_err() || value_of(fleet, &loads) < sequential_value {
        // Never worse than the plain plan, and never a load that fails the plain check.
        loads = sequential;
        proven_optimal = false;
    }
    if let Err(v) = check(fleet, &loads) {
        return Err(PlanError::Internal(v.join("; ")));
    }
    let total_value = value_of(fleet, &loads);
    let lp_bound = found.bound.max(total_value);
    let gap_to_bound = if lp_bound > 0.0 {
        ((lp_bound - total_value) / lp_bound).max(0.0)
    } else {
        0.0
    };
    let per_stop = assign_stops(fleet, &loads)?;
    let vans = explain(fleet, &loads, &per_stop);
    Ok(FleetPlan {
        left_behind: left_behind(fleet, &loads),
        vans,
        total_value,
        sequential_value,
        lp_bound,
        gap_to_bound,
        proven_optimal,
        search_nodes: found.nodes,
    })
}

/// Vans that share an origin or a stop, as groups: no limit ties one group to another, so each
/// is searched on its own, and a lone van by the exact single-van planner.
fn groups(fleet: &Fleet) -> Vec<Vec<usize>> {
    let n = fleet.vans.len();
    let mut group: Vec<usize> = (0..n).collect();
    let tied = |a: &FleetVan, b: &FleetVan| {
        a.origin == b.origin || a.stops.iter().any(|s| b.stops.contains(s))
    };
    // Few vans: relabel until no tied pair has two labels.
    let mut changed = true;
    while changed {
        changed = false;
        for a in 0..n {
            for b in 0..n {
                if group[a] != group[b] && tied(&fleet.vans[a], &fleet.vans[b]) {
                    let (keep, drop) = (group[a].min(group[b]), group[a].max(group[b]));
                    group
                        .iter_mut()
                        .filter(|g| **g == drop)
                        .for_each(|g| *g = keep);
                    changed = true;
                }
            }
        }
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    for label in 0..n {
        let members: Vec<usize> = (0..n).filter(|&v| group[v] == label).collect();
        if !members.is_empty() {
            out.push(members);
        }
    }
    out
}

/// Searches each group of vans on its own and puts the loads back together.
fn search_groups(
    fleet: &Fleet,
    sequential: &[Vec<u32>],
    deadline: Instant,
) -> Result<fleet_search::Found, PlanError> {
    let mut all = fleet_search::Found {
        loads: sequential.to_vec(),
        bound: 0.0,
        proven_optimal: true,
        nodes: 0,
    };
    for members in groups(fleet) {
        let part = Fleet {
            vans: members.iter().map(|&v| fleet.vans[v].clone()).collect(),
            goods: fleet.goods.clone(),
        };
        let start: Vec<Vec<u32>> = members.iter().map(|&v| sequential[v].clone()).collect();
        let found = if let [v] = members[..] {
            let plan = planner::plan(&van_items(fleet, v, None), &fleet.vans[v].capacity)?;
            fleet_search::Found {
                bound: plan.lp_bound.max(plan.total_value),
                proven_optimal: plan.proven_optimal,
                nodes: u64::try_from(plan.search_nodes).unwrap_or(u64::MAX),
                loads: start,
            }
        } else {
            fleet_search::search(&part, start, deadline)
        };
        for (&v, load) in members.iter().zip(found.loads) {
            all.loads[v] = load;
        }
        all.bound += found.bound;
        all.proven_optimal &= found.proven_optimal;
        all.nodes += found.nodes;
    }
    Ok(all)
}

/// Every violated limit of a set of loads (`loads[v][g]`), as sentences: each van's volume and
/// payload, each origin's stock, and each site's need for every set of vans.
pub fn check(fleet: &Fleet, loads: &[Vec<u32>]) -> Result<(), Vec<String>> {
    let mut out = input_problems(fleet);
    if loads.len() != fleet.vans.len() || loads.iter().any(|l| l.len() != fleet.goods.len()) {
        out.push("one load per van, one quantity per good".into());
        return Err(out);
    }
    for (van, load) in fleet.vans.iter().zip(loads) {
        let (volume, weight) = usage(fleet, load);
        if volume > with_tolerance(van.capacity.volume_l) {
            out.push(format!(
                "{} takes {} l but holds {} l",
                van.name,
                number(volume),
                number(van.capacity.volume_l)
            ));
        }
        if weight > with_tolerance(van.capacity.payload_kg) {
            out.push(format!(
                "{} carries {} kg but may carry {} kg",
                van.name,
                number(weight),
                number(van.capacity.payload_kg)
            ));
        }
    }
    for (g, good) in fleet.goods.iter().enumerate() {
        for (o, &stock) in good.stock.iter().enumerate() {
            let taken: u64 = fleet
                .vans
                .iter()
                .zip(loads)
                .filter(|(v, _)| v.origin == o)
                .map(|(_, l)| u64::from(l[g]))
                .sum();
            if taken > u64::from(stock) {
                out.push(format!(
                    "{}: {taken} planned from origin {o} which has {stock}",
                    good.name
                ));
            }
        }
        for set in 1..(1u32 << fleet.vans.len()) {
            let (taken, need) = set_load_and_need(fleet, loads, g, set);
            if taken > need {
                out.push(format!(
                    "{}: {taken} planned for sites that need {need}",
                    good.name
                ));
            }
        }
    }
    if out.is_empty() {
        Ok(())
    } else {
        Err(out)
    }
}

/// The loads of one van after another, each planned exactly by `planner::plan` against what
/// the vans before it left: the baseline the fleet plan must beat.
pub fn sequential_loads(fleet: &Fleet) -> Result<Vec<Vec<u32>>, PlanError> {
    let mut stock: Vec<Vec<u32>> = fleet.goods.iter().map(|g| g.stock.clone()).collect();
    let mut need: Vec<Vec<u32>> = fleet.goods.iter().map(|g| g.need.clone()).collect();
    let mut loads = Vec::new();
    for (v, van) in fleet.vans.iter().enumerate() {
        let items = van_items(fleet, v, Some((&stock, &need)));
        let plan = planner::plan(&items, &van.capacity)?;
        let mut load = vec![0u32; fleet.goods.len()];
        for line in &plan.lines {
            let g = line.item;
            load[g] = line.quantity;
            stock[g][van.origin] -= line.quantity;
            for (&s, &q) in van.stops.iter().zip(&line.per_stop) {
                need[g][s] -= q;
            }
        }
        loads.push(load);
    }
    Ok(loads)
}

/// Stock and need as earlier vans left them: `[good][origin]` and `[good][site]`.
type Left<'a> = (&'a [Vec<u32>], &'a [Vec<u32>]);

/// The goods as the single-van planner sees them from van `v`: its origin's stock and its
/// stops' need, as given or (`left`) as earlier vans left them (`[good][origin]`, `[good][site]`).
fn van_items(fleet: &Fleet, v: usize, left: Option<Left>) -> Vec<Item> {
    let van = &fleet.vans[v];
    fleet
        .goods
        .iter()
        .enumerate()
        .map(|(g, good)| {
            let (stock, need) = left.map_or((&good.stock, &good.need), |(s, n)| (&s[g], &n[g]));
            Item {
                category: good.category.clone(),
                unit_value: good.unit_value,
                volume_l: good.volume_l,
                weight_kg: good.weight_kg,
                available: stock[van.origin],
                need_per_stop: van.stops.iter().map(|&s| need[s]).collect(),
            }
        })
        .collect()
}

/// Total value of a set of loads.
pub fn value_of(fleet: &Fleet, loads: &[Vec<u32>]) -> f64 {
    loads
        .iter()
        .map(|load| {
            load.iter()
                .zip(&fleet.goods)
                .map(|(&q, g)| f64::from(q) * g.unit_value)
                .sum::<f64>()
        })
        .sum()
}

fn input_problems(fleet: &Fleet) -> Vec<String> {
    let mut out = Vec::new();
    if fleet.vans.len() > MAX_FLEET_VANS {
        out.push(format!(
            "{} runs at once: a fleet plan takes at most {MAX_FLEET_VANS}",
            fleet.vans.len()
        ));
    }
    let origins = fleet.goods.first().map_or(0, |g| g.stock.len());
    let sites = fleet.goods.first().map_or(0, |g| g.need.len());
    for van in &fleet.vans {
        if !is_amount(van.capacity.volume_l) || !is_amount(van.capacity.payload_kg) {
            out.push(format!("{}: capacity must be finite and ≥ 0", van.name));
        }
        if !fleet.goods.is_empty() && van.origin >= origins {
            out.push(format!("{}: unknown origin {}", van.name, van.origin));
        }
        let distinct: BTreeSet<usize> = van.stops.iter().copied().collect();
        if distinct.len() != van.stops.len() {
            out.push(format!("{}: a site is a stop twice", van.name));
        }
        if !fleet.goods.is_empty() && van.stops.iter().any(|&s| s >= sites) {
            out.push(format!("{}: a stop is not a known site", van.name));
        }
    }
    for good in &fleet.goods {
        for x in [good.unit_value, good.volume_l, good.weight_kg] {
            if !is_amount(x) {
                out.push(format!(
                    "{}: sizes and value must be finite and ≥ 0",
                    good.name
                ));
            }
        }
        if good.stock.len() != origins || good.need.len() != sites {
            out.push(format!("{}: stock or need of the wrong length", good.name));
        }
    }
    out
}

pub(crate) fn usage(fleet: &Fleet, load: &[u32]) -> (f64, f64) {
    load.iter()
        .zip(&fleet.goods)
        .fold((0.0, 0.0), |(v, w), (&q, g)| {
            (
                v + f64::from(q) * g.volume_l,
                w + f64::from(q) * g.weight_kg,
            )
        })
}

/// Sites the vans in `set` (a bit mask) stop at.
pub(crate) fn sites_of(fleet: &Fleet, set: u32) -> BTreeSet<usize> {
    fleet
        .vans
        .iter()
        .enumerate()
        .filter(|(v, _)| set & (1 << v) != 0)
        .flat_map(|(_, van)| van.stops.iter().copied())
        .collect()
}

fn set_load_and_need(fleet: &Fleet, loads: &[Vec<u32>], g: usize, set: u32) -> (u64, u64) {
    let taken = (0..fleet.vans.len())
        .filter(|v| set & (1 << v) != 0)
        .map(|v| u64::from(loads[v][g]))
        .sum();
    let need = sites_of(fleet, set)
        .into_iter()
        .map(|s| u64::from(fleet.goods[g].need[s]))
        .sum();
    (taken, need)
}

/// Shares each van's load of a good between its stops: in proportion to what the stops still
/// need, van by van as the single-van plan does, then moved between shared stops where a later
/// van would otherwise find its stops already served (an augmenting path).
fn assign_stops(fleet: &Fleet, loads: &[Vec<u32>]) -> Result<Vec<Vec<Vec<u32>>>, PlanError> {
    let n = fleet.vans.len();
    let mut out: Vec<Vec<Vec<u32>>> = fleet
        .vans
        .iter()
        .map(|v| vec![vec![0u32; v.stops.len()]; fleet.goods.len()])
        .collect();
    for (g, good) in fleet.goods.iter().enumerate() {
        let mut room = good.need.clone();
        let mut short = vec![0u32; n];
        for (v, van) in fleet.vans.iter().enumerate() {
            let wants: Vec<u32> = van.stops.iter().map(|&s| room[s]).collect();
            let shares = planner::share(loads[v][g], &wants);
            for (k, (&s, &q)) in van.stops.iter().zip(&shares).enumerate() {
                room[s] -= q;
                out[v][g][k] = q;
            }
            short[v] = loads[v][g] - shares.iter().sum::<u32>();
        }
        for (v, left) in short.iter_mut().enumerate() {
            while *left > 0 {
                let moved = augment(fleet, g, v, *left, &mut room, &mut out);
                if moved == 0 {
                    return Err(PlanError::Internal(format!(
                        "{}: {} units on {} have no stop that needs them",
                        good.name, left, fleet.vans[v].name
                    )));
                }
                *left -= moved;
            }
        }
    }
    Ok(out)
}

/// Finds a path van → stop → van holding units there → another stop … ending at a stop with
/// room, and moves along it as much as it carries (at most `want`). Returns what moved.
fn augment(
    fleet: &Fleet,
    g: usize,
    from: usize,
    want: u32,
    room: &mut [u32],
    out: &mut [Vec<Vec<u32>>],
) -> u32 {
    // Breadth first over sites; `came[s]` is (van that would add at s, site it takes from).
    let sites = room.len();
    let mut came: Vec<Option<(usize, Option<usize>)>> = vec![None; sites];
    let mut queue = std::collections::VecDeque::new();
    for &s in &fleet.vans[from].stops {
        if came[s].is_none() {
            came[s] = Some((from, None));
            queue.push_back(s);
        }
    }
    let mut end = None;
    while let Some(s) = queue.pop_front() {
        if room[s] > 0 {
            end = Some(s);
            break;
        }
        for (v, van) in fleet.vans.iter().enumerate() {
            let Some(k) = van.stops.iter().position(|&x| x == s) else {
                continue;
            };
            if out[v][g][k] == 0 {
                continue;
            }
            for &t in &van.stops {
                if came[t].is_none() {
                    came[t] = Some((v, Some(s)));
                    queue.push_back(t);
                }
            }
        }
    }
    let Some(end) = end else { return 0 };
    // Walk back to find the bottleneck, then apply.
    let mut amount = want.min(room[end]);
    let mut path = Vec::new();
    let mut at = end;
    while let Some((v, prev)) = came[at] {
        path.push((v, at, prev));
        match prev {
            Some(p) => {
                let k = fleet.vans[v]
                    .stops
                    .iter()
                    .position(|&x| x == p)
                    .unwrap_or(0);
                amount = amount.min(out[v][g][k]);
                at = p;
            }
            None => break,
        }
    }
    for (v, to, prev) in path {
        let stops = &fleet.vans[v].stops;
        if let Some(k) = stops.iter().position(|&x| x == to) {
            out[v][g][k] += amount;
        }
        if let Some(p) = prev {
            if let Some(k) = stops.iter().position(|&x| x == p) {
                out[v][g][k] -= amount;
            }
        }
    }
    room[end] -= amount;
    amount
}

fn explain(fleet: &Fleet, loads: &[Vec<u32>], per_stop: &[Vec<Vec<u32>>]) -> Vec<VanLoad> {
    fleet
        .vans
        .iter()
        .enumerate()
        .map(|(v, van)| {
            let mut lines: Vec<FleetLine> = fleet
                .goods
                .iter()
                .enumerate()
                .filter(|(g, _)| loads[v][*g] > 0)
                .map(|(g, good)| FleetLine {
                    good: g,
                    category: good.category.clone(),
                    name: good.name.clone(),
                    quantity: loads[v][g],
                    per_stop: per_stop[v][g].clone(),
                    value: f64::from(loads[v][g]) * good.unit_value,
                    value_per_litre: per_unit(good.unit_value, good.volume_l),
                    value_per_kg: per_unit(good.unit_value, good.weight_kg),
                })
                .collect();
            lines.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.good.cmp(&b.good)));
            let (volume, weight) = usage(fleet, &loads[v]);
            let volume_fill = fill(volume, van.capacity.volume_l);
            let payload_fill = fill(weight, van.capacity.payload_kg);
            let value: f64 = lines.iter().map(|l| l.value).sum();
            VanLoad {
                why: reasons(fleet, loads, v, &lines, volume_fill, payload_fill),
                name: van.name.clone(),
                lines,
                value,
                volume_used_l: volume,
                weight_used_kg: weight,
                volume_fill,
                payload_fill,
            }
        })
        .collect()
}

fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

fn reasons(
    fleet: &Fleet,
    loads: &[Vec<u32>],
    v: usize,
    lines: &[FleetLine],
    volume_fill: f64,
    payload_fill: f64,
) -> Vec<String> {
    let van = &fleet.vans[v];
    let mut out = Vec::new();
    if lines.is_empty() {
        out.push(format!(
            "{} carries nothing: its stops need nothing that is free at its warehouse, or the other vans carry it.",
            van.name
        ));
        return out;
    }
    let top: Vec<&str> = lines.iter().take(3).map(|l| l.name.as_str()).collect();
    const FULL: f64 = 0.95;
    out.push(if volume_fill >= FULL && volume_fill >= payload_fill {
        format!(
            "Full by volume ({} of {} l, payload {}): it carries what is worth most per litre, first {}.",
            percent(volume_fill),
            number(van.capacity.volume_l),
            percent(payload_fill),
            top.join(", ")
        )
    } else if payload_fill >= FULL {
        format!(
            "Full by payload ({} of {} kg, volume {}): it carries what is worth most per kilo, first {}.",
            percent(payload_fill),
            number(van.capacity.payload_kg),
            percent(volume_fill),
            top.join(", ")
        )
    } else {
        format!(
            "Room to spare ({} of the volume, {} of the payload): it carries all its stops still need of what is free at its warehouse, first {}.",
            percent(volume_fill),
            percent(payload_fill),
            top.join(", ")
        )
    });
    for line in lines {
        let others: Vec<String> = fleet
            .vans
            .iter()
            .enumerate()
            .filter(|(o, _)| *o != v && loads[*o][line.good] > 0)
            .map(|(o, other)| format!("{} in {}", loads[o][line.good], other.name))
            .collect();
        if !others.is_empty() {
            let good = &fleet.goods[line.good];
            out.push(format!(
                "{}: {} here, {} ({} l and {} kg a unit).",
                line.name,
                line.quantity,
                others.join(", "),
                number(good.volume_l),
                number(good.weight_kg)
            ));
        }
    }
    out
}

fn left_behind(fleet: &Fleet, loads: &[Vec<u32>]) -> Vec<FleetLeft> {
    let mut out = Vec::new();
    for (g, good) in fleet.goods.iter().enumerate() {
        let planned: u64 = loads.iter().map(|l| u64::from(l[g])).sum();
        let all: u32 = (1u32 << fleet.vans.len()) - 1;
        let need: u64 = sites_of(fleet, all)
            .into_iter()
            .map(|s| u64::from(good.need[s]))
            .sum();
        if need <= planned {
            continue;
        }
        let stock: u64 = good.stock.iter().map(|&s| u64::from(s)).sum();
        let missing = u32::try_from(need - planned).unwrap_or(u32::MAX);
        let reason = if stock == 0 {
            format!("{}: no {} at the warehouses", good.name, stock_words(good))
        } else if good.unit_value <= 0.0 {
            format!("{}: it has no unit value, so it is never loaded", good.name)
        } else if planned >= stock {
            format!(
                "{}: only {stock} in stock for a need of {need}: all of it is planned",
                good.name
            )
        } else {
            format!(
                "{}: {planned} of {need} planned; {}",
                good.name,
                limit(fleet, loads, g)
            )
        };
        out.push(FleetLeft {
            category: good.category.clone(),
            name: good.name.clone(),
            quantity: missing,
            reason,
        });
    }
    out
}

/// The stock a good may travel from, as a reason names it: "stock in good or usable
/// condition" (the accepted conditions, as the pages say them), or "eligible stock" when
/// they are not known.
fn stock_words(good: &Good) -> String {
    match good.conditions.as_slice() {
        [] => "eligible stock".into(),
        [one] => format!("stock in {one} condition"),
        [first @ .., last] => format!("stock in {} or {last} condition", first.join(", ")),
    }
}

/// What keeps more of good `g` off the vans, in a volunteer's words: no more eligible stock
/// at the warehouses of the vans going where it is needed, or the space or payload of the
/// vans that could take it.
fn limit(fleet: &Fleet, loads: &[Vec<u32>], g: usize) -> String {
    let good = &fleet.goods[g];
    let n = fleet.vans.len();
    let from_origin = |o: usize| -> u64 {
        (0..n)
            .filter(|&u| fleet.vans[u].origin == o)
            .map(|u| u64::from(loads[u][g]))
            .sum()
    };
    // Vans whose stops still need it (in every set of vans they share stops with).
    let needed_by = |v: usize| {
        (1..1u32 << n).filter(|set| set & (1 << v) != 0).all(|set| {
            let (taken, need) = set_load_and_need(fleet, loads, g, set);
            taken < need
        })
    };
    let could: Vec<usize> = (0..n)
        .filter(|&v| {
            needed_by(v)
                && from_origin(fleet.vans[v].origin) < u64::from(good.stock[fleet.vans[v].origin])
        })
        .collect();
    if could.is_empty() {
        return format!(
            "no more {} at the warehouses of the vans going where it is needed",
            stock_words(good)
        );
    }
    let full: Vec<String> = could
        .iter()
        .map(|&v| {
            let van = &fleet.vans[v];
            let (volume, weight) = usage(fleet, &loads[v]);
            let space = volume + good.volume_l > with_tolerance(van.capacity.volume_l);
            let payload = weight + good.weight_kg > with_tolerance(van.capacity.payload_kg);
            match (space, payload) {
                (true, true) => format!("{} has no space or payload left for one more", van.name),
                (true, false) => format!("{} has no space left for one more", van.name),
                (false, true) => format!("{} has no payload left for one more", van.name),
                (false, false) => format!(
                    "{} still has room: the search stopped before it could use it",
                    van.name
                ),
            }
        })
        .collect();
    full.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn van(name: &str, volume_l: f64, payload_kg: f64, origin: usize, stops: &[usize]) -> FleetVan {
        FleetVan {
            name: name.into(),
            capacity: Capacity {
                volume_l,
                payload_kg,
            },
            origin,
            stops: stops.to_vec(),
        }
    }

    fn good(name: &str, value: f64, volume: f64, weight: f64, stock: &[u32], need: &[u32]) -> Good {
        Good {
            category: name.into(),
            name: name.into(),
            unit_value: value,
            volume_l: volume,
            weight_kg: weight,
            stock: stock.to_vec(),
            need: need.to_vec(),
            conditions: Vec::new(),
        }
    }

    /// Every achievable vector of per-van loads of one good: enumerates the per-stop deliveries
    /// directly (no Hall sets), so it checks the model, not only the solver.
    fn achievable(fleet: &Fleet, g: usize) -> BTreeSet<Vec<u32>> {
        let good = &fleet.goods[g];
        let pairs: Vec<(usize, usize)> = fleet
            .vans
            .iter()
            .enumerate()
            .flat_map(|(v, van)| van.stops.iter().map(move |&s| (v, s)))
            .collect();
        let mut found = BTreeSet::new();
        let mut y = vec![0u32; pairs.len()];
        fn walk(
            fleet: &Fleet,
            good: &Good,
            pairs: &[(usize, usize)],
            y: &mut Vec<u32>,
            i: usize,
            found: &mut BTreeSet<Vec<u32>>,
        ) {
            if i == pairs.len() {
                let mut load = vec![0u32; fleet.vans.len()];
                let mut at_site = vec![0u32; good.need.len()];
                for (&(v, s), &q) in pairs.iter().zip(y.iter()) {
                    load[v] += q;
                    at_site[s] += q;
                }
                let mut from = vec![0u32; good.stock.len()];
                for (v, van) in fleet.vans.iter().enumerate() {
                    from[van.origin] += load[v];
                }
                let ok = at_site.iter().zip(&good.need).all(|(a, n)| a <= n)
                    && from.iter().zip(&good.stock).all(|(a, s)| a <= s);
                if ok {
                    found.insert(load);
                }
                return;
            }
            let (_, s) = pairs[i];
            for q in 0..=good.need[s] {
                y[i] = q;
                walk(fleet, good, pairs, y, i + 1, found);
            }
            y[i] = 0;
        }
        walk(fleet, good, &pairs, &mut y, 0, &mut found);
        found
    }

    /// The best total value by trying every combination of achievable loads.
    fn brute_force(fleet: &Fleet) -> f64 {
        let options: Vec<Vec<Vec<u32>>> = (0..fleet.goods.len())
            .map(|g| achievable(fleet, g).into_iter().collect())
            .collect();
        let n = fleet.vans.len();
        let mut best = 0.0f64;
        let mut pick = vec![0usize; options.len()];
        loop {
            let mut volume = vec![0.0; n];
            let mut weight = vec![0.0; n];
            let mut value = 0.0;
            for (g, &p) in pick.iter().enumerate() {
                let good = &fleet.goods[g];
                for (v, &q) in options[g][p].iter().enumerate() {
                    volume[v] += f64::from(q) * good.volume_l;
                    weight[v] += f64::from(q) * good.weight_kg;
                    value += f64::from(q) * good.unit_value;
                }
            }
            let fits = fleet.vans.iter().enumerate().all(|(v, van)| {
                volume[v] <= with_tolerance(van.capacity.volume_l)
                    && weight[v] <= with_tolerance(van.capacity.payload_kg)
            });
            if fits {
                best = best.max(value);
            }
            let mut i = 0;
            loop {
                if i == pick.len() {
                    return best;
                }
                pick[i] += 1;
                if pick[i] < options[i].len() {
                    break;
                }
                pick[i] = 0;
                i += 1;
            }
        }
    }

    fn assert_delivers(fleet: &Fleet, plan: &FleetPlan) {
        // Per-stop shares add up to each van's load and no site gets more than it needs.
        for (g, good) in fleet.goods.iter().enumerate() {
            let mut at_site = vec![0u32; good.need.len()];
            for (v, load) in plan.vans.iter().enumerate() {
                let line = load.lines.iter().find(|l| l.good == g);
                if let Some(line) = line {
                    assert_eq!(line.per_stop.iter().sum::<u32>(), line.quantity);
                    for (&s, &q) in fleet.vans[v].stops.iter().zip(&line.per_stop) {
                        at_site[s] += q;
                    }
                }
            }
            for (s, &q) in at_site.iter().enumerate() {
                assert!(q <= good.need[s], "{}: site {s} gets {q}", good.name);
            }
        }
    }

    fn loads_of(fleet: &Fleet, plan: &FleetPlan) -> Vec<Vec<u32>> {
        plan.vans
            .iter()
            .map(|v| {
                let mut load = vec![0u32; fleet.goods.len()];
                for l in &v.lines {
                    load[l.good] = l.quantity;
                }
                load
            })
            .collect()
    }

    #[test]
    fn bulky_goods_go_in_the_big_van_and_dense_ones_in_the_strong_one() {
        // One warehouse, one site. Planned first and alone, the big van takes all the tins
        // (more value per litre) beside 8 tents, and the small strong van then fits only 2 of
        // the 4 tents left. Together, the big van takes more tents and the strong van the tins.
        let fleet = Fleet {
            vans: vec![
                van("Big", 300.0, 500.0, 0, &[0]),
                van("Strong", 60.0, 400.0, 0, &[0]),
            ],
            goods: vec![
                good("tent", 100.0, 25.0, 4.0, &[12], &[12]),
                good("tins", 30.0, 5.0, 20.0, &[20], &[20]),
            ],
        };
        let plan = plan_fleet(&fleet).unwrap();
        assert!(plan.proven_optimal);
        assert_eq!(plan.sequential_value, 1600.0);
        assert_eq!(plan.total_value, brute_force(&fleet));
        assert!(plan.total_value > plan.sequential_value, "{plan:?}");
        let loads = loads_of(&fleet, &plan);
        check(&fleet, &loads).unwrap();
        assert!(loads[0][0] > 8, "more tents ride in the big van: {loads:?}");
        assert!(loads[1][1] > 0, "the strong van takes tins: {loads:?}");
        assert_delivers(&fleet, &plan);
        assert!(plan.vans.iter().all(|v| !v.why.is_empty()));
    }

    #[test]
    fn shared_stops_are_served_once() {
        // Both vans stop at site 1; together they never bring it more than it needs.
        let fleet = Fleet {
            vans: vec![
                van("A", 1000.0, 1000.0, 0, &[0, 1]),
                van("B", 1000.0, 1000.0, 1, &[1]),
            ],
            goods: vec![good("bag", 100.0, 10.0, 1.0, &[10, 10], &[5, 5])],
        };
        let plan = plan_fleet(&fleet).unwrap();
        assert_eq!(plan.total_value, 1000.0);
        assert_delivers(&fleet, &plan);
        check(&fleet, &loads_of(&fleet, &plan)).unwrap();
    }

    #[test]
    fn independent_vans_match_the_single_van_planner() {
        // Vans from different warehouses to different sites do not interact: the fleet optimum
        // is the sum of the single-van optima of `planner::plan`, an independent exact solver.
        let mut seed = 7u64;
        let mut next = move |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..20 {
            let vans: Vec<FleetVan> = (0..3)
                .map(|v| {
                    van(
                        &format!("v{v}"),
                        100.0 + next(400) as f64,
                        50.0 + next(300) as f64,
                        v,
                        &[2 * v, 2 * v + 1],
                    )
                })
                .collect();
            let goods: Vec<Good> = (0..15)
                .map(|g| {
                    good(
                        &format!("g{g}"),
                        [1.0, 10.0, 100.0, 200.0][next(4) as usize],
                        0.5 + next(40) as f64 * 0.5,
                        0.1 + next(50) as f64 * 0.1,
                        &[next(30) as u32, next(30) as u32, next(30) as u32],
                        &(0..6).map(|_| next(20) as u32).collect::<Vec<_>>(),
                    )
                })
                .collect();
            let fleet = Fleet { vans, goods };
            let plan = plan_fleet(&fleet).unwrap();
            // The search itself, not only the lone-van shortcut `plan_fleet` takes here.
            let found = fleet_search::search(
                &fleet,
                sequential_loads(&fleet).unwrap(),
                // It starts at the optimum: the value and bound are checked, not the proof.
                Instant::now() + Duration::from_millis(200),
            );
            assert!(check(&fleet, &found.loads).is_ok());
            let searched = value_of(&fleet, &found.loads);
            let single: f64 = fleet
                .vans
                .iter()
                .map(|van| {
                    let items: Vec<Item> = fleet
                        .goods
                        .iter()
                        .map(|g| Item {
                            category: g.category.clone(),
                            unit_value: g.unit_value,
                            volume_l: g.volume_l,
                            weight_kg: g.weight_kg,
                            available: g.stock[van.origin],
                            need_per_stop: van.stops.iter().map(|&s| g.need[s]).collect(),
                        })
                        .collect();
                    planner::plan(&items, &van.capacity).unwrap().total_value
                })
                .sum();
            assert!(
                plan.proven_optimal,
                "{} vs {single}: {} nodes",
                plan.total_value, plan.search_nodes
            );
            assert!((searched - single).abs() < 1e-6, "{searched} vs {single}");
            assert!(found.bound >= single - 1e-6);
            assert!(
                (plan.total_value - single).abs() < 1e-6,
                "{} vs {single}",
                plan.total_value
            );
            assert!(plan.lp_bound >= plan.total_value - 1e-9);
        }
    }

    /// The optimum of the site-level model, solved by `microlp` to the end: a quantity per
    /// van, stop and good, each site's need and each origin's stock written directly. No Hall
    /// rows, no prices, no narrowing: independent of the search it checks.
    fn site_level_optimum(fleet: &Fleet) -> f64 {
        use microlp::{ComparisonOp, OptimizationDirection, Problem};
        let mut problem = Problem::new(OptimizationDirection::Maximize);
        let mut y = Vec::new();
        for van in &fleet.vans {
            let per_stop: Vec<Vec<_>> = van
                .stops
                .iter()
                .map(|_| {
                    fleet
                        .goods
                        .iter()
                        .map(|g| problem.add_integer_var(g.unit_value, (0, 1000)))
                        .collect()
                })
                .collect();
            y.push(per_stop);
        }
        for (v, van) in fleet.vans.iter().enumerate() {
            let all = || y[v].iter().flat_map(|per_good| per_good.iter().enumerate());
            let volume: Vec<_> = all().map(|(g, &x)| (x, fleet.goods[g].volume_l)).collect();
            let weight: Vec<_> = all().map(|(g, &x)| (x, fleet.goods[g].weight_kg)).collect();
            problem.add_constraint(volume, ComparisonOp::Le, van.capacity.volume_l);
            problem.add_constraint(weight, ComparisonOp::Le, van.capacity.payload_kg);
        }
        for (g, good) in fleet.goods.iter().enumerate() {
            for (o, &stock) in good.stock.iter().enumerate() {
                let terms: Vec<_> = (0..fleet.vans.len())
                    .filter(|&v| fleet.vans[v].origin == o)
                    .flat_map(|v| y[v].iter().map(move |per_good| (per_good[g], 1.0)))
                    .collect();
                problem.add_constraint(terms, ComparisonOp::Le, f64::from(stock));
            }
            for (site, &need) in good.need.iter().enumerate() {
                let terms: Vec<_> = fleet
                    .vans
                    .iter()
                    .enumerate()
                    .filter_map(|(v, van)| {
                        van.stops
                            .iter()
                            .position(|&s| s == site)
                            .map(|k| (y[v][k][g], 1.0))
                    })
                    .collect();
                problem.add_constraint(terms, ComparisonOp::Le, f64::from(need));
            }
        }
        problem
            .solve()
            .unwrap()
            .into_solution()
            .unwrap()
            .objective()
    }

    #[test]
    fn larger_fleets_match_the_site_level_model() {
        // Three vans from two warehouses sharing stops, 6 goods, 5 sites: beyond brute force.
        let mut seed = 11u64;
        let mut next = move |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for _ in 0..3 {
            let vans: Vec<FleetVan> = (0..3)
                .map(|v| {
                    let a = next(5) as usize;
                    let b = (a + 1 + next(4) as usize) % 5;
                    van(
                        &format!("v{v}"),
                        40.0 + next(80) as f64,
                        20.0 + next(60) as f64,
                        v % 2,
                        &[a, b],
                    )
                })
                .collect();
            let goods: Vec<Good> = (0..6)
                .map(|g| {
                    good(
                        &format!("g{g}"),
                        [1.0, 10.0, 20.0, 100.0][next(4) as usize],
                        0.5 + next(20) as f64 * 0.5,
                        0.2 + next(20) as f64 * 0.2,
                        &[next(12) as u32, next(12) as u32],
                        &(0..5).map(|_| next(8) as u32).collect::<Vec<_>>(),
                    )
                })
                .collect();
            let fleet = Fleet { vans, goods };
            let plan = plan_fleet(&fleet).unwrap();
            assert_delivers(&fleet, &plan);
            let optimum = site_level_optimum(&fleet);
            assert!(
                (plan.total_value - optimum).abs() < 1e-6,
                "fleet {} vs site-level model {optimum}",
                plan.total_value
            );
            assert!(plan.proven_optimal);
        }
    }

    #[test]
    fn left_behind_says_what_limits_the_plan() {
        // Room to spare but only 3 in stock: the stock is the limit, not the van.
        let fleet = Fleet {
            vans: vec![van("Big", 1000.0, 1000.0, 0, &[0])],
            goods: vec![good("Tent", 10.0, 5.0, 1.0, &[3], &[8])],
        };
        let plan = plan_fleet(&fleet).unwrap();
        assert_eq!(plan.left_behind.len(), 1);
        let reason = &plan.left_behind[0].reason;
        assert!(reason.contains("only 3 in stock"), "{reason}");
        assert!(!reason.contains("full"), "{reason}");
        // Stock at the warehouse the van does not load at: no eligible stock for this van.
        let fleet = Fleet {
            vans: vec![van("Big", 1000.0, 1000.0, 0, &[0])],
            goods: vec![good("Tent", 10.0, 5.0, 1.0, &[2, 9], &[8])],
        };
        let reason = plan_fleet(&fleet).unwrap().left_behind[0].reason.clone();
        assert!(reason.contains("no more eligible stock"), "{reason}");
        // The accepted conditions known: the reasons name them, as the pages do.
        let mut fleet = fleet;
        fleet.goods[0].conditions = vec!["good".into(), "usable".into()];
        let reason = plan_fleet(&fleet).unwrap().left_behind[0].reason.clone();
        assert!(
            reason.contains("no more stock in good or usable condition at the warehouses"),
            "{reason}"
        );
        let fleet = Fleet {
            vans: vec![van("Big", 1000.0, 1000.0, 0, &[0])],
            goods: vec![Good {
                conditions: vec!["good".into()],
                ..good("Tent", 10.0, 5.0, 1.0, &[0], &[8])
            }],
        };
        let reason = plan_fleet(&fleet).unwrap().left_behind[0].reason.clone();
        assert_eq!(reason, "Tent: no stock in good condition at the warehouses");
        // Plenty of stock, a small van: its space is the limit.
        let fleet = Fleet {
            vans: vec![van("Small", 12.0, 1000.0, 0, &[0])],
            goods: vec![good("Tent", 10.0, 5.0, 1.0, &[9], &[8])],
        };
        let reason = plan_fleet(&fleet).unwrap().left_behind[0].reason.clone();
        assert!(reason.contains("Small has no space left"), "{reason}");
    }

    #[test]
    fn bad_input_is_refused() {
        let fleet = Fleet {
            vans: vec![van("A", f64::NAN, 10.0, 3, &[0, 0])],
            goods: vec![good("bag", 1.0, 1.0, 1.0, &[1], &[1])],
        };
        assert!(matches!(
            plan_fleet(&fleet),
            Err(PlanError::InvalidInput(_))
        ));
    }

    fn small_fleet() -> impl Strategy<Value = Fleet> {
        (1usize..=3, 1usize..=4, 1usize..=2, 1usize..=3).prop_flat_map(
            |(vans, goods, origins, sites)| {
                let van_strategy = (
                    1u32..=12,
                    1u32..=12,
                    0..origins,
                    proptest::sample::subsequence((0..sites).collect::<Vec<_>>(), 1..=sites),
                );
                let good_strategy = (
                    prop_oneof![Just(0.0), Just(1.0), Just(10.0), Just(100.0), Just(3.5)],
                    1u32..=5,
                    1u32..=5,
                    proptest::collection::vec(0u32..=3, origins),
                    proptest::collection::vec(0u32..=3, sites),
                );
                (
                    proptest::collection::vec(van_strategy, vans),
                    proptest::collection::vec(good_strategy, goods),
                )
                    .prop_map(|(vans, goods)| Fleet {
                        vans: vans
                            .into_iter()
                            .enumerate()
                            .map(|(i, (v, w, o, stops))| {
                                van(&format!("v{i}"), f64::from(v), f64::from(w), o, &stops)
                            })
                            .collect(),
                        goods: goods
                            .into_iter()
                            .enumerate()
                            .map(|(i, (value, v, w, stock, need))| {
                                good(
                                    &format!("g{i}"),
                                    value,
                                    f64::from(v) * 0.5,
                                    f64::from(w) * 0.5,
                                    &stock,
                                    &need,
                                )
                            })
                            .collect(),
                    })
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The fleet plan is feasible, never below the one-after-another plan, and exactly as
        /// good as the best found by trying every per-stop delivery.
        #[test]
        fn fleet_plan_matches_brute_force(fleet in small_fleet()) {
            let plan = plan_fleet(&fleet).unwrap();
            let loads = loads_of(&fleet, &plan);
            prop_assert!(check(&fleet, &loads).is_ok(), "{:?}", check(&fleet, &loads));
            assert_delivers(&fleet, &plan);
            prop_assert!(plan.proven_optimal);
            let best = brute_force(&fleet);
            prop_assert!((plan.total_value - best).abs() < 1e-6, "plan {} brute force {}", plan.total_value, best);
            prop_assert!(plan.total_value >= plan.sequential_value - 1e-9);
            prop_assert!(plan.lp_bound >= plan.total_value - 1e-6);
        }
    }
}
