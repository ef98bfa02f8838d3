//! Need statements in the history (issue 9): their lines in the list, a statement's
//! page with the others of its site and category, and taking back a statement that
//! was raised from the requests of a hand-out since undone.
//!
//! Why taking back, and not a new statement "restoring" the old figure: a need's
//! unmet quantity counts what was delivered since its `stated_on`. A new statement
//! made today with the old figure would forget the deliveries made since the old one
//! was stated (15 stated on the 1st with 10 delivered since is 5 unmet; "15" stated
//! again today is 15 unmet). Taking the raised statement back puts the old one in
//! force again with its own date, so the figures are exactly as before the mistake;
//! the raised statement stays in the history, marked, never edited or deleted. It is
//! offered, never done silently: the need may have been right anyway (the site asked
//! twice), so the volunteer who undid the hand-out decides, with one tap.
//!
//! Stable hooks for tests: `li.change[data-kind=need]` in the list; on a statement's
//! page `#standing`, `#statements`, `form#withdraw`; on a hand-out's page
//! `#raised-needs` with one `form.withdraw` per need it can take back. Taking back
//! goes through the confirmation page (`form#confirm`), but for the one-tap Undo
//! beside the confirmation of a statement just made.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use maud::{html, Markup};
use std::collections::HashMap;

use crate::auth::Actor;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::history::pages::{kind_label, need_path, new_form_key, when, NEED, NEEDS};
use crate::idempotency::{self, IdempotencyKey};
use crate::needs::model::{self, NeedHistory, NeedStanding};
use crate::needs::store::StatementRow;
use crate::state::AppState;
use crate::t;
use crate::web::confirm;
use crate::web::{layout, page, see_other, Flash};

/// Names a statement's category, and that of the one that replaced it, in the
/// reader's language (`names`: slug → name).
pub fn rename(
    row: &mut StatementRow,
    standing: &mut NeedStanding,
    names: &HashMap<String, String>,
) {
    if let Some(n) = names.get(&row.category) {
        row.category_name.clone_from(n);
    }
    if let NeedStanding::Replaced(by) = standing {
        if let Some(n) = names.get(&by.category) {
            by.category_name.clone_from(n);
        }
    }
}

/// "Need at Oak: 19 × Blanket", as the list and the pages head a statement.
fn headline(s: &StatementRow) -> String {
    t!(
        "history-need-row",
        site = &s.site_name,
        n = s.quantity,
        item = &s.category_name
    )
}

/// Who stated it, when, and who recorded it.
fn stated(s: &StatementRow) -> String {
    t!(
        "history-need-stated",
        by = &s.stated_by,
        on = s.stated_on,
        who = super::pages::person(&s.actor)
    )
}

/// In force, replaced (by what, with a link), or taken back (by whom, when).
fn standing_mark(standing: &NeedStanding) -> Markup {
    html! {
        @match standing {
            NeedStanding::InForce => { strong.mark { (t!("history-need-in-force")) } },
            NeedStanding::Replaced(by) => {
                strong.mark {
                    (t!("history-need-replaced-by", n = by.quantity, by = &by.stated_by, on = by.stated_on))
                    " " a href=(need_path(by.id)) { bdi { "#" (by.id) } }
                }
            },
            NeedStanding::Withdrawn(w) => {
                strong.mark { (t!("history-need-taken-back", who = &w.actor, when = when(w.created_at))) }
            },
        }
    }
}

/// One statement in the history's list.
pub fn list_item((s, standing): &NeedHistory) -> Markup {
    html! {
        li.change data-kind="need" {
            a href=(need_path(s.id)) { strong { (headline(s)) } }
            // The kind with the number, as every row: numbers repeat across kinds.
            " " span.muted { (when(s.created_at)) " · " bdi.ref { (super::pages::change_label("need", s.id)) } }
            " " (standing_mark(standing))
            br;
            span.summary { (stated(s)) }
        }
    }
}

/// A statement raised from a hand-out's requests, as that hand-out's page shows it.
#[derive(Debug, Clone)]
pub struct Raised {
    pub row: StatementRow,
    pub in_force: bool,
    /// What would be in force if it were taken back (`None`: no need at all).
    pub after: Option<StatementRow>,
}

/// The statement in force once `id` (the first of `all` not taken back) is taken back.
fn after_taking_back(all: &[NeedHistory], id: i64) -> Option<StatementRow> {
    all.iter()
        .filter(|(r, s)| r.id != id && !matches!(s, NeedStanding::Withdrawn(_)))
        .map(|(r, _)| r.clone())
        .next()
}

/// The statements raised from the requests of hand-out `handout`.
pub fn raised_from(
    c: &mut DbConn,
    handout: i64,
    names: &HashMap<String, String>,
) -> AppResult<Vec<Raised>> {
    let mut raised = Vec::new();
    for id in crate::needs::store::raised_from(c, handout)? {
        let Some((_, mut all, _)) = model::chain(c, id)? else {
            continue;
        };
        for (r, s) in all.iter_mut() {
            rename(r, s, names);
        }
        let Some((row, standing)) = all.iter().find(|(r, _)| r.id == id).cloned() else {
            continue;
        };
        raised.push(Raised {
            in_force: standing == NeedStanding::InForce,
            after: after_taking_back(&all, id),
            row,
        });
    }
    Ok(raised)
}

/// What would be in force after taking back: "Oak goes back to 15, stated by …".
fn back_to(row: &StatementRow, after: &Option<StatementRow>) -> String {
    match after {
        Some(a) => t!(
            "history-need-back-to",
            site = &a.site_name,
            n = a.quantity,
            by = &a.stated_by,
            on = a.stated_on
        ),
        None => t!(
            "history-need-back-to-none",
            site = &row.site_name,
            item = &row.category_name
        ),
    }
}

/// How a form that takes a statement back goes on.
enum Then {
    /// Through the confirmation page, whose Cancel leads back to this page.
    Confirm { back: String },
    /// At once: the one-tap undo of a statement just made, beside its confirmation.
    Undo,
}

/// The form that takes statement `id` back.
fn withdraw_form(
    actor: &Actor,
    id: i64,
    html_id: Option<&str>,
    label: String,
    then: Then,
) -> Markup {
    html! {
        form.withdraw id=[html_id] method="post" novalidate action=(format!("{}/undo", need_path(id))) {
            (crate::web::form::csrf_field(actor))
            input type="hidden" name="form_key" value=(new_form_key());
            @match then {
                Then::Confirm { back } => { input type="hidden" name=(BACK) value=(back); },
                Then::Undo => { input type="hidden" name=(confirm::CONFIRMED) value="yes"; },
            }
            button type="submit" { (label) }
        }
    }
}

/// The field naming the page a confirmation's Cancel returns to.
const BACK: &str = "back";

/// Where Cancel leads: the hand-out page the form was on (`back`), else the statement's.
fn cancel_href(id: i64, back: Option<&String>) -> String {
    back.and_then(|b| b.strip_prefix("/history/hand-out/"))
        .filter(|h| !h.is_empty() && h.len() <= 18 && h.bytes().all(|b| b.is_ascii_digit()))
        .map(|h| crate::history::pages::detail_path("hand-out", h.parse().unwrap_or(0)))
        .unwrap_or_else(|| need_path(id))
}

/// After stating a need: "See it" (its page, with every statement of its site and
/// category) and, while its author may still take it back, "Undo", apart as after any
/// other save.
pub fn offer(actor: &Actor, id: i64, undoable: bool) -> Markup {
    html! {
        span.offer {
            a.see-it href=(need_path(id)) { (t!("history-see-it")) }
            @if undoable { " " (withdraw_form(actor, id, None, t!("history-undo"), Then::Undo)) }
        }
    }
}

/// On a hand-out's page: the needs raised from its requests. Once the hand-out is
/// undone (`undone`), a need it raised that still stands says so, with what taking it
/// back would leave, and the one tap that does it.
pub fn raised_section(actor: &Actor, handout: i64, raised: &[Raised], undone: bool) -> Markup {
    if raised.is_empty() {
        return html! {};
    }
    let back = crate::history::pages::detail_path("hand-out", handout);
    let may = crate::needs::pages::may_state(actor);
    html! {
        section #raised-needs.group {
            @for r in raised {
                @if undone && r.in_force {
                    p.raised {
                        (t!("history-need-raised-stays", n = r.row.quantity, item = &r.row.category_name, site = &r.row.site_name))
                        " " a href=(need_path(r.row.id)) { bdi { "#" (r.row.id) } } " "
                        (back_to(&r.row, &r.after))
                    }
                    @if may { (withdraw_form(actor, r.row.id, None, t!("history-need-take-back-too"), Then::Confirm { back: back.clone() })) }
                } @else {
                    p.raised.muted {
                        (t!("history-need-raised-into", n = r.row.quantity, item = &r.row.category_name, site = &r.row.site_name))
                        " " a href=(need_path(r.row.id)) { bdi { "#" (r.row.id) } }
                    }
                }
            }
        }
    }
}

/// Everything a statement's page shows.
struct NeedPage {
    row: StatementRow,
    /// Every statement of its site and category, with what became of each.
    all: Vec<NeedHistory>,
    /// The hand-outs it was raised from.
    evidence: Vec<i64>,
    withdrawable: bool,
}

async fn load(state: &AppState, actor: &Actor, id: i64) -> AppResult<NeedPage> {
    let me = actor.clone();
    let now = state.clock.now();
    let lang = crate::i18n::Lang::current();
    let missing = t!(
        "history-error-no-change",
        kind = kind_label(NEED),
        id = id.to_string()
    );
    let hidden = t!(
        "history-error-forbidden",
        role = crate::web::role_name(actor.role),
        kind = kind_label(NEED)
    );
    state
        .db
        .read(move |c| {
            let (row, mut all, evidence) =
                model::chain(c, id)?.ok_or(AppError::NotFound(missing))?;
            // Those whose job the needs are, and whoever recorded it.
            if !crate::history::pages::may_see_needs(&me) && row.actor != me.handle {
                return Err(AppError::Forbidden(hidden));
            }
            let names = crate::catalog::names::in_lang(c, lang)?;
            for (r, s) in all.iter_mut() {
                rename(r, s, &names);
            }
            let withdrawable = crate::needs::pages::may_state(&me)
                && match model::withdrawable(c, id, &me.handle, now) {
                    Ok(_) => true,
                    Err(AppError::Conflict { .. }) => false,
                    Err(e) => return Err(e),
                };
            let row = all
                .iter()
                .find(|(r, _)| r.id == id)
                .map(|(r, _)| r.clone())
                .unwrap_or(row);
            Ok(NeedPage {
                row,
                all,
                evidence,
                withdrawable,
            })
        })
        .await
}

/// `GET /history/need/{id}`; `withdrawn` when it was just taken back.
pub async fn detail_page(
    state: &AppState,
    actor: &Actor,
    id: i64,
    withdrawn: Option<i64>,
) -> AppResult<HttpResponse> {
    let p = load(state, actor, id).await?;
    let flash = withdrawn.filter(|w| *w == id).map(|_| {
        let now = p
            .all
            .iter()
            .find(|(_, s)| *s == NeedStanding::InForce)
            .map(|(r, _)| r.clone());
        Flash::Ok(format!(
            "{} {}",
            t!(
                "history-need-withdrawn",
                n = p.row.quantity,
                item = &p.row.category_name,
                site = &p.row.site_name
            ),
            match now {
                Some(n) => t!(
                    "history-need-now",
                    n = n.quantity,
                    by = &n.stated_by,
                    on = n.stated_on
                ),
                None => t!(
                    "history-need-now-none",
                    item = &p.row.category_name,
                    site = &p.row.site_name
                ),
            }
        ))
    });
    Ok(render(actor, &p, flash, StatusCode::OK))
}

fn render(actor: &Actor, p: &NeedPage, flash: Option<Flash>, status: StatusCode) -> HttpResponse {
    let s = &p.row;
    let title = t!(
        "history-detail-title",
        kind = kind_label(NEED),
        id = s.id.to_string()
    );
    let standing = p
        .all
        .iter()
        .find(|(r, _)| r.id == s.id)
        .map(|(_, st)| st.clone())
        .unwrap_or(NeedStanding::InForce);
    let body = html! {
        h1 { (title) }
        p #standing { (standing_mark(&standing)) }
        dl.facts {
            dt { (t!("history-fact-site")) } dd { (s.site_name) }
            dt { (t!("history-need-fact-item")) } dd { (s.category_name) }
            dt { (t!("history-need-fact-quantity")) } dd { bdi { (crate::i18n::number(s.quantity)) } }
            dt { (t!("history-need-fact-stated-by")) } dd { bdi { (s.stated_by) } }
            dt { (t!("history-need-fact-stated-on")) } dd { (crate::i18n::date(s.stated_on)) }
            @if let Some(by) = s.needed_by {
                dt { (t!("history-need-fact-needed-by")) } dd { (crate::i18n::date(by)) }
            }
            dt { (t!("history-fact-recorded-by")) } dd { bdi { (s.actor) } }
            dt { (t!("history-need-fact-recorded-at")) } dd { (when(s.created_at)) }
        }
        @if !p.evidence.is_empty() {
            p #raised-from {
                (t!("history-need-raised-from"))
                @for h in &p.evidence {
                    " " a href=(crate::history::pages::detail_path("hand-out", *h)) { bdi { "#" (h) } }
                }
            }
        }
        @if p.withdrawable {
            section.group {
                h2 { (t!("history-need-take-back-heading")) }
                p.muted { (back_to(s, &after_taking_back(&p.all, s.id))) }
                (withdraw_form(actor, s.id, Some("withdraw"), t!("history-need-take-back"), Then::Confirm { back: need_path(s.id) }))
            }
        }
        section #statements {
            h2 { (t!("history-need-statements", item = &s.category_name, site = &s.site_name)) }
            ul.changes {
                @for (r, st) in &p.all {
                    li {
                        @if r.id == s.id {
                            strong { (t!("history-need-line", n = r.quantity, by = &r.stated_by, on = r.stated_on)) }
                        } @else {
                            a href=(need_path(r.id)) { (t!("history-need-line", n = r.quantity, by = &r.stated_by, on = r.stated_on)) }
                        }
                        " " span.muted { bdi { "#" (r.id) } } " " (standing_mark(st))
                    }
                }
            }
        }
        p { a href={ "/needs#" (s.site) } { (t!("history-need-needs-page")) } }
        p { a href={ "/history?kind=" (NEEDS) } { (t!("history-back")) } }
    };
    page(status, layout(Some(actor), &title, flash, body))
}

/// `POST /history/need/{id}/undo`: taking a statement back cannot be undone, so it
/// is first restated on the confirmation page, and done only on the confirmed POST
/// (the one-tap undo of one's own statement just made comes confirmed), once per form
/// key; a refusal shows its page again, saying why, nothing changed.
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    id: i64,
    fields: &HashMap<String, String>,
) -> AppResult<HttpResponse> {
    if !crate::needs::pages::may_state(actor) {
        return Err(AppError::Forbidden(t!(
            "history-need-error-role",
            role = crate::web::role_name(actor.role)
        )));
    }
    let who = actor.handle.clone();
    let now = state.clock.now();
    if !confirm::is_confirmed(fields) {
        let may = state
            .db
            .read(move |c| model::withdrawable(c, id, &who, now).map(drop))
            .await;
        return match may {
            Ok(()) => confirmation(state, actor, id, fields).await,
            Err(e) => refused(state, actor, id, e).await,
        };
    }
    let key = IdempotencyKey(crate::history::pages::form_key(fields).map(|k| format!("form-{k}")));
    let result = idempotency::once_typed::<i64, _>(
        state,
        actor,
        key,
        format!("page-need-withdraw:{id}"),
        move |c| model::withdraw(c, id, &who, now),
    )
    .await;
    match result {
        Ok(_) => Ok(see_other(&format!("{}?withdrawn={id}", need_path(id)))),
        Err(e) => refused(state, actor, id, e).await,
    }
}

/// "Take back the need for 19 × Tent (2 person) at Oak?": what would be in force after,
/// and that the statement stays in the history; Confirm posts the form again.
async fn confirmation(
    state: &AppState,
    actor: &Actor,
    id: i64,
    fields: &HashMap<String, String>,
) -> AppResult<HttpResponse> {
    let p = load(state, actor, id).await?;
    let s = &p.row;
    let title = t!(
        "history-need-confirm-title",
        n = s.quantity,
        item = &s.category_name,
        site = &s.site_name
    );
    let action = format!("{}/undo", need_path(id));
    let mut reposted: Vec<(String, String)> = fields
        .iter()
        .filter(|(k, _)| k.as_str() != "csrf")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    reposted.sort();
    let label = t!("history-need-take-back-heading");
    let cancel = cancel_href(id, fields.get(BACK));
    Ok(confirm::confirm_page(
        actor,
        &confirm::Confirmation {
            title: &title,
            restated: html! {
                p { (back_to(s, &after_taking_back(&p.all, id))) }
                p.muted { (t!("history-need-confirm-kept")) }
            },
            action: &action,
            fields: &reposted,
            confirm_label: &label,
            cancel_href: &cancel,
        },
    ))
}

/// Taking back refused: the statement's page again, saying why in words.
async fn refused(state: &AppState, actor: &Actor, id: i64, e: AppError) -> AppResult<HttpResponse> {
    match e {
        AppError::NotFound(_) => Err(AppError::NotFound(t!(
            "history-error-no-change",
            kind = kind_label(NEED),
            id = id.to_string()
        ))),
        AppError::Conflict { code, message, .. } => {
            let why = match code {
                "need_withdrawn" => t!("history-need-error-withdrawn"),
                "need_replaced" => t!("history-need-error-replaced"),
                "need_stands" => t!("history-need-error-stands"),
                _ => message,
            };
            let p = load(state, actor, id).await?;
            let flash = Flash::Error(t!("history-not-saved", why = why.trim_end_matches('.')));
            Ok(render(actor, &p, Some(flash), StatusCode::CONFLICT))
        }
        e => Err(e),
    }
}
