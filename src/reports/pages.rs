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
use crate::i18n::{format::number_in, number, Lang};
use crate::reports::api::load;
use crate::reports::charts::{bar_chart, format_value, Unit};
use crate::reports::store::Period;
use crate::reports::totals::{Amount, Coverage, Summary, View};
use crate::state::AppState;
use crate::t;
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
            bad.push(t!("reports-bad-date", raw = raw, field = field));
        }
        d
    };
    let (mut from, mut to) = (
        date(&t!("reports-the-start"), &q.from),
        date(&t!("reports-the-end"), &q.to),
    );
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            (from, to) = (Some(t), Some(f));
        }
    }
    let flash = (!bad.is_empty()).then(|| Flash::Error(bad.join(" ")));
    (Period { from, to }, flash)
}

/// Category names in the reader's language, by slug.
async fn category_names(state: &AppState) -> AppResult<HashMap<String, String>> {
    let lang = Lang::current();
    state
        .db
        .read_snapshot(move |c| Ok(crate::catalog::names::in_lang(c, lang)?))
        .await
}

/// The public view and the downloads: the JSON summary, then the CSV files as a list
/// written as the reader's language writes one (Arabic with its own comma, "،").
fn downloads(query_string: &str) -> Markup {
    let csv = [
        ("/api/v1/export/stock.csv", t!("reports-csv-stock")),
        ("/api/v1/export/ledger.csv", t!("reports-csv-ledger")),
        ("/api/v1/export/handouts.csv", t!("reports-csv-handouts")),
        ("/api/v1/export/needs.csv", t!("reports-csv-needs")),
    ];
    html! {
        p.muted #downloads {
            a href={"/report" (query_string)} { (t!("reports-public-view")) } " · "
            a href={"/api/v1/reports/summary" (query_string)} { (t!("reports-json")) } " · "
            (t!("reports-csv-lead")) " "
            @for (i, (href, label)) in csv.iter().enumerate() {
                @if i > 0 { (crate::i18n::format::list_separator()) }
                a href=(href) { (label) }
            }
        }
    }
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
    let decimals = if v >= 100.0 { 0 } else { 1 };
    number_in(Lang::current(), v, decimals)
}

fn kg(v: f64) -> String {
    format_value(v, Unit::Kg)
}

/// A count as the request's language writes it.
fn n(items: impl TryInto<i64>) -> String {
    number(items.try_into().unwrap_or(i64::MAX))
}

fn headline(s: &Summary) -> Markup {
    html! {
        ul.headline #headline {
            li { strong { (n(s.salvaged.total.items)) } " " (t!("reports-items-salvaged", n = s.salvaged.total.items as f64)) }
            li { strong { (kg(s.salvaged.total.kg)) } " " (t!("reports-diverted")) }
            li { strong { (n(s.handed_out.total.items)) } " " (t!("reports-items-handed-out", n = s.handed_out.total.items as f64)) }
            li { strong { (n(s.unmet.total.items)) } " " (t!("reports-asked-not-available")) }
            li { strong { (n(s.written_off.total.items)) } " " (t!("reports-written-off")) }
        }
    }
}

/// A region's name as the reader reads it: the group of regions too small to show
/// alone is a key in the data ("other regions"), said in the reader's language.
fn region_label(region: &str) -> String {
    if region == crate::reports::totals::OTHER_REGIONS {
        t!("reports-other-regions")
    } else {
        region.to_string()
    }
}

fn period_form(action: &str, p: Period, regions: Option<(&[String], Option<&str>)>) -> Markup {
    html! {
        form #report-filter .filters method="get" novalidate action=(action) {
            div.field {
                label for="from" { (t!("reports-from")) }
                input #from type="date" name="from" value=[p.from];
            }
            div.field {
                label for="to" { (t!("reports-to")) }
                input #to type="date" name="to" value=[p.to];
            }
            @if let Some((labels, chosen)) = regions {
                div.field {
                    label for="region" { (t!("reports-where")) }
                    select #region name="region" {
                        option value="" { (t!("reports-all-sites-together")) }
                        @for l in labels {
                            option value=(l) selected[chosen == Some(l.as_str())] { (region_label(l)) }
                        }
                    }
                }
            }
            button.secondary type="submit" { (t!("reports-show")) }
        }
    }
}

/// A month of the report (`2026-07`, as the data keeps it) in the reader's words, short:
/// "juil. 2026".
fn month_label(month: &str) -> String {
    month
        .split_once('-')
        .and_then(|(y, m)| Some(crate::i18n::format::month(y.parse().ok()?, m.parse().ok()?)))
        .unwrap_or_else(|| month.to_string())
}

fn amount_cells(a: Amount) -> Markup {
    html! { td.num { (n(a.items)) } td.num { (kg_cell(a.kg)) } }
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
        .map(|m| (month_label(&m.month), m.handed_out.items as f64))
        .collect();
    let saved: Vec<(String, f64)> = s
        .by_month
        .iter()
        .map(|m| (month_label(&m.month), m.salvaged.kg))
        .collect();
    html! {
        (bar_chart("chart-sources", &t!("reports-chart-sources"), Unit::Items, &sources))
        (bar_chart("chart-handouts-by-month", &t!("reports-chart-handed-out"), Unit::Items, &handed))
        (bar_chart("chart-kg-by-month", &t!("reports-chart-kg"), Unit::Kg, &saved))
    }
}

fn month_table(s: &Summary) -> Markup {
    html! {
        // It fits a phone in every language (style.css, phonefix): months are short
        // words that wrap between them, so nothing scrolls sideways.
        table #by-month {
            thead {
                tr {
                    th scope="col" { (t!("reports-col-month")) }
                    th.num scope="col" { (t!("reports-col-salvaged")) }
                    th.num scope="col" { (t!("reports-col-kg")) }
                    th.num scope="col" { (t!("reports-col-out")) }
                    th.num scope="col" { (t!("reports-col-not-there")) }
                }
            }
            tbody {
                @for m in &s.by_month {
                    tr {
                        td { time datetime=(m.month) { (month_label(&m.month)) } }
                        (amount_cells(m.salvaged))
                        td.num { (n(m.handed_out.items)) }
                        td.num { (n(m.unmet.items)) }
                    }
                }
            }
        }
    }
}

fn stock_now(s: &Summary) -> Markup {
    html! {
        table #stock-now {
            thead { tr { th scope="col" { (t!("reports-col-held-at")) } th.num scope="col" { (t!("reports-col-items")) } th.num scope="col" { (t!("reports-col-kg")) } } }
            tbody {
                @for k in &s.stock_now.by_kind {
                    tr { td { (t!("reports-kind", kind = &k.kind)) } td.num { (n(k.items)) } td.num { (kg_cell(k.kg)) } }
                }
            }
        }
    }
}

fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(
        || "–".to_string(),
        |r| t!("reports-percent", n = (r * 100.0).round()),
    )
}

/// A coverage row's figures, each labelled for the card it becomes at a phone's width.
fn coverage_cells(c: &Coverage) -> Markup {
    html! {
        td.num role="cell" data-label=(t!("reports-col-wanted")) { (n(c.wanted)) }
        td.num role="cell" data-label=(t!("reports-col-delivered")) { (n(c.delivered)) }
        td.num role="cell" data-label=(t!("reports-col-transit")) { (n(c.in_transit)) }
        td.num role="cell" data-label=(t!("reports-col-unmet")) { (n(c.unmet)) }
        td.num role="cell" data-label=(t!("reports-col-covered")) { (percent(c.coverage)) }
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
        flash = Some(Flash::Error(t!("reports-region-hidden")));
    }
    let names = category_names(&state).await?;
    let body = html! {
        h1 { (t!("reports-public-heading")) }
        p { (t!("reports-public-intro")) }
        (period_form("/report", p, labels.as_deref().map(|l| (l, shown_region.as_deref()))))
        p.muted #report-scope {
            @match &shown_region {
                Some(r) if r == crate::reports::totals::OTHER_REGIONS => { (t!("reports-scope-other-regions")) }
                Some(r) => { (t!("reports-scope-region", region = r.as_str())) }
                None => { (t!("reports-scope-all")) }
            }
            @if let (Some(f), Some(to)) = (p.from, p.to) { " " (t!("reports-scope-period", from = f, to = to)) }
        }
        (headline(&s))
        (month_charts(&s))
        h2 { (t!("reports-by-month")) }
        (month_table(&s))
        h2 { (t!("reports-by-kind")) }
        table #handed-out-by-category {
            thead { tr { th scope="col" { (t!("reports-col-goods")) } th.num scope="col" { (t!("reports-col-items")) } th.num scope="col" { (t!("reports-col-kg")) } } }
            tbody {
                @for r in &s.handed_out.by_category {
                    tr { td { (name(&names, &r.category)) } td.num { (n(r.items)) } td.num { (kg_cell(r.kg)) } }
                }
            }
        }
        @if let Some(regions) = &s.handed_out.by_region {
            h2 { (t!("reports-by-region")) }
            p.muted { (t!("reports-region-rule")) }
            table #by-region {
                thead { tr { th scope="col" { (t!("reports-col-region")) } th.num scope="col" { (t!("reports-col-handed-out")) } th.num scope="col" { (t!("reports-col-kg")) } } }
                tbody {
                    @for r in regions {
                        tr { td { (region_label(&r.region)) } td.num { (n(r.items)) } td.num { (kg_cell(r.kg)) } }
                    }
                }
            }
        }
        @let cov = s.need_coverage.total;
        @if cov.wanted > 0 {
            h2 { (t!("reports-stated-needs")) }
            p #need-coverage-total {
                (t!("reports-coverage", wanted = cov.wanted as f64, delivered = cov.delivered as f64, percent = percent(cov.coverage), unmet = cov.unmet as f64))
            }
        }
        h2 { (t!("reports-held-now")) }
        (stock_now(&s))
    };
    Ok(page(
        StatusCode::OK,
        layout(None, &t!("reports-public-title"), flash, body),
    ))
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
        h1 { (t!("reports-title")) }
        (period_form("/reports", p, None))
        (headline(&s))
        (downloads(&query_string))
        (month_charts(&s))
        h2 { (t!("reports-by-site")) }
        table #handed-out-by-site {
            thead { tr { th scope="col" { (t!("reports-col-site")) } th.num scope="col" { (t!("reports-col-items")) } th.num scope="col" { (t!("reports-col-kg")) } } }
            tbody { @for r in &by_site { tr { td { (name(&places, &r.site)) } td.num { (n(r.items)) } td.num { (kg_cell(r.kg)) } } } }
        }
        h2 { (t!("reports-by-site-and-kind")) }
        table #handed-out-by-site-and-category {
            thead { tr { th scope="col" { (t!("reports-col-site")) } th scope="col" { (t!("reports-col-goods")) } th.num scope="col" { (t!("reports-col-items")) } th.num scope="col" { (t!("reports-col-kg")) } } }
            tbody { @for r in &by_site_cat { tr { td { (name(&places, &r.site)) } td { (name(&names, &r.category)) } td.num { (n(r.items)) } td.num { (kg_cell(r.kg)) } } } }
        }
        h2 { (t!("reports-unmet")) }
        table #unmet-by-site-and-category {
            thead { tr { th scope="col" { (t!("reports-col-site")) } th scope="col" { (t!("reports-col-goods")) } th.num scope="col" { (t!("reports-col-asked-for")) } } }
            tbody { @for r in &unmet { tr { td { (name(&places, &r.site)) } td { (name(&names, &r.category)) } td.num { (n(r.items)) } } } }
        }
        h2 { (t!("reports-coverage-by-site")) }
        section #need-coverage {
            @let cov = &s.need_coverage;
            @let rows = cov.by_site_and_category.clone().unwrap_or_default();
            p.muted { (t!("reports-coverage-intro")) }
            @if rows.is_empty() {
                p.muted { (t!("reports-no-needs")) }
            } @else {
                // Seven columns do not fit a phone: below 40rem each row is a card with
                // every figure beside its own label (style.css `table.cards`), so nothing
                // scrolls sideways; the roles keep it a table for screen readers when
                // the cards' display drops the table's own semantics.
                table.cards #need-coverage-table role="table" {
                    thead role="rowgroup" { tr role="row" {
                        th scope="col" role="columnheader" { (t!("reports-col-site")) } th scope="col" role="columnheader" { (t!("reports-col-goods")) } th.num scope="col" role="columnheader" { (t!("reports-col-wanted")) } th.num scope="col" role="columnheader" { (t!("reports-col-delivered")) }
                        th.num scope="col" role="columnheader" { (t!("reports-col-transit")) } th.num scope="col" role="columnheader" { (t!("reports-col-unmet")) } th.num scope="col" role="columnheader" { (t!("reports-col-covered")) }
                    } }
                    tbody role="rowgroup" {
                        @for r in &rows {
                            tr role="row" {
                                td.card-head role="cell" { (name(&places, &r.site)) } td.card-head role="cell" { (name(&names, &r.category)) }
                                (coverage_cells(&r.coverage))
                            }
                        }
                    }
                    tfoot role="rowgroup" { tr role="row" { th.card-head colspan="2" scope="row" role="rowheader" { (t!("reports-all-sites")) } (coverage_cells(&cov.total)) } }
                }
            }
        }
        h2 { (t!("reports-by-source")) }
        table #salvaged-by-source-and-category {
            thead { tr { th scope="col" { (t!("reports-col-source")) } th scope="col" { (t!("reports-col-goods")) } th.num scope="col" { (t!("reports-col-items")) } th.num scope="col" { (t!("reports-col-kg")) } } }
            tbody { @for r in &s.salvaged.by_source_and_category { tr { td { bdi { (r.source) } } td { (name(&names, &r.category)) } td.num { (n(r.items)) } td.num { (kg_cell(r.kg)) } } } }
        }
        h2 { (t!("reports-by-reason")) }
        table #written-off-by-reason {
            thead { tr { th scope="col" { (t!("reports-col-reason")) } th.num scope="col" { (t!("reports-col-items")) } th.num scope="col" { (t!("reports-col-kg")) } } }
            tbody { @for r in &reasons { tr { td { (r.reason) } td.num { (n(r.items)) } td.num { (kg_cell(r.kg)) } } } }
        }
        h2 { (t!("reports-held-now")) }
        (stock_now(&s))
    };
    Ok(page(
        StatusCode::OK,
        layout(Some(&actor), &t!("reports-title"), flash, body),
    ))
}
