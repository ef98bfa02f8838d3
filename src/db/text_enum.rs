//! Enums stored as text (`Condition`, `Role`, `RunStatus`, `Cause`, `LocationKind`):
//! diesel reads and writes them directly, on SQLite, PostgreSQL and the connection
//! that is either, so a row struct holds the enum, not a `String`. A value in the
//! database that is none of the enum's words is an error when the row is read (the
//! request fails and says which value), never a row skipped or a default guessed.
//!
//! The enum itself derives `diesel::expression::AsExpression` and `diesel::deserialize::FromSqlRow` with
//! `#[diesel(sql_type = diesel::sql_types::Text)]`; `text_enum_sql!` adds the two
//! conversions, generic over the backend, and comparison with the word as text. Pages
//! print it through its `Display` (the word), as they printed the `String` before.

/// `text_enum_sql!(Type, parse)`: `parse` is a `fn(&str) -> Option<Type>`; the type
/// must have `fn as_str(self) -> &'static str`.
#[macro_export]
macro_rules! text_enum_sql {
    ($ty:ty, $parse:expr) => {
        impl<DB> ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB> for $ty
        where
            DB: ::diesel::backend::Backend,
            String: ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> ::diesel::deserialize::Result<Self> {
                let text = <String as ::diesel::deserialize::FromSql<
                    ::diesel::sql_types::Text,
                    DB,
                >>::from_sql(bytes)?;
                let parse: fn(&str) -> Option<$ty> = $parse;
                parse(&text).ok_or_else(|| {
                    format!(
                        "the database holds {text:?}, which is not a {}",
                        stringify!($ty)
                    )
                    .into()
                })
            }
        }

        impl<DB> ::diesel::serialize::ToSql<::diesel::sql_types::Text, DB> for $ty
        where
            DB: ::diesel::backend::Backend,
            str: ::diesel::serialize::ToSql<::diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut ::diesel::serialize::Output<'b, '_, DB>,
            ) -> ::diesel::serialize::Result {
                <str as ::diesel::serialize::ToSql<::diesel::sql_types::Text, DB>>::to_sql(
                    self.as_str(),
                    out,
                )
            }
        }

        // Compared with its word as text (`kind == "site"`), so code that held the word
        // as a `String` reads the same with the enum.
        impl PartialEq<str> for $ty {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }
        impl PartialEq<&str> for $ty {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
        impl PartialEq<String> for $ty {
            fn eq(&self, other: &String) -> bool {
                self.as_str() == other
            }
        }
    };
}
