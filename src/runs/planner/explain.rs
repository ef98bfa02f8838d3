//! The plan in words: its lines and why anything wanted was left behind.

use super::*;

pub(super) fn plan_lines(items: &[Item], quantities: &[u32]) -> Vec<PlanLine> {
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

pub(super) fn left_behind(
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
