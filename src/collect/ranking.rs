//! The collect list: which categories crews should take from a festival field, ranked, each with its reason in words.

use crate::priorities::rules::ValueReason;
use serde::Serialize;
use std::cmp::Ordering;

/// What the ranking needs to know about one category at one warehouse on one date.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryDemand {
    pub category: String,
    /// The catalogue's name; it starts the reason sentence, so a plural reads best.
    pub name: String,
    /// From `PrioritySet::explain` for the date of the list.
    pub value: ValueReason,
    /// Unmet need summed over all sites.
    pub unmet: u32,
    /// How many sites have an unmet need for it.
    pub sites: u32,
    /// Stock at the warehouse in a condition at or above the category's minimum.
    pub stock: u32,
}

#[derive(utoipa::ToSchema, Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Collect,
    Leave,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Collect => "collect",
            Action::Leave => "leave",
        }
    }
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct CollectEntry {
    pub category: String,
    pub name: String,
    pub action: Action,
    pub score: f64,
    pub shortfall: u32,
    pub unmet: u32,
    pub sites: u32,
    pub stock: u32,
    pub unit_value: f64,
    pub reason: String,
    /// Why it is worth its van space, for pages that word the reason in their language.
    #[serde(skip)]
    pub value: ValueReason,
}

/// Ranks by unit value × the need stock cannot cover. Categories nobody is short of
/// go last as "leave", so crews spend their van space on what the sites asked for.
/// Equal scores fall back to unit value, then slug, so the list never reshuffles
/// between two requests on the same data.
pub fn rank(demands: &[CategoryDemand]) -> Vec<CollectEntry> {
    let mut entries: Vec<CollectEntry> = demands.iter().map(entry).collect();
    entries.sort_by(ranking_order);
    entries
}

fn entry(demand: &CategoryDemand) -> CollectEntry {
    let shortfall = demand.unmet.saturating_sub(demand.stock);
    let unit_value = demand.value.unit_value;
    CollectEntry {
        category: demand.category.clone(),
        name: demand.name.clone(),
        action: if shortfall > 0 {
            Action::Collect
        } else {
            Action::Leave
        },
        score: unit_value * f64::from(shortfall),
        shortfall,
        unmet: demand.unmet,
        sites: demand.sites,
        stock: demand.stock,
        unit_value,
        reason: reason(demand, shortfall),
        value: demand.value.clone(),
    }
}

fn ranking_order(a: &CollectEntry, b: &CollectEntry) -> Ordering {
    let leave_last = |e: &CollectEntry| e.action == Action::Leave;
    leave_last(a)
        .cmp(&leave_last(b))
        .then_with(|| b.score.total_cmp(&a.score))
        .then_with(|| b.unit_value.total_cmp(&a.unit_value))
        .then_with(|| a.category.cmp(&b.category))
}

/// E.g. "Sleeping bags: 60 needed at 2 sites, 30 in stock, priority tier 1, winter priority ×2".
fn reason(demand: &CategoryDemand, shortfall: u32) -> String {
    let name = &demand.name;
    if demand.unmet == 0 {
        return format!("{name}: no site needs them");
    }
    let needed = format!(
        "{name}: {} needed at {} {}",
        demand.unmet,
        demand.sites,
        if demand.sites == 1 { "site" } else { "sites" }
    );
    if shortfall == 0 {
        return format!("{needed}, all covered by stock");
    }
    let stock = if demand.stock == 0 {
        "none in stock".to_string()
    } else {
        format!("{} in stock", demand.stock)
    };
    std::iter::once(needed)
        .chain(std::iter::once(stock))
        .chain(demand.value.phrases())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::priorities::rules::{AppliedSeason, PrioritySet};
    use chrono::NaiveDate;

    fn value(tier: Option<usize>, weight: u32, seasons: &[(&str, f64)]) -> ValueReason {
        let seasons: Vec<AppliedSeason> = seasons
            .iter()
            .map(|&(name, factor)| AppliedSeason {
                name: name.into(),
                factor,
            })
            .collect();
        let unit_value = seasons.iter().fold(f64::from(weight), |v, s| v * s.factor);
        ValueReason {
            tier,
            weight,
            seasons,
            unit_value,
        }
    }

    fn demand(
        slug: &str,
        name: &str,
        value: ValueReason,
        unmet: u32,
        sites: u32,
        stock: u32,
    ) -> CategoryDemand {
        CategoryDemand {
            category: slug.into(),
            name: name.into(),
            value,
            unmet,
            sites,
            stock,
        }
    }

    fn order(entries: &[CollectEntry]) -> Vec<&str> {
        entries.iter().map(|e| e.category.as_str()).collect()
    }

    #[test]
    fn scores_are_unit_value_times_shortfall() {
        let list = rank(&[
            demand(
                "sleeping-bag",
                "Sleeping bags",
                value(Some(1), 100, &[("winter", 2.0)]),
                60,
                2,
                30,
            ),
            demand(
                "tent-2p",
                "Two-person tents",
                value(Some(1), 100, &[]),
                50,
                3,
                0,
            ),
            demand(
                "clothes-bag",
                "Clothes bags",
                value(None, 1, &[]),
                500,
                4,
                0,
            ),
        ]);
        assert_eq!(order(&list), vec!["sleeping-bag", "tent-2p", "clothes-bag"]);
        let bags = &list[0];
        assert_eq!(
            (bags.shortfall, bags.score, bags.unit_value),
            (30, 6000.0, 200.0)
        );
        assert_eq!(bags.action, Action::Collect);
        assert_eq!(
            bags.reason,
            "Sleeping bags: 60 needed at 2 sites, 30 in stock, priority tier 1, winter priority ×2"
        );
        assert_eq!(list[1].score, 5000.0);
        assert_eq!(list[2].score, 500.0);
        assert_eq!(
            list[2].reason,
            "Clothes bags: 500 needed at 4 sites, none in stock"
        );
    }

    #[test]
    fn nothing_short_means_leave_and_goes_last() {
        let list = rank(&[
            demand("clothes-bag", "Clothes bags", value(None, 1, &[]), 0, 0, 80),
            demand(
                "blanket",
                "Blankets",
                value(Some(1), 100, &[("winter", 2.0)]),
                40,
                1,
                45,
            ),
            demand("tinned-food", "Tinned food", value(None, 1, &[]), 3, 1, 0),
        ]);
        assert_eq!(order(&list), vec!["tinned-food", "blanket", "clothes-bag"]);
        assert_eq!(
            list.iter().map(|e| e.action).collect::<Vec<_>>(),
            vec![Action::Collect, Action::Leave, Action::Leave]
        );
        assert_eq!(
            list[1].reason,
            "Blankets: 40 needed at 1 site, all covered by stock"
        );
        assert_eq!(list[1].shortfall, 0);
        assert_eq!(list[1].score, 0.0);
        assert_eq!(list[2].reason, "Clothes bags: no site needs them");
    }

    #[test]
    fn ties_go_to_higher_unit_value_then_slug() {
        // 100 × 10 = 10 × 100 = 1000: the tier-1 tent wins on unit value.
        let demands = vec![
            demand("roll-mat", "Roll mats", value(Some(2), 10, &[]), 100, 1, 0),
            demand(
                "tent-4p",
                "Four-person tents",
                value(Some(1), 100, &[]),
                10,
                1,
                0,
            ),
            demand(
                "tent-2p",
                "Two-person tents",
                value(Some(1), 100, &[]),
                10,
                1,
                0,
            ),
            demand("bike", "Bikes", value(Some(2), 10, &[]), 100, 1, 0),
        ];
        let list = rank(&demands);
        assert_eq!(order(&list), vec!["tent-2p", "tent-4p", "bike", "roll-mat"]);

        // Same data in any order gives the same list.
        let mut reversed = demands.clone();
        reversed.reverse();
        assert_eq!(rank(&reversed), list);
    }

    #[test]
    fn leave_entries_are_ordered_too() {
        let list = rank(&[
            demand("tinned-food", "Tinned food", value(None, 1, &[]), 0, 0, 0),
            demand("clothes-bag", "Clothes bags", value(None, 1, &[]), 0, 0, 0),
            demand("blanket", "Blankets", value(Some(1), 100, &[]), 0, 0, 0),
        ]);
        assert_eq!(order(&list), vec!["blanket", "clothes-bag", "tinned-food"]);
    }

    #[test]
    fn serialises_action_in_words() {
        let list = rank(&[demand("bike", "Bikes", value(Some(2), 10, &[]), 2, 1, 0)]);
        let json = serde_json::to_value(&list[0]).expect("serialises");
        assert_eq!(json["action"], "collect");
        assert_eq!(json["shortfall"], 2);
        assert_eq!(json["score"], 20.0);
    }

    #[test]
    fn with_the_seed_priorities_shelter_outranks_clothes_and_food() {
        let seed: PrioritySet =
            serde_json::from_str(include_str!("../../seeds/priorities.json")).expect("seed parses");
        let slugs = [
            "clothes-bag",
            "tinned-food",
            "tent-2p",
            "tent-4p",
            "tent-family",
            "blanket",
            "sleeping-bag",
            "sleeping-bag-winter",
        ];
        for on in [
            NaiveDate::from_ymd_opt(2027, 1, 10).expect("winter"),
            NaiveDate::from_ymd_opt(2027, 7, 10).expect("summer"),
        ] {
            let demands: Vec<CategoryDemand> = slugs
                .iter()
                .map(|&slug| demand(slug, slug, seed.explain(slug, on), 20, 2, 0))
                .collect();
            let list = rank(&demands);
            let shelter: Vec<&str> = order(&list)[..6].to_vec();
            for slug in &slugs[2..] {
                assert!(shelter.contains(slug), "{slug} on {on} in {shelter:?}");
            }
            assert_eq!(order(&list)[6..], ["clothes-bag", "tinned-food"], "on {on}");
            assert!(list.iter().all(|e| e.action == Action::Collect));
        }
    }
}
