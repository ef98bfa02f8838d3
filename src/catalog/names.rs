//! Category names per language (issue 13): the catalogue's `name` is the default; a
//! French and an Arabic name may stand beside it, seeded from
//! `seeds/catalogue-names.csv` and falling back to the default when blank.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::schema::categories as c;
use crate::db::DbConn;
use crate::i18n::Lang;

const SEEDED: &str = include_str!("../../seeds/catalogue-names.csv");

/// Every category's name in `lang`, by slug. Take `Lang::current()` before a database
/// closure: the closure runs on another thread, outside the request.
pub fn in_lang(conn: &mut DbConn, lang: Lang) -> QueryResult<HashMap<String, String>> {
    let rows: Vec<(String, String, Option<String>, Option<String>)> = c::table
        .select((c::slug, c::name, c::name_fr, c::name_ar))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(slug, name, fr, ar)| {
            let shown = pick(lang, &name, fr.as_deref(), ar.as_deref());
            (slug, shown)
        })
        .collect())
}

/// The one rule for a category's name in `lang`: its own name there when it has a
/// non-blank one, else the default name (`name`, which English shows).
pub fn pick(lang: Lang, name: &str, fr: Option<&str>, ar: Option<&str>) -> String {
    let local = match lang {
        Lang::Fr => fr.map(str::to_string),
        Lang::Ar => ar.map(str::to_string),
        Lang::EnXa => Some(crate::i18n::pseudo::accent(name)),
        Lang::En => None,
    };
    local
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| name.to_string())
}

/// Sets a category's French and Arabic names; an empty one is kept empty (not null) so
/// that a later `haul seed` does not put the seeded name back over the coordinator's
/// choice to show the default name.
pub fn set(conn: &mut DbConn, slug: &str, fr: &str, ar: &str) -> QueryResult<usize> {
    diesel::update(c::table.filter(c::slug.eq(slug)))
        .set((c::name_fr.eq(fr.trim()), c::name_ar.eq(ar.trim())))
        .execute(conn)
}

/// Fills in the seeded French and Arabic names where a category has none yet (a
/// coordinator's own wording is never overwritten).
pub fn seed(conn: &mut DbConn) -> QueryResult<usize> {
    let mut changed = 0;
    for line in SEEDED.lines().skip(1) {
        let mut cols = line.splitn(3, ',');
        let (Some(slug), Some(fr), Some(ar)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let row = c::table.filter(c::slug.eq(slug));
        changed += diesel::update(row.filter(c::name_fr.is_null()))
            .set(c::name_fr.eq(fr.trim()))
            .execute(conn)?;
        changed += diesel::update(row.filter(c::name_ar.is_null()))
            .set(c::name_ar.eq(ar.trim()))
            .execute(conn)?;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_falls_back_to_the_default_when_blank_or_missing() {
        assert_eq!(
            pick(Lang::Fr, "Blanket", Some("Couverture"), None),
            "Couverture"
        );
        assert_eq!(pick(Lang::Fr, "Blanket", Some("  "), None), "Blanket");
        assert_eq!(
            pick(Lang::Ar, "Blanket", Some("Couverture"), None),
            "Blanket"
        );
        assert_eq!(
            pick(Lang::En, "Blanket", Some("Couverture"), Some("بطانية")),
            "Blanket"
        );
    }

    #[test]
    fn every_seeded_category_has_a_french_and_an_arabic_name() {
        let named: Vec<&str> = SEEDED
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .collect();
        let catalogue = include_str!("../../seeds/catalogue.csv");
        for slug in catalogue
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
        {
            assert!(named.contains(&slug), "{slug} has no seeded names");
        }
    }

    #[test]
    fn every_seeded_line_has_a_slug_and_two_names() {
        for line in super::SEEDED.lines().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            assert_eq!(cols.len(), 3, "{line}");
            assert!(cols.iter().all(|c| !c.trim().is_empty()), "{line}");
        }
    }
}
