//! Statements that every write runs, written so that diesel prepares them once per
//! connection and keeps them.
//!
//! Diesel caches a prepared statement only when its SQL cannot vary: it never caches
//! an `UPDATE` built with its query builder, an upsert (`ON CONFLICT DO UPDATE`) or a
//! `sql_query`, so those are parsed and planned again on every call (on SQLite's
//! writer thread that was a twelfth of its time, docs/benchmarks.md). Each type here
//! is one fixed statement with bind parameters and a static query id: diesel caches
//! it by type, on SQLite and on PostgreSQL alike (the placeholders are the
//! backend's).

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{BigInt, Integer, Text};
use diesel::{QueryResult, RunQueryDsl};

/// `UPDATE stock SET quantity = quantity + delta` on one projection row, only if that
/// leaves it at zero or more; returns the new quantity (no row: absent, or not
/// enough). For a `delta` of zero or more the guard always holds, so the one statement
/// serves both directions.
#[derive(Debug, Clone, Copy)]
pub struct AddToStock<'a> {
    location_id: i64,
    category_id: i64,
    condition: &'a str,
    delta: i64,
    /// `-delta`: the least the row must hold.
    needs: i64,
}

impl<'a> AddToStock<'a> {
    pub fn new(location_id: i64, category_id: i64, condition: &'a str, delta: i64) -> Self {
        AddToStock {
            location_id,
            category_id,
            condition,
            delta,
            needs: delta.saturating_neg(),
        }
    }
}

impl QueryId for AddToStock<'_> {
    type QueryId = AddToStock<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl Query for AddToStock<'_> {
    type SqlType = BigInt;
}

impl<DB> QueryFragment<DB> for AddToStock<'_>
where
    DB: Backend + diesel::sql_types::HasSqlType<BigInt> + diesel::sql_types::HasSqlType<Text>,
    i64: ToSql<BigInt, DB>,
    str: ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("UPDATE stock SET quantity = quantity + ");
        out.push_bind_param::<BigInt, i64>(&self.delta)?;
        out.push_sql(" WHERE location_id = ");
        out.push_bind_param::<BigInt, i64>(&self.location_id)?;
        out.push_sql(" AND category_id = ");
        out.push_bind_param::<BigInt, i64>(&self.category_id)?;
        out.push_sql(" AND \"condition\" = ");
        out.push_bind_param::<Text, str>(self.condition)?;
        out.push_sql(" AND quantity >= ");
        out.push_bind_param::<BigInt, i64>(&self.needs)?;
        out.push_sql(" RETURNING quantity");
        Ok(())
    }
}

impl<Conn> RunQueryDsl<Conn> for AddToStock<'_> {}

/// `UPDATE idempotency_keys SET status_code, response_body WHERE key`: an idempotency
/// key's claim completed with the change's answer.
#[derive(Debug, Clone, Copy)]
pub struct CompleteKey<'a> {
    key: &'a str,
    status_code: i32,
    response_body: &'a str,
}

impl<'a> CompleteKey<'a> {
    pub fn new(key: &'a str, status_code: i32, response_body: &'a str) -> Self {
        CompleteKey {
            key,
            status_code,
            response_body,
        }
    }
}

impl QueryId for CompleteKey<'_> {
    type QueryId = CompleteKey<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<DB> QueryFragment<DB> for CompleteKey<'_>
where
    DB: Backend + diesel::sql_types::HasSqlType<Integer> + diesel::sql_types::HasSqlType<Text>,
    i32: ToSql<Integer, DB>,
    str: ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("UPDATE idempotency_keys SET status_code = ");
        out.push_bind_param::<Integer, i32>(&self.status_code)?;
        out.push_sql(", response_body = ");
        out.push_bind_param::<Text, str>(self.response_body)?;
        out.push_sql(" WHERE \"key\" = ");
        out.push_bind_param::<Text, str>(self.key)?;
        Ok(())
    }
}

impl<Conn> RunQueryDsl<Conn> for CompleteKey<'_> {}
