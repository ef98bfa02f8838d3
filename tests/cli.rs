//! The `haul` command line on a fresh SQLite file: migrate, seed, user add, check.

use std::io::Write;
use std::process::{Command, Stdio};

fn haul(db: &std::path::Path, args: &[&str], stdin: Option<&str>) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_haul"))
        .args(args)
        .env("DATABASE_URL", format!("sqlite://{}", db.display()))
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run haul");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().expect("wait");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn migrate_seed_user_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("haul.db");
    let (ok, out) = haul(&db, &["migrate"], None);
    assert!(ok, "{out}");
    let (ok, out) = haul(&db, &["seed", "--demo"], None);
    assert!(ok, "{out}");
    assert!(out.contains("intakes"), "{out}");
    let (ok, out) = haul(&db, &["check"], None);
    assert!(ok, "{out}");
    assert!(out.contains("Stock matches the ledger"), "{out}");

    let (ok, out) = haul(
        &db,
        &[
            "user",
            "add",
            "ana",
            "--role",
            "coordinator",
            "--password-stdin",
        ],
        Some("too short\n"),
    );
    assert!(!ok, "a short password is refused: {out}");
    assert!(out.contains("12"), "{out}");
    let (ok, out) = haul(
        &db,
        &["user", "add", "ana", "--role", "boss", "--password-stdin"],
        Some("a long enough passphrase\n"),
    );
    assert!(!ok, "{out}");
    let (ok, out) = haul(
        &db,
        &[
            "user",
            "add",
            "ana",
            "--role",
            "coordinator",
            "--password-stdin",
        ],
        Some("a long enough passphrase\n"),
    );
    assert!(ok, "{out}");
    let (ok, _) = haul(
        &db,
        &["user", "add", "ana", "--role", "crew", "--password-stdin"],
        Some("a long enough passphrase\n"),
    );
    assert!(!ok, "a taken handle is refused");

    // Break the projection behind Haul's back: check must notice and fail.
    let url = haul::db::DatabaseUrl::Sqlite(db.clone());
    let pool = haul::db::Db::connect(&url, 1).unwrap();
    pool.write_blocking(|c| {
        use diesel::connection::SimpleConnection;
        c.batch_execute(
            "UPDATE stock SET quantity = quantity + 1 WHERE rowid = (SELECT MIN(rowid) FROM stock)",
        )?;
        Ok(())
    })
    .unwrap();
    let (ok, out) = haul(&db, &["check"], None);
    assert!(!ok, "check exits non-zero on a difference: {out}");
    assert!(out.contains("1 difference"), "{out}");
}

#[test]
fn bad_configuration_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_haul"))
        .args(["check"])
        .env("DATABASE_URL", "mysql://nope")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("DATABASE_URL"));
}
