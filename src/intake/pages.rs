//! The intake form: one line per category with a quantity and a condition.

use crate::text::FreeText;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use maud::html;
use std::collections::HashMap;

use crate::auth::Actor;
use crate::catalog::{Category, Condition};
use crate::error::{AppError, AppResult};
use crate::idempotency::{self, IdempotencyKey};
use crate::intake::model::{self, IntakeRequest};
use crate::ledger::lines::LineRequest;
use crate::ledger::Quantity;
use crate::locations::{Location, LocationKind};
use crate::state::AppState;
use crate::web::{layout, page, see_other, Flash};

struct FormState {
    values: HashMap<String, String>,
    form_key: String,
}

fn new_form_key() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    hex::encode(bytes)
}

async fn load_choices(state: &AppState) -> AppResult<(Vec<Location>, Vec<Category>)> {
    state
        .db
        .read(|c| {
            Ok((
                crate::locations::store::all(c, Some(LocationKind::Warehouse.as_str()))?,
                crate::catalog::store::all(c)?,
            ))
        })
        .await
}

fn render(
    state: &AppState,
    actor: &Actor,
    warehouses: &[Location],
    categories: &[Category],
    form: &FormState,
    flash: Option<Flash>,
    status: StatusCode,
) -> HttpResponse {
    let v = |k: &str| form.values.get(k).cloned().unwrap_or_default();
    let today = state.clock.today().to_string();
    let received = form.values.get("received_on").cloned().unwrap_or(today);
    let body = html! {
        h1 { "Log an intake" }
        form method="post" action=(actor.form_action("/intake")) {
            input type="hidden" name="form_key" value=(form.form_key);
            div.field {
                label for="source" { "Source (festival or donor)" }
                input #source type="text" name="source" required maxlength="100" placeholder="glastonbury-2026" value=(v("source"));
            }
            div.field {
                label for="warehouse" { "Warehouse" }
                select #warehouse name="warehouse" required {
                    @for w in warehouses {
                        option value=(w.slug) selected[v("warehouse") == w.slug] { (w.name) }
                    }
                }
            }
            div.field {
                label for="received_on" { "Received on" }
                input #received_on type="date" name="received_on" required value=(received);
            }
            h2 { "What came in" }
            p.muted { "Leave a line empty for categories that did not come in." }
            @for c in categories {
                div.line {
                    label.name for={"q-" (c.slug)} { (c.name) }
                    input id={"q-" (c.slug)} type="number" inputmode="numeric" min="0" max="1000000" name={"q." (c.slug)} value=(v(&format!("q.{}", c.slug))) aria-label={"Quantity of " (c.name)};
                    select name={"c." (c.slug)} aria-label={"Condition of " (c.name)} {
                        @for cond in Condition::ALL {
                            option value=(cond.as_str()) selected[v(&format!("c.{}", c.slug)) == cond.as_str()] { (cond.as_str()) }
                        }
                    }
                }
            }
            div.field {
                label for="note" { "Note (optional; never names or numbers of people)" }
                input #note type="text" name="note" maxlength="500" value=(v("note"));
            }
            button type="submit" { "Save intake" }
        }
    };
    page(status, layout(Some(actor), "Intake", flash, body))
}

pub async fn form(state: web::Data<AppState>, actor: Actor) -> AppResult<HttpResponse> {
    let (warehouses, categories) = load_choices(&state).await?;
    let form = FormState {
        values: HashMap::new(),
        form_key: new_form_key(),
    };
    Ok(render(
        &state,
        &actor,
        &warehouses,
        &categories,
        &form,
        None,
        StatusCode::OK,
    ))
}

/// Turns the form fields into an intake request; lines left empty or 0 are skipped.
fn to_request(
    values: &HashMap<String, String>,
    categories: &[Category],
) -> Result<IntakeRequest, String> {
    let get = |k: &str| {
        values
            .get(k)
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let received_on = NaiveDate::parse_from_str(&get("received_on"), "%Y-%m-%d")
        .map_err(|_| "Received on must be a date like 2026-08-30.".to_string())?;
    let mut lines = Vec::new();
    for c in categories {
        let raw = get(&format!("q.{}", c.slug));
        if raw.is_empty() || raw == "0" {
            continue;
        }
        let n: i64 = raw
            .parse()
            .map_err(|_| format!("{}: '{raw}' is not a whole number.", c.name))?;
        let quantity = Quantity::parse(n).map_err(|e| format!("{}: {e}.", c.name))?;
        let condition = get(&format!("c.{}", c.slug))
            .parse::<Condition>()
            .map_err(|e| format!("{}: {e}.", c.name))?;
        lines.push(LineRequest {
            category: c.slug.clone(),
            condition,
            quantity,
        });
    }
    if lines.is_empty() {
        return Err("Enter a quantity for at least one category.".into());
    }
    let note = FreeText::parse_for(&get("note"), "Note")?;
    Ok(IntakeRequest {
        source: FreeText::parse_for(&get("source"), "Source")?,
        warehouse: get("warehouse"),
        received_on,
        lines,
        note: (!note.is_empty()).then_some(note),
    })
}

pub async fn submit(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let values: HashMap<String, String> = fields.into_inner().into_iter().collect();
    let (warehouses, categories) = load_choices(&state).await?;
    let form_key = values
        .get("form_key")
        .filter(|k| !k.is_empty() && k.len() <= 64 && k.bytes().all(|b| b.is_ascii_alphanumeric()))
        .cloned()
        .unwrap_or_else(new_form_key);
    let form = FormState {
        values: values.clone(),
        form_key: form_key.clone(),
    };
    let req = match to_request(&values, &categories) {
        Ok(r) => r,
        Err(msg) => {
            return Ok(render(
                &state,
                &actor,
                &warehouses,
                &categories,
                &form,
                Some(Flash::Error(msg)),
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let items: i64 = req.lines.iter().map(|l| l.quantity.get()).sum();
    let warehouse = req.warehouse.clone();
    // The form's hidden key makes a double tap or a resent form save once.
    let hash = format!(
        "page-intake:{}",
        serde_json::to_string(&req).unwrap_or_default()
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
                "/stock?location={warehouse}&saved={id}&items={items}"
            )))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => {
            let msg = match &e {
                AppError::Invalid { details, .. } => details
                    .iter()
                    .map(|d| d.message.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
                other => other.to_string(),
            };
            Ok(render(
                &state,
                &actor,
                &warehouses,
                &categories,
                &form,
                Some(Flash::Error(msg)),
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e),
    }
}
