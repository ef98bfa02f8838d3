//! The needs page: per site, what it stated, what reached it since, what is on the road
//! and what is still unmet, as a table and a bar chart in inline SVG; and the form a
//! distributor states a site's need with; and, per site, what people asked for at
//! hand-outs and did not get, with a one-button form that states it as a need.
//!
//! Quick to scan on a phone: `/needs` is one short block per site (`section.site-summary`:
//! its top unmet needs and what its hand-outs asked for); `/needs?site=oak` opens Oak's
//! block in full (`section.group#oak`: chart, table, earlier statements, the evidence
//! with its forms, and `#state`, the form that states a need for Oak). A saved or
//! refused statement opens its site.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{Days, NaiveDate};
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::HashMap;

use crate::auth::{Actor, Role};
use crate::catalog::Category;
use crate::error::{AppError, AppResult};
use crate::handouts::model::UnmetEvidence;
use crate::i18n::Lang;
use crate::idempotency::{self, IdempotencyKey};
use crate::ledger::Quantity;
use crate::locations::{Location, LocationKind};
use crate::needs::evidence;
use crate::needs::model::{self, EvidenceChoice, NeedRequest, NeedView};
use crate::needs::store::NeedFilter;
use crate::state::AppState;
use crate::t;
use crate::web::{layout, page, see_other, Flash};

#[derive(Debug, Deserialize)]
pub struct NeedsPageQuery {
    /// The site shown in full, with its forms.
    pub site: Option<String>,
    pub saved: Option<i64>,
    /// The statement a saved one replaced (from hand-out evidence), to say so.
    pub was: Option<i64>,
    /// How many days of hand-out evidence to show (today included).
    pub days: Option<u64>,
}

/// Hand-out evidence is shown for this many days unless the page asks otherwise.
pub const EVIDENCE_DAYS: u64 = 7;
const MAX_EVIDENCE_DAYS: u64 = 366;
/// Who a need made from hand-out evidence is stated by, unless the distributor says:
/// the volunteer who states it, from the evidence, in their language.
fn evidence_stated_by(actor: &Actor) -> String {
    t!("needs-evidence-by", handle = &actor.handle)
}

/// The form's fields as typed, to show them again after a refusal.
#[derive(Default)]
struct FormState {
    values: HashMap<String, String>,
    form_key: String,
}

fn new_form_key() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    hex::encode(bytes)
}

struct PageData {
    sites: Vec<Location>,
    categories: Vec<Category>,
    needs: Vec<NeedView>,
    /// Asked for at hand-outs and not there, per site and category, since `since`,
    /// less what the statement in force already took in (`evidence::taken_in`).
    evidence: Vec<UnmetEvidence>,
    since: NaiveDate,
    today: NaiveDate,
    days: u64,
}

async fn load(state: &AppState, days: u64) -> AppResult<PageData> {
    let days = days.clamp(1, MAX_EVIDENCE_DAYS);
    let today = state.clock.today();
    let since = today.checked_sub_days(Days::new(days - 1)).unwrap_or(today);
    let lang = Lang::current();
    state
        .db
        .read_snapshot(move |c| {
            let mut needs = model::list(c, NeedFilter::default(), true)?;
            let requests = crate::handouts::store::unmet_requests(
                c,
                &crate::handouts::store::UnmetFilter {
                    site_id: None,
                    from: Some(since),
                    to: Some(today),
                },
            )?;
            let mut evidence = evidence::new_evidence(&requests, &needs);
            let mut categories = crate::catalog::store::all(c)?;
            // Category names in the reader's language, everywhere on the page.
            let names = crate::catalog::names::in_lang(c, lang)?;
            let local = |slug: &str, name: &mut String| {
                if let Some(n) = names.get(slug) {
                    name.clone_from(n);
                }
            };
            needs
                .iter_mut()
                .for_each(|n| local(&n.category, &mut n.category_name));
            evidence
                .iter_mut()
                .for_each(|e| local(&e.category, &mut e.category_name));
            categories
                .iter_mut()
                .for_each(|x| local(&x.slug, &mut x.name));
            Ok(PageData {
                sites: crate::locations::store::all(c, Some(LocationKind::Site.as_str()))?,
                categories,
                evidence,
                needs,
                since,
                today,
                days,
            })
        })
        .await
}

/// Who states needs, and so may take a statement back.
pub fn may_state(actor: &Actor) -> bool {
    matches!(actor.role, Role::Distributor | Role::Coordinator)
}

pub async fn needs_page(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<NeedsPageQuery>,
) -> AppResult<HttpResponse> {
    let data = load(&state, query.days.unwrap_or(EVIDENCE_DAYS)).await?;
    let saved_site = query
        .saved
        .and_then(|id| data.needs.iter().find(|n| n.id == id))
        .map(|n| n.site.clone());
    let flash = query.saved.and_then(|id| {
        let saved = data.needs.iter().find(|n| n.id == id)?;
        let was = query
            .was
            .and_then(|w| data.needs.iter().find(|n| n.id == w));
        Some(Flash::Ok(if let (true, Some(was)) = (saved.current, was) {
            t!(
                "needs-saved-replacing",
                site = &saved.site_name,
                wanted = i64::from(saved.wanted),
                category = &saved.category_name,
                was = i64::from(was.wanted),
                was_by = &was.stated_by,
                was_on = was.stated_on
            )
        } else if saved.current {
            t!(
                "needs-saved",
                site = &saved.site_name,
                wanted = i64::from(saved.wanted),
                category = &saved.category_name
            )
        } else {
            t!(
                "needs-saved-older",
                site = &saved.site_name,
                category = &saved.category_name
            )
        }))
    });
    let form = FormState {
        values: HashMap::new(),
        form_key: new_form_key(),
    };
    // Like any change, one's own statement can be undone for a few minutes (issue 9):
    // the confirmation links to it and offers the one tap that takes it back.
    let now = state.clock.now();
    let offer = query
        .saved
        .and_then(|id| data.needs.iter().find(|n| n.id == id))
        .map(|n| {
            let undoable = n.current
                && may_state(&actor)
                && n.recorded_by == actor.handle
                && now - n.recorded_at
                    <= chrono::Duration::minutes(crate::corrections::model::UNDO_MINUTES);
            crate::history::needs::offer(&actor, n.id, undoable)
        });
    // The save opens the site's section and the confirmation goes there, where it is
    // seen, rather than at the top of the page, scrolled out of sight.
    let beside = saved_site.filter(|slug| data.sites.iter().any(|s| &s.slug == slug));
    let asked = query
        .site
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    // A saved statement opens its own site, where its confirmation is shown.
    let chosen = beside.as_deref().or(asked);
    let unknown = asked.filter(|slug| !data.sites.iter().any(|s| s.slug == *slug));
    let (flash, saved) = match (beside.as_deref(), flash) {
        (Some(site), Some(Flash::Ok(message))) => (
            None,
            Some((site, html! { (message) @if let Some(o) = &offer { (o) } })),
        ),
        (_, flash) => (
            unknown
                .map(|slug| Flash::Error(t!("needs-no-such-site", site = slug)))
                .or(flash),
            None,
        ),
    };
    let view = View {
        chosen,
        flash,
        saved,
    };
    Ok(render_page(
        &state,
        &actor,
        &data,
        &form,
        view,
        StatusCode::OK,
    ))
}

/// The page again after a refused statement: its site open, the form as it was sent.
fn render(
    state: &AppState,
    actor: &Actor,
    data: &PageData,
    form: &FormState,
    flash: Option<Flash>,
    status: StatusCode,
) -> HttpResponse {
    let chosen = form.values.get("site").map(|s| s.trim());
    let view = View {
        chosen,
        flash,
        saved: None,
    };
    render_page(state, actor, data, form, view, status)
}

/// What the page shows around the sites' blocks.
struct View<'a> {
    /// The site shown in full, with its forms (a slug; an unknown one opens none).
    chosen: Option<&'a str>,
    flash: Option<Flash>,
    /// (site, confirmation): shown in that site's section.
    saved: Option<(&'a str, Markup)>,
}

/// The page: one short block per site, the chosen one in full.
fn render_page(
    state: &AppState,
    actor: &Actor,
    data: &PageData,
    form: &FormState,
    view: View,
    status: StatusCode,
) -> HttpResponse {
    let chosen = data
        .sites
        .iter()
        .find(|s| view.chosen == Some(s.slug.as_str()));
    let body = html! {
        h1 { (t!("needs-title")) }
        p.muted { (t!("needs-intro")) }
        @if let (true, Some(site)) = (may_state(actor), chosen) {
            p { a href="#state" { (t!("needs-state-link-site", site = &site.name)) } }
        }
        @for site in &data.sites {
            @if chosen.is_some_and(|c| c.slug == site.slug) {
                (site_section(actor, site, &data.needs, view.saved.as_ref().filter(|(s, _)| *s == site.slug).map(|(_, m)| m)))
                (evidence_section(actor, site, data))
                @if may_state(actor) {
                    (state_form(state, actor, data, form, site))
                }
                p { a.all-sites href=(needs_href(data, None)) { (t!("needs-all-sites")) } }
            } @else {
                (site_summary(actor, site, data))
            }
        }
        @if data.sites.is_empty() {
            p.muted { (t!("needs-no-sites")) }
        }
    };
    page(
        status,
        layout(Some(actor), &t!("needs-title"), view.flash, body),
    )
}

/// Most unmet needs named in a site's short block; the rest are counted.
const TOP_NEEDS: usize = 3;

/// The needs page with `site` open (at its section), keeping the days of evidence shown.
fn needs_href(data: &PageData, site: Option<&str>) -> String {
    let mut query: Vec<String> = site
        .iter()
        .map(|s| format!("site={}", crate::auth::pages::urlencode(s)))
        .collect();
    if data.days != EVIDENCE_DAYS {
        query.push(format!("days={}", data.days));
    }
    let anchor = site.map(|s| format!("#{s}")).unwrap_or_default();
    match query.is_empty() {
        true => "/needs".to_string(),
        false => format!("/needs?{}{anchor}", query.join("&")),
    }
}

/// A site's short block: how much is unmet, its largest unmet needs, what its
/// hand-outs asked for and did not get, and the way to all of it.
fn site_summary(actor: &Actor, site: &Location, data: &PageData) -> Markup {
    let mut current: Vec<&NeedView> = data
        .needs
        .iter()
        .filter(|n| n.site == site.slug && n.current && n.unmet.unwrap_or(0) > 0)
        .collect();
    // Largest first; a tie by the name a volunteer reads.
    current.sort_by_cached_key(|n| {
        (
            std::cmp::Reverse(n.unmet.unwrap_or(0)),
            crate::ledger::pages::name_key(&n.category_name),
        )
    });
    let unmet: u32 = current.iter().map(|n| n.unmet.unwrap_or(0)).sum();
    let stated = data.needs.iter().any(|n| n.site == site.slug && n.current);
    let asked: Vec<&UnmetEvidence> = data
        .evidence
        .iter()
        .filter(|e| e.site == site.slug)
        .collect();
    let more = current.len().saturating_sub(TOP_NEEDS);
    html! {
        section.site-summary id=(site.slug) {
            h2 { (site.name) " " span.muted { (t!("needs-items-unmet", n = unmet)) } }
            @if !stated {
                p.muted { (t!("needs-none-stated")) }
            } @else if !current.is_empty() {
                ul.top-needs {
                    @for n in current.iter().take(TOP_NEEDS) {
                        li data-category=(n.category) { strong { (num(n.unmet.unwrap_or(0))) } " " (n.category_name) }
                    }
                }
                @if more > 0 { p.muted { (t!("needs-top-more", n = more)) } }
            }
            @if !asked.is_empty() {
                p.asked {
                    (t!("needs-summary-asked", period = period_words(data))) " "
                    @for (i, e) in asked.iter().enumerate() {
                        @if i > 0 { (crate::i18n::format::list_separator()) }
                        strong { (num(e.quantity)) } " " (e.category_name)
                    }
                }
            }
            a.button.secondary.open-site href=(needs_href(data, Some(&site.slug))) {
                @if may_state(actor) { (t!("needs-open-site-state", site = &site.name)) } @else { (t!("needs-open-site", site = &site.name)) }
            }
        }
    }
}

fn site_section(
    actor: &Actor,
    site: &Location,
    needs: &[NeedView],
    saved: Option<&Markup>,
) -> Markup {
    let current: Vec<&NeedView> = needs
        .iter()
        .filter(|n| n.site == site.slug && n.current)
        .collect();
    let earlier: Vec<&NeedView> = needs
        .iter()
        .filter(|n| n.site == site.slug && !n.current)
        .collect();
    let unmet: u32 = current.iter().map(|n| n.unmet.unwrap_or(0)).sum();
    let history = crate::history::pages::may_see_needs(actor);
    html! {
        section.group id=(site.slug) {
            h2 { (site.name) " " span.muted { (t!("needs-items-unmet", n = unmet)) } }
            @if let Some(message) = saved {
                div.flash.ok role="status" { (message) }
            }
            @if current.is_empty() {
                p.muted { (t!("needs-none-stated")) }
            } @else {
                (need_bars(&site.slug, &site.name, &current))
                // Scrolls sideways (by keyboard too) if a language's headers are wider.
                div.scroll tabindex="0" role="region" aria-label=(t!("needs-table-label", site = &site.name)) {
                table.compact {
                    thead { tr {
                        th scope="col" { (t!("needs-col-category")) }
                        th.num scope="col" { (t!("needs-col-stated")) }
                        th.num scope="col" { abbr title=(t!("needs-col-delivered")) { (t!("needs-col-delivered-short")) } }
                        th.num scope="col" { (t!("needs-col-transit")) }
                        th.num scope="col" { (t!("needs-col-unmet")) }
                    } }
                    tbody {
                        @for n in &current {
                            tr data-category=(n.category) {
                                td {
                                    (n.category_name)
                                    br;
                                    span.muted {
                                        (t!("needs-stated-by-on", by = &n.stated_by, on = n.stated_on))
                                        @if let Some(by) = n.needed_by { (t!("needs-needed-by", date = by)) }
                                    }
                                    // The statement this one replaced stays in sight: its
                                    // figure, who said it and when, and the way to all of them.
                                    @if let Some(was) = replaced(needs, n) {
                                        br;
                                        span.muted.was { (t!("needs-was", wanted = i64::from(was.wanted), by = &was.stated_by, on = was.stated_on)) }
                                    }
                                    @if history && needs.iter().any(|o| o.site == n.site && o.category == n.category && !o.current) {
                                        br;
                                        a.earlier href=(crate::history::pages::need_path(n.id)) { (t!("needs-earlier-link")) }
                                    }
                                }
                                td.num { (num(n.wanted)) }
                                td.num { (num(n.delivered_since.unwrap_or(0))) }
                                td.num { (num(n.in_transit.unwrap_or(0))) }
                                // A need met is no alarm: only what is still missing stands out.
                                @let unmet = n.unmet.unwrap_or(0);
                                @if unmet > 0 {
                                    td.num.unmet { strong { (num(unmet)) } }
                                } @else {
                                    td.num { (num(unmet)) }
                                }
                            }
                        }
                    }
                }
                }
            }
            @if !earlier.is_empty() {
                details {
                    summary { (t!("needs-earlier", n = earlier.len())) }
                    ul {
                        @for n in &earlier {
                            li {
                                @let line = t!("needs-earlier-line", category = &n.category_name, wanted = i64::from(n.wanted), by = &n.stated_by, on = n.stated_on);
                                @if history { a href=(crate::history::pages::need_path(n.id)) { (line) } } @else { (line) }
                                @if n.withdrawn { " " strong.mark { (t!("needs-taken-back")) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The statement `n` (in force) replaced: the latest before it, by date then record,
/// of its site and category, not taken back.
fn replaced<'a>(needs: &'a [NeedView], n: &NeedView) -> Option<&'a NeedView> {
    needs
        .iter()
        .filter(|o| o.site == n.site && o.category == n.category && !o.current && !o.withdrawn)
        .filter(|o| (o.stated_on, o.id) < (n.stated_on, n.id))
        .max_by_key(|o| (o.stated_on, o.id))
}

fn period_words(data: &PageData) -> String {
    if data.days == EVIDENCE_DAYS {
        t!("needs-period-week", since = data.since)
    } else {
        t!(
            "needs-period-days",
            days = data.days as i64,
            since = data.since
        )
    }
}

/// What people asked for at the site's hand-outs and did not get: evidence for the
/// next statement. Those who state needs get a button per row that states it.
fn evidence_section(actor: &Actor, site: &Location, data: &PageData) -> Markup {
    let rows: Vec<&UnmetEvidence> = data
        .evidence
        .iter()
        .filter(|e| e.site == site.slug)
        .collect();
    if rows.is_empty() {
        return html! {};
    }
    let in_force = |category: &str| {
        data.needs
            .iter()
            .find(|n| n.site == site.slug && n.category == category && n.current)
    };
    html! {
        section.group.evidence id={"evidence-" (site.slug)} {
            h3 { (t!("needs-evidence-heading", period = period_words(data))) }
            ul.evidence {
                @for e in &rows {
                    li data-category=(e.category) {
                        p {
                            (t!("needs-evidence-asked")) " " strong { (num(e.quantity)) " " (e.category_name) } " "
                            (t!("needs-evidence-none-available", period = period_words(data)))
                            span.muted {
                                " " (t!("needs-evidence-at", n = e.handouts, first = e.first_on))
                                @if e.last_on != e.first_on { " " (t!("needs-evidence-to", last = e.last_on)) }
                                "."
                            }
                        }
                        // What a choice below would replace, in plain sight: not only in
                        // the closed list of earlier statements.
                        @if let Some(n) = in_force(&e.category) {
                            p.stated-now {
                                (t!("needs-evidence-stated-now", wanted = i64::from(n.wanted), by = &n.stated_by, on = n.stated_on))
                                @if let Some(by) = n.needed_by { (t!("needs-needed-by", date = by)) }
                                "."
                                @if may_state(actor) { " " (t!("needs-evidence-kept")) }
                            }
                        }
                        @if may_state(actor) {
                            (evidence_form(actor, &site.name, e, in_force(&e.category), data))
                        }
                    }
                }
            }
        }
    }
}

/// The form that states evidence as a need. With a need in force it never replaces
/// it silently: the distributor chooses "add N" or "raise to N", seeing before → after
/// and who stated the need in force when; the new statement is theirs, dated today.
/// Only evidence the need in force has not taken in reaches here, so none is offered twice.
fn evidence_form(
    actor: &Actor,
    site_name: &str,
    e: &UnmetEvidence,
    in_force: Option<&NeedView>,
    data: &PageData,
) -> Markup {
    let today = data.today;
    let id = format!("by-{}-{}", e.site, e.category);
    let needed_id = format!("needed-{}-{}", e.site, e.category);
    // The need in force's date carries over to the statement that replaces it, unless
    // it has passed (a statement made today cannot be needed before today).
    let needed_by = in_force
        .and_then(|n| n.needed_by)
        .filter(|d| *d >= today)
        .map(|d| d.to_string())
        .unwrap_or_default();
    let stated_by = evidence_stated_by(actor);
    let n = e.quantity;
    let what = &e.category_name;
    html! {
        form.evidence-need method="post" novalidate action="/needs/from-evidence" {
            (crate::web::form::csrf_field(actor))
            input type="hidden" name="form_key" value=(new_form_key());
            input type="hidden" name="site" value=(e.site);
            input type="hidden" name="category" value=(e.category);
            input type="hidden" name="quantity" value=(e.quantity);
            // The days of evidence the page showed: the hand-outs the statement takes in.
            input type="hidden" name="days" value=(data.days);
            @if let Some(need) = in_force {
                input type="hidden" name="based_on" value=(need.id);
            }
            label for=(id) { (t!("needs-stated-by-label")) }
            input id=(id) type="text" name="stated_by" required maxlength="100" dir="auto" value=(stated_by);
            label for=(needed_id) { (t!("needs-form-needed-by")) }
            input id=(needed_id) type="date" name="needed_by" value=(needed_by);
            @match in_force {
                None => { button type="submit" { (t!("needs-evidence-state", n = n, category = what, site = site_name)) } },
                Some(need) => {
                    @let w = i64::from(need.wanted);
                    button type="submit" name="mode" value="add" { (t!("needs-evidence-add", n = n, category = what, site = site_name, from = w, to = w + n)) }
                    " "
                    @if n > w {
                        button.secondary type="submit" name="mode" value="raise" { (t!("needs-evidence-raise", site = site_name, category = what, n = n, from = w, to = n)) }
                    } @else {
                        span.muted { " " (t!("needs-evidence-no-raise", n = n, wanted = w)) }
                    }
                },
            }
        }
    }
}

/// One bar per need, as long as the need: delivered, then in transit, then unmet.
/// Plain SVG with classes for colour, so it needs no script and prints.
fn need_bars(site: &str, site_name: &str, needs: &[&NeedView]) -> Markup {
    const WIDTH: f64 = 300.0;
    const ROW: u32 = 34;
    // About as many characters as 12 px text fits in the chart's width.
    const LABEL_FITS: usize = 44;
    let longest = needs.iter().map(|n| n.wanted).max().unwrap_or(1).max(1);
    let scale = |q: u32| f64::from(q) * WIDTH / f64::from(longest);
    let height = ROW * u32::try_from(needs.len()).unwrap_or(0) + 4;
    let title_id = format!("bars-{site}");
    let rtl = Lang::current().dir() == "rtl";
    html! {
        svg.bars viewBox={"0 0 " (WIDTH) " " (height)} role="img" aria-labelledby=(title_id) xmlns="http://www.w3.org/2000/svg" direction=(Lang::current().dir()) {
            title id=(title_id) { (t!("needs-chart-title", site = site_name)) }
            @for (i, n) in needs.iter().enumerate() {
                @let top = ROW * u32::try_from(i).unwrap_or(0);
                @let delivered = n.delivered_since.unwrap_or(0).min(n.wanted);
                @let transit = n.in_transit.unwrap_or(0).min(n.wanted - delivered);
                @let unmet = n.wanted - delivered - transit;
                @let (d, tr, u) = (scale(delivered), scale(transit), scale(unmet));
                // Right to left, the bar grows from the right edge: delivered first.
                @let at = |start: f64, len: f64| fmt(if rtl { WIDTH - start - len } else { start });
                @let label = t!("needs-chart-bar", category = &n.category_name, unmet = i64::from(unmet), wanted = i64::from(n.wanted));
                // SVG text does not wrap: a label too long for the chart's width (a long
                // name in French) is fitted to it rather than cut off at the edge.
                @let long = label.chars().count() > LABEL_FITS;
                text.bar-label x=(if rtl { fmt(WIDTH) } else { "0".into() }) y=(top + 12) textLength=[long.then(|| fmt(WIDTH))] lengthAdjust=[long.then_some("spacingAndGlyphs")] { (label) }
                rect.bar-track x="0" y=(top + 16) width=(WIDTH) height="12" {}
                rect.bar-delivered x=(at(0.0, d)) y=(top + 16) width=(fmt(d)) height="12" {}
                rect.bar-transit x=(at(d, tr)) y=(top + 16) width=(fmt(tr)) height="12" {}
                rect.bar-unmet x=(at(d + tr, u)) y=(top + 16) width=(fmt(u)) height="12" {}
            }
        }
        p.legend.muted {
            span.key.delivered { (t!("needs-key-delivered")) } " "
            span.key.transit { (t!("needs-key-transit")) } " "
            span.key.unmet { (t!("needs-key-unmet")) }
        }
    }
}

/// A count as the language writes it.
fn num(n: impl Into<i64>) -> String {
    crate::i18n::number(n.into())
}

fn fmt(x: f64) -> String {
    format!("{x:.1}")
}

/// The form that states a need for `site` (the page's open site).
fn state_form(
    state: &AppState,
    actor: &Actor,
    data: &PageData,
    form: &FormState,
    site: &Location,
) -> Markup {
    let v = |k: &str| form.values.get(k).cloned().unwrap_or_default();
    let stated_on = form
        .values
        .get("stated_on")
        .cloned()
        .unwrap_or_else(|| state.clock.today().to_string());
    // Listed by the name a volunteer reads, not the slug.
    let mut categories: Vec<_> = data.categories.iter().collect();
    categories.sort_by_cached_key(|c| crate::ledger::pages::name_key(&c.name));
    html! {
        section.group id="state" {
            h2 { (t!("needs-form-heading-site", site = &site.name)) }
            p.muted { (t!("needs-form-intro")) }
            form method="post" novalidate action="/needs" {
                (crate::web::form::csrf_field(actor))
                input type="hidden" name="form_key" value=(form.form_key);
                input #site type="hidden" name="site" value=(site.slug);
                div.field {
                    label for="category" { (t!("needs-form-category")) }
                    select #category name="category" required {
                        @for c in &categories {
                            option value=(c.slug) selected[v("category") == c.slug] { (c.name) }
                        }
                    }
                }
                div.field {
                    label for="quantity" { (t!("needs-form-quantity")) }
                    input #quantity type="number" inputmode="numeric" name="quantity" min="1" max="1000000" required value=(v("quantity"));
                }
                div.field {
                    label for="stated_by" { (t!("needs-form-stated-by")) }
                    input #stated_by type="text" name="stated_by" required maxlength="100" dir="auto" placeholder=(t!("needs-form-stated-by-example")) value=(v("stated_by"));
                }
                div.field {
                    label for="stated_on" { (t!("needs-form-stated-on")) }
                    input #stated_on type="date" name="stated_on" required value=(stated_on);
                }
                div.field {
                    label for="needed_by" { (t!("needs-form-needed-by")) }
                    input #needed_by type="date" name="needed_by" value=(v("needed_by"));
                }
                button type="submit" { (t!("needs-form-save")) }
            }
        }
    }
}

/// Turns the form into a request; what the types refuse is said in words.
fn to_request(values: &HashMap<String, String>) -> Result<NeedRequest, String> {
    let get = |k: &str| {
        values
            .get(k)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let date = |k: &str, label: &str| {
        NaiveDate::parse_from_str(&get(k), "%Y-%m-%d")
            .map_err(|_| t!("needs-error-date", field = label))
    };
    let max = crate::ledger::quantity::MAX_QUANTITY;
    let quantity = crate::web::form::whole_number(&get("quantity"), 1, max)
        .and_then(|n| Quantity::parse(n).map_err(|_| t!("number-at-most", max = max)))
        .map_err(|problem| t!("needs-error-quantity", problem = problem))?;
    let needed_by = match get("needed_by") {
        empty if empty.is_empty() => None,
        _ => Some(date("needed_by", &t!("needs-field-needed-by"))?),
    };
    Ok(NeedRequest {
        site: get("site"),
        category: get("category"),
        quantity,
        stated_on: date("stated_on", &t!("needs-form-stated-on"))?,
        stated_by: crate::text::FreeText::parse_for(&get("stated_by"), "Stated by")?,
        needed_by,
    })
}

fn form_state(values: &HashMap<String, String>) -> FormState {
    let form_key = values
        .get("form_key")
        .filter(|k| !k.is_empty() && k.len() <= 64 && k.bytes().all(|b| b.is_ascii_alphanumeric()))
        .cloned()
        .unwrap_or_else(new_form_key);
    FormState {
        values: values.clone(),
        form_key,
    }
}

/// `POST /needs`: the "State a need" form.
pub async fn submit(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let values: HashMap<String, String> = fields.into_inner().into_iter().collect();
    let req = to_request(&values);
    save(&state, &actor, form_state(&values), req, None).await
}

/// `POST /needs/from-evidence`: states what people asked for at the site's hand-outs
/// as its need, stated today, by the volunteer from the evidence unless the form says who.
pub async fn from_evidence(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let mut values: HashMap<String, String> = fields.into_inner().into_iter().collect();
    values.insert("stated_on".into(), state.clock.today().to_string());
    if values.get("stated_by").is_none_or(|s| s.trim().is_empty()) {
        values.insert("stated_by".into(), evidence_stated_by(&actor));
    }
    let choice = match values.get("mode").map(|m| m.trim()) {
        None | Some("") => Ok(None),
        Some("add") => Ok(Some(EvidenceChoice::Add)),
        Some("raise") => Ok(Some(EvidenceChoice::Raise)),
        Some(other) => Err(t!("needs-error-choice", choice = other)),
    };
    let based_on = match values.get("based_on").map(|b| b.trim()) {
        None | Some("") => Ok(None),
        Some(b) => b
            .parse::<i64>()
            .map(Some)
            .map_err(|_| t!("needs-error-damaged")),
    };
    // The hand-outs dated in the days the page showed are the ones the statement takes in.
    let days = values
        .get("days")
        .and_then(|d| d.trim().parse::<u64>().ok())
        .unwrap_or(EVIDENCE_DAYS)
        .clamp(1, MAX_EVIDENCE_DAYS);
    let today = state.clock.today();
    let since = today.checked_sub_days(Days::new(days - 1)).unwrap_or(today);
    let req = match (to_request(&values), choice, based_on) {
        (Ok(r), Ok(c), Ok(b)) => Ok((r, Some((c, b, since)))),
        (Err(m), _, _) | (_, Err(m), _) | (_, _, Err(m)) => Err(m),
    };
    let form = form_state(&values);
    match req {
        Ok((r, evidence)) => save(&state, &actor, form, Ok(r), evidence).await,
        Err(m) => save(&state, &actor, form, Err(m), None).await,
    }
}

/// Records the statement once per form (its hidden key makes a double tap or a resent
/// form save once) and goes to the site; a refusal shows the page again, the form
/// filled in as sent and the reasons in words.
async fn save(
    state: &AppState,
    actor: &Actor,
    form: FormState,
    req: Result<NeedRequest, String>,
    evidence: Option<(Option<EvidenceChoice>, Option<i64>, NaiveDate)>,
) -> AppResult<HttpResponse> {
    let refuse = |data: &PageData, msg: String| {
        render(
            state,
            actor,
            data,
            &form,
            Some(Flash::Error(msg)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let req = match req {
        Ok(r) => r,
        Err(msg) => return Ok(refuse(&load(state, EVIDENCE_DAYS).await?, msg)),
    };
    let site = req.site.clone();
    let hash = format!(
        "page-need:{}:{:?}",
        serde_json::to_string(&req).unwrap_or_default(),
        evidence
    );
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let was = evidence.and_then(|(_, based_on, _)| based_on);
    let result = idempotency::once(
        state,
        actor,
        IdempotencyKey(Some(format!("form-{}", form.form_key))),
        hash,
        move |c| match evidence {
            Some((choice, based_on, since)) => {
                model::record_from_evidence(c, &req, choice, based_on, since, &handle, now)
            }
            None => model::record(c, &req, &handle, now),
        },
    )
    .await;
    match result {
        Ok(resp) => {
            let body = actix_web::body::to_bytes(resp.into_body())
                .await
                .unwrap_or_default();
            let id = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("id").and_then(|i| i.as_i64()))
                .unwrap_or(0);
            let was = was.map(|w| format!("&was={w}")).unwrap_or_default();
            Ok(see_other(&format!("/needs?saved={id}{was}#{site}")))
        }
        Err(AppError::Invalid { details, .. }) => {
            let msg = details
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join(". ");
            Ok(refuse(
                &load(state, EVIDENCE_DAYS).await?,
                format!("{msg}."),
            ))
        }
        Err(e @ AppError::Conflict { .. }) => {
            Ok(refuse(&load(state, EVIDENCE_DAYS).await?, e.to_string()))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::need_bars;
    use crate::needs::model::NeedView;

    fn need(name: &str) -> NeedView {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
        NeedView {
            id: 1,
            site: "oak".into(),
            site_name: "Oak".into(),
            category: "c".into(),
            category_name: name.into(),
            wanted: 20,
            stated_on: day,
            stated_by: "assembly".into(),
            needed_by: None,
            recorded_by: "coord".into(),
            recorded_at: day.and_hms_opt(0, 0, 0).unwrap_or_default(),
            current: true,
            delivered_since: Some(4),
            in_transit: Some(6),
            unmet: Some(10),
            withdrawn: false,
        }
    }

    #[test]
    fn a_label_too_long_for_the_chart_is_fitted_to_its_width() {
        let short = need("Tent");
        let long = need("Family tent (6 people or more), with its poles and pegs");
        let svg = need_bars("oak", "Oak", &[&short, &long]).into_string();
        let labels: Vec<&str> = svg.split("<text class=\"bar-label\"").skip(1).collect();
        assert_eq!(labels.len(), 2, "{svg}");
        assert!(
            !labels[0].contains("textLength"),
            "a short label keeps its width"
        );
        assert!(
            labels[1].contains("textLength=\"300.0\"")
                && labels[1].contains("lengthAdjust=\"spacingAndGlyphs\""),
            "{}",
            labels[1]
        );
    }
}
