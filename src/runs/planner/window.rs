//! The window DP: prices how far any load of a node must fall short of its Lagrangian bound
//! on one capacity's grid.

use super::*;

/// Limits for `Problem::window_dp`, in elementary DP steps (about a nanosecond each).
pub(super) struct WindowDp {
    pub(super) cap: [f64; 2],
    pub(super) allowance: f64,
    pub(super) budget: i128,
}

pub(super) struct Window {
    /// How far below the Lagrangian bound every load of the node stays (from one capacity).
    pub(super) loss: f64,
    /// A load attaining `loss`, which may still break the other capacity.
    pub(super) load: Option<Vec<u32>>,
    pub(super) work: i128,
}

/// An item as the DP moves it away from the Lagrangian bound's point.
pub(super) struct Move {
    pub(super) j: usize,
    pub(super) units: i128,
    pub(super) range: u32,
    pub(super) rate: f64,
    pub(super) down: bool,
}

impl Problem {
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
    pub(super) fn window_dp(
        &self,
        dim: usize,
        duals: [f64; 2],
        node: &Node,
        dp: WindowDp,
    ) -> Option<Window> {
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
}
