//! The `haul` command: reads the command line and runs the library.

use std::net::TcpListener;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use haul::auth::token::{KeySource, Keys};
use haul::config::{Config, DEFAULT_BIND, DEFAULT_DATABASE_URL};
use haul::db::Db;
use haul::state::AppState;

#[derive(Parser)]
#[command(
    name = "haul",
    version,
    about = "Tracks salvaged and donated goods from festival field to hand-out."
)]
struct Cli {
    /// sqlite://PATH, a plain path, or postgres://…
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    database_url: String,
    /// Ask for the database passphrase at a prompt (no echo). Without it Haul reads
    /// HAUL_DB_KEY_FILE, then HAUL_DB_KEY; with none of them the database is plain.
    #[arg(long, global = true)]
    ask_key: bool,
    /// Log lines as text (for people) or JSON (for a log collector).
    #[arg(
        long,
        env = "HAUL_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and pages (creates and migrates the database on first start).
    Serve {
        #[arg(long, env = "HAUL_BIND", default_value = DEFAULT_BIND)]
        bind: String,
        /// The reverse proxy's address: only from it is X-Forwarded-For believed
        /// (for the login throttle). Unset: the connection's own address counts.
        #[arg(long, env = "HAUL_TRUSTED_PROXY")]
        trusted_proxy: Option<std::net::IpAddr>,
        /// Also load the demo season into an empty database.
        #[arg(long)]
        demo: bool,
        /// On SIGTERM or Ctrl-C, how long requests in flight may take to finish (seconds).
        #[arg(long, default_value_t = 30)]
        shutdown_timeout: u64,
        /// Make a backup this often (e.g. 6h, 30m, 1d) into --backup-dir.
        #[arg(long, requires = "backup_dir", value_parser = haul::backup::parse_every)]
        backup_every: Option<std::time::Duration>,
        /// The folder for scheduled backups.
        #[arg(long, requires = "backup_every")]
        backup_dir: Option<std::path::PathBuf>,
        /// How many scheduled backups to keep (the oldest are deleted).
        #[arg(long, default_value_t = 14, value_parser = clap::value_parser!(u16).range(1..))]
        backup_keep: u16,
    },
    /// Copy the database into FILE while Haul runs (consistent; checked on restore).
    Backup { file: std::path::PathBuf },
    /// Restore a backup into an empty database (or, with --force, over this one).
    Restore {
        file: std::path::PathBuf,
        /// Replace a database that holds data (asks for confirmation on standard input).
        #[arg(long)]
        force: bool,
    },
    /// Apply pending migrations.
    Migrate,
    /// Load the catalogue from seeds/ (and with --demo a season of example data).
    Seed {
        #[arg(long)]
        demo: bool,
    },
    /// Recompute stock from the ledger; exit non-zero on any difference.
    Check,
    /// Manage volunteers' accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Partner collectives: our key to show them, and adding theirs.
    Partner {
        #[command(subcommand)]
        command: PartnerCommand,
    },
    /// Handovers with partner collectives.
    Transfer {
        #[command(subcommand)]
        command: TransferCommand,
    },
    /// Import a CSV file, all or nothing; every bad row is named by its line.
    Import {
        kind: ImportKind,
        file: std::path::PathBuf,
        /// The handle recorded on the ledger entries.
        #[arg(long, default_value = "cli")]
        actor: String,
    },
    /// Export as CSV to a file, or to standard output.
    Export {
        kind: ExportKind,
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
    /// Encrypt a plain SQLite database in place with the passphrase given (--ask-key,
    /// HAUL_DB_KEY_FILE or HAUL_DB_KEY); stop `haul serve` first.
    Encrypt,
    /// Change the passphrase of an encrypted database; stop `haul serve` first.
    Rekey {
        /// Read the new passphrase from this file instead of asking for it.
        #[arg(long)]
        new_key_file: Option<std::path::PathBuf>,
    },
    /// Lock now: revoke every session and token; a running server with an encrypted
    /// database closes it and stops, one with a plain database refuses logins.
    Lock,
    /// Allow logins again after `haul lock` on a plain database.
    Unlock,
    /// Write a plain (unencrypted) copy of an encrypted database to FILE.
    Decrypt {
        #[arg(long)]
        out: std::path::PathBuf,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a volunteer: `haul user add HANDLE --role ROLE --password-stdin`.
    Add {
        handle: String,
        #[arg(long)]
        role: String,
        /// Read the password from standard input (so it stays out of the shell history).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum PartnerCommand {
    /// Print our collective's public key and its fingerprint (made on first use).
    Key,
    /// Add a partner by the public key they showed: `haul partner add CODE_NAME KEY
    /// --direction both --valid-until 2027-06-30`.
    Add {
        code_name: String,
        public_key: String,
        /// give (we give to them), receive (we receive from them) or both.
        #[arg(long, default_value = "both")]
        direction: String,
        #[arg(long)]
        valid_until: chrono::NaiveDate,
    },
}

#[derive(Subcommand)]
enum TransferCommand {
    /// Import a signed file a partner handed over (offer, answer, dispatch or receipt note).
    Import {
        file: std::path::PathBuf,
        /// The handle recorded with the import.
        #[arg(long, default_value = "cli")]
        actor: String,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ImportKind {
    /// source, warehouse, received_on, category, condition, quantity[, note]
    Intakes,
    /// site, category, quantity, stated_on, stated_by[, needed_by]
    Needs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportKind {
    Stock,
    Ledger,
    Handouts,
    /// The needs in force: wanted, delivered, in transit, unmet.
    Needs,
}

impl From<ExportKind> for haul::exports::ExportKind {
    fn from(k: ExportKind) -> Self {
        match k {
            ExportKind::Stock => haul::exports::ExportKind::Stock,
            ExportKind::Ledger => haul::exports::ExportKind::Ledger,
            ExportKind::Handouts => haul::exports::ExportKind::Handouts,
            ExportKind::Needs => haul::exports::ExportKind::Needs,
        }
    }
}

fn progress_bar(len: u64, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    let style = indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

/// Reads the file with a progress bar (bytes), then imports it in one transaction.
fn import(
    db: &Db,
    kind: ImportKind,
    file: &std::path::Path,
    actor: String,
) -> anyhow::Result<ExitCode> {
    use std::io::Read;
    let f = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let len = f.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = progress_bar(len, "reading");
    let mut input = Vec::with_capacity(len as usize);
    bar.wrap_read(f)
        .read_to_end(&mut input)
        .with_context(|| format!("cannot read {}", file.display()))?;
    bar.set_message("importing (all or nothing)");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let now = chrono::Utc::now().naive_utc();
    let result = match kind {
        ImportKind::Intakes => {
            db.write_blocking(move |c| haul::imports::intakes(c, &input, &actor, now))
        }
        ImportKind::Needs => {
            bar.finish_and_clear();
            return import_needs(db, file);
        }
    };
    bar.finish_and_clear();
    match result {
        Ok(r) => {
            println!(
                "Imported {} intakes: {} lines, {} items.",
                r.intakes, r.lines, r.items
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(haul::error::AppError::Invalid { message, details }) => {
            eprintln!("{message}");
            for d in details {
                eprintln!("  {}: {}", d.field, d.message);
            }
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}

/// Streams the export page by page, with a progress bar on standard error.
fn export(db: &Db, kind: ExportKind, out: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let kind: haul::exports::ExportKind = kind.into();
    let filter = haul::exports::store::ExportFilter::default();
    let steps = db.read_blocking(|c| haul::exports::csv::steps(c, kind, &filter))?;
    let bar = progress_bar(steps, kind.as_str());
    let rows = db.read_blocking(|c| {
        let mut progress = |n| bar.inc(n);
        match out {
            Some(path) => {
                let file = std::fs::File::create(path).map_err(|e| {
                    haul::error::AppError::Internal(format!(
                        "cannot create {}: {e}",
                        path.display()
                    ))
                })?;
                haul::exports::csv::write(
                    c,
                    kind,
                    &filter,
                    std::io::BufWriter::new(file),
                    &mut progress,
                )
            }
            None => {
                haul::exports::csv::write(c, kind, &filter, std::io::stdout().lock(), &mut progress)
            }
        }
    })?;
    bar.finish_and_clear();
    match out {
        Some(path) => eprintln!("Exported {rows} rows to {}.", path.display()),
        None => eprintln!("Exported {rows} rows."),
    }
    Ok(ExitCode::SUCCESS)
}

fn open(cli: &Cli, bind: &str) -> anyhow::Result<(Config, Db)> {
    let config = Config::new(&cli.database_url, bind)?;
    let key = sqlite_key(cli, &config)?;
    let db = Db::connect_with_key(&config.database, 8, key).context("cannot open the database")?;
    let applied = db.migrate()?;
    if applied > 0 {
        tracing::info!(applied, "migrations applied");
    }
    Ok((config, db))
}

/// With `HAUL_FORGET_NOTES_AFTER` set: blanks old notes now, then every hour.
fn forget_notes_now_and_hourly(db: &Db) -> anyhow::Result<()> {
    use haul::safety::forget::{self, RETENTION_ENV};
    let Ok(value) = std::env::var(RETENTION_ENV) else {
        return Ok(());
    };
    let days = forget::parse_retention(&value).map_err(anyhow::Error::msg)?;
    let run = move |db: &Db| -> Result<usize, haul::error::AppError> {
        let now = chrono::Utc::now().naive_utc();
        let cutoff = now - chrono::Duration::days(days);
        db.write_blocking(|c| {
            let n = forget::forget_notes(c, cutoff)?;
            if n > 0 {
                let facts = haul::safety::AuditFacts::NotesForgotten { n: n as i64, days };
                haul::safety::audit_facts(c, now, "haul", "forget-notes", &facts)?;
            }
            Ok(n)
        })
    };
    let n = run(db)?;
    println!("Forgot {n} note(s) older than {days} days ({RETENTION_ENV}).");
    let db = db.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(forget::FORGET_EVERY);
        if let Err(e) = run(&db) {
            tracing::warn!(error = %e, "forgetting old notes failed");
        }
    });
    Ok(())
}

/// The passphrase for a SQLite database, if one is given; PostgreSQL takes none.
fn sqlite_key(cli: &Cli, config: &Config) -> anyhow::Result<Option<haul::crypt::DbKey>> {
    if config.database.backend() != haul::db::Backend::Sqlite {
        return Ok(None);
    }
    Ok(haul::crypt::load_key(cli.ask_key, "Database passphrase: ")?.map(|(k, _)| k))
}

fn sqlite_path(config: &Config) -> anyhow::Result<std::path::PathBuf> {
    match &config.database {
        haul::db::DatabaseUrl::Sqlite(path) => Ok(path.clone()),
        haul::db::DatabaseUrl::Postgres(_) => anyhow::bail!(
            "this command is for SQLite databases; see docs/security.md for PostgreSQL"
        ),
    }
}

/// A new passphrase: from a file, or typed twice.
fn new_key(file: Option<&std::path::Path>, what: &str) -> anyhow::Result<haul::crypt::DbKey> {
    if let Some(f) = file {
        return haul::crypt::read_key_file(f);
    }
    let first = haul::crypt::ask_key(&format!("{what}: "))?;
    let again = haul::crypt::ask_key(&format!("{what} again: "))?;
    if haul::crypt::same_key(&first, &again) {
        Ok(first)
    } else {
        anyhow::bail!("the two passphrases differ; nothing was changed")
    }
}

/// `haul check` on a database file, as `encrypt` and `rekey` run it on the new copy.
fn check_file(path: &std::path::Path, key: &haul::crypt::DbKey) -> anyhow::Result<()> {
    // One bare connection, no pool and no WAL: the copy is closed cleanly before the rename.
    let conn = haul::crypt::open_sqlite(path, Some(key))?;
    let diffs = haul::ledger::check(&mut haul::db::DbConn::Sqlite(conn))?;
    if !diffs.is_empty() {
        anyhow::bail!(
            "the copy has {} difference(s) between stock and the ledger; the original is kept",
            diffs.len()
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    // Before anything can open a connection: OpenSSL without its exit handler.
    haul::db::init_openssl();
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,actix_server=warn".into());
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Serve {
            bind,
            demo,
            trusted_proxy,
            shutdown_timeout,
            backup_every,
            backup_dir,
            backup_keep,
        } => {
            let (bind, demo, trusted_proxy) = (bind.clone(), *demo, *trusted_proxy);
            let (shutdown_timeout, backup_every, backup_dir, backup_keep) = (
                *shutdown_timeout,
                *backup_every,
                backup_dir.clone(),
                *backup_keep,
            );
            let (config, db) = open(&cli, &bind)?;
            forget_notes_now_and_hourly(&db)?;
            let added = haul::seed::catalogue(&db)?;
            if added > 0 {
                println!("Seeded {added} categories into the empty catalogue.");
            }
            if demo {
                let s = haul::seed::demo(&db)?;
                println!(
                    "Demo season: {} locations, {} vans, {} intakes, {} hand-outs added.",
                    s.locations, s.vans, s.intakes, s.handouts
                );
            }
            let listener = TcpListener::bind(&config.bind)
                .with_context(|| format!("cannot listen on {}", config.bind))?;
            println!(
                "Haul is serving on http://{}/ (Ctrl-C stops it)",
                listener.local_addr()?
            );
            let (keys, source) = Keys::load(&config.database.data_dir())?;
            if let KeySource::File(path) = &source {
                println!(
                    "Signing key: {} (keep it secret; HAUL_SECRET overrides it)",
                    path.display()
                );
            }
            let state = AppState::new(db.clone(), keys);
            state.auth.set_trusted_proxy(trusted_proxy);
            haul::safety::load(&state)?;
            let coordinators =
                db.read_blocking(|c| Ok(haul::auth::store::count_role(c, "coordinator")?))?;
            if coordinators == 0 {
                let token = haul::auth::random_token(24);
                *state
                    .auth
                    .setup_token
                    .lock()
                    .unwrap_or_else(|e| e.into_inner()) = Some(token.clone());
                println!("No coordinator yet. Open this one-time link to create one:");
                println!("  http://{}/setup?token={token}", listener.local_addr()?);
            }
            if let (Some(every), Some(dir)) = (backup_every, backup_dir) {
                println!(
                    "Backing up every {} min into {} (keeping {backup_keep}).",
                    every.as_secs() / 60,
                    dir.display()
                );
                let url = config.database.clone();
                haul::backup::schedule(db.clone(), url, every, dir, backup_keep.into());
            }
            haul::safety::watch(state.clone());
            let lockdown = state.auth.clone();
            let grace = std::time::Duration::from_secs(shutdown_timeout);
            actix_web::rt::System::new().block_on(async move {
                let server = haul::server_with_shutdown(listener, state.clone(), grace)?;
                state.auth.lockdown.set_server(server.handle());
                server.await
            })?;
            db.close();
            db.forget_key();
            tracing::info!("stopped; the database is closed");
            if lockdown.lockdown.stopped_by_lock() {
                println!("Haul was locked: the database is closed and its passphrase forgotten.");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { file } => {
            // No migration: a backup copies the database as it is.
            let config = Config::new(&cli.database_url, DEFAULT_BIND)?;
            if let haul::db::DatabaseUrl::Sqlite(path) = &config.database {
                anyhow::ensure!(path.exists(), "there is no database at {}", path.display());
            }
            // Through a keyed connection: an encrypted database's backup stays encrypted.
            let key = sqlite_key(&cli, &config)?;
            let db = Db::connect_with_key(&config.database, 2, key)
                .context("cannot open the database")?;
            let h = haul::backup::backup(&db, &config.database, file)?;
            println!(
                "Backed up the {} database (schema {}, {} bytes) to {}.",
                h.backend,
                h.schema_version,
                h.payload_bytes,
                file.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file, force } => restore(&cli, file, *force),
        Command::Migrate => {
            let (_, _db) = open(&cli, DEFAULT_BIND)?;
            println!("The database is up to date.");
            Ok(ExitCode::SUCCESS)
        }
        Command::Seed { demo } => {
            let demo = *demo;
            let (_, db) = open(&cli, DEFAULT_BIND)?;
            if demo {
                let s = haul::seed::demo(&db)?;
                println!(
                    "Seeded {} categories, {} locations, {} vans, {} intakes, {} hand-outs.",
                    s.categories, s.locations, s.vans, s.intakes, s.handouts
                );
            } else {
                println!("Seeded {} categories.", haul::seed::catalogue(&db)?);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::User {
            command:
                UserCommand::Add {
                    handle,
                    role,
                    password_stdin: _,
                },
        } => {
            let (handle, role) = (handle.clone(), role.clone());
            let (_, db) = open(&cli, DEFAULT_BIND)?;
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let (handle, role, hash) = haul::auth::api::prepare_user(&handle, &role, password)
                .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            let now = chrono::Utc::now().naive_utc();
            let h = handle.clone();
            db.write_blocking(move |c| haul::auth::api::insert_user(c, &h, role, &hash, now))
                .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            println!("Added {handle} as {}.", role.as_str());
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let (_, db) = open(&cli, DEFAULT_BIND)?;
            // One snapshot for both: on a live server, the ledger and the projection
            // read apart would differ by whatever was written in between.
            let (diffs, box_diffs) = db.read_snapshot_blocking(|c| {
                Ok((haul::ledger::check(c)?, haul::boxes::model::check(c)?))
            })?;
            for d in &box_diffs {
                println!("{}", d.0);
            }
            if !box_diffs.is_empty() {
                println!("{} box(es) disagree with the ledger.", box_diffs.len());
            }
            if diffs.is_empty() && box_diffs.is_empty() {
                println!("Stock matches the ledger.");
                Ok(ExitCode::SUCCESS)
            } else {
                for d in &diffs {
                    println!(
                        "location {} category {} {}: ledger says {}, stock says {}",
                        d.location_id, d.category_id, d.condition, d.ledger, d.projection
                    );
                }
                if !diffs.is_empty() {
                    println!(
                        "{} difference(s) between stock and the ledger.",
                        diffs.len()
                    );
                }
                Ok(ExitCode::from(1))
            }
        }
        Command::Partner { command } => {
            let (_, db) = open(&cli, DEFAULT_BIND)?;
            partner(&db, command)
        }
        Command::Transfer {
            command: TransferCommand::Import { file, actor },
        } => {
            let (_, db) = open(&cli, DEFAULT_BIND)?;
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let actor = actor.clone();
            let now = chrono::Utc::now().naive_utc();
            let done = db
                .write_blocking(move |c| haul::partners::model::import(c, &text, &actor, now))
                .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            let t = &done.transfer;
            if done.replayed {
                println!(
                    "This {} was imported before: nothing changed. Handover {} with {} is {}.",
                    done.kind, t.transfer, t.partner, t.state
                );
            } else {
                println!(
                    "Imported the {}: handover {} with {} is now {}.",
                    done.kind, t.transfer, t.partner, t.state
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { kind, file, actor } => {
            let (_, db) = open(&cli, DEFAULT_BIND)?;
            import(&db, *kind, file, actor.clone())
        }
        Command::Export { kind, out } => {
            let (_, db) = open(&cli, DEFAULT_BIND)?;
            export(&db, *kind, out.as_deref())
        }
        Command::Encrypt => {
            let config = Config::new(&cli.database_url, DEFAULT_BIND)?;
            let path = sqlite_path(&config)?;
            if haul::crypt::is_encrypted(&path)? {
                anyhow::bail!("{} is already encrypted (use `haul rekey`)", path.display());
            }
            let key = match haul::crypt::load_key(false, "")? {
                Some((k, _)) if !cli.ask_key => k,
                _ => new_key(None, "New database passphrase")?,
            };
            haul::crypt::replace_in_place(&path, None, &key, check_file)?;
            println!(
                "{} is now encrypted; the plain file was overwritten. Start Haul with its passphrase.",
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Rekey { new_key_file } => {
            let config = Config::new(&cli.database_url, DEFAULT_BIND)?;
            let path = sqlite_path(&config)?;
            let old = sqlite_key(&cli, &config)?.ok_or_else(|| {
                anyhow::anyhow!(
                    "give the current passphrase (--ask-key, HAUL_DB_KEY_FILE or HAUL_DB_KEY)"
                )
            })?;
            let new = new_key(new_key_file.as_deref(), "New database passphrase")?;
            haul::crypt::replace_in_place(&path, Some(&old), &new, check_file)?;
            println!("{} now opens with the new passphrase only.", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Lock => {
            let (_, db) = open(&cli, DEFAULT_BIND)?;
            let encrypted = db.is_encrypted();
            let now = chrono::Utc::now().naive_utc();
            db.write_blocking(|c| haul::safety::lock(c, now, CLI_ACTOR, !encrypted))?;
            if encrypted {
                println!("Locked: every session and token is revoked; a running server closes the database and stops within a second.");
            } else {
                println!("Locked: every session and token is revoked and logins are refused until `haul unlock`.");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Unlock => {
            let (_, db) = open(&cli, DEFAULT_BIND)?;
            let now = chrono::Utc::now().naive_utc();
            if db.write_blocking(|c| haul::safety::unlock(c, now, CLI_ACTOR))? {
                println!("Unlocked: volunteers can log in again (earlier sessions and tokens stay revoked).");
            } else {
                println!("Haul was not locked.");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Decrypt { out, yes } => {
            let config = Config::new(&cli.database_url, DEFAULT_BIND)?;
            let path = sqlite_path(&config)?;
            let key = sqlite_key(&cli, &config)?.ok_or_else(|| {
                anyhow::anyhow!("give the passphrase (--ask-key, HAUL_DB_KEY_FILE or HAUL_DB_KEY)")
            })?;
            if !yes
                && !confirm(&format!(
                "This writes every site, address and handle UNENCRYPTED to {}. Type yes to go on: ",
                out.display()
            ))? {
                eprintln!("Nothing was written.");
                return Ok(ExitCode::from(1));
            }
            haul::crypt::export(&path, Some(&key), out, None)?;
            println!(
                "Wrote a plain copy to {} (mode 0600). Remove it when done.",
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Checks the whole file and the target before touching anything; a database that
/// holds data is only replaced with --force and a typed "yes".
fn restore(cli: &Cli, file: &std::path::Path, force: bool) -> anyhow::Result<ExitCode> {
    use haul::backup;
    let config = Config::new(&cli.database_url, DEFAULT_BIND)?;
    let url = config.database.clone();
    // The key of an encrypted database restores its (encrypted) backup.
    let key = sqlite_key(cli, &config)?;
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let b = match backup::decode(&bytes)
        .and_then(|b| backup::check_compatible(&b.header, url.backend()).map(|_| b))
    {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{}: {e}", file.display());
            return Ok(ExitCode::from(2));
        }
    };
    // An encrypted SQLite copy has no plain header: without its passphrase it could be
    // put in place but never opened, so refuse before touching anything.
    let plain = b.payload.starts_with(b"SQLite format 3\0");
    if url.backend() == haul::db::Backend::Sqlite && key.is_none() && !plain {
        eprintln!(
            "{}: this backup is encrypted; give its passphrase (--ask-key or HAUL_DB_KEY_FILE). Nothing was restored.",
            file.display()
        );
        return Ok(ExitCode::from(2));
    }
    let full = backup::target_tables_with_data(&url, key.clone())?;
    if !full.is_empty() {
        if !force {
            eprintln!(
                "The database already holds data ({}); nothing was restored. Use --force to replace it.",
                full.join(", ")
            );
            return Ok(ExitCode::from(2));
        }
        eprintln!(
            "This replaces the database, which holds data ({}), with the backup of {}. Type yes to go on:",
            full.join(", "),
            b.header.created_at
        );
        let mut answer = String::new();
        std::io::stdin()
            .read_line(&mut answer)
            .context("cannot read the confirmation from standard input")?;
        if answer.trim() != "yes" {
            eprintln!("Not confirmed; nothing was restored.");
            return Ok(ExitCode::from(2));
        }
    }
    let migrated = backup::restore(&url, &b, key)?;
    println!(
        "Restored the backup of {} (Haul {}, schema {}); {migrated} migration(s) applied since.",
        b.header.created_at, b.header.haul_version, b.header.schema_version
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads the file under a progress bar, then checks and saves every row in one
/// transaction under a spinner.
fn import_needs(db: &Db, file: &std::path::Path) -> anyhow::Result<ExitCode> {
    use indicatif::{ProgressBar, ProgressStyle};
    let input =
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(size).with_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message("reading");
    let parsed = haul::needs::csv::parse(bar.wrap_read(input));
    bar.finish_and_clear();
    let parsed = match parsed {
        Ok(p) => p,
        Err(errors) => {
            let lines = errors
                .into_iter()
                .map(|e| (format!("line {}", e.line), e.message));
            return Ok(refused(lines));
        }
    };
    let spinner = ProgressBar::new_spinner();
    spinner.set_message(format!("checking and saving {} rows", parsed.rows.len()));
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let now = chrono::Utc::now().naive_utc();
    let result = db.write_blocking(move |c| haul::needs::csv::import(c, &parsed, CLI_ACTOR, now));
    spinner.finish_and_clear();
    match result {
        Ok(needs) => {
            println!("Imported {} needs from {}.", needs.len(), file.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(haul::error::AppError::Invalid { details, .. }) => {
            Ok(refused(details.into_iter().map(|d| (d.field, d.message))))
        }
        Err(e) => Err(e.into()),
    }
}

/// Asks on standard error and reads one line from standard input.
fn confirm(question: &str) -> anyhow::Result<bool> {
    use std::io::Write;
    eprint!("{question}");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    Ok(answer.trim().eq_ignore_ascii_case("yes"))
}

fn describe(e: &haul::error::AppError) -> String {
    match e {
        haul::error::AppError::Invalid { details, .. } => details
            .iter()
            .map(|d| format!("{}: {}", d.field, d.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// The actor recorded on CLI imports of needs.
const CLI_ACTOR: &str = "cli";

fn refused(problems: impl Iterator<Item = (String, String)>) -> ExitCode {
    let mut n = 0;
    for (line, message) in problems {
        eprintln!("{line}: {message}");
        n += 1;
    }
    eprintln!("Nothing was imported: {n} bad row(s).");
    ExitCode::from(1)
}

fn partner(db: &haul::db::Db, command: &PartnerCommand) -> anyhow::Result<ExitCode> {
    use haul::partners::model;
    let now = chrono::Utc::now().naive_utc();
    match command {
        PartnerCommand::Key => {
            let public = db
                .write_blocking(move |c| model::our_key(c, now))
                .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            println!("{}", public.text());
            println!("Fingerprint: {}", public.fingerprint());
            println!("Read the fingerprint aloud to the partner; they compare it with theirs.");
        }
        PartnerCommand::Add {
            code_name,
            public_key,
            direction,
            valid_until,
        } => {
            let req: model::NewPartnerRequest = serde_json::from_value(serde_json::json!({
                "code_name": code_name,
                "public_key": public_key,
                "direction": direction,
                "valid_until": valid_until,
            }))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            let made = db
                .write_blocking(move |c| model::add_partner(c, &req, CLI_ACTOR, now))
                .map_err(|e| anyhow::anyhow!(describe(&e)))?;
            println!(
                "Added partner {} (fingerprint {}), valid until {}.",
                made.code_name, made.fingerprint, made.valid_until
            );
            println!("Compare the fingerprint aloud with the one they read out.");
        }
    }
    Ok(ExitCode::SUCCESS)
}
