//! The exact search behind the fleet plan.
//!
//! The integer programme (see `fleet`) has an LP relaxation within a few points of its
//! optimum, so the work is in finding the load that is worth `⌊LP⌋` or a point or two less,
//! and in proving that no load beats it by a single value step. The steps, cheapest first,
//! each skipped once the best load is proven:
//! 1. an incumbent: the one-after-another plan, and the LP optimum rounded down and filled up
//!    greedily, whichever is worth more; then the ascent: each van planned again, exactly and
//!    alone, against what the others hold, until no van gains;
//! 2. a bound with prices: the dual of the LP, solved as an LP of its own, gives a price on
//!    every row; recomputed here in plain arithmetic, *any* non-negative prices bound every
//!    load (weak duality), so the bound does not trust the solver. The incumbent is optimal
//!    when within one value step of it;
//! 3. a Lagrangian bound: the shared rows priced at the LP's prices, each van loaded alone in
//!    whole units by the single-van search;
//! 4. Gomory mixed-integer cuts, a few rounds, from an optimal basis rebuilt from the LP point
//!    and the prices, each row's slack rounded as a whole number where the row lies on a grid:
//!    the vans filled in whole units *together* lose points that no single van's rounding
//!    shows, and the cuts see it. They are rows of the model from then on; the LP optimum
//!    with them is rounded into another incumbent;
//! 5. two neighbourhood searches by the branch and bound, seeded with the best load: each
//!    pair of vans searched exactly with the others held, then RINS (the quantities on which
//!    the LP optimum and the best load agree held, the rest searched);
//! 6. otherwise each quantity's reduced cost, and each priced row's price, limit how far a
//!    better load can move from the LP optimum (reduced-cost fixing): the branch and bound of
//!    `microlp` (on the model without the cuts, which finds loads faster) searches only those
//!    ranges (widened to hold the load near the LP optimum, which seeds it), in slices of
//!    nodes, until no load can beat the best by a value step by its own bound or by the
//!    cuts'. After a few hundred nodes in vain, more rounds of cuts are made, from several
//!    vertices of the LP's optimal face at once (the values nudged by a millionth): by then
//!    the best load is usually the optimum, and these often bring the bound under the next
//!    step. When they do not, their prices fence in every load worth a step more than the
//!    best (a box: reduced-cost fixing, each priced row's least fill), and a short branch
//!    and bound in that box, the value as a row and without the cuts, either finds such a
//!    load (then again, a step higher) or proves that none exists. A time or node limit
//!    leaves the best load found (after another ascent), unproven, with the bound.
//!
//! The limits are counts (cut rounds, nodes, pair searches until none gains) so that what the
//! search finds does not depend on the machine's load; the times are only a cap for a machine
//! far slower than expected, and the 3 s limit of the whole search.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use microlp::{
    ComparisonOp, OptimizationDirection, Problem, SolutionStatus, SolveOptions, TerminationReason,
    Variable,
};

use crate::runs::fleet::{check, sites_of, usage, value_of, Fleet};
use crate::runs::planner::{self, units_fitting, Capacity, Item, CAPACITY_TOLERANCE};

/// What the search found: the best loads, an upper bound on any load's value, whether the
/// loads are proven optimal and how many branch-and-bound nodes it took.
pub struct Found {
    pub loads: Vec<Vec<u32>>,
    pub bound: f64,
    pub proven_optimal: bool,
    pub nodes: u64,
}

/// Searches until `deadline`, starting from `start` (a load that passes `check`).
pub fn search(fleet: &Fleet, start: Vec<Vec<u32>>, deadline: Instant) -> Found {
    let bounds = upper_bounds(fleet);
    let mut model = Model::new(fleet, &bounds);
    let start_value = value_of(fleet, &start);
    let mut best = Best {
        value: start_value,
        loads: start,
    };
    if model.vars.is_empty() {
        // Nothing can travel: the empty load is the optimum, with nothing to search.
        return Found {
            loads: best.loads,
            bound: start_value,
            proven_optimal: true,
            nodes: 0,
        };
    }
    let relaxed = model.solve_lp();
    if let Some(x) = &relaxed {
        let mut rounded = model.to_loads(fleet, x, f64::floor);
        fill_up(fleet, &bounds, &mut rounded);
        best.offer(fleet, rounded);
    }
    let mut filled = best.loads.clone();
    fill_up(fleet, &bounds, &mut filled);
    best.offer(fleet, filled);
    // The branch and bound below searches around this load, near the LP optimum, as it is.
    let seed = best.loads.clone();
    let seed_value = best.value;
    // Each van planned again against the others often gains the points the rounding left.
    let set_sites: Vec<BTreeSet<usize>> = (0..1u32 << fleet.vans.len())
        .map(|s| sites_of(fleet, s))
        .collect();
    best.ascend(fleet, &bounds, &set_sites, deadline);

    let Some(prices) = model.prices() else {
        return Found {
            bound: relaxed
                .map_or(best.value, |x| model.value(&x))
                .max(best.value),
            loads: best.loads,
            proven_optimal: false,
            nodes: 0,
        };
    };
    let step = value_step(fleet, &bounds);
    let beats = |value: f64| beat(step, value);
    if prices.bound < beats(best.value) {
        return Found {
            loads: best.loads,
            bound: prices.bound.max(best.value),
            proven_optimal: true,
            nodes: 0,
        };
    }
    // Whole-unit vans priced by the Lagrangian often close the last point the LP bound leaves.
    let target = beats(best.value);
    let left = deadline.saturating_duration_since(Instant::now());
    let lagrangian = model.lagrangian_bound(
        fleet,
        &prices.rows[model.first_coupling..],
        best.value,
        target,
        Instant::now() + (left / 3).min(LAGRANGIAN_TIME),
    );
    let bound = lagrangian.map_or(prices.bound, |l| l.min(prices.bound));
    if bound < target {
        return Found {
            loads: best.loads,
            bound: bound.max(best.value),
            proven_optimal: true,
            nodes: 0,
        };
    }
    // The best bound so far: the LP's, with the cuts once they are made, or the Lagrangian's.
    let least = |p: &Prices| lagrangian.map_or(p.bound, |l| l.min(p.bound));
    // Gomory cuts: vans filled in whole units *together* lose a few points that no single
    // van's rounding shows (the LP moves a fraction from van to van through the shared rows);
    // cuts read off the LP optimum's equations see it, and one or two rounds usually bring the
    // LP bound under the next value step. The rows are then part of the model, for the prices
    // and the neighbourhood searches.
    //
    // The branch and bound at the end runs on the model as it is now, without the cuts: with
    // them its LPs are larger and it found the best load less often (on 3 of the 20 four-van
    // benchmark fleets); the cuts' bound proves what it finds.
    let plain = (model.clone(), prices.clone());
    let mut prices = prices;
    let mut lp_point = None;
    if let Some(x) = relaxed {
        let left = deadline.saturating_duration_since(Instant::now());
        let (x, cut_prices) = model.add_cuts(
            x,
            prices,
            (beats(best.value), Instant::now() + (left / 4).min(CUT_TIME)),
            false,
        );
        prices = cut_prices;
        best.offer_rounded(fleet, &bounds, &set_sites, &model, &x, deadline);
        lp_point = Some(x);
    }
    if least(&prices) < beats(best.value) {
        return Found {
            loads: best.loads,
            bound: least(&prices).max(best.value),
            proven_optimal: true,
            nodes: 0,
        };
    }
    // Vans searched exactly in pairs, the others held: moves between two vans at once.
    let left = deadline.saturating_duration_since(Instant::now());
    let subset_nodes = model.improve_in_subsets(
        fleet,
        &bounds,
        &set_sites,
        &mut best,
        |value| least(&prices) < beats(value),
        Instant::now() + (left / 3).min(SUBSET_TIME),
    );
    // RINS: the quantities on which the LP optimum (with the cuts) and the best load agree
    // held, the others searched by the branch and bound.
    let mut subset_nodes = subset_nodes;
    if let Some(x) = &lp_point {
        if least(&prices) >= beats(best.value) {
            let left = deadline.saturating_duration_since(Instant::now());
            subset_nodes += model.improve_where_they_differ(
                fleet,
                &bounds,
                &set_sites,
                &mut best,
                x,
                Instant::now() + (left / 3).min(RINS_TIME),
            );
        }
    }
    let bound = least(&prices);
    if bound < beats(best.value) {
        return Found {
            loads: best.loads,
            bound: bound.max(best.value),
            proven_optimal: true,
            nodes: subset_nodes,
        };
    }
    // The ranges and the seed are those of the load near the LP optimum, not of the better
    // load the ascent found: that one may lie far from the LP optimum, and ranges widened to
    // hold it would make the search much larger. Narrowing for the seed's value is valid too,
    // only wider: a better load is worth at least that much.
    let (plain_model, plain_prices) = plain;
    let room = plain_prices.bound - beats(seed_value);
    let (lo, hi) = plain_model.narrowed(&plain_prices, room);
    let mip_gap = if step > 0.0 && plain_prices.bound > 0.0 {
        0.999 * step / plain_prices.bound
    } else {
        0.0
    };
    let left = deadline.saturating_duration_since(Instant::now());
    let incumbent: Vec<u32> = plain_model.vars.iter().map(|v| seed[v.v][v.g]).collect();
    // The best load is now usually the optimum, and the bound a fraction of a step above it;
    // more cuts, from other vertices of the LP's optimal face too, often close that. They cost
    // a few LPs, so they come only once the branch and bound has searched a while in vain (it
    // finds a better load, when there is one, in its first few hundred nodes). Then the box
    // their prices leave for a better load is searched: a few hundred nodes there settle what
    // thousands of the plain branch and bound did not (3 vans seeds 1 and 18, 4 vans seed 12
    // of the benchmark).
    let mut bound = bound;
    let mut more_cuts = lp_point.take();
    let plain_rows = plain_model.rows.len();
    let mut enough = |value: f64, nodes: u64| {
        let value = value.max(best.value);
        if bound >= beats(value) && nodes >= MORE_CUTS_AFTER {
            if let Some(x) = more_cuts.take() {
                let left = deadline.saturating_duration_since(Instant::now());
                let cut_deadline = Instant::now() + (left / 3).min(CUT_TIME);
                let (_, cut_prices) =
                    model.add_cuts(x, prices.clone(), (beats(value), cut_deadline), true);
                bound = bound.min(least(&cut_prices));
                let left = deadline.saturating_duration_since(Instant::now());
                let box_deadline = Instant::now() + (left / 2).min(BOX_TIME);
                let context = (fleet, bounds.as_slice(), set_sites.as_slice());
                if model.search_boxes(&cut_prices, plain_rows, &mut best, context, box_deadline) {
                    // No load beats the best: the bound is the best load's value.
                    bound = f64::NEG_INFINITY;
                }
            }
        }
        bound < beats(value.max(best.value))
    };
    let outcome = plain_model.solve_mip(
        (&plain_prices, room),
        (&lo, &hi),
        &incumbent,
        mip_gap,
        &mut enough,
        left,
    );
    let model = plain_model;
    let (proven_optimal, nodes) = match outcome {
        Mip::Nothing { proven, nodes } => (proven, nodes),
        Mip::Found { x, proven, nodes } => {
            let loads = model.to_loads(fleet, &x, f64::round);
            // Only a load that passes the plain check counts, and only then does the proof.
            let valid = check(fleet, &loads).is_ok();
            if valid {
                best.offer(fleet, loads);
            }
            (proven && valid, nodes)
        }
    };
    if !proven_optimal {
        // The search stopped at a limit: its best load may still gain by the ascent, which
        // takes milliseconds.
        best.ascend(
            fleet,
            &bounds,
            &set_sites,
            Instant::now() + ASCENT_AFTER_LIMIT,
        );
    }
    // A better load found by the search may now meet the Lagrangian bound.
    let proven_optimal = proven_optimal || bound < beats(best.value);
    Found {
        loads: best.loads,
        bound: bound.max(best.value),
        proven_optimal,
        nodes: nodes + subset_nodes,
    }
}

/// The least value a load must have to beat one worth `value`: a value step more (less a
/// margin for round-off), or a hair more when values lie on no grid.
fn beat(step: f64, value: f64) -> f64 {
    if step > 0.0 {
        value + step * (1.0 - 1e-6)
    } else {
        value + 1e-9 * value.max(1.0)
    }
}

/// Branch-and-bound nodes searched in vain before more cuts are made.
const MORE_CUTS_AFTER: u64 = 200;
/// The ascent's allowance once the branch and bound has used the time left.
const ASCENT_AFTER_LIMIT: Duration = Duration::from_millis(20);
/// The most time the Lagrangian bound may take before the branch and bound starts.
const LAGRANGIAN_TIME: Duration = Duration::from_millis(250);

struct Best {
    value: f64,
    loads: Vec<Vec<u32>>,
}

impl Best {
    /// Plans each van again, alone, against what the other vans hold (the exact single-van
    /// planner), and keeps the new load when it is worth more, until no van gains or
    /// `deadline`: moves the LP rounding and the one-after-another plan cannot make.
    fn ascend(
        &mut self,
        fleet: &Fleet,
        bounds: &[Vec<u32>],
        set_sites: &[BTreeSet<usize>],
        deadline: Instant,
    ) {
        let mut loads = self.loads.clone();
        let mut settled = 0;
        let n = fleet.vans.len();
        let mut v = 0;
        // Stop once every van has been planned against the others' current loads in vain.
        while settled < n && Instant::now() < deadline {
            if let Some(load) = replan_van(fleet, bounds, &loads, set_sites, v) {
                if value_of_load(fleet, &load) > value_of_load(fleet, &loads[v]) + 1e-9 {
                    loads[v] = load;
                    settled = 0;
                }
            }
            settled += 1;
            v = (v + 1) % n;
        }
        self.offer(fleet, loads);
    }

    /// The LP optimum `x` of `model` (with cuts, nearer a whole-unit load) rounded down and
    /// filled up; ascended if it is the best load so far.
    fn offer_rounded(
        &mut self,
        fleet: &Fleet,
        bounds: &[Vec<u32>],
        set_sites: &[BTreeSet<usize>],
        model: &Model,
        x: &[f64],
        deadline: Instant,
    ) {
        let mut rounded = model.to_loads(fleet, x, f64::floor);
        fill_up(fleet, bounds, &mut rounded);
        let before = self.value;
        self.offer(fleet, rounded);
        if self.value > before {
            self.ascend(fleet, bounds, set_sites, deadline);
        }
    }

    fn offer(&mut self, fleet: &Fleet, loads: Vec<Vec<u32>>) {
        let value = value_of(fleet, &loads);
        if value > self.value && check(fleet, &loads).is_ok() {
            self.value = value;
            self.loads = loads;
        }
    }
}

/// One quantity of the programme: good `g` on van `v`, between 0 and `hi`.
#[derive(Clone)]
struct Var {
    v: usize,
    g: usize,
    hi: u32,
    value: f64,
}

/// The programme with its variables numbered: `rows` are `Σ coef · x ≤ limit`.
#[derive(Clone)]
struct Model {
    vars: Vec<Var>,
    rows: Vec<(Vec<(usize, f64)>, f64)>,
    /// Rows from here on are stock and need rows shared between vans (then the cuts); those
    /// before are the vans' own volume and payload.
    first_coupling: usize,
    /// The grid of total values (see `value_step`).
    step: f64,
}

/// Prices on the rows and what they imply: for each quantity the value lost per unit taken
/// below its upper bound (`under`) or above zero (`over`), and the bound
/// `Σ limit · price + Σ hi · under` on every load's value.
#[derive(Clone)]
struct Prices {
    rows: Vec<f64>,
    under: Vec<f64>,
    over: Vec<f64>,
    bound: f64,
}

/// A box of loads as a model of its own (see `Model::boxed`): its quantity `k` is the
/// original quantity `of[k]`, counted from `base` (every original quantity's lower end);
/// `offset` is the value of `base`.
struct Boxed {
    model: Model,
    of: Vec<usize>,
    base: Vec<u32>,
    offset: f64,
}

/// What `Model::search_above` found.
enum Above {
    /// The solver proved that no load is worth the floor.
    Nothing,
    Found(Vec<f64>),
    /// A limit stopped it first.
    Stopped,
}

enum Mip {
    /// No answer from the solver: proven only when there was nothing to search.
    Nothing { proven: bool, nodes: u64 },
    Found {
        x: Vec<f64>,
        proven: bool,
        nodes: u64,
    },
}

impl Model {
    fn new(fleet: &Fleet, bounds: &[Vec<u32>]) -> Model {
        let mut vars = Vec::new();
        let mut index = vec![vec![None; fleet.goods.len()]; fleet.vans.len()];
        for (v, per_good) in bounds.iter().enumerate() {
            for (g, &hi) in per_good.iter().enumerate() {
                if hi > 0 {
                    index[v][g] = Some(vars.len());
                    vars.push(Var {
                        v,
                        g,
                        hi,
                        value: fleet.goods[g].unit_value,
                    });
                }
            }
        }
        let mut rows = Vec::new();
        for (v, van) in fleet.vans.iter().enumerate() {
            let volume: Vec<(usize, f64)> = index[v]
                .iter()
                .zip(&fleet.goods)
                .filter_map(|(j, g)| j.filter(|_| g.volume_l > 0.0).map(|j| (j, g.volume_l)))
                .collect();
            let weight: Vec<(usize, f64)> = index[v]
                .iter()
                .zip(&fleet.goods)
                .filter_map(|(j, g)| j.filter(|_| g.weight_kg > 0.0).map(|j| (j, g.weight_kg)))
                .collect();
            for (terms, cap) in [
                (volume, van.capacity.volume_l),
                (weight, van.capacity.payload_kg),
            ] {
                if !terms.is_empty() {
                    rows.push((terms, cap));
                }
            }
        }
        let first_coupling = rows.len();
        for row in coupling_rows(fleet, bounds) {
            let terms: Vec<(usize, f64)> = row
                .vans
                .iter()
                .filter_map(|&v| index[v][row.good].map(|j| (j, 1.0)))
                .collect();
            if !terms.is_empty() {
                rows.push((terms, row.limit));
            }
        }
        Model {
            vars,
            rows,
            first_coupling,
            step: value_step(fleet, bounds),
        }
    }

    fn value(&self, x: &[f64]) -> f64 {
        self.vars.iter().zip(x).map(|(var, &q)| var.value * q).sum()
    }

    fn to_loads(&self, fleet: &Fleet, x: &[f64], round: fn(f64) -> f64) -> Vec<Vec<u32>> {
        let mut loads = vec![vec![0u32; fleet.goods.len()]; fleet.vans.len()];
        for (var, &q) in self.vars.iter().zip(x) {
            // Rounding down stays within every row (all coefficients are ≥ 0); `as` saturates.
            loads[var.v][var.g] = round(q + 1e-7).clamp(0.0, f64::from(var.hi)) as u32;
        }
        loads
    }

    fn problem(&self, lo: &[u32], hi: &[u32], integer: bool) -> (Problem, Vec<Variable>) {
        let mut problem = Problem::new(OptimizationDirection::Maximize);
        let xs: Vec<Variable> = self
            .vars
            .iter()
            .enumerate()
            .map(|(j, var)| {
                if integer {
                    let bound = |q: u32| i32::try_from(q).unwrap_or(i32::MAX);
                    problem.add_integer_var(var.value, (bound(lo[j]), bound(hi[j])))
                } else {
                    problem.add_var(var.value, (f64::from(lo[j]), f64::from(hi[j])))
                }
            })
            .collect();
        for (terms, limit) in &self.rows {
            let terms: Vec<(Variable, f64)> = terms.iter().map(|&(j, a)| (xs[j], a)).collect();
            problem.add_constraint(terms, ComparisonOp::Le, *limit);
        }
        (problem, xs)
    }

    fn solve_lp(&self) -> Option<Vec<f64>> {
        let lo = vec![0; self.vars.len()];
        let hi: Vec<u32> = self.vars.iter().map(|v| v.hi).collect();
        let (problem, xs) = self.problem(&lo, &hi, false);
        let solution = problem.solve().ok()?.into_solution().ok()?;
        Some(xs.iter().map(|&x| solution.var_value(x)).collect())
    }

    /// Rounds of Gomory cuts from the LP optimum `x`, each followed by the LP again, until the
    /// LP bound is under `target`, stops falling, or `deadline`. The cuts become rows.
    ///
    /// The LP's optimal face is wide (most quantities have reduced cost 0), and cuts from one
    /// vertex of it often leave the bound where it was: the LP moves to another vertex of the
    /// same face. With `other_vertices`, each round also takes cuts from other vertices of the
    /// face, found with the values nudged by a millionth (kept only if still optimal for the
    /// true values), and stops at the first round in vain.
    fn add_cuts(
        &mut self,
        mut x: Vec<f64>,
        prices: Prices,
        (target, deadline): (f64, Instant),
        other_vertices: bool,
    ) -> (Vec<f64>, Prices) {
        let before = self.rows.len();
        let mut last = self.value(&x);
        let mut stalled = 0;
        for round in 0..CUT_ROUNDS {
            if last < target || Instant::now() >= deadline || self.rows.len() >= MAX_ROWS {
                break;
            }
            let Some(prices) = self.prices() else {
                break;
            };
            let mut cuts = self.gomory_cuts(&x, &prices);
            if other_vertices {
                for k in 0..OTHER_VERTICES {
                    let Some(other) = self.nudged(round * OTHER_VERTICES + k).solve_lp() else {
                        continue;
                    };
                    if self.value(&other) >= last - 1e-6 * last.abs().max(1.0) {
                        cuts.extend(self.gomory_cuts(&other, &prices));
                    }
                }
            }
            if cuts.is_empty() {
                break;
            }
            self.rows.extend(cuts);
            let Some(next) = self.solve_lp() else {
                break;
            };
            let value = self.value(&next);
            x = next;
            if value > last - CUT_PROGRESS {
                stalled += 1;
                // Cuts from several vertices at once: one round in vain is enough.
                if stalled >= if other_vertices { 1 } else { STALL_ROUNDS } {
                    break;
                }
            } else {
                stalled = 0;
            }
            last = value;
        }
        if self.rows.len() == before {
            return (x, prices);
        }
        let prices = match self.prices() {
            Some(p) if p.bound <= prices.bound => p,
            // Price 0 on the new rows keeps the old bound, and the rows line up.
            _ => {
                let mut old = prices;
                old.rows.resize(self.rows.len(), 0.0);
                old
            }
        };
        (x, prices)
    }

    /// The box every load worth `target` or more lies in, by the prices (reduced-cost
    /// fixing, as a MIP solver does on a restart): each quantity within the range its reduced
    /// cost allows, each priced row at most `room / price` short of full; as a model of its
    /// own, the quantities it fixes left out. `None` when the box holds no load: then none
    /// is worth `target`.
    ///
    /// Only the first `rows` rows (the model's own, not the cuts) are kept with their
    /// floors: the cuts' rows made the branch and bound in the box several times slower.
    fn boxed(&self, prices: &Prices, target: f64, rows: usize) -> Option<Boxed> {
        let room = prices.bound - target;
        if room < 0.0 {
            return None;
        }
        let (lo, hi) = self.narrowed(prices, room);
        let mut with_floors = self.clone();
        with_floors.rows.truncate(rows);
        with_floors.rows.extend(self.floors(prices, room, rows));
        let (model, of, offset) = with_floors.restricted(&lo, &hi)?;
        Some(Boxed {
            model,
            of,
            base: lo,
            offset,
        })
    }

    /// Loads worth a step more than the best, searched in the box of each (see `boxed`)
    /// by the branch and bound: a load found becomes the best (and is ascended), and the
    /// search goes on for the next step. True once no load beats the best (proven).
    fn search_boxes(
        &self,
        prices: &Prices,
        rows: usize,
        best: &mut Best,
        (fleet, bounds, set_sites): (&Fleet, &[Vec<u32>], &[BTreeSet<usize>]),
        deadline: Instant,
    ) -> bool {
        loop {
            let target = beat(self.step, best.value);
            let Some(boxed) = self.boxed(prices, target, rows) else {
                return true;
            };
            let floor = target - boxed.offset;
            match boxed.model.search_above(floor, BOX_NODES, deadline) {
                Above::Nothing => return true,
                Above::Stopped => return false,
                Above::Found(x) => {
                    let mut q: Vec<f64> = boxed.base.iter().map(|&b| f64::from(b)).collect();
                    for (&j, &n) in boxed.of.iter().zip(&x) {
                        q[j] += n;
                    }
                    let before = best.value;
                    best.offer(fleet, self.to_loads(fleet, &q, f64::round));
                    if best.value <= before {
                        // Not a load `check` passes after all: no proof either way.
                        return false;
                    }
                    best.ascend(fleet, bounds, set_sites, deadline);
                }
            }
        }
    }

    /// For each priced row among the first `rows`, the least it can hold in a load worth
    /// `room` less than the price bound or more (a row left `k` short costs `k · price`), as
    /// a row `−Σ coef · x ≤ −least`. A row whose coefficients are whole multiples of a grid
    /// (kilograms in twentieths, say) holds a multiple of it, so `least` is rounded up to the
    /// grid: a row that must be within less than a grid step of full becomes an equality.
    fn floors(&self, prices: &Prices, room: f64, rows: usize) -> Vec<(Vec<(usize, f64)>, f64)> {
        let mut out = Vec::new();
        for ((terms, limit), &price) in self.rows.iter().zip(&prices.rows).take(rows) {
            if price <= 0.0 || room / price >= limit.abs() + 1.0 {
                continue;
            }
            let mut least = limit - room / price;
            let grid = [1.0, 10.0, 20.0, 100.0].into_iter().find(|scale| {
                terms.iter().all(|&(_, a)| {
                    let x = a * scale;
                    (x - x.round()).abs() <= 1e-9 * x.abs().max(1.0)
                })
            });
            if let Some(scale) = grid {
                least = (least * scale - 1e-6).ceil() / scale;
            }
            // Round-off margin, as for the cuts.
            let spread: f64 = terms
                .iter()
                .map(|&(j, a)| a.abs() * f64::from(self.vars[j].hi))
                .sum();
            let least = least - 1e-9 * (1.0 + spread);
            out.push((terms.iter().map(|&(j, a)| (j, -a)).collect(), -least));
        }
        out
    }

    /// The model within `lo..=hi`, each quantity counted from `lo`: the quantities held fixed
    /// left out, each row's limit less what they take, and the value they bring. `None` when
    /// a row's fixed quantities alone pass its limit (no load lies in the box).
    fn restricted(&self, lo: &[u32], hi: &[u32]) -> Option<(Model, Vec<usize>, f64)> {
        let mut index = vec![None; self.vars.len()];
        let mut vars = Vec::new();
        let mut kept = Vec::new();
        let mut held = 0.0;
        for (j, var) in self.vars.iter().enumerate() {
            held += var.value * f64::from(lo[j]);
            if hi[j] > lo[j] {
                index[j] = Some(vars.len());
                kept.push(j);
                vars.push(Var {
                    hi: hi[j] - lo[j],
                    ..var.clone()
                });
            }
        }
        let mut rows = Vec::new();
        let mut first_coupling = 0;
        for (r, (terms, limit)) in self.rows.iter().enumerate() {
            let taken: f64 = terms.iter().map(|&(j, a)| a * f64::from(lo[j])).sum();
            let left = limit - taken;
            let kept: Vec<(usize, f64)> = terms
                .iter()
                .filter_map(|&(j, a)| index[j].map(|k| (k, a)))
                .collect();
            if kept.is_empty() {
                if left < -1e-9 * limit.abs().max(1.0) {
                    return None;
                }
                continue;
            }
            first_coupling += usize::from(r < self.first_coupling);
            rows.push((kept, left));
        }
        let model = Model {
            vars,
            rows,
            first_coupling,
            step: self.step,
        };
        Some((model, kept, held))
    }

    /// The branch and bound for a load worth `floor` or more (the value as a row), until
    /// it finds one, proves there is none, or `nodes` or `deadline`.
    fn search_above(&self, floor: f64, nodes: u64, deadline: Instant) -> Above {
        let lo = vec![0; self.vars.len()];
        let hi: Vec<u32> = self.vars.iter().map(|v| v.hi).collect();
        let (mut problem, xs) = self.problem(&lo, &hi, true);
        let value: Vec<(Variable, f64)> = xs
            .iter()
            .zip(&self.vars)
            .map(|(&x, var)| (x, var.value))
            .collect();
        problem.add_constraint(value, ComparisonOp::Ge, floor);
        let mut options = SolveOptions::default();
        options.time_limit = Some(deadline.saturating_duration_since(Instant::now()));
        options.node_limit = Some(nodes);
        // Any load it finds will do: every one is worth `floor` or more.
        options.mip_gap = 1.0;
        match problem.solve_with(options) {
            Err(microlp::Error::Infeasible) => Above::Nothing,
            Err(_) => Above::Stopped,
            Ok(outcome) => match outcome.into_solution() {
                Ok(solution) => Above::Found(xs.iter().map(|&x| solution.var_value(x)).collect()),
                Err(_) => Above::Stopped,
            },
        }
    }

    /// The model with each value nudged by up to a millionth, pseudo-randomly from `seed`:
    /// its LP optimum is another vertex of the true LP's optimal face (or near it).
    fn nudged(&self, seed: usize) -> Model {
        let mut other = self.clone();
        let mut state = (seed as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for var in &mut other.vars {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            // The top 53 bits as a fraction in [0, 1), then in [-1, 1).
            let r = (state >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
            var.value *= 1.0 + NUDGE * r;
        }
        other
    }

    /// Gomory mixed-integer cuts from an optimal vertex `x` of the LP and optimal `prices`,
    /// as rows `Σ coef · x ≤ limit`.
    ///
    /// An optimal basis is rebuilt from the two: over the tight rows, the quantities strictly
    /// between their bounds are basic, then quantities at a bound with reduced cost 0, then
    /// the slacks of rows priced 0, as long as they are independent (a basis that is not
    /// optimal gives cuts the LP slides around at no cost). A fractional basic `x_i` is then
    /// `Σ u_r (limit_r − a_r·x − s_r)` with `s_r ≥ 0` the slacks; that equation, every other
    /// quantity measured from the bound it sits at, gives the Gomory mixed-integer cut. The
    /// cut is valid for any multipliers `u` (it is the mixed-integer rounding of an equation
    /// every load satisfies), so it is computed from `u` in plain arithmetic and does not
    /// depend on how exactly `u` was found; a small margin covers the round-off.
    ///
    /// Every row of the model has a whole-number slack once scaled (stock and need rows as
    /// they are, payload rows in twentieths of a kilogram: see `integral_scale`), and such a
    /// slack is rounded as a quantity is. Taken as continuous, a slack with multiplier `u`
    /// enters the cut with `|u| / f₀` (or `/ (1 − f₀)`) instead of at most `k`: the cuts then
    /// stalled at 133 895.0001 on 4 vans seed 8 of the benchmark (best load 133 894), and
    /// whole slacks take them to 133 894.65, which proves it.
    fn gomory_cuts(&self, x: &[f64], prices: &Prices) -> Vec<(Vec<(usize, f64)>, f64)> {
        const EPS: f64 = 1e-7;
        let n = self.vars.len();
        let hi: Vec<f64> = self.vars.iter().map(|v| f64::from(v.hi)).collect();
        let frac = |v: f64| v - v.floor();
        let fractional = |j: usize| frac(x[j]) > MIN_FRACTION && frac(x[j]) < 1.0 - MIN_FRACTION;
        let interior: Vec<usize> = (0..n)
            .filter(|&j| x[j] > EPS && x[j] < hi[j] - EPS)
            .collect();
        if !interior.iter().any(|&j| fractional(j)) {
            return Vec::new();
        }
        let tight: Vec<usize> = (0..self.rows.len())
            .filter(|&r| {
                let (terms, limit) = &self.rows[r];
                let used: f64 = terms.iter().map(|&(j, a)| a * x[j]).sum();
                limit - used <= EPS * limit.abs().max(1.0)
            })
            .collect();
        let t = tight.len();
        // The tight rows as columns of the quantities (`column[j]`: (row among tight, coef)).
        let mut column: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for (i, &r) in tight.iter().enumerate() {
            for &(j, a) in &self.rows[r].0 {
                column[j].push((i, a));
            }
        }
        let reduced = |j: usize| prices.under[j] - prices.over[j];
        let is_interior = {
            let mut v = vec![false; n];
            for &j in &interior {
                v[j] = true;
            }
            v
        };
        // Candidates for the basis, in order: `Ok(j)` a quantity, `Err(i)` tight row i's slack.
        let mut candidates: Vec<Result<usize, usize>> = interior.iter().map(|&j| Ok(j)).collect();
        let degenerate_vars = (0..n)
            .filter(|&j| !is_interior[j] && reduced(j).abs() <= EPS * self.vars[j].value.max(1.0))
            .map(Ok);
        let degenerate_slacks = (0..t).filter(|&i| prices.rows[tight[i]] <= EPS).map(Err);
        candidates.extend(degenerate_vars);
        candidates.extend(degenerate_slacks);
        candidates.extend((0..t).filter(|&i| prices.rows[tight[i]] > EPS).map(Err));
        let dense = |c: &Result<usize, usize>| {
            let mut v = vec![0.0; t];
            match *c {
                Ok(j) => column[j].iter().for_each(|&(i, a)| v[i] = a),
                Err(i) => v[i] = 1.0,
            }
            v
        };
        // Independent columns picked by elimination: `pivots` holds (row, reduced column).
        let mut pivots: Vec<(usize, Vec<f64>)> = Vec::with_capacity(t);
        let mut taken_row = vec![false; t];
        let mut basis: Vec<Result<usize, usize>> = Vec::with_capacity(t);
        for c in &candidates {
            if basis.len() == t {
                break;
            }
            let mut v = dense(c);
            for (row, p) in &pivots {
                if v[*row] != 0.0 {
                    let f = v[*row] / p[*row];
                    v.iter_mut().zip(p).for_each(|(a, b)| *a -= f * b);
                }
            }
            let best = (0..t)
                .filter(|&i| !taken_row[i])
                .max_by(|&a, &b| v[a].abs().total_cmp(&v[b].abs()));
            match best {
                Some(i) if v[i].abs() > 1e-9 => {
                    taken_row[i] = true;
                    pivots.push((i, v));
                    basis.push(*c);
                }
                // A quantity strictly inside its range must be basic: not a vertex after all.
                _ if matches!(c, Ok(j) if is_interior[*j]) => return Vec::new(),
                _ => {}
            }
        }
        if basis.len() < t {
            return Vec::new();
        }
        // Rows of the basis inverse for the fractional basic quantities: `Bᵀ u = e_p`, solved
        // together by Gauss–Jordan with partial pivoting.
        let wanted: Vec<(usize, usize)> = basis
            .iter()
            .enumerate()
            .filter_map(|(p, c)| match *c {
                Ok(j) if fractional(j) => Some((p, j)),
                _ => None,
            })
            .collect();
        let mut wanted = wanted;
        wanted.sort_by(|a, b| {
            let d = |j: usize| (frac(x[j]) - 0.5).abs();
            d(a.1).total_cmp(&d(b.1))
        });
        wanted.truncate(CUTS_PER_ROUND);
        let w = wanted.len();
        // Augmented rows of `Bᵀ`: row p is basis column p, then the right-hand sides.
        let mut m: Vec<Vec<f64>> = basis
            .iter()
            .enumerate()
            .map(|(p, c)| {
                let mut row = dense(c);
                row.extend(wanted.iter().map(|&(q, _)| if q == p { 1.0 } else { 0.0 }));
                row
            })
            .collect();
        for col in 0..t {
            let Some(pivot) = (col..t).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))
            else {
                return Vec::new();
            };
            if m[pivot][col].abs() < 1e-12 {
                return Vec::new();
            }
            m.swap(col, pivot);
            let d = m[col][col];
            m[col].iter_mut().for_each(|a| *a /= d);
            let row = m[col].clone();
            for (r, other) in m.iter_mut().enumerate() {
                if r != col && other[col] != 0.0 {
                    let f = other[col];
                    other.iter_mut().zip(&row).for_each(|(a, b)| *a -= f * b);
                }
            }
        }
        let upper: Vec<bool> = (0..n).map(|j| x[j] >= hi[j] - EPS).collect();
        let scales: Vec<Option<f64>> = tight
            .iter()
            .map(|&r| integral_scale(&self.rows[r].0, self.rows[r].1))
            .collect();
        let mut cuts = Vec::new();
        for k in 0..w {
            // u[i]: the multiplier of tight row i.
            let u: Vec<f64> = (0..t).map(|i| m[i][t + k]).collect();
            let mut alpha = vec![0.0; n];
            let mut beta = 0.0;
            for (i, &ui) in u.iter().enumerate() {
                if ui == 0.0 {
                    continue;
                }
                let (terms, limit) = &self.rows[tight[i]];
                for &(j, a) in terms {
                    alpha[j] += ui * a;
                }
                beta += ui * limit;
            }
            // Each quantity measured from its bound: `y = x` at 0, `y = hi − x` at the top.
            let mut b = beta;
            for j in 0..n {
                if upper[j] {
                    b -= alpha[j] * hi[j];
                }
            }
            let f0 = frac(b);
            if !(MIN_FRACTION..=1.0 - MIN_FRACTION).contains(&f0) {
                continue;
            }
            let whole = |a: f64| {
                let f = frac(a);
                (f / f0).min((1.0 - f) / (1.0 - f0))
            };
            let slack = |u: f64| if u >= 0.0 { u / f0 } else { -u / (1.0 - f0) };
            // The cut `Σ whole(ā)·y + Σ slack(u)·s ≥ 1`, back in the quantities: `c·x ≥ rhs`.
            let mut c = vec![0.0; n];
            let mut rhs = 1.0;
            for j in 0..n {
                let a = if upper[j] { -alpha[j] } else { alpha[j] };
                let g = whole(a);
                if g > 0.0 {
                    if upper[j] {
                        c[j] -= g;
                        rhs -= g * hi[j];
                    } else {
                        c[j] += g;
                    }
                }
            }
            for (i, &ui) in u.iter().enumerate() {
                // A slack that is a whole number of `1 / k` is rounded as a quantity is: the
                // cut a continuous slack allows is much weaker whenever `|u| > k`.
                let h = match scales[i] {
                    Some(k) => k * whole(ui / k),
                    None => slack(ui),
                };
                if h > 0.0 {
                    let (terms, limit) = &self.rows[tight[i]];
                    for &(j, a) in terms {
                        c[j] -= h * a;
                    }
                    rhs -= h * limit;
                }
            }
            let scale = c.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            if !(scale.is_finite() && rhs.is_finite()) || scale == 0.0 {
                continue;
            }
            // Tiny coefficients dropped the safe way: a term that could only help is given
            // its best, so the cut stays valid.
            let mut terms = Vec::new();
            for (j, cj) in c.iter().enumerate() {
                let cj = cj / scale;
                if cj.abs() < 1e-9 {
                    if cj > 0.0 {
                        rhs -= cj * scale * hi[j];
                    }
                } else {
                    terms.push((j, -cj));
                }
            }
            let rhs = rhs / scale;
            let spread: f64 = terms.iter().map(|&(j, a)| a.abs() * hi[j]).sum();
            let limit = -rhs + 1e-9 * (1.0 + spread);
            let at_x: f64 = terms.iter().map(|&(j, a)| a * x[j]).sum();
            // Kept only if it cuts the vertex off by a clear margin.
            if at_x - limit > 1e-6 * (1.0 + spread.sqrt()) {
                cuts.push((terms, limit));
            }
        }
        cuts
    }

    /// The best load's quantities that equal the LP optimum `x` held, the rest searched by
    /// the branch and bound seeded with the best load; a better load is kept (and ascended).
    fn improve_where_they_differ(
        &self,
        fleet: &Fleet,
        bounds: &[Vec<u32>],
        set_sites: &[BTreeSet<usize>],
        best: &mut Best,
        x: &[f64],
        deadline: Instant,
    ) -> u64 {
        let incumbent: Vec<u32> = self.vars.iter().map(|v| best.loads[v.v][v.g]).collect();
        let (lo, hi): (Vec<u32>, Vec<u32>) = self
            .vars
            .iter()
            .zip(&incumbent)
            .zip(x)
            .map(|((var, &q), &l)| {
                if (f64::from(q) - l).abs() < 1e-6 {
                    (q, q)
                } else {
                    (0, var.hi)
                }
            })
            .unzip();
        let Some((x, nodes)) =
            self.search_box(&lo, &hi, &incumbent, best.value, RINS_NODES, deadline)
        else {
            return 0;
        };
        let before = best.value;
        best.offer(fleet, self.to_loads(fleet, &x, f64::round));
        if best.value > before {
            best.ascend(fleet, bounds, set_sites, deadline);
        }
        nodes
    }

    /// The branch and bound within `lo..=hi`, seeded with `incumbent` (worth `value`), until
    /// no load can beat it by a value step, `nodes` or `deadline`: its best load and nodes.
    fn search_box(
        &self,
        lo: &[u32],
        hi: &[u32],
        incumbent: &[u32],
        value: f64,
        nodes: u64,
        deadline: Instant,
    ) -> Option<(Vec<f64>, u64)> {
        let (problem, xs) = self.problem(lo, hi, true);
        let mut options = SolveOptions::default();
        options.time_limit = Some(deadline.saturating_duration_since(Instant::now()));
        options.node_limit = Some(nodes);
        options.mip_gap = 0.999 * self.step / value.max(1.0);
        options.warm_start = Some(
            xs.iter()
                .zip(incumbent)
                .map(|(&x, &q)| (x, f64::from(q)))
                .collect(),
        );
        let outcome = problem.solve_with(options).ok()?;
        let nodes = outcome.stats().nodes_solved;
        let solution = outcome.into_solution().ok()?;
        Some((xs.iter().map(|&x| solution.var_value(x)).collect(), nodes))
    }

    /// Large-neighbourhood search: for each pair of vans, the other vans' loads held, the
    /// pair's best loads by the branch and bound, seeded with the best; again until no pair
    /// gains, `proven` says the best is optimal, or `deadline`. Every load it keeps passes `check` (through `Best::offer`).
    fn improve_in_subsets(
        &self,
        fleet: &Fleet,
        bounds: &[Vec<u32>],
        set_sites: &[BTreeSet<usize>],
        best: &mut Best,
        proven: impl Fn(f64) -> bool,
        deadline: Instant,
    ) -> u64 {
        let n = fleet.vans.len();
        let mut nodes = 0;
        if n < 3 {
            return nodes;
        }
        // Pairs sharing more sites first: they have the most to trade. (Triples found nothing
        // more on the benchmark fleets and cost more time.)
        let mut subsets: Vec<u32> = (1..(1u32 << n)).filter(|s| s.count_ones() == 2).collect();
        subsets.sort_by_key(|s| std::cmp::Reverse(set_sites[*s as usize].len()));
        let mut settled = 0;
        let mut k = 0;
        while settled < subsets.len() && !proven(best.value) && Instant::now() < deadline {
            let set = subsets[k];
            k = (k + 1) % subsets.len();
            settled += 1;
            let incumbent: Vec<u32> = self.vars.iter().map(|v| best.loads[v.v][v.g]).collect();
            let (lo, hi): (Vec<u32>, Vec<u32>) = self
                .vars
                .iter()
                .zip(&incumbent)
                .map(|(var, &q)| {
                    if set & (1 << var.v) != 0 {
                        (0, var.hi)
                    } else {
                        (q, q)
                    }
                })
                .unzip();
            let Some((x, used)) =
                self.search_box(&lo, &hi, &incumbent, best.value, SUBSET_NODES, deadline)
            else {
                continue;
            };
            nodes += used;
            let before = best.value;
            best.offer(fleet, self.to_loads(fleet, &x, f64::round));
            if best.value > before {
                best.ascend(fleet, bounds, set_sites, deadline);
                settled = 0;
            }
        }
        nodes
    }

    /// Prices from the dual LP `min Σ limit·y + Σ hi·u, Σ coef·y + u ≥ value, y, u ≥ 0`.
    fn prices(&self) -> Option<Prices> {
        let mut problem = Problem::new(OptimizationDirection::Minimize);
        let ys: Vec<Variable> = self
            .rows
            .iter()
            .map(|(_, limit)| problem.add_var(*limit, (0.0, f64::INFINITY)))
            .collect();
        let mut columns: Vec<Vec<(Variable, f64)>> = vec![Vec::new(); self.vars.len()];
        for ((terms, _), &y) in self.rows.iter().zip(&ys) {
            for &(j, a) in terms {
                columns[j].push((y, a));
            }
        }
        for (var, mut column) in self.vars.iter().zip(columns) {
            column.push((
                problem.add_var(f64::from(var.hi), (0.0, f64::INFINITY)),
                1.0,
            ));
            problem.add_constraint(column, ComparisonOp::Ge, var.value);
        }
        let solution = problem.solve().ok()?.into_solution().ok()?;
        let y: Vec<f64> = ys.iter().map(|&y| solution.var_value(y).max(0.0)).collect();
        // The solver's own `u` is ignored: for the prices `y` the best `u` is the reduced cost.
        let mut reduced: Vec<f64> = self.vars.iter().map(|v| v.value).collect();
        let mut bound = 0.0;
        for ((terms, limit), &price) in self.rows.iter().zip(&y) {
            bound += limit * price;
            for &(j, a) in terms {
                reduced[j] -= a * price;
            }
        }
        let under: Vec<f64> = reduced.iter().map(|r| r.max(0.0)).collect();
        let over: Vec<f64> = reduced.iter().map(|r| (-r).max(0.0)).collect();
        bound += self
            .vars
            .iter()
            .zip(&under)
            .map(|(v, u)| f64::from(v.hi) * u)
            .sum::<f64>();
        // Room for the round-off of the sums above.
        let bound = bound + 1e-9 * bound.abs().max(1.0);
        bound.is_finite().then_some(Prices {
            rows: y,
            under,
            over,
            bound,
        })
    }

    /// The Lagrangian bound: the shared stock and need rows priced at `λ ≥ 0`, each van then
    /// takes its best whole-unit load alone (the exact single-van planner) at values less
    /// those prices, so `L(λ) = Σ limit·λ + Σ_van best load`. Any `λ ≥ 0` bounds every load
    /// (weak duality), and whole units make it tighter than the LP's bound at the same
    /// prices. Subgradient steps from the LP's prices, until the bound is below `target`,
    /// stops improving, or `deadline`; `None` if no round ran.
    fn lagrangian_bound(
        &self,
        fleet: &Fleet,
        start: &[f64],
        incumbent: f64,
        target: f64,
        deadline: Instant,
    ) -> Option<f64> {
        let shared = &self.rows[self.first_coupling..];
        let mut rows_of: Vec<Vec<(usize, f64)>> = vec![Vec::new(); self.vars.len()];
        for (r, (terms, _)) in shared.iter().enumerate() {
            for &(j, a) in terms {
                rows_of[j].push((r, a));
            }
        }
        let mut lambda = start.to_vec();
        let mut best = f64::INFINITY;
        let mut theta = 1.0;
        let mut stale = 0;
        for _ in 0..LAGRANGIAN_ROUNDS {
            let (bound, x) = self.lagrangian(fleet, shared, &rows_of, &lambda);
            if bound < best - 1e-9 {
                best = bound;
                stale = 0;
            } else {
                stale += 1;
                if stale >= 4 {
                    theta /= 2.0;
                    stale = 0;
                }
            }
            if best < target || theta < 1e-3 || Instant::now() >= deadline {
                break;
            }
            // A row's slack at the vans' loads; a priced row with slack, or any overfull row,
            // says which way its price should move.
            let slack: Vec<f64> = shared
                .iter()
                .map(|(terms, limit)| limit - terms.iter().map(|&(j, a)| a * x[j]).sum::<f64>())
                .collect();
            let norm: f64 = slack
                .iter()
                .zip(&lambda)
                .filter(|(g, l)| **g < 0.0 || **l > 0.0)
                .map(|(g, _)| g * g)
                .sum();
            if norm == 0.0 {
                break; // the vans' loads meet every shared row: no price moves lower
            }
            let step = theta * (bound - incumbent).max(1e-9) / norm;
            for (l, g) in lambda.iter_mut().zip(&slack) {
                *l = (*l - step * g).max(0.0);
            }
        }
        best.is_finite().then_some(best)
    }

    /// `L(λ)` and the loads (one quantity per variable) that attain it.
    fn lagrangian(
        &self,
        fleet: &Fleet,
        shared: &[(Vec<(usize, f64)>, f64)],
        rows_of: &[Vec<(usize, f64)>],
        lambda: &[f64],
    ) -> (f64, Vec<f64>) {
        let mut bound: f64 = shared.iter().zip(lambda).map(|((_, l), p)| l * p).sum();
        let mut x = vec![0.0; self.vars.len()];
        for (v, van) in fleet.vans.iter().enumerate() {
            let mut items = Vec::new();
            let mut index = Vec::new();
            for (j, var) in self.vars.iter().enumerate().filter(|(_, var)| var.v == v) {
                let value = var.value - rows_of[j].iter().map(|&(r, a)| a * lambda[r]).sum::<f64>();
                if value > 0.0 {
                    let good = &fleet.goods[var.g];
                    items.push(Item {
                        category: String::new(),
                        unit_value: value,
                        volume_l: good.volume_l,
                        weight_kg: good.weight_kg,
                        available: var.hi,
                        need_per_stop: vec![var.hi],
                    });
                    index.push(j);
                }
            }
            if items.is_empty() {
                continue;
            }
            // The planner allows half the tolerance `check` does: widen by the other half so
            // every load `check` passes is one the planner may choose.
            let widen = |c: f64| c + 0.5 * CAPACITY_TOLERANCE * c.max(1.0);
            let capacity = Capacity {
                volume_l: widen(van.capacity.volume_l),
                payload_kg: widen(van.capacity.payload_kg),
            };
            let (best, load) =
                planner::value_bound(&items, &capacity, LAGRANGIAN_SLACK, LAGRANGIAN_NODES);
            bound += best;
            for (&j, q) in index.iter().zip(load) {
                x[j] = f64::from(q);
            }
        }
        (bound + 1e-9 * bound.abs().max(1.0), x)
    }

    /// The range of each quantity in any load worth `room` less than the price bound or more:
    /// a unit below the upper bound costs `under`, a unit above zero costs `over`.
    fn narrowed(&self, prices: &Prices, room: f64) -> (Vec<u32>, Vec<u32>) {
        let most = |cost: f64, hi: u32| -> u32 {
            if cost <= 0.0 {
                return hi;
            }
            let units = (room / cost + 1e-9).floor();
            if units >= f64::from(hi) {
                hi
            } else {
                // 0 ≤ units < hi here, so the cast is exact.
                units as u32
            }
        };
        let lo = self
            .vars
            .iter()
            .zip(&prices.under)
            .map(|(v, &u)| v.hi - most(u, v.hi))
            .collect();
        let hi = self
            .vars
            .iter()
            .zip(&prices.over)
            .map(|(v, &s)| most(s, v.hi))
            .collect();
        (lo, hi)
    }

    /// The branch and bound over the narrowed ranges, widened just enough to hold the
    /// incumbent, which seeds the search; it stops once no load can beat the best by a step.
    fn solve_mip(
        &self,
        (prices, room): (&Prices, f64),
        (lo, hi): (&[u32], &[u32]),
        incumbent: &[u32],
        mip_gap: f64,
        enough: &mut dyn FnMut(f64, u64) -> bool,
        left: Duration,
    ) -> Mip {
        let lo: Vec<u32> = lo.iter().zip(incumbent).map(|(&l, &q)| l.min(q)).collect();
        let hi: Vec<u32> = hi.iter().zip(incumbent).map(|(&h, &q)| h.max(q)).collect();
        let (mut problem, xs) = self.problem(&lo, &hi, true);
        // A priced row left `k` short of its limit costs `k · price`: a better load leaves
        // each such row at most `room / price` short (the incumbent may leave it shorter).
        for ((terms, limit), &price) in self.rows.iter().zip(&prices.rows) {
            if price > 0.0 && room / price < *limit {
                let at_incumbent: f64 = terms
                    .iter()
                    .map(|&(j, a)| a * f64::from(incumbent[j]))
                    .sum();
                let least = (limit - room / price - 1e-9 * limit.max(1.0)).min(at_incumbent);
                let terms: Vec<(Variable, f64)> = terms.iter().map(|&(j, a)| (xs[j], a)).collect();
                problem.add_constraint(terms, ComparisonOp::Ge, least);
            }
        }
        let mut options = SolveOptions::default();
        let deadline = Instant::now() + left;
        options.time_limit = Some(left);
        options.node_limit = Some(MIP_SLICE);
        options.mip_gap = mip_gap;
        options.warm_start = Some(
            xs.iter()
                .zip(incumbent)
                .map(|(&x, &q)| (x, f64::from(q)))
                .collect(),
        );
        // The incumbent lies in the ranges, so no answer means the solver failed.
        let Ok(mut outcome) = problem.solve_with(options) else {
            return Mip::Nothing {
                proven: false,
                nodes: 0,
            };
        };
        // In slices: between two, a best load that `enough` (a bound from outside) already
        // proves ends the search.
        loop {
            let nodes = outcome.stats().nodes_solved;
            let done = outcome.solution().is_some_and(|s| {
                s.status() == SolutionStatus::Optimal
                    || s.termination_reason() == TerminationReason::MipGap
                    || enough(s.objective(), nodes)
            });
            if done || nodes >= NODE_LIMIT || Instant::now() >= deadline {
                break;
            }
            let mut options = outcome.last_resume_options();
            options.time_limit = Some(deadline.saturating_duration_since(Instant::now()));
            options.node_limit = Some(MIP_SLICE.min(NODE_LIMIT - nodes));
            outcome = match outcome.resume_with(options) {
                Ok(next) => next,
                Err(_) => {
                    return Mip::Nothing {
                        proven: false,
                        nodes,
                    }
                }
            };
        }
        let nodes = outcome.stats().nodes_solved;
        match outcome.into_solution() {
            Ok(solution) => Mip::Found {
                x: xs.iter().map(|&x| solution.var_value(x)).collect(),
                proven: solution.status() == SolutionStatus::Optimal
                    || solution.termination_reason() == TerminationReason::MipGap,
                nodes,
            },
            Err(_) => Mip::Nothing {
                proven: false,
                nodes,
            },
        }
    }
}

const NODE_LIMIT: u64 = 200_000;
/// The branch and bound runs in slices of this many nodes, so that a load proven by the cuts'
/// bound stops it (nodes, not milliseconds: where it stops does not depend on the machine).
const MIP_SLICE: u64 = 50;
/// Gomory cuts: rounds, cuts per round, the least fractional part worth a cut, the fall of
/// the LP bound below which a round counts as stalled, a cap on the rows, and the time.
const CUT_ROUNDS: usize = 12;
const CUTS_PER_ROUND: usize = 20;
const MIN_FRACTION: f64 = 0.01;
const CUT_PROGRESS: f64 = 0.02;
const STALL_ROUNDS: usize = 2;
/// Other vertices of the LP's optimal face cuts are taken from after a stalled round, and how
/// much the values are nudged to find them.
const OTHER_VERTICES: usize = 3;
const NUDGE: f64 = 1e-6;
const MAX_ROWS: usize = 2_000;
/// Nodes of the branch and bound in one box (see `Model::search_boxes`), and a cap on the
/// time of all the boxes: 300 nodes settle the boxes that settle at all on the benchmark
/// (3 vans seed 4 and 4 vans seed 8 stay open after 30 s of it).
const BOX_NODES: u64 = 300;
const BOX_TIME: Duration = Duration::from_millis(400);
const CUT_TIME: Duration = Duration::from_millis(1_500);
/// The neighbourhood search's allowance, and its nodes per pair of vans: 300, because the
/// loads it finds come in its first few hundred nodes; with 2 000 a single pair's search on
/// 4 vans seed 20 took half a second and found nothing more (it had been cut short by a
/// 400 ms cap before, so the outcome depended on the machine's load).
const SUBSET_TIME: Duration = Duration::from_millis(1_000);
const SUBSET_NODES: u64 = 300;
/// RINS (see `improve_where_they_differ`): its time and nodes.
const RINS_TIME: Duration = Duration::from_millis(600);
const RINS_NODES: u64 = 2_000;
/// Subgradient rounds of the Lagrangian bound (each plans every van once). On the benchmark's
/// 60 fleets every gain over the LP bound came at the LP's own prices (round 0, measured again
/// on 2026-11-30 with 12 rounds: no later round lowered the bound), so one round it is.
const LAGRANGIAN_ROUNDS: usize = 1;
/// How far above a van's best load its bound may lie: a tenth of the usual value step, so
/// that four vans still leave the proof of a one-point step room.
const LAGRANGIAN_SLACK: f64 = 0.05;
/// Nodes of one van's search inside the Lagrangian; past it the van's LP bound counts.
const LAGRANGIAN_NODES: usize = 2_000;

/// Adds whole units greedily, van by van, best value for the room it takes first, as long as
/// every van, origin and set of sites has room: turns a rounded-down LP optimum into a full load.
fn fill_up(fleet: &Fleet, bounds: &[Vec<u32>], loads: &mut [Vec<u32>]) {
    let n = fleet.vans.len();
    let set_sites: Vec<BTreeSet<usize>> = (0..1u32 << n).map(|s| sites_of(fleet, s)).collect();
    loop {
        let mut changed = false;
        for (v, van) in fleet.vans.iter().enumerate() {
            let (mut volume, mut weight) = usage(fleet, &loads[v]);
            let cap = &van.capacity;
            let mut order: Vec<usize> = (0..fleet.goods.len())
                .filter(|&g| loads[v][g] < bounds[v][g])
                .collect();
            let density = |g: usize| {
                let good = &fleet.goods[g];
                let share = (good.volume_l / cap.volume_l.max(1e-12))
                    .max(good.weight_kg / cap.payload_kg.max(1e-12));
                good.unit_value / share.max(1e-12)
            };
            order.sort_by(|&a, &b| density(b).total_cmp(&density(a)));
            for g in order {
                let good = &fleet.goods[g];
                let fits = units_fitting((cap.volume_l - volume).max(0.0), good.volume_l).min(
                    units_fitting((cap.payload_kg - weight).max(0.0), good.weight_kg),
                );
                let add = fits.min(room(fleet, bounds, loads, &set_sites, v, g));
                if add > 0 {
                    loads[v][g] += add;
                    volume += f64::from(add) * good.volume_l;
                    weight += f64::from(add) * good.weight_kg;
                    changed = true;
                }
            }
        }
        if !changed {
            return;
        }
    }
}

fn value_of_load(fleet: &Fleet, load: &[u32]) -> f64 {
    load.iter()
        .zip(&fleet.goods)
        .map(|(&q, g)| f64::from(q) * g.unit_value)
        .sum()
}

/// Van `v`'s best load by the exact single-van planner, given the other vans' loads (its own
/// in `loads` is ignored); `None` if the planner refuses.
fn replan_van(
    fleet: &Fleet,
    bounds: &[Vec<u32>],
    loads: &[Vec<u32>],
    set_sites: &[BTreeSet<usize>],
    v: usize,
) -> Option<Vec<u32>> {
    let mut others = loads.to_vec();
    others[v] = vec![0; fleet.goods.len()];
    let items: Vec<Item> = fleet
        .goods
        .iter()
        .enumerate()
        .map(|(g, good)| {
            let most = room(fleet, bounds, &others, set_sites, v, g);
            Item {
                category: String::new(),
                unit_value: good.unit_value,
                volume_l: good.volume_l,
                weight_kg: good.weight_kg,
                available: most,
                need_per_stop: vec![most],
            }
        })
        .collect();
    let plan = planner::plan(&items, &fleet.vans[v].capacity).ok()?;
    let mut load = vec![0u32; fleet.goods.len()];
    for line in &plan.lines {
        load[line.item] = line.quantity;
    }
    Some(load)
}

/// How many more units of good `g` van `v` may take without passing its upper bound, its
/// origin's stock or the need of any set of vans it belongs to.
fn room(
    fleet: &Fleet,
    bounds: &[Vec<u32>],
    loads: &[Vec<u32>],
    set_sites: &[BTreeSet<usize>],
    v: usize,
    g: usize,
) -> u32 {
    let good = &fleet.goods[g];
    let origin = fleet.vans[v].origin;
    let mut room = i64::from(bounds[v][g]) - i64::from(loads[v][g]);
    let from_origin: i64 = (0..fleet.vans.len())
        .filter(|&u| fleet.vans[u].origin == origin)
        .map(|u| i64::from(loads[u][g]))
        .sum();
    room = room.min(i64::from(good.stock[origin]) - from_origin);
    for (set, sites) in set_sites.iter().enumerate() {
        if set & (1 << v) == 0 {
            continue;
        }
        let need: i64 = sites.iter().map(|&s| i64::from(good.need[s])).sum();
        let taken: i64 = (0..fleet.vans.len())
            .filter(|u| set & (1 << u) != 0)
            .map(|u| i64::from(loads[u][g]))
            .sum();
        room = room.min(need - taken);
    }
    u32::try_from(room.max(0)).unwrap_or(0)
}
/// The most of each good each van could ever take: its origin's stock, its stops' need and
/// what fits alone. Goods without value are never loaded.
fn upper_bounds(fleet: &Fleet) -> Vec<Vec<u32>> {
    fleet
        .vans
        .iter()
        .map(|van| {
            let cap_v =
                van.capacity.volume_l + 0.5 * CAPACITY_TOLERANCE * van.capacity.volume_l.max(1.0);
            let cap_w = van.capacity.payload_kg
                + 0.5 * CAPACITY_TOLERANCE * van.capacity.payload_kg.max(1.0);
            fleet
                .goods
                .iter()
                .map(|g| {
                    if g.unit_value <= 0.0 {
                        return 0;
                    }
                    let need: u64 = van.stops.iter().map(|&s| u64::from(g.need[s])).sum();
                    let stock = g.stock.get(van.origin).copied().unwrap_or(0);
                    let bound = u64::from(stock)
                        .min(need)
                        .min(u64::from(units_fitting(cap_v, g.volume_l)))
                        .min(u64::from(units_fitting(cap_w, g.weight_kg)));
                    // Integer variables are i32 in the solver.
                    u32::try_from(bound.min(i32::MAX as u64)).unwrap_or(0)
                })
                .collect()
        })
        .collect()
}

/// The grid every total value lies on (1 for whole-number values, 0.1 for tenths…), or 0 when
/// the values of the goods that can travel lie on no simple grid.
fn value_step(fleet: &Fleet, bounds: &[Vec<u32>]) -> f64 {
    let values: Vec<f64> = fleet
        .goods
        .iter()
        .enumerate()
        .filter(|(g, _)| bounds.iter().any(|b| b[*g] > 0))
        .map(|(_, good)| good.unit_value)
        .collect();
    [1.0, 10.0, 100.0]
        .into_iter()
        .find(|scale| {
            values.iter().all(|v| {
                let x = v * scale;
                x < 1e9 && (x - x.round()).abs() <= 1e-9 * x.max(1.0)
            })
        })
        .map_or(0.0, |scale| 1.0 / scale)
}

/// The least `k` (of a few) that makes every coefficient and the limit of the row `terms ≤
/// limit` whole numbers, or `None`. Then `k` times the row's slack is a whole number in every
/// whole-unit load (payload rows in twentieths of a kilogram: `k` = 20; stock and need rows:
/// 1), and a cut may round it as it rounds a quantity.
fn integral_scale(terms: &[(usize, f64)], limit: f64) -> Option<f64> {
    let whole = |x: f64| x.abs() < 1e9 && (x - x.round()).abs() <= 1e-9 * x.abs().max(1.0);
    [1.0, 2.0, 4.0, 5.0, 10.0, 20.0, 100.0]
        .into_iter()
        .find(|&k| whole(limit * k) && terms.iter().all(|&(_, a)| whole(a * k)))
}

/// `Σ_{v∈vans} x[v][good] ≤ limit`.
struct Row {
    good: usize,
    vans: Vec<usize>,
    limit: f64,
}

/// The stock and need rows that can bind: a single van's are already in its bounds; a set of
/// vans not linked by shared stops is implied by its parts; a row the bounds already keep is
/// left out.
fn coupling_rows(fleet: &Fleet, bounds: &[Vec<u32>]) -> Vec<Row> {
    let n = fleet.vans.len();
    let mut rows = Vec::new();
    for (g, good) in fleet.goods.iter().enumerate() {
        let active: Vec<usize> = (0..n).filter(|&v| bounds[v][g] > 0).collect();
        for (o, &stock) in good.stock.iter().enumerate() {
            let vans: Vec<usize> = active
                .iter()
                .copied()
                .filter(|&v| fleet.vans[v].origin == o)
                .collect();
            let most: u64 = vans.iter().map(|&v| u64::from(bounds[v][g])).sum();
            if vans.len() > 1 && most > u64::from(stock) {
                rows.push(Row {
                    good: g,
                    vans,
                    limit: f64::from(stock),
                });
            }
        }
        let mask: u32 = active.iter().map(|&v| 1u32 << v).sum();
        let mut set = mask;
        while set > 0 {
            if set.count_ones() > 1 && linked(fleet, set) {
                let vans: Vec<usize> = (0..n).filter(|v| set & (1 << v) != 0).collect();
                let most: u64 = vans.iter().map(|&v| u64::from(bounds[v][g])).sum();
                let need: u64 = sites_of(fleet, set)
                    .into_iter()
                    .map(|s| u64::from(good.need[s]))
                    .sum();
                if most > need {
                    rows.push(Row {
                        good: g,
                        vans,
                        limit: need as f64,
                    });
                }
            }
            set = (set - 1) & mask;
        }
    }
    rows
}

/// Whether the vans in `set` form one group through shared stops.
fn linked(fleet: &Fleet, set: u32) -> bool {
    let members: Vec<usize> = (0..fleet.vans.len())
        .filter(|v| set & (1 << v) != 0)
        .collect();
    let Some(&first) = members.first() else {
        return false;
    };
    let mut reached = vec![first];
    let mut sites: BTreeSet<usize> = fleet.vans[first].stops.iter().copied().collect();
    loop {
        let next = members.iter().copied().find(|v| {
            !reached.contains(v) && fleet.vans[*v].stops.iter().any(|s| sites.contains(s))
        });
        match next {
            Some(v) => {
                reached.push(v);
                sites.extend(fleet.vans[v].stops.iter().copied());
            }
            None => return reached.len() == members.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runs::fleet::{FleetVan, Good};

    /// Two vans from one warehouse: the small one stops only where tents are wanted, the big
    /// one also where mats are. The best plan puts one tent in each van and the mats in the
    /// big one (300); the big van taking both tents (200) is a load no single van can improve
    /// alone: the small van finds no tent left, the big one gains nothing by dropping one.
    fn tents_and_mats() -> Fleet {
        let van = |name: &str, payload_kg: f64, stops: Vec<usize>| FleetVan {
            name: name.into(),
            capacity: Capacity {
                volume_l: 1000.0,
                payload_kg,
            },
            origin: 0,
            stops,
        };
        let good = |name: &str, unit_value: f64, weight_kg: f64, stock: u32, need: Vec<u32>| Good {
            category: name.into(),
            name: name.into(),
            unit_value,
            volume_l: 1.0,
            weight_kg,
            stock: vec![stock],
            need,
            conditions: Vec::new(),
        };
        Fleet {
            vans: vec![van("small", 10.0, vec![0]), van("big", 20.0, vec![0, 1])],
            goods: vec![
                good("tent", 100.0, 10.0, 2, vec![2, 0]),
                good("mat", 10.0, 1.0, 10, vec![0, 10]),
            ],
        }
    }

    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, m: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % m
        }
    }

    fn random_fleet(rng: &mut Lcg) -> Fleet {
        let vans = 2 + rng.below(2) as usize;
        let goods = if vans == 2 { 3 } else { 2 };
        let mut van = |v: usize| {
            let a = rng.below(3) as usize;
            let b = (a + 1 + rng.below(2) as usize) % 3;
            FleetVan {
                name: format!("van {v}"),
                capacity: Capacity {
                    volume_l: 5.0 + rng.below(10) as f64,
                    payload_kg: 4.0 + 0.5 * rng.below(12) as f64,
                },
                origin: rng.below(2) as usize,
                stops: if rng.below(2) == 0 {
                    vec![a]
                } else {
                    vec![a, b]
                },
            }
        };
        let vans: Vec<FleetVan> = (0..vans).map(&mut van).collect();
        let goods = (0..goods)
            .map(|g| Good {
                category: format!("good {g}"),
                name: format!("good {g}"),
                unit_value: 1.0 + rng.below(9) as f64,
                volume_l: 1.0 + rng.below(4) as f64,
                weight_kg: 1.0 + 0.5 * rng.below(5) as f64,
                stock: vec![rng.below(4) as u32, rng.below(4) as u32],
                need: (0..3).map(|_| rng.below(4) as u32).collect(),
                conditions: Vec::new(),
            })
            .collect();
        Fleet { vans, goods }
    }

    /// `count` small random fleets from `seed`, each with its bounds and model; those with
    /// nothing to load left out.
    fn random_models(seed: u64, count: usize) -> Vec<(Fleet, Vec<Vec<u32>>, Model)> {
        let mut rng = Lcg(seed);
        (0..count)
            .filter_map(|_| {
                let fleet = random_fleet(&mut rng);
                let bounds = upper_bounds(&fleet);
                let model = Model::new(&fleet, &bounds);
                (!model.vars.is_empty()).then_some((fleet, bounds, model))
            })
            .collect()
    }

    /// Every whole-unit load within the model's bounds that passes `check` (all of them
    /// enumerated): its quantities, one per variable, and the loads.
    fn every_load(fleet: &Fleet, model: &Model) -> Vec<(Vec<u32>, Vec<Vec<u32>>)> {
        let mut out = Vec::new();
        let mut q = vec![0u32; model.vars.len()];
        loop {
            let mut loads = vec![vec![0u32; fleet.goods.len()]; fleet.vans.len()];
            for (var, &n) in model.vars.iter().zip(&q) {
                loads[var.v][var.g] = n;
            }
            if check(fleet, &loads).is_ok() {
                out.push((q.clone(), loads));
            }
            // The next assignment within the bounds, as an odometer.
            let Some(j) = (0..q.len()).find(|&j| q[j] < model.vars[j].hi) else {
                return out;
            };
            q[j] += 1;
            q[..j].iter_mut().for_each(|n| *n = 0);
        }
    }

    /// The box for a target (after cuts, as in the search) holds every whole-unit load worth
    /// the target or more, within its ranges and its rows (the floors too); and it does
    /// narrow: quantities are fixed and rows floored, so that the test can fail.
    #[test]
    fn boxes_keep_every_load_worth_the_target() {
        let (mut fixed, mut floored, mut checked) = (0, 0, 0);
        for (fleet, _, mut model) in random_models(23, 150) {
            let (Some(x), Some(prices)) = (model.solve_lp(), model.prices()) else {
                continue;
            };
            let plain_rows = model.rows.len();
            let far = (f64::NEG_INFINITY, Instant::now() + Duration::from_secs(5));
            let (_, prices) = model.add_cuts(x, prices, far, true);
            let loads = every_load(&fleet, &model);
            let best = loads
                .iter()
                .map(|(_, l)| value_of(&fleet, l))
                .fold(0.0, f64::max);
            // The optimum's own box, and a wider one a step below it.
            for target in [best, best - model.step] {
                let target = target - 1e-6;
                let Some(boxed) = model.boxed(&prices, target, plain_rows) else {
                    assert!(prices.bound < target, "no box below the bound");
                    continue;
                };
                fixed += model.vars.len() - boxed.model.vars.len();
                floored += model
                    .floors(&prices, prices.bound - target, plain_rows)
                    .len();
                for (q, l) in loads.iter().filter(|(_, l)| value_of(&fleet, l) >= target) {
                    checked += 1;
                    let mut y = vec![0i64; boxed.model.vars.len()];
                    for (j, &n) in q.iter().enumerate() {
                        let from = i64::from(n) - i64::from(boxed.base[j]);
                        match boxed.of.iter().position(|&o| o == j) {
                            Some(k) => y[k] = from,
                            None => assert_eq!(from, 0, "{l:?} is off a fixed quantity"),
                        }
                    }
                    for (k, &n) in y.iter().enumerate() {
                        assert!(n >= 0 && n <= i64::from(boxed.model.vars[k].hi), "{l:?}");
                    }
                    for (terms, limit) in &boxed.model.rows {
                        let lhs: f64 = terms.iter().map(|&(k, a)| a * y[k] as f64).sum();
                        assert!(
                            lhs <= limit + 1e-9,
                            "the box's row excludes {l:?} of {fleet:?}"
                        );
                    }
                }
            }
        }
        assert!(
            fixed > 50 && floored > 20 && checked > 100,
            "{fixed} {floored} {checked}"
        );
    }

    /// From an empty load, the box searches find the optimum (every load enumerated) and
    /// prove it, through loads found a step at a time and a last box with none.
    #[test]
    fn box_searches_find_and_prove_the_optimum() {
        let mut proven = 0;
        for (fleet, bounds, model) in random_models(29, 60) {
            let Some(prices) = model.prices() else {
                continue;
            };
            let optimum = every_load(&fleet, &model)
                .iter()
                .map(|(_, l)| value_of(&fleet, l))
                .fold(0.0, f64::max);
            let set_sites: Vec<BTreeSet<usize>> = (0..1u32 << fleet.vans.len())
                .map(|s| sites_of(&fleet, s))
                .collect();
            let mut best = Best {
                value: 0.0,
                loads: vec![vec![0; fleet.goods.len()]; fleet.vans.len()],
            };
            let context = (&fleet, bounds.as_slice(), set_sites.as_slice());
            let far = Instant::now() + Duration::from_secs(5);
            let done = model.search_boxes(&prices, model.rows.len(), &mut best, context, far);
            assert!(check(&fleet, &best.loads).is_ok());
            assert!(best.value <= optimum + 1e-9);
            if done {
                proven += 1;
                assert!(
                    (best.value - optimum).abs() < 1e-9,
                    "{} vs {optimum}",
                    best.value
                );
            }
        }
        assert!(proven > 30, "only {proven} proven");
    }

    /// Every Gomory cut, over all its rounds, holds for every whole-unit load that passes
    /// `check` (all of them enumerated) on small random fleets; and cuts are made, so that
    /// the test can fail.
    #[test]
    fn gomory_cuts_keep_every_load() {
        let mut made = 0;
        for (fleet, _, mut model) in random_models(17, 150) {
            let Some(x) = model.solve_lp() else {
                continue;
            };
            let Some(prices) = model.prices() else {
                continue;
            };
            let first = model.rows.len();
            // Cuts from other vertices of the optimal face too: every cut is checked.
            model.add_cuts(
                x,
                prices,
                (f64::NEG_INFINITY, Instant::now() + Duration::from_secs(5)),
                true,
            );
            let cuts = &model.rows[first..];
            made += cuts.len();
            for (q, loads) in every_load(&fleet, &model) {
                for (terms, limit) in cuts {
                    let lhs: f64 = terms.iter().map(|&(j, a)| a * f64::from(q[j])).sum();
                    assert!(lhs <= limit + 1e-9, "a cut excludes {loads:?} of {fleet:?}");
                }
            }
        }
        assert!(made > 20, "only {made} cuts made");
    }

    /// Payload rows in twentieths of a kilogram, stock and need rows in units, a limit off
    /// the coefficients' grid, and a row on no grid at all (a cut's): the slack is a whole
    /// number of `1 / k` only in the first three.
    #[test]
    fn rows_on_a_grid_have_whole_slacks() {
        let payload = [(0, 1.5), (1, 0.05), (2, 22.0)];
        assert_eq!(integral_scale(&payload, 700.0), Some(20.0));
        assert_eq!(integral_scale(&[(0, 1.0), (3, 1.0)], 12.0), Some(1.0));
        assert_eq!(integral_scale(&payload, 700.02), Some(100.0));
        assert_eq!(integral_scale(&[(0, 1.0 / 3.0)], 2.0), None);
        assert_eq!(integral_scale(&[(0, 1.0)], 2.0 + 1e-6), None);
    }

    #[test]
    fn the_ascent_fills_each_van_against_the_others() {
        let fleet = tents_and_mats();
        let bounds = upper_bounds(&fleet);
        let set_sites: Vec<BTreeSet<usize>> = (0..4).map(|s| sites_of(&fleet, s)).collect();
        let mut best = Best {
            value: 0.0,
            loads: vec![vec![0, 0], vec![0, 0]],
        };
        best.ascend(
            &fleet,
            &bounds,
            &set_sites,
            Instant::now() + Duration::from_secs(5),
        );
        assert_eq!(best.loads, vec![vec![1, 0], vec![1, 10]]);
        assert_eq!(best.value, 300.0);
        assert!(check(&fleet, &best.loads).is_ok());
    }

    #[test]
    fn a_load_the_ascent_cannot_improve_is_not_taken_for_the_optimum() {
        let fleet = tents_and_mats();
        let bounds = upper_bounds(&fleet);
        let set_sites: Vec<BTreeSet<usize>> = (0..4).map(|s| sites_of(&fleet, s)).collect();
        let stuck = vec![vec![0, 0], vec![2, 0]];
        let mut best = Best {
            value: value_of(&fleet, &stuck),
            loads: stuck.clone(),
        };
        best.ascend(
            &fleet,
            &bounds,
            &set_sites,
            Instant::now() + Duration::from_secs(5),
        );
        // The ascent alone stays where it started...
        assert_eq!(best.value, 200.0);
        // ...and the search, started there, still finds and proves the better plan.
        let found = search(&fleet, stuck, Instant::now() + Duration::from_secs(5));
        assert_eq!(value_of(&fleet, &found.loads), 300.0);
        assert!(found.proven_optimal);
        assert!(check(&fleet, &found.loads).is_ok());
    }
}
