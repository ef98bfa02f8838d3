//! The priorities page: the collective's statement verbatim, beside the rules read
//! from it in plain words; for coordinators, a form to state a new version.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use maud::{html, Markup};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

use crate::auth::{Actor, Role};
use crate::catalog::{Category, Condition};
use crate::error::{AppError, AppResult};
use crate::i18n::format::{list_separator, number_in};
use crate::i18n::{date, Lang};
use crate::priorities::model::{self, Priorities};
use crate::priorities::rules::{
    default_tier_weight, PrioritySet, Problem, Season, Tier, UNLISTED_WEIGHT,
};
use crate::state::AppState;
use crate::t;
use crate::web::{layout, page, see_other, Flash};

#[derive(Debug, Deserialize)]
pub struct PrioritiesPageQuery {
    /// An older version to read; the current one by default.
    pub version: Option<i64>,
    pub saved: Option<i64>,
    /// Set after a form that changed nothing.
    pub unchanged: Option<i64>,
}

struct PageData {
    categories: Vec<Category>,
    shown: Option<Priorities>,
    history: Vec<Priorities>,
}

async fn load(state: &AppState, version: Option<i64>) -> AppResult<PageData> {
    // Taken here: the closure runs on another thread, outside the request.
    let lang = Lang::current();
    state
        .db
        .read(move |c| {
            let history = model::history(c)?;
            let shown = match version {
                Some(n) => history.iter().find(|p| p.version == n).cloned(),
                None => history.first().cloned(),
            };
            let local = crate::catalog::names::in_lang(c, lang)?;
            let mut categories = crate::catalog::store::all(c)?;
            for x in &mut categories {
                if let Some(n) = local.get(&x.slug) {
                    x.name = n.clone();
                }
            }
            Ok(PageData {
                categories,
                shown,
                history,
            })
        })
        .await
}

pub async fn priorities_page(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<PrioritiesPageQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let data = load(&state, q.version).await?;
    if let (Some(n), None) = (q.version, &data.shown) {
        let body = html! { h1 { (t!("priorities-title")) } p { (t!("priorities-no-version", n = n)) " " a href="/priorities" { (t!("priorities-see-current")) } } };
        return Ok(page(
            StatusCode::NOT_FOUND,
            layout(Some(&actor), &t!("priorities-title"), None, body),
        ));
    }
    let flash = match (q.saved, q.unchanged) {
        (Some(n), _) => Some(Flash::Ok(t!("priorities-saved", n = n))),
        (None, Some(n)) => Some(Flash::Ok(t!("priorities-unchanged", n = n))),
        (None, None) => None,
    };
    let editing = q.version.is_none() && actor.role == Role::Coordinator;
    let form =
        editing.then(|| form_values(data.shown.as_ref().map(|p| &p.priorities), &data.categories));
    Ok(render(&state, &actor, &data, form, flash, StatusCode::OK))
}

fn render(
    state: &AppState,
    actor: &Actor,
    data: &PageData,
    form: Option<FormValues>,
    flash: Option<Flash>,
    status: StatusCode,
) -> HttpResponse {
    let names: BTreeMap<&str, &str> = data
        .categories
        .iter()
        .map(|c| (c.slug.as_str(), c.name.as_str()))
        .collect();
    let current_version = data.history.first().map(|p| p.version);
    let body = html! {
        h1 { (t!("priorities-heading")) }
        @match &data.shown {
            None => p { (t!("priorities-none")) },
            Some(p) => {
                @if Some(p.version) != current_version {
                    p.flash.error { (t!("priorities-old-version", n = p.version)) " " a href="/priorities" { (t!("priorities-see-current")) } }
                }
                div.side-by-side {
                    section {
                        h2 { (t!("priorities-said")) }
                        blockquote.statement { (p.priorities.statement) }
                        p.muted { (t!("priorities-stated-recorded", on = p.priorities.stated_on, n = p.version, by = p.set_by.as_str(), at = date(p.set_at.date()), time = p.set_at.format("%H:%M").to_string())) }
                    }
                    section {
                        h2 { (t!("priorities-rules")) }
                        (rules_view(&p.priorities, &names, state.clock.today()))
                    }
                }
            }
        }
        @if let Some(form) = &form {
            (edit_form(actor, form, &data.categories, current_version.map_or(1, |v| v + 1)))
        }
        @if data.history.len() > 1 {
            section.group {
                h2 { (t!("priorities-earlier")) }
                ul {
                    @for p in data.history.iter().skip(1) {
                        li {
                            a href={"/priorities?version=" (p.version)} { (t!("priorities-version", n = p.version)) }
                            " — " bdi { (p.set_by) } ", " (date(p.set_at.date()))
                        }
                    }
                }
            }
        }
    };
    page(
        status,
        layout(Some(actor), &t!("priorities-title"), flash, body),
    )
}

fn name<'a>(names: &BTreeMap<&str, &'a str>, slug: &'a str) -> &'a str {
    names.get(slug).copied().unwrap_or(slug)
}

/// "11-01" → "1 Nov" (in the request's language); anything unreadable is shown as
/// written.
fn month_day(text: &str) -> String {
    use chrono::Datelike;
    NaiveDate::parse_from_str(&format!("2000-{text}"), "%Y-%m-%d")
        .map(|d| t!("priorities-month-day", day = d.day(), month = d.month()))
        .unwrap_or_else(|_| text.to_string())
}

/// A factor or a value, with at most two decimals, as the language writes numbers.
fn decimal(v: f64) -> String {
    number_in(Lang::current(), v, 2)
}

/// Why a category is worth what it is today, in short phrases: "priority tier 1",
/// "winter priority ×2".
fn phrases(why: &crate::priorities::rules::ValueReason) -> String {
    why.tier
        .map(|n| t!("priorities-why-tier", n = n))
        .into_iter()
        .chain(why.seasons.iter().map(|s| {
            t!(
                "priorities-why-season",
                season = s.name.as_str(),
                factor = decimal(s.factor)
            )
        }))
        .collect::<Vec<_>>()
        .join(list_separator())
}

fn names_of(names: &BTreeMap<&str, &str>, slugs: &[String]) -> String {
    slugs
        .iter()
        .map(|c| name(names, c))
        .collect::<Vec<_>>()
        .join(list_separator())
}

/// The set in plain words: tiers, seasons, minimum conditions, and what each listed
/// category is worth today.
pub fn rules_view(set: &PrioritySet, names: &BTreeMap<&str, &str>, today: NaiveDate) -> Markup {
    let listed: Vec<&str> = set
        .tiers
        .iter()
        .flat_map(|t| t.categories.iter().map(String::as_str))
        .collect();
    html! {
        ol.tiers {
            @for tier in &set.tiers {
                li {
                    strong { (t!("priorities-weight", n = tier.weight)) } " "
                    (names_of(names, &tier.categories))
                }
            }
        }
        p.muted { (t!("priorities-unlisted", n = UNLISTED_WEIGHT)) }
        @if !set.seasons.is_empty() {
            h3 { (t!("priorities-seasons")) }
            ul {
                @for s in &set.seasons {
                    li {
                        strong { (s.name) } " "
                        (t!("priorities-season-rule", from = month_day(&s.from), to = month_day(&s.to), categories = names_of(names, &s.categories), factor = decimal(s.factor)))
                    }
                }
            }
        }
        h3 { (t!("priorities-condition-heading")) }
        ul {
            @for (slug, cond) in &set.min_condition {
                li { (t!("priorities-condition-or-better", category = name(names, slug), condition = cond.label())) }
            }
            li.muted { (t!("priorities-condition-else")) }
        }
        h3 { (t!("priorities-worth-today", date = today)) }
        table.compact {
            thead { tr { th scope="col" { (t!("priorities-col-category")) } th.num scope="col" { (t!("priorities-col-value")) } th scope="col" { (t!("priorities-col-why")) } } }
            tbody {
                @for slug in &listed {
                    @let why = set.explain(slug, today);
                    tr { td { (name(names, slug)) } td.num { (decimal(why.unit_value)) } td.muted { (phrases(&why)) } }
                }
            }
        }
    }
}

/// The edit form's fields by name, as typed or as the current set fills them.
struct FormValues {
    values: HashMap<String, Vec<String>>,
    tiers: usize,
    seasons: usize,
}

impl FormValues {
    fn one(&self, key: &str) -> String {
        self.values
            .get(key)
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_default()
    }
    fn has(&self, key: &str, value: &str) -> bool {
        self.values
            .get(key)
            .is_some_and(|v| v.iter().any(|x| x == value))
    }
}

fn form_values(set: Option<&PrioritySet>, categories: &[Category]) -> FormValues {
    let mut values: HashMap<String, Vec<String>> = HashMap::new();
    let mut put = |k: String, v: String| values.entry(k).or_default().push(v);
    let tiers = set.map_or(0, |s| s.tiers.len()).max(2) + 1;
    let seasons = set.map_or(0, |s| s.seasons.len()) + 1;
    if let Some(set) = set {
        put("statement".into(), set.statement.clone());
        put("stated_on".into(), set.stated_on.to_string());
        for (t, tier) in set.tiers.iter().enumerate() {
            put(format!("tier{}.weight", t + 1), tier.weight.to_string());
            for c in &tier.categories {
                put(format!("tier.{c}"), (t + 1).to_string());
            }
        }
        for (i, s) in set.seasons.iter().enumerate() {
            put(format!("season{i}.name"), s.name.clone());
            put(format!("season{i}.from"), s.from.clone());
            put(format!("season{i}.to"), s.to.clone());
            put(format!("season{i}.factor"), s.factor.to_string());
            for c in &s.categories {
                put(format!("season{i}.cat"), c.clone());
            }
        }
        for (c, cond) in &set.min_condition {
            put(format!("min.{c}"), cond.as_str().to_string());
        }
    }
    for n in 1..=tiers {
        values
            .entry(format!("tier{n}.weight"))
            .or_insert_with(|| vec![default_tier_weight(n).to_string()]);
    }
    for c in categories {
        values
            .entry(format!("min.{}", c.slug))
            .or_insert_with(|| vec![Condition::Usable.as_str().into()]);
    }
    FormValues {
        values,
        tiers,
        seasons,
    }
}

fn edit_form(actor: &Actor, form: &FormValues, categories: &[Category], next: i64) -> Markup {
    html! {
        section.group id="edit" {
            h2 { (t!("priorities-state-new")) }
            p.muted { (t!("priorities-state-intro")) }
            form method="post" novalidate action="/priorities" {
                (crate::web::form::csrf_field(actor))
                input type="hidden" name="tiers" value=(form.tiers);
                input type="hidden" name="seasons" value=(form.seasons);
                div.side-by-side {
                    div {
                        div.field {
                            label for="statement" { (t!("priorities-statement")) }
                            textarea #statement name="statement" rows="6" required maxlength=(model::MAX_STATEMENT_CHARS) { (form.one("statement")) }
                        }
                        div.field {
                            label for="stated_on" { (t!("priorities-stated-on")) }
                            input #stated_on type="date" name="stated_on" required value=(form.one("stated_on"));
                        }
                        fieldset {
                            legend { (t!("priorities-tier-weights")) }
                            @for n in 1..=form.tiers {
                                div.field.inline {
                                    label for={"tier" (n) "-weight"} { (t!("priorities-tier", n = n)) }
                                    input id={"tier" (n) "-weight"} type="number" inputmode="numeric" min="1" name={"tier" (n) ".weight"} value=(form.one(&format!("tier{n}.weight")));
                                }
                            }
                        }
                    }
                    fieldset {
                        legend { (t!("priorities-each-category")) }
                        @for c in categories {
                            div.line {
                                span.name { (c.name) }
                                select name={"tier." (c.slug)} aria-label=(t!("priorities-tier-of", category = c.name.as_str())) {
                                    option value="" { (t!("priorities-no-tier")) }
                                    @for n in 1..=form.tiers {
                                        option value=(n) selected[form.has(&format!("tier.{}", c.slug), &n.to_string())] { (t!("priorities-tier-option", n = n)) }
                                    }
                                }
                                select name={"min." (c.slug)} aria-label=(t!("priorities-condition-of", category = c.name.as_str())) {
                                    @for cond in [Condition::Usable, Condition::Good] {
                                        option value=(cond.as_str()) selected[form.has(&format!("min.{}", c.slug), cond.as_str())] { (t!("priorities-or-better", condition = cond.label())) }
                                    }
                                }
                            }
                        }
                    }
                }
                h3 { (t!("priorities-seasons")) }
                p.muted { (t!("priorities-seasons-intro")) }
                @for i in 0..form.seasons {
                    fieldset.season {
                        legend { (t!("priorities-season", n = i + 1)) }
                        div.field { label for={"season" (i) "-name"} { (t!("priorities-season-name")) } input id={"season" (i) "-name"} type="text" name={"season" (i) ".name"} maxlength=(model::MAX_SEASON_NAME_CHARS) placeholder=(t!("priorities-season-name-example")) value=(form.one(&format!("season{i}.name"))); }
                        div.field.inline { label for={"season" (i) "-from"} { (t!("priorities-season-from")) } input id={"season" (i) "-from"} type="text" name={"season" (i) ".from"} placeholder="11-01" value=(form.one(&format!("season{i}.from"))); }
                        div.field.inline { label for={"season" (i) "-to"} { (t!("priorities-season-to")) } input id={"season" (i) "-to"} type="text" name={"season" (i) ".to"} placeholder="03-31" value=(form.one(&format!("season{i}.to"))); }
                        div.field.inline { label for={"season" (i) "-factor"} { (t!("priorities-season-factor")) } input id={"season" (i) "-factor"} type="text" inputmode="decimal" name={"season" (i) ".factor"} placeholder="2" value=(form.one(&format!("season{i}.factor"))); }
                        div.checks {
                            @for c in categories {
                                label.check {
                                    input type="checkbox" name={"season" (i) ".cat"} value=(c.slug) checked[form.has(&format!("season{i}.cat"), &c.slug)];
                                    " " (c.name)
                                }
                            }
                        }
                    }
                }
                button type="submit" { (t!("priorities-save-as", n = next)) }
            }
        }
    }
}

/// Reads the form back into a set. Categories keep the order the current set gives
/// them, so saving an unchanged form is not a new version; new ones follow.
fn to_set(
    form: &FormValues,
    categories: &[Category],
    current: Option<&PrioritySet>,
) -> Result<PrioritySet, Vec<String>> {
    let mut problems = Vec::new();
    let stated_on = NaiveDate::parse_from_str(form.one("stated_on").trim(), "%Y-%m-%d")
        .map_err(|_| problems.push(t!("priorities-err-stated-on")))
        .ok();
    let order = |list: Option<&Vec<String>>, slug: &str| {
        list.and_then(|l| l.iter().position(|c| c == slug))
            .unwrap_or(usize::MAX)
    };
    let ordered = |mut slugs: Vec<String>, list: Option<&Vec<String>>| {
        slugs.sort_by_key(|s| (order(list, s), s.clone()));
        slugs
    };
    let mut tiers = Vec::new();
    for n in 1..=form.tiers {
        let chosen: Vec<String> = categories
            .iter()
            .filter(|c| form.has(&format!("tier.{}", c.slug), &n.to_string()))
            .map(|c| c.slug.clone())
            .collect();
        if chosen.is_empty() {
            continue;
        }
        let raw = form.one(&format!("tier{n}.weight"));
        // 0 is left to the rules, which say "at least 1" in the same words.
        let weight = crate::web::form::whole_number(&raw, 0, i64::from(u32::MAX))
            .map(|w| u32::try_from(w).unwrap_or(0))
            .map_err(|problem| problems.push(t!("priorities-err-weight", n = n, problem = problem)))
            .unwrap_or(0);
        // Tier n of the form stands for tier n of the set in force.
        let held = current.and_then(|s| s.tiers.get(n - 1));
        tiers.push(Tier {
            weight,
            categories: ordered(chosen, held.map(|t| &t.categories)),
        });
    }
    let mut seasons = Vec::new();
    for i in 0..form.seasons {
        let field = |k: &str| form.one(&format!("season{i}.{k}")).trim().to_string();
        let chosen: Vec<String> = categories
            .iter()
            .filter(|c| form.has(&format!("season{i}.cat"), &c.slug))
            .map(|c| c.slug.clone())
            .collect();
        if field("name").is_empty()
            && field("from").is_empty()
            && field("to").is_empty()
            && chosen.is_empty()
        {
            continue;
        }
        let factor = field("factor")
            .parse::<f64>()
            .map_err(|_| {
                problems.push(t!(
                    "priorities-err-factor",
                    n = i + 1,
                    raw = field("factor")
                ))
            })
            .unwrap_or(0.0);
        let held = current
            .and_then(|s| s.seasons.get(i))
            .map(|s| &s.categories);
        seasons.push(Season {
            name: field("name"),
            from: field("from"),
            to: field("to"),
            categories: ordered(chosen, held),
            factor,
        });
    }
    let mut min_condition = BTreeMap::new();
    for c in categories {
        let chosen = form
            .one(&format!("min.{}", c.slug))
            .parse::<Condition>()
            .unwrap_or(Condition::Usable);
        // "usable" is the default and goes unsaid, unless the set in force says it.
        let said_before =
            current.is_some_and(|s| s.min_condition.get(&c.slug) == Some(&Condition::Usable));
        if chosen != Condition::Usable || said_before {
            min_condition.insert(c.slug.clone(), chosen);
        }
    }
    match stated_on {
        Some(stated_on) if problems.is_empty() => Ok(PrioritySet {
            statement: form.one("statement").trim().to_string(),
            stated_on,
            tiers,
            seasons,
            min_condition,
        }),
        _ => Err(problems),
    }
}

pub async fn submit(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let mut values: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in fields.into_inner() {
        values.entry(k).or_default().push(v);
    }
    let count = |k: &str, max: usize| {
        values
            .get(k)
            .and_then(|v| v.first())
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(0)
            .min(max)
    };
    let form = FormValues {
        tiers: count("tiers", 20),
        seasons: count("seasons", 20),
        values: values.clone(),
    };
    let data = load(&state, None).await?;
    let current = data.shown.as_ref().map(|p| &p.priorities);
    let refuse = |data: &PageData, form: FormValues, msg: String| {
        render(
            &state,
            &actor,
            data,
            Some(form),
            Some(Flash::Error(msg)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let set = match to_set(&form, &data.categories, current) {
        Ok(set) => set,
        Err(problems) => {
            let reasons = problems.join(" ");
            return Ok(refuse(
                &data,
                form,
                t!("priorities-not-saved", reasons = reasons),
            ));
        }
    };
    // The rules' own refusals, said here in the reader's words before the domain is
    // asked (it checks them again, and says them in English to the API).
    let known = data.categories.iter().map(|c| c.slug.clone()).collect();
    if let Err(problems) = set.validate(&known) {
        let reasons: Vec<String> = problems
            .iter()
            .map(|p| rule_words(&p.problem, &data.categories))
            .collect();
        return Ok(refuse(
            &data,
            form,
            t!("priorities-not-saved", reasons = reasons.join(" ")),
        ));
    }
    let now = state.clock.now();
    let handle = actor.handle.clone();
    match state
        .db
        .write(move |c| model::save(c, &set, &handle, now))
        .await
    {
        Ok((saved, true)) => Ok(see_other(&format!("/priorities?saved={}", saved.version))),
        Ok((kept, false)) => Ok(see_other(&format!(
            "/priorities?unchanged={}",
            kept.version
        ))),
        Err(AppError::Invalid { details, .. }) => {
            let msg = details
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join(". ");
            Ok(refuse(
                &data,
                form,
                t!("priorities-not-saved", reasons = format!("{msg}.")),
            ))
        }
        Err(e) => Err(e),
    }
}

/// A rule's refusal in the reader's language, naming categories as they read them.
fn rule_words(problem: &Problem, categories: &[Category]) -> String {
    let named = |slug: &str| {
        categories
            .iter()
            .find(|c| c.slug == slug)
            .map_or_else(|| slug.to_string(), |c| c.name.clone())
    };
    match problem {
        Problem::StatementRequired => t!("priorities-rule-statement"),
        Problem::TierWeightZero { tier } => t!(
            "priorities-err-weight",
            n = *tier,
            problem = t!("number-at-least", min = 1)
        ),
        Problem::CategoryInTwoTiers { category, first } => t!(
            "priorities-rule-two-tiers",
            category = named(category),
            first = *first
        ),
        Problem::SeasonNameMissing { season } => t!("priorities-rule-season-name", n = *season),
        Problem::NotMonthDay { season, value } => {
            t!("priorities-rule-month-day", n = *season, raw = value)
        }
        Problem::FactorNotPositive { season } => t!("priorities-rule-factor", n = *season),
        Problem::CategoryTwiceInSeason { season, category } => t!(
            "priorities-rule-season-twice",
            n = *season,
            category = named(category)
        ),
        Problem::MinConditionNotDistributable {
            category,
            condition,
        } => t!(
            "priorities-rule-min-condition",
            category = named(category),
            condition = Condition::label(*condition)
        ),
        Problem::UnknownCategory { category } => {
            t!("priorities-rule-unknown-category", category = category)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_refusals_are_said_in_the_readers_words() {
        let categories = vec![Category::for_test(1, "blanket")];
        let said = |p: Problem| Lang::Fr.sync_scope(|| rule_words(&p, &categories));
        assert_eq!(
            said(Problem::StatementRequired),
            "La déclaration du collectif est obligatoire, dans ses propres mots."
        );
        assert_eq!(
            said(Problem::NotMonthDay {
                season: 2,
                value: "1er nov".into()
            }),
            "Saison 2\u{a0}: « 1er nov » n’est pas un jour de l’année écrit MM-JJ, comme 11-01."
        );
        assert_eq!(
            said(Problem::CategoryTwiceInSeason {
                season: 1,
                category: "blanket".into()
            }),
            "Saison 1\u{a0}: blanket est nommé deux fois."
        );
        let en = Lang::En.sync_scope(|| {
            rule_words(
                &Problem::MinConditionNotDistributable {
                    category: "blanket".into(),
                    condition: Condition::NeedsRepair,
                },
                &categories,
            )
        });
        assert_eq!(
            en,
            "blanket: the worst condition to hand out must be Good or Usable, not Needs repair."
        );
    }

    fn catalogue(set: &PrioritySet) -> Vec<Category> {
        let mut slugs: Vec<&str> = set.categories().into_iter().collect();
        slugs.extend(["clothes-bag", "tinned-food"]);
        slugs.sort();
        slugs
            .into_iter()
            .enumerate()
            .map(|(i, slug)| Category::for_test(i as i64 + 1, slug))
            .collect()
    }

    fn seed() -> PrioritySet {
        serde_json::from_str(include_str!("../../seeds/priorities.json")).expect("seed parses")
    }

    #[test]
    fn an_untouched_form_reads_back_as_the_same_set() {
        let seed = seed();
        let categories = catalogue(&seed);
        let form = form_values(Some(&seed), &categories);
        assert_eq!(to_set(&form, &categories, Some(&seed)), Ok(seed));
    }

    #[test]
    fn a_changed_form_keeps_known_order_and_drops_empty_tiers_and_seasons() {
        let seed = seed();
        let categories = catalogue(&seed);
        let mut form = form_values(Some(&seed), &categories);
        // Blankets move down to tier 2; clothes join tier 3; tents leave tier 1.
        form.values.insert("tier.blanket".into(), vec!["2".into()]);
        form.values
            .insert("tier.clothes-bag".into(), vec!["3".into()]);
        form.values.insert("tier3.weight".into(), vec!["5".into()]);
        for t in ["tent-2p", "tent-4p", "tent-family"] {
            form.values.insert(format!("tier.{t}"), vec![String::new()]);
        }
        form.values
            .insert("min.sleeping-bag".into(), vec!["usable".into()]);
        let set = to_set(&form, &categories, Some(&seed)).expect("reads");
        assert_eq!(set.tiers.len(), 3);
        assert_eq!(
            set.tiers[0].categories,
            vec!["sleeping-bag", "sleeping-bag-winter"]
        );
        assert_eq!(
            set.tiers[1].categories.last().map(String::as_str),
            Some("blanket")
        );
        assert_eq!(
            set.tiers[1].categories[0], "roll-mat",
            "the set's own order first"
        );
        assert_eq!(
            (set.tiers[2].weight, set.tiers[2].categories.clone()),
            (5, vec!["clothes-bag".to_string()])
        );
        assert_eq!(set.seasons.len(), 1, "the blank season is no season");
        assert_eq!(
            set.min_condition.get("sleeping-bag"),
            None,
            "usable goes unsaid"
        );
    }

    #[test]
    fn words_where_numbers_belong_are_named() {
        let seed = seed();
        let categories = catalogue(&seed);
        let mut form = form_values(Some(&seed), &categories);
        form.values
            .insert("tier1.weight".into(), vec!["lots".into()]);
        form.values
            .insert("season0.factor".into(), vec!["double".into()]);
        form.values
            .insert("stated_on".into(), vec!["September".into()]);
        let problems = to_set(&form, &categories, Some(&seed)).expect_err("refused");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[1].contains("Tier 1"), "{problems:?}");
        assert!(problems[2].contains("Season 1"), "{problems:?}");
    }

    #[test]
    fn seasons_read_as_days_of_the_year() {
        assert_eq!(month_day("11-01"), "1 Nov");
        assert_eq!(month_day("02-29"), "29 Feb");
        assert_eq!(month_day("13-01"), "13-01");
    }
}
