//! Category rows and the request that creates one.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::catalog::Slug;
use crate::db::schema::categories;
use crate::error::FieldError;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
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
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCategoryRequest {
    pub slug: Slug,
    pub name: String,
    pub unit_volume_l: f64,
    pub unit_weight_kg: f64,
    #[serde(default)]
    pub dangerous_goods: bool,
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
}

impl NewCategoryRequest {
    /// The range checks serde cannot express; every problem is reported.
    pub fn into_new(self, now: NaiveDateTime) -> Result<NewCategory, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 100 {
            errors.push(FieldError::new("name", "name must be 1 to 100 characters"));
        }
        if !(self.unit_volume_l > 0.0 && self.unit_volume_l <= 5000.0) {
            errors.push(FieldError::new(
                "unit_volume_l",
                "unit_volume_l must be more than 0 and at most 5000 litres",
            ));
        }
        if !(self.unit_weight_kg > 0.0 && self.unit_weight_kg <= 1000.0) {
            errors.push(FieldError::new(
                "unit_weight_kg",
                "unit_weight_kg must be more than 0 and at most 1000 kg",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewCategory {
            slug: self.slug.to_string(),
            name,
            unit_volume_l: self.unit_volume_l,
            unit_weight_kg: self.unit_weight_kg,
            dangerous_goods: self.dangerous_goods,
            created_at: now,
        })
    }
}
