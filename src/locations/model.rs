//! Location rows, kinds, and the request that creates one.

use crate::text::FreeText;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::catalog::Slug;
use crate::db::schema::locations;
use crate::error::FieldError;
use crate::i18n::Msg;

#[derive(
    utoipa::ToSchema,
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Text)]
#[serde(rename_all = "lowercase")]
pub enum LocationKind {
    Warehouse,
    Site,
    Van,
    /// Another collective's Haul (issue 18): goods handed over leave here; no address.
    Partner,
}

impl LocationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LocationKind::Warehouse => "warehouse",
            LocationKind::Site => "site",
            LocationKind::Van => "van",
            LocationKind::Partner => "partner",
        }
    }
    /// Warehouses and sites: the places a coordinator makes by hand (vans come with a
    /// van, partners with a partnership).
    pub fn is_place(self) -> bool {
        matches!(self, LocationKind::Warehouse | LocationKind::Site)
    }
    /// The kind's name for people ("Warehouse"), in the request's language; `as_str`
    /// stays the code, for URLs, CSV and the API. The one way pages name a kind.
    pub fn label(self) -> String {
        let id = match self {
            LocationKind::Warehouse => Msg("location-kind-warehouse"),
            LocationKind::Site => Msg("location-kind-site"),
            LocationKind::Van => Msg("location-kind-van"),
            LocationKind::Partner => Msg("location-kind-partner"),
        };
        id.get()
    }
    /// A stored kind's name for people; a kind Haul does not know is shown as it is.
    pub fn label_of(code: &str) -> String {
        LocationKind::parse(code)
            .map(LocationKind::label)
            .unwrap_or_else(|| code.to_string())
    }
    pub fn parse(s: &str) -> Option<LocationKind> {
        match s {
            "warehouse" => Some(LocationKind::Warehouse),
            "site" => Some(LocationKind::Site),
            "van" => Some(LocationKind::Van),
            "partner" => Some(LocationKind::Partner),
            _ => None,
        }
    }
}

crate::text_enum_sql!(LocationKind, LocationKind::parse);

impl fmt::Display for LocationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = locations)]
pub struct Location {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: LocationKind,
    pub address: Option<String>,
    pub region: Option<String>,
    pub created_at: NaiveDateTime,
    /// Archived places leave forms and plans but stay in history.
    pub archived_at: Option<NaiveDateTime>,
}

impl Location {
    pub fn kind(&self) -> Option<LocationKind> {
        Some(self.kind)
    }
    pub fn is(&self, kind: LocationKind) -> bool {
        self.kind == kind
    }
}

/// What the API shows of a location; the address only to roles allowed to see it.
#[derive(utoipa::ToSchema, Debug, Clone, Serialize)]
pub struct LocationView {
    pub slug: String,
    pub name: String,
    pub kind: LocationKind,
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "crate::utc::serialize_option")]
    pub archived_at: Option<NaiveDateTime>,
}

impl LocationView {
    pub fn new(l: Location, show_address: bool) -> Self {
        LocationView {
            slug: l.slug,
            name: l.name,
            kind: l.kind,
            region: l.region,
            address: if show_address { l.address } else { None },
            archived_at: l.archived_at,
        }
    }
}

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewLocationRequest {
    pub slug: Slug,
    pub name: FreeText<100>,
    pub kind: LocationKind,
    pub address: Option<FreeText<300>>,
    pub region: Option<FreeText<100>>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = locations)]
pub struct NewLocation {
    pub slug: String,
    pub name: String,
    pub kind: LocationKind,
    pub address: Option<String>,
    pub region: Option<String>,
    pub created_at: NaiveDateTime,
}

fn optional_text(
    field: &str,
    value: Option<String>,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let value = value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        errors.push(FieldError::new(
            field,
            format!("{field} must be at most {max} characters"),
        ));
    }
    value
}

/// A place's name (a site's code name), address and region, trimmed and checked; the
/// same rules for adding a place and for editing one.
pub fn check_place(
    name: &str,
    address: Option<String>,
    region: Option<String>,
    errors: &mut Vec<FieldError>,
) -> (String, Option<String>, Option<String>) {
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError::new("name", "name must be 1 to 100 characters"));
    }
    let address = optional_text("address", address, 300, errors);
    let region = optional_text("region", region, 100, errors);
    (name, address, region)
}

impl NewLocationRequest {
    pub fn into_new(self, now: NaiveDateTime) -> Result<NewLocation, Vec<FieldError>> {
        let mut errors = Vec::new();
        if !self.kind.is_place() {
            errors.push(FieldError::new(
                "kind",
                "vans are created with POST /api/v1/vans and partners with POST /api/v1/partners; kind must be warehouse or site",
            ));
        }
        let (name, address, region) = check_place(
            &self.name,
            self.address.map(FreeText::into_string),
            self.region.map(FreeText::into_string),
            &mut errors,
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewLocation {
            slug: self.slug.to_string(),
            name,
            kind: self.kind,
            address,
            region,
            created_at: now,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::LocationKind;
    use crate::i18n::Lang;

    #[test]
    fn every_kind_is_named_in_every_language_never_by_its_code() {
        let kinds = [
            LocationKind::Warehouse,
            LocationKind::Site,
            LocationKind::Van,
            LocationKind::Partner,
        ];
        for lang in Lang::OFFERED {
            for k in kinds {
                let label = lang.sync_scope(|| k.label());
                assert!(
                    !label.is_empty() && !label.starts_with('[') && label != k.as_str(),
                    "{lang:?} {k}: {label:?}"
                );
            }
        }
        assert_eq!(
            Lang::En.sync_scope(|| LocationKind::Warehouse.label()),
            "Warehouse"
        );
        assert_eq!(
            Lang::Fr.sync_scope(|| LocationKind::Van.label()),
            "Camionnette"
        );
        assert_eq!(
            Lang::En.sync_scope(|| LocationKind::label_of("barge")),
            "barge"
        );
    }
}
