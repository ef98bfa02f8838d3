//! The decimal grids sizes lie on, so that a capacity can be rounded down to what any load can fill.

use super::*;

/// Sizes of one dimension (volume or weight) as whole multiples of `1 / scale`, when every item's
/// size is a short decimal (0.4 l, 1.35 kg): then any load's total lies on a known grid.
pub(super) struct Grid {
    pub(super) scale: f64,
    pub(super) units: Vec<u64>,
}

impl Grid {
    pub(super) fn detect(sizes: &[f64]) -> Option<Grid> {
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
    pub(super) fn gcd(&self, mut pick: impl FnMut(usize) -> bool) -> u64 {
        (0..self.units.len())
            .filter(|&j| pick(j))
            .fold(0, |g, j| gcd(g, self.units[j]))
    }
}

/// Rounds a count of grid steps down, with a margin for the float error in `x` and for sizes that
/// sit on the grid only up to GRID_TOLERANCE (relative to `total`, the whole capacity in steps):
/// the margin may keep one step too many, which weakens the bound, never invalidates it.
pub(super) fn grid_floor(x: f64, total: f64) -> f64 {
    (x + 1e-6 + 1e3 * GRID_TOLERANCE * total.abs()).floor()
}

pub(super) fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
