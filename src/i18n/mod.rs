//! Languages (issue 13): English, French and Arabic (right to left), and the
//! pseudo-locale `en-XA` that tests render pages in to find hard-coded text.
//!
//! A page says `t!("needs-title")` or `t!("collect-up-to", n = 5)`; the words live in
//! `locales/<lang>/<area>.ftl` (Fluent), compiled into the binary. The language of the
//! request is chosen once by `choose::middleware` (the volunteer's setting, kept in a
//! cookie from login on; else `Accept-Language`; else `HAUL_DEFAULT_LANG`) and held in a
//! task-local for the handler, so pages need no extra argument; `Lang` is also an
//! extractor for handlers that want it by name.

pub mod bundles;
pub mod choose;
pub mod format;
pub mod pseudo;

use std::borrow::Cow;

pub use choose::{middleware, LANG_COOKIE};
pub use format::{date, number, weight_kg};

/// A language Haul's pages speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Fr,
    Ar,
    /// Pseudo-English: accented, bracketed, ~30 % longer. Never offered in the switch.
    EnXa,
}

impl Lang {
    /// The languages offered in the switch, in their own names' order.
    pub const OFFERED: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Ar];
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Fr, Lang::Ar, Lang::EnXa];

    /// The BCP 47 tag, as in `<html lang>`, the cookie and the user's setting.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Ar => "ar",
            Lang::EnXa => "en-XA",
        }
    }

    /// The language's name in itself, for the switch (not translated on purpose).
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Ar => "العربية",
            Lang::EnXa => "Ƥšéûðö",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// A tag as sent by a browser or stored: `fr-FR` is French, `EN` English.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        if tag.eq_ignore_ascii_case("en-XA") {
            return Some(Lang::EnXa);
        }
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            "ar" => Some(Lang::Ar),
            _ => None,
        }
    }

    /// The language this request is answered in (English outside a request).
    pub fn current() -> Lang {
        CURRENT
            .try_with(|h| h.lang)
            .unwrap_or_else(|_| choose::default_lang())
    }

    /// Runs `f` with this language as the current one, for a request to `path`.
    pub fn scope<F: std::future::Future>(
        self,
        path: String,
        f: F,
    ) -> impl std::future::Future<Output = F::Output> {
        CURRENT.scope(Here { lang: self, path }, f)
    }

    /// As `scope`, for code that is not async (unit tests of pages).
    pub fn sync_scope<R>(self, f: impl FnOnce() -> R) -> R {
        CURRENT.sync_scope(
            Here {
                lang: self,
                path: "/".into(),
            },
            f,
        )
    }

    /// A message in this language; see `t!`.
    pub fn t(self, id: &str, args: Option<&fluent_bundle::FluentArgs>) -> String {
        bundles::format(self, id, args)
    }
}

/// What a page needs to know about its request without being passed it: the
/// language, and the address the language switch comes back to.
struct Here {
    lang: Lang,
    path: String,
}

tokio::task_local! {
    static CURRENT: Here;
}

/// The address of the page being answered (path and query), for the language switch.
pub fn current_path() -> String {
    CURRENT
        .try_with(|h| h.path.clone())
        .unwrap_or_else(|_| "/".into())
}

/// A message id where a table names it for later (`NAV`, `TASKS`): the id test finds
/// ids written `Msg("…")` as well as `t!("…")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg(pub &'static str);

impl Msg {
    pub fn get(self) -> String {
        t(self.0)
    }
}

/// The message `id` in the request's language.
pub fn t(id: &str) -> String {
    Lang::current().t(id, None)
}

/// The message `id` with arguments, in the request's language.
pub fn t_args(id: &str, args: &fluent_bundle::FluentArgs) -> String {
    Lang::current().t(id, Some(args))
}

/// A value for a message argument: numbers stay numbers (for plural rules and the
/// language's digits), everything else is text.
pub fn arg<'a, V: Into<fluent_bundle::FluentValue<'a>>>(v: V) -> fluent_bundle::FluentValue<'a> {
    v.into()
}

/// Text as an argument (names, slugs), borrowed.
pub fn text(s: &str) -> fluent_bundle::FluentValue<'_> {
    fluent_bundle::FluentValue::String(Cow::Borrowed(s))
}

/// `t!("id")` or `t!("id", name = value, …)`: a message in the request's language.
/// Numbers (`i64`, `f64`, `usize` as `i64`) select plurals and are formatted per
/// language; strings are inserted as they are (Fluent isolates them in Arabic).
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::t($id)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = fluent_bundle::FluentArgs::new();
        $( args.set(stringify!($name), $crate::i18n::IntoArg::into_arg($value)); )+
        $crate::i18n::t_args($id, &args)
    }};
}

/// What a `t!` argument may be.
pub trait IntoArg<'a> {
    fn into_arg(self) -> fluent_bundle::FluentValue<'a>;
}

impl<'a> IntoArg<'a> for &'a str {
    fn into_arg(self) -> fluent_bundle::FluentValue<'a> {
        text(self)
    }
}
impl<'a> IntoArg<'a> for &'a String {
    fn into_arg(self) -> fluent_bundle::FluentValue<'a> {
        text(self)
    }
}
impl<'a> IntoArg<'a> for String {
    fn into_arg(self) -> fluent_bundle::FluentValue<'a> {
        fluent_bundle::FluentValue::String(Cow::Owned(self))
    }
}
macro_rules! number_arg {
    ($($ty:ty),*) => {$(
        impl<'a> IntoArg<'a> for $ty {
            fn into_arg(self) -> fluent_bundle::FluentValue<'a> {
                fluent_bundle::FluentValue::from(self)
            }
        }
        impl<'a> IntoArg<'a> for &$ty {
            fn into_arg(self) -> fluent_bundle::FluentValue<'a> {
                fluent_bundle::FluentValue::from(*self)
            }
        }
    )*};
}
number_arg!(i32, i64, u32, f64);
impl<'a> IntoArg<'a> for usize {
    fn into_arg(self) -> fluent_bundle::FluentValue<'a> {
        fluent_bundle::FluentValue::from(self as f64)
    }
}
impl<'a> IntoArg<'a> for &usize {
    fn into_arg(self) -> fluent_bundle::FluentValue<'a> {
        fluent_bundle::FluentValue::from(*self as f64)
    }
}
impl<'a> IntoArg<'a> for chrono::NaiveDate {
    fn into_arg(self) -> fluent_bundle::FluentValue<'a> {
        fluent_bundle::FluentValue::String(Cow::Owned(date(self)))
    }
}
impl<'a> IntoArg<'a> for &chrono::NaiveDate {
    fn into_arg(self) -> fluent_bundle::FluentValue<'a> {
        fluent_bundle::FluentValue::String(Cow::Owned(date(*self)))
    }
}

/// A request's language as an extractor, for handlers that pass it on by name.
impl actix_web::FromRequest for Lang {
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Lang, Self::Error>>;
    fn from_request(req: &actix_web::HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(Ok(choose::of_request(req)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_by_their_primary_language() {
        assert_eq!(Lang::parse("fr-FR"), Some(Lang::Fr));
        assert_eq!(Lang::parse("AR"), Some(Lang::Ar));
        assert_eq!(Lang::parse("en-xa"), Some(Lang::EnXa));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn plurals_follow_each_language() {
        let one = Lang::En.sync_scope(|| t!("needs-items-unmet", n = 1));
        let many = Lang::En.sync_scope(|| t!("needs-items-unmet", n = 3));
        assert_eq!(
            (one.as_str(), many.as_str()),
            ("1 item unmet", "3 items unmet")
        );
        // French uses the singular for 0 and 1.
        let none = Lang::Fr.sync_scope(|| t!("needs-items-unmet", n = 0));
        assert_eq!(none, "0 article manquant");
        // Arabic has six forms; two is its dual.
        let two = Lang::Ar.sync_scope(|| t!("needs-items-unmet", n = 2));
        assert!(two.contains("قطعتان"), "{two}");
    }

    #[test]
    fn the_pseudo_locale_marks_every_message() {
        let s = Lang::EnXa.sync_scope(|| t!("layout-skip"));
        assert!(s.starts_with('⟦') && s.ends_with('⟧'), "{s}");
        assert!(!s.chars().any(|c| c.is_ascii_alphabetic()), "{s}");
    }
}
