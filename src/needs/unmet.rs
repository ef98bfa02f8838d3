//! How much of a site's stated need is still unmet, from the statement, deliveries and what is on the road.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a site said it needs of one category, and when it said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub site: String,
    pub category: String,
    pub wanted: u32,
    pub stated_on: NaiveDate,
}

/// Goods that arrived at a site (van → site), as the ledger records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub site: String,
    pub category: String,
    pub delivered_on: NaiveDate,
    pub quantity: u32,
}

/// Goods loaded on a van whose run stops at the site but not yet delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InTransit {
    pub site: String,
    pub category: String,
    pub quantity: u32,
}

/// The current need of one site for one category, with the sums behind its unmet quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmetNeed {
    pub site: String,
    pub category: String,
    pub wanted: u32,
    pub stated_on: NaiveDate,
    pub delivered_since: u32,
    pub in_transit: u32,
    pub unmet: u32,
}

/// A site that got more than it asked for has no unmet need, not a negative one.
pub fn unmet(wanted: u32, delivered_since: u32, in_transit: u32) -> u32 {
    wanted
        .saturating_sub(delivered_since)
        .saturating_sub(in_transit)
}

/// Deliveries to the need's site and category dated on or after its statement:
/// the site knew about earlier ones when it stated the need, so they are already
/// taken into account in `wanted`.
pub fn delivered_since(need: &Need, deliveries: &[Delivery]) -> u32 {
    deliveries
        .iter()
        .filter(|d| {
            d.site == need.site && d.category == need.category && d.delivered_on >= need.stated_on
        })
        .fold(0u32, |sum, d| sum.saturating_add(d.quantity))
}

fn in_transit_to(need: &Need, in_transit: &[InTransit]) -> u32 {
    in_transit
        .iter()
        .filter(|t| t.site == need.site && t.category == need.category)
        .fold(0u32, |sum, t| sum.saturating_add(t.quantity))
}

/// The statement in force for each site and category: a newer statement replaces
/// an older one. On the same date the one later in `statements` wins, so pass them
/// in the order they were recorded.
pub fn current_needs(statements: &[Need]) -> Vec<&Need> {
    let mut current: BTreeMap<(&str, &str), &Need> = BTreeMap::new();
    for need in statements {
        let key = (need.site.as_str(), need.category.as_str());
        match current.get(&key) {
            Some(held) if held.stated_on > need.stated_on => {}
            _ => {
                current.insert(key, need);
            }
        }
    }
    current.into_values().collect()
}

/// The unmet quantity of every current need, ordered by site then category.
/// Needs already met stay in the list with `unmet` 0, so a site can see them met.
pub fn unmet_needs(
    statements: &[Need],
    deliveries: &[Delivery],
    in_transit: &[InTransit],
) -> Vec<UnmetNeed> {
    current_needs(statements)
        .into_iter()
        .map(|need| {
            let delivered = delivered_since(need, deliveries);
            let transit = in_transit_to(need, in_transit);
            UnmetNeed {
                site: need.site.clone(),
                category: need.category.clone(),
                wanted: need.wanted,
                stated_on: need.stated_on,
                delivered_since: delivered,
                in_transit: transit,
                unmet: unmet(need.wanted, delivered, transit),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    fn need(site: &str, category: &str, wanted: u32, stated_on: NaiveDate) -> Need {
        Need {
            site: site.into(),
            category: category.into(),
            wanted,
            stated_on,
        }
    }

    fn delivery(site: &str, category: &str, on: NaiveDate, quantity: u32) -> Delivery {
        Delivery {
            site: site.into(),
            category: category.into(),
            delivered_on: on,
            quantity,
        }
    }

    #[test]
    fn unmet_subtracts_and_floors_at_zero() {
        assert_eq!(unmet(60, 20, 10), 30);
        assert_eq!(unmet(60, 0, 0), 60);
        assert_eq!(unmet(60, 60, 0), 0);
        assert_eq!(unmet(60, 50, 30), 0);
        assert_eq!(unmet(10, u32::MAX, u32::MAX), 0);
    }

    #[test]
    fn only_deliveries_to_that_site_and_category_since_the_statement_count() {
        let n = need("hollow-oak", "blanket", 40, date(2026, 11, 10));
        let deliveries = [
            delivery("hollow-oak", "blanket", date(2026, 11, 9), 100), // before: known to the site
            delivery("hollow-oak", "blanket", date(2026, 11, 10), 5),  // same day counts
            delivery("hollow-oak", "blanket", date(2026, 12, 1), 7),
            delivery("hollow-oak", "tent-2p", date(2026, 12, 1), 9),
            delivery("river-camp", "blanket", date(2026, 12, 1), 11),
        ];
        assert_eq!(delivered_since(&n, &deliveries), 12);
        let in_transit = [
            InTransit {
                site: "hollow-oak".into(),
                category: "blanket".into(),
                quantity: 8,
            },
            InTransit {
                site: "river-camp".into(),
                category: "blanket".into(),
                quantity: 50,
            },
        ];
        let rows = unmet_needs(std::slice::from_ref(&n), &deliveries, &in_transit);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].delivered_since, rows[0].in_transit, rows[0].unmet),
            (12, 8, 20)
        );
    }

    #[test]
    fn a_newer_statement_replaces_the_older() {
        let statements = [
            need("hollow-oak", "blanket", 40, date(2026, 11, 10)),
            need("hollow-oak", "blanket", 15, date(2026, 12, 1)),
            need("hollow-oak", "blanket", 99, date(2026, 11, 20)), // recorded late, stated earlier
            need("hollow-oak", "tent-2p", 3, date(2026, 11, 1)),
        ];
        let deliveries = [
            delivery("hollow-oak", "blanket", date(2026, 11, 15), 30),
            delivery("hollow-oak", "blanket", date(2026, 12, 2), 4),
        ];
        let rows = unmet_needs(&statements, &deliveries, &[]);
        let blanket = rows
            .iter()
            .find(|r| r.category == "blanket")
            .expect("blanket need");
        assert_eq!((blanket.wanted, blanket.unmet), (15, 11));
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn on_the_same_day_the_later_record_wins() {
        let day = date(2026, 11, 10);
        let statements = [
            need("hollow-oak", "blanket", 40, day),
            need("hollow-oak", "blanket", 25, day),
        ];
        assert_eq!(current_needs(&statements)[0].wanted, 25);
    }

    const SITES: [&str; 3] = ["hollow-oak", "river-camp", "the-yard"];
    const CATEGORIES: [&str; 3] = ["blanket", "tent-2p", "tinned-food"];

    fn day(offset: u32) -> NaiveDate {
        date(2026, 9, 1) + chrono::Days::new(u64::from(offset))
    }

    proptest! {
        #[test]
        fn unmet_is_wanted_minus_deliveries_since_the_statement(
            statements in prop::collection::vec((0..3usize, 0..3usize, 0..200u32, 0..60u32), 0..12),
            deliveries in prop::collection::vec((0..3usize, 0..3usize, 0..60u32, 0..80u32), 0..30),
            transit in prop::collection::vec((0..3usize, 0..3usize, 0..40u32), 0..5),
        ) {
            let needs: Vec<Need> = statements
                .iter()
                .map(|&(s, c, w, d)| need(SITES[s], CATEGORIES[c], w, day(d)))
                .collect();
            let delivered: Vec<Delivery> = deliveries
                .iter()
                .map(|&(s, c, d, q)| delivery(SITES[s], CATEGORIES[c], day(d), q))
                .collect();
            let on_road: Vec<InTransit> = transit
                .iter()
                .map(|&(s, c, q)| InTransit { site: SITES[s].into(), category: CATEGORIES[c].into(), quantity: q })
                .collect();

            let rows = unmet_needs(&needs, &delivered, &on_road);

            // Independently: for each pair, walk the statements in order keeping the newest,
            // then sum in signed arithmetic and floor.
            let mut expected = Vec::new();
            for (s, site) in SITES.iter().enumerate() {
                for (c, category) in CATEGORIES.iter().enumerate() {
                    let mut latest: Option<(u32, u32)> = None;
                    for &(ns, nc, w, d) in &statements {
                        if ns == s && nc == c && latest.is_none_or(|(_, ld)| d >= ld) {
                            latest = Some((w, d));
                        }
                    }
                    let Some((wanted, stated)) = latest else { continue };
                    let got: i64 = deliveries
                        .iter()
                        .filter(|&&(ds, dc, dd, _)| ds == s && dc == c && dd >= stated)
                        .map(|&(_, _, _, q)| i64::from(q))
                        .sum();
                    let road: i64 = transit
                        .iter()
                        .filter(|&&(ts, tc, _)| ts == s && tc == c)
                        .map(|&(_, _, q)| i64::from(q))
                        .sum();
                    let left = (i64::from(wanted) - got - road).max(0);
                    expected.push((site.to_string(), category.to_string(), left as u32));
                }
            }
            expected.sort();
            let actual: Vec<(String, String, u32)> = rows
                .iter()
                .map(|r| (r.site.clone(), r.category.clone(), r.unmet))
                .collect();
            prop_assert_eq!(actual, expected);
        }
    }
}
