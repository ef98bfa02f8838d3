//! Encryption at rest (issue 15): what the raw bytes of an encrypted database, its WAL
//! and its backup show, against a plain control; wrong and missing keys; encrypt, rekey
//! and decrypt; a kill in the middle of `encrypt`; and private (0600) database files.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use diesel::connection::SimpleConnection;
use haul::crypt::DbKey;
use haul::db::{DatabaseUrl, Db};

const PASSPHRASE: &str = "correct horse battery staple, but longer";
const ADDRESS: &str = "17 Quarry Lane, behind the bakery";
const HANDLE: &str = "nightjar-coordinator";

/// Strings written into the database that someone holding the file must not read.
const KNOWN: &[&str] = &[
    "Kestrel",           // a site's code name (demo)
    "Willow",            // another
    "Quarry Lane",       // an address
    HANDLE,              // a volunteer's handle
    "Sleeping bag",      // a category name
    "Oak site assembly", // who stated a need
    "demo season",       // an intake's note
];

use common::run_haul as haul;

fn key_file(dir: &Path, name: &str, passphrase: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{passphrase}\n")).expect("write key file");
    path
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    haul::crypt::sibling(path, suffix)
}

fn read_or_empty(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The demo season plus a site with an address and a coordinator, written through a
/// pool that stays open so the last writes are still in the WAL.
fn fill(db: &Db) {
    haul::seed::demo(db).expect("demo season");
    db.write_blocking(|c| {
        use haul::catalog::Slug;
        use haul::locations::model::NewLocationRequest;
        let new = NewLocationRequest {
            slug: Slug::parse("quarry").expect("slug"),
            name: "Quarry".parse().expect("name"),
            kind: haul::locations::LocationKind::Site,
            address: Some(ADDRESS.parse().expect("address")),
            region: Some("west".parse().expect("region")),
        }
        .into_new(chrono::Utc::now().naive_utc())
        .expect("location");
        haul::locations::store::insert(c, &new)?;
        let (h, r, hash) =
            haul::auth::api::prepare_user(HANDLE, "coordinator", "a long enough password here")
                .expect("user");
        haul::auth::api::insert_user(c, &h, r, &hash, chrono::Utc::now().naive_utc())?;
        Ok(())
    })
    .expect("site and user");
}

struct Files {
    db: Vec<u8>,
    wal: Vec<u8>,
    backup: Vec<u8>,
}

/// Writes the data with or without a key and reads the raw bytes of the database, its
/// WAL (while the pool is open) and a backup made with `VACUUM INTO` through the pool.
fn write_and_read(dir: &Path, key: Option<&str>) -> Files {
    let path = dir.join("haul.db");
    let url = DatabaseUrl::Sqlite(path.clone());
    let key = key.map(|k| DbKey::new(k.into()).expect("key"));
    let db = Db::connect_with_key(&url, 2, key).expect("open");
    db.migrate().expect("migrate");
    fill(&db);
    let wal = read_or_empty(&sibling(&path, "-wal"));
    let backup_path = dir.join("backup.db");
    let target = backup_path.display().to_string();
    db.read_blocking(move |c| Ok(c.batch_execute(&format!("VACUUM INTO '{target}'"))?))
        .expect("vacuum into");
    let files = Files {
        db: read_or_empty(&path),
        wal,
        backup: read_or_empty(&backup_path),
    };
    assert!(!files.wal.is_empty(), "the WAL holds the last writes");
    assert!(!files.backup.is_empty(), "the backup was written");
    files
}

#[test]
fn encrypted_database_wal_and_backup_hide_what_the_plain_ones_show() {
    let plain_dir = tempfile::tempdir().expect("dir");
    let plain = write_and_read(plain_dir.path(), None);
    let mut all_plain = plain.db.clone();
    all_plain.extend_from_slice(&plain.wal);
    for s in KNOWN {
        assert!(
            contains(&all_plain, s),
            "control: the plain database shows {s:?}"
        );
        assert!(
            contains(&plain.backup, s),
            "control: the plain backup shows {s:?}"
        );
    }

    let enc_dir = tempfile::tempdir().expect("dir");
    let enc = write_and_read(enc_dir.path(), Some(PASSPHRASE));
    for (what, bytes) in [
        ("database", &enc.db),
        ("WAL", &enc.wal),
        ("backup", &enc.backup),
    ] {
        assert!(
            !contains(bytes, "SQLite format 3"),
            "the {what} has no plain header"
        );
        for s in KNOWN {
            assert!(!contains(bytes, s), "the encrypted {what} shows {s:?}");
        }
    }
    // The backup opens with the same passphrase, and only with it.
    let backup = enc_dir.path().join("backup.db");
    let key = DbKey::new(PASSPHRASE.into()).expect("key");
    let c = haul::crypt::open_sqlite(&backup, Some(&key)).expect("backup opens with the key");
    drop(c);
    assert!(haul::crypt::open_sqlite(&backup, None).is_err());
}

#[test]
fn wrong_or_missing_key_fails_clearly_and_leaves_the_file_as_it_was() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("haul.db");
    let good = key_file(dir.path(), "good.key", PASSPHRASE);
    let good = good.to_str().expect("path");
    let (ok, out) = haul(
        &db,
        &["seed", "--demo"],
        &[("HAUL_DB_KEY_FILE", good)],
        None,
    );
    assert!(ok, "{out}");
    assert!(haul::crypt::is_encrypted(&db).expect("read"));
    let before = std::fs::read(&db).expect("read");

    let (ok, out) = haul(
        &db,
        &["check"],
        &[("HAUL_DB_KEY", "not the passphrase")],
        None,
    );
    assert!(!ok, "a wrong key fails: {out}");
    assert!(out.contains("passphrase is wrong"), "{out}");
    assert!(
        !out.contains("not the passphrase"),
        "the key is never printed: {out}"
    );
    assert!(
        !out.contains("hmac"),
        "one clear message, not SQLCipher's log: {out}"
    );
    assert_eq!(std::fs::read(&db).expect("read"), before, "bytes unchanged");

    let (ok, out) = haul(&db, &["check"], &[], None);
    assert!(!ok, "a missing key fails: {out}");
    assert!(out.contains("the database is encrypted"), "{out}");
    assert!(
        out.contains("HAUL_DB_KEY_FILE"),
        "says how to give it: {out}"
    );
    assert_eq!(std::fs::read(&db).expect("read"), before, "bytes unchanged");

    let (ok, out) = haul(&db, &["serve", "--bind", "127.0.0.1:0"], &[], None);
    assert!(!ok, "the server does not start without the key: {out}");
    assert_eq!(std::fs::read(&db).expect("read"), before, "bytes unchanged");

    let (ok, out) = haul(&db, &["check"], &[("HAUL_DB_KEY_FILE", good)], None);
    assert!(ok, "the right key opens it: {out}");
}

#[test]
fn a_database_without_a_key_stays_plain_sqlite() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("haul.db");
    let (ok, out) = haul(&db, &["seed", "--demo"], &[], None);
    assert!(ok, "{out}");
    assert!(!haul::crypt::is_encrypted(&db).expect("read"));
    assert!(std::fs::read(&db)
        .expect("read")
        .starts_with(b"SQLite format 3\0"));
    let (ok, out) = haul(&db, &["check"], &[], None);
    assert!(ok, "{out}");
}

#[test]
fn encrypt_check_rekey_check_decrypt() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("haul.db");
    let first = key_file(dir.path(), "first.key", PASSPHRASE);
    let second = key_file(dir.path(), "second.key", "a new one, with a ' quote");
    let (first, second) = (first.to_str().expect("p"), second.to_str().expect("p"));
    let (ok, out) = haul(&db, &["seed", "--demo"], &[], None);
    assert!(ok, "{out}");
    let (_, plain_stock) = haul(&db, &["export", "stock"], &[], None);

    let (ok, out) = haul(&db, &["encrypt"], &[("HAUL_DB_KEY_FILE", first)], None);
    assert!(ok, "encrypt: {out}");
    assert!(haul::crypt::is_encrypted(&db).expect("read"));
    let raw = std::fs::read(&db).expect("read");
    for s in KNOWN
        .iter()
        .filter(|s| **s != HANDLE && **s != "Quarry Lane")
    {
        assert!(!contains(&raw, s), "the encrypted file shows {s:?}");
    }
    assert!(!sibling(&db, ".converting").exists(), "no copy left behind");
    let (ok, out) = haul(&db, &["check"], &[("HAUL_DB_KEY_FILE", first)], None);
    assert!(ok && out.contains("Stock matches the ledger"), "{out}");
    let (ok, out) = haul(&db, &["encrypt"], &[("HAUL_DB_KEY_FILE", first)], None);
    assert!(!ok && out.contains("already encrypted"), "{out}");

    let args = ["rekey", "--new-key-file", second];
    let (ok, out) = haul(&db, &args, &[("HAUL_DB_KEY", "wrong")], None);
    assert!(!ok, "rekey needs the current key: {out}");
    let (ok, out) = haul(&db, &args, &[("HAUL_DB_KEY_FILE", first)], None);
    assert!(ok, "rekey: {out}");
    let (ok, out) = haul(&db, &["check"], &[("HAUL_DB_KEY_FILE", second)], None);
    assert!(ok && out.contains("Stock matches the ledger"), "{out}");
    let (ok, out) = haul(&db, &["check"], &[("HAUL_DB_KEY_FILE", first)], None);
    assert!(!ok, "the old key no longer opens it: {out}");
    let (ok, stock) = haul(
        &db,
        &["export", "stock"],
        &[("HAUL_DB_KEY_FILE", second)],
        None,
    );
    assert!(ok);
    assert_eq!(
        stock, plain_stock,
        "every total is the same after encrypt and rekey"
    );

    let out_file = dir.path().join("plain-copy.db");
    let out_arg = out_file.to_str().expect("p");
    let (ok, out) = haul(
        &db,
        &["decrypt", "--out", out_arg],
        &[("HAUL_DB_KEY_FILE", second)],
        Some("no\n"),
    );
    assert!(!ok && !out_file.exists(), "decrypt asks first: {out}");
    let (ok, out) = haul(
        &db,
        &["decrypt", "--out", out_arg],
        &[("HAUL_DB_KEY_FILE", second)],
        Some("yes\n"),
    );
    assert!(ok, "decrypt: {out}");
    assert!(std::fs::read(&out_file)
        .expect("read")
        .starts_with(b"SQLite format 3\0"));
    assert_eq!(mode(&out_file), 0o600);
    let (ok, stock) = haul(&out_file, &["export", "stock"], &[], None);
    assert!(ok);
    assert_eq!(stock, plain_stock);
}

#[test]
fn a_kill_in_the_middle_of_encrypt_leaves_one_whole_database() {
    let dir = tempfile::tempdir().expect("dir");
    let pristine = dir.path().join("pristine.db");
    let (ok, out) = haul(&pristine, &["seed", "--demo"], &[], None);
    assert!(ok, "{out}");
    let (_, expected) = haul(&pristine, &["export", "ledger"], &[], None);
    let key = key_file(dir.path(), "k.key", PASSPHRASE);
    let db = dir.path().join("haul.db");
    let (mut plain_seen, mut encrypted_seen) = (0, 0);
    for delay_ms in (0..60).step_by(3) {
        for f in [db.clone(), sibling(&db, ".converting")] {
            let _ = std::fs::remove_file(f);
        }
        std::fs::copy(&pristine, &db).expect("copy");
        let mut child = Command::new(env!("CARGO_BIN_EXE_haul"))
            .arg("encrypt")
            .env("DATABASE_URL", format!("sqlite://{}", db.display()))
            .env("HAUL_DB_KEY_FILE", &key)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let key_arg = key.to_str().expect("p");
        let env: &[(&str, &str)] = if haul::crypt::is_encrypted(&db).expect("read") {
            encrypted_seen += 1;
            &[("HAUL_DB_KEY_FILE", key_arg)]
        } else {
            plain_seen += 1;
            &[]
        };
        let (ok, ledger) = haul(&db, &["export", "ledger"], env, None);
        assert!(
            ok,
            "after a kill at {delay_ms} ms the database opens: {ledger}"
        );
        assert_eq!(
            ledger
                .lines()
                .filter(|l| !l.starts_with("Exported"))
                .collect::<Vec<_>>(),
            expected
                .lines()
                .filter(|l| !l.starts_with("Exported"))
                .collect::<Vec<_>>(),
            "after a kill at {delay_ms} ms nothing is lost"
        );
    }
    assert!(plain_seen + encrypted_seen > 0);
    eprintln!("kills: {plain_seen} left the plain database, {encrypted_seen} the encrypted one");
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn database_wal_and_shm_are_private() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("haul.db");
    let db = Db::connect(&DatabaseUrl::Sqlite(path.clone()), 2).expect("open");
    db.migrate().expect("migrate");
    for f in [path.clone(), sibling(&path, "-wal"), sibling(&path, "-shm")] {
        assert!(f.exists(), "{} exists while open", f.display());
        assert_eq!(mode(&f), 0o600, "{} is 0600", f.display());
    }
    drop(db);

    // A database made 0644 by an older Haul is narrowed when opened.
    let old = dir.path().join("old.db");
    std::fs::copy(&path, &old).expect("copy");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let db = Db::connect(&DatabaseUrl::Sqlite(old.clone()), 1).expect("open");
    let _open = db.conn().expect("a connection");
    for f in [old.clone(), sibling(&old, "-wal"), sibling(&old, "-shm")] {
        assert_eq!(mode(&f), 0o600, "{} is 0600", f.display());
    }
}

/// PostgreSQL: Haul passes `sslmode=require` through, and the connection is then
/// encrypted (the server's `pg_stat_ssl` says so); `sslmode=disable` is the control.
#[test]
fn postgres_connects_with_sslmode_require() {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Ssl {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        ssl: bool,
    }
    let Some((_db, DatabaseUrl::Postgres(url), _cleanup)) =
        common::fresh_database(common::Backend::Postgres)
    else {
        return;
    };
    let ssl_of = |mode: &str| -> Result<bool, String> {
        let url = DatabaseUrl::Postgres(format!("{url}?sslmode={mode}"));
        let db = Db::connect(&url, 1).map_err(|e| format!("{e:#}"))?;
        db.migrate().map_err(|e| format!("{e:#}"))?;
        db.read_blocking(|c| {
            let haul::db::DbConn::Pg(pg) = c else {
                unreachable!("PostgreSQL")
            };
            let rows: Vec<Ssl> =
                diesel::sql_query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                    .load(pg)?;
            Ok(rows.first().is_some_and(|r| r.ssl))
        })
        .map_err(|e| e.to_string())
    };
    match ssl_of("require") {
        Ok(on) => assert!(on, "sslmode=require gives an encrypted connection"),
        Err(e) if e.contains("SSL") && !common::postgres_required() => {
            eprintln!("\n!!!!! SKIPPED: the local PostgreSQL has no SSL ({e}); see docs/security.md. !!!!!\n");
            return;
        }
        Err(e) => panic!("sslmode=require failed: {e}"),
    }
    assert_eq!(
        ssl_of("disable"),
        Ok(false),
        "control: no SSL when disabled"
    );
}

/// `haul backup` of an encrypted database writes ciphertext, and `haul restore` with the
/// same passphrase brings every total back; without it, restore fails and changes nothing.
#[test]
fn an_encrypted_backup_stays_encrypted_and_restores_with_its_key() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("haul.db");
    let key = key_file(dir.path(), "haul.passphrase", PASSPHRASE);
    let key = key.to_str().expect("path");
    let env = [("HAUL_DB_KEY_FILE", key)];
    let (ok, out) = haul(&db, &["seed", "--demo"], &[], None);
    assert!(ok, "{out}");
    let (ok, out) = haul(&db, &["encrypt"], &env, None);
    assert!(ok, "encrypt: {out}");
    let (ok, stock) = haul(&db, &["export", "stock"], &env, None);
    assert!(ok, "{stock}");

    let backup = dir.path().join("haul.haulbak");
    let backup_arg = backup.to_str().expect("path");
    let (ok, out) = haul(&db, &["backup", backup_arg], &env, None);
    assert!(ok, "backup: {out}");
    let raw = std::fs::read(&backup).expect("read backup");
    for s in ["Kestrel", "Willow", "Sleeping bag", "demo season"] {
        assert!(!contains(&raw, s), "the backup shows {s:?}");
    }

    let fresh = dir.path().join("restored.db");
    let (ok, out) = haul(&fresh, &["restore", backup_arg], &[], None);
    assert!(
        !ok && out.contains("encrypted"),
        "restored without the passphrase: {out}"
    );
    assert!(
        !fresh.exists(),
        "nothing was written without the passphrase"
    );
    let (ok, out) = haul(&fresh, &["restore", backup_arg], &env, None);
    assert!(ok, "restore: {out}");
    let (ok, out) = haul(&fresh, &["check"], &env, None);
    assert!(ok && out.contains("Stock matches the ledger"), "{out}");
    let (ok, restored) = haul(&fresh, &["export", "stock"], &env, None);
    assert!(ok, "{restored}");
    assert_eq!(restored, stock, "every total is back");
}
