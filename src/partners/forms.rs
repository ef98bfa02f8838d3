//! The partner pages' forms read into the model's requests. Every refusal is worded here,
//! through Fluent, for the volunteer who typed it, and names the input it sits beside
//! (the form's own input names: `code_name`, `qty:blanket:good`, `line:2`, `map:1`…),
//! all of them at once. The model checks again for the API; what it still refuses is
//! worded by `in_words`. The checks run inside the write's transaction, so what they
//! read cannot change before the write; the caller passes the reader's language in.

use chrono::{NaiveDate, NaiveDateTime};

use super::file::{self, Decision, FileProblem, Reason};
use super::key::{self, PublicKey};
use super::model::{self, Direction, TransferView};
use super::store;
use crate::catalog::{Condition, Slug};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, FieldError};
use crate::ledger::lines::LineRequest;
use crate::ledger::quantity::Quantity;
use crate::locations::{Location, LocationKind};
use crate::notes::NoteProblem;
use crate::t;
use crate::text::{FreeText, TextProblem};
use crate::web::form::{self, Values};

/// What is wrong so far, by input name, in the order the form shows them.
#[derive(Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn push(&mut self, field: impl Into<String>, message: String) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn finish(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::invalid_fields(self.0))
        }
    }
}

/// The longest partner code name (it becomes a place's code, `partner-<code>`).
const MAX_CODE_NAME: usize = 40;

/// A date from a date input: required, within `first..=last`.
fn date(
    values: &Values,
    key: &str,
    first: NaiveDate,
    last: NaiveDate,
    p: &mut Problems,
) -> Option<NaiveDate> {
    let raw = form::value(values, key);
    if raw.is_empty() {
        p.push(key, t!("partners-err-date-empty"));
        return None;
    }
    match NaiveDate::parse_from_str(&raw, "%Y-%m-%d") {
        Err(_) => {
            p.push(key, t!("partners-err-date-unreadable", typed = raw));
            None
        }
        Ok(d) if d < first || d > last => {
            p.push(
                key,
                t!("partners-err-date-range", first = first, last = last),
            );
            None
        }
        Ok(d) => Some(d),
    }
}

/// A count typed in a number input, 0 to `max`; empty is 0 unless `required`.
/// `what` names the row for the message ("Blanket (good)").
fn count(
    values: &Values,
    key: &str,
    max: i64,
    what: &str,
    required: bool,
    p: &mut Problems,
) -> Option<i64> {
    count_within(
        values,
        key,
        max,
        what,
        required,
        "partners-err-count-over",
        p,
    )
}

/// `count`, with `over` the message id for more than `max` (an accepted count is over
/// what the partner offered, not over what "there is").
fn count_within(
    values: &Values,
    key: &str,
    max: i64,
    what: &str,
    required: bool,
    over: &'static str,
    p: &mut Problems,
) -> Option<i64> {
    let raw = form::value(values, key);
    if raw.is_empty() {
        if required {
            p.push(key, t!("partners-err-count-empty", what = what));
            return None;
        }
        return Some(0);
    }
    match raw.parse::<i64>() {
        Err(_) => {
            p.push(key, t!("partners-err-count-unreadable", typed = raw));
            None
        }
        Ok(n) if n < 0 => {
            p.push(key, t!("partners-err-count-negative", what = what));
            None
        }
        Ok(n) if n > max => {
            let words = match over {
                "partners-err-count-offered" => {
                    t!("partners-err-count-offered", what = what, max = max)
                }
                _ => t!("partners-err-count-over", what = what, max = max),
            };
            p.push(key, words);
            None
        }
        Ok(n) => Some(n),
    }
}

/// A note or reason in words: no phone number, no e-mail address, not too long.
fn text_problem(p: &TextProblem) -> String {
    match p {
        TextProblem::ControlCharacter => t!("partners-err-text-control"),
        TextProblem::Note(NoteProblem::PhoneNumber) => t!("partners-err-text-phone"),
        TextProblem::Note(NoteProblem::EmailAddress) => t!("partners-err-text-email"),
        TextProblem::Note(NoteProblem::TooLong { max }) => {
            t!("partners-err-text-long", max = *max)
        }
    }
}

fn warehouse(conn: &mut DbConn, values: &Values, p: &mut Problems) -> AppResult<Option<Location>> {
    let slug = form::value(values, "warehouse");
    let found = crate::locations::store::find(conn, &slug)?
        .filter(|l| l.kind == LocationKind::Warehouse && l.archived_at.is_none());
    if found.is_none() {
        p.push("warehouse", t!("partners-err-warehouse"));
    }
    Ok(found)
}

/// The row's name for people: "Blanket (good)".
pub fn row_name(category: &str, condition: &str) -> String {
    t!(
        "partners-row-name",
        category = category,
        condition = super::pages::word("cond", condition)
    )
}

// ---- add a partner ----

pub fn new_partner(
    conn: &mut DbConn,
    values: &Values,
    now: NaiveDateTime,
) -> AppResult<model::NewPartnerRequest> {
    let mut p = Problems::default();
    let name = form::value(values, "name");
    if let Err(problem) = crate::text::check(&name, model::MAX_NAME_CHARS) {
        p.push("name", text_problem(&problem));
    }
    // Left empty, the code name is made from the name; one typed is checked as typed.
    let typed_code = form::value(values, "code_name");
    let derived = typed_code.is_empty();
    let code = if derived {
        crate::catalog::slug::slug_from_name(&name, MAX_CODE_NAME)
    } else {
        typed_code
    };
    let code_name = if derived && name.is_empty() {
        p.push("name", t!("partners-err-name-empty"));
        None
    } else if derived && code.is_empty() {
        p.push("code_name", t!("partners-err-code-from-name"));
        None
    } else if code.chars().count() > MAX_CODE_NAME {
        p.push(
            "code_name",
            t!("partners-err-code-long", max = MAX_CODE_NAME),
        );
        None
    } else {
        match Slug::parse(&code) {
            Err(_) => {
                p.push("code_name", t!("partners-err-code-shape", typed = &code));
                None
            }
            Ok(_) if store::partner_by_code(conn, &code)?.is_some() => {
                p.push("code_name", t!("partners-err-code-taken", partner = &code));
                None
            }
            Ok(_)
                if crate::locations::store::find(conn, &model::location_slug(&code))?.is_some() =>
            {
                p.push("code_name", t!("partners-err-code-place", partner = &code));
                None
            }
            Ok(slug) => Some(slug),
        }
    };
    let typed = form::value(values, "public_key");
    let public = if typed.is_empty() {
        p.push("public_key", t!("partners-err-key-empty"));
        None
    } else {
        match PublicKey::parse(&typed) {
            Err(_) => {
                p.push(
                    "public_key",
                    t!("partners-err-key-unreadable", prefix = "haul-key-1:"),
                );
                None
            }
            Ok(k) if k == key::load_or_create(conn, now)?.public() => {
                p.push("public_key", t!("partners-err-key-ours"));
                None
            }
            Ok(k) => match store::partner_by_key(conn, &k.hex())? {
                Some(other) => {
                    p.push(
                        "public_key",
                        t!(
                            "partners-err-key-taken",
                            partner = model::partner_name(conn, &other)?
                        ),
                    );
                    None
                }
                None => Some(k),
            },
        }
    };
    let direction = Direction::parse(&form::value(values, "direction"));
    if direction.is_none() {
        p.push("direction", t!("partners-err-direction"));
    }
    let today = now.date();
    let valid_until = date(
        values,
        "valid_until",
        today,
        today + chrono::Days::new(model::MAX_PARTNERSHIP_DAYS as u64),
        &mut p,
    );
    p.finish()?;
    match (code_name, public, direction, valid_until) {
        (Some(code_name), Some(public), Some(direction), Some(valid_until)) => {
            Ok(model::NewPartnerRequest {
                code_name,
                name: Some(name).filter(|n| !n.is_empty()),
                public_key: public.text(),
                direction,
                valid_until,
            })
        }
        _ => Err(AppError::Internal(
            "a checked partner form lost a field".into(),
        )),
    }
}

// ---- make an offer ----

/// One row of the offer sheet: a category and condition with stock free to offer.
#[derive(Debug, Clone)]
pub struct OfferRow {
    pub category: String,
    pub name: String,
    pub group: String,
    pub condition: Condition,
    pub free: i64,
}

impl OfferRow {
    pub fn input(&self) -> String {
        format!("qty:{}:{}", self.category, self.condition.as_str())
    }
}

/// What `warehouse` can offer: distributable stock less what is already held for runs
/// and accepted handovers (the rest cannot go to a partner as it is), by name, then by
/// condition from best to worst. `names` are the categories' names in the reader's
/// language.
pub fn offer_rows(
    conn: &mut DbConn,
    warehouse_id: i64,
    names: &std::collections::HashMap<String, String>,
) -> AppResult<Vec<OfferRow>> {
    let free = crate::runs::model::free_stock(conn, warehouse_id, &[])?;
    let cats = crate::catalog::store::all(conn)?;
    let mut rows: Vec<OfferRow> = free
        .into_iter()
        .filter(|((_, cond), q)| *q > 0 && cond.is_distributable())
        .filter_map(|((cat, condition), free)| {
            let c = cats.iter().find(|c| c.id == cat)?;
            Some(OfferRow {
                category: c.slug.clone(),
                name: names
                    .get(&c.slug)
                    .cloned()
                    .unwrap_or_else(|| c.name.clone()),
                group: c.group.clone(),
                condition,
                free,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.name.to_lowercase(), a.condition).cmp(&(b.name.to_lowercase(), b.condition))
    });
    Ok(rows)
}

pub fn offer(
    conn: &mut DbConn,
    values: &Values,
    names: &std::collections::HashMap<String, String>,
    now: NaiveDateTime,
) -> AppResult<model::OfferRequest> {
    let mut p = Problems::default();
    let today = now.date();
    let code = form::value(values, "partner");
    match store::partner_by_code(conn, &code)? {
        None => p.push("partner", t!("partners-err-partner-choose")),
        Some(partner) if partner.valid_until < today => p.push(
            "partner",
            t!(
                "partners-err-partner-ended",
                partner = model::partner_name(conn, &partner)?,
                date = partner.valid_until
            ),
        ),
        Some(partner)
            if !Direction::parse(&partner.direction)
                .is_some_and(|d| d.allows(super::states::Side::Give)) =>
        {
            p.push(
                "partner",
                t!(
                    "partners-err-partner-receive-only",
                    partner = model::partner_name(conn, &partner)?
                ),
            )
        }
        Some(_) => {}
    }
    let warehouse = warehouse(conn, values, &mut p)?;
    let expires_on = date(
        values,
        "expires_on",
        today,
        today + chrono::Days::new(model::MAX_OFFER_DAYS as u64),
        &mut p,
    );
    let rows = match &warehouse {
        Some(w) => offer_rows(conn, w.id, names)?,
        None => Vec::new(),
    };
    let mut lines = Vec::new();
    // A count for a row the sheet no longer shows (taken since the page was loaded).
    for (k, v) in values.iter() {
        if k.starts_with("qty:")
            && !rows.iter().any(|r| &r.input() == k)
            && !v.trim().is_empty()
            && v.trim() != "0"
        {
            p.push(k.clone(), t!("partners-err-row-gone"));
        }
    }
    for r in &rows {
        let what = row_name(&r.name, r.condition.as_str());
        if let Some(n) = count(values, &r.input(), r.free, &what, false, &mut p) {
            if let Ok(quantity) = Quantity::parse(n) {
                lines.push(LineRequest {
                    category: r.category.clone(),
                    condition: r.condition,
                    quantity,
                });
            }
        }
    }
    let typed_any = values
        .iter()
        .any(|(k, v)| k.starts_with("qty:") && !matches!(v.trim(), "" | "0"));
    if lines.is_empty() && !typed_any {
        p.push("lines", t!("partners-err-offer-nothing"));
    }
    if lines.len() > file::MAX_LINES {
        p.push(
            "lines",
            t!("partners-err-offer-too-many", max = file::MAX_LINES),
        );
    }
    let note = optional_note(values, &mut p);
    p.finish()?;
    match (warehouse, expires_on) {
        (Some(w), Some(expires_on)) => Ok(model::OfferRequest {
            partner: code,
            warehouse: w.slug,
            expires_on,
            lines,
            note,
        }),
        _ => Err(AppError::Internal(
            "a checked offer form lost a field".into(),
        )),
    }
}

/// The form's optional `note`, through the personal-data guard like every note.
fn optional_note(values: &Values, p: &mut Problems) -> Option<FreeText> {
    let typed_note: Result<FreeText, TextProblem> = FreeText::parse(&form::value(values, "note"));
    match typed_note {
        Ok(n) if n.is_empty() => None,
        Ok(n) => Some(n),
        Err(e) => {
            p.push("note", text_problem(&e));
            None
        }
    }
}

// ---- a handover's steps ----

/// Per shown line, its count: `limit` of the line is the most it may be; at least one
/// must be more than 0 (`nothing` says what to do otherwise).
fn line_counts(
    t: &TransferView,
    values: &Values,
    limit: fn(&model::LineView) -> i64,
    nothing: String,
    over: &'static str,
    p: &mut Problems,
) -> Vec<model::LineQuantity> {
    let mut out = Vec::new();
    for l in t.lines.iter().filter(|l| limit(l) > 0) {
        let key = format!("line:{}", l.line);
        let what = row_name(&l.name, l.condition.as_str());
        if let Some(q) = count_within(values, &key, limit(l), &what, false, over, p) {
            out.push(model::LineQuantity {
                line: l.line,
                quantity: q,
            });
        }
    }
    let typed_any = t.lines.iter().any(|l| {
        !matches!(
            form::value(values, &format!("line:{}", l.line)).as_str(),
            "" | "0"
        )
    });
    if !typed_any {
        p.push("lines", nothing);
    }
    out
}

pub fn answer(
    t: &TransferView,
    values: &Values,
    decision: Decision,
) -> AppResult<model::AnswerRequest> {
    if decision == Decision::Decline {
        return Ok(model::AnswerRequest {
            decision,
            lines: Vec::new(),
        });
    }
    let mut p = Problems::default();
    let lines = line_counts(
        t,
        values,
        |l| l.offered,
        t!("partners-err-accept-nothing"),
        "partners-err-count-offered",
        &mut p,
    );
    p.finish()?;
    Ok(model::AnswerRequest { decision, lines })
}

pub fn dispatch(
    t: &TransferView,
    values: &Values,
    extra: bool,
) -> AppResult<model::DispatchRequest> {
    let mut p = Problems::default();
    let nothing = if extra {
        t!("partners-err-extra-nothing")
    } else {
        t!("partners-err-dispatch-nothing")
    };
    let lines = if extra {
        line_counts(
            t,
            values,
            |l| l.unsent,
            nothing,
            "partners-err-count-over",
            &mut p,
        )
    } else {
        line_counts(
            t,
            values,
            |l| l.accepted.unwrap_or(0),
            nothing,
            "partners-err-count-over",
            &mut p,
        )
    };
    p.finish()?;
    Ok(model::DispatchRequest { lines })
}

pub fn lost(values: &Values) -> AppResult<model::LostRequest> {
    let mut p = Problems::default();
    let typed = form::value(values, "reason");
    let reason = if typed.is_empty() {
        p.push("reason", t!("partners-err-lost-why"));
        None
    } else {
        FreeText::<200>::parse(&typed)
            .map_err(|e| p.push("reason", text_problem(&e)))
            .ok()
    };
    p.finish()?;
    reason
        .map(|reason| model::LostRequest { reason })
        .ok_or_else(|| AppError::Internal("a checked reason was lost".into()))
}

/// The receipt form: where, when, and per line what arrived, in what condition, why it
/// differs; a partner's category not yet ours must be mapped before anything arrives
/// through it.
pub fn receive(
    conn: &mut DbConn,
    t: &TransferView,
    values: &Values,
    today: NaiveDate,
) -> AppResult<(Vec<model::MappingRequest>, model::ReceiveRequest)> {
    let mut p = Problems::default();
    let warehouse = warehouse(conn, values, &mut p)?;
    let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
    let received_on = date(
        values,
        "received_on",
        earliest,
        today.succ_opt().unwrap_or(today),
        &mut p,
    );
    let ours = crate::catalog::store::by_slug(conn)?;
    let mut maps = Vec::new();
    let mut lines = Vec::new();
    for l in &t.lines {
        let n = l.line;
        let sent = l.dispatched.unwrap_or(0);
        let what = row_name(&l.name, l.condition.as_str());
        let received = count(values, &format!("line:{n}"), 1_000_000, &what, true, &mut p);
        let condition = form::value(values, &format!("condition:{n}"))
            .parse::<Condition>()
            .map_err(|_| {
                p.push(
                    format!("condition:{n}"),
                    t!("partners-err-condition", what = &what),
                )
            })
            .ok();
        let typed_reason = form::value(values, &format!("reason:{n}"));
        let reason = if typed_reason.is_empty() {
            None
        } else {
            let r = Reason::parse(&typed_reason);
            if r.is_none() {
                p.push(format!("reason:{n}"), t!("partners-err-reason-choose"));
            }
            r
        };
        if let (Some(received), Some(condition)) = (received, condition) {
            let changed = condition != l.condition;
            // A reason left blank must be one `None` fits (no difference at all); one
            // chosen must agree with the count: 28 of 30 is never "extra". (A reason
            // that is no reason was said above.)
            let chosen_or_blank = reason.is_some() || typed_reason.is_empty();
            if chosen_or_blank && !Reason::fits(reason, sent, received, changed) {
                let problem = match reason {
                    None => t!(
                        "partners-err-reason-needed",
                        what = &what,
                        sent = sent,
                        received = received
                    ),
                    Some(r) => {
                        let fitting: Vec<String> = Reason::fitting(sent, received, changed)
                            .into_iter()
                            .map(|r| super::pages::word("reason", r.as_str()))
                            .collect();
                        let fitting = if fitting.is_empty() {
                            t!("partners-reason-none")
                        } else {
                            fitting.join(" / ")
                        };
                        t!(
                            "partners-err-reason-misfit",
                            what = &what,
                            sent = sent,
                            received = received,
                            reason = super::pages::word("reason", r.as_str()),
                            fitting = fitting
                        )
                    }
                };
                p.push(format!("reason:{n}"), problem);
            }
            if l.our_category.is_none() {
                let map = form::value(values, &format!("map:{n}"));
                if map.is_empty() {
                    if received > 0 {
                        p.push(
                            format!("map:{n}"),
                            t!("partners-err-map-needed", what = &l.name),
                        );
                    }
                } else if !ours.contains_key(&map) {
                    p.push(format!("map:{n}"), t!("partners-err-map-unknown"));
                } else if let (Ok(their_category), Ok(category)) =
                    (Slug::parse(&l.category), Slug::parse(&map))
                {
                    maps.push(model::MappingRequest {
                        their_category,
                        category,
                    });
                }
            }
            lines.push(model::ReceiveLine {
                line: n,
                received,
                condition,
                reason,
            });
        }
    }
    let note = optional_note(values, &mut p);
    p.finish()?;
    match (warehouse, received_on) {
        (Some(w), Some(received_on)) => Ok((
            maps,
            model::ReceiveRequest {
                warehouse: w.slug,
                received_on,
                lines,
                note,
            },
        )),
        _ => Err(AppError::Internal(
            "a checked receipt form lost a field".into(),
        )),
    }
}

// ---- importing a file ----

/// The refusals of a file a volunteer can understand before the model reads it: not a
/// Haul file, unsigned, changed, from a stranger, from an ended partnership, meant for
/// another collective. A file already imported passes (it is replayed, not refused).
pub fn import(conn: &mut DbConn, text: &str, now: NaiveDateTime) -> AppResult<()> {
    let refuse = |m: String| Err(AppError::invalid("file", m));
    let opened = match file::open(text) {
        Ok(o) => o,
        Err(FileProblem::Malformed(_)) => return refuse(t!("partners-err-file-not-haul")),
        Err(FileProblem::Unsigned) => return refuse(t!("partners-err-file-unsigned")),
        Err(FileProblem::BadSignature) => return refuse(t!("partners-err-file-changed")),
    };
    if opened.signer == key::load_or_create(conn, now)?.public() {
        return refuse(t!(
            "partners-err-file-own",
            kind = super::pages::word("kind", opened.body.content.kind().as_str())
        ));
    }
    if store::file_by_sha(conn, &opened.sha)?.is_some() {
        return Ok(());
    }
    let Some(partner) = store::partner_by_key(conn, &opened.signer.hex())? else {
        return refuse(t!(
            "partners-err-file-stranger",
            fingerprint = opened.signer.fingerprint()
        ));
    };
    if partner.valid_until < now.date() {
        return refuse(t!(
            "partners-err-file-ended",
            partner = model::partner_name(conn, &partner)?,
            date = partner.valid_until
        ));
    }
    if opened.body.to != key::load_or_create(conn, now)?.public().fingerprint() {
        return refuse(t!("partners-err-file-not-ours"));
    }
    Ok(())
}

// ---- what the model still refuses ----

/// A model refusal in the reader's words, beside `here` when it names no input the form
/// shows (`lines[0]` and the like are the API's names). Called where the language is set.
pub fn in_words(e: AppError, here: &str) -> AppError {
    let one = |field: &str, m: String| AppError::invalid(field, m);
    match e {
        AppError::Conflict { code, .. } => match code {
            "out_of_order" => one("", t!("partners-err-out-of-order")),
            "insufficient_stock" => one("lines", t!("partners-err-stock-changed")),
            "wrong_transfer" => one(here, t!("partners-err-file-wrong-handover")),
            _ => one(here, t!("partners-err-conflict")),
        },
        AppError::Invalid { details, .. } => {
            let fields: Vec<FieldError> = details
                .into_iter()
                .map(|d| {
                    let field = if d.field.contains('[') || d.field.is_empty() {
                        here.to_string()
                    } else {
                        d.field
                    };
                    FieldError::new(field, t!("partners-err-refused"))
                })
                .collect();
            AppError::invalid_fields(fields)
        }
        AppError::NotFound(_) | AppError::BadRequest(_) | AppError::BadJson(_) => {
            one(here, t!("partners-err-refused"))
        }
        other => other,
    }
}

/// The form-key refusal in words (`web::form` words it in English only).
pub fn key_missing() -> FieldError {
    FieldError::new("form_key", t!("partners-err-form-key"))
}
