//! The collective's priority set: tiers, seasons and minimum conditions, and the unit value of a category on a date.

use crate::catalog::Condition;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Weights the SPEC suggests for tiers 1 and 2 when a coordinator starts a new set;
/// a stored set always carries its own weights.
pub const DEFAULT_TIER_WEIGHTS: [u32; 2] = [100, 10];

/// A category named in no tier still counts: it is needed, just not a priority.
pub const UNLISTED_WEIGHT: u32 = 1;

/// The weight a form proposes for tier `number` (1-based).
pub fn default_tier_weight(number: usize) -> u32 {
    number
        .checked_sub(1)
        .and_then(|i| DEFAULT_TIER_WEIGHTS.get(i).copied())
        .unwrap_or(UNLISTED_WEIGHT)
}

/// One version of the collective's priorities, kept with the words they came from.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrioritySet {
    /// The collective's own words, verbatim: the rules below are only a reading of them.
    pub statement: String,
    pub stated_on: NaiveDate,
    /// Tier 1 first; a tier's number is its position, counted from 1.
    pub tiers: Vec<Tier>,
    #[serde(default)]
    pub seasons: Vec<Season>,
    /// Categories left out may go out `usable`.
    #[serde(default)]
    pub min_condition: BTreeMap<String, Condition>,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub weight: u32,
    pub categories: Vec<String>,
}

/// A yearly window, inclusive at both ends; `from` after `to` means it crosses the new year.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Season {
    pub name: String,
    /// "MM-DD"
    pub from: String,
    /// "MM-DD"
    pub to: String,
    pub categories: Vec<String>,
    pub factor: f64,
}

/// What a problem is and where: `field` is a path into the JSON body with
/// 0-based indices, e.g. `tiers[1].categories[0]`, so a form can mark the input;
/// `message` is the API's English sentence, `problem` the same as data, for a page to
/// say in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
    #[serde(skip)]
    pub problem: Problem,
}

impl FieldError {
    fn new(field: impl Into<String>, problem: Problem) -> Self {
        FieldError {
            field: field.into(),
            message: problem.message(),
            problem,
        }
    }
}

/// Why a priority set is refused: a code and its arguments (tiers and seasons counted
/// from 1, as a coordinator reads them), no words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    StatementRequired,
    TierWeightZero {
        tier: usize,
    },
    CategoryInTwoTiers {
        category: String,
        first: usize,
    },
    SeasonNameMissing {
        season: usize,
    },
    NotMonthDay {
        season: usize,
        value: String,
    },
    FactorNotPositive {
        season: usize,
    },
    CategoryTwiceInSeason {
        season: usize,
        category: String,
    },
    MinConditionNotDistributable {
        category: String,
        condition: Condition,
    },
    UnknownCategory {
        category: String,
    },
}

impl Problem {
    /// The API's sentence.
    pub fn message(&self) -> String {
        match self {
            Problem::StatementRequired => {
                "the collective's statement is required, in its own words".to_string()
            }
            Problem::TierWeightZero { .. } => "a tier's weight must be at least 1".to_string(),
            Problem::CategoryInTwoTiers { category, first } => {
                format!("'{category}' is already in tier {first}: a category belongs to one tier")
            }
            Problem::SeasonNameMissing { .. } => {
                "a season needs a name to explain the priority it gives".to_string()
            }
            Problem::NotMonthDay { value, .. } => {
                format!("'{value}' is not a day of the year written MM-DD, e.g. 11-01")
            }
            Problem::FactorNotPositive { .. } => {
                "a season's factor must be a number above 0".to_string()
            }
            Problem::CategoryTwiceInSeason { category, .. } => {
                format!("'{category}' is named twice in this season")
            }
            Problem::MinConditionNotDistributable { condition, .. } => {
                format!("minimum condition must be good or usable, not {condition}")
            }
            Problem::UnknownCategory { category } => format!("unknown category '{category}'"),
        }
    }
}

/// Why a category is worth what it is on a date, in parts a sentence can be built from.
#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct ValueReason {
    /// 1-based; `None` when the category is in no tier.
    pub tier: Option<usize>,
    pub weight: u32,
    /// Seasons covering the date that name the category, in the set's order.
    pub seasons: Vec<AppliedSeason>,
    pub unit_value: f64,
}

#[derive(utoipa::ToSchema, Debug, Clone, PartialEq, Serialize)]
pub struct AppliedSeason {
    pub name: String,
    pub factor: f64,
}

impl ValueReason {
    /// Short phrases such as "priority tier 1" and "winter priority ×2".
    /// An unlisted category gets no tier phrase: it is the ordinary case.
    pub fn phrases(&self) -> Vec<String> {
        let tier = self.tier.map(|n| format!("priority tier {n}"));
        tier.into_iter()
            .chain(
                self.seasons
                    .iter()
                    .map(|s| format!("{} priority ×{}", s.name, s.factor)),
            )
            .collect()
    }
}

impl PrioritySet {
    /// Every problem in the set, so a coordinator can fix them all in one go.
    pub fn validate(&self, known_categories: &BTreeSet<String>) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();

        if self.statement.trim().is_empty() {
            errors.push(FieldError::new("statement", Problem::StatementRequired));
        }

        // Tier number where each category was first seen, to report the later mention.
        let mut tier_of: BTreeMap<&str, usize> = BTreeMap::new();
        for (t, tier) in self.tiers.iter().enumerate() {
            if tier.weight == 0 {
                errors.push(FieldError::new(
                    format!("tiers[{t}].weight"),
                    Problem::TierWeightZero { tier: t + 1 },
                ));
            }
            for (c, category) in tier.categories.iter().enumerate() {
                let field = format!("tiers[{t}].categories[{c}]");
                check_known(&mut errors, &field, category, known_categories);
                if let Some(first) = tier_of.get(category.as_str()) {
                    errors.push(FieldError::new(
                        field,
                        Problem::CategoryInTwoTiers {
                            category: category.clone(),
                            first: *first,
                        },
                    ));
                } else {
                    tier_of.insert(category, t + 1);
                }
            }
        }

        for (s, season) in self.seasons.iter().enumerate() {
            if season.name.trim().is_empty() {
                errors.push(FieldError::new(
                    format!("seasons[{s}].name"),
                    Problem::SeasonNameMissing { season: s + 1 },
                ));
            }
            for (end, value) in [("from", &season.from), ("to", &season.to)] {
                if parse_month_day(value).is_none() {
                    errors.push(FieldError::new(
                        format!("seasons[{s}].{end}"),
                        Problem::NotMonthDay {
                            season: s + 1,
                            value: value.clone(),
                        },
                    ));
                }
            }
            if !(season.factor.is_finite() && season.factor > 0.0) {
                errors.push(FieldError::new(
                    format!("seasons[{s}].factor"),
                    Problem::FactorNotPositive { season: s + 1 },
                ));
            }
            let mut seen = BTreeSet::new();
            for (c, category) in season.categories.iter().enumerate() {
                let field = format!("seasons[{s}].categories[{c}]");
                check_known(&mut errors, &field, category, known_categories);
                if !seen.insert(category.as_str()) {
                    errors.push(FieldError::new(
                        field,
                        Problem::CategoryTwiceInSeason {
                            season: s + 1,
                            category: category.clone(),
                        },
                    ));
                }
            }
        }

        for (category, condition) in &self.min_condition {
            let field = format!("min_condition.{category}");
            check_known(&mut errors, &field, category, known_categories);
            if !condition.is_distributable() {
                errors.push(FieldError::new(
                    field,
                    Problem::MinConditionNotDistributable {
                        category: category.clone(),
                        condition: *condition,
                    },
                ));
            }
        }

        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Every category the set names anywhere, for checking it against the catalogue.
    pub fn categories(&self) -> BTreeSet<&str> {
        let tiers = self.tiers.iter().flat_map(|t| &t.categories);
        let seasons = self.seasons.iter().flat_map(|s| &s.categories);
        tiers
            .chain(seasons)
            .map(String::as_str)
            .chain(self.min_condition.keys().map(String::as_str))
            .collect()
    }

    /// Tier weight × the factors of every season covering `on` that names the category.
    pub fn unit_value(&self, category: &str, on: NaiveDate) -> f64 {
        self.explain(category, on).unit_value
    }

    pub fn explain(&self, category: &str, on: NaiveDate) -> ValueReason {
        let tier = self
            .tiers
            .iter()
            .enumerate()
            .find(|(_, t)| t.categories.iter().any(|c| c == category));
        let weight = tier.map_or(UNLISTED_WEIGHT, |(_, t)| t.weight);
        let seasons: Vec<AppliedSeason> = self
            .seasons
            .iter()
            .filter(|s| s.categories.iter().any(|c| c == category) && s.covers(on))
            .map(|s| AppliedSeason {
                name: s.name.clone(),
                factor: s.factor,
            })
            .collect();
        let unit_value = seasons
            .iter()
            .fold(f64::from(weight), |value, s| value * s.factor);
        ValueReason {
            tier: tier.map(|(i, _)| i + 1),
            weight,
            seasons,
            unit_value,
        }
    }

    /// The worst condition in which the category may be handed out.
    pub fn min_condition(&self, category: &str) -> Condition {
        self.min_condition
            .get(category)
            .copied()
            .unwrap_or(Condition::Usable)
    }

    /// Whether stock of this category in this condition may go out to a site.
    pub fn is_eligible(&self, category: &str, condition: Condition) -> bool {
        condition.meets(self.min_condition(category))
    }
}

impl Season {
    /// Compares month and day only, so the season recurs every year. Feb 29 sorts
    /// between Feb 28 and Mar 1: a season written to end on 02-29 takes in the leap
    /// day and simply ends on Feb 28 in other years; one ending 02-28 leaves it out.
    /// An unreadable bound covers nothing rather than guessing.
    pub fn covers(&self, on: NaiveDate) -> bool {
        let (Some(from), Some(to)) = (parse_month_day(&self.from), parse_month_day(&self.to))
        else {
            return false;
        };
        let day = (on.month(), on.day());
        if from <= to {
            from <= day && day <= to
        } else {
            day >= from || day <= to
        }
    }
}

fn check_known(
    errors: &mut Vec<FieldError>,
    field: &str,
    category: &str,
    known: &BTreeSet<String>,
) {
    if !known.contains(category) {
        errors.push(FieldError::new(
            field,
            Problem::UnknownCategory {
                category: category.to_string(),
            },
        ));
    }
}

/// "MM-DD" with two digits each, a day that exists in some year (so 02-29 but not 02-30).
fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let bytes = text.as_bytes();
    let well_formed = bytes.len() == 5
        && bytes[2] == b'-'
        && [0, 1, 3, 4].iter().all(|&i| bytes[i].is_ascii_digit());
    if !well_formed {
        return None;
    }
    let month: u32 = text[0..2].parse().ok()?;
    let day: u32 = text[3..5].parse().ok()?;
    // 2000 is a leap year, so every day that ever occurs is valid in it.
    NaiveDate::from_ymd_opt(2000, month, day).map(|_| (month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../seeds/priorities.json");

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    fn known(slugs: &[&str]) -> BTreeSet<String> {
        slugs.iter().map(|s| s.to_string()).collect()
    }

    fn winter(categories: &[&str], factor: f64) -> Season {
        Season {
            name: "winter".into(),
            from: "11-01".into(),
            to: "03-31".into(),
            categories: categories.iter().map(|s| s.to_string()).collect(),
            factor,
        }
    }

    fn set() -> PrioritySet {
        PrioritySet {
            statement: "tents and blankets before clothes".into(),
            stated_on: date(2026, 9, 1),
            tiers: vec![
                Tier {
                    weight: 100,
                    categories: vec!["tent-2p".into(), "blanket".into()],
                },
                Tier {
                    weight: 10,
                    categories: vec!["roll-mat".into()],
                },
            ],
            seasons: vec![winter(&["blanket"], 2.0)],
            min_condition: BTreeMap::from([("blanket".to_string(), Condition::Good)]),
        }
    }

    fn all_known() -> BTreeSet<String> {
        known(&["tent-2p", "blanket", "roll-mat", "clothes-bag"])
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn tiers_carry_their_weight_and_unlisted_weighs_one() {
        let p = set();
        let summer = date(2026, 7, 1);
        assert_eq!(p.unit_value("tent-2p", summer), 100.0);
        assert_eq!(p.unit_value("roll-mat", summer), 10.0);
        assert_eq!(p.unit_value("clothes-bag", summer), 1.0);
        let r = p.explain("roll-mat", summer);
        assert_eq!((r.tier, r.weight), (Some(2), 10));
        let r = p.explain("clothes-bag", summer);
        assert_eq!((r.tier, r.weight), (None, 1));
        assert!(r.phrases().is_empty());
    }

    #[test]
    fn default_weights_follow_the_spec() {
        assert_eq!(default_tier_weight(1), 100);
        assert_eq!(default_tier_weight(2), 10);
        assert_eq!(default_tier_weight(3), 1);
        assert_eq!(default_tier_weight(0), 1);
    }

    #[test]
    fn winter_crosses_the_new_year_inclusively() {
        let p = set();
        let cases = [
            (date(2026, 10, 31), 100.0),
            (date(2026, 11, 1), 200.0),
            (date(2026, 12, 31), 200.0),
            (date(2027, 1, 1), 200.0),
            (date(2027, 2, 28), 200.0),
            (date(2027, 3, 31), 200.0),
            (date(2027, 4, 1), 100.0),
            (date(2028, 2, 29), 200.0),
        ];
        for (on, want) in cases {
            assert_eq!(p.unit_value("blanket", on), want, "blanket on {on}");
        }
        // The season names blankets only.
        assert_eq!(p.unit_value("tent-2p", date(2027, 1, 1)), 100.0);
    }

    #[test]
    fn leap_day_sits_between_feb_28_and_mar_1() {
        let mut ends_28 = winter(&["blanket"], 2.0);
        ends_28.to = "02-28".into();
        assert!(ends_28.covers(date(2028, 2, 28)));
        assert!(!ends_28.covers(date(2028, 2, 29)));

        let mut from_29 = winter(&["blanket"], 2.0);
        from_29.from = "02-29".into();
        from_29.to = "03-10".into();
        assert!(from_29.covers(date(2028, 2, 29)));
        assert!(!from_29.covers(date(2027, 2, 28)));
        assert!(from_29.covers(date(2027, 3, 1)));
    }

    #[test]
    fn a_one_day_season_and_overlapping_seasons_multiply() {
        let mut p = set();
        p.seasons.push(Season {
            name: "cold snap".into(),
            from: "01-15".into(),
            to: "01-15".into(),
            categories: vec!["blanket".into()],
            factor: 1.5,
        });
        assert_eq!(p.unit_value("blanket", date(2027, 1, 15)), 300.0);
        assert_eq!(p.unit_value("blanket", date(2027, 1, 16)), 200.0);
        let r = p.explain("blanket", date(2027, 1, 15));
        assert_eq!(
            r.phrases(),
            vec![
                "priority tier 1".to_string(),
                "winter priority ×2".to_string(),
                "cold snap priority ×1.5".to_string()
            ]
        );
    }

    #[test]
    fn minimum_condition_defaults_to_usable() {
        let p = set();
        assert_eq!(p.min_condition("blanket"), Condition::Good);
        assert_eq!(p.min_condition("tent-2p"), Condition::Usable);
        assert!(p.is_eligible("blanket", Condition::Good));
        assert!(!p.is_eligible("blanket", Condition::Usable));
        assert!(p.is_eligible("tent-2p", Condition::Usable));
        assert!(!p.is_eligible("tent-2p", Condition::NeedsDrying));
    }

    #[test]
    fn a_sound_set_validates() {
        assert_eq!(set().validate(&all_known()), Ok(()));
    }

    #[test]
    fn each_kind_of_problem_is_reported() {
        type Break = fn(&mut PrioritySet);
        let cases: [(Break, &str, &str); 11] = [
            (|p| p.statement = "  ".into(), "statement", "statement"),
            (
                |p| p.tiers[1].categories.push("tent-9p".into()),
                "tiers[1].categories[1]",
                "unknown category 'tent-9p'",
            ),
            (
                |p| p.tiers[1].categories.push("blanket".into()),
                "tiers[1].categories[1]",
                "already in tier 1",
            ),
            (|p| p.tiers[0].weight = 0, "tiers[0].weight", "at least 1"),
            (
                |p| p.seasons[0].from = "11-1".into(),
                "seasons[0].from",
                "MM-DD",
            ),
            (
                |p| p.seasons[0].to = "02-30".into(),
                "seasons[0].to",
                "MM-DD",
            ),
            (
                |p| p.seasons[0].to = "13-01".into(),
                "seasons[0].to",
                "MM-DD",
            ),
            (
                |p| p.seasons[0].factor = 0.0,
                "seasons[0].factor",
                "above 0",
            ),
            (
                |p| p.seasons[0].factor = f64::INFINITY,
                "seasons[0].factor",
                "above 0",
            ),
            (
                |p| {
                    p.min_condition
                        .insert("tent-2p".into(), Condition::NeedsRepair);
                },
                "min_condition.tent-2p",
                "good or usable",
            ),
            (
                |p| p.seasons[0].categories.push("sleeping-bag".into()),
                "seasons[0].categories[1]",
                "unknown category",
            ),
        ];
        for (break_it, field, message) in cases {
            let mut p = set();
            break_it(&mut p);
            let errors = p.validate(&all_known()).expect_err(field);
            assert_eq!(fields(&errors), vec![field]);
            assert!(
                errors[0].message.contains(message),
                "{field}: {}",
                errors[0].message
            );
        }
    }

    #[test]
    fn a_season_needs_a_name_and_each_category_once() {
        let mut p = set();
        p.seasons[0].name = " ".into();
        p.seasons[0].categories.push("blanket".into());
        let errors = p.validate(&all_known()).expect_err("two problems");
        assert_eq!(
            fields(&errors),
            vec!["seasons[0].name", "seasons[0].categories[1]"]
        );
        assert!(errors[1].message.contains("named twice"), "{errors:?}");
        // The same category in two seasons is fine: their factors multiply.
        let mut p = set();
        p.seasons.push(winter(&["blanket"], 1.5));
        assert_eq!(p.validate(&all_known()), Ok(()));
    }

    #[test]
    fn categories_gathers_every_slug_the_set_names() {
        let mut p = set();
        p.min_condition
            .insert("clothes-bag".into(), Condition::Usable);
        let named: Vec<&str> = p.categories().into_iter().collect();
        assert_eq!(named, vec!["blanket", "clothes-bag", "roll-mat", "tent-2p"]);
    }

    #[test]
    fn an_unreadable_season_covers_no_day() {
        let mut broken = winter(&["blanket"], 2.0);
        broken.from = "november".into();
        assert!(!broken.covers(date(2026, 12, 1)));
        let mut p = set();
        p.seasons = vec![broken];
        assert_eq!(p.unit_value("blanket", date(2026, 12, 1)), 100.0);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut p = set();
        p.statement = String::new();
        p.tiers[0].weight = 0;
        p.tiers[1].categories = vec!["tent-2p".into(), "nope".into()];
        p.seasons[0].from = "11/01".into();
        p.seasons[0].factor = -1.0;
        p.min_condition.insert("ghost".into(), Condition::Unusable);
        let errors = p.validate(&all_known()).expect_err("eight problems");
        assert_eq!(
            fields(&errors),
            vec![
                "statement",
                "tiers[0].weight",
                "tiers[1].categories[0]",
                "tiers[1].categories[1]",
                "seasons[0].from",
                "seasons[0].factor",
                "min_condition.ghost",
                "min_condition.ghost",
            ]
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let json = r#"{"statement":"s","stated_on":"2026-09-01","tiers":[],"weights":{}}"#;
        assert!(serde_json::from_str::<PrioritySet>(json).is_err());
        let json = r#"{"statement":"s","stated_on":"2026-09-01","tiers":[{"weight":1,"categories":[],"colour":"red"}]}"#;
        assert!(serde_json::from_str::<PrioritySet>(json).is_err());
    }

    /// Categories the seed names, plus the two it leaves out on purpose.
    fn seed_catalogue(seed: &PrioritySet) -> BTreeSet<String> {
        let mut slugs: BTreeSet<String> = seed.categories().into_iter().map(String::from).collect();
        slugs.extend(["clothes-bag".to_string(), "tinned-food".to_string()]);
        slugs
    }

    #[test]
    fn the_seed_parses_validates_and_reads_like_the_statement() {
        let seed: PrioritySet = serde_json::from_str(SEED).expect("seed parses");
        assert_eq!(seed.validate(&seed_catalogue(&seed)), Ok(()));
        assert_eq!(
            seed.statement,
            "give priority to collecting tents, blankets and sleeping bags over clothes and tinned food"
        );
        assert_eq!(seed.stated_on, date(2026, 9, 1));

        let summer = date(2027, 6, 1);
        let winter_day = date(2027, 1, 10);
        for slug in [
            "tent-2p",
            "tent-4p",
            "tent-family",
            "blanket",
            "sleeping-bag",
        ] {
            assert_eq!(seed.unit_value(slug, summer), 100.0, "{slug}");
        }
        for slug in ["blanket", "sleeping-bag", "sleeping-bag-winter"] {
            assert_eq!(seed.unit_value(slug, winter_day), 200.0, "{slug}");
        }
        assert_eq!(seed.unit_value("tent-2p", winter_day), 100.0);
        assert_eq!(seed.unit_value("roll-mat", summer), 10.0);
        for slug in ["clothes-bag", "tinned-food"] {
            assert!(!seed.categories().contains(slug), "{slug} is unlisted");
            assert_eq!(seed.unit_value(slug, winter_day), 1.0, "{slug}");
        }
        assert_eq!(seed.min_condition("sleeping-bag"), Condition::Good);
        assert_eq!(seed.min_condition("sleeping-bag-winter"), Condition::Good);
        assert_eq!(seed.min_condition("tent-2p"), Condition::Usable);
    }

    #[test]
    fn the_seed_round_trips() {
        let seed: PrioritySet = serde_json::from_str(SEED).expect("seed parses");
        let again: PrioritySet =
            serde_json::from_str(&serde_json::to_string(&seed).expect("serialises"))
                .expect("parses again");
        assert_eq!(again, seed);
    }
}
