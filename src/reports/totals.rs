//! Report totals from plain rows: what was salvaged (items and kg diverted from
//! landfill), handed out, asked for but not there, written off, and in stock now; for
//! coordinators per site, for the public never a site. Pure: the store feeds the rows.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

use crate::locations::LocationKind;

/// Goods in from a festival or donor: one intake line.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeRow {
    pub source: String,
    pub on: NaiveDate,
    pub category: String,
    pub unit_weight_kg: f64,
    pub quantity: i64,
}

/// Goods out at a site (quantity positive), or asked for there and not available.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteRow {
    pub site: String,
    pub on: NaiveDate,
    pub category: String,
    pub unit_weight_kg: f64,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WriteoffRow {
    pub reason: String,
    pub on: NaiveDate,
    pub category: String,
    pub unit_weight_kg: f64,
    pub quantity: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StockRow {
    pub kind: LocationKind,
    pub category: String,
    pub unit_weight_kg: f64,
    pub quantity: i64,
}

/// Everything a report is computed from, already limited to its period (stock is now).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rows {
    pub intakes: Vec<IntakeRow>,
    pub handouts: Vec<SiteRow>,
    pub unmet: Vec<SiteRow>,
    pub writeoffs: Vec<WriteoffRow>,
    pub stock: Vec<StockRow>,
    /// The needs in force now, whatever the period.
    pub needs: Vec<NeedRow>,
}

impl Rows {
    /// Only the hand-outs and unmet requests of sites in one public region group;
    /// salvage, write-offs and stock belong to the whole collective and stay.
    pub fn in_region(mut self, regions: &BTreeMap<String, String>, region: &str) -> Rows {
        let keep = |r: &SiteRow| regions.get(&r.site).is_some_and(|g| g == region);
        self.handouts.retain(keep);
        self.unmet.retain(keep);
        self.needs
            .retain(|r| regions.get(&r.site).is_some_and(|g| g == region));
        self
    }
}

/// The fewest sites a region may have to be shown on its own in public: with one, its
/// totals would be that site's.
pub const MIN_SITES_PER_REGION: usize = 2;
pub const OTHER_REGIONS: &str = "other regions";

/// The region label the public may see for each site. Regions with too few sites are
/// folded into "other regions"; if even that group would be a single site, there is no
/// regional breakdown at all (`None`): all sites are shown together.
pub fn public_regions(sites: &[(String, Option<String>)]) -> Option<BTreeMap<String, String>> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, region) in sites {
        *count.entry(region.as_deref().unwrap_or("")).or_insert(0) += 1;
    }
    let label = |region: &Option<String>| -> String {
        match region.as_deref() {
            Some(r)
                if !r.is_empty() && count.get(r).copied().unwrap_or(0) >= MIN_SITES_PER_REGION =>
            {
                r.to_string()
            }
            _ => OTHER_REGIONS.to_string(),
        }
    };
    let map: BTreeMap<String, String> = sites.iter().map(|(s, r)| (s.clone(), label(r))).collect();
    let others = map.values().filter(|g| *g == OTHER_REGIONS).count();
    if others > 0 && others < MIN_SITES_PER_REGION {
        None
    } else {
        Some(map)
    }
}

#[derive(utoipa::ToSchema, Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Amount {
    pub items: i64,
    pub kg: f64,
}

impl Amount {
    fn add(&mut self, quantity: i64, unit_weight_kg: f64) {
        self.items += quantity;
        self.kg += quantity as f64 * unit_weight_kg;
    }
    fn rounded(self) -> Amount {
        Amount {
            items: self.items,
            kg: round_kg(self.kg),
        }
    }
}

/// To the gram: enough for a report, and stable to compare.
pub fn round_kg(kg: f64) -> f64 {
    (kg * 1000.0).round() / 1000.0
}

macro_rules! tally {
    ($(#[$doc:meta])* $name:ident { $($field:ident),+ }) => {
        $(#[$doc])*
        #[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
        pub struct $name {
            $(pub $field: String,)+
            pub items: i64,
            pub kg: f64,
        }
    };
}

tally!(BySource { source });
tally!(ByCategory { category });
tally!(BySourceCategory { source, category });
tally!(BySite { site });
tally!(BySiteCategory { site, category });
tally!(ByRegion { region });
tally!(ByReason { reason });
tally!(ByKind { kind });

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct Salvaged {
    /// `kg` is what was diverted from landfill: quantity × the category's unit weight.
    pub total: Amount,
    pub by_source: Vec<BySource>,
    pub by_category: Vec<ByCategory>,
    pub by_source_and_category: Vec<BySourceCategory>,
}

/// Handed out, or asked for but not available: the same shape.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct AtSites {
    pub total: Amount,
    pub by_category: Vec<ByCategory>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_site: Option<Vec<BySite>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_site_and_category: Option<Vec<BySiteCategory>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_region: Option<Vec<ByRegion>>,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct WrittenOff {
    pub total: Amount,
    /// Reasons are free text a volunteer typed (and may name a site): coordinators only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_reason: Option<Vec<ByReason>>,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct StockNow {
    pub total: Amount,
    pub by_kind: Vec<ByKind>,
}

/// A need in force at a site, with what reached the site since it was stated and what
/// is on the road: fed from `needs::model::list`.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedRow {
    pub site: String,
    pub category: String,
    pub wanted: i64,
    pub delivered: i64,
    pub in_transit: i64,
    pub unmet: i64,
}

/// Wanted against delivered since stated. `coverage` is the share of what was wanted
/// that arrived (delivered beyond the need counts as all of it); `None` when nothing
/// is wanted.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Coverage {
    pub wanted: i64,
    pub delivered: i64,
    pub in_transit: i64,
    pub unmet: i64,
    pub coverage: Option<f64>,
}

impl Coverage {
    /// Sums the rows; the ratio counts at most what each need wanted, so a site sent
    /// too much of one thing does not hide another need left open.
    fn of<'a>(rows: impl Iterator<Item = &'a NeedRow>) -> Coverage {
        let mut c = Coverage::default();
        let mut covered = 0i64;
        for r in rows {
            c.wanted += r.wanted;
            c.delivered += r.delivered;
            c.in_transit += r.in_transit;
            c.unmet += r.unmet;
            covered += r.delivered.clamp(0, r.wanted);
        }
        c.coverage = (c.wanted > 0).then(|| round_ratio(covered as f64 / c.wanted as f64));
        c
    }
}

/// To a tenth of a percent.
fn round_ratio(r: f64) -> f64 {
    (r * 1000.0).round() / 1000.0
}

/// How much of one site's stated need for one category was covered.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct NeedCoverage {
    pub site: String,
    pub category: String,
    #[serde(flatten)]
    pub coverage: Coverage,
}

/// The needs in force now (not limited to the report's period): all sites together,
/// and for coordinators per site and category.
#[derive(utoipa::ToSchema, Debug, Clone, Default, PartialEq, Serialize)]
pub struct NeedCoverageReport {
    pub total: Coverage,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_site_and_category: Option<Vec<NeedCoverage>>,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct Month {
    /// `2026-07`
    pub month: String,
    pub salvaged: Amount,
    pub handed_out: Amount,
    pub unmet: Amount,
    pub written_off: Amount,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Every site by its code name.
    Coordinator,
    /// No site, ever; regions only where `public_regions` allows.
    Public,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub view: &'static str,
    pub salvaged: Salvaged,
    pub handed_out: AtSites,
    pub unmet: AtSites,
    pub written_off: WrittenOff,
    pub stock_now: StockNow,
    pub need_coverage: NeedCoverageReport,
    pub by_month: Vec<Month>,
}

/// Sums `(key, quantity, unit weight)` into amounts per key, in key order.
fn tally<K: Ord>(rows: impl Iterator<Item = (K, i64, f64)>) -> Vec<(K, Amount)> {
    let mut sums: BTreeMap<K, Amount> = BTreeMap::new();
    for (k, q, w) in rows {
        sums.entry(k).or_default().add(q, w);
    }
    // A key whose rows cancel out (an intake reversed by a correction) is not shown.
    sums.into_iter()
        .filter(|(_, a)| a.items != 0)
        .map(|(k, a)| (k, a.rounded()))
        .collect()
}

fn total<'a>(rows: impl Iterator<Item = (i64, f64)> + 'a) -> Amount {
    let mut a = Amount::default();
    for (q, w) in rows {
        a.add(q, w);
    }
    a.rounded()
}

pub fn month_of(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn at_sites(rows: &[SiteRow], view: View, regions: Option<&BTreeMap<String, String>>) -> AtSites {
    let by_category = tally(
        rows.iter()
            .map(|r| (r.category.clone(), r.quantity, r.unit_weight_kg)),
    )
    .into_iter()
    .map(|(category, a)| ByCategory {
        category,
        items: a.items,
        kg: a.kg,
    })
    .collect();
    let (by_site, by_site_and_category, by_region) = match view {
        View::Coordinator => (
            Some(
                tally(
                    rows.iter()
                        .map(|r| (r.site.clone(), r.quantity, r.unit_weight_kg)),
                )
                .into_iter()
                .map(|(site, a)| BySite {
                    site,
                    items: a.items,
                    kg: a.kg,
                })
                .collect(),
            ),
            Some(
                tally(rows.iter().map(|r| {
                    (
                        (r.site.clone(), r.category.clone()),
                        r.quantity,
                        r.unit_weight_kg,
                    )
                }))
                .into_iter()
                .map(|((site, category), a)| BySiteCategory {
                    site,
                    category,
                    items: a.items,
                    kg: a.kg,
                })
                .collect(),
            ),
            None,
        ),
        View::Public => (
            None,
            None,
            regions.map(|map| {
                tally(rows.iter().map(|r| {
                    let region = map
                        .get(&r.site)
                        .cloned()
                        .unwrap_or_else(|| OTHER_REGIONS.to_string());
                    (region, r.quantity, r.unit_weight_kg)
                }))
                .into_iter()
                .map(|(region, a)| ByRegion {
                    region,
                    items: a.items,
                    kg: a.kg,
                })
                .collect()
            }),
        ),
    };
    AtSites {
        total: total(rows.iter().map(|r| (r.quantity, r.unit_weight_kg))),
        by_category,
        by_site,
        by_site_and_category,
        by_region,
    }
}

/// The report. `regions` (from `public_regions`) is used by the public view only.
pub fn summarise(rows: &Rows, view: View, regions: Option<&BTreeMap<String, String>>) -> Summary {
    let salvaged = Salvaged {
        total: total(rows.intakes.iter().map(|r| (r.quantity, r.unit_weight_kg))),
        by_source: tally(
            rows.intakes
                .iter()
                .map(|r| (r.source.clone(), r.quantity, r.unit_weight_kg)),
        )
        .into_iter()
        .map(|(source, a)| BySource {
            source,
            items: a.items,
            kg: a.kg,
        })
        .collect(),
        by_category: tally(
            rows.intakes
                .iter()
                .map(|r| (r.category.clone(), r.quantity, r.unit_weight_kg)),
        )
        .into_iter()
        .map(|(category, a)| ByCategory {
            category,
            items: a.items,
            kg: a.kg,
        })
        .collect(),
        by_source_and_category: tally(rows.intakes.iter().map(|r| {
            (
                (r.source.clone(), r.category.clone()),
                r.quantity,
                r.unit_weight_kg,
            )
        }))
        .into_iter()
        .map(|((source, category), a)| BySourceCategory {
            source,
            category,
            items: a.items,
            kg: a.kg,
        })
        .collect(),
    };
    let written_off = WrittenOff {
        total: total(
            rows.writeoffs
                .iter()
                .map(|r| (r.quantity, r.unit_weight_kg)),
        ),
        by_reason: (view == View::Coordinator).then(|| {
            tally(
                rows.writeoffs
                    .iter()
                    .map(|r| (r.reason.clone(), r.quantity, r.unit_weight_kg)),
            )
            .into_iter()
            .map(|(reason, a)| ByReason {
                reason,
                items: a.items,
                kg: a.kg,
            })
            .collect()
        }),
    };
    let stock_now = StockNow {
        total: total(rows.stock.iter().map(|r| (r.quantity, r.unit_weight_kg))),
        by_kind: tally(
            rows.stock
                .iter()
                .map(|r| (r.kind.to_string(), r.quantity, r.unit_weight_kg)),
        )
        .into_iter()
        .map(|(kind, a)| ByKind {
            kind,
            items: a.items,
            kg: a.kg,
        })
        .collect(),
    };
    Summary {
        view: match view {
            View::Coordinator => "coordinator",
            View::Public => "public",
        },
        salvaged,
        handed_out: at_sites(&rows.handouts, view, regions),
        unmet: at_sites(&rows.unmet, view, regions),
        written_off,
        stock_now,
        need_coverage: need_coverage(&rows.needs, view),
        by_month: by_month(rows),
    }
}

/// Coverage of the needs in force: per site only for coordinators.
fn need_coverage(needs: &[NeedRow], view: View) -> NeedCoverageReport {
    let by_site_and_category = (view == View::Coordinator).then(|| {
        let mut rows: Vec<NeedCoverage> = needs
            .iter()
            .map(|r| NeedCoverage {
                site: r.site.clone(),
                category: r.category.clone(),
                coverage: Coverage::of(std::iter::once(r)),
            })
            .collect();
        rows.sort_by(|a, b| (&a.site, &a.category).cmp(&(&b.site, &b.category)));
        rows
    });
    NeedCoverageReport {
        total: Coverage::of(needs.iter()),
        by_site_and_category,
    }
}

/// Every month from the first with any activity to the last, oldest first; a quiet
/// month in between is shown as zero, not left out of a chart.
fn by_month(rows: &Rows) -> Vec<Month> {
    let active: BTreeSet<(i32, u32)> = rows
        .intakes
        .iter()
        .map(|r| r.on)
        .chain(rows.handouts.iter().map(|r| r.on))
        .chain(rows.unmet.iter().map(|r| r.on))
        .chain(rows.writeoffs.iter().map(|r| r.on))
        .map(|d| (d.year(), d.month()))
        .collect();
    let mut months = Vec::new();
    if let (Some(&first), Some(&last)) = (active.first(), active.last()) {
        let mut m = first;
        while m <= last {
            months.push(format!("{:04}-{:02}", m.0, m.1));
            m = if m.1 == 12 {
                (m.0 + 1, 1)
            } else {
                (m.0, m.1 + 1)
            };
        }
    }
    months
        .into_iter()
        .map(|m| {
            let in_month = |d: NaiveDate| month_of(d) == m;
            Month {
                salvaged: total(
                    rows.intakes
                        .iter()
                        .filter(|r| in_month(r.on))
                        .map(|r| (r.quantity, r.unit_weight_kg)),
                ),
                handed_out: total(
                    rows.handouts
                        .iter()
                        .filter(|r| in_month(r.on))
                        .map(|r| (r.quantity, r.unit_weight_kg)),
                ),
                unmet: total(
                    rows.unmet
                        .iter()
                        .filter(|r| in_month(r.on))
                        .map(|r| (r.quantity, r.unit_weight_kg)),
                ),
                written_off: total(
                    rows.writeoffs
                        .iter()
                        .filter(|r| in_month(r.on))
                        .map(|r| (r.quantity, r.unit_weight_kg)),
                ),
                month: m,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn site(site: &str, on: &str, category: &str, w: f64, q: i64) -> SiteRow {
        SiteRow {
            site: site.into(),
            on: d(on),
            category: category.into(),
            unit_weight_kg: w,
            quantity: q,
        }
    }
    fn intake(source: &str, on: &str, category: &str, w: f64, q: i64) -> IntakeRow {
        IntakeRow {
            source: source.into(),
            on: d(on),
            category: category.into(),
            unit_weight_kg: w,
            quantity: q,
        }
    }
    fn sample() -> Rows {
        Rows {
            intakes: vec![
                intake("glastonbury-2026", "2026-06-29", "tent-2p", 2.6, 10),
                intake("glastonbury-2026", "2026-06-29", "blanket", 1.5, 4),
                intake("reading-2026", "2026-08-31", "tent-2p", 2.6, 5),
            ],
            handouts: vec![
                site("oak", "2026-07-02", "tent-2p", 2.6, 3),
                site("heron", "2026-07-20", "tent-2p", 2.6, 2),
                site("oak", "2026-09-01", "blanket", 1.5, 4),
            ],
            unmet: vec![site("oak", "2026-09-01", "tent-2p", 2.6, 14)],
            writeoffs: vec![WriteoffRow {
                reason: "mould".into(),
                on: d("2026-07-10"),
                category: "tent-2p".into(),
                unit_weight_kg: 2.6,
                quantity: 1,
            }],
            stock: vec![
                StockRow {
                    kind: LocationKind::Warehouse,
                    category: "tent-2p".into(),
                    unit_weight_kg: 2.6,
                    quantity: 9,
                },
                StockRow {
                    kind: LocationKind::Site,
                    category: "tent-2p".into(),
                    unit_weight_kg: 2.6,
                    quantity: 0,
                },
            ],
            needs: Vec::new(),
        }
    }

    fn need(site: &str, category: &str, wanted: i64, delivered: i64, in_transit: i64) -> NeedRow {
        NeedRow {
            site: site.into(),
            category: category.into(),
            wanted,
            delivered,
            in_transit,
            unmet: (wanted - delivered - in_transit).max(0),
        }
    }

    #[test]
    fn need_coverage_is_per_site_for_coordinators_and_a_total_for_the_public() {
        let rows = Rows {
            needs: vec![
                need("oak", "tent-2p", 40, 10, 5),
                need("oak", "blanket", 10, 30, 0),
                need("heron", "tent-2p", 50, 0, 0),
            ],
            ..Rows::default()
        };
        let s = summarise(&rows, View::Coordinator, None);
        let by = s.need_coverage.by_site_and_category.as_ref().unwrap();
        let keys: Vec<(&str, &str)> = by
            .iter()
            .map(|r| (r.site.as_str(), r.category.as_str()))
            .collect();
        assert_eq!(
            keys,
            vec![("heron", "tent-2p"), ("oak", "blanket"), ("oak", "tent-2p")]
        );
        assert_eq!(by[2].coverage.coverage, Some(0.25));
        assert_eq!(
            by[1].coverage.coverage,
            Some(1.0),
            "more than wanted is all of it"
        );
        assert_eq!(by[0].coverage.coverage, Some(0.0));
        let t = s.need_coverage.total;
        assert_eq!(
            (t.wanted, t.delivered, t.in_transit, t.unmet),
            (100, 40, 5, 75)
        );
        // 10 of 40 tents and all 10 blankets, not 30: 20 of 100.
        assert_eq!(t.coverage, Some(0.2));

        let public = summarise(&rows, View::Public, None);
        assert!(public.need_coverage.by_site_and_category.is_none());
        assert_eq!(public.need_coverage.total, t);
        let json = serde_json::to_string(&public).unwrap();
        assert!(!json.contains("oak") && !json.contains("heron"), "{json}");
    }

    #[test]
    fn kg_is_quantity_times_unit_weight_and_totals_add_up() {
        let s = summarise(&sample(), View::Coordinator, None);
        assert_eq!(
            s.salvaged.total,
            Amount {
                items: 19,
                kg: 45.0
            }
        );
        let glasto = &s.salvaged.by_source[0];
        assert_eq!(
            (glasto.source.as_str(), glasto.items, glasto.kg),
            ("glastonbury-2026", 14, 32.0)
        );
        assert_eq!(s.salvaged.by_source_and_category.len(), 3);
        assert_eq!(s.handed_out.total.items, 9);
        let oak = s
            .handed_out
            .by_site
            .as_ref()
            .unwrap()
            .iter()
            .find(|r| r.site == "oak")
            .unwrap();
        assert_eq!((oak.items, oak.kg), (7, 13.8));
        assert_eq!(s.unmet.total.items, 14);
        assert_eq!(s.written_off.by_reason.as_ref().unwrap()[0].reason, "mould");
        assert_eq!(s.stock_now.total.items, 9);
        assert_eq!(s.need_coverage.total.wanted, 0);
        assert_eq!(s.need_coverage.total.coverage, None);
    }

    #[test]
    fn months_are_ordered_and_complete() {
        let s = summarise(&sample(), View::Coordinator, None);
        let months: Vec<&str> = s.by_month.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(months, vec!["2026-06", "2026-07", "2026-08", "2026-09"]);
        let quiet = Rows {
            intakes: vec![
                intake("a", "2025-11-30", "tent-2p", 1.0, 1),
                intake("a", "2026-02-01", "tent-2p", 1.0, 1),
            ],
            ..Rows::default()
        };
        let months: Vec<String> = summarise(&quiet, View::Coordinator, None)
            .by_month
            .into_iter()
            .map(|m| m.month)
            .collect();
        assert_eq!(
            months,
            vec!["2025-11", "2025-12", "2026-01", "2026-02"],
            "quiet months are zero, not missing"
        );
        let sum: i64 = s.by_month.iter().map(|m| m.handed_out.items).sum();
        assert_eq!(sum, s.handed_out.total.items);
        assert_eq!(s.by_month[1].written_off.items, 1);
    }

    #[test]
    fn public_view_names_no_site_and_no_reason() {
        let rows = sample();
        let regions = public_regions(&[
            ("oak".into(), Some("east".into())),
            ("heron".into(), Some("east".into())),
        ]);
        let s = summarise(&rows, View::Public, regions.as_ref());
        let json = serde_json::to_string(&s).unwrap();
        for word in ["oak", "heron", "mould"] {
            assert!(!json.contains(word), "{word} in {json}");
        }
        assert_eq!(s.handed_out.by_region.as_ref().unwrap()[0].region, "east");
        assert_eq!(s.handed_out.by_region.as_ref().unwrap()[0].items, 9);
        assert_eq!(
            s.handed_out.total,
            summarise(&rows, View::Coordinator, None).handed_out.total
        );
    }

    #[test]
    fn a_region_with_one_site_is_never_shown_alone() {
        let sites = |list: &[(&str, Option<&str>)]| -> Vec<(String, Option<String>)> {
            list.iter()
                .map(|(s, r)| (s.to_string(), r.map(str::to_string)))
                .collect()
        };
        // north and south have one site each: together they are "other regions".
        let map = public_regions(&sites(&[
            ("a", Some("east")),
            ("b", Some("east")),
            ("c", Some("north")),
            ("d", Some("south")),
        ]))
        .unwrap();
        assert_eq!(map["a"], "east");
        assert_eq!(map["c"], OTHER_REGIONS);
        assert_eq!(map["d"], OTHER_REGIONS);
        // One lone site left over: no regional breakdown at all.
        assert_eq!(
            public_regions(&sites(&[
                ("a", Some("east")),
                ("b", Some("east")),
                ("c", Some("north"))
            ])),
            None
        );
        assert_eq!(
            public_regions(&sites(&[
                ("a", Some("east")),
                ("b", Some("east")),
                ("c", None)
            ])),
            None
        );
        // All in one region is the same as all together: allowed.
        assert!(public_regions(&sites(&[("a", Some("east")), ("b", Some("east"))])).is_some());
    }

    #[test]
    fn in_region_keeps_only_that_regions_sites() {
        let map: BTreeMap<String, String> = [
            ("oak".to_string(), "east".to_string()),
            ("heron".to_string(), OTHER_REGIONS.to_string()),
        ]
        .into();
        let rows = sample().in_region(&map, "east");
        assert!(rows.handouts.iter().all(|r| r.site == "oak"));
        assert_eq!(rows.intakes.len(), 3, "salvage is the whole collective's");
    }
}
