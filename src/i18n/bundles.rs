//! The Fluent bundles, one per language, built once from the `.ftl` files compiled
//! into the binary. A new area is one line in `FILES` per language.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

use super::{format, pseudo, Lang};

macro_rules! ftl {
    ($lang:literal, $area:literal) => {
        (
            $lang,
            $area,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/",
                $area,
                ".ftl"
            )),
        )
    };
}

/// Every message file: (language, area, text). The pseudo-locale reuses English.
pub const FILES: &[(&str, &str, &str)] = &[
    ftl!("en", "layout"),
    ftl!("en", "auth"),
    ftl!("en", "needs"),
    ftl!("en", "collect"),
    ftl!("en", "reports"),
    ftl!("en", "handouts"),
    ftl!("en", "intake"),
    ftl!("en", "words"),
    ftl!("en", "history"),
    ftl!("en", "safety"),
    ftl!("en", "boxes"),
    ftl!("en", "api"),
    ftl!("en", "runs"),
    ftl!("en", "movements"),
    ftl!("en", "stock"),
    ftl!("en", "priorities"),
    ftl!("en", "partners"),
    ftl!("fr", "layout"),
    ftl!("fr", "auth"),
    ftl!("fr", "needs"),
    ftl!("fr", "collect"),
    ftl!("fr", "reports"),
    ftl!("fr", "handouts"),
    ftl!("fr", "intake"),
    ftl!("fr", "words"),
    ftl!("fr", "history"),
    ftl!("fr", "safety"),
    ftl!("fr", "boxes"),
    ftl!("fr", "api"),
    ftl!("fr", "runs"),
    ftl!("fr", "movements"),
    ftl!("fr", "stock"),
    ftl!("fr", "priorities"),
    ftl!("fr", "partners"),
    ftl!("ar", "layout"),
    ftl!("ar", "auth"),
    ftl!("ar", "needs"),
    ftl!("ar", "collect"),
    ftl!("ar", "reports"),
    ftl!("en", "offline"),
    ftl!("fr", "offline"),
    ftl!("ar", "offline"),
    ftl!("ar", "handouts"),
    ftl!("ar", "intake"),
    ftl!("ar", "words"),
    ftl!("ar", "history"),
    ftl!("ar", "safety"),
    ftl!("ar", "boxes"),
    ftl!("ar", "api"),
    ftl!("ar", "runs"),
    ftl!("ar", "movements"),
    ftl!("ar", "stock"),
    ftl!("ar", "priorities"),
    ftl!("ar", "partners"),
    ftl!("en", "admin"),
    ftl!("fr", "admin"),
    ftl!("ar", "admin"),
    ftl!("en", "catalog"),
    ftl!("fr", "catalog"),
    ftl!("ar", "catalog"),
    ftl!("en", "forms"),
    ftl!("fr", "forms"),
    ftl!("ar", "forms"),
    ftl!("en", "corrections"),
    ftl!("fr", "corrections"),
    ftl!("ar", "corrections"),
];

type Bundle = FluentBundle<FluentResource>;

/// A file that does not parse, or a message defined twice: tests fail on either, and
/// the server logs it and serves the messages that did parse.
pub fn problems() -> Vec<String> {
    let mut out = Vec::new();
    for lang in Lang::ALL {
        let _ = build(lang, &mut out);
    }
    out
}

fn build(lang: Lang, problems: &mut Vec<String>) -> Bundle {
    let source = match lang {
        Lang::EnXa => "en",
        other => other.code(),
    };
    let id: unic_langid::LanguageIdentifier = source
        .parse()
        .unwrap_or_else(|_| unic_langid::langid!("en"));
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Names and numbers inside Arabic sentences are isolated so they keep their own
    // direction; elsewhere the marks would only get in the way of copying text.
    bundle.set_use_isolating(lang == Lang::Ar);
    bundle.set_formatter(Some(match lang {
        Lang::Fr => format::fluent_fr,
        Lang::Ar => format::fluent_ar,
        _ => format::fluent_en,
    }));
    if lang == Lang::EnXa {
        bundle.set_transform(Some(pseudo::transform));
    }
    for (l, area, text) in FILES.iter().filter(|(l, _, _)| *l == source) {
        let resource = match FluentResource::try_new(text.to_string()) {
            Ok(r) => r,
            Err((r, errs)) => {
                problems.push(format!("locales/{l}/{area}.ftl: {errs:?}"));
                r
            }
        };
        if let Err(errs) = bundle.add_resource(resource) {
            problems.push(format!("locales/{l}/{area}.ftl: {errs:?}"));
        }
    }
    bundle
}

fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: OnceLock<Vec<(Lang, Bundle)>> = OnceLock::new();
    let all = BUNDLES.get_or_init(|| {
        let mut problems = Vec::new();
        let built = Lang::ALL.map(|l| (l, build(l, &mut problems))).into();
        for p in problems {
            tracing::error!(problem = %p, "message file");
        }
        built
    });
    all.iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, b)| b)
        .unwrap_or(&all[0].1)
}

/// The message, or its id in brackets when it is missing (the id test prevents that).
pub fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    let b = bundle(lang);
    let Some(pattern) = b.get_message(id).and_then(|m| m.value()) else {
        tracing::warn!(id, lang = lang.code(), "missing message");
        return format!("[{id}]");
    };
    let mut errors = Vec::new();
    let text = b.format_pattern(pattern, args, &mut errors).into_owned();
    if !errors.is_empty() {
        tracing::warn!(
            id,
            lang = lang.code(),
            ?errors,
            "message formatted with errors"
        );
    }
    match lang {
        Lang::EnXa => pseudo::wrap(&text),
        _ => text,
    }
}

/// Every message id in a language's files, for the id test: a message starts a line
/// with its id and ` =` (terms start with `-`, comments with `#`, continuations with
/// white space).
pub fn ids(lang: &str) -> Vec<String> {
    FILES
        .iter()
        .filter(|(l, _, _)| *l == lang)
        .flat_map(|(_, _, text)| text.lines())
        .filter_map(|line| {
            let (id, _) = line.split_once('=')?;
            let id = id.trim_end();
            let ok = id.starts_with(|c: char| c.is_ascii_alphabetic())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            ok.then(|| id.to_string())
        })
        .collect()
}
