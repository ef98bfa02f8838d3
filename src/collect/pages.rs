//! The collect page: a crew's phone at the festival gate. "Take: …" in the order that
//! matters, "Leave: …" after it, each with its reason, readable at a glance.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::Actor;
use crate::collect::model::{self, CollectList};
use crate::collect::ranking::CollectEntry;
use crate::error::{AppError, AppResult};
use crate::locations::{Location, LocationKind};
use crate::state::AppState;
use crate::t;
use crate::web::{layout, page, Flash};

#[derive(Debug, Deserialize)]
pub struct CollectPageQuery {
    pub warehouse: Option<String>,
    /// Kept as text so a mistyped date is answered on the page, not with a bare 400.
    pub date: Option<String>,
}

pub async fn collect_page(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<CollectPageQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let today = state.clock.today();
    let warehouses = state
        .db
        .read(|c| {
            Ok(crate::locations::store::all(
                c,
                Some(LocationKind::Warehouse.as_str()),
            )?)
        })
        .await?;
    let warehouse = q
        .warehouse
        .filter(|w| !w.trim().is_empty())
        .or_else(|| warehouses.first().map(|w| w.slug.clone()));
    let date_text = q.date.filter(|d| !d.trim().is_empty());
    let date = match date_text
        .as_deref()
        .map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d"))
    {
        None => Ok(today),
        Some(Ok(d)) => model::check_date(d, today).map(|_| d),
        Some(Err(_)) => Err(AppError::invalid("date", t!("collect-error-date"))),
    };
    let result = match (warehouse.clone(), date) {
        (None, _) => Err(AppError::NotFound(t!("collect-no-warehouse"))),
        (_, Err(e)) => Err(e),
        (Some(w), Ok(d)) => {
            let lang = crate::i18n::Lang::current();
            state
                .db
                .read(move |c| {
                    let mut list = model::build(c, &w, d)?;
                    // Category names in the crew's language (the API keeps the default).
                    let names = crate::catalog::names::in_lang(c, lang)?;
                    for e in &mut list.entries {
                        if let Some(n) = names.get(&e.category) {
                            e.name.clone_from(n);
                        }
                    }
                    Ok(list)
                })
                .await
        }
    };
    let (list, flash, status) = match result {
        Ok(list) => (Some(list), None, StatusCode::OK),
        Err(e @ (AppError::NotFound(_) | AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let status = actix_web::ResponseError::status_code(&e);
            (None, Some(Flash::Error(e.to_string())), status)
        }
        Err(e) => return Err(e),
    };
    let shown_date = date_text.unwrap_or_else(|| today.to_string());
    let body = html! {
        h1 { (t!("collect-title")) }
        (choose(&warehouses, warehouse.as_deref(), &shown_date))
        @if let Some(list) = &list { (collect_list(list)) }
    };
    Ok(page(
        status,
        layout(Some(&actor), &t!("collect-title-short"), flash, body),
    ))
}

fn choose(warehouses: &[Location], chosen: Option<&str>, date: &str) -> Markup {
    html! {
        form.filters method="get" novalidate action="/collect" {
            div.field {
                label for="warehouse" { (t!("collect-for-warehouse")) }
                select #warehouse name="warehouse" {
                    @for w in warehouses {
                        option value=(w.slug) selected[chosen == Some(w.slug.as_str())] { (w.name) }
                    }
                }
            }
            div.field {
                label for="date" { (t!("collect-on")) }
                input #date type="date" name="date" value=(date);
            }
            button.secondary type="submit" { (t!("collect-show")) }
        }
    }
}

fn collect_list(list: &CollectList) -> Markup {
    let take: Vec<_> = list.take().collect();
    let leave: Vec<_> = list.leave().collect();
    html! {
        section.collect.take {
            h2 { (t!("collect-take")) }
            @if take.is_empty() {
                p { (t!("collect-take-nothing", warehouse = &list.warehouse_name)) }
            }
            ol {
                @for e in &take {
                    li data-category=(e.category) {
                        span.what { (e.name) } " " span.count { (t!("collect-up-to", n = e.shortfall)) }
                        br;
                        span.muted { (reason(e)) }
                    }
                }
            }
        }
        section.collect.leave {
            h2 { (t!("collect-leave")) }
            p.what {
                (leave.iter().map(|e| e.name.as_str()).collect::<Vec<_>>().join(crate::i18n::format::list_separator()))
            }
            @let covered: Vec<_> = leave.iter().filter(|e| e.unmet > 0).collect();
            @if !covered.is_empty() {
                ul.muted {
                    @for e in &covered { li { (reason(e)) } }
                }
            }
            p.muted { (t!("collect-rest")) }
        }
        p.muted {
            (t!("collect-from-priorities", warehouse = &list.warehouse_name, date = list.date, version = list.priorities_version)) " "
            q { (list.statement) } " "
            a href="/priorities" { (t!("collect-read-them")) }
        }
    }
}

/// The entry's reason in the request's language, e.g. "Sleeping bags: 60 needed at 2
/// sites, 30 in stock, priority tier 1, winter priority ×2" (the API keeps English).
fn reason(e: &CollectEntry) -> String {
    if e.unmet == 0 {
        return t!("collect-reason-unneeded", name = &e.name);
    }
    let needed = t!(
        "collect-reason-needed",
        name = &e.name,
        n = e.unmet,
        sites = e.sites
    );
    if e.shortfall == 0 {
        return t!("collect-reason-covered", needed = needed);
    }
    let stock = match e.stock {
        0 => t!("collect-reason-no-stock"),
        n => t!("collect-reason-stock", n = n),
    };
    let tier = e.value.tier.map(|n| t!("collect-reason-tier", n = n));
    let seasons = e.value.seasons.iter().map(|s| {
        t!(
            "collect-reason-season",
            season = &s.name,
            factor = number_factor(s.factor)
        )
    });
    [needed, stock]
        .into_iter()
        .chain(tier)
        .chain(seasons)
        .collect::<Vec<_>>()
        .join(crate::i18n::format::list_separator())
}

fn number_factor(f: f64) -> String {
    crate::i18n::format::number_in(crate::i18n::Lang::current(), f, 2)
}
