//! What a line of a box's history says, kept as facts (codes, numbers, names) in
//! `box_actions.facts` and worded when read, in the reader's language (issue 13). Lines
//! written before they were kept so have only their English `detail`, shown as it is.
//! What kind of action a line is (`ActionKind`) is stored beside them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::catalog::Condition;
use crate::i18n::Lang;
use crate::t;

/// What was done to a box, as its history stores it (`box_actions.kind`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum ActionKind {
    Packed,
    Registered,
    Moved,
    Regraded,
    Repaired,
    RepairState,
    Added,
    Taken,
    Emptied,
    Split,
    Merged,
    /// Goods out of the box for a hand-out (the stock change)…
    HandedOut,
    /// …and the hand-out it became (the note naming it).
    HandOut,
    Opened,
}

impl ActionKind {
    pub const ALL: [ActionKind; 14] = [
        ActionKind::Packed,
        ActionKind::Registered,
        ActionKind::Moved,
        ActionKind::Regraded,
        ActionKind::Repaired,
        ActionKind::RepairState,
        ActionKind::Added,
        ActionKind::Taken,
        ActionKind::Emptied,
        ActionKind::Split,
        ActionKind::Merged,
        ActionKind::HandedOut,
        ActionKind::HandOut,
        ActionKind::Opened,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Packed => "packed",
            ActionKind::Registered => "registered",
            ActionKind::Moved => "moved",
            ActionKind::Regraded => "regraded",
            ActionKind::Repaired => "repaired",
            ActionKind::RepairState => "repair-state",
            ActionKind::Added => "added",
            ActionKind::Taken => "taken",
            ActionKind::Emptied => "emptied",
            ActionKind::Split => "split",
            ActionKind::Merged => "merged",
            ActionKind::HandedOut => "handed-out",
            ActionKind::HandOut => "hand-out",
            ActionKind::Opened => "opened",
        }
    }

    pub fn parse(s: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

crate::text_enum_sql!(ActionKind, ActionKind::parse);

/// The facts of one box action, tagged by `what` in the stored JSON. Categories travel
/// as their code and their name then (shown when the catalogue no longer has the code),
/// places by name, conditions by code.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "kebab-case")]
pub enum BoxFacts {
    /// Loose stock packed into the box (or an item registered in it).
    Packed {
        n: i64,
        category: String,
        category_name: String,
        condition: String,
        place: String,
    },
    Moved {
        from: String,
        to: String,
    },
    /// A tracked item repaired: from needs-repair to a condition that can go out.
    Repaired {
        from: String,
        to: String,
    },
    /// What a tracked item misses (codes, comma-separated; none: nothing).
    RepairState {
        missing: Option<String>,
    },
    Regraded {
        from: String,
        to: String,
    },
    Added {
        n: i64,
    },
    /// Taken out into loose stock (taken, emptied, before a hand-out).
    Taken {
        n: i64,
    },
    Split {
        n: i64,
        from: String,
        into: String,
    },
    Merged {
        n: i64,
        from: String,
        into: String,
    },
    HandedOut {
        n: i64,
        site: String,
        handout: i64,
    },
    /// Opened on loading: taken out loose onto the van.
    OpenedOntoVan {
        n: i64,
        run: i64,
    },
    /// Opened at a stop: taken out and delivered loose.
    OpenedAtStop {
        n: i64,
        run: i64,
    },
}

impl BoxFacts {
    /// For the `facts` column.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The stored facts, if they are ones this Haul knows.
    pub fn parse(stored: Option<&str>) -> Option<BoxFacts> {
        stored.and_then(|s| serde_json::from_str(s).ok())
    }

    /// The line in the current language; `names` are category names in it, by code.
    pub fn words(&self, names: &HashMap<String, String>) -> String {
        let condition = |c: &str| Condition::label_of(c);
        match self {
            BoxFacts::Packed {
                n,
                category,
                category_name,
                condition: c,
                place,
            } => t!(
                "boxes-facts-packed",
                n = *n,
                category = names.get(category).unwrap_or(category_name).as_str(),
                condition = condition(c),
                place = place.as_str()
            ),
            BoxFacts::Moved { from, to } => {
                t!("boxes-facts-moved", from = from.as_str(), to = to.as_str())
            }
            BoxFacts::Repaired { from, to } => t!(
                "boxes-facts-repaired",
                from = condition(from),
                to = condition(to)
            ),
            BoxFacts::RepairState { missing } => match missing {
                Some(parts) => {
                    let parts: Vec<String> =
                        parts.split(',').map(super::pages::part_name).collect();
                    t!(
                        "boxes-facts-missing",
                        parts = parts.join(crate::i18n::format::list_separator())
                    )
                }
                None => t!("boxes-facts-missing-nothing"),
            },
            BoxFacts::Regraded { from, to } => t!(
                "boxes-facts-regraded",
                from = condition(from),
                to = condition(to)
            ),
            BoxFacts::Added { n } => t!("boxes-facts-added", n = *n),
            BoxFacts::Taken { n } => t!("boxes-facts-taken", n = *n),
            BoxFacts::Split { n, from, into } => t!(
                "boxes-facts-split",
                n = *n,
                from = from.as_str(),
                into = into.as_str()
            ),
            BoxFacts::Merged { n, from, into } => t!(
                "boxes-facts-merged",
                n = *n,
                from = from.as_str(),
                into = into.as_str()
            ),
            BoxFacts::HandedOut { n, site, handout } => t!(
                "boxes-facts-handed-out",
                n = *n,
                site = site.as_str(),
                // An id, not an amount: never grouped ("#1234").
                handout = handout.to_string()
            ),
            BoxFacts::OpenedOntoVan { n, run } => {
                t!("boxes-facts-opened-onto-van", n = *n, run = run.to_string())
            }
            BoxFacts::OpenedAtStop { n, run } => {
                t!("boxes-facts-opened-at-stop", n = *n, run = run.to_string())
            }
        }
    }

    /// The line in English, with the catalogue's default names: the API's `detail`,
    /// as it was when the sentence itself was stored.
    pub fn english(&self) -> String {
        Lang::En.sync_scope(|| self.words(&HashMap::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every stored kind reads back as itself; a word that is none of them is refused.
    #[test]
    fn action_kinds_read_back_as_stored() {
        for k in ActionKind::ALL {
            assert_eq!(ActionKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(ActionKind::parse("exploded"), None);
    }

    fn every() -> Vec<BoxFacts> {
        vec![
            BoxFacts::Packed {
                n: 12,
                category: "blanket".into(),
                category_name: "Blanket".into(),
                condition: "good".into(),
                place: "Unit East".into(),
            },
            BoxFacts::Moved {
                from: "Unit East".into(),
                to: "Oak Street".into(),
            },
            BoxFacts::Repaired {
                from: "needs-repair".into(),
                to: "usable".into(),
            },
            BoxFacts::RepairState {
                missing: Some("brakes,chain".into()),
            },
            BoxFacts::RepairState { missing: None },
            BoxFacts::Regraded {
                from: "good".into(),
                to: "needs-drying".into(),
            },
            BoxFacts::Added { n: 3 },
            BoxFacts::Taken { n: 2 },
            BoxFacts::Split {
                n: 4,
                from: "B-1".into(),
                into: "B-2".into(),
            },
            BoxFacts::Merged {
                n: 4,
                from: "B-2".into(),
                into: "B-1".into(),
            },
            BoxFacts::HandedOut {
                n: 1,
                site: "Oak Street".into(),
                handout: 7,
            },
            BoxFacts::OpenedOntoVan { n: 5, run: 3 },
            BoxFacts::OpenedAtStop { n: 5, run: 3 },
        ]
    }

    #[test]
    fn facts_round_trip_through_their_json() {
        for f in every() {
            assert_eq!(BoxFacts::parse(Some(&f.to_json())), Some(f));
        }
        assert_eq!(BoxFacts::parse(Some("{\"what\":\"teleported\"}")), None);
        assert_eq!(BoxFacts::parse(None), None);
    }

    #[test]
    fn every_line_is_worded_in_each_language() {
        for f in every() {
            let en = f.english();
            assert!(!en.contains("boxes-facts"), "{en}");
            for lang in [Lang::Fr, Lang::Ar] {
                let words = lang.sync_scope(|| f.words(&HashMap::new()));
                assert!(!words.contains("boxes-facts"), "{words}");
                assert_ne!(words, en, "{lang:?}");
            }
        }
        // The API's English stays the sentence it was.
        assert_eq!(
            BoxFacts::OpenedOntoVan { n: 5, run: 3 }.english(),
            "5 taken out loose onto the van for run 3"
        );
        let fr_names = HashMap::from([("blanket".to_string(), "Couverture".to_string())]);
        let fr = Lang::Fr.sync_scope(|| every()[0].words(&fr_names));
        assert!(fr.contains("Couverture"), "{fr}");
    }
}
