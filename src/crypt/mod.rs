//! Encryption at rest for SQLite (SQLCipher): the passphrase and where it comes from,
//! opening a file with it, private (0600) database files, and converting a database
//! between plain and encrypted (`haul encrypt`, `rekey`, `decrypt`).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use diesel::connection::SimpleConnection;
use diesel::Connection;
use zeroize::Zeroizing;

/// The environment variable with the passphrase itself (the weakest source: other
/// processes of the same user may read a process's environment).
pub const KEY_ENV: &str = "HAUL_DB_KEY";
/// A file holding the passphrase, e.g. on a USB stick that leaves with its keeper.
pub const KEY_FILE_ENV: &str = "HAUL_DB_KEY_FILE";

/// A database passphrase; its memory is zeroed when it is dropped.
#[derive(Clone)]
pub struct DbKey(Zeroizing<String>);

impl DbKey {
    pub fn new(passphrase: String) -> Result<DbKey, String> {
        let key = DbKey(Zeroizing::new(passphrase));
        if key.0.is_empty() {
            return Err("the database passphrase is empty".into());
        }
        if key.0.contains('\0') {
            return Err("the database passphrase contains a NUL byte".into());
        }
        Ok(key)
    }

    /// The passphrase as an SQL string literal, for `PRAGMA key` and `ATTACH … KEY`.
    fn literal(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("'{}'", self.0.replace('\'', "''")))
    }
}

/// Whether two typed passphrases are the same (to catch a typo before it locks a
/// database away for good).
pub fn same_key(a: &DbKey, b: &DbKey) -> bool {
    *a.0 == *b.0
}

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

/// The key the pool opens connections with; emptied (and so zeroed) by `forget`, after
/// which no new connection to an encrypted database can be opened.
#[derive(Clone, Default)]
pub struct KeyHolder(Arc<Mutex<Option<DbKey>>>);

impl KeyHolder {
    pub fn new(key: Option<DbKey>) -> KeyHolder {
        KeyHolder(Arc::new(Mutex::new(key)))
    }
    pub fn get(&self) -> Option<DbKey> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
    pub fn is_set(&self) -> bool {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }
    pub fn forget(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take();
    }
}

/// Where the passphrase came from, or none (a plain database).
pub enum KeySource {
    Prompt,
    File(PathBuf),
    Environment,
}

/// The passphrase from the prompt (`ask`), `HAUL_DB_KEY_FILE` or `HAUL_DB_KEY`, in that
/// order; `None` when none is given.
pub fn load_key(ask: bool, prompt: &str) -> anyhow::Result<Option<(DbKey, KeySource)>> {
    if ask {
        return Ok(Some((ask_key(prompt)?, KeySource::Prompt)));
    }
    if let Some(path) = std::env::var_os(KEY_FILE_ENV).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return Ok(Some((read_key_file(&path)?, KeySource::File(path))));
    }
    if let Ok(value) = std::env::var(KEY_ENV) {
        let key = DbKey::new(value).map_err(|e| anyhow::anyhow!("{KEY_ENV}: {e}"))?;
        return Ok(Some((key, KeySource::Environment)));
    }
    Ok(None)
}

/// A passphrase typed at the terminal without echo.
pub fn ask_key(prompt: &str) -> anyhow::Result<DbKey> {
    let typed = Zeroizing::new(
        rpassword::prompt_password(prompt)
            .map_err(|e| anyhow::anyhow!("cannot read the passphrase: {e}"))?,
    );
    DbKey::new(typed.to_string()).map_err(anyhow::Error::msg)
}

/// A passphrase from a file; one trailing line break is not part of it.
pub fn read_key_file(path: &Path) -> anyhow::Result<DbKey> {
    let bytes = Zeroizing::new(
        std::fs::read(path)
            .map_err(|e| anyhow::anyhow!("cannot read the key file {}: {e}", path.display()))?,
    );
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| anyhow::anyhow!("the key file {} is not UTF-8 text", path.display()))?;
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    DbKey::new(text.to_string()).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// The file beside the database that SQLite names by suffix (`-wal`, `-shm`, `-journal`).
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Makes the database file (empty) with mode 0600 if it does not exist, and narrows an
/// existing one and its `-wal`/`-shm` to 0600. SQLite gives `-wal` and `-shm` the mode
/// of the database file, so this is enough for files it makes later.
pub fn make_private(path: &Path) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    #[cfg(unix)]
    for file in [
        path.to_path_buf(),
        sibling(path, "-wal"),
        sibling(path, "-shm"),
    ] {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(&file) {
            if meta.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    Ok(())
}

/// Opens a SQLite file with its key (if any) as the first statement. The key is first
/// proved on a read-only, immutable view of the file: a connection that fails there has
/// written nothing, not even a checkpoint of the WAL, so a wrong or missing key leaves
/// the file's bytes as they were.
///
/// The immutable view takes no lock, so another process checkpointing its WAL into the
/// file at that moment can make the proving read fail although the key is right; the
/// open is tried again, five times in all over about a second, before the key is
/// called wrong.
pub fn open_sqlite(
    path: &Path,
    key: Option<&DbKey>,
) -> Result<diesel::SqliteConnection, diesel::ConnectionError> {
    make_private(path).map_err(|e| {
        diesel::ConnectionError::BadConnection(format!("cannot create {}: {e}", path.display()))
    })?;
    let mut pause = std::time::Duration::from_millis(40);
    for _ in 1..OPEN_TRIES {
        if let Ok(c) = open_once(path, key) {
            return Ok(c);
        }
        std::thread::sleep(pause);
        pause *= 2;
    }
    open_once(path, key)
}

/// How many times `open_sqlite` tries before it gives the last error.
const OPEN_TRIES: u32 = 5;

fn open_once(
    path: &Path,
    key: Option<&DbKey>,
) -> Result<diesel::SqliteConnection, diesel::ConnectionError> {
    let probe_url = format!("file:{}?mode=ro&immutable=1", uri_path(path));
    let mut probe = diesel::SqliteConnection::establish(&probe_url)?;
    apply_key(&mut probe, path, key)?;
    drop(probe);
    let mut c = diesel::SqliteConnection::establish(&path.to_string_lossy())?;
    apply_key(&mut c, path, key)?;
    Ok(c)
}

/// `PRAGMA key` and one read that proves it.
fn apply_key(
    c: &mut diesel::SqliteConnection,
    path: &Path,
    key: Option<&DbKey>,
) -> Result<(), diesel::ConnectionError> {
    if let Some(key) = key {
        // SQLCipher's own log (set up by the key) would print a wrong key's failed page
        // checks on standard error; the error below says it once, in words.
        let statement = Zeroizing::new(format!(
            "PRAGMA key = {}; PRAGMA cipher_log_level = NONE;",
            &*key.literal()
        ));
        c.batch_execute(&statement)
            .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
    }
    // After the key, which must come first: a writer in another process holds its lock
    // for a moment, and the proving read waits for it as the pool's connections do.
    c.batch_execute("PRAGMA busy_timeout = 10000;")
        .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
    if c.batch_execute("SELECT count(*) FROM sqlite_master;")
        .is_err()
    {
        let why = match key {
            Some(_) => format!(
                "cannot open {}: the database passphrase is wrong, or the file is not an encrypted Haul database",
                path.display()
            ),
            None => format!(
                "cannot open {}: the database is encrypted (or not a database); give its passphrase with --ask-key, {KEY_FILE_ENV} or {KEY_ENV}",
                path.display()
            ),
        };
        return Err(diesel::ConnectionError::BadConnection(why));
    }
    Ok(())
}

/// A path as the path part of a `file:` URI.
fn uri_path(path: &Path) -> String {
    path.to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3f")
        .replace('#', "%23")
}

/// Whether the SQLite file at `path` needs a key: it exists, is not empty and does not
/// start with SQLite's plain header.
pub fn is_encrypted(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let n = f.read(&mut header)?;
    Ok(n > 0 && header[..n] != b"SQLite format 3\0"[..n])
}

/// Copies the database at `src` (opened with `src_key`) into a new file `dst` encrypted
/// with `dst_key`, or plain without one (SQLCipher's `sqlcipher_export`).
pub fn export(
    src: &Path,
    src_key: Option<&DbKey>,
    dst: &Path,
    dst_key: Option<&DbKey>,
) -> anyhow::Result<()> {
    if std::fs::symlink_metadata(dst).is_ok() {
        anyhow::bail!(
            "{} already exists; Haul will not overwrite it",
            dst.display()
        );
    }
    if !src.exists() {
        anyhow::bail!("there is no database at {}", src.display());
    }
    let mut c = open_sqlite(src, src_key)?;
    // An empty file of our making, so the copy is 0600 from its first byte.
    make_private(dst)?;
    let dst_literal = format!("'{}'", dst.to_string_lossy().replace('\'', "''"));
    let key_literal = match dst_key {
        Some(k) => k.literal(),
        None => Zeroizing::new("''".to_string()),
    };
    let statement = Zeroizing::new(format!(
        "ATTACH DATABASE {dst_literal} AS haul_export KEY {}; \
         SELECT sqlcipher_export('haul_export'); \
         DETACH DATABASE haul_export;",
        &*key_literal
    ));
    c.batch_execute(&statement)
        .map_err(|e| anyhow::anyhow!("cannot copy the database into {}: {e}", dst.display()))?;
    drop(c);
    std::fs::File::open(dst)?.sync_all()?;
    Ok(())
}

/// Refuses while another process (a running server) holds the database: its `-wal`
/// survives our own open and close, which checkpoints and removes it otherwise.
fn ensure_idle(path: &Path, key: Option<&DbKey>) -> anyhow::Result<()> {
    drop(open_sqlite(path, key)?);
    if sibling(path, "-wal").exists() {
        anyhow::bail!(
            "{} is in use (its -wal file stays): stop `haul serve` first",
            path.display()
        );
    }
    Ok(())
}

/// Replaces the database at `path` by a copy under `new_key`, checked with `check`
/// before it takes the old one's place by an atomic rename; the old file's bytes are
/// then overwritten with zeros. A kill at any point leaves the old database or the new
/// one at `path`, never neither.
pub fn replace_in_place(
    path: &Path,
    old_key: Option<&DbKey>,
    new_key: &DbKey,
    check: impl FnOnce(&Path, &DbKey) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    ensure_idle(path, old_key)?;
    let tmp = sibling(path, ".converting");
    // What a killed earlier attempt left behind: never the live database.
    for leftover in [
        tmp.clone(),
        sibling(&tmp, "-journal"),
        sibling(&tmp, "-wal"),
        sibling(&tmp, "-shm"),
    ] {
        if leftover.exists() {
            std::fs::remove_file(&leftover)?;
        }
    }
    export(path, old_key, &tmp, Some(new_key))?;
    check(&tmp, new_key)?;
    if sibling(&tmp, "-wal").exists() {
        anyhow::bail!("the checked copy {} was not closed cleanly", tmp.display());
    }
    std::fs::File::open(&tmp)?.sync_all()?;
    let old = OpenOptions::new().write(true).open(path)?;
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    overwrite(old)?;
    Ok(())
}

/// Overwrites an (already unlinked) file's bytes with zeros. On SSDs and copy-on-write
/// file systems the old blocks may survive: docs/security.md says so.
fn overwrite(mut file: std::fs::File) -> std::io::Result<()> {
    let len = file.metadata()?.len();
    let zeros = vec![0u8; 64 * 1024];
    let mut left = len;
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(0))?;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        file.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_literal_escapes_quotes_and_refuses_empty_or_nul() {
        let k = DbKey::new("it's".into()).expect("key");
        assert_eq!(&*k.literal(), "'it''s'");
        assert!(DbKey::new(String::new()).is_err());
        assert!(DbKey::new("a\0b".into()).is_err());
        assert_eq!(format!("{k:?}"), "DbKey(…)");
    }

    #[test]
    fn uri_paths_escape_what_uris_read_specially() {
        assert_eq!(
            uri_path(Path::new("/a b/h%1?.db#x")),
            "/a b/h%251%3f.db%23x"
        );
    }

    /// What `haul import` meets beside a running server: another connection writing and
    /// checkpointing its WAL into the file while the import opens it. Every open must
    /// succeed; none may call the (absent) key wrong.
    #[test]
    fn opening_beside_a_busy_writer_never_calls_the_key_wrong() {
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("busy.db");
        let mut w = open_sqlite(&path, None).expect("first open");
        w.batch_execute(
            "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 1; \
             CREATE TABLE t (x BLOB);",
        )
        .expect("schema");
        let stop = Arc::new(AtomicBool::new(false));
        let writes = Arc::new(AtomicU64::new(0));
        let (writing, written) = (stop.clone(), writes.clone());
        let writer = std::thread::spawn(move || {
            while !writing.load(Ordering::Relaxed) {
                // Growing and shrinking rewrites page 1 (the header's page count) at
                // every checkpoint.
                w.batch_execute(
                    "INSERT INTO t VALUES (randomblob(20000)); \
                     DELETE FROM t WHERE rowid % 3 = 0; \
                     PRAGMA wal_checkpoint(TRUNCATE);",
                )
                .expect("write");
                written.fetch_add(1, Ordering::Relaxed);
            }
        });
        let (mut opens, mut failures) = (0, Vec::new());
        let start = std::time::Instant::now();
        while writes.load(Ordering::Relaxed) < 300
            && start.elapsed() < std::time::Duration::from_secs(10)
        {
            opens += 1;
            if let Err(e) = open_sqlite(&path, None) {
                failures.push(e.to_string());
            }
        }
        stop.store(true, Ordering::Relaxed);
        writer.join().expect("writer");
        let writes = writes.load(Ordering::Relaxed);
        assert!(writes >= 300, "the writer wrote only {writes} times");
        assert!(
            failures.is_empty(),
            "{} of {opens} opens failed: {:?}",
            failures.len(),
            failures.first()
        );
    }

    #[test]
    fn key_holder_forgets() {
        let h = KeyHolder::new(Some(DbKey::new("x".into()).expect("key")));
        assert!(h.is_set());
        h.forget();
        assert!(h.get().is_none());
    }
}
