//! Forgetting what is no longer needed: free-text notes, reasons and `stated_by` past a
//! retention age; a retired site's code name and address; a volunteer's handle. Counts,
//! quantities and dates stay, so every total and `haul check` still hold.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::schema::{handouts, idempotency_keys, intakes, locations, movements, needs, users};
use crate::db::DbConn;
use crate::error::AppError;

/// `HAUL_FORGET_NOTES_AFTER`: how old a note may grow before it is blanked.
pub const RETENTION_ENV: &str = "HAUL_FORGET_NOTES_AFTER";
/// How often the running server forgets again.
pub const FORGET_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);
/// Shorter names are not replaced inside free text: "Ox" would turn "box" into nonsense.
const MIN_FREE_TEXT_LEN: usize = 3;

/// `90d` or `12w`: the retention as a number of days.
pub fn parse_retention(value: &str) -> Result<i64, String> {
    let v = value.trim();
    let (n, unit) = v.split_at(v.len().saturating_sub(1));
    let n: i64 = n
        .parse()
        .map_err(|_| format!("{RETENTION_ENV}='{value}' is not like 90d or 12w"))?;
    let days = match unit {
        "d" => n,
        "w" => n.saturating_mul(7),
        _ => return Err(format!("{RETENTION_ENV}='{value}' is not like 90d or 12w")),
    };
    if !(1..=36_500).contains(&days) {
        return Err(format!(
            "{RETENTION_ENV}='{value}' must be 1 day to 100 years"
        ));
    }
    Ok(days)
}

/// Blanks notes, reasons and `stated_by` recorded before `cutoff`, and drops stored
/// replies to idempotent requests that old (they may echo a note). Returns how many
/// texts were blanked.
pub fn forget_notes(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    let mut n = diesel::update(
        intakes::table
            .filter(intakes::created_at.lt(cutoff))
            .filter(intakes::note.is_not_null()),
    )
    .set(intakes::note.eq(None::<String>))
    .execute(conn)?;
    n += diesel::update(
        movements::table
            .filter(movements::created_at.lt(cutoff))
            .filter(movements::reason.is_not_null()),
    )
    .set(movements::reason.eq(None::<String>))
    .execute(conn)?;
    n += diesel::update(
        handouts::table
            .filter(handouts::created_at.lt(cutoff))
            .filter(handouts::note.is_not_null()),
    )
    .set(handouts::note.eq(None::<String>))
    .execute(conn)?;
    n += diesel::update(
        needs::table
            .filter(needs::created_at.lt(cutoff))
            .filter(needs::stated_by.ne("")),
    )
    .set(needs::stated_by.eq(""))
    .execute(conn)?;
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(cutoff)))
        .execute(conn)?;
    Ok(n)
}

/// Columns that are never rewritten: secrets, fixed vocabularies and the catalogue.
const UNTOUCHED_TABLES: &[&str] = &[
    "__diesel_schema_migrations",
    "categories",
    "sessions",
    "users",
    "audit_log",
];
const UNTOUCHED_COLUMNS: &[&str] = &[
    "slug",
    "password_hash",
    "token_hash",
    "csrf_token",
    "request_hash",
    "key",
    "kind",
    "status",
    "cause",
    "condition",
    "role",
];

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

/// Every text column of every table (so tables added later are covered too), less the
/// untouched ones.
fn text_columns(conn: &mut DbConn) -> QueryResult<Vec<(String, String)>> {
    let cols: Vec<Column> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name \
             FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND upper(p.type) IN ('TEXT', 'VARCHAR')",
        )
        .load(c)?,
        DbConn::Pg(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() \
             AND data_type IN ('text', 'character varying')",
        )
        .load(c)?,
    };
    Ok(cols
        .into_iter()
        .filter(|c| !UNTOUCHED_TABLES.contains(&c.table_name.as_str()))
        .filter(|c| !UNTOUCHED_COLUMNS.contains(&c.column_name.as_str()))
        .map(|c| (c.table_name, c.column_name))
        .collect())
}

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// In every text column: a value equal to `old` becomes `new`, and (when `inside`)
/// `old` inside a longer text is replaced too. Returns the cells changed.
fn rewrite(conn: &mut DbConn, old: &str, new: &str, inside: bool) -> QueryResult<usize> {
    if old.is_empty() {
        return Ok(0);
    }
    let mut changed = 0;
    for (table, column) in text_columns(conn)? {
        let (t, c) = (quote_ident(&table), quote_ident(&column));
        let (sqlite_sql, pg_sql) = if inside {
            (
                format!("UPDATE {t} SET {c} = REPLACE({c}, ?, ?) WHERE instr({c}, ?) > 0"),
                format!("UPDATE {t} SET {c} = REPLACE({c}, $1, $2) WHERE strpos({c}, $3) > 0"),
            )
        } else {
            (
                format!("UPDATE {t} SET {c} = ? WHERE {c} = ? AND ? <> ''"),
                format!("UPDATE {t} SET {c} = $1 WHERE {c} = $2 AND $3 <> ''"),
            )
        };
        let (a, b) = if inside { (old, new) } else { (new, old) };
        changed += match conn {
            DbConn::Sqlite(conn) => diesel::sql_query(sqlite_sql)
                .bind::<Text, _>(a)
                .bind::<Text, _>(b)
                .bind::<Text, _>(old)
                .execute(conn)?,
            DbConn::Pg(conn) => diesel::sql_query(pg_sql)
                .bind::<Text, _>(a)
                .bind::<Text, _>(b)
                .bind::<Text, _>(old)
                .execute(conn)?,
        };
    }
    Ok(changed)
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The next free `{prefix}N` among the values of `column` in `table`.
fn next_label(
    conn: &mut DbConn,
    prefix: &str,
    exists: impl Fn(&mut DbConn, &str) -> QueryResult<bool>,
) -> QueryResult<String> {
    let mut n = 1;
    loop {
        let label = format!("{prefix}{n}");
        if !exists(conn, &label)? {
            return Ok(label);
        }
        n += 1;
    }
}

/// Retires a site and forgets it: its code name, slug and address are replaced by
/// `retired-site-N` (the address removed) in every table; its counts stay. Returns
/// the label.
pub fn forget_site(conn: &mut DbConn, slug: &str) -> Result<String, AppError> {
    let site = crate::locations::store::find(conn, slug)?
        .filter(|l| l.kind == crate::locations::LocationKind::Site.as_str())
        .ok_or_else(|| AppError::NotFound(format!("no site '{slug}'")))?;
    if site.slug.starts_with("retired-site-") {
        return Err(AppError::conflict("this site is already forgotten"));
    }
    let label = next_label(conn, "retired-site-", |c, l| {
        Ok(crate::locations::store::find(c, l)?.is_some())
    })?;
    diesel::update(locations::table.filter(locations::id.eq(site.id)))
        .set((
            locations::slug.eq(&label),
            locations::name.eq(&label),
            locations::address.eq(None::<String>),
        ))
        .execute(conn)?;
    // Slugs travel inside stored JSON (priorities, saved replies) in quotes.
    rewrite(
        conn,
        &format!("\"{}\"", site.slug),
        &format!("\"{label}\""),
        true,
    )?;
    rewrite(conn, &site.slug, &label, false)?;
    for text in [Some(&site.name), site.address.as_ref()]
        .into_iter()
        .flatten()
    {
        if text.chars().count() >= MIN_FREE_TEXT_LEN {
            rewrite(conn, text, &label, true)?;
        }
    }
    Ok(label)
}

/// Forgets a volunteer's handle: the account becomes `forgotten-volunteer-N` (no login
/// possible) and every record they made says so. Returns the label.
pub fn forget_volunteer(conn: &mut DbConn, handle: &str) -> Result<String, AppError> {
    let user = crate::auth::store::find(conn, handle)?
        .ok_or_else(|| AppError::NotFound(format!("no volunteer '{handle}'")))?;
    if user.handle.starts_with("forgotten-volunteer-") {
        return Err(AppError::conflict("this volunteer is already forgotten"));
    }
    let label = next_label(conn, "forgotten-volunteer-", |c, l| {
        Ok(crate::auth::store::find(c, l)?.is_some())
    })?;
    diesel::update(users::table.filter(users::id.eq(user.id)))
        .set((users::handle.eq(&label), users::password_hash.eq("!")))
        .execute(conn)?;
    diesel::delete(
        crate::db::schema::sessions::table.filter(crate::db::schema::sessions::user_id.eq(user.id)),
    )
    .execute(conn)?;
    rewrite(conn, &user.handle, &label, false)?;
    if user.handle.chars().count() >= MIN_FREE_TEXT_LEN {
        rewrite(conn, &user.handle, &label, true)?;
    }
    Ok(label)
}

/// How many sites are already forgotten (for the page).
pub fn forgotten_sites(conn: &mut DbConn) -> QueryResult<i64> {
    let rows: Vec<Count> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(
            "SELECT count(*) AS n FROM locations WHERE slug LIKE 'retired-site-%'",
        )
        .load(c)?,
        DbConn::Pg(c) => diesel::sql_query(
            "SELECT count(*)::bigint AS n FROM locations WHERE slug LIKE 'retired-site-%'",
        )
        .load(c)?,
    };
    Ok(rows.first().map(|r| r.n).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_retention() {
        assert_eq!(parse_retention("90d"), Ok(90));
        assert_eq!(parse_retention("2w"), Ok(14));
        assert!(parse_retention("90").is_err());
        assert!(parse_retention("0d").is_err());
        assert!(parse_retention("-3d").is_err());
        assert!(parse_retention("d").is_err());
        assert!(parse_retention("").is_err());
        assert!(parse_retention("1y").is_err());
    }

    #[test]
    fn quotes_identifiers() {
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }
}
