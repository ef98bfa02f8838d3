//! Request lines (category × condition × quantity) and the lookup that turns the slugs
//! of a request into rows, collecting every unknown or misused slug as a field error.

use diesel::QueryResult;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use crate::catalog::{Category, Condition};
use crate::db::DbConn;
use crate::error::FieldError;
use crate::ledger::Quantity;
use crate::locations::{Location, LocationKind};

pub const MAX_LINES: usize = 500;

#[derive(utoipa::ToSchema, Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LineRequest {
    pub category: String,
    pub condition: Condition,
    pub quantity: Quantity,
}

/// A line with its category resolved.
#[derive(Debug, Clone)]
pub struct Line {
    pub category: Category,
    pub condition: Condition,
    pub quantity: i64,
}

#[derive(utoipa::ToSchema, Debug, Clone, Serialize, PartialEq)]
pub struct LineView {
    pub category: String,
    #[schema(value_type = crate::catalog::Condition)]
    pub condition: String,
    pub quantity: i64,
}

impl From<&Line> for LineView {
    fn from(l: &Line) -> Self {
        LineView {
            category: l.category.slug.clone(),
            condition: l.condition.to_string(),
            quantity: l.quantity,
        }
    }
}

pub struct Lookup {
    known: std::sync::Arc<Known>,
    pub errors: Vec<FieldError>,
}

/// The catalogue and the places by slug, as of one `lookup_version`.
pub struct Known {
    categories: HashMap<String, Category>,
    locations: HashMap<String, Location>,
}

impl Lookup {
    /// The catalogue and the places, from this process's cache when the database's
    /// `lookup_version` (bumped by triggers on every change to them, read in the
    /// caller's transaction) says nothing changed since they were loaded.
    pub fn load(conn: &mut DbConn) -> QueryResult<Lookup> {
        let known = crate::db::lookup_cache::get(conn, |c| {
            Ok(Known {
                categories: crate::catalog::store::by_slug(c)?,
                locations: crate::locations::store::by_slug(c)?,
            })
        })?;
        Ok(Lookup {
            known,
            errors: Vec::new(),
        })
    }

    pub fn category(&mut self, field: &str, slug: &str) -> Option<Category> {
        let found = self.known.categories.get(slug).cloned();
        if found.is_none() {
            self.errors
                .push(FieldError::new(field, format!("unknown category '{slug}'")));
        }
        found
    }

    /// A location that must be one of `kinds`; a site named where a warehouse is
    /// wanted is an error naming both.
    pub fn location(
        &mut self,
        field: &str,
        slug: &str,
        kinds: &[LocationKind],
    ) -> Option<Location> {
        let Some(loc) = self.known.locations.get(slug).cloned() else {
            self.errors
                .push(FieldError::new(field, format!("unknown location '{slug}'")));
            return None;
        };
        if loc.archived_at.is_some() {
            // Archived places keep their history but take no new changes.
            self.errors
                .push(FieldError::new(field, format!("{} is archived", loc.name)));
            None
        } else if kinds.iter().any(|k| loc.is(*k)) {
            Some(loc)
        } else {
            let wanted: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
            self.errors.push(FieldError::new(
                field,
                format!(
                    "{} is a {}, not a {}",
                    loc.name,
                    loc.kind,
                    wanted.join(" or ")
                ),
            ));
            None
        }
    }

    pub fn lines(&mut self, field: &str, lines: &[LineRequest]) -> Vec<Line> {
        if lines.is_empty() {
            self.errors.push(FieldError::new(
                field,
                format!("{field} must have at least one line"),
            ));
        }
        if lines.len() > MAX_LINES {
            self.errors.push(FieldError::new(
                field,
                format!("{field} may have at most {MAX_LINES} lines"),
            ));
        }
        lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let category = self.category(&format!("{field}[{i}].category"), &l.category)?;
                Some(Line {
                    category,
                    condition: l.condition,
                    quantity: l.quantity.get(),
                })
            })
            .collect()
    }

    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// Turns collected errors into one 422.
    pub fn finish(&mut self) -> Result<(), crate::error::AppError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(crate::error::AppError::invalid_fields(std::mem::take(
                &mut self.errors,
            )))
        }
    }
}

/// Free text a volunteer may type (a source, a reason): trimmed, 1..=max characters.
pub fn required_text(field: &str, value: &str, max: usize, lookup: &mut Lookup) -> String {
    let v = value.trim().to_string();
    if v.is_empty() || v.chars().count() > max {
        lookup.push(field, format!("{field} must be 1 to {max} characters"));
    }
    v
}

/// A note: optional, and never anything that identifies a person.
pub fn optional_note(field: &str, value: Option<&str>, lookup: &mut Lookup) -> Option<String> {
    let v = value
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())?;
    if let Err(problem) = crate::notes::check_note(&v) {
        lookup.push(field, problem.message());
    }
    Some(v)
}

/// Dates a volunteer can mean: from 2000 to tomorrow (clocks and time zones differ).
pub fn check_date(
    field: &str,
    date: chrono::NaiveDate,
    today: chrono::NaiveDate,
    lookup: &mut Lookup,
) {
    if let Some(problem) = date_problem(field, date, today) {
        lookup.push(field, problem);
    }
}

/// The date rule on its own, for callers that report by line (CSV imports).
pub fn date_problem(
    field: &str,
    date: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Option<String> {
    let earliest = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(chrono::NaiveDate::MIN);
    (date < earliest || Some(date) > today.succ_opt()).then(|| {
        format!("{field} {date} is out of range: it must be between 2000-01-01 and tomorrow")
    })
}
