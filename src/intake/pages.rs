//! The intake form, built for a phone at the unit door: the categories this warehouse
//! collects most come first (the rest behind "More categories"), each with one small
//! box per condition so "8 good, 4 needs-drying" is one line; the volunteer's last
//! source and warehouse and today's date are filled in.
//!
//! Stable hooks for browser tests: `#source`, `#warehouse`, `#received_on`, per
//! category and condition `#q-{slug}-{condition}` (name `q.{slug}.{condition}`),
//! `details#more-categories`, `#note`, `#save-intake`; errors `#{field}-error`.

use crate::text::FreeText;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use maud::{html, Markup};
use std::collections::HashMap;

use crate::auth::Actor;
use crate::catalog::{Category, Condition};
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey};
use crate::intake::model::{self, IntakeRequest};
use crate::ledger::lines::LineRequest;
use crate::ledger::quantity::MAX_QUANTITY;
use crate::ledger::{Cause, Quantity};
use crate::locations::{Location, LocationKind};
use crate::state::AppState;
use crate::t;
use crate::web::form::FormErrors;
use crate::web::words;
use crate::web::{layout, page, see_other, Flash};

/// Categories shown before "More categories": enough for a festival's usual haul,
/// few enough that the form stays short on a phone.
const SHOWN_CATEGORIES: usize = 6;
/// Recent sources offered under the Source box (a `<datalist>`: no JavaScript).
const OFFERED_SOURCES: usize = 20;
/// Recent sources a typed one is compared with (see `known_spelling`).
const KNOWN_SOURCES: usize = 200;

struct FormState {
    values: HashMap<String, String>,
    form_key: String,
    /// What is wrong, by field id (`q-tent-2p-good`, `source`).
    errors: FormErrors,
}

fn new_form_key() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    hex::encode(bytes)
}

struct Choices {
    warehouses: Vec<Location>,
    /// Most collected at the chosen warehouse first, then by name.
    categories: Vec<Category>,
    /// The volunteer's last intake: (source, warehouse slug).
    last: Option<(String, String)>,
    /// Sources of recent intakes, newest first, each spelling once.
    sources: Vec<String>,
}

/// Warehouses, the catalogue ordered for `warehouse` (or the volunteer's last one),
/// and the volunteer's last (source, warehouse).
async fn load_choices(
    state: &AppState,
    actor: &Actor,
    warehouse: Option<String>,
) -> AppResult<Choices> {
    let handle = actor.handle.clone();
    let lang = crate::i18n::Lang::current();
    state
        .db
        .read(move |c| {
            let warehouses =
                crate::locations::store::all(c, Some(LocationKind::Warehouse.as_str()))?;
            let last = super::store::last_by(c, &handle)?;
            let sources = super::store::recent_sources(c, KNOWN_SOURCES)?;
            let chosen = warehouse
                .or_else(|| last.as_ref().map(|(_, w)| w.clone()))
                .and_then(|slug| warehouses.iter().find(|w| w.slug == slug))
                .or(warehouses.first())
                .map(|w| w.id);
            let counts = match chosen {
                Some(id) => crate::ledger::store::use_by_category(c, id, Cause::Intake.as_str())?,
                None => HashMap::new(),
            };
            let mut categories = crate::catalog::store::all(c)?;
            // Names in the reader's language, before ordering by name.
            let names = crate::catalog::names::in_lang(c, lang)?;
            for x in categories.iter_mut() {
                if let Some(n) = names.get(&x.slug) {
                    x.name.clone_from(n);
                }
            }
            crate::ledger::store::sort_by_use(&mut categories, &counts);
            Ok(Choices {
                warehouses,
                categories,
                last,
                sources,
            })
        })
        .await
}

fn by_name(categories: &[Category]) -> Vec<&Category> {
    let mut list: Vec<&Category> = categories.iter().collect();
    list.sort_by_cached_key(|c| crate::ledger::pages::name_key(&c.name));
    list
}

fn qty_field(c: &Category, cond: Condition) -> String {
    format!("q.{}.{}", c.slug, cond.as_str())
}

fn qty_id(c: &Category, cond: Condition) -> String {
    format!("q-{}-{}", c.slug, cond.as_str())
}

fn category_line(c: &Category, form: &FormState) -> Markup {
    let v = |k: &str| form.values.get(k).cloned().unwrap_or_default();
    html! {
        fieldset.intake-line {
            legend.name { (c.name) }
            div.conds {
                @for cond in Condition::ALL {
                    @let id = qty_id(c, cond);
                    // The error sits in the box's own cell, beside what it is about.
                    div {
                        label for=(id) { (crate::catalog::Condition::label_of(cond.as_str())) }
                        input id=(id) type="number" inputmode="numeric" min="0" max="1000000"
                            name=(qty_field(c, cond)) value=(v(&qty_field(c, cond)))
                            aria-invalid=[form.errors.invalid(&id)] aria-describedby=[form.errors.described_by(&id)];
                        (form.errors.beside_tied(&id))
                    }
                }
            }
        }
    }
}

fn render(
    state: &AppState,
    actor: &Actor,
    choices: &Choices,
    form: &FormState,
    flash: Option<Flash>,
    status: StatusCode,
) -> HttpResponse {
    let v = |k: &str| form.values.get(k).cloned().unwrap_or_default();
    let last_source = choices.last.as_ref().map(|(s, _)| s.clone());
    let last_warehouse = choices.last.as_ref().map(|(_, w)| w.clone());
    let source = form
        .values
        .get("source")
        .cloned()
        .or(last_source)
        .unwrap_or_default();
    let warehouse = form
        .values
        .get("warehouse")
        .cloned()
        .or(last_warehouse)
        .unwrap_or_default();
    let received = form
        .values
        .get("received_on")
        .cloned()
        .unwrap_or_else(|| state.clock.today().to_string());
    let (shown, more) = choices
        .categories
        .split_at(choices.categories.len().min(SHOWN_CATEGORIES));
    // A value typed under "More categories" stays in view when the form comes back.
    let more_open = more.iter().any(|c| {
        Condition::ALL
            .iter()
            .any(|k| !v(&qty_field(c, *k)).trim().is_empty())
    });
    let err = &form.errors;
    let body = html! {
        h1 { (t!("intake-heading")) }
        form #intake-form method="post" data-offline="intake" novalidate action="/intake" {
            (crate::web::form::csrf_field(actor))
            input type="hidden" name="form_key" value=(form.form_key);
            div.field {
                label for="source" { (t!("intake-source")) }
                // The example is help under the box, never a placeholder: a grey value in
                // an empty box reads as already filled in.
                input #source type="text" name="source" required maxlength="100" dir="auto" value=(source)
                    list="recent-sources" autocomplete="off"
                    aria-invalid=[err.invalid("source")]
                    aria-describedby=(err.described_by("source").map_or_else(|| "source-hint".to_string(), |e| format!("source-hint {e}")));
                p.muted.hint #source-hint { (t!("intake-source-example")) }
                datalist #recent-sources {
                    @for s in choices.sources.iter().take(OFFERED_SOURCES) { option value=(s) {} }
                }
                (err.beside_tied("source"))
            }
            div.field {
                label for="warehouse" { (t!("intake-warehouse")) }
                select #warehouse name="warehouse" required
                    aria-invalid=[err.invalid("warehouse")] aria-describedby=[err.described_by("warehouse")] {
                    @for w in &choices.warehouses {
                        option value=(w.slug) selected[warehouse == w.slug] { (w.name) }
                    }
                }
                (err.beside_tied("warehouse"))
            }
            div.field {
                label for="received_on" { (t!("intake-received-on")) }
                input #received_on type="date" name="received_on" required value=(received)
                    aria-invalid=[err.invalid("received_on")] aria-describedby=[err.described_by("received_on")];
                (err.beside_tied("received_on"))
            }
            h2 #what-came-in { (t!("intake-what-came-in")) }
            p.muted { (t!("intake-what-came-in-help")) }
            (err.beside_tied("lines"))
            @for c in shown { (category_line(c, form)) }
            @if !more.is_empty() {
                details.more-categories #more-categories open[more_open] {
                    summary { (t!("intake-more", n = more.len())) }
                    // Rarely collected here: by group, then by name, to be found by eye.
                    @for (group, of) in crate::catalog::model::grouped(by_name(more)) {
                        h3.group-name { (crate::catalog::model::CategoryGroup::label_of(group)) }
                        @for c in of { (category_line(c, form)) }
                    }
                }
            }
            div.field {
                label for="note" { (t!("intake-note")) }
                input #note type="text" name="note" maxlength="500" dir="auto" value=(v("note"))
                    aria-invalid=[err.invalid("note")] aria-describedby=[err.described_by("note")];
                (err.beside_tied("note"))
            }
            button #save-intake type="submit" { (t!("intake-save")) }
        }
    };
    page(
        status,
        layout(Some(actor), &t!("intake-title"), flash, body),
    )
}

pub async fn form(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    let choices = load_choices(&state, &actor, None).await?;
    let form = FormState {
        values: HashMap::new(),
        form_key: new_form_key(),
        errors: FormErrors::default(),
    };
    Ok(render(
        &state,
        &actor,
        &choices,
        &form,
        None,
        StatusCode::OK,
    ))
}

/// A category's name with a condition: in brackets, unless the name ends with its own
/// ("Tent (2 person) · Good", not "Tent (2 person) (Good)").
fn with_condition(name: &str, condition: &str) -> String {
    if name.trim_end().ends_with(')') {
        format!("{name} · {condition}")
    } else {
        format!("{name} ({condition})")
    }
}

/// The top of a refused intake: every error as a link to its box, in the form's order
/// (a count box named by its category and condition), so the volunteer is taken from
/// the top of a long form to each box to put right.
fn error_summary(headline: String, errors: &FormErrors, categories: &[Category]) -> Flash {
    let mut listed = Vec::new();
    let mut take = |id: &str, target: Option<&str>, label: Option<String>| {
        for e in errors.0.iter().filter(|e| e.field == id) {
            let message = match &label {
                Some(l) => t!("form-error-in", field = l, problem = &e.message),
                None => e.message.clone(),
            };
            listed.push((target.map(str::to_string), message));
        }
    };
    for id in ["source", "warehouse", "received_on"] {
        take(id, Some(id), None);
    }
    take("lines", Some("what-came-in"), None);
    for c in categories {
        for cond in Condition::ALL {
            let id = qty_id(c, cond);
            let label = with_condition(&c.name, &Condition::label(cond));
            take(&id, Some(&id), Some(label));
        }
        take(&format!("q-{}", c.slug), None, Some(c.name.clone()));
    }
    take("note", Some("note"), None);
    crate::web::form::error_summary(headline, listed)
}

/// Where each line of the request came from on the form, so an error the domain finds
/// in `lines[i]` is shown beside the box it was typed in.
type LineFields = Vec<String>;

/// Turns the form fields into an intake request; empty boxes are skipped. Errors are
/// keyed by the id of the field they concern (`lines` when no box was filled).
fn to_request(
    values: &HashMap<String, String>,
    categories: &[Category],
) -> Result<(IntakeRequest, LineFields), HashMap<String, String>> {
    let get = |k: &str| {
        values
            .get(k)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let mut errors = HashMap::new();
    let received_on = NaiveDate::parse_from_str(&get("received_on"), "%Y-%m-%d")
        .map_err(|_| errors.insert("received_on".to_string(), t!("intake-error-date")))
        .ok();
    // A box for a category the catalogue does not have (an old form, a script) is an
    // error, never silently dropped.
    for key in values.keys() {
        if let Some(rest) = key.strip_prefix("q.") {
            let slug = rest.split('.').next().unwrap_or(rest);
            let known = categories.iter().any(|c| c.slug == slug);
            if !known && !get(key).is_empty() {
                errors.insert(
                    "lines".to_string(),
                    t!("intake-error-category", category = slug),
                );
            }
        }
    }
    let mut lines = Vec::new();
    let mut fields = Vec::new();
    let mut add = |c: &Category, cond_raw: String, raw: String, id: String| {
        // Empty and 0 both mean none of it; only what is not a count is refused.
        let quantity = match crate::web::form::whole_number(&raw, 0, MAX_QUANTITY) {
            _ if raw.is_empty() => return,
            Ok(0) => return,
            Ok(n) => Quantity::parse(n).map_err(|_| t!("number-at-most", max = MAX_QUANTITY)),
            Err(m) => Err(m),
        };
        // A condition the form never offers (an old form, a script) is named as sent.
        let condition = cond_raw.parse::<Condition>().map_err(|_| {
            t!(
                "handouts-error-in",
                field = &c.name,
                problem = crate::catalog::Condition::label_of(&cond_raw)
            )
        });
        match (quantity, condition) {
            (Ok(quantity), Ok(condition)) => {
                lines.push(LineRequest {
                    category: c.slug.clone(),
                    condition,
                    quantity,
                });
                fields.push(id);
            }
            (Err(m), _) | (_, Err(m)) => {
                errors.insert(id, m);
            }
        }
    };
    for c in categories {
        for cond in Condition::ALL {
            add(
                c,
                cond.as_str().to_string(),
                get(&qty_field(c, cond)),
                qty_id(c, cond),
            );
        }
        // The one-line form of earlier versions (and scripts): `q.{slug}` + `c.{slug}`.
        let single = get(&format!("q.{}", c.slug));
        let id = format!("q-{}", c.slug);
        add(c, get(&format!("c.{}", c.slug)), single, id);
    }
    if lines.is_empty() && errors.is_empty() {
        errors.insert("lines".to_string(), t!("intake-error-empty"));
    }
    let note = words::note(&get("note"))
        .map_err(|m| errors.insert("note".to_string(), m))
        .ok();
    let source = FreeText::parse(&get("source"))
        .map_err(|p| {
            let m = words::text_problem(&t!("field-source"), &p);
            errors.insert("source".to_string(), m)
        })
        .ok();
    // Said with the other errors, in the volunteer's words (the domain's own check
    // comes only after every other field is right, and in English).
    if get("source").trim().is_empty() {
        errors.insert("source".to_string(), t!("intake-error-source-empty"));
    }
    match (received_on, source, note) {
        (Some(received_on), Some(source), Some(note)) if errors.is_empty() => Ok((
            IntakeRequest {
                source,
                warehouse: get("warehouse"),
                received_on,
                lines,
                note: (!note.is_empty()).then_some(note),
            },
            fields,
        )),
        _ => Err(errors),
    }
}

/// A source as a report should group it: letters and digits only, in lower case, so
/// "Boomtown 2026", "boomtown-2026" and "BOOMTOWN_2026" are one festival.
fn source_key(source: &str) -> String {
    source
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The spelling already in use (the most recent of `known`) for a source typed with
/// other case, spaces or punctuation. Free text makes "Boomtown 2026" and
/// "boomtown-2026" two festivals in every report and in the collect list; a volunteer
/// typing on a phone at a gate means one. So the form writes what is already there
/// (the saved message names the source as written). Anything else that differs
/// (another year, another word) is a new source. Only the form does this: the API and CSV imports keep what a
/// program sent, exactly.
fn known_spelling<'a>(typed: &str, known: &'a [String]) -> Option<&'a str> {
    let key = source_key(typed);
    if key.is_empty() {
        return None;
    }
    known
        .iter()
        .find(|k| source_key(k) == key)
        .map(String::as_str)
        .filter(|k| *k != typed)
}

/// The domain's field errors (`source`, `lines[2].quantity`, …) keyed by form field id.
/// The refusals a volunteer can meet from the form are said in their language; the
/// rest (a tampered form) keep the domain's English words.
fn errors_by_field(e: &AppError, fields: &LineFields, warehouse: &str) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    let mut put = |k: String, m: String| {
        out.entry(k)
            .and_modify(|v| {
                v.push(' ');
                v.push_str(&m);
            })
            .or_insert(m);
    };
    match e {
        AppError::Invalid { details, .. } => {
            for d in details {
                let key = d
                    .field
                    .strip_prefix("lines[")
                    .and_then(|r| r.split(']').next())
                    .and_then(|i| i.parse::<usize>().ok())
                    .and_then(|i| fields.get(i).cloned())
                    .unwrap_or_else(|| match d.field.as_str() {
                        f @ ("source" | "warehouse" | "received_on" | "note") => f.to_string(),
                        _ => "lines".to_string(),
                    });
                let message = match d.field.as_str() {
                    "received_on" => t!("intake-error-date-range"),
                    "warehouse" => t!("intake-error-warehouse", warehouse = warehouse),
                    _ => d.message.clone(),
                };
                put(key, message);
            }
        }
        other => put("lines".to_string(), other.to_string()),
    }
    out
}

pub async fn submit(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let values: HashMap<String, String> = fields.into_inner().into_iter().collect();
    let choices = load_choices(&state, &actor, values.get("warehouse").cloned()).await?;
    let form_key = values
        .get("form_key")
        .filter(|k| !k.is_empty() && k.len() <= 64 && k.bytes().all(|b| b.is_ascii_alphanumeric()))
        .cloned()
        .unwrap_or_else(new_form_key);
    let refuse = |errors: HashMap<String, String>| {
        let n = errors.len();
        let form = FormState {
            values: values.clone(),
            form_key: form_key.clone(),
            errors: FormErrors(
                errors
                    .into_iter()
                    .map(|(id, m)| crate::error::FieldError::new(id, m))
                    .collect(),
            ),
        };
        let msg = t!("intake-refused", n = n);
        let summary = error_summary(msg, &form.errors, &choices.categories);
        render(
            &state,
            &actor,
            &choices,
            &form,
            Some(summary),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let (mut req, line_fields) = match to_request(&values, &choices.categories) {
        Ok(r) => r,
        Err(errors) => return Ok(refuse(errors)),
    };
    if let Some(known) = known_spelling(&req.source, &choices.sources) {
        if let Ok(source) = known.parse() {
            req.source = source;
        }
    }
    let warehouse = req.warehouse.clone();
    // The form's hidden key makes a double tap or a resent form save once. The lines
    // are hashed in a fixed order: the form's order follows what was collected, which
    // the first save itself changes.
    let mut canonical = req.clone();
    canonical
        .lines
        .sort_by(|a, b| (&a.category, a.condition).cmp(&(&b.category, b.condition)));
    let hash = format!(
        "page-intake:{}",
        serde_json::to_string(&canonical).unwrap_or_default()
    );
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let result = idempotency::once(
        &state,
        &actor,
        IdempotencyKey(Some(format!("form-{form_key}"))),
        hash,
        move |c| model::record(c, &req, &handle, now),
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
            Ok(see_other(&format!(
                "/stock?location={warehouse}&intake={id}"
            )))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            Ok(refuse(errors_by_field(&e, &line_fields, &warehouse)))
        }
        Err(e) => Err(e),
    }
}

/// The message after an intake, naming what came in: shown on the stock page it leads
/// to, and only to the volunteer who logged it.
pub async fn saved_message(state: &AppState, actor: &Actor, id: i64) -> AppResult<Option<Flash>> {
    let lang = crate::i18n::Lang::current();
    let summary = state
        .db
        .read(move |c| Ok(super::store::summary(c, id, lang)?))
        .await?;
    Ok(summary.filter(|s| s.actor == actor.handle).map(|s| {
        let items: i64 = s.lines.iter().map(|l| l.2).sum();
        let lines: Vec<(String, String, i64)> = s
            .lines
            .iter()
            .map(|(name, condition, n)| {
                (
                    name.clone(),
                    crate::catalog::Condition::label_of(condition),
                    *n,
                )
            })
            .collect();
        Flash::Ok(t!(
            "intake-saved",
            n = items,
            source = &s.source,
            warehouse = &s.warehouse_name,
            lines = crate::web::polish::lines_in_words(&lines)
        ))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue() -> Vec<Category> {
        ["tent-2p", "bike"]
            .iter()
            .enumerate()
            .map(|(i, slug)| Category::for_test(i as i64 + 1, slug))
            .collect()
    }

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        let mut v: HashMap<String, String> = [
            ("source", "glastonbury-2026"),
            ("warehouse", "unit-south"),
            ("received_on", "2026-08-30"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        v.extend(pairs.iter().map(|(k, x)| (k.to_string(), x.to_string())));
        v
    }

    #[test]
    fn several_conditions_of_one_category_are_several_lines() {
        let (req, fields) = to_request(
            &form(&[
                ("q.tent-2p.good", "8"),
                ("q.tent-2p.needs-drying", "4"),
                ("q.bike.needs-repair", " 5 "),
                ("q.bike.good", ""),
            ]),
            &catalogue(),
        )
        .expect("a valid form");
        let lines: Vec<(String, &str, i64)> = req
            .lines
            .iter()
            .map(|l| (l.category.clone(), l.condition.as_str(), l.quantity.get()))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("tent-2p".to_string(), "good", 8),
                ("tent-2p".to_string(), "needs-drying", 4),
                ("bike".to_string(), "needs-repair", 5),
            ]
        );
        assert_eq!(
            fields,
            vec![
                "q-tent-2p-good",
                "q-tent-2p-needs-drying",
                "q-bike-needs-repair"
            ]
        );
    }

    #[test]
    fn bad_boxes_are_named_by_their_field() {
        let errors = to_request(
            &form(&[
                ("q.tent-2p.good", "0"),
                ("q.bike.usable", "-3"),
                ("q.tent-2p.usable", "two"),
            ]),
            &catalogue(),
        )
        .expect_err("refused");
        // 0 means none: only what is not a count is refused.
        assert!(!errors.contains_key("q-tent-2p-good"), "{errors:?}");
        assert!(errors.contains_key("q-bike-usable"), "{errors:?}");
        assert!(errors["q-tent-2p-usable"].contains("“two”"), "{errors:?}");
        // Only zeros: one error for the form, none beside the boxes.
        let errors = to_request(
            &form(&[("q.tent-2p.good", "0"), ("q.bike.usable", " 0 ")]),
            &catalogue(),
        )
        .expect_err("refused");
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["lines"], "{errors:?}");
        let errors =
            to_request(&form(&[("q.unicorn.good", "3")]), &catalogue()).expect_err("refused");
        assert!(errors["lines"].contains("unicorn"), "{errors:?}");
        let errors = to_request(&form(&[]), &catalogue()).expect_err("refused");
        assert!(errors.contains_key("lines"), "{errors:?}");
    }

    #[test]
    fn a_source_typed_another_way_takes_the_known_spelling() {
        let known = vec!["Boomtown 2026".to_string(), "glastonbury-2026".to_string()];
        assert_eq!(
            known_spelling("boomtown-2026", &known),
            Some("Boomtown 2026")
        );
        assert_eq!(
            known_spelling(" BOOMTOWN_2026", &known),
            Some("Boomtown 2026")
        );
        assert_eq!(
            known_spelling("Glastonbury 2026", &known),
            Some("glastonbury-2026")
        );
        assert_eq!(known_spelling("Boomtown 2026", &known), None, "already so");
        assert_eq!(
            known_spelling("boomtown-2025", &known),
            None,
            "another year"
        );
        assert_eq!(known_spelling("---", &known), None);
    }

    #[test]
    fn the_one_line_form_still_works() {
        let (req, _) = to_request(
            &form(&[("q.bike", "2"), ("c.bike", "usable")]),
            &catalogue(),
        )
        .expect("valid");
        assert_eq!(req.lines.len(), 1);
        assert_eq!(req.lines[0].condition, Condition::Usable);
    }
}
