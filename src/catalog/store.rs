//! Category queries.

use diesel::prelude::*;
use std::collections::HashMap;

use crate::catalog::model::{Category, NewCategory};
use crate::db::schema::categories::dsl as c;
use crate::db::DbConn;

pub fn all(conn: &mut DbConn) -> QueryResult<Vec<Category>> {
    c::categories
        .select(Category::as_select())
        .order(c::slug.asc())
        .load(conn)
}

pub fn by_slug(conn: &mut DbConn) -> QueryResult<HashMap<String, Category>> {
    Ok(all(conn)?
        .into_iter()
        .map(|c| (c.slug.clone(), c))
        .collect())
}

pub fn exists(conn: &mut DbConn, slug: &str) -> QueryResult<bool> {
    c::categories
        .filter(c::slug.eq(slug))
        .count()
        .get_result::<i64>(conn)
        .map(|n| n > 0)
}

pub fn insert(conn: &mut DbConn, new: &NewCategory) -> QueryResult<usize> {
    diesel::insert_into(c::categories).values(new).execute(conn)
}
