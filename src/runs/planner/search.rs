//! The exact search for one van: branch and bound over integer quantities with Lagrangian
//! bounds from a two-row LP, reduced-cost fixing and grid rounding (see the module above).

use super::*;

/// The fractional optimum over everything with value that is wanted, including units too big
/// to ever fit whole, as the textbook LP relaxation would.
pub(super) fn lp_relaxation_bound(items: &[Item], cap_volume: f64, cap_weight: f64) -> f64 {
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

/// max Σ value·x  s.t.  Σ volume·x ≤ cap[0],  Σ weight·x ≤ cap[1],  lo ≤ x ≤ hi integer.
pub(super) struct Problem {
    pub(super) value: Vec<f64>,
    pub(super) volume: Vec<f64>,
    pub(super) weight: Vec<f64>,
    /// Volume and payload, tolerance included.
    pub(super) cap: [f64; 2],
    /// Reduced costs smaller than this count as zero.
    pub(super) cost_tolerance: f64,
    /// Greedy order for the rounding heuristic, by value per priced unit of capacity at the root.
    pub(super) order: Vec<usize>,
    pub(super) grids: [Option<Grid>; 2],
}

pub(super) struct Lp {
    pub(super) x: Vec<f64>,
    pub(super) basis: [usize; 2],
    /// Shadow prices of volume and payload: the simplex's `c_B B⁻¹`.
    pub(super) duals: [f64; 2],
}

pub(super) enum LpOutcome {
    Infeasible,
    Solved(Lp),
    /// Stalling or a near-singular basis: the caller falls back to safe bounds.
    Failed,
}

pub(super) struct Solution {
    pub(super) quantities: Vec<u32>,
    pub(super) proven_optimal: bool,
    pub(super) nodes: usize,
}

pub(super) struct Node {
    pub(super) lo: Vec<u32>,
    pub(super) hi: Vec<u32>,
}

/// Where to split a node: `x_j ≤ cut` or `x_j ≥ cut + 1`, and which side to search first.
pub(super) struct Split {
    pub(super) j: usize,
    pub(super) cut: u32,
    pub(super) up_first: bool,
}

pub(super) fn clean_duals(duals: [f64; 2]) -> [f64; 2] {
    duals.map(|y| if y.is_finite() { y.max(0.0) } else { 0.0 })
}

impl Problem {
    pub(super) fn new(indices: &[usize], items: &[Item], cap_volume: f64, cap_weight: f64) -> Self {
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

    pub(super) fn len(&self) -> usize {
        self.value.len()
    }

    /// Summed in item order, always the same way, so that "fits" means one thing everywhere.
    pub(super) fn usage(&self, q: &[u32]) -> [f64; 2] {
        let mut used = [0.0, 0.0];
        for (j, &x) in q.iter().enumerate() {
            used[0] += f64::from(x) * self.volume[j];
            used[1] += f64::from(x) * self.weight[j];
        }
        used
    }

    pub(super) fn fits(&self, q: &[u32]) -> bool {
        let used = self.usage(q);
        used[0] <= self.cap[0] && used[1] <= self.cap[1]
    }

    pub(super) fn value_of(&self, q: &[u32]) -> f64 {
        q.iter()
            .zip(&self.value)
            .map(|(&x, &v)| f64::from(x) * v)
            .sum()
    }

    pub(super) fn reduced_cost(&self, j: usize, y: [f64; 2]) -> f64 {
        self.value[j] - y[0] * self.volume[j] - y[1] * self.weight[j]
    }

    /// Valid for any duals ≥ 0 (weak duality), whatever their numerical quality.
    pub(super) fn lagrangian_bound(
        &self,
        duals: [f64; 2],
        lo: &[u32],
        hi: &[u32],
        cap: [f64; 2],
    ) -> f64 {
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
    pub(super) fn node_capacity(&self, node: &Node) -> [f64; 2] {
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

    pub(super) fn column(&self, j: usize) -> (f64, f64) {
        let n = self.len();
        match j.cmp(&n) {
            Ordering::Less => (self.volume[j], self.weight[j]),
            Ordering::Equal => (1.0, 0.0),
            Ordering::Greater => (0.0, 1.0),
        }
    }

    pub(super) fn cost(&self, j: usize) -> f64 {
        self.value.get(j).copied().unwrap_or(0.0)
    }

    /// Bounded-variable primal simplex on the two capacity rows; variables n and n+1 are the
    /// slacks. Starting with every item at its lower bound and the slacks basic is feasible
    /// exactly when the lower bounds fit, so no phase one is needed.
    pub(super) fn solve_lp(&self, lo: &[u32], hi: &[u32], cap: [f64; 2]) -> LpOutcome {
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
    pub(super) fn value_step(&self) -> f64 {
        match Grid::detect(&self.value) {
            Some(grid) => grid.gcd(|_| true) as f64 / grid.scale,
            None => 0.0,
        }
    }

    pub(super) fn solve(&mut self, hi: &[u32]) -> Solution {
        self.solve_within(hi, 0.0, NODE_LIMIT).0
    }

    /// As `solve`, but a node is dropped once it cannot beat the best load by `enough` (so a
    /// proven answer is within `enough` of the optimum), and at most `node_limit` nodes; also
    /// returns the best load's value.
    pub(super) fn solve_within(
        &mut self,
        hi: &[u32],
        enough: f64,
        node_limit: usize,
    ) -> (Solution, f64) {
        let n = self.len();
        let lo = vec![0u32; n];
        let mut best = lo.clone();
        let mut best_value = 0.0;
        let step = self.value_step();
        let mut nodes = 0;
        if n == 0 {
            let solution = Solution {
                quantities: best,
                proven_optimal: true,
                nodes,
            };
            return (solution, best_value);
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
            let improvement = grid_step.max(1e-7 * magnitude).max(enough);
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
            if nodes >= node_limit {
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
        let solution = Solution {
            quantities: best,
            proven_optimal,
            nodes,
        };
        (solution, best_value)
    }

    /// Reduced-cost fixing: moving a unit away from the bound the Lagrangian bound assumes costs
    /// at least its reduced cost, so no load in the node that moves more than `allowance` worth
    /// can matter. Only the node's bounds shrink; the LP point stays inside them.
    pub(super) fn fix_by_reduced_cost(&self, duals: [f64; 2], allowance: f64, node: &mut Node) {
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

    /// Picks the split, or None when the node holds nothing left to split.
    pub(super) fn split(&self, lp: Option<&Lp>, duals: [f64; 2], node: &Node) -> Option<Split> {
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
    pub(super) fn split_for_grid(&self, duals: [f64; 2], node: &Node) -> Option<Split> {
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
    pub(super) fn greedy_fill(&self, mut q: Vec<u32>, hi: &[u32]) -> Option<Vec<u32>> {
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
pub(super) fn rounded(x: &[f64], lo: &[u32], hi: &[u32]) -> Vec<u32> {
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
