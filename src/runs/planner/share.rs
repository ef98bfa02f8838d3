//! Sharing a load between the stops: largest remainder, in proportion to need.

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
