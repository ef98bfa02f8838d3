//! What Haul itself says on a line of a handover's history, kept as facts in
//! `partner_events.facts` and worded when read, in the reader's language (issue 13). A
//! person's own words (why a handover is lost) stay in `detail` as they were typed;
//! lines written before facts were kept have only their English `detail`.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::t;

/// One line of a receipt that counted less than was sent.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortLine {
    pub line: i64,
    /// Sent and not received.
    pub lost: i64,
    /// The receipt's reason code (`short`, `damaged`, `wrong-item`, `extra`), if any.
    pub reason: Option<String>,
}

/// The facts of one history line, tagged by `what` in the stored JSON.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "kebab-case")]
pub enum EventFacts {
    /// A partner's file was imported (`file`: offer, answer, dispatch, receipt).
    Imported { file: String },
    /// A further dispatch note was made.
    FurtherDispatch,
    /// The partner's receipt counted less than was sent on these lines.
    Shortfall { lines: Vec<ShortLine> },
}

impl EventFacts {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The stored facts, if they are ones this Haul knows.
    pub fn parse(stored: Option<&str>) -> Option<EventFacts> {
        stored.and_then(|s| serde_json::from_str(s).ok())
    }

    /// The line in the current language.
    pub fn words(&self) -> String {
        match self {
            EventFacts::Imported { file } => t!(
                "partners-detail-imported",
                kind = super::pages::word("kind", file),
                code = file
            ),
            EventFacts::FurtherDispatch => t!("partners-detail-extra"),
            EventFacts::Shortfall { lines } => lines
                .iter()
                .map(|l| {
                    let reason = match &l.reason {
                        Some(r) => super::pages::word("reason", r),
                        None => t!("partners-detail-no-reason"),
                    };
                    t!(
                        "partners-detail-shortfall",
                        line = l.line.to_string(),
                        n = l.lost,
                        reason = reason
                    )
                })
                .collect::<Vec<_>>()
                .join(&t!("partners-detail-separator")),
        }
    }

    /// The line in English: the API's `detail`.
    pub fn english(&self) -> String {
        Lang::En.sync_scope(|| self.words())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every() -> Vec<EventFacts> {
        vec![
            EventFacts::Imported {
                file: "receipt".into(),
            },
            EventFacts::FurtherDispatch,
            EventFacts::Shortfall {
                lines: vec![
                    ShortLine {
                        line: 1,
                        lost: 2,
                        reason: Some("damaged".into()),
                    },
                    ShortLine {
                        line: 3,
                        lost: 1,
                        reason: None,
                    },
                ],
            },
        ]
    }

    #[test]
    fn facts_round_trip_and_are_worded_in_each_language() {
        for f in every() {
            assert_eq!(EventFacts::parse(Some(&f.to_json())), Some(f.clone()));
            let en = f.english();
            for lang in [Lang::Fr, Lang::Ar] {
                let words = lang.sync_scope(|| f.words());
                assert!(!words.contains("partners-detail"), "{words}");
                assert_ne!(words, en, "{lang:?}");
            }
        }
        assert_eq!(
            every()[2].english(),
            "line 1: 2 lost in transit (damaged); line 3: 1 lost in transit (no reason given)"
        );
        assert_eq!(EventFacts::parse(Some("{\"what\":\"new\"}")), None);
    }
}
