//! Seed data: the catalogue (always) and a demo season (on request), from `seeds/`,
//! compiled into the binary so `haul seed` works from any folder.

use crate::text::FreeText;
use anyhow::Context;
use serde::Deserialize;

use crate::catalog::model::NewCategoryRequest;
use crate::catalog::{Condition, Slug};
use crate::db::Db;
use crate::error::AppError;
use crate::handouts::model::{GivenLine, HandoutRequest, UnmetLine};
use crate::ledger::lines::LineRequest;
use crate::ledger::Quantity;
use crate::locations::model::NewLocationRequest;
use crate::locations::LocationKind;
use crate::movements::model::TransferRequest;

const CATALOGUE: &str = include_str!("../seeds/catalogue.csv");
const DEMO_LOCATIONS: &str = include_str!("../seeds/demo/locations.csv");
const DEMO_INTAKES: &str = include_str!("../seeds/demo/intakes.csv");
const PRIORITIES: &str = include_str!("../seeds/priorities.json");
const DEMO_NEEDS: &str = include_str!("../seeds/demo/needs.csv");
const DEMO_VANS: &str = include_str!("../seeds/demo/vans.csv");

/// The actor recorded on seeded ledger entries.
pub const SEED_ACTOR: &str = "seed";

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Seeded {
    pub categories: usize,
    pub locations: usize,
    pub vans: usize,
    pub intakes: usize,
    pub needs: usize,
    pub handouts: usize,
}

#[derive(Deserialize)]
struct CategoryRow {
    slug: String,
    name: FreeText<100>,
    unit_volume_l: f64,
    unit_weight_kg: f64,
    dangerous_goods: bool,
    #[serde(default)]
    group: crate::catalog::model::CategoryGroup,
}

#[derive(Deserialize)]
struct LocationRow {
    slug: String,
    name: FreeText<100>,
    kind: LocationKind,
    region: Option<FreeText<100>>,
    address: Option<FreeText<300>>,
}

/// Adds catalogue categories that are missing; existing ones are left as they are.
/// Then, on a database without any, the collective's priorities (see `priorities`).
pub fn catalogue(db: &Db) -> anyhow::Result<usize> {
    let mut rows = Vec::new();
    for r in csv::Reader::from_reader(CATALOGUE.as_bytes()).deserialize::<CategoryRow>() {
        let r = r.context("seeds/catalogue.csv")?;
        let now = chrono::Utc::now().naive_utc();
        let new = NewCategoryRequest {
            slug: Slug::parse(&r.slug).map_err(anyhow::Error::msg)?,
            name: r.name,
            unit_volume_l: r.unit_volume_l,
            unit_weight_kg: r.unit_weight_kg,
            dangerous_goods: r.dangerous_goods,
            group: r.group,
        }
        .into_new(now)
        .map_err(|e| anyhow::anyhow!("seeds/catalogue.csv: {e:?}"))?;
        rows.push(new);
    }
    let added = db.write_blocking(move |c| {
        let mut added = 0;
        for new in &rows {
            if !crate::catalog::store::exists(c, &new.slug)? {
                crate::catalog::store::insert(c, new)?;
                added += 1;
                // Bikes are repaired and handed out one by one (issue 16).
                if new.slug == "bike" {
                    crate::boxes::store::set_tracked(c, "bike", true)?;
                }
            }
        }
        // Their French and Arabic names (issue 13), where none is set yet.
        crate::catalog::names::seed(c)?;
        Ok(added)
    })?;
    priorities(db)?;
    Ok(added)
}

/// The collective's statement from `seeds/priorities.json` as version 1, when no
/// priorities have been stated yet; a set a coordinator has saved is never touched.
/// Answers whether it was added.
pub fn priorities(db: &Db) -> anyhow::Result<bool> {
    let set: crate::priorities::PrioritySet =
        serde_json::from_str(PRIORITIES).context("seeds/priorities.json")?;
    let now = chrono::Utc::now().naive_utc();
    let added = db
        .write_blocking(move |c| {
            if crate::priorities::store::current(c)?.is_some() {
                return Ok(false);
            }
            crate::priorities::model::save(c, &set, SEED_ACTOR, now)?;
            Ok(true)
        })
        .context("seeds/priorities.json")?;
    Ok(added)
}

/// The catalogue plus a season of example data: two warehouses, four sites, two vans of
/// different sizes (so a run, and a day of runs together, can be planned at once), the
/// intakes of a summer of festivals, the sites' winter needs and a week of hand-outs.
/// Each kind is added only to a database without any, so running it twice adds nothing.
pub fn demo(db: &Db) -> anyhow::Result<Seeded> {
    let categories = catalogue(db)?;
    let mut locations = Vec::new();
    for r in csv::Reader::from_reader(DEMO_LOCATIONS.as_bytes()).deserialize::<LocationRow>() {
        let r = r.context("seeds/demo/locations.csv")?;
        let new = NewLocationRequest {
            slug: Slug::parse(&r.slug).map_err(anyhow::Error::msg)?,
            name: r.name,
            kind: r.kind,
            address: r.address,
            region: r.region,
        }
        .into_new(chrono::Utc::now().naive_utc())
        .map_err(|e| anyhow::anyhow!("seeds/demo/locations.csv: {e:?}"))?;
        locations.push(new);
    }
    let rows = crate::intake::csv::parse(DEMO_INTAKES.as_bytes())
        .map_err(|e| anyhow::anyhow!("seeds/demo/intakes.csv: {:?}", e.first()))?;
    let (locations, intakes) = db.write_blocking(move |c| {
        let mut added = 0;
        for new in &locations {
            if crate::locations::store::find(c, &new.slug)?.is_none() {
                crate::locations::store::insert(c, new)?;
                added += 1;
            }
        }
        let any = !crate::intake::store::list(
            c,
            &crate::intake::store::IntakeFilter {
                limit: 1,
                ..Default::default()
            },
        )?
        .is_empty();
        let intakes = if any {
            0
        } else {
            crate::intake::csv::import(c, &rows, SEED_ACTOR, chrono::Utc::now().naive_utc())?.len()
        };
        Ok((added, intakes))
    })?;
    let vans = demo_vans(db)?;
    let needs = demo_needs(db)?;
    let handouts = demo_handouts(db)?;
    Ok(Seeded {
        categories,
        locations,
        vans,
        intakes,
        needs,
        handouts,
    })
}

/// The demo vans, each added only when no van (in service or retired) has its slug.
fn demo_vans(db: &Db) -> anyhow::Result<usize> {
    let vans = csv::Reader::from_reader(DEMO_VANS.as_bytes())
        .deserialize::<crate::runs::model::VanRequest>()
        .collect::<Result<Vec<_>, _>>()
        .context("seeds/demo/vans.csv")?;
    let now = chrono::Utc::now().naive_utc();
    let added = db
        .write_blocking(move |c| {
            let mut added = 0;
            for van in &vans {
                if crate::runs::store::van_by_slug(c, van.slug.as_str())?.is_none() {
                    crate::runs::model::create_van(c, van, now)?;
                    added += 1;
                }
            }
            Ok(added)
        })
        .context("seeds/demo/vans.csv")?;
    Ok(added)
}

/// The winter needs of the four demo sites, added only to a database without needs.
fn demo_needs(db: &Db) -> anyhow::Result<usize> {
    let parsed = crate::needs::csv::parse(DEMO_NEEDS.as_bytes())
        .map_err(|e| anyhow::anyhow!("seeds/demo/needs.csv: {:?}", e.first()))?;
    let now = chrono::Utc::now().naive_utc();
    let added = db
        .write_blocking(move |c| {
            if crate::needs::store::count(c)? > 0 {
                return Ok(0);
            }
            Ok(crate::needs::csv::import(c, &parsed, SEED_ACTOR, now)?.len())
        })
        .context("seeds/demo/needs.csv")?;
    Ok(added)
}

/// What the East unit sends to each demo site before its hand-outs:
/// `(site, [(category, condition, quantity)])`.
type DemoLine = (&'static str, Condition, i64);

const DEMO_TRANSFERS: [(&str, &[DemoLine]); 4] = [
    (
        "oak",
        &[
            ("tent-2p", Condition::Good, 6),
            ("sleeping-bag", Condition::Good, 6),
            ("blanket", Condition::Good, 8),
        ],
    ),
    (
        "heron",
        &[
            ("tent-2p", Condition::Good, 5),
            ("sleeping-bag", Condition::Good, 8),
            ("blanket", Condition::Usable, 6),
        ],
    ),
    (
        "kestrel",
        &[
            ("sleeping-bag", Condition::Usable, 5),
            ("tinned-food", Condition::Good, 20),
        ],
    ),
    (
        "willow",
        &[
            ("tent-2p", Condition::Usable, 4),
            ("sleeping-bag", Condition::Usable, 6),
            ("blanket", Condition::Usable, 6),
        ],
    ),
];

/// One demo hand-out: site, how many days before today, what went out, and what
/// people asked for that was not there.
struct DemoHandout {
    site: &'static str,
    days_ago: u64,
    given: &'static [(&'static str, i64)],
    unmet: &'static [(&'static str, i64)],
}

/// Within the last week, so the /needs page has evidence to show on a fresh demo.
const DEMO_HANDOUTS: [DemoHandout; 5] = [
    DemoHandout {
        site: "oak",
        days_ago: 5,
        given: &[("tent-2p", 4), ("sleeping-bag", 3), ("blanket", 5)],
        unmet: &[("tent-2p", 6), ("sleeping-bag-winter", 4)],
    },
    DemoHandout {
        site: "heron",
        days_ago: 4,
        given: &[("tent-2p", 3), ("sleeping-bag", 6), ("blanket", 4)],
        unmet: &[("sleeping-bag-winter", 10), ("tent-4p", 3)],
    },
    DemoHandout {
        site: "kestrel",
        days_ago: 3,
        given: &[("sleeping-bag", 4), ("tinned-food", 12)],
        unmet: &[("hygiene-kit", 8), ("head-torch", 5)],
    },
    DemoHandout {
        site: "oak",
        days_ago: 2,
        given: &[("tent-2p", 2), ("blanket", 3)],
        unmet: &[("tent-2p", 8), ("roll-mat", 5)],
    },
    DemoHandout {
        site: "willow",
        days_ago: 1,
        given: &[("tent-2p", 3), ("sleeping-bag", 5), ("blanket", 4)],
        unmet: &[("tent-family", 2), ("water-carrier", 4)],
    },
];

const DEMO_WAREHOUSE: &str = "unit-east";

fn quantity(n: i64) -> anyhow::Result<Quantity> {
    Quantity::parse(n).map_err(anyhow::Error::msg)
}

/// Goods moved from the East unit to the sites, then a week of hand-outs there with
/// the requests that could not be met; only into a database without hand-outs. If the
/// East unit no longer holds enough (a database used for more than the demo), none
/// are added.
fn demo_handouts(db: &Db) -> anyhow::Result<usize> {
    let mut transfers = Vec::new();
    for (site, lines) in DEMO_TRANSFERS {
        let lines = lines
            .iter()
            .map(|&(category, condition, n)| {
                Ok(LineRequest {
                    category: category.into(),
                    condition,
                    quantity: quantity(n)?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        transfers.push(TransferRequest {
            from: DEMO_WAREHOUSE.into(),
            to: site.into(),
            lines,
            note: "demo season".parse().ok(),
        });
    }
    let now = chrono::Utc::now().naive_utc();
    let mut handouts = Vec::new();
    for h in &DEMO_HANDOUTS {
        let lines = |list: &[(&str, i64)]| -> anyhow::Result<Vec<(String, Quantity)>> {
            list.iter()
                .map(|&(c, n)| Ok((c.to_string(), quantity(n)?)))
                .collect()
        };
        handouts.push(HandoutRequest {
            site: h.site.into(),
            handed_out_on: now
                .date()
                .checked_sub_days(chrono::Days::new(h.days_ago))
                .unwrap_or(now.date()),
            lines: lines(h.given)?
                .into_iter()
                .map(|(category, quantity)| GivenLine {
                    category,
                    quantity,
                    condition: None,
                })
                .collect(),
            unmet: lines(h.unmet)?
                .into_iter()
                .map(|(category, quantity)| UnmetLine { category, quantity })
                .collect(),
            note: None,
        });
    }
    let result = db.write_blocking(move |c| {
        let any = !crate::handouts::store::list(
            c,
            &crate::handouts::store::HandoutFilter {
                limit: 1,
                ..Default::default()
            },
        )?
        .is_empty();
        if any {
            return Ok(0);
        }
        for t in &transfers {
            crate::movements::model::transfer(c, t, SEED_ACTOR, now)?;
        }
        for h in &handouts {
            crate::handouts::model::record(c, h, SEED_ACTOR, now)?;
        }
        Ok(handouts.len())
    });
    match result {
        Ok(n) => Ok(n),
        Err(AppError::Conflict { message, .. }) => {
            tracing::warn!(%message, "demo hand-outs left out");
            Ok(0)
        }
        Err(e) => Err(anyhow::anyhow!("demo hand-outs: {e}")),
    }
}
