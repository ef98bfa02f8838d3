//! Backups and restores: one file format for both backends, the online copy, the
//! checks a restore makes before it touches anything, and the unattended schedule.
//!
//! A backup file is `HAUL-BACKUP 1\n`, one JSON header line (Haul version, schema
//! version, backend, time, payload size), the payload, and a last line
//! `sha256:HEX\n` over everything before it. The payload is the database itself:
//! SQLite's `VACUUM INTO` copy (consistent while `haul serve` writes, made through the
//! pool's own connection so an encrypted database's copy stays encrypted), or
//! PostgreSQL's `pg_dump --format=custom` archive (one snapshot, restored with
//! `pg_restore`). A restore reads and checks the whole file first, so a truncated,
//! altered or incompatible file is refused before the database is touched.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use anyhow::{bail, Context};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use diesel_migrations::MigrationHarness;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::db::{Backend, DatabaseUrl, Db, DbConn, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
use crate::error::AppError;

const MAGIC: &[u8] = b"HAUL-BACKUP 1\n";
const CHECKSUM_PREFIX: &[u8] = b"sha256:";
/// `sha256:` + 64 hex digits + newline.
const TRAILER_LEN: usize = 7 + 64 + 1;
/// Tables filled by `haul serve` on its first start (the seed catalogue and the
/// collective's priorities): a database holding only these still counts as empty.
const SEED_TABLES: &[&str] = &[
    "__diesel_schema_migrations",
    "categories",
    "priority_versions",
    // One row made by its migration: the lock-now state, not data.
    "lockdown",
    // When backups were made, not data: a database that was only backed up is empty.
    "backup_log",
    // One row made by its migration: the catalogue's cache version (issue 11).
    "lookup_version",
];

/// Unix time of the last backup this process made (0: none yet). `/metrics` reports the
/// newer of this and the newest row of `backup_log`, so a backup whose row could not be
/// written (a database too old for the table) still counts in the process that made it.
pub static LAST_BACKUP_UNIX: AtomicI64 = AtomicI64::new(0);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub haul_version: String,
    /// The newest migration applied when the copy was made.
    pub schema_version: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    pub created_at: String,
    pub payload_bytes: u64,
}

/// A backup file read and checked: its header and the database copy.
pub struct Backup {
    pub header: Header,
    pub payload: Vec<u8>,
}

fn backend_name(b: Backend) -> &'static str {
    match b {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// The schema versions this Haul knows, oldest first.
pub fn known_schema_versions(backend: Backend) -> Vec<String> {
    use diesel::migration::MigrationSource;
    let versions: Result<Vec<String>, _> = match backend {
        Backend::Sqlite => {
            MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
                .map(|ms| ms.iter().map(|m| m.name().version().to_string()).collect())
        }
        Backend::Postgres => MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES_MIGRATIONS)
            .map(|ms| ms.iter().map(|m| m.name().version().to_string()).collect()),
    };
    let mut v = versions.unwrap_or_default();
    v.sort();
    v
}

/// The newest migration applied to the database ("" on a database without any).
pub fn schema_version(c: &mut DbConn) -> Result<String, AppError> {
    let applied = match c {
        DbConn::Sqlite(c) => c.applied_migrations(),
        DbConn::Pg(c) => c.applied_migrations(),
    }
    .map_err(|e| AppError::Internal(format!("cannot read the applied migrations: {e}")))?;
    Ok(applied
        .iter()
        .map(|v| v.to_string())
        .max()
        .unwrap_or_default())
}

/// Makes a consistent copy of the database in `out` (written beside it, then renamed,
/// mode 0600). Safe while `haul serve` runs on the same database.
pub fn backup(db: &Db, url: &DatabaseUrl, out: &Path) -> anyhow::Result<Header> {
    let part = sibling(out, "part");
    let copy = sibling(out, "copy");
    let _ = std::fs::remove_file(&copy);
    let schema_version = db.read_blocking(schema_version)?;
    let result = (|| {
        match url {
            DatabaseUrl::Sqlite(_) => sqlite_copy(db, &copy)?,
            DatabaseUrl::Postgres(pg) => pg_dump(pg, &copy)?,
        }
        let payload =
            std::fs::read(&copy).with_context(|| format!("cannot read {}", copy.display()))?;
        let header = Header {
            haul_version: env!("CARGO_PKG_VERSION").to_string(),
            schema_version,
            backend: backend_name(url.backend()).to_string(),
            created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            payload_bytes: payload.len() as u64,
        };
        write_file(&part, &encode(&header, &payload)?)?;
        std::fs::rename(&part, out)
            .with_context(|| format!("cannot move the backup to {}", out.display()))?;
        let made_at = chrono::Utc::now();
        LAST_BACKUP_UNIX.store(made_at.timestamp(), Ordering::Relaxed);
        // After the copy, so no backup holds its own row. A backup that could not be
        // logged is still a good backup: the failure is only reported.
        if let Err(e) = log_backup(db, &header, made_at.naive_utc()) {
            tracing::warn!(error = %e, "the backup is made but could not be logged for /metrics");
        }
        Ok(header)
    })();
    let _ = std::fs::remove_file(&copy);
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}

/// Records a finished backup in `backup_log`, where `/metrics` finds it whichever process
/// made it.
fn log_backup(db: &Db, header: &Header, made_at: chrono::NaiveDateTime) -> Result<(), AppError> {
    use crate::db::schema::backup_log::dsl as b;
    let row = (
        b::made_at.eq(made_at),
        b::payload_bytes.eq(i64::try_from(header.payload_bytes).unwrap_or(i64::MAX)),
        b::schema_version.eq(header.schema_version.clone()),
    );
    db.write_blocking(move |c| {
        diesel::insert_into(b::backup_log).values(row).execute(c)?;
        Ok(())
    })
}

/// Unix time of the newest backup any process logged (0: none), for `/metrics`.
pub fn last_logged_backup(c: &mut DbConn) -> Result<i64, AppError> {
    use crate::db::schema::backup_log::dsl as b;
    let newest: Option<chrono::NaiveDateTime> = b::backup_log
        .select(diesel::dsl::max(b::made_at))
        .first(c)?;
    Ok(newest.map(|t| t.and_utc().timestamp()).unwrap_or(0))
}

/// SQLite's own consistent copy, taken through a connection of the pool: whatever the
/// pool sets up on a connection (WAL, and a key once the database is encrypted) applies
/// to the copy too.
fn sqlite_copy(db: &Db, copy: &Path) -> anyhow::Result<()> {
    let target = copy.to_string_lossy().replace('\'', "''");
    db.read_blocking(|c| {
        c.batch_execute(&format!("VACUUM INTO '{target}'"))
            .map_err(|e| AppError::Internal(format!("VACUUM INTO failed: {e}")))
    })?;
    Ok(())
}

fn pg_dump(url: &str, copy: &Path) -> anyhow::Result<()> {
    let mut cmd = std::process::Command::new("pg_dump");
    cmd.args(["--format=custom", "--no-owner", "--no-privileges", "--file"])
        .arg(copy)
        .arg("--dbname")
        .arg(url);
    run_pg_tool(cmd, "pg_dump")
}

/// Runs a PostgreSQL client tool; its own message when it fails.
fn run_pg_tool(mut cmd: std::process::Command, name: &str) -> anyhow::Result<()> {
    let out = cmd
        .output()
        .with_context(|| format!("cannot run {name} (install the PostgreSQL client tools)"))?;
    if !out.status.success() {
        bail!(
            "{name} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

pub fn encode(header: &Header, payload: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut bytes = MAGIC.to_vec();
    serde_json::to_writer(&mut bytes, header)?;
    bytes.push(b'\n');
    bytes.extend_from_slice(payload);
    let sum = hex::encode(Sha256::digest(&bytes));
    bytes.extend_from_slice(CHECKSUM_PREFIX);
    bytes.extend_from_slice(sum.as_bytes());
    bytes.push(b'\n');
    Ok(bytes)
}

/// Why a file is not a usable backup, in words for the person restoring.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BackupError {
    #[error("this is not a Haul backup file")]
    NotABackup,
    #[error("the backup file is truncated or has been altered (its checksum does not match); nothing was restored")]
    Damaged,
    #[error("{0}; nothing was restored")]
    Incompatible(String),
}

/// Reads and checks a backup file: magic, checksum, header, payload size.
pub fn decode(bytes: &[u8]) -> Result<Backup, BackupError> {
    if !bytes.starts_with(MAGIC) {
        return Err(BackupError::NotABackup);
    }
    if bytes.len() < MAGIC.len() + TRAILER_LEN {
        return Err(BackupError::Damaged);
    }
    let (body, trailer) = bytes.split_at(bytes.len() - TRAILER_LEN);
    let sum = trailer
        .strip_prefix(CHECKSUM_PREFIX)
        .and_then(|t| t.strip_suffix(b"\n"))
        .ok_or(BackupError::Damaged)?;
    if sum != hex::encode(Sha256::digest(body)).as_bytes() {
        return Err(BackupError::Damaged);
    }
    let rest = &body[MAGIC.len()..];
    let end = rest
        .iter()
        .position(|b| *b == b'\n')
        .ok_or(BackupError::Damaged)?;
    let header: Header = serde_json::from_slice(&rest[..end]).map_err(|_| BackupError::Damaged)?;
    let payload = rest[end + 1..].to_vec();
    if payload.len() as u64 != header.payload_bytes {
        return Err(BackupError::Damaged);
    }
    Ok(Backup { header, payload })
}

/// Refuses a backup this Haul cannot restore into `backend`.
pub fn check_compatible(header: &Header, backend: Backend) -> Result<(), BackupError> {
    let want = backend_name(backend);
    if header.backend != want {
        return Err(BackupError::Incompatible(format!(
            "this backup is of a {} database and DATABASE_URL names a {want} one",
            header.backend
        )));
    }
    let known = known_schema_versions(backend);
    let newest = known.last().cloned().unwrap_or_default();
    if header.schema_version > newest {
        return Err(BackupError::Incompatible(format!(
            "this backup was made by Haul {} with schema {}, newer than this Haul {} knows (up to {newest}): restore it with that Haul or a newer one",
            header.haul_version,
            header.schema_version,
            env!("CARGO_PKG_VERSION")
        )));
    }
    if !known.contains(&header.schema_version) {
        return Err(BackupError::Incompatible(format!(
            "this backup's schema {} is not one this Haul knows",
            header.schema_version
        )));
    }
    Ok(())
}

#[derive(QueryableByName)]
struct TableName {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct RowCount {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The tables of the database that hold rows, apart from what a first start seeds.
pub fn tables_with_data(c: &mut DbConn) -> Result<Vec<String>, AppError> {
    let names: Vec<TableName> = match c {
        DbConn::Sqlite(c) => diesel::sql_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .load(c)?,
        DbConn::Pg(c) => diesel::sql_query(
            "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public'",
        )
        .load(c)?,
    };
    let mut full = Vec::new();
    for TableName { name } in names {
        if SEED_TABLES.contains(&name.as_str()) {
            continue;
        }
        let q = format!(
            "SELECT COUNT(*) AS n FROM \"{}\"",
            name.replace('"', "\"\"")
        );
        let rows: Vec<RowCount> = match c {
            DbConn::Sqlite(c) => diesel::sql_query(q).load(c)?,
            DbConn::Pg(c) => diesel::sql_query(q).load(c)?,
        };
        if rows.first().is_some_and(|r| r.n > 0) {
            full.push(name);
        }
    }
    Ok(full)
}

/// The tables of the target that hold data (empty when the database does not exist yet).
/// `key` opens an encrypted SQLite target (a backup of one is encrypted with its key).
pub fn target_tables_with_data(
    url: &DatabaseUrl,
    key: Option<crate::crypt::DbKey>,
) -> anyhow::Result<Vec<String>> {
    if let DatabaseUrl::Sqlite(path) = url {
        if !path.exists() {
            return Ok(Vec::new());
        }
    }
    let db =
        Db::connect_with_key(url, 1, key).context("cannot open the database to restore into")?;
    Ok(db.read_blocking(tables_with_data)?)
}

/// Replaces the database with the backup's copy, then migrates it to this Haul's
/// schema. The caller has checked the file and the target (see `decode`,
/// `check_compatible`, `target_tables_with_data`). A SQLite database that is replaced
/// is kept beside it as `NAME.before-restore-TIME`. Answers the migrations applied.
pub fn restore(
    url: &DatabaseUrl,
    backup: &Backup,
    key: Option<crate::crypt::DbKey>,
) -> anyhow::Result<usize> {
    match url {
        DatabaseUrl::Sqlite(path) => sqlite_restore(path, &backup.payload)?,
        DatabaseUrl::Postgres(pg) => pg_restore(url, pg, &backup.payload)?,
    }
    let db = Db::connect_with_key(url, 1, key).context("cannot open the restored database")?;
    db.migrate()
}

fn sqlite_restore(path: &Path, payload: &[u8]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let incoming = sibling(path, "restoring");
    write_file(&incoming, payload)?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let old = PathBuf::from(name);
        if old.exists() {
            let kept = sibling(path, &format!("before-restore-{stamp}{suffix}"));
            std::fs::rename(&old, &kept)
                .with_context(|| format!("cannot move {} aside", old.display()))?;
        }
    }
    std::fs::rename(&incoming, path)
        .with_context(|| format!("cannot put the restored database at {}", path.display()))
}

fn pg_restore(url: &DatabaseUrl, pg: &str, payload: &[u8]) -> anyhow::Result<()> {
    let dir = tempfile_dir()?;
    let archive = dir.join(format!("haul-restore-{}.pgdump", std::process::id()));
    write_file(&archive, payload)?;
    let result = (|| {
        let db = Db::connect(url, 1).context("cannot open the database to restore into")?;
        db.read_blocking(|c| {
            Ok(c.batch_execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")?)
        })?;
        drop(db);
        let mut cmd = std::process::Command::new("pg_restore");
        cmd.args([
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
        ])
        .arg("--dbname")
        .arg(pg)
        .arg(&archive);
        run_pg_tool(cmd, "pg_restore")
    })();
    let _ = std::fs::remove_file(&archive);
    result
}

fn tempfile_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir();
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// `30s`, `15m`, `6h`, `1d` → a duration of at least one second.
pub fn parse_every(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = n
        .parse()
        .map_err(|_| format!("'{s}' is not a duration like 30m, 6h or 1d"))?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" | "" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("'{s}' is not a duration like 30m, 6h or 1d")),
    };
    if secs == 0 || secs > 366 * 86_400 {
        return Err(format!("'{s}' must be between 1s and 366d"));
    }
    Ok(Duration::from_secs(secs))
}

/// The file name of a scheduled backup made at `now`; names sort by time.
pub fn scheduled_name(now: chrono::DateTime<chrono::Utc>) -> String {
    format!("haul-{}.haulbak", now.format("%Y%m%dT%H%M%SZ"))
}

/// Deletes the oldest scheduled backups in `dir` beyond the newest `keep`.
pub fn prune(dir: &Path, keep: usize) -> std::io::Result<Vec<PathBuf>> {
    let mut ours: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("haul-") && n.ends_with(".haulbak"))
        })
        .collect();
    ours.sort();
    let excess = ours.len().saturating_sub(keep);
    let old: Vec<PathBuf> = ours.drain(..excess).collect();
    for p in &old {
        std::fs::remove_file(p)?;
    }
    Ok(old)
}

/// Backs up every `every` into `dir`, keeping the newest `keep`, on its own thread for
/// the life of the process. A failed backup is logged and tried again next time.
pub fn schedule(db: Db, url: DatabaseUrl, every: Duration, dir: PathBuf, keep: usize) {
    std::thread::spawn(move || loop {
        std::thread::sleep(every);
        let out = dir.join(scheduled_name(chrono::Utc::now()));
        let made = std::fs::create_dir_all(&dir)
            .map_err(anyhow::Error::from)
            .and_then(|_| backup(&db, &url, &out));
        match made {
            Ok(h) => {
                tracing::info!(file = %out.display(), bytes = h.payload_bytes, "backup made");
                if let Err(e) = prune(&dir, keep) {
                    tracing::error!(error = %e, "cannot delete old backups");
                }
            }
            Err(e) => tracing::error!(error = %format!("{e:#}"), "scheduled backup failed"),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            haul_version: "0.1.0".into(),
            schema_version: known_schema_versions(Backend::Sqlite)
                .last()
                .cloned()
                .unwrap_or_default(),
            backend: "sqlite".into(),
            created_at: "2026-11-29T12:00:00Z".into(),
            payload_bytes: 5,
        }
    }

    #[test]
    fn a_backup_file_round_trips_and_refuses_damage() {
        let bytes = encode(&header(), b"hello").unwrap();
        let b = decode(&bytes).unwrap();
        assert_eq!(b.payload, b"hello");
        assert_eq!(b.header, header());
        assert_eq!(
            decode(&bytes[..bytes.len() - 10]).err(),
            Some(BackupError::Damaged)
        );
        let mut altered = bytes.clone();
        let at = altered.len() - TRAILER_LEN - 2;
        altered[at] ^= 1;
        assert_eq!(decode(&altered).err(), Some(BackupError::Damaged));
        assert_eq!(
            decode(b"SQLite format 3\0").err(),
            Some(BackupError::NotABackup)
        );
    }

    #[test]
    fn incompatible_backups_are_named() {
        let mut h = header();
        assert!(check_compatible(&h, Backend::Sqlite).is_ok());
        let e = check_compatible(&h, Backend::Postgres).unwrap_err();
        assert!(e.to_string().contains("sqlite"), "{e}");
        h.schema_version = "99991231000000".into();
        let e = check_compatible(&h, Backend::Sqlite).unwrap_err();
        assert!(e.to_string().contains("newer"), "{e}");
    }

    #[test]
    fn durations_and_pruning() {
        assert_eq!(parse_every("6h"), Ok(Duration::from_secs(6 * 3600)));
        assert_eq!(parse_every("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_every("1d"), Ok(Duration::from_secs(86_400)));
        assert!(parse_every("0h").is_err());
        assert!(parse_every("6x").is_err());
        assert!(parse_every("").is_err());
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            std::fs::write(
                dir.path().join(format!("haul-2026010{i}T000000Z.haulbak")),
                b"x",
            )
            .unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), b"x").unwrap();
        let gone = prune(dir.path(), 2).unwrap();
        assert_eq!(gone.len(), 3);
        assert!(dir.path().join("haul-20260104T000000Z.haulbak").exists());
        assert!(!dir.path().join("haul-20260100T000000Z.haulbak").exists());
        assert!(dir.path().join("notes.txt").exists());
    }
}
