//! The distributor's page: pick a site, see its stock, record a hand-out with big +/−
//! steppers (each a submit button, so it works without JavaScript), note what was asked
//! for but not there, and see the day's summary.
//!
//! Stable hooks for browser tests: `#site-links` (one link per site, up to eight sites)
//! or else `#pick-site` (GET form, `select#site`), `#site-stock`,
//! `#handout-form` with `#handed_out_on`, per category `#give-{slug}` (number input,
//! name `give.{slug}`) between `#give-{slug}-minus` / `#give-{slug}-plus` (name `step`,
//! value `{slug}:-1` / `{slug}:+1`), the same under `details#unmet-section` with
//! `unmet-` ids, name `unmet.{slug}` and step values `unmet:{slug}:±1`, `#note`,
//! `#running-total`, `#update`, `#save`, and `#day-summary`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse, ResponseError};
use chrono::NaiveDate;
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

use crate::auth::pages::urlencode;
use crate::auth::Actor;
use crate::catalog::Category;
use crate::error::{AppError, AppResult};
use crate::handouts::allocate::TAKE_ORDER;
use crate::handouts::model::{self, GivenLine, HandoutRequest, HandoutView, UnmetLine};
use crate::handouts::store::{self, HandoutFilter};
use crate::idempotency::{self, IdempotencyKey};
use crate::ledger::model::StockRow;
use crate::ledger::quantity::MAX_QUANTITY;
use crate::ledger::store::StockFilter;
use crate::ledger::Quantity;
use crate::locations::{Location, LocationKind};
use crate::state::AppState;
use crate::t;
use crate::web::confirm::{self, Confirmation};
use crate::web::polish::lines_in_words;
use crate::web::words;
use crate::web::{layout, page, see_other, Flash};

/// What the page shows around the form.
struct Context {
    sites: Vec<Location>,
    categories: Vec<Category>,
    site: Option<Location>,
    stock: Vec<StockRow>,
    /// Good + usable at the site, by category slug: what can go out now.
    available: BTreeMap<String, i64>,
    day: NaiveDate,
    day_handouts: Vec<HandoutView>,
}

/// The form as the distributor left it: counts survive every stepper tap.
#[derive(Default)]
struct FormState {
    give: BTreeMap<String, i64>,
    unmet: BTreeMap<String, i64>,
    note: String,
    form_key: String,
    /// Count boxes that held no valid count, by field id (`give-tent-2p`): what was
    /// typed, and what is wrong with it, shown beside the box.
    bad: BTreeMap<String, (String, String)>,
}

fn new_form_key() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    hex::encode(bytes)
}

/// The page for `site`, or else the site where `actor` last handed out (as the intake
/// form starts at their last warehouse), or else the first site.
async fn load(
    state: &AppState,
    actor: &Actor,
    site: Option<String>,
    day: NaiveDate,
) -> AppResult<Context> {
    let lang = crate::i18n::Lang::current();
    let handle = actor.handle.clone();
    state
        .db
        .read(move |c| {
            let mut sites = crate::locations::store::all(c, Some(LocationKind::Site.as_str()))?;
            sites.sort_by_cached_key(|s| crate::ledger::pages::name_key(&s.name));
            let mut categories = crate::catalog::store::all(c)?;
            // Names in the reader's language everywhere on the page, stock table included.
            let names = crate::catalog::names::in_lang(c, lang)?;
            for x in categories.iter_mut() {
                if let Some(n) = names.get(&x.slug) {
                    x.name.clone_from(n);
                }
            }
            let site = match site {
                Some(slug) => sites.iter().find(|s| s.slug == slug).cloned(),
                None => crate::locations::store::last_used_by(
                    c,
                    &handle,
                    LocationKind::Site,
                    Some(crate::ledger::Cause::Handout),
                )?
                .and_then(|slug| sites.iter().find(|s| s.slug == slug))
                .or(sites.first())
                .cloned(),
            };
            // What this site hands out most comes first, then by the name a volunteer reads.
            let used = match &site {
                Some(s) => crate::ledger::store::use_by_category(
                    c,
                    s.id,
                    crate::ledger::Cause::Handout.as_str(),
                )?,
                None => HashMap::new(),
            };
            crate::ledger::store::sort_by_use(&mut categories, &used);
            let (stock, day_handouts) = match &site {
                Some(s) => (
                    crate::ledger::store::stock(
                        c,
                        &StockFilter {
                            location_id: Some(s.id),
                            ..Default::default()
                        },
                    )?,
                    store::list(
                        c,
                        &HandoutFilter {
                            site_id: Some(s.id),
                            from: Some(day),
                            to: Some(day),
                            before_id: None,
                            limit: 1000,
                            as_corrected: true,
                        },
                    )?,
                ),
                None => (Vec::new(), Vec::new()),
            };
            let mut stock = stock;
            for r in stock.iter_mut() {
                if let Some(n) = names.get(&r.category) {
                    r.category_name.clone_from(n);
                }
            }
            sort_as_catalogue(&mut stock, &categories);
            let mut available = BTreeMap::new();
            for r in &stock {
                if TAKE_ORDER.contains(&r.condition) {
                    *available.entry(r.category.clone()).or_insert(0) += r.quantity;
                }
            }
            Ok(Context {
                sites,
                categories,
                site,
                stock,
                available,
                day,
                day_handouts,
            })
        })
        .await
}

/// Orders the site's stock as a volunteer scans it: by the catalogue's groups (shelter,
/// sleeping, cooking, …), by name inside a group, each category's conditions good first.
fn sort_as_catalogue(rows: &mut [StockRow], categories: &[Category]) {
    use crate::catalog::model::CategoryGroup;
    use crate::ledger::pages::{condition_rank, name_key};
    let group = |slug: &str| {
        let g = categories.iter().find(|c| c.slug == slug);
        CategoryGroup::rank(g.map_or("", |c| c.group.as_str()))
    };
    rows.sort_by_cached_key(|r| {
        (
            group(&r.category),
            name_key(&r.category_name),
            r.category.clone(),
            condition_rank(r.condition.as_str()),
        )
    });
}

#[derive(Debug, Deserialize)]
pub struct PageQuery {
    pub site: Option<String>,
    pub on: Option<String>,
    pub saved: Option<i64>,
}

pub async fn form(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<PageQuery>,
    counts: web::Query<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let values: HashMap<String, String> = counts.into_inner().into_iter().collect();
    let site = q.site.filter(|s| !s.trim().is_empty());
    let day =
        q.on.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .unwrap_or_else(|| state.clock.today());
    let ctx = load(&state, &actor, site.clone(), day).await?;
    // A stepper tap comes back here with the counts so far in the address.
    let (mut form, mut errors) = FormState::from_values(&values, &ctx.categories);
    errors.extend(form.hold_back_over_stock(&ctx));
    let flash = match (&site, &ctx.site, q.saved) {
        (Some(slug), None, _) => Some(Flash::Error(t!("handouts-no-such-site", site = slug))),
        (_, Some(s), Some(id)) => Some(
            saved_message(id, s, &ctx).then_offer(
                crate::history::pages::undo_offer(
                    &state,
                    &actor,
                    crate::ledger::Cause::Handout,
                    id,
                )
                .await?,
            ),
        ),
        _ => (!errors.is_empty()).then(|| refused_flash(&ctx, &form, None, Vec::new())),
    };
    Ok(render(&actor, &ctx, &form, flash, StatusCode::OK))
}

/// "Handed out 5 items at Oak: Tent (2 person): 2; Blanket: 3. Asked for but not
/// there: Sleeping bag: 4." — from the saved hand-out, found in the day's list.
fn saved_message(id: i64, site: &Location, ctx: &Context) -> Flash {
    let name = |slug: &str| {
        ctx.categories
            .iter()
            .find(|c| c.slug == slug)
            .map_or_else(|| slug.to_string(), |c| c.name.clone())
    };
    let Some(h) = ctx.day_handouts.iter().find(|h| h.id == id) else {
        return Flash::Ok(t!("handouts-saved-short", id = id, site = &site.name));
    };
    let given: Vec<(String, String, i64)> = h
        .lines
        .iter()
        .map(|l| (name(&l.category), String::new(), l.quantity))
        .collect();
    let asked: Vec<(String, String, i64)> = h
        .unmet
        .iter()
        .map(|u| (name(&u.category), String::new(), u.quantity))
        .collect();
    let said = t!("handouts-saved", n = h.items, site = &site.name);
    let mut text = if given.is_empty() {
        t!("handouts-saved-none", said = said)
    } else {
        t!(
            "handouts-saved-given",
            said = said,
            lines = lines_in_words(&given)
        )
    };
    if !asked.is_empty() {
        text.push(' ');
        text.push_str(&t!("handouts-saved-asked", lines = lines_in_words(&asked)));
    }
    Flash::Ok(text)
}

/// Where a stepper tap leads: the page with the counts so far, scrolled to the row
/// that was tapped, so a thumb never has to find its place again.
fn step_location(site: &str, day: NaiveDate, form: &FormState, row: &str) -> String {
    let mut url = format!(
        "/handouts?site={}&on={day}&form_key={}",
        urlencode(site),
        urlencode(&form.form_key)
    );
    for (slug, n) in &form.give {
        url.push_str(&format!("&give.{}={n}", urlencode(slug)));
    }
    for (slug, n) in &form.unmet {
        url.push_str(&format!("&unmet.{}={n}", urlencode(slug)));
    }
    if !form.note.is_empty() {
        url.push_str(&format!("&note={}", urlencode(&form.note)));
    }
    format!("{url}#{row}")
}

/// A count field: empty is 0; anything else must be a whole number in range.
fn parse_count(raw: Option<&String>) -> Result<i64, String> {
    let raw = raw.map(|s| s.trim()).unwrap_or("");
    if raw.is_empty() {
        return Ok(0);
    }
    crate::web::form::whole_number(raw, 0, MAX_QUANTITY)
}

impl FormState {
    fn from_values(
        values: &HashMap<String, String>,
        categories: &[Category],
    ) -> (FormState, Vec<String>) {
        let mut errors = Vec::new();
        let mut form = FormState::default();
        for c in categories {
            for (section, label) in [
                ("give", c.name.clone()),
                ("unmet", t!("handouts-asked-label", category = &c.name)),
            ] {
                let raw = values.get(&format!("{section}.{}", c.slug));
                match parse_count(raw) {
                    Ok(0) => {}
                    Ok(n) => {
                        let counts = if section == "give" {
                            &mut form.give
                        } else {
                            &mut form.unmet
                        };
                        counts.insert(c.slug.clone(), n);
                    }
                    Err(msg) => {
                        errors.push(t!("handouts-error-in", field = &label, problem = &msg));
                        form.bad.insert(
                            format!("{section}-{}", c.slug),
                            (raw.cloned().unwrap_or_default(), msg),
                        );
                    }
                }
            }
        }
        form.note = values
            .get("note")
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        form.form_key = values
            .get("form_key")
            .filter(|k| {
                !k.is_empty() && k.len() <= 64 && k.bytes().all(|b| b.is_ascii_alphanumeric())
            })
            .cloned()
            .unwrap_or_else(new_form_key);
        (form, errors)
    }

    /// One stepper tap: `tent-2p:+1` (handed out) or `unmet:tent-2p:-1` (asked for).
    /// Hand-out counts stop at what the site has; nothing goes below zero.
    fn step(&mut self, step: &str, ctx: &Context) {
        let (unmet, rest) = match step.strip_prefix("unmet:") {
            Some(rest) => (true, rest),
            None => (false, step),
        };
        let Some((slug, delta)) = rest.rsplit_once(':') else {
            return;
        };
        let Ok(delta) = delta.parse::<i64>() else {
            return;
        };
        if !ctx.categories.iter().any(|c| c.slug == slug) || !(-100..=100).contains(&delta) {
            return;
        }
        let (counts, cap) = if unmet {
            (&mut self.unmet, MAX_QUANTITY)
        } else {
            (
                &mut self.give,
                ctx.available.get(slug).copied().unwrap_or(0),
            )
        };
        let now = counts.get(slug).copied().unwrap_or(0);
        // A + never raises a count past the cap (nor lowers one already above it); a −
        // on a count above it (refused as more than the site has) comes down to it.
        let next = if delta > 0 {
            (now + delta).min(cap.max(now))
        } else {
            (now + delta).min(cap).max(0)
        };
        if next == 0 {
            counts.remove(slug);
        } else {
            counts.insert(slug.to_string(), next);
        }
    }

    /// Puts a refusal's reasons beside the rows they concern: a line the domain names
    /// (`lines[2].category`, the request's lines being `give` in order), or a shortage
    /// of a category; the count typed stays in its box.
    fn mark_refused(&mut self, e: &AppError) {
        let mut marks: Vec<(String, String)> = Vec::new();
        match e {
            AppError::Invalid { details, .. } => {
                for d in details {
                    let row = |field: &str, counts: &BTreeMap<String, i64>| {
                        let i = d.field.strip_prefix(field)?.strip_prefix('[')?;
                        let i: usize = i.split(']').next()?.parse().ok()?;
                        counts.keys().nth(i).map(|slug| format!("{field}-{slug}"))
                    };
                    let row = row("lines", &self.give)
                        .map(|r| r.replacen("lines-", "give-", 1))
                        .or_else(|| row("unmet", &self.unmet));
                    marks.extend(row.map(|r| (r, d.message.clone())));
                }
            }
            AppError::Conflict { details, .. } => {
                for s in details["shortages"].as_array().into_iter().flatten() {
                    let (Some(slug), Some(have)) = (s["category"].as_str(), s["in_stock"].as_i64())
                    else {
                        continue;
                    };
                    marks.push((format!("give-{slug}"), t!("handouts-error-only", n = have)));
                }
            }
            _ => {}
        }
        for (row, message) in marks {
            let (section, slug) = row.split_once('-').unwrap_or(("", ""));
            let counts = if section == "give" {
                &self.give
            } else {
                &self.unmet
            };
            let typed = counts.get(slug).map(i64::to_string).unwrap_or_default();
            self.bad.insert(row, (typed, message));
        }
        self.drop_bad_counts();
    }

    /// A count refused stays in its box to be put right, but out of the counts: the bar
    /// totals only what would be recorded, whatever refused it (the page or the domain).
    fn drop_bad_counts(&mut self) {
        for row in self.bad.keys() {
            match row.split_once('-') {
                Some(("give", slug)) => self.give.remove(slug),
                Some(("unmet", slug)) => self.unmet.remove(slug),
                _ => None,
            };
        }
    }

    /// Hand-out counts above what the site has (typed, or kept in the address since the
    /// stock moved) are marked beside their row and left out of the total, as the save
    /// would refuse them; the sentences for the top of the page.
    fn hold_back_over_stock(&mut self, ctx: &Context) -> Vec<String> {
        let mut said = Vec::new();
        for (slug, n) in &self.give {
            let have = ctx.available.get(slug).copied().unwrap_or(0);
            if *n > have {
                let message = t!("handouts-error-only", n = have);
                let name = ctx
                    .categories
                    .iter()
                    .find(|c| &c.slug == slug)
                    .map_or(slug.as_str(), |c| c.name.as_str());
                said.push(t!("handouts-error-in", field = name, problem = &message));
                self.bad
                    .insert(format!("give-{slug}"), (n.to_string(), message));
            }
        }
        self.drop_bad_counts();
        said
    }

    fn request(&self, site: &str, handed_out_on: NaiveDate) -> Result<HandoutRequest, String> {
        let quantity =
            |n: i64| Quantity::parse(n).map_err(|_| t!("number-at-most", max = MAX_QUANTITY));
        let mut lines = Vec::new();
        for (slug, n) in &self.give {
            lines.push(GivenLine {
                category: slug.clone(),
                quantity: quantity(*n)?,
                condition: None,
            });
        }
        let mut unmet = Vec::new();
        for (slug, n) in &self.unmet {
            unmet.push(UnmetLine {
                category: slug.clone(),
                quantity: quantity(*n)?,
            });
        }
        if lines.is_empty() && unmet.is_empty() {
            return Err(t!("handouts-error-empty"));
        }
        Ok(HandoutRequest {
            site: site.to_string(),
            handed_out_on,
            lines,
            unmet,
            note: Some(words::note(&self.note)?).filter(|n| !n.is_empty()),
        })
    }
}

pub async fn submit(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let values: HashMap<String, String> = fields.into_inner().into_iter().collect();
    let today = state.clock.today();
    let date_raw = values
        .get("handed_out_on")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let date = NaiveDate::parse_from_str(&date_raw, "%Y-%m-%d");
    let ctx = load(
        &state,
        &actor,
        values.get("site").cloned(),
        *date.as_ref().unwrap_or(&today),
    )
    .await?;
    let (mut form, mut errors) = FormState::from_values(&values, &ctx.categories);
    let Some(site) = ctx.site.clone() else {
        return Ok(render(
            &actor,
            &ctx,
            &form,
            Some(Flash::Error(t!("handouts-error-pick-site"))),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    // Said on top with a link to the day's box (the boxes' own errors are in `form.bad`).
    let date_said: Vec<(Option<String>, String)> = date
        .is_err()
        .then(|| (Some("handed_out_on".to_string()), t!("handouts-error-date")))
        .into_iter()
        .collect();
    if date.is_err() {
        errors.push(t!("handouts-error-date"));
    }
    let step = values.get("step").filter(|s| !s.is_empty());
    let saving = step.is_none() && values.get("action").is_some_and(|a| a == "save");
    if !saving {
        if !errors.is_empty() {
            let flash = Some(refused_flash(&ctx, &form, None, date_said));
            return Ok(render(&actor, &ctx, &form, flash, StatusCode::OK));
        }
        let row = match step {
            Some(step) => {
                form.step(step, &ctx);
                row_id(step)
            }
            None => "running-total".to_string(),
        };
        let day = date.unwrap_or(today);
        return Ok(see_other(&step_location(&site.slug, day, &form, &row)));
    }
    let req = match date {
        Ok(d) if errors.is_empty() => form.request(&site.slug, d).map_err(|m| vec![(None, m)]),
        _ => Err(date_said),
    };
    let req = match req {
        Ok(r) => r,
        Err(said) => {
            return Ok(render(
                &actor,
                &ctx,
                &form,
                Some(refused_flash(&ctx, &form, None, said)),
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    };
    // The form's hidden key makes a double tap or a resent form save once.
    let form_key = format!("form-{}", form.form_key);
    if !confirm::is_confirmed(&values) {
        if let Some(at) = same_as_last(&state, &actor, &site, &form, &ctx, &form_key).await? {
            let title = t!(
                "handouts-again-title",
                time = at.format("%H:%M").to_string()
            );
            let pairs: Vec<(String, String)> = values.into_iter().collect();
            return Ok(confirm::confirm_page(
                &actor,
                &Confirmation {
                    title: &title,
                    restated: html! {
                        p { (t!("handouts-again-text", site = &site.name, minutes = REPEAT_MINUTES)) }
                    },
                    action: "/handouts",
                    fields: &pairs,
                    confirm_label: &t!("handouts-again-save"),
                    cancel_href: &format!("/handouts?site={}&on={}", site.slug, req.handed_out_on),
                },
            ));
        }
    }
    let hash = format!(
        "page-handout:{}",
        serde_json::to_string(&req).unwrap_or_default()
    );
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let on = req.handed_out_on;
    let key = IdempotencyKey(Some(form_key));
    let result = idempotency::once(&state, &actor, key, hash, move |c| {
        model::record(c, &req, &handle, now)
    })
    .await;
    match result {
        Ok(resp) => {
            let body = actix_web::body::to_bytes(resp.into_body())
                .await
                .unwrap_or_default();
            let saved = serde_json::from_slice::<serde_json::Value>(&body).unwrap_or_default();
            let id = saved.get("id").and_then(|i| i.as_i64()).unwrap_or(0);
            Ok(see_other(&format!(
                "/handouts?site={}&on={on}&saved={id}",
                site.slug
            )))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            // What a volunteer can meet is said in their language; the rest (a tampered
            // form) keeps the domain's English words.
            let msg = match &e {
                AppError::Invalid { details, .. } => details
                    .iter()
                    .map(|d| match d.field.as_str() {
                        "handed_out_on" => t!("handouts-error-date-range"),
                        _ => d.message.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
                AppError::Conflict { details, .. } if details.get("shortages").is_some() => {
                    t!("handouts-error-short")
                }
                other => other.to_string(),
            };
            // Stock may have changed under the form: show it as it is now.
            let ctx = load(&state, &actor, Some(site.slug.clone()), on).await?;
            form.mark_refused(&e);
            Ok(render(
                &actor,
                &ctx,
                &form,
                Some(refused_flash(&ctx, &form, Some(msg), Vec::new())),
                e.status_code(),
            ))
        }
        Err(e) => Err(e),
    }
}

/// The top of a refused hand-out: `headline` (else how many things to put right), then
/// every count box to put right as a link to it, hand-outs before asked-for, in the
/// page's order, then the reasons no count box holds (`said`, linked when they have a box).
fn refused_flash(
    ctx: &Context,
    form: &FormState,
    headline: Option<String>,
    said: Vec<(Option<String>, String)>,
) -> Flash {
    let name = |slug: &str| {
        ctx.categories
            .iter()
            .find(|c| c.slug == slug)
            .map_or_else(|| slug.to_string(), |c| c.name.clone())
    };
    let place = |slug: &str| ctx.categories.iter().position(|c| c.slug == slug);
    let mut boxes: Vec<(bool, Option<usize>, String, String)> = form
        .bad
        .iter()
        .map(|(id, (_, problem))| {
            let (section, slug) = id.split_once('-').unwrap_or(("give", id));
            let label = if section == "unmet" {
                t!("handouts-asked-label", category = name(slug))
            } else {
                name(slug)
            };
            let message = t!("handouts-error-in", field = &label, problem = problem);
            (section == "unmet", place(slug), id.clone(), message)
        })
        .collect();
    boxes.sort();
    let mut listed: Vec<(Option<String>, String)> = boxes
        .into_iter()
        .map(|(_, _, id, message)| (Some(id), message))
        .collect();
    listed.extend(said);
    let headline = headline.unwrap_or_else(|| t!("form-to-put-right", n = listed.len()));
    crate::web::form::error_summary(headline, listed)
}

/// Up to this many sites are offered as one-tap buttons above the list.
const SITE_BUTTONS: usize = 8;

/// How long after a hand-out the same counts again are taken for a double tap.
const REPEAT_MINUTES: i64 = 2;

/// When the volunteer saved a hand-out just like `form` at `site` in the last
/// `REPEAT_MINUTES`, that time: likely a second tap on a fresh form. A form whose key
/// was already used is a resend, which the key itself answers (it saves nothing new).
async fn same_as_last(
    state: &AppState,
    actor: &Actor,
    site: &Location,
    form: &FormState,
    ctx: &Context,
    form_key: &str,
) -> AppResult<Option<chrono::NaiveDateTime>> {
    use crate::db::schema::handouts as h;
    use diesel::prelude::*;
    let (handle, key, site_id) = (actor.handle.clone(), form_key.to_string(), site.id);
    let last = state
        .db
        .read(move |c| {
            if idempotency::used(c, &handle, &key)? {
                return Ok(None);
            }
            Ok(h::table
                .filter(h::actor.eq(&handle))
                .order(h::id.desc())
                .select((h::id, h::site_id, h::created_at))
                .first::<(i64, i64, chrono::NaiveDateTime)>(c)
                .optional()?)
        })
        .await?;
    let Some((id, at_site, at)) = last else {
        return Ok(None);
    };
    let recent = state.clock.now() - at < chrono::Duration::minutes(REPEAT_MINUTES);
    let Some(prev) = ctx.day_handouts.iter().find(|v| v.id == id) else {
        return Ok(None);
    };
    let mut given = BTreeMap::new();
    for l in &prev.lines {
        *given.entry(l.category.clone()).or_insert(0) += l.quantity;
    }
    let asked: BTreeMap<String, i64> = prev
        .unmet
        .iter()
        .map(|u| (u.category.clone(), u.quantity))
        .collect();
    let counted = |m: &BTreeMap<String, i64>| -> BTreeMap<String, i64> {
        m.iter()
            .filter(|(_, q)| **q > 0)
            .map(|(k, q)| (k.clone(), *q))
            .collect()
    };
    let same = given == counted(&form.give)
        && asked == counted(&form.unmet)
        && prev.note.as_deref().unwrap_or("") == form.note.trim();
    Ok((recent && at_site == site_id && same).then_some(at))
}

/// The id of a stepper's row, from the step's value (`tent-2p:+1`, `unmet:tent-2p:-1`).
fn row_id(step: &str) -> String {
    let slug = step.rsplit_once(':').map_or(step, |(s, _)| s);
    match slug.strip_prefix("unmet:") {
        Some(slug) => format!("row-unmet-{slug}"),
        None => format!("row-{slug}"),
    }
}

fn stepper(
    section: &str,
    c: &Category,
    count: i64,
    note: Option<String>,
    max: i64,
    bad: Option<&(String, String)>,
) -> Markup {
    let (id, name, step) = if section == "give" {
        (
            format!("give-{}", c.slug),
            format!("give.{}", c.slug),
            c.slug.clone(),
        )
    } else {
        (
            format!("unmet-{}", c.slug),
            format!("unmet.{}", c.slug),
            format!("unmet:{}", c.slug),
        )
    };
    // A count refused (more than is here), beside its stepper under the input's id.
    let errors = crate::web::form::FormErrors(
        bad.map(|b| vec![crate::error::FieldError::new(&id, b.1.clone())])
            .unwrap_or_default(),
    );
    let row = if section == "give" {
        format!("row-{}", c.slug)
    } else {
        format!("row-unmet-{}", c.slug)
    };
    // A refused count stays in its box: the buttons go by it, as the script's do.
    let shown = bad
        .and_then(|b| b.0.trim().parse::<i64>().ok())
        .unwrap_or(count);
    html! {
        div.stepper #(row) data-category=(c.slug) {
            label.name for=(id) { (c.name) @if let Some(n) = note { small { (n) } } }
            button.secondary type="submit" id={(id) "-minus"} name="step" value={(step) ":-1"} aria-label=(t!("handouts-one-fewer", category = &c.name)) disabled[shown <= 0] { "−" }
            input id=(id) type="number" inputmode="numeric" min="0" max=(max) name=(name)
                value=(bad.map_or_else(|| count.to_string(), |b| b.0.clone()))
                aria-invalid=[errors.invalid(&id)] aria-describedby=[errors.described_by(&id)];
            button type="submit" id={(id) "-plus"} name="step" value={(step) ":+1"} aria-label=(t!("handouts-one-more", category = &c.name)) disabled[shown >= max] { "+" }
            (errors.beside_tied(&id))
        }
    }
}

fn render(
    actor: &Actor,
    ctx: &Context,
    form: &FormState,
    flash: Option<Flash>,
    status: StatusCode,
) -> HttpResponse {
    let giving: i64 = form.give.values().sum();
    let asked: i64 = form.unmet.values().sum();
    let site_slug = ctx.site.as_ref().map(|s| s.slug.as_str()).unwrap_or("");
    let site_name = ctx.site.as_ref().map(|s| s.name.as_str()).unwrap_or("");
    // Categories the site can hand out now, plus any already counted (stock may have moved).
    let give_rows: Vec<&Category> = ctx
        .categories
        .iter()
        .filter(|c| {
            ctx.available.get(&c.slug).copied().unwrap_or(0) > 0
                || form.give.contains_key(&c.slug)
                || form.bad.contains_key(&format!("give-{}", c.slug))
        })
        .collect();
    let body = html! {
        h1 { (t!("handouts-title")) }
        @if ctx.sites.is_empty() {
            p { (t!("handouts-no-sites")) }
        } @else {
            // A few sites: one tap each (plain links, no script needed). Many sites: a
            // list, never both, so there is one way to choose.
            @if ctx.sites.len() <= SITE_BUTTONS {
                nav #site-links .site-links aria-label=(t!("handouts-sites")) {
                    @for s in &ctx.sites {
                        @if s.slug == site_slug {
                            strong.button.chip aria-current="page" { (s.name) }
                        } @else {
                            a.button.secondary.chip href={"/handouts?site=" (urlencode(&s.slug))} { (s.name) }
                        }
                        " "
                    }
                }
            } @else {
            form #pick-site .filters method="get" novalidate action="/handouts" {
                    div.field {
                        label for="site" { (t!("handouts-site")) }
                        select #site name="site" {
                            @for s in &ctx.sites {
                                option value=(s.slug) selected[s.slug == site_slug] { (s.name) }
                            }
                        }
                    }
                    button.secondary #show-site type="submit" { (t!("handouts-show")) }
                }
            }
        }
        @if let Some(site) = &ctx.site {
            section #site-stock {
                h2 { (t!("handouts-in-stock-at", site = &site.name)) }
                (crate::ledger::pages::stock_table(&ctx.stock))
            }
            form #handout-form method="post" data-offline="handout" novalidate action="/handouts" {
                (crate::web::form::csrf_field(actor))
                // Enter in a number field presses the first submit button: make that a
                // harmless "update the total", never a stepper or the save.
                button.default-action type="submit" name="action" value="update" tabindex="-1" aria-hidden="true" { (t!("handouts-update")) }
                input type="hidden" name="form_key" value=(form.form_key);
                input type="hidden" name="site" value=(site.slug);
                div.field {
                    label for="handed_out_on" { (t!("handouts-day")) }
                    input #handed_out_on type="date" name="handed_out_on" required value=(ctx.day);
                }
                h2 { (t!("handouts-handed-out")) }
                @if give_rows.is_empty() {
                    p.muted #nothing-to-give { (t!("handouts-nothing-to-give")) }
                }
                @for c in &give_rows {
                    @let have = ctx.available.get(&c.slug).copied().unwrap_or(0);
                    (stepper("give", c, form.give.get(&c.slug).copied().unwrap_or(0), Some(t!("handouts-have", n = have)), have.max(form.give.get(&c.slug).copied().unwrap_or(0)), form.bad.get(&format!("give-{}", c.slug))))
                }
                details.unmet #unmet-section open[!form.unmet.is_empty() || give_rows.is_empty() || form.bad.keys().any(|k| k.starts_with("unmet-"))] {
                    summary { (t!("handouts-unmet-summary")) @if asked > 0 { " " (t!("handouts-unmet-count", n = asked)) } }
                    p.muted { (t!("handouts-unmet-intro")) }
                    // Grouped as the catalogue is, most asked for here first in a group.
                    @for (group, of) in crate::catalog::model::grouped(&ctx.categories) {
                        h3.group-name { (crate::catalog::model::CategoryGroup::label_of(group)) }
                        @for c in of {
                            (stepper("unmet", c, form.unmet.get(&c.slug).copied().unwrap_or(0), None, MAX_QUANTITY, form.bad.get(&format!("unmet-{}", c.slug))))
                        }
                    }
                }
                div.field {
                    label for="note" { (t!("handouts-note")) }
                    input #note type="text" name="note" maxlength="500" dir="auto" value=(form.note);
                }
                // After typing a count by hand (steppers count by themselves).
                button.secondary #update type="submit" name="action" value="update" { (t!("handouts-update-total")) }
                // One short row stuck to the bottom of a phone's screen: the count and the save.
                div.running-total #running-total {
                    div.bar {
                        // Without script the page cannot see a count typed into a box, so the
                        // total says when it was counted and the button states no number.
                        p #total {
                            strong { (num(giving)) } " " (t!("handouts-total-items", n = giving))
                            @if asked > 0 { ", " strong { (num(asked)) } " " (t!("handouts-total-asked")) }
                            br;
                            // A refused count is in its box, not in the total: say so here.
                            @if form.bad.is_empty() {
                                span.muted { (t!("handouts-total-as-of")) }
                            } @else {
                                span.field-error #total-to-fix { (t!("handouts-total-to-fix", n = form.bad.len())) }
                            }
                        }
                        button.big #save type="submit" name="action" value="save" { (t!("handouts-save")) }
                    }
                }
            }
            (day_summary(site_name, ctx.day, &ctx.day_handouts, &ctx.categories))
        }
    };
    page(
        status,
        layout(Some(actor), &t!("handouts-title"), flash, body),
    )
}

/// What went out at the site on the day, and what was asked for but not there.
fn day_summary(
    site_name: &str,
    day: NaiveDate,
    handouts: &[HandoutView],
    categories: &[Category],
) -> Markup {
    let name = |slug: &str| {
        categories
            .iter()
            .find(|c| c.slug == slug)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| slug.to_string())
    };
    let mut given: BTreeMap<&str, i64> = BTreeMap::new();
    let mut asked: BTreeMap<&str, i64> = BTreeMap::new();
    for h in handouts {
        for l in &h.lines {
            *given.entry(&l.category).or_insert(0) += l.quantity;
        }
        for u in &h.unmet {
            *asked.entry(&u.category).or_insert(0) += u.quantity;
        }
    }
    let mut categories: Vec<&str> = given.keys().chain(asked.keys()).copied().collect();
    categories.sort_unstable();
    categories.dedup();
    html! {
        section #day-summary {
            h2 { (t!("handouts-day-heading", site = site_name, day = day)) }
            @if handouts.is_empty() {
                p.muted { (t!("handouts-day-nothing")) }
            } @else {
                p.muted { (t!("handouts-day-counts", handouts = handouts.len(), items = given.values().sum::<i64>())) }
                table {
                    thead { tr { th scope="col" { (t!("handouts-col-category")) } th.num scope="col" { (t!("handouts-col-given")) } th.num scope="col" { (t!("handouts-col-asked")) } } }
                    tbody {
                        @for c in &categories {
                            tr data-category=(c) {
                                td { (name(c)) }
                                td.num { (num(given.get(c).copied().unwrap_or(0))) }
                                td.num { (num(asked.get(c).copied().unwrap_or(0))) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A count as the reader's language writes it.
fn num(n: i64) -> String {
    crate::i18n::number(n)
}
