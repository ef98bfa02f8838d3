//! The confirmation page: an irreversible action (a stocktake, a write-off, deactivating
//! a volunteer, archiving a place) is restated in words, then done only on a second,
//! deliberate POST. No JavaScript: Confirm re-posts the same fields with the session's
//! CSRF token; Cancel is a plain link back.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use maud::{html, Markup};

use crate::auth::Actor;
use crate::web::{layout, page};

/// The hidden field a confirmed form carries; handlers act only when it is `yes`.
pub const CONFIRMED: &str = "confirmed";

/// What the confirmation page asks.
pub struct Confirmation<'a> {
    /// The page's heading, a question: "Deactivate sam?".
    pub title: &'a str,
    /// What will happen, in a volunteer's words (a sentence, a table of differences).
    pub restated: Markup,
    /// Where Confirm posts (a page path; the CSRF token goes in a hidden field).
    pub action: &'a str,
    /// The fields of the original form, posted again unchanged.
    pub fields: &'a [(String, String)],
    /// The Confirm button's words: "Deactivate", "Write off 3 items".
    pub confirm_label: &'a str,
    /// Where Cancel leads: usually back to the form.
    pub cancel_href: &'a str,
}

/// Whether a submitted form is the confirmed second POST.
pub fn is_confirmed(values: &std::collections::HashMap<String, String>) -> bool {
    values.get(CONFIRMED).is_some_and(|v| v == "yes")
}

/// `is_confirmed` for a form read as its list of fields (repeated names kept).
pub fn is_confirmed_in(fields: &[(String, String)]) -> bool {
    fields.iter().any(|(n, v)| n == CONFIRMED && v == "yes")
}

/// The confirmation page for `c`, shown to `actor` (status 200).
pub fn confirm_page(actor: &Actor, c: &Confirmation) -> HttpResponse {
    render(actor, c, false)
}

/// The confirmation page for an action that destroys or ends something (a write-off,
/// forgetting, lock now): the same page, its Confirm button in the danger style.
pub fn danger_page(actor: &Actor, c: &Confirmation) -> HttpResponse {
    render(actor, c, true)
}

fn render(actor: &Actor, c: &Confirmation, danger: bool) -> HttpResponse {
    let body = html! {
        h1 { (c.title) }
        div.restated { (c.restated) }
        form.confirm #confirm method="post" novalidate action=(c.action) {
            (crate::web::form::csrf_field(actor))
            @for (name, value) in c.fields.iter().filter(|(n, _)| n != CONFIRMED) {
                input type="hidden" name=(name) value=(value);
            }
            input type="hidden" name=(CONFIRMED) value="yes";
            div.actions {
                button.danger[danger] type="submit" { (c.confirm_label) }
                " "
                a.button.secondary href=(c.cancel_href) { (crate::t!("form-cancel")) }
            }
        }
    };
    page(StatusCode::OK, layout(Some(actor), c.title, None, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use actix_web::body::MessageBody;

    #[test]
    fn restates_and_reposts_with_csrf() {
        let actor = Actor {
            handle: "kim".into(),
            role: Role::Coordinator,
            csrf: Some("tok".into()),
        };
        let fields = vec![
            ("handle".to_string(), "sam".to_string()),
            (CONFIRMED.to_string(), "no".to_string()),
        ];
        let resp = confirm_page(
            &actor,
            &Confirmation {
                title: "Deactivate sam?",
                restated: html! { p { "sam will be logged out at once." } },
                action: "/admin/volunteers/sam/deactivate",
                fields: &fields,
                confirm_label: "Deactivate",
                cancel_href: "/admin/volunteers",
            },
        );
        assert_eq!(resp.status(), StatusCode::OK);
        let body = match resp.into_body().try_into_bytes() {
            Ok(b) => String::from_utf8_lossy(&b).to_string(),
            Err(_) => String::new(),
        };
        assert!(body.contains("action=\"/admin/volunteers/sam/deactivate\""));
        assert!(body.contains("name=\"csrf\" value=\"tok\""));
        assert!(
            !body.contains("deactivate?csrf="),
            "no token in the address"
        );
        assert!(body.contains("name=\"handle\" value=\"sam\""));
        assert!(body.contains("name=\"confirmed\" value=\"yes\""));
        assert!(
            !body.contains("value=\"no\""),
            "the old confirmed field is dropped"
        );
        assert!(body.contains("href=\"/admin/volunteers\""));
        assert!(!body.contains("danger"), "an everyday confirmation");
        let danger = danger_page(
            &actor,
            &Confirmation {
                title: "Forget sam?",
                restated: html! {},
                action: "/safety/forget-volunteer",
                fields: &fields,
                confirm_label: "Forget",
                cancel_href: "/safety",
            },
        );
        let body = match danger.into_body().try_into_bytes() {
            Ok(b) => String::from_utf8_lossy(&b).to_string(),
            Err(_) => String::new(),
        };
        assert!(
            body.contains("<button class=\"danger\" type=\"submit\">Forget</button>"),
            "{body}"
        );
    }
}
