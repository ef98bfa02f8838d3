//! Category rows and the request that creates one.

use crate::text::FreeText;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::catalog::Slug;
use crate::db::schema::categories;
use crate::error::FieldError;
use crate::i18n::{Lang, Msg};

#[derive(utoipa::ToSchema, Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = categories)]
pub struct Category {
    #[serde(skip)]
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub unit_volume_l: f64,
    pub unit_weight_kg: f64,
    pub dangerous_goods: bool,
    #[serde(skip)]
    pub created_at: NaiveDateTime,
    #[diesel(column_name = category_group)]
    #[schema(value_type = CategoryGroup)]
    pub group: String,
    /// The name in French, where a coordinator or the seed gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_fr: Option<String>,
    /// The name in Arabic, where a coordinator or the seed gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_ar: Option<String>,
}

impl Category {
    /// The name to show in `lang`: its own name there, else the default name.
    pub fn name_in(&self, lang: Lang) -> String {
        crate::catalog::names::pick(
            lang,
            &self.name,
            self.name_fr.as_deref(),
            self.name_ar.as_deref(),
        )
    }
}

/// The shelf a category sits on in forms: tents with tents, stoves with pots.
#[derive(
    utoipa::ToSchema,
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum CategoryGroup {
    Shelter,
    Sleeping,
    Cooking,
    Clothing,
    Food,
    Bikes,
    #[default]
    Other,
}

impl CategoryGroup {
    pub const ALL: [CategoryGroup; 7] = [
        CategoryGroup::Shelter,
        CategoryGroup::Sleeping,
        CategoryGroup::Cooking,
        CategoryGroup::Clothing,
        CategoryGroup::Food,
        CategoryGroup::Bikes,
        CategoryGroup::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            CategoryGroup::Shelter => "shelter",
            CategoryGroup::Sleeping => "sleeping",
            CategoryGroup::Cooking => "cooking",
            CategoryGroup::Clothing => "clothing",
            CategoryGroup::Food => "food",
            CategoryGroup::Bikes => "bikes",
            CategoryGroup::Other => "other",
        }
    }
    /// The group's name for people, in the request's language ("Shelter").
    pub fn label(self) -> String {
        let msg = match self {
            CategoryGroup::Shelter => Msg("group-shelter"),
            CategoryGroup::Sleeping => Msg("group-sleeping"),
            CategoryGroup::Cooking => Msg("group-cooking"),
            CategoryGroup::Clothing => Msg("group-clothing"),
            CategoryGroup::Food => Msg("group-food"),
            CategoryGroup::Bikes => Msg("group-bikes"),
            CategoryGroup::Other => Msg("group-other"),
        };
        msg.get()
    }
    /// A stored group's name for people; one Haul does not know is shown as it is.
    pub fn label_of(group: &str) -> String {
        CategoryGroup::parse(group)
            .map(CategoryGroup::label)
            .unwrap_or_else(|| group.to_string())
    }
    pub fn parse(s: &str) -> Option<CategoryGroup> {
        CategoryGroup::ALL.into_iter().find(|g| g.as_str() == s)
    }
    /// Where a stored group comes in the forms' order (one not known, last).
    pub fn rank(group: &str) -> usize {
        CategoryGroup::ALL
            .iter()
            .position(|g| g.as_str() == group)
            .unwrap_or(CategoryGroup::ALL.len())
    }
}

/// Categories split into their groups, in the forms' order (shelter, sleeping, …), each
/// group keeping the order it was given (by use, or by name): what forms list under
/// one heading per group.
pub fn grouped<'a>(
    categories: impl IntoIterator<Item = &'a Category>,
) -> Vec<(&'a str, Vec<&'a Category>)> {
    let mut groups: Vec<(&'a str, Vec<&'a Category>)> = Vec::new();
    for c in categories {
        match groups.iter_mut().find(|(g, _)| *g == c.group) {
            Some((_, list)) => list.push(c),
            None => groups.push((&c.group, vec![c])),
        }
    }
    groups.sort_by_key(|(g, _)| CategoryGroup::rank(g));
    groups
}

#[cfg(test)]
impl Category {
    /// A catalogue entry for unit tests: the slug is also its name.
    pub fn for_test(id: i64, slug: &str) -> Category {
        Category {
            id,
            slug: slug.to_string(),
            name: slug.to_string(),
            unit_volume_l: 1.0,
            unit_weight_kg: 1.0,
            dangerous_goods: false,
            created_at: NaiveDateTime::default(),
            group: "other".into(),
            name_fr: None,
            name_ar: None,
        }
    }
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCategoryRequest {
    pub slug: Slug,
    pub name: FreeText<100>,
    pub unit_volume_l: f64,
    pub unit_weight_kg: f64,
    #[serde(default)]
    pub dangerous_goods: bool,
    /// Where forms list it; `other` when not given.
    #[serde(default)]
    pub group: CategoryGroup,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = categories)]
pub struct NewCategory {
    pub slug: String,
    pub name: String,
    pub unit_volume_l: f64,
    pub unit_weight_kg: f64,
    pub dangerous_goods: bool,
    pub created_at: NaiveDateTime,
    #[diesel(column_name = category_group)]
    pub group: String,
}

/// The largest volume of one item of a category, litres.
pub const MAX_UNIT_VOLUME_L: f64 = 5000.0;
/// The largest weight of one item of a category, kg.
pub const MAX_UNIT_WEIGHT_KG: f64 = 1000.0;

/// A category's name, unit volume and unit weight checked (the range checks serde
/// cannot express): the trimmed name, or every problem. For adding and for editing.
pub fn check_category(
    name: &str,
    unit_volume_l: f64,
    unit_weight_kg: f64,
) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError::new("name", "name must be 1 to 100 characters"));
    }
    if !(unit_volume_l > 0.0 && unit_volume_l <= MAX_UNIT_VOLUME_L) {
        errors.push(FieldError::new(
            "unit_volume_l",
            format!("unit_volume_l must be more than 0 and at most {MAX_UNIT_VOLUME_L} litres"),
        ));
    }
    if !(unit_weight_kg > 0.0 && unit_weight_kg <= MAX_UNIT_WEIGHT_KG) {
        errors.push(FieldError::new(
            "unit_weight_kg",
            format!("unit_weight_kg must be more than 0 and at most {MAX_UNIT_WEIGHT_KG} kg"),
        ));
    }
    if errors.is_empty() {
        Ok(name)
    } else {
        Err(errors)
    }
}

impl NewCategoryRequest {
    pub fn into_new(self, now: NaiveDateTime) -> Result<NewCategory, Vec<FieldError>> {
        let name = check_category(&self.name, self.unit_volume_l, self.unit_weight_kg)?;
        Ok(NewCategory {
            slug: self.slug.to_string(),
            name,
            unit_volume_l: self.unit_volume_l,
            unit_weight_kg: self.unit_weight_kg,
            dangerous_goods: self.dangerous_goods,
            created_at: now,
            group: self.group.as_str().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_come_in_the_forms_order_keeping_the_order_given() {
        let cat = |id, slug: &str, group: &str| Category {
            group: group.into(),
            ..Category::for_test(id, slug)
        };
        let given = [
            cat(1, "bike", "bikes"),
            cat(2, "tent-2p", "shelter"),
            cat(3, "blanket", "sleeping"),
            cat(4, "gazebo", "shelter"),
            cat(5, "odd", "no-such-group"),
        ];
        let got: Vec<(&str, Vec<&str>)> = grouped(&given)
            .into_iter()
            .map(|(g, list)| (g, list.iter().map(|c| c.slug.as_str()).collect()))
            .collect();
        assert_eq!(
            got,
            [
                ("shelter", vec!["tent-2p", "gazebo"]),
                ("sleeping", vec!["blanket"]),
                ("bikes", vec!["bike"]),
                ("no-such-group", vec!["odd"]),
            ]
        );
    }
}
