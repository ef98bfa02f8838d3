//! Planning a day's runs together: reads what the fleet planner needs (the runs in planning that
//! leave that day, free stock at their warehouses, the need of their stops not held by other
//! plans), runs `fleet::plan_fleet` and stores each run's lines, all in one write transaction.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::runs::fleet::{self, Fleet, FleetPlan, FleetVan, Good, MAX_FLEET_VANS};
use crate::runs::model::{
    accepted_conditions, find_run, free_stock, keep_eligible, plannable_need, run_view,
    split_conditions, to_u32, wanted_categories, Key, Names, Run, RunStatus, RunView,
    DISTRIBUTABLE,
};
use crate::runs::planner::{Capacity, PlanError};
use crate::runs::store;

/// The day's plan: the runs with their new lines, and the fleet plan with its explanation
/// (`plan.vans[i]` is `runs[i]`; its lines' `per_stop` follow `stops[i]`).
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct DayPlanResponse {
    pub departs_on: NaiveDate,
    pub runs: Vec<RunView>,
    pub stops: Vec<Vec<String>>,
    pub plan: FleetPlan,
}

/// The runs in planning that leave on `day`, oldest first.
pub fn runs_of_day(conn: &mut DbConn, day: NaiveDate) -> AppResult<Vec<Run>> {
    store::runs_departing(conn, RunStatus::Planning.as_str(), day)?
        .into_iter()
        .map(|r| find_run(conn, r.id))
        .collect()
}

/// `POST /runs/plan?departs_on=DATE`: one optimisation for every run in planning leaving that
/// day; replaces their planned lines.
pub fn plan_day(conn: &mut DbConn, day: NaiveDate) -> AppResult<DayPlanResponse> {
    let runs = runs_of_day(conn, day)?;
    if runs.is_empty() {
        return Err(AppError::NotFound(format!(
            "no run in planning departs on {day}"
        )));
    }
    if runs.len() > MAX_FLEET_VANS {
        return Err(AppError::invalid(
            "departs_on",
            format!(
                "{} runs leave on {day}: a fleet plan takes at most {MAX_FLEET_VANS}; plan the others one by one",
                runs.len()
            ),
        ));
    }
    let names = Names::load(conn)?;
    let priorities = crate::priorities::model::require_current(conn)?.priorities;
    let ids: Vec<i64> = runs.iter().map(|r| r.row.id).collect();

    let mut origins: Vec<i64> = runs.iter().map(|r| r.row.origin_id).collect();
    origins.sort();
    origins.dedup();
    let mut sites: Vec<i64> = runs
        .iter()
        .flat_map(|r| r.stops.iter().map(|s| s.site_id))
        .collect();
    sites.sort();
    sites.dedup();
    let index = |list: &[i64], id: i64| list.iter().position(|&x| x == id).unwrap_or(0);

    let mut free: Vec<BTreeMap<Key, i64>> = Vec::new();
    for &o in &origins {
        let mut map = free_stock(conn, o, &ids)?;
        keep_eligible(&mut map, &names, &priorities);
        free.push(map);
    }
    let needs = plannable_need(conn, &sites, &ids, &names)?;
    let wanted = wanted_categories(&needs);

    let mut goods = Vec::new();
    let mut cats = Vec::new();
    for cat_id in wanted {
        let Some(cat) = names.categories.get(&cat_id) else {
            continue;
        };
        goods.push(Good {
            category: cat.slug.clone(),
            name: cat.name.clone(),
            unit_value: priorities.unit_value(&cat.slug, day),
            volume_l: cat.unit_volume_l,
            weight_kg: cat.unit_weight_kg,
            stock: free
                .iter()
                .map(|m| {
                    to_u32(
                        DISTRIBUTABLE
                            .iter()
                            .map(|c| m.get(&(cat_id, *c)).copied().unwrap_or(0))
                            .sum(),
                    )
                })
                .collect(),
            need: needs
                .iter()
                .map(|m| m.get(&cat_id).copied().unwrap_or(0))
                .collect(),
            conditions: accepted_conditions(&priorities, &cat.slug)
                .into_iter()
                .map(|c| c.as_str().to_string())
                .collect(),
        });
        cats.push(cat_id);
    }
    let fleet = Fleet {
        vans: runs
            .iter()
            .map(|r| FleetVan {
                name: r.van.name.clone(),
                capacity: Capacity {
                    volume_l: r.van.capacity_l,
                    payload_kg: r.van.payload_kg,
                },
                origin: index(&origins, r.row.origin_id),
                stops: r.stops.iter().map(|s| index(&sites, s.site_id)).collect(),
            })
            .collect(),
        goods,
    };
    let plan = fleet::plan_fleet(&fleet).map_err(|e| match e {
        PlanError::InvalidInput(why) => AppError::invalid("departs_on", why),
        PlanError::Internal(why) => AppError::Internal(why),
    })?;

    for (run, load) in runs.iter().zip(&plan.vans) {
        let pool = &mut free[index(&origins, run.row.origin_id)];
        let mut rows = Vec::new();
        for line in &load.lines {
            let per_stop: Vec<(i64, u32)> = run
                .stops
                .iter()
                .zip(&line.per_stop)
                .map(|(s, q)| (s.site_id, *q))
                .collect();
            rows.extend(split_conditions(
                run.row.id,
                cats[line.good],
                &per_stop,
                pool,
            ));
        }
        store::replace_lines(conn, run.row.id, &rows)?;
    }
    let mut views = Vec::new();
    let mut stops = Vec::new();
    for id in ids {
        let run = find_run(conn, id)?;
        stops.push(
            run.stops
                .iter()
                .map(|s| names.location(s.site_id))
                .collect(),
        );
        views.push(run_view(&run, &names, false));
    }
    Ok(DayPlanResponse {
        departs_on: day,
        runs: views,
        stops,
        plan,
    })
}
