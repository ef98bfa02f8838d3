//! The condition of an item: what the warehouse must do with it before it can go out.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::i18n::Msg;
use std::str::FromStr;

/// Ordered from best to worst; only `Good` and `Usable` can be distributed.
#[derive(
    utoipa::ToSchema,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "kebab-case")]
pub enum Condition {
    Good,
    Usable,
    NeedsDrying,
    NeedsCleaning,
    NeedsRepair,
    Unusable,
}

impl Condition {
    pub const ALL: [Condition; 6] = [
        Condition::Good,
        Condition::Usable,
        Condition::NeedsDrying,
        Condition::NeedsCleaning,
        Condition::NeedsRepair,
        Condition::Unusable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Condition::Good => "good",
            Condition::Usable => "usable",
            Condition::NeedsDrying => "needs-drying",
            Condition::NeedsCleaning => "needs-cleaning",
            Condition::NeedsRepair => "needs-repair",
            Condition::Unusable => "unusable",
        }
    }

    /// The condition's name for people ("Needs drying"), in the request's language.
    /// `as_str` stays the code, for URLs, CSV and the API; pages show this.
    pub fn label(self) -> String {
        self.message().get()
    }

    fn message(self) -> Msg {
        match self {
            Condition::Good => Msg("condition-good"),
            Condition::Usable => Msg("condition-usable"),
            Condition::NeedsDrying => Msg("condition-needs-drying"),
            Condition::NeedsCleaning => Msg("condition-needs-cleaning"),
            Condition::NeedsRepair => Msg("condition-needs-repair"),
            Condition::Unusable => Msg("condition-unusable"),
        }
    }

    /// A stored code's name for people (`needs-drying` → "Needs drying"); a code Haul
    /// does not know is shown as it is.
    pub fn label_of(code: &str) -> String {
        code.parse::<Condition>()
            .map(Condition::label)
            .unwrap_or_else(|_| code.to_string())
    }

    pub fn is_distributable(self) -> bool {
        matches!(self, Condition::Good | Condition::Usable)
    }

    /// True when this condition is at least as good as `minimum` and distributable.
    pub fn meets(self, minimum: Condition) -> bool {
        self.is_distributable() && self <= minimum
    }
}

crate::text_enum_sql!(Condition, |s| s.parse().ok());

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCondition(pub String);

impl fmt::Display for UnknownCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown condition '{}': expected one of good, usable, needs-drying, needs-cleaning, needs-repair, unusable",
            self.0
        )
    }
}

impl std::error::Error for UnknownCondition {}

impl FromStr for Condition {
    type Err = UnknownCondition;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Condition::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCondition(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_orders() {
        for c in Condition::ALL {
            assert_eq!(c.as_str().parse::<Condition>(), Ok(c));
        }
        assert!(Condition::Good.meets(Condition::Usable));
        assert!(Condition::Usable.meets(Condition::Usable));
        assert!(!Condition::Usable.meets(Condition::Good));
        assert!(!Condition::NeedsRepair.meets(Condition::Usable));
        assert!("wet".parse::<Condition>().is_err());
    }

    #[test]
    fn pages_name_conditions_instead_of_showing_codes() {
        use crate::i18n::Lang;
        let en = Lang::En.sync_scope(|| Condition::NeedsDrying.label());
        assert_eq!(en, "Needs drying");
        let fr = Lang::Fr.sync_scope(|| Condition::label_of("needs-cleaning"));
        assert_eq!(fr, "À laver");
        let unknown = Lang::En.sync_scope(|| Condition::label_of("soggy"));
        assert_eq!(unknown, "soggy");
        for c in Condition::ALL {
            for lang in Lang::OFFERED {
                let name = lang.sync_scope(|| c.label());
                assert!(
                    !name.contains('-') && !name.is_empty(),
                    "{lang:?} {c}: {name}"
                );
            }
        }
    }
}
