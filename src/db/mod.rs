//! The database: one connection type for SQLite and PostgreSQL, the pool, migrations,
//! and the one way writes are run (in a transaction; on SQLite queued to one writer).

pub mod lookup_cache;
pub mod prepared;
pub mod schema;
pub mod text_enum;
pub mod writer;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{ManageConnection, Pool, PooledConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::AppError;

/// Initialises OpenSSL (used by libpq's TLS and SQLCipher) without its exit handler.
/// By default the first user of OpenSSL registers `OPENSSL_cleanup` with `atexit`; it
/// then frees OpenSSL's global state while other threads may still be closing
/// connections (a server's workers, the pool), which crashed a test process after all
/// its tests had passed. Whoever initialises OpenSSL first decides, so this runs where a
/// path can first reach OpenSSL: `main` (every command) and `Manager::connect` (every
/// connection, for a library user such as the tests), plus the test harness's own
/// PostgreSQL connection made before any `Manager`.
pub fn init_openssl() {
    openssl_sys::init();
}

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(diesel::SqliteConnection),
    Pg(diesel::PgConnection),
}

/// Inserts one row and returns its generated id. The multi-backend connection has no
/// RETURNING, so the statement runs on the concrete connection underneath.
#[macro_export]
macro_rules! insert_returning_id {
    ($conn:expr, $table:expr, $values:expr, $id:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite(c) => ::diesel::insert_into($table)
                .values($values)
                .returning($id)
                .get_result::<i64>(c),
            $crate::db::DbConn::Pg(c) => ::diesel::insert_into($table)
                .values($values)
                .returning($id)
                .get_result::<i64>(c),
        }
    };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// `sqlite://PATH`, a plain path, or `postgres://…` / `postgresql://…`.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("DATABASE_URL is empty".into());
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(url.to_string()));
        }
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        if path.is_empty() || path.contains("://") {
            return Err(format!(
                "DATABASE_URL '{url}' is neither sqlite://PATH, a file path nor postgres://"
            ));
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
        }
    }

    /// The folder where Haul keeps its files beside the database (the key file).
    pub fn data_dir(&self) -> PathBuf {
        match self {
            DatabaseUrl::Sqlite(path) => path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(".")),
            DatabaseUrl::Postgres(_) => std::env::var_os("HAUL_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(".")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Opens connections of the right kind for the URL (diesel's own `establish` would
/// try SQLite first, which accepts any string as a file name).
#[derive(Clone)]
pub struct Manager {
    url: DatabaseUrl,
    /// The SQLCipher passphrase of an encrypted SQLite database (issue 15).
    key: crate::crypt::KeyHolder,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        // Every connection comes through here: the first OpenSSL user in a library use.
        init_openssl();
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let key = self.key.get();
                let mut c = crate::crypt::open_sqlite(path, key.as_ref())
                    .map_err(diesel::r2d2::Error::ConnectionError)?;
                // secure_delete: what is deleted or forgotten is overwritten, not left in
                // free pages for someone holding the file to read.
                c.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                     PRAGMA secure_delete = ON;",
                )
                .map_err(diesel::r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(c))
            }
            DatabaseUrl::Postgres(url) => diesel::PgConnection::establish(url)
                .map(DbConn::Pg)
                .map_err(diesel::r2d2::Error::ConnectionError),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

pub type Conn = PooledConnection<Manager>;

/// The pool for readers (and PostgreSQL's writers) plus SQLite's writer. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    backend: Backend,
    key: crate::crypt::KeyHolder,
    /// SQLite allows one writer: changes are queued to one thread with its own
    /// connection, so queued writers never hold the connections readers need.
    writer: Option<Arc<writer::Writer>>,
}

impl Db {
    pub fn connect(url: &DatabaseUrl, max_size: u32) -> anyhow::Result<Db> {
        Db::connect_with_key(url, max_size, None)
    }

    /// `connect` for a SQLite database encrypted with `key` (ignored for PostgreSQL).
    pub fn connect_with_key(
        url: &DatabaseUrl,
        max_size: u32,
        key: Option<crate::crypt::DbKey>,
    ) -> anyhow::Result<Db> {
        let key = crate::crypt::KeyHolder::new(key);
        if let DatabaseUrl::Sqlite(path) = url {
            if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
        }
        // One connection first, so WAL is switched on before the others race to do it.
        let manager = Manager {
            url: url.clone(),
            key: key.clone(),
        };
        manager.connect()?;
        // Connections are opened when asked for and then kept: with a key each one
        // derives it again (SQLCipher's PBKDF2, about a tenth of a second of CPU), and
        // none is left being opened in the background when a command exits (which
        // would leave the WAL unmerged).
        let pool = Pool::builder()
            .max_size(max_size)
            .min_idle(Some(0))
            .idle_timeout(None)
            .connection_timeout(Duration::from_secs(10))
            .build(manager.clone())?;
        let writer = (url.backend() == Backend::Sqlite).then(|| writer::Writer::start(manager));
        Ok(Db {
            pool,
            backend: url.backend(),
            key,
            writer,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database is opened with a passphrase (an encrypted SQLite file).
    pub fn is_encrypted(&self) -> bool {
        self.backend == Backend::Sqlite && self.key.is_set()
    }

    /// Zeroes the passphrase: no new connection can be opened after this.
    pub fn forget_key(&self) {
        self.key.forget();
    }

    pub fn conn(&self) -> Result<Conn, AppError> {
        let start = std::time::Instant::now();
        let conn = self.pool.get();
        crate::metrics::pool_wait(start.elapsed(), conn.is_ok());
        conn.map_err(|e| AppError::Unavailable(format!("database unreachable: {e}")))
    }

    /// SQLite's group commit so far (`None` on PostgreSQL): commits, changes, and the
    /// most changes one commit held.
    pub fn group_commits(&self) -> Option<(usize, usize, usize)> {
        use std::sync::atomic::Ordering::Relaxed;
        self.writer.as_ref().map(|w| {
            let s = w.stats();
            (
                s.commits.load(Relaxed),
                s.changes.load(Relaxed),
                s.largest.load(Relaxed),
            )
        })
    }

    /// Open and idle connections, for `/metrics`.
    pub fn pool_state(&self) -> diesel::r2d2::State {
        self.pool.state()
    }

    /// At shutdown: folds SQLite's write-ahead log back into the database file, so
    /// the file alone is complete; the connections close when the last clone drops.
    pub fn close(&self) {
        if self.backend == Backend::Sqlite {
            let done =
                self.read_blocking(|c| Ok(c.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?));
            if let Err(e) = done {
                tracing::warn!(error = %e, "could not checkpoint the write-ahead log");
            }
        }
    }

    /// Migrations this Haul has that the database lacks (readiness).
    pub fn pending_migrations(&self) -> Result<usize, AppError> {
        let mut conn = self.conn()?;
        match &mut *conn {
            DbConn::Sqlite(c) => c.pending_migrations(SQLITE_MIGRATIONS).map(|m| m.len()),
            DbConn::Pg(c) => c.pending_migrations(POSTGRES_MIGRATIONS).map(|m| m.len()),
        }
        .map_err(|e| AppError::Unavailable(format!("cannot read the migrations: {e}")))
    }

    pub fn migrate(&self) -> anyhow::Result<usize> {
        let mut conn = self.conn()?;
        let applied = match &mut *conn {
            DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
            DbConn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
        }
        .map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
        Ok(applied.len())
    }

    /// Runs `f` in one write transaction on a pool connection: on PostgreSQL for every
    /// change, on SQLite for commands and
    /// setup, which may borrow. On SQLite the transaction is begun as a write
    /// (`BEGIN IMMEDIATE`), so it waits for the writer thread or another process
    /// through `busy_timeout` instead of failing half-way with "database is locked".
    /// Requests use `write`.
    pub fn write_blocking<T>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut conn = self.conn()?;
        match &mut *conn {
            DbConn::Sqlite(c) => {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
            }
            // No database-wide lock: stock rows are changed by conditional statements
            // in key order, idempotency keys are claimed by insert, run plans lock
            // their origin's stock rows (see docs/architecture.md, "Scale").
            DbConn::Pg(c) => AnsiTransactionManager::begin_transaction(c)?,
        }
        finish_transaction(&mut conn, f)
    }

    pub fn read_blocking<T>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut conn = self.conn()?;
        f(&mut conn)
    }

    /// Runs `f` in one read-only transaction, so every query it makes sees the same
    /// snapshot of the database (a check, a report of several queries) while writers
    /// go on. SQLite's deferred `BEGIN` takes its snapshot at the first read.
    pub fn read_snapshot_blocking<T>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut conn = self.conn()?;
        match &mut *conn {
            DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN")?,
            DbConn::Pg(c) => AnsiTransactionManager::begin_transaction_sql(
                c,
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            )?,
        }
        finish_transaction(&mut conn, f)
    }

    /// `read_snapshot_blocking` off the async workers.
    pub async fn read_snapshot<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let db = self.clone();
        actix_web::web::block(move || db.read_snapshot_blocking(f))
            .await
            .map_err(|e| AppError::Internal(format!("worker failed: {e}")))?
    }

    /// `write_blocking` off the async workers.
    pub async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        if let Some(writer) = &self.writer {
            // No blocking thread is held while the change waits for its commit.
            let (tx, rx) = tokio::sync::oneshot::channel();
            writer.submit(
                f,
                Box::new(move |answer| {
                    let _ = tx.send(answer);
                }),
            );
            return rx
                .await
                .map_err(|_| AppError::Internal("the database writer stopped".into()))?;
        }
        let db = self.clone();
        actix_web::web::block(move || db.write_blocking(f))
            .await
            .map_err(|e| AppError::Internal(format!("worker failed: {e}")))?
    }

    /// `read_blocking` off the async workers.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let db = self.clone();
        actix_web::web::block(move || db.read_blocking(f))
            .await
            .map_err(|e| AppError::Internal(format!("worker failed: {e}")))?
    }
}

/// Runs `f` in the transaction begun on `conn` and commits it, or rolls it back if
/// `f` fails.
fn finish_transaction<T>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, AppError>,
) -> Result<T, AppError> {
    type Tm = <DbConn as Connection>::TransactionManager;
    match f(conn) {
        Ok(value) => {
            if let Err(e) = Tm::commit_transaction(conn) {
                let _ = Tm::rollback_transaction(conn);
                return Err(e.into());
            }
            Ok(value)
        }
        Err(e) => {
            Tm::rollback_transaction(conn)?;
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_database_urls() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://haul.db"),
            Ok(DatabaseUrl::Sqlite("haul.db".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("/var/lib/haul/haul.db"),
            Ok(DatabaseUrl::Sqlite("/var/lib/haul/haul.db".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").map(|u| u.backend()),
            Ok(Backend::Postgres)
        );
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("").is_err());
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/haul.db").map(|u| u.data_dir()),
            Ok(PathBuf::from("data"))
        );
    }
}
