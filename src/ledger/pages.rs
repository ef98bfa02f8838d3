//! The stock page: what is where, by location, category and condition.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::Actor;
use crate::catalog::Condition;
use crate::error::{AppError, AppResult};
use crate::i18n::{number, Lang};
use crate::ledger::model::StockRow;
use crate::ledger::store::{self, StockFilter};
use crate::locations::LocationKind;
use crate::state::AppState;
use crate::t;
use crate::web::{layout, page, Flash};

#[derive(Debug, Deserialize)]
pub struct StockPageQuery {
    pub location: Option<String>,
    pub category: Option<String>,
    pub condition: Option<String>,
    /// The intake just saved, named in the message at the top.
    pub intake: Option<i64>,
}

fn blank_to_none(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.trim().is_empty())
}

pub async fn stock_page(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<StockPageQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let location = blank_to_none(q.location);
    let category = blank_to_none(q.category);
    // Only a hand-edited address names a condition the filter's list does not hold:
    // refused, never shown as the whole stock as if it were filtered.
    let condition = blank_to_none(q.condition)
        .map(|c| c.parse::<Condition>())
        .transpose()
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let (loc_f, cat_f) = (location.clone(), category.clone());
    // Taken here: the closure runs on another thread, outside the request.
    let lang = Lang::current();
    let (rows, locations, categories) = state
        .db
        .read(move |c| {
            // What can hold stock now: no archived place, no retired van (their
            // stock, if any, still shows under All locations).
            let vans: Vec<i64> = crate::runs::store::vans(c)?
                .iter()
                .map(|v| v.location_id)
                .collect();
            let mut locs = crate::locations::store::all(c, None)?;
            locs.retain(|l| {
                let current = l.archived_at.is_none()
                    && (l.kind != LocationKind::Van || vans.contains(&l.id));
                current || loc_f.as_deref() == Some(l.slug.as_str())
            });
            locs.sort_by_cached_key(|l| name_key(&l.name));
            let local = crate::catalog::names::in_lang(c, lang)?;
            let mut cats = crate::catalog::store::all(c)?;
            for x in &mut cats {
                if let Some(n) = local.get(&x.slug) {
                    x.name = n.clone();
                }
            }
            cats.sort_by_cached_key(|x| name_key(&x.name));
            let filter = StockFilter {
                location_id: loc_f.and_then(|s| locs.iter().find(|l| l.slug == s).map(|l| l.id)),
                category_id: cat_f.and_then(|s| cats.iter().find(|x| x.slug == s).map(|x| x.id)),
                condition,
                kind: None,
            };
            let mut rows = store::stock(c, &filter)?;
            for r in &mut rows {
                if let Some(n) = local.get(&r.category) {
                    r.category_name = n.clone();
                }
            }
            sort_by_name(&mut rows);
            Ok((rows, locs, cats))
        })
        .await?;
    let flash: Option<Flash> = match q.intake {
        Some(id) => match crate::intake::pages::saved_message(&state, &actor, id).await? {
            Some(f) => Some(
                f.then_offer(
                    crate::history::pages::undo_offer(
                        &state,
                        &actor,
                        crate::ledger::Cause::Intake,
                        id,
                    )
                    .await?,
                ),
            ),
            None => None,
        },
        None => None,
    };
    let body = html! {
        h1 { (t!("stock-title")) }
        form.filters method="get" novalidate action="/stock" {
            div.field {
                label for="location" { (t!("stock-location")) }
                select #location name="location" {
                    option value="" { (t!("stock-all-locations")) }
                    // Grouped by kind, so an option is a name alone and fits a phone's width.
                    @for (kind, group) in [("warehouse", t!("stock-warehouses")), ("site", t!("stock-sites")), ("van", t!("stock-vans"))] {
                        @if locations.iter().any(|l| l.kind == kind) {
                            optgroup label=(group) {
                                @for l in locations.iter().filter(|l| l.kind == kind) {
                                    option value=(l.slug) selected[location.as_deref() == Some(l.slug.as_str())] { (l.name) }
                                }
                            }
                        }
                    }
                }
            }
            div.field {
                label for="category" { (t!("stock-category")) }
                select #category name="category" {
                    option value="" { (t!("stock-all-categories")) }
                    @for c in &categories {
                        option value=(c.slug) selected[category.as_deref() == Some(c.slug.as_str())] { (c.name) }
                    }
                }
            }
            div.field {
                label for="condition" { (t!("stock-condition")) }
                select #condition name="condition" {
                    option value="" { (t!("stock-any-condition")) }
                    @for c in Condition::ALL {
                        option value=(c.as_str()) selected[condition == Some(c)] { (c.label()) }
                    }
                }
            }
            button.secondary type="submit" { (t!("stock-show")) }
        }
        (stock_table(&rows))
        @if crate::web::may_open(&actor, "/partners/offer") {
            p { a.button href=(format!("/partners/offer?warehouse={}", location.as_deref().unwrap_or(""))) { (t!("stock-offer-partner")) } }
        }
    };
    Ok(page(
        StatusCode::OK,
        layout(Some(&actor), &t!("stock-title"), flash, body),
    ))
}

/// How a list of names is ordered on pages: as read, not by case nor accent ("Écoles"
/// among the E, not after Z); slugs are never the key. Also what a typed search is
/// matched with, so "eco" finds "École".
pub fn name_key(name: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    // Accents (and Arabic short vowels) are marks once decomposed: they decide nothing,
    // so "à" sorts and matches with "a". Ligatures are spelt out as typed on a phone.
    let mut key = String::with_capacity(name.len());
    for c in name.nfd().filter(|c| !is_combining_mark(*c)) {
        for c in c.to_lowercase() {
            match c {
                'œ' => key.push_str("oe"),
                'æ' => key.push_str("ae"),
                'ß' => key.push_str("ss"),
                'ø' => key.push('o'),
                c => key.push(c),
            }
        }
    }
    key
}

/// Where a condition sits in its natural order (good first, unusable last).
pub fn condition_rank(condition: &str) -> usize {
    Condition::ALL
        .iter()
        .position(|c| c.as_str() == condition)
        .unwrap_or(Condition::ALL.len())
}

/// Orders stock rows as they are read: place name, category name, then condition in its
/// natural order; the slugs only break ties, so one place's rows stay together.
pub fn sort_by_name(rows: &mut [StockRow]) {
    rows.sort_by_cached_key(|r| {
        (
            name_key(&r.location_name),
            r.location.clone(),
            name_key(&r.category_name),
            r.category.clone(),
            condition_rank(r.condition.as_str()),
        )
    });
}

/// Stock grouped by location, one table each, in the reader's language.
pub fn stock_table(rows: &[StockRow]) -> Markup {
    let mut groups: Vec<(&str, Vec<&StockRow>)> = Vec::new();
    for r in rows {
        match groups.last_mut() {
            Some((_, list)) if list[0].location == r.location => list.push(r),
            _ => groups.push((&r.location_name, vec![r])),
        }
    }
    html! {
        @if groups.is_empty() {
            p.muted { (t!("stock-none")) }
        }
        @for (loc, list) in &groups {
            section.group {
                h2 { (loc) " " span.muted { (t!("stock-kind-items", kind = list[0].location_kind.as_str(), n = list.iter().map(|r| r.quantity).sum::<i64>())) } }
                table {
                    thead { tr { th scope="col" { (t!("stock-col-category")) } th scope="col" { (t!("stock-col-condition")) } th.num scope="col" { (t!("stock-col-qty")) } } }
                    tbody {
                        @for r in list {
                            tr data-category=(r.category) data-condition=(r.condition) {
                                td { (r.category_name) }
                                td { (r.condition.label()) }
                                td.num { (number(r.quantity)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(location: &str, category: &str, condition: &str) -> StockRow {
        StockRow {
            location: location.to_lowercase(),
            location_name: location.to_string(),
            location_kind: crate::locations::LocationKind::Warehouse,
            category: format!("z-{}", category.to_lowercase()),
            category_name: category.to_string(),
            condition: condition.parse().expect("a condition"),
            quantity: 1,
        }
    }

    #[test]
    fn names_sort_as_read_accents_aside() {
        let mut names = vec![
            "Sac de vêtements",
            "Étagère",
            "sac à dos",
            "Eau",
            "Sac",
            "Zelt",
            "Échelle",
        ];
        names.sort_by_cached_key(|n| name_key(n));
        assert_eq!(
            names,
            [
                "Eau",
                "Échelle",
                "Étagère",
                "Sac",
                "sac à dos",
                "Sac de vêtements",
                "Zelt"
            ]
        );
    }

    #[test]
    fn names_sort_as_read_whatever_their_accents() {
        let mut names = vec!["Zone nord", "École Jaurès", "Entrepôt est", "eau", "Œuvre"];
        names.sort_by_cached_key(|n| name_key(n));
        assert_eq!(
            names,
            ["eau", "École Jaurès", "Entrepôt est", "Œuvre", "Zone nord"]
        );
        assert!(name_key("Tente (2 personnes) – Étanche").contains("etanche"));
    }

    #[test]
    fn rows_sort_by_name_then_natural_condition() {
        let mut rows = vec![
            row("South unit", "Cooking pot", "good"),
            row("East unit", "tarp", "good"),
            row("East unit", "Bag of clothes", "usable"),
            row("East unit", "Bag of clothes", "needs-repair"),
            row("East unit", "Bag of clothes", "good"),
            row("East unit", "Bag of clothes", "needs-drying"),
        ];
        sort_by_name(&mut rows);
        let got: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.location_name.as_str(),
                    r.category_name.as_str(),
                    r.condition.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("East unit", "Bag of clothes", "good"),
                ("East unit", "Bag of clothes", "usable"),
                ("East unit", "Bag of clothes", "needs-drying"),
                ("East unit", "Bag of clothes", "needs-repair"),
                ("East unit", "tarp", "good"),
                ("South unit", "Cooking pot", "good"),
            ]
        );
        assert!(condition_rank("unusable") > condition_rank("needs-repair"));
        assert_eq!(condition_rank("wet"), Condition::ALL.len());
    }
}
