//! Partner collectives and their handovers: adding a partner, each side's own steps
//! (offer, answer, withdraw, dispatch, receive, declare lost) and importing the
//! partner's signed files. Every function runs inside one write transaction, so a
//! refusal leaves nothing behind.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use super::facts::{EventFacts, ShortLine};
use super::file::{self, Body, Content, Counted, Decision, Kind, Opened, Reason};
use super::key::{self, CollectiveKey, PublicKey};
use super::states::{self, Side, State, Step};
use super::store::{self, NewPartner, NewTransfer, Partner, Transfer, TransferLine};
use crate::catalog::{Condition, Slug};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, FieldError};
use crate::ledger::lines::{LineRequest, Lookup};
use crate::ledger::{Cause, Change, Movement};
use crate::locations::LocationKind;
use crate::text::FreeText;

/// How far ahead an offer may run, and a partnership be agreed.
pub const MAX_OFFER_DAYS: i64 = 90;
pub const MAX_PARTNERSHIP_DAYS: i64 = 5 * 366;
/// The longest partner name (a place's name).
pub const MAX_NAME_CHARS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// We give to them.
    Give,
    /// We receive from them.
    Receive,
    Both,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Give => "give",
            Direction::Receive => "receive",
            Direction::Both => "both",
        }
    }
    pub fn parse(s: &str) -> Option<Direction> {
        [Direction::Give, Direction::Receive, Direction::Both]
            .into_iter()
            .find(|d| d.as_str() == s)
    }
    pub fn allows(self, side: Side) -> bool {
        matches!(
            (self, side),
            (Direction::Both, _)
                | (Direction::Give, Side::Give)
                | (Direction::Receive, Side::Receive)
        )
    }
}

// ---- our key ----

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct KeyView {
    pub public_key: String,
    pub fingerprint: String,
}

impl KeyView {
    pub fn of(public: &PublicKey) -> KeyView {
        KeyView {
            public_key: public.text(),
            fingerprint: public.fingerprint(),
        }
    }
}

pub fn our_key(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<PublicKey> {
    Ok(key::load_or_create(conn, now)?.public())
}

// ---- partners ----

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPartnerRequest {
    /// The name this collective is known by here (a code name, like a site's).
    pub code_name: Slug,
    /// Their name as people say it (the place their goods go to is called so); the
    /// code name when left out.
    #[serde(default)]
    pub name: Option<String>,
    /// Their public key as they showed it: `haul-key-1:` and 64 hex digits. Parsed into
    /// a key, not kept as text (the notes guard would take its digits for a phone number).
    pub public_key: String,
    pub direction: Direction,
    pub valid_until: NaiveDate,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PartnerView {
    pub code_name: String,
    /// Their name as people say it (the code name if none was given).
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
    pub direction: String,
    pub valid_until: NaiveDate,
    /// The location their goods go to in our ledger.
    pub location: String,
}

fn partner_view(p: &Partner, places: &[crate::locations::Location]) -> PartnerView {
    let public = PublicKey::parse(&p.public_key).ok();
    let name = places
        .iter()
        .find(|l| l.id == p.location_id)
        .map(|l| l.name.clone())
        .unwrap_or_else(|| p.code_name.clone());
    PartnerView {
        code_name: p.code_name.clone(),
        name,
        public_key: public.map(|k| k.text()).unwrap_or_default(),
        fingerprint: public.map(|k| k.fingerprint()).unwrap_or_default(),
        direction: p.direction.clone(),
        valid_until: p.valid_until,
        location: location_slug(&p.code_name),
    }
}

/// A partner's name as people say it (their place's name; the code name if it is gone).
pub(crate) fn partner_name(conn: &mut DbConn, p: &Partner) -> AppResult<String> {
    Ok(crate::locations::store::all(conn, Some("partner"))?
        .into_iter()
        .find(|l| l.id == p.location_id)
        .map(|l| l.name)
        .unwrap_or_else(|| p.code_name.clone()))
}

pub(crate) fn location_slug(code: &str) -> String {
    format!("partner-{code}")
}

pub fn list_partners(conn: &mut DbConn) -> AppResult<Vec<PartnerView>> {
    let places = crate::locations::store::all(conn, Some("partner"))?;
    Ok(store::partners(conn)?
        .iter()
        .map(|p| partner_view(p, &places))
        .collect())
}

pub fn add_partner(
    conn: &mut DbConn,
    req: &NewPartnerRequest,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<PartnerView> {
    let mut errors = Vec::new();
    let public = PublicKey::parse(&req.public_key)
        .map_err(|e| errors.push(FieldError::new("public_key", e)))
        .ok();
    let ours = key::load_or_create(conn, now)?.public();
    if public == Some(ours) {
        errors.push(FieldError::new(
            "public_key",
            "this is our own key: ask the partner for theirs",
        ));
    }
    let today = now.date();
    if req.valid_until < today
        || req.valid_until > today + chrono::Days::new(MAX_PARTNERSHIP_DAYS as u64)
    {
        errors.push(FieldError::new(
            "valid_until",
            format!("valid_until must be from today to {MAX_PARTNERSHIP_DAYS} days ahead"),
        ));
    }
    if req.code_name.as_str().len() > 40 {
        errors.push(FieldError::new(
            "code_name",
            "code_name must be at most 40 characters",
        ));
    }
    let name = req.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if let Some(Err(problem)) = name.map(|n| crate::text::check(n, MAX_NAME_CHARS)) {
        errors.push(FieldError::new("name", problem.for_field("name")));
    }
    let Some(public) = public.filter(|_| errors.is_empty()) else {
        return Err(AppError::invalid_fields(errors));
    };
    let code = req.code_name.as_str();
    if store::partner_by_code(conn, code)?.is_some() {
        return Err(AppError::conflict(format!(
            "a partner called '{code}' already exists"
        )));
    }
    if let Some(other) = store::partner_by_key(conn, &public.hex())? {
        return Err(AppError::conflict(format!(
            "this key is already the partner '{}'",
            other.code_name
        )));
    }
    if crate::locations::store::find(conn, &location_slug(code))?.is_some() {
        return Err(AppError::conflict(format!(
            "a place called '{}' already exists",
            location_slug(code)
        )));
    }
    let location_id = crate::locations::store::insert(
        conn,
        &crate::locations::model::NewLocation {
            slug: location_slug(code),
            name: name.unwrap_or(code).to_string(),
            kind: LocationKind::Partner,
            address: None,
            region: None,
            created_at: now,
        },
    )?;
    let new = NewPartner {
        code_name: code.to_string(),
        public_key: public.hex(),
        direction: req.direction.as_str().to_string(),
        valid_until: req.valid_until,
        location_id,
        actor: actor.to_string(),
        created_at: now,
    };
    let id = store::insert_partner(conn, &new)?;
    let places = crate::locations::store::all(conn, Some("partner"))?;
    Ok(partner_view(&store::partner(conn, id)?, &places))
}

fn find_partner(conn: &mut DbConn, field: &str, code: &str) -> AppResult<Partner> {
    store::partner_by_code(conn, code)?
        .ok_or_else(|| AppError::invalid(field, format!("no partner called '{code}'")))
}

fn check_valid(partner: &Partner, today: NaiveDate) -> AppResult<()> {
    if partner.valid_until < today {
        return Err(AppError::invalid(
            "partner",
            format!(
                "the partnership with '{}' ended on {}: agree a new date first",
                partner.code_name, partner.valid_until
            ),
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingRequest {
    /// The partner's category slug, as their offer names it.
    pub their_category: Slug,
    /// One of our categories.
    pub category: Slug,
}

/// Remembers that a partner's category is one of ours.
pub fn map_category(conn: &mut DbConn, code: &str, req: &MappingRequest) -> AppResult<()> {
    let partner = store::partner_by_code(conn, code)?
        .ok_or_else(|| AppError::NotFound(format!("no partner called '{code}'")))?;
    let mut lookup = Lookup::load(conn)?;
    let ours = lookup.category("category", req.category.as_str());
    lookup.finish()?;
    let ours = ours.ok_or_else(|| AppError::Internal("category lost".into()))?;
    store::map_category(conn, partner.id, req.their_category.as_str(), ours.id)?;
    Ok(())
}

// ---- views ----

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LineView {
    pub line: i64,
    /// The giver's category slug and name, as the files carry them.
    pub category: String,
    pub name: String,
    /// Our category for it (on the receiving side: mapped, or none yet).
    pub our_category: Option<String>,
    pub condition: Condition,
    pub offered: i64,
    pub accepted: Option<i64>,
    pub dispatched: Option<i64>,
    /// Accepted and on no dispatch note yet: what a further note may still send.
    pub unsent: i64,
    pub received: Option<i64>,
    pub received_condition: Option<Condition>,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub state: String,
    /// In English: worded from `facts`, else the stored words (a person's own reason,
    /// or a line from before facts were kept).
    pub detail: Option<String>,
    /// What Haul says on the line, for a page to word in its reader's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facts: Option<EventFacts>,
    pub actor: String,
    #[serde(serialize_with = "crate::utc::serialize")]
    pub at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FileView {
    pub kind: String,
    /// The name it downloads by: the kind, or `dispatch-2` for a further dispatch note.
    pub name: String,
    pub sha256: String,
    pub made_here: bool,
    #[serde(serialize_with = "crate::utc::serialize")]
    pub at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TransferView {
    pub transfer: String,
    /// The partner's code name (ours for them: in addresses, files, CSV).
    pub partner: String,
    /// The partner's name as people say it, for pages and messages.
    pub partner_name: String,
    /// When the handover began here (offer made or imported).
    #[serde(serialize_with = "crate::utc::serialize")]
    pub created_at: NaiveDateTime,
    pub side: String,
    pub state: String,
    pub expires_on: NaiveDate,
    /// Our warehouse: where the goods leave from, or where they were received.
    pub warehouse: Option<String>,
    /// The offer's note, as the giver wrote it (on the receiving side: the partner's words).
    pub note: Option<String>,
    /// The receipt note's note, as the receiver wrote it.
    pub receipt_note: Option<String>,
    pub intake: Option<i64>,
    pub lines: Vec<LineView>,
    pub history: Vec<EventView>,
    pub files: Vec<FileView>,
}

/// The state a handover is in today: an offer nobody answered in time has expired,
/// whether or not anyone has looked since.
fn effective_state(t: &Transfer, today: NaiveDate) -> AppResult<State> {
    let state = State::parse(&t.state)
        .ok_or_else(|| AppError::Internal(format!("unknown handover state '{}'", t.state)))?;
    Ok(if state == State::Offered && today > t.expires_on {
        State::Expired
    } else {
        state
    })
}

pub fn view(conn: &mut DbConn, t: &Transfer, today: NaiveDate) -> AppResult<TransferView> {
    let partner = store::partner(conn, t.partner_id)?;
    let cats = crate::catalog::store::all(conn)?;
    let slug_of = |id: Option<i64>| {
        id.and_then(|id| cats.iter().find(|c| c.id == id).map(|c| c.slug.clone()))
    };
    let warehouse = match t.warehouse_id {
        Some(id) => crate::locations::store::all(conn, None)?
            .into_iter()
            .find(|l| l.id == id)
            .map(|l| l.slug),
        None => None,
    };
    let lines = store::lines(conn, t.id)?
        .into_iter()
        .map(|l| LineView {
            unsent: unsent(&l),
            line: l.line_no,
            our_category: slug_of(l.category_id).or_else(|| {
                (t.side == Side::Receive.as_str())
                    .then(|| mapping_of(conn, &partner, &l.category).ok().flatten())
                    .flatten()
                    .and_then(|id| slug_of(Some(id)))
            }),
            category: l.category,
            name: l.category_name,
            condition: l.condition,
            offered: l.offered,
            accepted: l.accepted,
            dispatched: l.dispatched,
            received: l.received,
            received_condition: l.received_condition,
            reason: l.reason,
        })
        .collect();
    let history = store::events(conn, t.id)?
        .into_iter()
        .map(|e| {
            let facts = EventFacts::parse(e.facts.as_deref());
            EventView {
                state: e.state,
                detail: facts.as_ref().map(EventFacts::english).or(e.detail),
                facts,
                actor: e.actor,
                at: e.at,
            }
        })
        .collect();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let stored = store::files(conn, t.id)?;
    // The receiver's note travels in the receipt file only: read from it on both sides.
    let receipt_note = stored
        .iter()
        .filter(|f| f.kind == Kind::Receipt.as_str())
        .find_map(|f| match file::open(&f.body).map(|o| o.body.content) {
            Ok(Content::Receipt(r)) => r.note,
            _ => None,
        });
    let partner_name = partner_name(conn, &partner)?;
    let files = stored
        .into_iter()
        .map(|f| {
            let n = seen.entry(f.kind.clone()).or_insert(0);
            *n += 1;
            (
                if *n == 1 {
                    f.kind.clone()
                } else {
                    format!("{}-{n}", f.kind)
                },
                f,
            )
        })
        .map(|(name, f)| FileView {
            name,
            kind: f.kind,
            sha256: f.sha256,
            made_here: f.made_here,
            at: f.created_at,
        })
        .collect();
    Ok(TransferView {
        transfer: t.transfer.clone(),
        partner: partner.code_name,
        partner_name,
        created_at: t.created_at,
        side: t.side.clone(),
        state: effective_state(t, today)?.as_str().to_string(),
        expires_on: t.expires_on,
        warehouse,
        note: t.note.clone(),
        receipt_note,
        intake: t.intake_id,
        lines,
        history,
        files,
    })
}

pub fn find(conn: &mut DbConn, transfer: &str) -> AppResult<Transfer> {
    store::transfer(conn, transfer)?
        .ok_or_else(|| AppError::NotFound(format!("no handover '{transfer}'")))
}

pub fn list(conn: &mut DbConn, today: NaiveDate) -> AppResult<Vec<TransferView>> {
    let all = store::transfers(conn)?;
    all.iter().map(|t| view(conn, t, today)).collect()
}

/// A file of a handover, for download: `kind` is `offer`, `answer`, `dispatch` or
/// `receipt`, and `dispatch-2` (… `-N`) names a further dispatch note.
pub fn file_text(conn: &mut DbConn, transfer: &str, kind: &str) -> AppResult<String> {
    let t = find(conn, transfer)?;
    let (name, nth) = match kind.rsplit_once('-') {
        Some((name, n)) if n.bytes().all(|b| b.is_ascii_digit()) => {
            (name, n.parse::<usize>().unwrap_or(0))
        }
        _ => (kind, 1),
    };
    let parsed = Kind::parse(name).filter(|_| nth >= 1).ok_or_else(|| {
        AppError::NotFound(format!(
            "no kind of file '{kind}': offer, answer, dispatch (dispatch-2, …) or receipt"
        ))
    })?;
    store::files(conn, t.id)?
        .into_iter()
        .filter(|f| f.kind == parsed.as_str())
        .nth(nth - 1)
        .map(|f| f.body)
        .ok_or_else(|| AppError::NotFound(format!("handover {transfer} has no {kind} file")))
}

/// What a handover's ledger entries show in the history pages.
pub fn history_facts(
    conn: &mut DbConn,
    id: i64,
) -> diesel::QueryResult<Option<crate::history::store::Described>> {
    let Some(t) = store::transfer_by_id(conn, id)? else {
        return Ok(None);
    };
    let partner = store::partner(conn, t.partner_id)?;
    // Named as people say it; the code name only if their place is gone.
    let name = crate::locations::store::all(conn, Some("partner"))?
        .into_iter()
        .find(|l| l.id == partner.location_id)
        .map(|l| l.name)
        .unwrap_or(partner.code_name);
    let actor = store::events(conn, t.id)?
        .last()
        .map(|e| e.actor.clone())
        .unwrap_or_default();
    Ok(Some((
        actor,
        vec![
            ("Partner", name),
            ("Handover", t.transfer),
            ("State", t.state),
        ],
    )))
}

// ---- steps ----

/// What one of our own steps made: the handover as it is now and the file to hand over.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StepResult {
    pub transfer: TransferView,
    /// The signed file to carry to the partner, if this step made one.
    pub file: Option<String>,
}

fn out_of_order(e: states::OutOfOrder) -> AppError {
    AppError::Conflict {
        code: "out_of_order",
        message: e.to_string(),
        details: serde_json::json!({ "state": e.state.map(|s| s.as_str()) }),
    }
}

/// What a history line says besides its state.
enum Detail {
    None,
    /// A person's own words (why a handover is lost), kept as typed.
    Typed(String),
    /// What Haul says, worded when read.
    Facts(EventFacts),
}

/// Moves `t` by `step` if its state allows it, recording the new state and its hash.
fn advance(
    conn: &mut DbConn,
    t: &Transfer,
    step: Step,
    last_sha: &str,
    detail: Detail,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<State> {
    let to = states::next(Some(effective_state(t, now.date())?), step).map_err(out_of_order)?;
    store::set_state(conn, t.id, to.as_str(), last_sha, now)?;
    let (words, facts) = match detail {
        Detail::None => (None, None),
        Detail::Typed(words) => (Some(words), None),
        Detail::Facts(f) => (None, Some(f.to_json())),
    };
    store::insert_event(
        conn,
        t.id,
        to.as_str(),
        words.as_deref(),
        facts.as_deref(),
        actor,
        now,
    )?;
    Ok(to)
}

fn check_side(t: &Transfer, side: Side, step: Step) -> AppResult<()> {
    if t.side != side.as_str() {
        return Err(AppError::Conflict {
            code: "out_of_order",
            message: format!(
                "only the {} side can {} this handover",
                side.as_str()
                    .replace("give", "giving")
                    .replace("receive", "receiving"),
                step.as_str()
            ),
            details: serde_json::Value::Null,
        });
    }
    Ok(())
}

fn body(
    ours: &CollectiveKey,
    partner: &Partner,
    transfer: &str,
    answers: Option<&str>,
    today: NaiveDate,
    content: Content,
) -> AppResult<Body> {
    let theirs = PublicKey::parse(&partner.public_key)
        .map_err(|_| AppError::Internal("a stored partner key is damaged".into()))?;
    Ok(Body {
        format: file::FORMAT.to_string(),
        transfer: transfer.to_string(),
        from: ours.public().fingerprint(),
        to: theirs.fingerprint(),
        answers: answers.map(str::to_string),
        made_on: today,
        content,
    })
}

/// Signs `body` and keeps the file with the handover; returns its text and hash.
fn seal_and_keep(
    conn: &mut DbConn,
    ours: &CollectiveKey,
    transfer_id: i64,
    body: &Body,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<file::Sealed> {
    let sealed = file::seal(ours, body);
    store::insert_file(
        conn,
        &store::NewFile {
            transfer_id,
            kind: body.content.kind().as_str(),
            sha256: &sealed.sha,
            body: &sealed.text,
            made_here: true,
            actor,
            created_at: now,
        },
    )?;
    Ok(sealed)
}

fn result(
    conn: &mut DbConn,
    transfer: &str,
    file: Option<String>,
    today: NaiveDate,
) -> AppResult<StepResult> {
    let t = find(conn, transfer)?;
    Ok(StepResult {
        transfer: view(conn, &t, today)?,
        file,
    })
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferRequest {
    pub partner: String,
    pub warehouse: String,
    pub expires_on: NaiveDate,
    pub lines: Vec<LineRequest>,
    #[serde(default)]
    pub note: Option<FreeText>,
}

/// Offers goods from one of our warehouses to a partner: nothing is held until they accept.
pub fn offer(
    conn: &mut DbConn,
    req: &OfferRequest,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<StepResult> {
    let today = now.date();
    let partner = find_partner(conn, "partner", &req.partner)?;
    check_valid(&partner, today)?;
    if !Direction::parse(&partner.direction).is_some_and(|d| d.allows(Side::Give)) {
        return Err(AppError::invalid(
            "partner",
            format!("we only receive from '{}', not give", partner.code_name),
        ));
    }
    let mut lookup = Lookup::load(conn)?;
    let warehouse = lookup.location("warehouse", &req.warehouse, &[LocationKind::Warehouse]);
    let lines = lookup.lines("lines", &req.lines);
    if req.lines.len() > file::MAX_LINES {
        lookup.push(
            "lines",
            format!("an offer has at most {} lines", file::MAX_LINES),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, l) in lines.iter().enumerate() {
        if !seen.insert((l.category.id, l.condition)) {
            lookup.push(
                &format!("lines[{i}]"),
                "this category and condition is on the offer twice",
            );
        }
    }
    if req.expires_on < today || req.expires_on > today + chrono::Days::new(MAX_OFFER_DAYS as u64) {
        lookup.push(
            "expires_on",
            format!("expires_on must be from today to {MAX_OFFER_DAYS} days ahead"),
        );
    }
    let note = crate::ledger::lines::optional_note("note", req.note.as_deref(), &mut lookup);
    lookup.finish()?;
    let warehouse = warehouse.ok_or_else(|| AppError::Internal("warehouse lost".into()))?;
    let free = crate::runs::model::free_stock(conn, warehouse.id, &[])?;
    let short: Vec<String> = lines
        .iter()
        .filter_map(|l| {
            let have = free
                .get(&(l.category.id, l.condition))
                .copied()
                .unwrap_or(0);
            (have < l.quantity).then(|| {
                format!(
                    "{} × {} ({}) offered but only {have} free",
                    l.quantity, l.category.slug, l.condition
                )
            })
        })
        .collect();
    if !short.is_empty() {
        return Err(AppError::Conflict {
            code: "insufficient_stock",
            message: format!(
                "not enough free stock at {}: {}",
                warehouse.slug,
                short.join("; ")
            ),
            details: serde_json::Value::Null,
        });
    }
    let ours = key::load_or_create(conn, now)?;
    let transfer = file::new_transfer_id();
    let content = Content::Offer(file::Offer {
        expires_on: req.expires_on,
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, l)| file::OfferLine {
                line: i as u32 + 1,
                category: l.category.slug.clone(),
                name: l.category.name.clone(),
                condition: l.condition,
                quantity: l.quantity,
                unit_volume_l: l.category.unit_volume_l,
                unit_weight_kg: l.category.unit_weight_kg,
            })
            .collect(),
        note: note.clone(),
    });
    let body = body(&ours, &partner, &transfer, None, today, content)?;
    let id = store::insert_transfer(
        conn,
        &NewTransfer {
            transfer: transfer.clone(),
            partner_id: partner.id,
            side: Side::Give.as_str().to_string(),
            state: State::Offered.as_str().to_string(),
            warehouse_id: Some(warehouse.id),
            expires_on: req.expires_on,
            note,
            last_sha: String::new(),
            created_at: now,
            updated_at: now,
        },
    )?;
    store::insert_lines(conn, &offer_lines(id, &body.content, |_| None))?;
    // The offer's own lines carry our category ids, for reservations and dispatch.
    for (l, row) in lines.iter().zip(store::lines(conn, id)?) {
        set_line_category(conn, row.id, l.category.id)?;
    }
    let sealed = seal_and_keep(conn, &ours, id, &body, actor, now)?;
    store::set_state(conn, id, State::Offered.as_str(), &sealed.sha, now)?;
    store::insert_event(conn, id, State::Offered.as_str(), None, None, actor, now)?;
    result(conn, &transfer, Some(sealed.text), today)
}

fn set_line_category(conn: &mut DbConn, line_id: i64, category_id: i64) -> AppResult<()> {
    use crate::db::schema::partner_lines as pl;
    use diesel::prelude::*;
    diesel::update(pl::table.filter(pl::id.eq(line_id)))
        .set(pl::category_id.eq(Some(category_id)))
        .execute(conn)?;
    Ok(())
}

fn offer_lines(
    transfer_id: i64,
    content: &Content,
    category_of: impl Fn(&str) -> Option<i64>,
) -> Vec<TransferLine> {
    let Content::Offer(offer) = content else {
        return Vec::new();
    };
    offer
        .lines
        .iter()
        .map(|l| TransferLine {
            id: 0,
            transfer_id,
            line_no: i64::from(l.line),
            category: l.category.clone(),
            category_name: l.name.clone(),
            category_id: category_of(&l.category),
            condition: l.condition,
            unit_volume_l: l.unit_volume_l,
            unit_weight_kg: l.unit_weight_kg,
            offered: l.quantity,
            accepted: None,
            dispatched: None,
            received: None,
            received_condition: None,
            reason: None,
        })
        .collect()
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineQuantity {
    pub line: i64,
    pub quantity: i64,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerRequest {
    /// `accept` (with how many of each line; lines left out are taken as 0) or `decline`.
    pub decision: Decision,
    #[serde(default)]
    pub lines: Vec<LineQuantity>,
}

/// Per line of `rows`, the quantity asked for, checked against `limit` of that line.
fn per_line(
    rows: &[TransferLine],
    asked: &[LineQuantity],
    limit: impl Fn(&TransferLine) -> i64,
    what: &str,
) -> AppResult<BTreeMap<i64, i64>> {
    let mut errors = Vec::new();
    let mut out = BTreeMap::new();
    for (i, a) in asked.iter().enumerate() {
        let field = format!("lines[{i}]");
        match rows.iter().find(|r| r.line_no == a.line) {
            None => errors.push(FieldError::new(
                field,
                format!("there is no line {}", a.line),
            )),
            Some(r) if a.quantity < 0 || a.quantity > limit(r) => errors.push(FieldError::new(
                field,
                format!("line {}: {what} must be 0 to {}", a.line, limit(r)),
            )),
            Some(_) => {
                if out.insert(a.line, a.quantity).is_some() {
                    errors.push(FieldError::new(
                        field,
                        format!("line {} is given twice", a.line),
                    ));
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    Ok(out)
}

/// The receiving side accepts (all, part, or some lines) or declines an offer.
pub fn answer(
    conn: &mut DbConn,
    transfer: &str,
    req: &AnswerRequest,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<StepResult> {
    let today = now.date();
    let t = find(conn, transfer)?;
    let step = match req.decision {
        Decision::Accept => Step::Accept,
        Decision::Decline => Step::Decline,
    };
    check_side(&t, Side::Receive, step)?;
    states::next(Some(effective_state(&t, today)?), step).map_err(out_of_order)?;
    let rows = store::lines(conn, t.id)?;
    let mut accepted = per_line(&rows, &req.lines, |r| r.offered, "accepted")?;
    if req.decision == Decision::Decline {
        accepted.clear();
    } else if accepted.values().all(|q| *q == 0) {
        return Err(AppError::invalid(
            "lines",
            "accept at least one of something, or decline the offer",
        ));
    }
    let partner = store::partner(conn, t.partner_id)?;
    let ours = key::load_or_create(conn, now)?;
    let counted: Vec<Counted> = rows
        .iter()
        .map(|r| Counted {
            line: r.line_no as u32,
            quantity: accepted.get(&r.line_no).copied().unwrap_or(0),
        })
        .collect();
    for r in &rows {
        store::set_accepted(conn, r.id, accepted.get(&r.line_no).copied().unwrap_or(0))?;
    }
    let content = Content::Answer(file::Answer {
        decision: req.decision,
        lines: counted,
    });
    let body = body(
        &ours,
        &partner,
        &t.transfer,
        Some(&t.last_sha),
        today,
        content,
    )?;
    let sealed = seal_and_keep(conn, &ours, t.id, &body, actor, now)?;
    advance(conn, &t, step, &sealed.sha, Detail::None, actor, now)?;
    result(conn, transfer, Some(sealed.text), today)
}

/// The giving side takes an offer back before anything left; what it held is free again.
pub fn withdraw(
    conn: &mut DbConn,
    transfer: &str,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<StepResult> {
    let t = find(conn, transfer)?;
    check_side(&t, Side::Give, Step::Withdraw)?;
    advance(
        conn,
        &t,
        Step::Withdraw,
        &t.last_sha.clone(),
        Detail::None,
        actor,
        now,
    )?;
    result(conn, transfer, None, now.date())
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DispatchRequest {
    /// What actually leaves, per line (at most what was accepted); lines left out send 0.
    pub lines: Vec<LineQuantity>,
}

/// What is accepted on a line and not yet on any dispatch note.
fn unsent(r: &TransferLine) -> i64 {
    (r.accepted.unwrap_or(0) - r.dispatched.unwrap_or(0)).max(0)
}

/// The giving side sends goods: warehouse → the partner's location, with its own cause,
/// and a signed dispatch note. `step` is `Dispatch` for the first note, `Extra` for a
/// further one: a note is never changed once made, so accepted goods that leave later go
/// on a note of their own. Each line's notes together stay within what the partner
/// accepted; anything beyond is a new offer.
pub fn dispatch(
    conn: &mut DbConn,
    transfer: &str,
    req: &DispatchRequest,
    step: Step,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<StepResult> {
    let today = now.date();
    let t = find(conn, transfer)?;
    check_side(&t, Side::Give, step)?;
    states::next(Some(effective_state(&t, today)?), step).map_err(out_of_order)?;
    let rows = store::lines(conn, t.id)?;
    let sent = per_line(&rows, &req.lines, unsent, "quantity")?;
    if sent.values().all(|q| *q == 0) {
        return Err(AppError::invalid(
            "lines",
            match step {
                Step::Extra => {
                    "a further note sends at least one more of something accepted and not yet sent"
                }
                _ => "dispatch at least one of something",
            },
        ));
    }
    let partner = store::partner(conn, t.partner_id)?;
    let warehouse = t
        .warehouse_id
        .ok_or_else(|| AppError::Internal("a giving handover without a warehouse".into()))?;
    let mut moves = Vec::new();
    for r in &rows {
        let qty = sent.get(&r.line_no).copied().unwrap_or(0);
        // The line counts every note's units; the reservation shrinks by what leaves, so
        // it is released before the ledger checks what is on the shelf.
        store::set_dispatched(conn, r.id, r.dispatched.unwrap_or(0) + qty)?;
        if qty == 0 {
            continue;
        }
        let (cat, cond) = line_key(r)?;
        moves.push(Movement {
            location_id: warehouse,
            category_id: cat,
            condition: cond,
            quantity: -qty,
        });
        moves.push(Movement {
            location_id: partner.location_id,
            category_id: cat,
            condition: cond,
            quantity: qty,
        });
    }
    let ours = key::load_or_create(conn, now)?;
    let content = Content::Dispatch(file::Dispatch {
        dispatched_on: today,
        lines: rows
            .iter()
            .map(|r| Counted {
                line: r.line_no as u32,
                quantity: sent.get(&r.line_no).copied().unwrap_or(0),
            })
            .collect(),
    });
    let body = body(
        &ours,
        &partner,
        &t.transfer,
        Some(&t.last_sha),
        today,
        content,
    )?;
    let sealed = seal_and_keep(conn, &ours, t.id, &body, actor, now)?;
    let detail = match step {
        Step::Extra => Detail::Facts(EventFacts::FurtherDispatch),
        _ => Detail::None,
    };
    advance(conn, &t, step, &sealed.sha, detail, actor, now)?;
    let change = Change {
        actor,
        cause: Cause::PartnerDispatch,
        cause_id: t.id,
        at: now,
    };
    crate::ledger::apply(conn, &change, &moves)?;
    result(conn, transfer, Some(sealed.text), today)
}

fn line_key(r: &TransferLine) -> AppResult<(i64, Condition)> {
    let cat = r
        .category_id
        .ok_or_else(|| AppError::Internal("a giving line without a category".into()))?;
    Ok((cat, r.condition))
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiveLine {
    pub line: i64,
    pub received: i64,
    pub condition: Condition,
    #[serde(default)]
    pub reason: Option<Reason>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiveRequest {
    pub warehouse: String,
    pub received_on: NaiveDate,
    pub lines: Vec<ReceiveLine>,
    #[serde(default)]
    pub note: Option<FreeText>,
}

/// Our category for a partner's slug: the one remembered for them, else our own of that slug.
fn mapping_of(conn: &mut DbConn, partner: &Partner, their_slug: &str) -> AppResult<Option<i64>> {
    if let Some(id) = store::mapped(conn, partner.id, their_slug)? {
        return Ok(Some(id));
    }
    Ok(crate::catalog::store::by_slug(conn)?
        .get(their_slug)
        .map(|c| c.id))
}

/// Why a receipt line's reason contradicts its counts, in English (the API's words).
fn reason_misfit(
    line: i64,
    reason: Option<Reason>,
    shipped: i64,
    received: i64,
    changed: bool,
) -> String {
    let fitting: Vec<&str> = Reason::fitting(shipped, received, changed)
        .into_iter()
        .map(Reason::as_str)
        .collect();
    format!(
        "line {line}: {received} received of {shipped} shipped cannot be '{}': {}",
        reason.map(Reason::as_str).unwrap_or("no difference"),
        if fitting.is_empty() {
            "give no reason".to_string()
        } else {
            format!("the reason is one of {}", fitting.join(", "))
        }
    )
}

/// The receiving side counts the goods in: an intake from `partner:<code name>` and a
/// receipt note saying, per line, what came and why anything differs.
pub fn receive(
    conn: &mut DbConn,
    transfer: &str,
    req: &ReceiveRequest,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<StepResult> {
    let today = now.date();
    let t = find(conn, transfer)?;
    check_side(&t, Side::Receive, Step::Receive)?;
    states::next(Some(effective_state(&t, today)?), Step::Receive).map_err(out_of_order)?;
    let partner = store::partner(conn, t.partner_id)?;
    let rows = store::lines(conn, t.id)?;
    let mut lookup = Lookup::load(conn)?;
    let warehouse = lookup.location("warehouse", &req.warehouse, &[LocationKind::Warehouse]);
    crate::ledger::lines::check_date("received_on", req.received_on, today, &mut lookup);
    let note = crate::ledger::lines::optional_note("note", req.note.as_deref(), &mut lookup);
    let mut counted: BTreeMap<i64, &ReceiveLine> = BTreeMap::new();
    for (i, l) in req.lines.iter().enumerate() {
        let field = format!("lines[{i}]");
        if !rows.iter().any(|r| r.line_no == l.line) {
            lookup.push(&field, format!("there is no line {}", l.line));
        } else if !(0..=1_000_000).contains(&l.received) {
            lookup.push(&field, "received must be 0 to 1000000");
        } else if counted.insert(l.line, l).is_some() {
            lookup.push(&field, format!("line {} is given twice", l.line));
        }
    }
    let mut intake_lines = Vec::new();
    for r in &rows {
        let shipped = r.dispatched.unwrap_or(0);
        let Some(l) = counted.get(&r.line_no) else {
            if shipped > 0 {
                lookup.push(
                    "lines",
                    format!("line {} was shipped: say how many arrived", r.line_no),
                );
            }
            continue;
        };
        let changed = l.condition != r.condition;
        let differs = l.received != shipped || changed;
        if differs && l.reason.is_none() {
            lookup.push(
                &format!("lines[{}].reason", r.line_no),
                format!("line {}: say why it differs from the dispatch note (short, damaged, wrong-item, extra)", r.line_no),
            );
        } else if !Reason::fits(l.reason, shipped, l.received, changed) {
            lookup.push(
                &format!("lines[{}].reason", r.line_no),
                reason_misfit(r.line_no, l.reason, shipped, l.received, changed),
            );
        }
        if l.received == 0 {
            continue;
        }
        match mapping_of(conn, &partner, &r.category)? {
            Some(cat) => intake_lines.push((cat, l.condition, l.received)),
            None => lookup.push(
                &format!("lines[{}]", r.line_no),
                format!(
                    "line {}: the partner's category '{}' ({}) is not mapped to one of ours yet",
                    r.line_no, r.category, r.category_name
                ),
            ),
        }
    }
    lookup.finish()?;
    let warehouse = warehouse.ok_or_else(|| AppError::Internal("warehouse lost".into()))?;
    // The receipt is an intake like any other, through the one write path for stock.
    let intake_id = if intake_lines.is_empty() {
        None
    } else {
        let slugs: BTreeMap<i64, String> = crate::catalog::store::all(conn)?
            .into_iter()
            .map(|c| (c.id, c.slug))
            .collect();
        let lines: Vec<serde_json::Value> = intake_lines
            .iter()
            .map(|(cat, cond, qty)| {
                serde_json::json!({"category": slugs.get(cat), "condition": cond, "quantity": qty})
            })
            .collect();
        let intake: crate::intake::model::IntakeRequest =
            serde_json::from_value(serde_json::json!({
                "source": format!("partner:{}", partner.code_name),
                "warehouse": warehouse.slug,
                "received_on": req.received_on,
                "lines": lines,
                "note": note,
            }))
            .map_err(|e| AppError::Internal(format!("the receipt's intake does not read: {e}")))?;
        Some(crate::intake::model::record(conn, &intake, actor, now)?.id)
    };
    store::set_received(conn, t.id, warehouse.id, intake_id)?;
    let mut receipt_lines = Vec::new();
    for r in &rows {
        let shipped = r.dispatched.unwrap_or(0);
        let (received, condition, reason) = match counted.get(&r.line_no) {
            Some(l) => (l.received, l.condition, l.reason),
            None => (0, r.condition, None),
        };
        store::set_line_received(conn, r.id, received, condition, reason.map(Reason::as_str))?;
        if shipped > 0 || received > 0 {
            receipt_lines.push(file::ReceiptLine {
                line: r.line_no as u32,
                shipped,
                received,
                condition,
                reason,
            });
        }
    }
    let ours = key::load_or_create(conn, now)?;
    let content = Content::Receipt(file::Receipt {
        received_on: req.received_on,
        lines: receipt_lines,
        note,
    });
    let body = body(
        &ours,
        &partner,
        &t.transfer,
        Some(&t.last_sha),
        today,
        content,
    )?;
    let sealed = seal_and_keep(conn, &ours, t.id, &body, actor, now)?;
    advance(
        conn,
        &t,
        Step::Receive,
        &sealed.sha,
        Detail::None,
        actor,
        now,
    )?;
    let t = find(conn, transfer)?;
    advance(conn, &t, Step::Close, &sealed.sha, Detail::None, actor, now)?;
    result(conn, transfer, Some(sealed.text), today)
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LostRequest {
    pub reason: FreeText<200>,
}

/// The giving side declares a dispatched handover lost: all of it is written off the
/// partner's location, with the reason.
pub fn declare_lost(
    conn: &mut DbConn,
    transfer: &str,
    req: &LostRequest,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<StepResult> {
    let t = find(conn, transfer)?;
    check_side(&t, Side::Give, Step::Lose)?;
    let mut lookup = Lookup::load(conn)?;
    let reason = crate::ledger::lines::required_text("reason", &req.reason, 200, &mut lookup);
    if let Err(p) = crate::notes::check_note(&reason) {
        lookup.push("reason", p.message());
    }
    lookup.finish()?;
    let partner = store::partner(conn, t.partner_id)?;
    let lost: Vec<(TransferLine, i64)> = store::lines(conn, t.id)?
        .into_iter()
        .map(|r| {
            let q = r.dispatched.unwrap_or(0);
            (r, q)
        })
        .collect();
    advance(
        conn,
        &t,
        Step::Lose,
        &t.last_sha.clone(),
        Detail::Typed(reason.to_string()),
        actor,
        now,
    )?;
    write_off(conn, &t, &partner, &lost, actor, now)?;
    result(conn, transfer, None, now.date())
}

/// Takes `lost` (line, units) off the partner's location as lost in transit.
fn write_off(
    conn: &mut DbConn,
    t: &Transfer,
    partner: &Partner,
    lost: &[(TransferLine, i64)],
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let mut moves = Vec::new();
    for (r, q) in lost.iter().filter(|(_, q)| *q > 0) {
        let (cat, cond) = line_key(r)?;
        moves.push(Movement {
            location_id: partner.location_id,
            category_id: cat,
            condition: cond,
            quantity: -q,
        });
    }
    let change = Change {
        actor,
        cause: Cause::LostInTransit,
        cause_id: t.id,
        at: now,
    };
    crate::ledger::apply(conn, &change, &moves)?;
    Ok(())
}

// ---- importing the partner's files ----

/// What an import did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Imported {
    pub kind: String,
    /// The same file was imported before: nothing changed this time.
    pub replayed: bool,
    pub transfer: TransferView,
}

fn refused(message: impl Into<String>) -> AppError {
    AppError::invalid("file", message)
}

fn wrong_transfer(message: impl Into<String>) -> AppError {
    AppError::Conflict {
        code: "wrong_transfer",
        message: message.into(),
        details: serde_json::Value::Null,
    }
}

/// Imports a file from a partner: checks the signature, the signer, the partnership,
/// the addressee, the handover and the order, then takes effect once.
pub fn import(
    conn: &mut DbConn,
    text: &str,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<Imported> {
    let today = now.date();
    let opened = file::open(text).map_err(|p| match p {
        file::FileProblem::Malformed(_) => AppError::BadRequest(p.to_string()),
        _ => refused(p.to_string()),
    })?;
    let kind = opened.body.content.kind();
    // A file we signed is ours to hand over, not to import (before the replay check:
    // every file we make is kept here, so it would read as "imported before").
    if opened.signer == key::load_or_create(conn, now)?.public() {
        return Err(refused(format!(
            "this {} was made here: give it to the partner, it is theirs to import",
            kind.as_str()
        )));
    }
    if let Some(seen) = store::file_by_sha(conn, &opened.sha)? {
        let t = store::transfer_by_id(conn, seen.transfer_id)?
            .ok_or_else(|| AppError::Internal("a kept file without its handover".into()))?;
        return Ok(Imported {
            kind: kind.as_str().to_string(),
            replayed: true,
            transfer: view(conn, &t, today)?,
        });
    }
    let partner = store::partner_by_key(conn, &opened.signer.hex())?.ok_or_else(|| {
        refused(format!(
            "the file is signed by a key that is not one of our partners (fingerprint {})",
            opened.signer.fingerprint()
        ))
    })?;
    if partner.valid_until < today {
        return Err(refused(format!(
            "the partnership with '{}' ended on {}: the file is refused",
            partner.code_name, partner.valid_until
        )));
    }
    let ours = key::load_or_create(conn, now)?;
    if opened.body.to != ours.public().fingerprint() {
        return Err(refused("the file is meant for another collective"));
    }
    if opened.body.transfer.len() != 32
        || !opened.body.transfer.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Err(AppError::BadRequest(
            "the file's handover id is not 32 hex digits".into(),
        ));
    }
    match &opened.body.content {
        Content::Offer(offer) => import_offer(conn, &opened, text, offer, &partner, actor, now)?,
        _ => import_reply(conn, &opened, text, &partner, actor, now)?,
    }
    let t = find(conn, &opened.body.transfer)?;
    Ok(Imported {
        kind: kind.as_str().to_string(),
        replayed: false,
        transfer: view(conn, &t, today)?,
    })
}

fn keep_imported(
    conn: &mut DbConn,
    opened: &Opened,
    text: &str,
    transfer_id: i64,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    store::insert_file(
        conn,
        &store::NewFile {
            transfer_id,
            kind: opened.body.content.kind().as_str(),
            sha256: &opened.sha,
            body: text,
            made_here: false,
            actor,
            created_at: now,
        },
    )?;
    Ok(())
}

fn check_lines(lines: &[(u32, i64)], max: i64) -> Result<(), String> {
    if lines.is_empty() || lines.len() > file::MAX_LINES {
        return Err(format!("a file has 1 to {} lines", file::MAX_LINES));
    }
    let mut seen = BTreeSet::new();
    for &(line, q) in lines {
        if !seen.insert(line) {
            return Err(format!("line {line} appears twice"));
        }
        if !(0..=max).contains(&q) {
            return Err(format!("line {line}: quantity {q} is out of range"));
        }
    }
    Ok(())
}

fn import_offer(
    conn: &mut DbConn,
    opened: &Opened,
    text: &str,
    offer: &file::Offer,
    partner: &Partner,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let body = &opened.body;
    if body.answers.is_some() {
        return Err(refused("an offer answers no other file"));
    }
    if !Direction::parse(&partner.direction).is_some_and(|d| d.allows(Side::Receive)) {
        return Err(refused(format!(
            "we only give to '{}', not receive",
            partner.code_name
        )));
    }
    if store::transfer(conn, &body.transfer)?.is_some() {
        return Err(wrong_transfer(format!(
            "handover {} is already here",
            body.transfer
        )));
    }
    let counts: Vec<(u32, i64)> = offer.lines.iter().map(|l| (l.line, l.quantity)).collect();
    check_lines(&counts, 1_000_000).map_err(refused)?;
    for l in &offer.lines {
        let fine = l.quantity > 0
            && Slug::parse(&l.category).is_ok()
            && crate::text::check(&l.name, 100).is_ok()
            && l.unit_volume_l.is_finite()
            && l.unit_volume_l > 0.0
            && l.unit_weight_kg.is_finite()
            && l.unit_weight_kg > 0.0;
        if !fine {
            return Err(refused(format!(
                "line {} of the offer is not valid",
                l.line
            )));
        }
    }
    if let Some(note) = &offer.note {
        crate::notes::check_note(note)
            .map_err(|p| refused(format!("the offer's note: {}", p.message())))?;
    }
    if offer.expires_on < now.date() {
        return Err(AppError::Conflict {
            code: "out_of_order",
            message: format!("the offer expired on {}", offer.expires_on),
            details: serde_json::Value::Null,
        });
    }
    let id = store::insert_transfer(
        conn,
        &NewTransfer {
            transfer: body.transfer.clone(),
            partner_id: partner.id,
            side: Side::Receive.as_str().to_string(),
            state: State::Offered.as_str().to_string(),
            warehouse_id: None,
            expires_on: offer.expires_on,
            note: offer.note.clone(),
            last_sha: opened.sha.clone(),
            created_at: now,
            updated_at: now,
        },
    )?;
    store::insert_lines(conn, &offer_lines(id, &body.content, |_| None))?;
    keep_imported(conn, opened, text, id, actor, now)?;
    let facts = EventFacts::Imported {
        file: Kind::Offer.as_str().to_string(),
    };
    store::insert_event(
        conn,
        id,
        State::Offered.as_str(),
        None,
        Some(&facts.to_json()),
        actor,
        now,
    )?;
    Ok(())
}

fn import_reply(
    conn: &mut DbConn,
    opened: &Opened,
    text: &str,
    partner: &Partner,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let body = &opened.body;
    let kind = body.content.kind();
    let t = store::transfer(conn, &body.transfer)?
        .ok_or_else(|| wrong_transfer(format!("there is no handover {} here", body.transfer)))?;
    if t.partner_id != partner.id {
        return Err(wrong_transfer(
            "the file is from another partner than this handover's",
        ));
    }
    let (side, step) = match &body.content {
        Content::Answer(a) if a.decision == Decision::Accept => (Side::Give, Step::Accept),
        Content::Answer(_) => (Side::Give, Step::Decline),
        Content::Dispatch(_) if t.state == State::Dispatched.as_str() => {
            (Side::Receive, Step::Extra)
        }
        Content::Dispatch(_) => (Side::Receive, Step::Dispatch),
        Content::Receipt(_) => (Side::Give, Step::Receive),
        Content::Offer(_) => return Err(AppError::Internal("offer as reply".into())),
    };
    check_side(&t, side, step)?;
    states::next(Some(effective_state(&t, now.date())?), step).map_err(out_of_order)?;
    if body.answers.as_deref() != Some(t.last_sha.as_str()) {
        return Err(wrong_transfer(format!(
            "the {} answers another file than the last one of this handover",
            kind.as_str()
        )));
    }
    let rows = store::lines(conn, t.id)?;
    let bad = |why: String| refused(format!("the {}: {why}", kind.as_str()));
    let line_of = |n: u32| rows.iter().find(|r| r.line_no == i64::from(n));
    match &body.content {
        Content::Answer(a) => {
            let counts: Vec<(u32, i64)> = a.lines.iter().map(|l| (l.line, l.quantity)).collect();
            check_lines(&counts, 1_000_000).map_err(bad)?;
            for l in &a.lines {
                let r =
                    line_of(l.line).ok_or_else(|| bad(format!("there is no line {}", l.line)))?;
                if l.quantity > r.offered || (a.decision == Decision::Decline && l.quantity > 0) {
                    return Err(bad(format!(
                        "line {} accepts more than was offered",
                        l.line
                    )));
                }
            }
            for l in &a.lines {
                if let Some(r) = line_of(l.line) {
                    store::set_accepted(conn, r.id, l.quantity)?;
                }
            }
        }
        Content::Dispatch(d) => {
            let counts: Vec<(u32, i64)> = d.lines.iter().map(|l| (l.line, l.quantity)).collect();
            check_lines(&counts, 1_000_000).map_err(bad)?;
            for l in &d.lines {
                let r =
                    line_of(l.line).ok_or_else(|| bad(format!("there is no line {}", l.line)))?;
                if l.quantity > unsent(r) {
                    return Err(bad(format!("line {} sends more than was accepted", l.line)));
                }
            }
            if d.lines.iter().all(|l| l.quantity == 0) {
                return Err(bad("it sends nothing".into()));
            }
            for l in &d.lines {
                if let Some(r) = line_of(l.line) {
                    store::set_dispatched(conn, r.id, r.dispatched.unwrap_or(0) + l.quantity)?;
                }
            }
        }
        Content::Receipt(rc) => {
            let counts: Vec<(u32, i64)> = rc.lines.iter().map(|l| (l.line, l.received)).collect();
            check_lines(&counts, 1_000_000).map_err(bad)?;
            if let Some(note) = &rc.note {
                crate::notes::check_note(note).map_err(|p| bad(p.message()))?;
            }
            for l in &rc.lines {
                let r =
                    line_of(l.line).ok_or_else(|| bad(format!("there is no line {}", l.line)))?;
                if l.shipped != r.dispatched.unwrap_or(0) {
                    return Err(bad(format!(
                        "line {} does not match what was dispatched",
                        l.line
                    )));
                }
                // A signed receipt can still say "extra" for a shortfall: never write
                // off "2 lost (extra)".
                // (A difference without a reason is taken: it reads "no reason given".)
                let changed = l.condition != r.condition;
                if l.reason.is_some() && !Reason::fits(l.reason, l.shipped, l.received, changed) {
                    return Err(bad(reason_misfit(
                        i64::from(l.line),
                        l.reason,
                        l.shipped,
                        l.received,
                        changed,
                    )));
                }
            }
        }
        Content::Offer(_) => {}
    }
    keep_imported(conn, opened, text, t.id, actor, now)?;
    let detail = Detail::Facts(EventFacts::Imported {
        file: kind.as_str().to_string(),
    });
    advance(conn, &t, step, &opened.sha, detail, actor, now)?;
    if let Content::Receipt(rc) = &body.content {
        let mut lost = Vec::new();
        for l in &rc.lines {
            if let Some(r) = line_of(l.line) {
                store::set_line_received(
                    conn,
                    r.id,
                    l.received,
                    l.condition,
                    l.reason.map(Reason::as_str),
                )?;
                lost.push((r.clone(), (l.shipped - l.received).max(0)));
            }
        }
        let t = find(conn, &t.transfer)?;
        let shortfall: i64 = lost.iter().map(|(_, q)| q).sum();
        let detail = if shortfall > 0 {
            let lines = rc
                .lines
                .iter()
                .filter(|l| l.received < l.shipped)
                .map(|l| ShortLine {
                    line: i64::from(l.line),
                    lost: l.shipped - l.received,
                    reason: l.reason.map(|r| r.as_str().to_string()),
                })
                .collect();
            Detail::Facts(EventFacts::Shortfall { lines })
        } else {
            Detail::None
        };
        advance(conn, &t, Step::Close, &opened.sha, detail, actor, now)?;
        write_off(conn, &t, partner, &lost, actor, now)?;
    }
    Ok(())
}
