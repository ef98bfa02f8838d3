//! Seed data: the catalogue (always) and a demo season (on request), from `seeds/`,
//! compiled into the binary so `haul seed` works from any folder.

use anyhow::Context;
use serde::Deserialize;

use crate::catalog::model::NewCategoryRequest;
use crate::catalog::Slug;
use crate::db::Db;
use crate::locations::model::NewLocationRequest;
use crate::locations::LocationKind;

const CATALOGUE: &str = include_str!("../seeds/catalogue.csv");
const DEMO_LOCATIONS: &str = include_str!("../seeds/demo/locations.csv");
const DEMO_INTAKES: &str = include_str!("../seeds/demo/intakes.csv");
const PRIORITIES: &str = include_str!("../seeds/priorities.json");
const DEMO_NEEDS: &str = include_str!("../seeds/demo/needs.csv");

/// The actor recorded on seeded ledger entries.
pub const SEED_ACTOR: &str = "seed";

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Seeded {
    pub categories: usize,
    pub locations: usize,
    pub intakes: usize,
    pub needs: usize,
}

#[derive(Deserialize)]
struct CategoryRow {
    slug: String,
    name: String,
    unit_volume_l: f64,
    unit_weight_kg: f64,
    dangerous_goods: bool,
}

#[derive(Deserialize)]
struct LocationRow {
    slug: String,
    name: String,
    kind: LocationKind,
    region: Option<String>,
    address: Option<String>,
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
            }
        }
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

/// The catalogue plus a season of example data: two warehouses, four sites and the
/// intakes of a summer of festivals. Intakes are added only to a database without any.
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
    let needs = demo_needs(db)?;
    Ok(Seeded {
        categories,
        locations,
        intakes,
        needs,
    })
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
