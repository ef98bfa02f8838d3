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
            let local = match lang {
                Lang::Fr => fr,
                Lang::Ar => ar,
                Lang::EnXa => Some(crate::i18n::pseudo::accent(&name)),
                Lang::En => None,
            };
            let shown = local.filter(|n| !n.trim().is_empty()).unwrap_or(name);
            (slug, shown)
        })
        .collect())
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
    #[test]
    fn every_seeded_line_has_a_slug_and_two_names() {
        for line in super::SEEDED.lines().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            assert_eq!(cols.len(), 3, "{line}");
            assert!(cols.iter().all(|c| !c.trim().is_empty()), "{line}");
        }
    }
}
