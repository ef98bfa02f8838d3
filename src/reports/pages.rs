//! The report pages: `/report`, the public transparency page (no login, never a site's
//! code name or address: only totals for the whole collective or a region of several
//! sites), and `/reports`, the coordinator's page with the per-site detail.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

use crate::auth::Actor;
use crate::error::AppResult;
use crate::reports::api::load;
use crate::reports::charts::{bar_chart, format_value, Unit};
use crate::reports::store::Period;
use crate::reports::totals::{Amount, Coverage, Summary, View};
use crate::state::AppState;
use crate::web::{layout, page, Flash};

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub region: Option<String>,
}

/// Dates from the filter form; a blank or unreadable one is no limit, said in a flash.
fn period(q: &ReportQuery) -> (Period, Option<Flash>) {
    let mut bad = Vec::new();
    let mut date = |field: &str, raw: &Option<String>| -> Option<NaiveDate> {
        let raw = raw.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
        let d = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok();
        if d.is_none() {
            bad.push(format!(
                "'{raw}' is not a date like 2026-08-30, so {field} is not limited."
            ));
        }
        d
    };
    let (mut from, mut to) = (date("the start", &q.from), date("the end", &q.to));
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            (from, to) = (Some(t), Some(f));
        }
    }
    let flash = (!bad.is_empty()).then(|| Flash::Error(bad.join(" ")));
    (Period { from, to }, flash)
}

async fn category_names(state: &AppState) -> AppResult<HashMap<String, String>> {
    state
        .db
        .read_snapshot(|c| {
            Ok(crate::catalog::store::all(c)?
                .into_iter()
                .map(|x| (x.slug, x.name))
                .collect())
        })
        .await
}

/// Site and warehouse names by slug: tables show the name, the CSVs keep the slug.
async fn place_names(state: &AppState) -> AppResult<HashMap<String, String>> {
    state
        .db
        .read_snapshot(|c| {
            Ok(crate::locations::store::all(c, None)?
                .into_iter()
                .map(|x| (x.slug, x.name))
                .collect())
        })
        .await
}

fn name<'a>(names: &'a HashMap<String, String>, slug: &'a str) -> &'a str {
    names.get(slug).map(String::as_str).unwrap_or(slug)
}

/// In a table whose header already says kg.
fn kg_cell(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn kg(v: f64) -> String {
    format_value(v, Unit::Kg)
}

fn headline(s: &Summary) -> Markup {
    html! {
        ul.headline #headline {
            li { strong { (s.salvaged.total.items) } " items salvaged" }
            li { strong { (kg(s.salvaged.total.kg)) } " diverted from landfill" }
            li { strong { (s.handed_out.total.items) } " items handed out" }
            li { strong { (s.unmet.total.items) } " asked for but not available" }
            li { strong { (s.written_off.total.items) } " written off" }
        }
    }
}

fn period_form(action: &str, p: Period, regions: Option<(&[String], Option<&str>)>) -> Markup {
    html! {
        form #report-filter .filters method="get" action=(action) {
            div.field {
                label for="from" { "From" }
                input #from type="date" name="from" value=[p.from];
            }
            div.field {
                label for="to" { "To" }
                input #to type="date" name="to" value=[p.to];
            }
            @if let Some((labels, chosen)) = regions {
                div.field {
                    label for="region" { "Where" }
                    select #region name="region" {
                        option value="" { "All sites together" }
                        @for l in labels {
                            option value=(l) selected[chosen == Some(l.as_str())] { (l) }
                        }
                    }
                }
            }
            button.secondary type="submit" { "Show" }
        }
    }
}

fn amount_cells(a: Amount) -> Markup {
    html! { td.num { (a.items) } td.num { (kg_cell(a.kg)) } }
}

fn month_charts(s: &Summary) -> Markup {
    let sources: Vec<(String, f64)> = {
        let mut v: Vec<(String, f64)> = s
            .salvaged
            .by_source
            .iter()
            .map(|r| (r.source.clone(), r.items as f64))
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1));
        v
    };
    let handed: Vec<(String, f64)> = s
        .by_month
        .iter()
        .map(|m| (m.month.clone(), m.handed_out.items as f64))
        .collect();
    let saved: Vec<(String, f64)> = s
        .by_month
        .iter()
        .map(|m| (m.month.clone(), m.salvaged.kg))
        .collect();
    html! {
        (bar_chart("chart-sources", "Salvaged by festival or donor (items)", Unit::Items, &sources))
        (bar_chart("chart-handouts-by-month", "Handed out by month (items)", Unit::Items, &handed))
        (bar_chart("chart-kg-by-month", "Kilograms saved from landfill by month", Unit::Kg, &saved))
    }
}

fn month_table(s: &Summary) -> Markup {
    html! {
        div.scroll {
            table #by-month {
                thead {
                    tr {
                        th { "Month" }
                        th.num { "Salvaged" }
                        th.num { "kg" }
                        th.num { "Out" }
                        th.num { "Not there" }
                    }
                }
                tbody {
                    @for m in &s.by_month {
                        tr {
                            td { (m.month) }
                            (amount_cells(m.salvaged))
                            td.num { (m.handed_out.items) }
                            td.num { (m.unmet.items) }
                        }
                    }
                }
            }
        }
    }
}

fn stock_now(s: &Summary) -> Markup {
    html! {
        table #stock-now {
            thead { tr { th { "Held at" } th.num { "Items" } th.num { "kg" } } }
            tbody {
                @for k in &s.stock_now.by_kind {
                    tr { td { (k.kind) "s" } td.num { (k.items) } td.num { (kg_cell(k.kg)) } }
                }
            }
        }
    }
}

fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "–".to_string(), |r| format!("{:.0}%", r * 100.0))
}

fn coverage_cells(c: &Coverage) -> Markup {
    html! {
        td.num { (c.wanted) } td.num { (c.delivered) } td.num { (c.in_transit) }
        td.num { (c.unmet) } td.num { (percent(c.coverage)) }
    }
}

/// `GET /report`: public, no login.
pub async fn public_report(
    state: web::Data<AppState>,
    query: web::Query<ReportQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let (p, mut flash) = period(&q);
    let region = q.region.clone().filter(|r| !r.trim().is_empty());
    let (s, labels) = load(&state, p, View::Public, region.clone()).await?;
    let shown_region = region.filter(|r| labels.as_ref().is_some_and(|l| l.contains(r)));
    if q.region.as_deref().is_some_and(|r| !r.trim().is_empty())
        && shown_region.is_none()
        && flash.is_none()
    {
        flash = Some(Flash::Error(
            "That region is not shown on its own; here are all sites together.".into(),
        ));
    }
    let names = category_names(&state).await?;
    let body = html! {
        h1 { "What we saved and shared" }
        p {
            "Tents, sleeping bags, blankets and more, salvaged from festival fields or donated, "
            "sorted by volunteers and handed out at camps and squats. Nothing here is sold. "
            "Sites are never named, and nobody who received anything is recorded."
        }
        (period_form("/report", p, labels.as_deref().map(|l| (l, shown_region.as_deref()))))
        p.muted #report-scope {
            @match &shown_region {
                Some(r) => { "Hand-outs in " (r) "; salvage and stock for the whole collective." }
                None => { "All sites together." }
            }
            @if let (Some(f), Some(t)) = (p.from, p.to) { " From " (f) " to " (t) "." }
        }
        (headline(&s))
        (month_charts(&s))
        h2 { "By month" }
        (month_table(&s))
        h2 { "Handed out by kind of goods" }
        table #handed-out-by-category {
            thead { tr { th { "Goods" } th.num { "Items" } th.num { "kg" } } }
            tbody {
                @for r in &s.handed_out.by_category {
                    tr { td { (name(&names, &r.category)) } td.num { (r.items) } td.num { (kg_cell(r.kg)) } }
                }
            }
        }
        @if let Some(regions) = &s.handed_out.by_region {
            h2 { "By region" }
            p.muted { "A region is shown on its own only when it has at least two sites." }
            table #by-region {
                thead { tr { th { "Region" } th.num { "Handed out" } th.num { "kg" } } }
                tbody {
                    @for r in regions {
                        tr { td { (r.region) } td.num { (r.items) } td.num { (kg_cell(r.kg)) } }
                    }
                }
            }
        }
        @let cov = s.need_coverage.total;
        @if cov.wanted > 0 {
            h2 { "Sites' stated needs" }
            p #need-coverage-total {
                "The sites ask for " strong { (cov.wanted) } " items now; "
                strong { (cov.delivered) } " have reached them since they asked ("
                (percent(cov.coverage)) " covered), " (cov.unmet) " are still needed."
            }
        }
        h2 { "Held now" }
        (stock_now(&s))
    };
    Ok(page(StatusCode::OK, layout(None, "Report", flash, body)))
}

/// `GET /reports`: the coordinator's report, site by site.
pub async fn coordinator_report(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<ReportQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let (p, flash) = period(&q);
    let (s, _) = load(&state, p, View::Coordinator, None).await?;
    let names = category_names(&state).await?;
    let places = place_names(&state).await?;
    let by_site = s.handed_out.by_site.clone().unwrap_or_default();
    let by_site_cat = s
        .handed_out
        .by_site_and_category
        .clone()
        .unwrap_or_default();
    let unmet = s.unmet.by_site_and_category.clone().unwrap_or_default();
    let reasons = s.written_off.by_reason.clone().unwrap_or_default();
    let query_string = {
        let mut parts = Vec::new();
        if let Some(f) = p.from {
            parts.push(format!("from={f}"));
        }
        if let Some(t) = p.to {
            parts.push(format!("to={t}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    };
    let body = html! {
        h1 { "Reports" }
        (period_form("/reports", p, None))
        (headline(&s))
        p.muted {
            a href={"/report" (query_string)} { "The public view" } " · "
            a href={"/api/v1/reports/summary" (query_string)} { "JSON" } " · CSV: "
            a href="/api/v1/export/stock.csv" { "stock" } ", "
            a href="/api/v1/export/ledger.csv" { "ledger" } ", "
            a href="/api/v1/export/handouts.csv" { "hand-outs" } ", "
            a href="/api/v1/export/needs.csv" { "needs" }
        }
        (month_charts(&s))
        h2 { "Handed out by site" }
        table #handed-out-by-site {
            thead { tr { th { "Site" } th.num { "Items" } th.num { "kg" } } }
            tbody { @for r in &by_site { tr { td { (name(&places, &r.site)) } td.num { (r.items) } td.num { (kg_cell(r.kg)) } } } }
        }
        h2 { "Handed out by site and kind of goods" }
        table #handed-out-by-site-and-category {
            thead { tr { th { "Site" } th { "Goods" } th.num { "Items" } th.num { "kg" } } }
            tbody { @for r in &by_site_cat { tr { td { (name(&places, &r.site)) } td { (name(&names, &r.category)) } td.num { (r.items) } td.num { (kg_cell(r.kg)) } } } }
        }
        h2 { "Asked for but not available" }
        table #unmet-by-site-and-category {
            thead { tr { th { "Site" } th { "Goods" } th.num { "Asked for" } } }
            tbody { @for r in &unmet { tr { td { (name(&places, &r.site)) } td { (name(&names, &r.category)) } td.num { (r.items) } } } }
        }
        h2 { "Need coverage by site" }
        section #need-coverage {
            @let cov = &s.need_coverage;
            @let rows = cov.by_site_and_category.clone().unwrap_or_default();
            p.muted { "The needs in force now, whatever the period: what each site wanted, what reached it since it said so, what is on the road and what is still unmet." }
            @if rows.is_empty() {
                p.muted { "No site has stated a need yet." }
            } @else {
                div.scroll {
                    table {
                        thead { tr {
                            th { "Site" } th { "Goods" } th.num { "Wanted" } th.num { "Delivered" }
                            th.num { "In transit" } th.num { "Unmet" } th.num { "Covered" }
                        } }
                        tbody {
                            @for r in &rows {
                                tr {
                                    td { (name(&places, &r.site)) } td { (name(&names, &r.category)) }
                                    (coverage_cells(&r.coverage))
                                }
                            }
                        }
                        tfoot { tr { th colspan="2" { "All sites" } (coverage_cells(&cov.total)) } }
                    }
                }
            }
        }
        h2 { "Salvaged by festival or donor" }
        table #salvaged-by-source-and-category {
            thead { tr { th { "Source" } th { "Goods" } th.num { "Items" } th.num { "kg" } } }
            tbody { @for r in &s.salvaged.by_source_and_category { tr { td { (r.source) } td { (name(&names, &r.category)) } td.num { (r.items) } td.num { (kg_cell(r.kg)) } } } }
        }
        h2 { "Written off by reason" }
        table #written-off-by-reason {
            thead { tr { th { "Reason" } th.num { "Items" } th.num { "kg" } } }
            tbody { @for r in &reasons { tr { td { (r.reason) } td.num { (r.items) } td.num { (kg_cell(r.kg)) } } } }
        }
        h2 { "Held now" }
        (stock_now(&s))
    };
    Ok(page(
        StatusCode::OK,
        layout(Some(&actor), "Reports", flash, body),
    ))
}
