//! Corrections: the request, the rules (who may correct what, undo within ten minutes)
//! and the arithmetic that turns "what the change should have done" into new ledger
//! movements. Nothing earlier is edited: a correction is a change of its own.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

use crate::auth::{Actor, Role};
use crate::catalog::Condition;
use crate::corrections::store::{self, ChangeHead, NewCorrection};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::ledger::lines::{self, Lookup};
use crate::ledger::{Cause, Change, Movement, Quantity, StockKey};
use crate::locations::LocationKind;
use crate::t;

/// The reason an undo is recorded with.
pub const UNDONE: &str = "undone";
/// How long a volunteer may undo their own last change in one tap.
pub const UNDO_MINUTES: i64 = 10;
pub const MAX_REASON_CHARS: usize = 200;

/// The change a correction corrects: its ledger cause and id.
#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChangeRef {
    pub kind: String,
    pub id: i64,
}

/// One line of what the corrected change should have done. The location defaults to
/// the change's own (an intake's warehouse, a hand-out's site); an intake logged at the
/// wrong warehouse is corrected by naming the right one.
#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CorrectedLine {
    #[serde(default)]
    pub location: Option<String>,
    pub category: String,
    pub condition: Condition,
    pub quantity: Quantity,
}

/// `POST /api/v1/corrections`: without `lines` the change is reversed entirely; with
/// `lines`, they are what it should have been and the difference is written. `undo`
/// is the one-tap undo of one's own last change (reason "undone").
#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CorrectionRequest {
    pub of: ChangeRef,
    #[serde(default)]
    pub lines: Option<Vec<CorrectedLine>>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub undo: bool,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct CorrectionEntry {
    pub location: String,
    pub category: String,
    pub condition: Condition,
    pub quantity: i64,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct CorrectionView {
    pub id: i64,
    pub of: ChangeRef,
    pub reason: String,
    pub actor: String,
    #[serde(serialize_with = "crate::utc::serialize")]
    pub created_at: NaiveDateTime,
    pub entries: Vec<CorrectionEntry>,
}

/// A change's net effect on stock: signed quantity per projection row, zeros dropped.
pub type Effect = BTreeMap<StockKey, i64>;

pub fn net(moves: impl IntoIterator<Item = (StockKey, i64)>) -> Effect {
    let mut e = Effect::new();
    for (k, q) in moves {
        *e.entry(k).or_insert(0) += q;
    }
    e.retain(|_, q| *q != 0);
    e
}

/// The movements that take a change's effect from `current` to `desired`.
pub fn difference(desired: &Effect, current: &Effect) -> Vec<Movement> {
    let mut keys: Vec<&StockKey> = desired.keys().chain(current.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let q = desired.get(k).copied().unwrap_or(0) - current.get(k).copied().unwrap_or(0);
            (q != 0).then_some(Movement {
                location_id: k.0,
                category_id: k.1,
                condition: k.2,
                quantity: q,
            })
        })
        .collect()
}

/// Causes that can be corrected here; a run's load, delivery and return belong to
/// the run's state and are corrected on the run.
pub fn correctable(kind: &str) -> Result<Cause, String> {
    match Cause::parse(kind) {
        None => Err(format!(
            "unknown kind '{kind}': one of intake, hand-out, transfer, regrade, stocktake, write-off, correction"
        )),
        Some(Cause::Load | Cause::Delivery | Cause::Return) => Err(format!(
            "a run's {kind} cannot be corrected here: use the run's page"
        )),
        Some(Cause::PartnerDispatch | Cause::LostInTransit) => Err(format!(
            "a handover's {kind} cannot be corrected here: it is agreed with the partner by signed files"
        )),
        Some(Cause::Boxing) => Err(
            "a box change cannot be corrected here: use the box's page (/b/CODE)".to_string(),
        ),
        Some(c) => Ok(c),
    }
}

/// Warehouse volunteers and coordinators correct anything; others their own changes.
pub fn may_correct(actor: &Actor, author: &str) -> bool {
    matches!(actor.role, Role::Warehouse | Role::Coordinator) || actor.handle == author
}

/// Why a one-tap undo is refused. The API answers `403` with the code `forbidden` and
/// the English sentence (`Display`); a page words it in its reader's language
/// (`words`, `locales/*/corrections.ftl`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoRefusal {
    /// Someone else made the change.
    NotYours { author: String, cause: Cause },
    /// The volunteer has made another change since.
    NotLast { cause: Cause },
    /// More than `UNDO_MINUTES` have passed.
    TooLate { cause: Cause },
    /// The change is itself an undo: undoing it would bring back a change its author
    /// took back, with no reason given; the change is recorded again instead.
    AnUndo,
}

impl UndoRefusal {
    /// A key for programs and tests, the same in every language.
    pub fn code(&self) -> &'static str {
        match self {
            UndoRefusal::NotYours { .. } => "undo_not_yours",
            UndoRefusal::NotLast { .. } => "undo_not_last",
            UndoRefusal::TooLate { .. } => "undo_too_late",
            UndoRefusal::AnUndo => "undo_of_an_undo",
        }
    }

    /// The refusal in the current language, for a page.
    pub fn words(&self) -> String {
        let kind = |c: &Cause| crate::history::pages::kind_label(c.as_str());
        match self {
            UndoRefusal::NotYours { author, cause } => t!(
                "corrections-undo-not-yours",
                author = author.as_str(),
                kind = kind(cause)
            ),
            UndoRefusal::NotLast { cause } => {
                t!("corrections-undo-not-last", kind = kind(cause))
            }
            UndoRefusal::TooLate { cause } => t!(
                "corrections-undo-too-late",
                minutes = UNDO_MINUTES,
                kind = kind(cause)
            ),
            UndoRefusal::AnUndo => t!("corrections-undo-an-undo"),
        }
    }
}

impl fmt::Display for UndoRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UndoRefusal::NotYours { author, cause } => write!(
                f,
                "only {author} can undo this {cause}: ask a warehouse volunteer or a coordinator to correct it"
            ),
            UndoRefusal::NotLast { cause } => write!(
                f,
                "this {cause} is not your last change: correct it with a reason on its page instead"
            ),
            UndoRefusal::TooLate { cause } => write!(
                f,
                "more than {UNDO_MINUTES} minutes have passed since this {cause}: correct it with a reason on its page instead"
            ),
            UndoRefusal::AnUndo => write!(
                f,
                "this correction is an undo, which is not undone in turn: record the change again instead"
            ),
        }
    }
}

/// Why an undo is refused, if it is: only one's own last change, within ten minutes,
/// and never an undo (`is_undo`).
pub fn undo_refusal(
    actor: &Actor,
    head: &ChangeHead,
    is_last: bool,
    is_undo: bool,
    now: NaiveDateTime,
) -> Option<UndoRefusal> {
    let cause = head.cause;
    if is_undo {
        return Some(UndoRefusal::AnUndo);
    }
    if head.actor != actor.handle {
        return Some(UndoRefusal::NotYours {
            author: head.actor.clone(),
            cause,
        });
    }
    if !is_last {
        return Some(UndoRefusal::NotLast { cause });
    }
    if now - head.at > chrono::Duration::minutes(UNDO_MINUTES) {
        return Some(UndoRefusal::TooLate { cause });
    }
    None
}

/// Whether the change is a correction that undid another.
pub fn is_an_undo(conn: &mut DbConn, cause: Cause, id: i64) -> AppResult<bool> {
    Ok(cause == Cause::Correction
        && store::correction(conn, id)?.is_some_and(|r| r.reason == UNDONE))
}

/// Records one correction inside the caller's write transaction: refused whole (and
/// nothing written) when the kind or id is unknown, the volunteer may not, there is
/// nothing to change, or stock would go below zero. An undo's refusal is in English.
pub fn record(
    conn: &mut DbConn,
    req: &CorrectionRequest,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<CorrectionView> {
    record_with(conn, req, actor, now, &|r| r.to_string())
}

/// `record` for a page: an undo's refusal is worded in `lang` (the write runs outside
/// the request, so the language is passed in).
pub fn record_in(
    conn: &mut DbConn,
    req: &CorrectionRequest,
    actor: &Actor,
    now: NaiveDateTime,
    lang: Lang,
) -> AppResult<CorrectionView> {
    record_with(conn, req, actor, now, &|r| lang.sync_scope(|| r.words()))
}

fn record_with(
    conn: &mut DbConn,
    req: &CorrectionRequest,
    actor: &Actor,
    now: NaiveDateTime,
    word: &dyn Fn(&UndoRefusal) -> String,
) -> AppResult<CorrectionView> {
    let cause = correctable(&req.of.kind).map_err(|m| AppError::invalid("of.kind", m))?;
    let head = store::head(conn, cause, req.of.id)?
        .ok_or_else(|| AppError::NotFound(format!("no {} #{}", cause, req.of.id)))?;
    let mut lookup = Lookup::load(conn)?;
    let reason = if req.undo {
        if req.lines.is_some() {
            lookup.push(
                "lines",
                "an undo reverses the change entirely: leave lines out",
            );
        }
        if req.reason.as_deref().is_some_and(|r| r.trim() != UNDONE) {
            lookup.push("reason", "an undo's reason is always \"undone\"");
        }
        UNDONE.to_string()
    } else {
        let r = lines::required_text(
            "reason",
            req.reason.as_deref().unwrap_or(""),
            MAX_REASON_CHARS,
            &mut lookup,
        );
        if let Err(problem) = crate::notes::check_note(&r) {
            lookup.push("reason", problem.message());
        }
        r
    };
    let desired = match &req.lines {
        None => Effect::new(),
        Some(wanted) => desired_effect(&mut lookup, cause, &head, wanted),
    };
    lookup.finish()?;
    if req.undo {
        let is_last = store::last_change_of(conn, &actor.handle)? == Some((cause, req.of.id));
        let is_undo = is_an_undo(conn, cause, req.of.id)?;
        if let Some(why) = undo_refusal(actor, &head, is_last, is_undo, now) {
            return Err(AppError::Forbidden(word(&why)));
        }
    } else if !may_correct(actor, &head.actor) {
        return Err(AppError::Forbidden(format!(
            "a {} may correct only their own changes",
            actor.role.as_str()
        )));
    }
    let current = store::effect(conn, cause, req.of.id)?;
    let moves = difference(&desired, &current);
    if moves.is_empty() {
        return Err(AppError::Conflict {
            code: "nothing_to_correct",
            message: format!(
                "{} #{} already has that effect: there is nothing to correct",
                cause, req.of.id
            ),
            details: serde_json::Value::Null,
        });
    }
    let id = store::insert(
        conn,
        &NewCorrection {
            of_cause: cause,
            of_id: req.of.id,
            reason: reason.clone(),
            actor: actor.handle.clone(),
            created_at: now,
        },
    )?;
    let change = Change {
        actor: &actor.handle,
        cause: Cause::Correction,
        cause_id: id,
        at: now,
    };
    crate::ledger::apply(conn, &change, &moves)?;
    Ok(CorrectionView {
        id,
        of: ChangeRef {
            kind: cause.as_str().to_string(),
            id: req.of.id,
        },
        reason,
        actor: actor.handle.clone(),
        created_at: now,
        entries: store::entries_of(conn, id)?,
    })
}

/// What the change should have done, from its corrected lines. Lines are given for an
/// intake (goods in at a warehouse) or a hand-out (goods out at its site) only: any
/// other change is reversed entirely and made again.
fn desired_effect(
    lookup: &mut Lookup,
    cause: Cause,
    head: &ChangeHead,
    wanted: &[CorrectedLine],
) -> Effect {
    let (sign, kind) = match cause {
        Cause::Intake => (1, LocationKind::Warehouse),
        Cause::Handout => (-1, LocationKind::Site),
        other => {
            lookup.push(
                "lines",
                format!("lines can be given for an intake or a hand-out, not a {other}: leave them out to reverse it, then make it again"),
            );
            return Effect::new();
        }
    };
    if wanted.is_empty() {
        lookup.push(
            "lines",
            "lines must have at least one line: leave them out to reverse the change entirely",
        );
    }
    if wanted.len() > lines::MAX_LINES {
        lookup.push(
            "lines",
            format!("lines may have at most {} lines", lines::MAX_LINES),
        );
    }
    let mut moves = Vec::new();
    for (i, l) in wanted.iter().enumerate() {
        let location = match &l.location {
            None => head.location_id,
            Some(slug) => match lookup.location(&format!("lines[{i}].location"), slug, &[kind]) {
                Some(loc) => Some(loc.id),
                None => continue,
            },
        };
        let category = lookup.category(&format!("lines[{i}].category"), &l.category);
        if let (Some(loc), Some(cat)) = (location, category) {
            moves.push(((loc, cat.id, l.condition), sign * l.quantity.get()));
        }
    }
    net(moves)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(loc: i64, cat: i64) -> StockKey {
        (loc, cat, Condition::Good)
    }

    #[test]
    fn reversing_writes_the_opposite_of_the_effect() {
        let current = net([(k(1, 1), 12), (k(1, 2), 3)]);
        let moves = difference(&Effect::new(), &current);
        let q: Vec<i64> = moves.iter().map(|m| m.quantity).collect();
        assert_eq!(q, vec![-12, -3]);
    }

    #[test]
    fn moving_an_intake_to_another_warehouse_is_out_here_in_there() {
        let current = net([(k(1, 1), 12)]);
        let desired = net([(k(2, 1), 12)]);
        let moves = difference(&desired, &current);
        assert_eq!(moves.len(), 2);
        assert!(moves
            .iter()
            .any(|m| m.location_id == 1 && m.quantity == -12));
        assert!(moves.iter().any(|m| m.location_id == 2 && m.quantity == 12));
    }

    #[test]
    fn the_same_lines_change_nothing_and_zeros_vanish() {
        let current = net([(k(1, 1), 5), (k(1, 1), -5), (k(1, 2), 4)]);
        assert_eq!(current.len(), 1);
        assert!(difference(&current.clone(), &current).is_empty());
        let fewer = difference(&net([(k(1, 2), 3)]), &current);
        assert_eq!(fewer[0].quantity, -1);
    }

    #[test]
    fn run_causes_and_unknown_kinds_are_refused() {
        assert!(correctable("load").is_err());
        assert!(correctable("delivery").is_err());
        assert!(correctable("bogus").is_err());
        assert_eq!(correctable("intake"), Ok(Cause::Intake));
        assert_eq!(correctable("correction"), Ok(Cause::Correction));
    }

    fn head(actor: &str, at: NaiveDateTime) -> ChangeHead {
        ChangeHead {
            cause: Cause::Handout,
            actor: actor.into(),
            at,
            location_id: Some(1),
        }
    }

    #[test]
    fn undo_is_for_ones_own_last_change_within_ten_minutes() {
        let t0 = chrono::NaiveDate::from_ymd_opt(2026, 11, 29)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap_or_default();
        let dee = Actor {
            handle: "dee".into(),
            role: Role::Distributor,
            csrf: None,
        };
        let soon = t0 + chrono::Duration::minutes(9);
        let late = t0 + chrono::Duration::minutes(11);
        assert_eq!(
            undo_refusal(&dee, &head("dee", t0), true, false, soon),
            None
        );
        let late = undo_refusal(&dee, &head("dee", t0), true, false, late);
        assert_eq!(late.as_ref().map(UndoRefusal::code), Some("undo_too_late"));
        assert!(late.is_some_and(|r| r.to_string().contains("10 minutes")));
        let foreign = undo_refusal(&dee, &head("ann", t0), true, false, soon);
        assert_eq!(
            foreign,
            Some(UndoRefusal::NotYours {
                author: "ann".into(),
                cause: Cause::Handout
            })
        );
        assert!(foreign.is_some_and(|r| r.to_string().contains("only ann")));
        assert_eq!(
            undo_refusal(&dee, &head("dee", t0), false, false, soon),
            Some(UndoRefusal::NotLast {
                cause: Cause::Handout
            })
        );
        // An undo, even one's own last within the ten minutes.
        let again = undo_refusal(&dee, &head("dee", t0), true, true, soon);
        assert_eq!(
            again.as_ref().map(UndoRefusal::code),
            Some("undo_of_an_undo")
        );
    }

    #[test]
    fn undo_refusals_are_worded_in_each_language() {
        let refusals = [
            UndoRefusal::NotYours {
                author: "ann".into(),
                cause: Cause::Handout,
            },
            UndoRefusal::NotLast {
                cause: Cause::Intake,
            },
            UndoRefusal::TooLate {
                cause: Cause::Handout,
            },
            UndoRefusal::AnUndo,
        ];
        for r in &refusals {
            let en = Lang::En.sync_scope(|| r.words());
            for lang in [Lang::Fr, Lang::Ar] {
                let words = lang.sync_scope(|| r.words());
                assert!(!words.is_empty() && words != en, "{lang:?}: {words}");
                assert!(!words.contains("corrections-undo"), "{words}");
            }
        }
        let fr = Lang::Fr.sync_scope(|| refusals[2].words());
        assert!(fr.contains("10") && fr.contains("minutes"), "{fr}");
    }
}
