//! Scan pages and label printing: `/b/{code}` (what the phone's camera opens from a
//! label) shows a box and offers the actions the volunteer's role allows, each one tap
//! plus a confirmation; `/b` takes a code typed by hand; `/labels` reserves blank labels
//! and `/labels/sheet` prints them.
//!
//! Stable hooks for browser tests: `#box-summary`, `#box-history`, forms
//! `#do-{action}` (hidden `action`), `#confirm-form` with `#confirm`, `#typed-code`
//! with `#code`, `.label` on sheets with `data-code`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;

use crate::auth::{Actor, Role};
use crate::boxes::code::LabelCode;
use crate::boxes::labels::{self, Layout};
use crate::boxes::model::{
    self, BoxDetail, BoxHandoutRequest, CountRequest, EmptyRequest, FillRequest, MergeRequest,
    Missing, MoveRequest, RegradeRequest, SplitRequest,
};
use crate::catalog::{Category, Condition};
use crate::error::{AppError, AppResult};
use crate::history::pages::{strong_in, when, SLOT};
use crate::idempotency::{self, IdempotencyKey};
use crate::ledger::quantity::MAX_QUANTITY;
use crate::ledger::Quantity;
use crate::locations::{Location, LocationKind};
use crate::state::AppState;
use crate::t;
use crate::web::{layout, page, see_other, Flash};

/// What a volunteer can do to a box, and the roles that may (a coordinator always may).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Fill,
    Move,
    Regrade,
    Add,
    Take,
    Empty,
    Split,
    Merge,
    HandOut,
}

impl Action {
    const ALL: [Action; 9] = [
        Action::Fill,
        Action::Move,
        Action::Regrade,
        Action::Add,
        Action::Take,
        Action::Empty,
        Action::Split,
        Action::Merge,
        Action::HandOut,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Action::Fill => "fill",
            Action::Move => "move",
            Action::Regrade => "regrade",
            Action::Add => "add",
            Action::Take => "take",
            Action::Empty => "empty",
            Action::Split => "split",
            Action::Merge => "merge",
            Action::HandOut => "handout",
        }
    }

    fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether this action's form shows a problem with `field` beside that field (the
    /// rest is said above the form's button).
    fn beside(self, field: &str) -> bool {
        matches!(
            (self, field),
            (
                Action::Fill | Action::Add | Action::Take | Action::Split | Action::HandOut,
                "quantity"
            ) | (Action::Split, "into")
                | (Action::Merge, "from")
        )
    }

    /// Whether the form sits in the folded "more" section.
    fn folded(self) -> bool {
        matches!(
            self,
            Action::Add | Action::Take | Action::Split | Action::Merge | Action::Empty
        )
    }

    fn allows(self, role: Role) -> bool {
        match self {
            Action::HandOut => matches!(role, Role::Distributor | Role::Coordinator),
            _ => matches!(role, Role::Warehouse | Role::Coordinator),
        }
    }

    /// What the message after it says was done.
    fn done(self) -> String {
        match self {
            Action::Fill => t!("boxes-done-fill"),
            Action::Move => t!("boxes-done-move"),
            Action::Regrade => t!("boxes-done-regrade"),
            Action::Add => t!("boxes-done-add"),
            Action::Take => t!("boxes-done-take"),
            Action::Empty => t!("boxes-done-empty"),
            Action::Split => t!("boxes-done-split"),
            Action::Merge => t!("boxes-done-merge"),
            Action::HandOut => t!("boxes-done-handout"),
        }
    }

    /// The confirmation's Yes button.
    fn yes(self) -> String {
        match self {
            Action::Fill => t!("boxes-yes-fill"),
            Action::Move => t!("boxes-yes-move"),
            Action::Regrade => t!("boxes-yes-regrade"),
            Action::Add => t!("boxes-yes-add"),
            Action::Take => t!("boxes-yes-take"),
            Action::Empty => t!("boxes-yes-empty"),
            Action::Split => t!("boxes-yes-split"),
            Action::Merge => t!("boxes-yes-merge"),
            Action::HandOut => t!("boxes-yes-handout"),
        }
    }
}

/// A bike's part as a volunteer reads it.
pub(crate) fn part_name(part: &str) -> String {
    match part {
        "brakes" => t!("boxes-part-brakes"),
        "tyres" => t!("boxes-part-tyres"),
        "chain" => t!("boxes-part-chain"),
        "lights" => t!("boxes-part-lights"),
        "gears" => t!("boxes-part-gears"),
        "saddle" => t!("boxes-part-saddle"),
        "pedals" => t!("boxes-part-pedals"),
        other => other.to_string(),
    }
}

/// A line of a box's history, by what was done to it.
fn history_kind(kind: &str) -> String {
    match kind {
        "packed" => t!("boxes-did-packed"),
        "registered" => t!("boxes-did-registered"),
        "moved" => t!("boxes-did-moved"),
        "regraded" => t!("boxes-did-regraded"),
        "repaired" => t!("boxes-did-repaired"),
        "repair-state" => t!("boxes-did-repair-state"),
        "added" => t!("boxes-did-added"),
        "taken" => t!("boxes-did-taken"),
        "emptied" => t!("boxes-did-emptied"),
        "split" => t!("boxes-did-split"),
        "merged" => t!("boxes-did-merged"),
        "hand-out" => t!("boxes-did-handout"),
        "opened" => t!("boxes-did-opened"),
        other => other.to_string(),
    }
}

/// A sheet of labels, in words.
fn layout_name(l: Layout) -> String {
    match l {
        Layout::A4TwoBySeven => t!("boxes-layout-2x7"),
        Layout::A4ThreeByEight => t!("boxes-layout-3x8"),
        Layout::Single => t!("boxes-layout-single"),
    }
}

/// A typed label code that is not one, said in the request's language.
fn not_a_code(raw: &str) -> String {
    t!(
        "boxes-error-code",
        code = raw.chars().take(20).collect::<String>(),
        example = "K7M4QX"
    )
}

fn base_url(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

#[derive(Debug, Deserialize)]
pub struct TypedQuery {
    pub code: Option<String>,
}

/// `/b`: a code typed by hand goes to its box page, like a scan.
pub async fn typed_code(actor: Actor, query: web::Query<TypedQuery>) -> HttpResponse {
    let typed = query.into_inner().code.unwrap_or_default();
    if typed.trim().is_empty() {
        return page(
            StatusCode::OK,
            layout(
                Some(&actor),
                &t!("boxes-find-title"),
                None,
                typed_form("", None),
            ),
        );
    }
    match LabelCode::parse(&typed) {
        Ok(code) => see_other(&format!("/b/{code}")),
        Err(_) => page(
            StatusCode::UNPROCESSABLE_ENTITY,
            layout(
                Some(&actor),
                &t!("boxes-find-title"),
                None,
                typed_form(&typed, Some(not_a_code(&typed).as_str())),
            ),
        ),
    }
}

fn typed_form(value: &str, error: Option<&str>) -> Markup {
    html! {
        h1 { (t!("boxes-find-title")) }
        p.muted { (t!("boxes-find-how")) }
        form #typed-code method="get" novalidate action="/b" {
            div.field {
                label for="code" { (t!("boxes-code-label")) }
                input #code type="text" name="code" value=(value) maxlength="20" autocapitalize="characters" autocomplete="off" required
                    aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| "code-error")];
                @if let Some(e) = error { p.field-error #code-error role="alert" { (e) } }
            }
            button type="submit" { (t!("boxes-open")) }
        }
    }
}

/// What a box page needs besides the box.
struct Choices {
    /// Warehouses first, then sites.
    locations: Vec<Location>,
    categories: Vec<Category>,
    /// The warehouse this volunteer last changed stock at, if any.
    last_warehouse: Option<String>,
}

impl Choices {
    /// Where a box is most likely going: the volunteer's last warehouse, else the first
    /// warehouse, never `not_here` (moving a box to where it is is refused).
    fn likely_place(&self, not_here: Option<&str>) -> Option<&str> {
        let warehouses = self
            .locations
            .iter()
            .filter(|l| l.is(LocationKind::Warehouse))
            .map(|l| l.slug.as_str());
        self.last_warehouse
            .as_deref()
            .into_iter()
            .chain(warehouses)
            .find(|slug| Some(*slug) != not_here)
    }
}

async fn load(state: &AppState, actor: &Actor, code: String) -> AppResult<(BoxDetail, Choices)> {
    let handle = actor.handle.clone();
    let lang = crate::i18n::Lang::current();
    state
        .db
        .read(move |c| {
            let mut detail = model::detail(c, &code)?;
            let names = crate::catalog::names::in_lang(c, lang)?;
            if let Some(n) = detail.view.category.as_ref().and_then(|s| names.get(s)) {
                detail.view.category_name = Some(n.clone());
            }
            // History lines kept as facts are worded in the reader's language.
            for h in detail.history.iter_mut() {
                if let Some(f) = &h.facts {
                    h.detail = Some(lang.sync_scope(|| f.words(&names)));
                }
            }
            let mut locations: Vec<Location> = crate::locations::store::all(c, None)?
                .into_iter()
                .filter(|l| model::BOX_PLACES.iter().any(|k| l.is(*k)))
                .collect();
            locations.sort_by_key(|l| !l.is(LocationKind::Warehouse));
            let mut categories = crate::catalog::store::all(c)?;
            for cat in categories.iter_mut() {
                if let Some(n) = names.get(&cat.slug) {
                    cat.name = n.clone();
                }
            }
            categories.sort_by(|a, b| a.name.cmp(&b.name));
            // Where this volunteer last changed stock, any cause: where a box goes.
            let last_warehouse =
                crate::locations::store::last_used_by(c, &handle, LocationKind::Warehouse, None)?;
            Ok((
                detail,
                Choices {
                    locations,
                    categories,
                    last_warehouse,
                },
            ))
        })
        .await
}

fn unknown_code(actor: &Actor, code: &str) -> HttpResponse {
    let body = html! {
        h1 { (t!("boxes-unknown-title")) }
        p.flash.error role="alert" #unknown-code { (t!("boxes-unknown")) }
        p { (t!("boxes-unknown-hint")) }
        (typed_form(code, None))
    };
    page(
        StatusCode::NOT_FOUND,
        layout(Some(actor), &t!("boxes-unknown-title"), None, body),
    )
}

pub async fn box_page(
    state: web::Data<AppState>,
    actor: Actor,
    code: web::Path<String>,
    query: web::Query<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let code = code.into_inner();
    let (detail, choices) = match load(&state, &actor, code.clone()).await {
        Ok(x) => x,
        Err(AppError::NotFound(_)) => return Ok(unknown_code(&actor, &code)),
        Err(e) => return Err(e),
    };
    let query = Fields(query.into_inner());
    // Back from a confirmation's Cancel: the form as it was typed, no message.
    let back = query
        .get("back")
        .and_then(Action::parse)
        .map(|action| FormError {
            action,
            field: None,
            message: None,
            typed: query.0.clone(),
        });
    let flash = query.get("done").and_then(Action::parse).map(|a| {
        Flash::Ok(t!(
            "boxes-done",
            what = a.done(),
            summary = summary(&detail)
        ))
    });
    let runs = run_part(&state, &actor, &detail).await?;
    Ok(render(
        &actor,
        &detail,
        &choices,
        runs,
        flash,
        back,
        StatusCode::OK,
    ))
}

/// "12 × Blanket (good) at Unit East", in words.
fn summary(d: &BoxDetail) -> String {
    let v = &d.view;
    match v.state {
        "blank" => t!("boxes-summary-blank", code = &v.code),
        _ => t!(
            "boxes-summary",
            code = &v.code,
            n = v.quantity,
            item = v.category_name.as_deref().unwrap_or("?"),
            condition = Condition::label_of(v.condition.as_deref().unwrap_or("?")),
            place = v.location_name.as_deref().unwrap_or("?")
        ),
    }
}

/// An action's form shown again with what was typed: refused (its message beside
/// `field` when the form shows that field), or back from the confirmation's Cancel.
struct FormError {
    action: Action,
    /// The field the message is about, if one.
    field: Option<String>,
    message: Option<String>,
    /// The fields as sent, so the form shows them again.
    typed: Vec<(String, String)>,
}

/// The run part of the page (loading onto a van), which needs its own queries.
async fn run_part(state: &AppState, actor: &Actor, d: &BoxDetail) -> AppResult<Markup> {
    crate::boxes::runs::box_page_part(state, actor, &d.view).await
}

#[allow(clippy::too_many_arguments)]
fn render(
    actor: &Actor,
    d: &BoxDetail,
    choices: &Choices,
    runs: Markup,
    flash: Option<Flash>,
    error: Option<FormError>,
    status: StatusCode,
) -> HttpResponse {
    let v = &d.view;
    let may = |a: Action| a.allows(actor.role);
    // What the volunteer typed into the form shown again, to show it again.
    let typed = |a: Action, name: &str| -> Option<String> {
        let e = error.as_ref().filter(|e| e.action == a)?;
        e.typed
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let typed_parts = |a: Action| -> Option<Vec<String>> {
        let e = error.as_ref().filter(|e| e.action == a)?;
        Some(
            e.typed
                .iter()
                .filter(|(k, _)| k == "missing")
                .map(|(_, v)| v.clone())
                .collect(),
        )
    };
    // The message beside its field, when this form shows that field.
    let beside = |a: Action, name: &str| -> Option<String> {
        let e = error.as_ref().filter(|e| e.action == a)?;
        e.field
            .as_deref()
            .filter(|f| *f == name && a.beside(f))
            .and(e.message.clone())
    };
    // Any other message, above the form's button.
    let err = |a: Action| -> Markup {
        let message = error
            .as_ref()
            .filter(|e| e.action == a && !e.field.as_deref().is_some_and(|f| a.beside(f)))
            .and_then(|e| e.message.as_deref());
        html! {
            @if let Some(m) = message {
                p.field-error role="alert" { (m) }
            }
        }
    };
    let action_url = &v.path;
    let token = crate::web::form::csrf_field(actor);
    let noun = if v.tracked {
        t!("boxes-noun-item")
    } else {
        t!("boxes-noun-box")
    };
    let filled = v.state == "filled";
    let at_site = v.location_kind.as_deref() == Some("site");
    let body = html! {
        h1 { (noun) " " span.code { (v.code) } }
        section #box-summary .box-summary {
            @match v.state {
                "blank" => { p.big { (t!("boxes-blank")) } },
                _ => {
                    p.big {
                        strong { (crate::i18n::number(v.quantity)) " × " (v.category_name.as_deref().unwrap_or("")) }
                        " · " (Condition::label_of(v.condition.as_deref().unwrap_or("")))
                    }
                    p { (strong_in(&t!("boxes-at", place = SLOT), v.location_name.as_deref().unwrap_or(""))) }
                    @if v.state == "empty" { p.muted { (t!("boxes-empty")) } }
                    @if v.tracked {
                        p { (t!("boxes-frame-size", size = v.frame_size.clone().unwrap_or_else(|| t!("boxes-not-noted")))) }
                        @if !v.missing.is_empty() {
                            @let parts: Vec<String> = v.missing.iter().map(|m| part_name(m)).collect();
                            p { (strong_in(&t!("boxes-missing", parts = SLOT), &parts.join(crate::i18n::format::list_separator()))) }
                        }
                    }
                },
            }
        }
        @if v.state == "blank" && may(Action::Fill) {
            form #do-fill .box-action method="post" novalidate action=(action_url) {
                (token)
                h2 { (t!("boxes-fill-heading")) }
                input type="hidden" name="action" value="fill";
                (place_select("location", &t!("boxes-fill-where"), &choices.locations, typed(Action::Fill, "location").as_deref().or(v.location.as_deref()).or(choices.likely_place(None))))
                @let chosen = typed(Action::Fill, "category");
                div.field {
                    label for="category" { (t!("boxes-fill-what")) }
                    select #category name="category" {
                        @for c in &choices.categories { option value=(c.slug) selected[chosen.as_deref() == Some(c.slug.as_str())] { (c.name) } }
                    }
                }
                (condition_select("condition", &t!("boxes-condition"), typed(Action::Fill, "condition").and_then(|c| c.parse().ok())))
                (count_field("fill-quantity", &t!("boxes-fill-how-many"), Some(typed(Action::Fill, "quantity").unwrap_or_else(|| "1".into())), beside(Action::Fill, "quantity")))
                @let parts = typed_parts(Action::Fill).unwrap_or_default();
                @let frame = typed(Action::Fill, "frame_size");
                details open[frame.is_some() || !parts.is_empty()] {
                    summary { (t!("boxes-fill-tracked")) }
                    div.field {
                        label for="frame_size" { (t!("boxes-frame-size-label")) }
                        input #frame_size type="text" name="frame_size" maxlength="20" value=[frame];
                    }
                    (missing_checks(&parts))
                }
                (err(Action::Fill))
                button type="submit" { (t!("boxes-fill-button")) }
            }
        }
        @if filled && may(Action::Move) {
            form #do-move .box-action method="post" novalidate action=(action_url) {
                (token)
                h2 { (t!("boxes-move-heading")) }
                input type="hidden" name="action" value="move";
                (place_select("to", &t!("boxes-move-to"), &choices.locations, typed(Action::Move, "to").as_deref().or(choices.likely_place(v.location.as_deref()))))
                (err(Action::Move))
                button type="submit" { (t!("boxes-move-button")) }
            }
        }
        @if filled && may(Action::Regrade) {
            form #do-regrade .box-action method="post" novalidate action=(action_url) {
                (token)
                h2 { @if v.tracked { (t!("boxes-repair-heading")) } @else { (t!("boxes-regrade-heading")) } }
                input type="hidden" name="action" value="regrade";
                (condition_select("to_condition", &t!("boxes-regrade-now"), typed(Action::Regrade, "to_condition").or(v.condition.clone()).and_then(|c| c.parse().ok())))
                @if v.tracked { (missing_checks(&typed_parts(Action::Regrade).unwrap_or_else(|| v.missing.clone()))) }
                (err(Action::Regrade))
                button type="submit" { (t!("boxes-regrade-button")) }
            }
        }
        @if filled && may(Action::HandOut) && at_site {
            form #do-handout .box-action method="post" novalidate action=(action_url) {
                (token)
                h2 { (t!("boxes-handout-heading")) }
                input type="hidden" name="action" value="handout";
                @let error = beside(Action::HandOut, "quantity");
                div.field {
                    label for="handout-quantity" { (t!("boxes-handout-how-many", n = v.quantity)) }
                    input #handout-quantity type="number" inputmode="numeric" min="1" max=(v.quantity) name="quantity" value=[typed(Action::HandOut, "quantity")]
                        aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby=[error.as_ref().map(|_| "handout-quantity-error")];
                    @if let Some(e) = &error { p.field-error #handout-quantity-error role="alert" { (e) } }
                }
                (err(Action::HandOut))
                button type="submit" { (t!("boxes-handout-button")) }
            }
        }
        @if v.state != "blank" && !v.tracked && may(Action::Add) {
            details.more open[error.as_ref().is_some_and(|e| e.action.folded())] {
                summary { (t!("boxes-more")) }
                form #do-add .box-action method="post" novalidate action=(action_url) {
                    (token)
                    input type="hidden" name="action" value="add";
                    (count_field("add-quantity", &t!("boxes-add-label"), typed(Action::Add, "quantity"), beside(Action::Add, "quantity")))
                    (err(Action::Add))
                    button type="submit" { (t!("boxes-add-button")) }
                }
                @if filled {
                    form #do-take .box-action method="post" novalidate action=(action_url) {
                        (token)
                        input type="hidden" name="action" value="take";
                        (count_field("take-quantity", &t!("boxes-take-label"), typed(Action::Take, "quantity"), beside(Action::Take, "quantity")))
                        (err(Action::Take))
                        button type="submit" { (t!("boxes-take-button")) }
                    }
                    form #do-split .box-action method="post" novalidate action=(action_url) {
                        (token)
                        input type="hidden" name="action" value="split";
                        (count_field("split-quantity", &t!("boxes-split-label"), typed(Action::Split, "quantity"), beside(Action::Split, "quantity")))
                        @let error = beside(Action::Split, "into");
                        div.field {
                            label for="into" { (t!("boxes-split-into")) }
                            input #into type="text" name="into" maxlength="20" autocapitalize="characters" value=[typed(Action::Split, "into")]
                                aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby=[error.as_ref().map(|_| "into-error")];
                            @if let Some(e) = &error { p.field-error #into-error role="alert" { (e) } }
                        }
                        (err(Action::Split))
                        button type="submit" { (t!("boxes-split-button")) }
                    }
                    form #do-merge .box-action method="post" novalidate action=(action_url) {
                        (token)
                        input type="hidden" name="action" value="merge";
                        @let error = beside(Action::Merge, "from");
                        div.field {
                            label for="from" { (t!("boxes-merge-from")) }
                            input #from type="text" name="from" maxlength="20" autocapitalize="characters" required value=[typed(Action::Merge, "from")]
                                aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby=[error.as_ref().map(|_| "from-error")];
                            @if let Some(e) = &error { p.field-error #from-error role="alert" { (e) } }
                        }
                        (err(Action::Merge))
                        button type="submit" { (t!("boxes-merge-button")) }
                    }
                    form #do-empty .box-action method="post" novalidate action=(action_url) {
                        (token)
                        input type="hidden" name="action" value="empty";
                        (err(Action::Empty))
                        button.secondary type="submit" { (t!("boxes-empty-button")) }
                    }
                }
            }
        }
        (runs)
        section #box-history {
            h2 { (t!("boxes-history-heading")) }
            @if d.history.is_empty() {
                p.muted { (t!("boxes-history-none")) }
            } @else {
                ol.history {
                    @for h in &d.history {
                        li {
                            span.muted { (when(h.at)) } " " strong { (history_kind(&h.kind)) }
                            // A line from before facts were kept is the English it was stored in.
                            @if let Some(detail) = &h.detail {
                                br;
                                @if h.facts.is_some() { span { (detail) } } @else { span lang="en" dir="ltr" { (detail) } }
                            }
                        }
                    }
                }
            }
        }
        p.noprint {
            a href={"/labels/sheet?layout=single&codes=" (v.code)} { (t!("boxes-print-again")) }
            " · " a href="/b" { (t!("boxes-another")) }
        }
    };
    page(
        status,
        layout(
            Some(actor),
            &t!("boxes-title", noun = &noun, code = &v.code),
            flash,
            body,
        ),
    )
}

fn place_select(name: &str, label: &str, places: &[Location], selected: Option<&str>) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            select id=(name) name=(name) {
                @for l in places {
                    option value=(l.slug) selected[Some(l.slug.as_str()) == selected] { (t!("boxes-place-option", place = &l.name, kind = l.kind.label())) }
                }
            }
        }
    }
}

fn condition_select(name: &str, label: &str, selected: Option<Condition>) -> Markup {
    html! {
        div.field {
            label for=(name) { (label) }
            select id=(name) name=(name) {
                @for c in Condition::ALL {
                    option value=(c.as_str()) selected[Some(c) == selected] { (Condition::label_of(c.as_str())) }
                }
            }
        }
    }
}

/// A count's field, its problem (if any) beside it.
fn count_field(id: &str, label: &str, value: Option<String>, error: Option<String>) -> Markup {
    let error_id = format!("{id}-error");
    html! {
        div.field {
            label for=(id) { (label) }
            input id=(id) type="number" inputmode="numeric" min="1" name="quantity" required value=[value]
                aria-invalid=[error.as_ref().map(|_| "true")] aria-describedby=[error.as_ref().map(|_| error_id.as_str())];
            @if let Some(e) = &error { p.field-error id=(error_id) role="alert" { (e) } }
        }
    }
}

fn missing_checks(checked: &[String]) -> Markup {
    html! {
        fieldset {
            legend { (t!("boxes-missing-legend")) }
            div.checks {
                @for m in Missing::ALL {
                    label.check {
                        input type="checkbox" name="missing" value=(m.as_str()) checked[checked.iter().any(|c| c == m.as_str())];
                        (part_name(m.as_str()))
                    }
                }
            }
        }
    }
}

/// The submitted form, with the repeated `missing` boxes kept together.
struct Fields(Vec<(String, String)>);

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }
    fn quantity(&self, required: bool) -> Result<Option<Quantity>, String> {
        match self.get("quantity") {
            None if required => Err(t!("boxes-error-how-many")),
            None => Ok(None),
            // The words every form uses for a count, from 1 to a quantity's most.
            Some(raw) => crate::web::form::whole_number(raw, 1, MAX_QUANTITY).and_then(|n| {
                Quantity::parse(n)
                    .map(Some)
                    .map_err(|_| t!("number-at-most", max = MAX_QUANTITY))
            }),
        }
    }
    fn missing(&self) -> Result<Vec<Missing>, String> {
        self.0
            .iter()
            .filter(|(k, _)| k == "missing")
            .map(|(_, v)| Missing::parse(v).ok_or_else(|| t!("boxes-error-part", part = v)))
            .collect()
    }
    fn condition(&self, name: &str) -> Result<Condition, String> {
        let raw = self.get(name).unwrap_or("");
        raw.parse::<Condition>()
            .map_err(|_| t!("boxes-error-condition", condition = raw))
    }
}

/// One parsed page action, ready for the domain call.
enum Parsed {
    Fill(FillRequest),
    Move(MoveRequest),
    Regrade(RegradeRequest),
    Add(CountRequest),
    Take(CountRequest),
    Empty(EmptyRequest),
    Split(SplitRequest),
    Merge(MergeRequest),
    HandOut(BoxHandoutRequest),
}

/// A problem with the form: the field it is about, and what to say.
type Problem = (&'static str, String);

fn parse(action: Action, f: &Fields) -> Result<Parsed, Problem> {
    let text = |name: &str| f.get(name).unwrap_or("").to_string();
    let count = |required: bool| f.quantity(required).map_err(|m| ("quantity", m));
    let need = |q: Option<Quantity>| q.ok_or_else(|| ("quantity", t!("boxes-error-how-many")));
    let missing = || f.missing().map_err(|m| ("missing", m));
    let condition = |name: &'static str| f.condition(name).map_err(|m| (name, m));
    Ok(match action {
        Action::Fill => Parsed::Fill(FillRequest {
            code: None,
            location: text("location"),
            category: text("category"),
            condition: condition("condition")?,
            quantity: need(count(true)?)?,
            frame_size: f.get("frame_size").map(str::to_string),
            missing: missing()?,
        }),
        Action::Move => Parsed::Move(MoveRequest { to: text("to") }),
        Action::Regrade => Parsed::Regrade(RegradeRequest {
            to_condition: condition("to_condition")?,
            missing: missing()?,
        }),
        Action::Add => Parsed::Add(CountRequest {
            quantity: need(count(true)?)?,
        }),
        Action::Take => Parsed::Take(CountRequest {
            quantity: need(count(true)?)?,
        }),
        Action::Empty => Parsed::Empty(EmptyRequest {}),
        Action::Split => Parsed::Split(SplitRequest {
            quantity: need(count(true)?)?,
            into: f.get("into").map(str::to_string),
        }),
        Action::Merge => Parsed::Merge(MergeRequest { from: text("from") }),
        Action::HandOut => Parsed::HandOut(BoxHandoutRequest {
            quantity: count(false)?,
            handed_out_on: None,
        }),
    })
}

/// Does `parsed` to box `code`: the one path for the real change and its trial.
fn act(
    c: &mut crate::db::DbConn,
    parsed: &Parsed,
    code: &str,
    handle: &str,
    now: chrono::NaiveDateTime,
) -> Result<model::BoxView, AppError> {
    match parsed {
        Parsed::Fill(r) => {
            let r = FillRequest {
                code: Some(code.to_string()),
                ..r.clone()
            };
            model::fill(c, &r, handle, now)
        }
        Parsed::Move(r) => model::move_box(c, code, r, handle, now),
        Parsed::Regrade(r) => model::regrade(c, code, r, handle, now),
        Parsed::Add(r) => model::add(c, code, r, handle, now),
        Parsed::Take(r) => model::take(c, code, r, handle, now),
        Parsed::Empty(r) => model::empty(c, code, r, handle, now),
        Parsed::Split(r) => model::split(c, code, r, handle, now),
        Parsed::Merge(r) => model::merge(c, code, r, handle, now),
        Parsed::HandOut(r) => model::hand_out(c, code, r, handle, now),
    }
}

/// What a trial answers when the action would be done (its transaction is then
/// rolled back like any refusal's).
const TRIED: &str = "box_action_tried";

/// Tries the action in a transaction that is always rolled back, so a refusal (not
/// enough stock, a box holding less) is said beside the form before the confirmation,
/// by the same rules as the change itself. Nothing is kept.
async fn try_first(
    state: &AppState,
    parsed: Parsed,
    code: String,
    handle: String,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    let tried = state
        .db
        .write(move |c| {
            act(c, &parsed, &code, &handle, now)?;
            Err::<(), _>(AppError::Conflict {
                code: TRIED,
                message: String::new(),
                details: serde_json::Value::Null,
            })
        })
        .await;
    match tried {
        Err(AppError::Conflict { code: TRIED, .. }) | Ok(()) => Ok(()),
        Err(e) => Err(e),
    }
}

/// A refusal of the domain in the volunteer's words, with the field it is about: a
/// shortage or a box holding less beside the count, named as the page names things.
fn refusal_words(
    e: &AppError,
    action: Action,
    d: &BoxDetail,
    choices: &Choices,
) -> (Option<String>, String) {
    let text = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    match e {
        AppError::Conflict {
            code: "insufficient_stock",
            details,
            ..
        } => {
            let each: Vec<String> = details["shortages"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| {
                    let slug = text(s, "category");
                    let item = choices
                        .categories
                        .iter()
                        .find(|c| c.slug == slug)
                        .map(|c| c.name.clone())
                        .unwrap_or_else(|| text(s, "category_name"));
                    let n = s["in_stock"].as_i64().unwrap_or(0);
                    let condition = Condition::label_of(&text(s, "condition"));
                    let place = text(s, "location_name");
                    // The movement form's words: loose stock is what a box is filled from.
                    if s["loose_only"].as_bool().unwrap_or(false) {
                        t!(
                            "movements-err-short-loose",
                            n = n,
                            category = &item,
                            condition = &condition,
                            place = &place
                        )
                    } else {
                        t!(
                            "movements-err-short",
                            n = n,
                            category = &item,
                            condition = &condition,
                            place = &place
                        )
                    }
                })
                .collect();
            (Some("quantity".into()), each.join(" "))
        }
        AppError::Conflict {
            code: "box_short",
            details,
            ..
        } => (
            Some("quantity".into()),
            t!(
                "boxes-error-box-short",
                code = text(details, "box"),
                have = details["in_box"].as_i64().unwrap_or(0)
            ),
        ),
        // The one count a split refuses: it must leave something behind.
        AppError::Invalid { details, .. }
            if action == Action::Split && details.iter().any(|x| x.field == "quantity") =>
        {
            (
                Some("quantity".into()),
                t!(
                    "boxes-error-split-leaves",
                    code = &d.view.code,
                    have = d.view.quantity,
                    most = (d.view.quantity - 1).max(0)
                ),
            )
        }
        AppError::Invalid { details, .. } => (
            details.first().map(|x| x.field.clone()),
            details
                .iter()
                .map(|x| x.message.clone())
                .collect::<Vec<_>>()
                .join(" "),
        ),
        other => (None, other.to_string()),
    }
}

/// What the confirmation asks, in words.
fn question(action: Action, f: &Fields, d: &BoxDetail, choices: &Choices) -> String {
    let v = &d.view;
    let what = t!(
        "boxes-what",
        n = v.quantity,
        item = v.category_name.as_deref().unwrap_or("")
    );
    let place = |slug: Option<&str>| {
        choices
            .locations
            .iter()
            .find(|l| Some(l.slug.as_str()) == slug)
            .map(|l| l.name.clone())
            .unwrap_or_else(|| slug.unwrap_or("").to_string())
    };
    let n = f.get("quantity").unwrap_or("").to_string();
    let code = v.code.as_str();
    let here = v.location_name.as_deref().unwrap_or("");
    match action {
        Action::Fill => t!(
            "boxes-ask-fill",
            code = code,
            n = n,
            item = choices
                .categories
                .iter()
                .find(|c| Some(c.slug.as_str()) == f.get("category"))
                .map(|c| c.name.as_str())
                .unwrap_or(""),
            condition = Condition::label_of(f.get("condition").unwrap_or("")),
            place = place(f.get("location"))
        ),
        Action::Move => t!(
            "boxes-ask-move",
            code = code,
            what = &what,
            from = here,
            to = place(f.get("to"))
        ),
        Action::Regrade => t!(
            "boxes-ask-regrade",
            code = code,
            what = &what,
            from = Condition::label_of(v.condition.as_deref().unwrap_or("")),
            to = Condition::label_of(f.get("to_condition").unwrap_or(""))
        ),
        Action::Add => t!("boxes-ask-add", n = n, code = code, what = &what),
        Action::Take => t!("boxes-ask-take", n = n, code = code, what = &what),
        Action::Empty => t!("boxes-ask-empty", code = code, what = &what),
        Action::Split => t!("boxes-ask-split", n = n, code = code, what = &what),
        Action::Merge => t!(
            "boxes-ask-merge",
            from = f.get("from").unwrap_or(""),
            code = code,
            what = &what
        ),
        Action::HandOut => t!(
            "boxes-ask-handout",
            what = if n.is_empty() {
                what.clone()
            } else {
                n.clone()
            },
            code = code,
            place = here
        ),
    }
}

fn new_form_key() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    hex::encode(bytes)
}

/// `POST /b/{code}`: without `confirmed=yes` (the shared confirmation's) it asks; with it, it acts once (the form's
/// key makes a double tap act once) and shows the box again with what was done.
pub async fn box_action(
    state: web::Data<AppState>,
    actor: Actor,
    code: web::Path<String>,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let code = code.into_inner();
    let fields = Fields(fields.into_inner());
    let (detail, choices) = match load(&state, &actor, code.clone()).await {
        Ok(x) => x,
        Err(AppError::NotFound(_)) => return Ok(unknown_code(&actor, &code)),
        Err(e) => return Err(e),
    };
    let raw_action = fields.get("action").unwrap_or("").to_string();
    if crate::boxes::runs::is_run_action(&raw_action) {
        return crate::boxes::runs::page_action(&state, &actor, &detail, &fields.0).await;
    }
    let runs = run_part(&state, &actor, &detail).await?;
    let Some(action) = Action::parse(&raw_action) else {
        return Ok(render(
            &actor,
            &detail,
            &choices,
            runs,
            Some(Flash::Error(t!("boxes-error-action", action = &raw_action))),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    if !action.allows(actor.role) {
        let e = AppError::Forbidden(t!(
            "boxes-error-forbidden",
            role = crate::web::role_name(actor.role),
            action = action.done()
        ));
        return Ok(crate::pages::error_page(&e));
    }
    let refuse = |field: Option<String>, message: String, status: StatusCode| {
        render(
            &actor,
            &detail,
            &choices,
            runs.clone(),
            None,
            Some(FormError {
                action,
                field,
                message: Some(message),
                typed: fields.0.clone(),
            }),
            status,
        )
    };
    let parsed = match parse(action, &fields) {
        Ok(p) => p,
        Err((field, m)) => {
            return Ok(refuse(
                Some(field.to_string()),
                m,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
    };
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let c2 = detail.view.code.clone();
    if !crate::web::confirm::is_confirmed_in(&fields.0) {
        // A refusal comes before the question, beside the form, not after Yes.
        return match try_first(&state, parsed, c2, handle, now).await {
            Ok(()) => Ok(confirm_page(&actor, action, &fields, &detail, &choices)),
            Err(
                e @ (AppError::Invalid { .. } | AppError::Conflict { .. } | AppError::NotFound(_)),
            ) => {
                let (field, message) = refusal_words(&e, action, &detail, &choices);
                Ok(refuse(field, message, page_status(&e)))
            }
            Err(e) => Err(e),
        };
    }
    let key = fields
        .get("form_key")
        .filter(|k| k.len() <= 64 && k.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(|k| format!("form-box-{k}"));
    let hash = format!(
        "page-box:{code}:{}",
        serde_json::to_string(&fields.0).unwrap_or_default()
    );
    let result = idempotency::once(&state, &actor, IdempotencyKey(key), hash, move |c| {
        act(c, &parsed, &c2, &handle, now)
    })
    .await;
    match result {
        Ok(resp) => {
            // A split answers the new box: show that one, where the new label goes.
            let body = actix_web::body::to_bytes(resp.into_body())
                .await
                .unwrap_or_default();
            let shown = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_string))
                .unwrap_or(detail.view.code.clone());
            Ok(see_other(&format!("/b/{shown}?done={}", action.as_str())))
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. } | AppError::NotFound(_))) => {
            // The box may have changed meanwhile: show it as it is now.
            let (detail, choices) = load(&state, &actor, code).await?;
            let runs = run_part(&state, &actor, &detail).await?;
            let (field, message) = refusal_words(&e, action, &detail, &choices);
            Ok(render(
                &actor,
                &detail,
                &choices,
                runs,
                None,
                Some(FormError {
                    action,
                    field,
                    message: Some(message),
                    typed: fields.0,
                }),
                page_status(&e),
            ))
        }
        Err(e) => Err(e),
    }
}

/// A refused page action's status: a label not found is a form problem (422).
fn page_status(e: &AppError) -> StatusCode {
    match e.status_code() {
        StatusCode::NOT_FOUND => StatusCode::UNPROCESSABLE_ENTITY,
        s => s,
    }
}

/// The shared confirmation page, asking about this box: Confirm posts the action again
/// with its form key, so a double tap acts once.
fn confirm_page(
    actor: &Actor,
    action: Action,
    fields: &Fields,
    detail: &BoxDetail,
    choices: &Choices,
) -> HttpResponse {
    let form_key = fields
        .get("form_key")
        .map(str::to_string)
        .unwrap_or_else(new_form_key);
    let mut again: Vec<(String, String)> = fields
        .0
        .iter()
        .filter(|(k, _)| k != "form_key")
        .cloned()
        .collect();
    again.push(("form_key".to_string(), form_key));
    crate::web::confirm::confirm_page(
        actor,
        &crate::web::confirm::Confirmation {
            title: &t!("boxes-sure"),
            restated: html! { p.big #question { (question(action, fields, detail, choices)) } },
            action: &detail.view.path,
            fields: &again,
            confirm_label: &action.yes(),
            cancel_href: &back_href(action, fields, &detail.view.path),
        },
    )
}

/// Where Cancel goes: the box page with this action's form as it was typed.
fn back_href(action: Action, fields: &Fields, path: &str) -> String {
    let urlencode = crate::auth::pages::urlencode;
    let typed: String = fields
        .0
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "action" | "csrf" | "form_key" | "confirmed"))
        .map(|(k, v)| format!("&{}={}", urlencode(k), urlencode(v)))
        .collect();
    format!("{path}?back={a}{typed}#do-{a}", a = action.as_str())
}

#[derive(Debug, Deserialize)]
pub struct LabelsQuery {
    pub codes: Option<String>,
    pub layout: Option<String>,
}

/// `/labels`: how many blank labels to print, on which sheet.
pub async fn labels_form(actor: Actor) -> HttpResponse {
    page(
        StatusCode::OK,
        layout(
            Some(&actor),
            &t!("boxes-labels-title"),
            None,
            labels_body(&actor, "24", None),
        ),
    )
}

fn labels_body(actor: &Actor, count: &str, error: Option<&str>) -> Markup {
    html! {
        h1 { (t!("boxes-labels-title")) }
        p { (t!("boxes-labels-how")) }
        form #labels-form method="post" novalidate action="/labels" {
            (crate::web::form::csrf_field(actor))
            div.field {
                label for="count" { (t!("boxes-labels-count")) }
                input #count type="number" inputmode="numeric" min="1" max=(model::MAX_RESERVE) name="count" value=(count) required
                    aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| "count-error")];
                @if let Some(e) = error { p.field-error #count-error role="alert" { (e) } }
            }
            div.field {
                label for="layout" { (t!("boxes-labels-sheet")) }
                select #layout name="layout" {
                    @for l in Layout::ALL { option value=(l.as_str()) { (layout_name(l)) } }
                }
            }
            button type="submit" { (t!("boxes-labels-button")) }
        }
    }
}

pub async fn labels_reserve(
    state: web::Data<AppState>,
    actor: Actor,
    fields: web::Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let fields = Fields(fields.into_inner());
    let raw = fields.get("count").unwrap_or("").to_string();
    let layout_name = fields
        .get("layout")
        .and_then(Layout::parse)
        .unwrap_or(Layout::A4TwoBySeven);
    let count = match crate::web::form::whole_number(&raw, 1, model::MAX_RESERVE) {
        Ok(n) => n,
        Err(msg) => {
            let msg = if raw.is_empty() {
                t!("boxes-error-how-many")
            } else {
                msg
            };
            return Ok(page(
                StatusCode::UNPROCESSABLE_ENTITY,
                layout(
                    Some(&actor),
                    &t!("boxes-labels-title"),
                    None,
                    labels_body(&actor, &raw, Some(&msg)),
                ),
            ));
        }
    };
    let now = state.clock.now();
    let handle = actor.handle.clone();
    let reserved = state
        .db
        .write(move |c| model::reserve(c, &model::ReserveRequest { count }, &handle, now))
        .await?;
    Ok(see_other(&format!(
        "/labels/sheet?layout={}&codes={}",
        layout_name.as_str(),
        reserved.codes.join(",")
    )))
}

/// One label as printed.
struct LabelFace {
    code: String,
    url: String,
    svg: String,
    what: Option<String>,
}

/// `/labels/sheet?codes=…&layout=2x7|3x8|single`: the sheets to print (codes this Haul
/// reserved only).
pub async fn label_sheet(
    state: web::Data<AppState>,
    actor: Actor,
    req: HttpRequest,
    query: web::Query<LabelsQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let layout_kind = match q.layout.as_deref() {
        None | Some("") => Layout::A4TwoBySeven,
        Some(l) => Layout::parse(l)
            .ok_or_else(|| AppError::invalid("layout", t!("boxes-error-layout", layout = l)))?,
    };
    let mut codes = Vec::new();
    for raw in q
        .codes
        .unwrap_or_default()
        .split(',')
        .filter(|c| !c.trim().is_empty())
    {
        let code =
            LabelCode::parse(raw).map_err(|_| AppError::invalid("codes", not_a_code(raw)))?;
        codes.push(code.as_str().to_string());
    }
    if codes.is_empty() || codes.len() as i64 > model::MAX_RESERVE {
        return Err(AppError::invalid(
            "codes",
            t!("boxes-error-codes", max = model::MAX_RESERVE),
        ));
    }
    let base = base_url(&req);
    let lang = crate::i18n::Lang::current();
    let brand = t!("boxes-label-brand");
    let cond_names: Vec<(String, String)> = Condition::ALL
        .iter()
        .map(|c| (c.as_str().to_string(), Condition::label_of(c.as_str())))
        .collect();
    let faces = state
        .db
        .read(move |c| {
            let names = model::Names::load(c)?;
            let local = crate::catalog::names::in_lang(c, lang)?;
            let mut faces = Vec::new();
            for code in &codes {
                let row = model::find(c, code)?;
                let v = model::view(c, &row, &names)?;
                let url = format!("{base}/b/{}", v.code);
                let svg = labels::qr_svg(&url).map_err(AppError::Internal)?;
                faces.push(LabelFace {
                    code: v.code,
                    url,
                    svg,
                    what: v.category_name.map(|n| {
                        let item = v.category.and_then(|s| local.get(&s).cloned()).unwrap_or(n);
                        let cond = v.condition.unwrap_or_default();
                        let shown = cond_names
                            .iter()
                            .find(|(k, _)| *k == cond)
                            .map_or(cond.clone(), |(_, name)| name.clone());
                        format!("{item} · {shown}")
                    }),
                });
            }
            Ok(faces)
        })
        .await?;
    let pages = labels::paginate(&faces, layout_kind);
    let body = html! {
        p.noprint.muted { (t!("boxes-sheet-intro", n = faces.len(), layout = layout_name(layout_kind))) }
        @for sheet in &pages {
            section class={"sheet layout-" (layout_kind.as_str())} {
                @for f in sheet.iter() {
                    div.label data-code=(f.code) data-url=(f.url) {
                        div.qr { (PreEscaped(&f.svg)) }
                        div.words {
                            div.label-code { (f.code) }
                            @if let Some(w) = &f.what { div.label-what { (w) } }
                            div.label-brand { (brand) }
                        }
                    }
                }
            }
        }
    };
    Ok(page(
        StatusCode::OK,
        layout(Some(&actor), &t!("boxes-sheet-title"), None, body),
    ))
}
