//! The `haul` command: reads the command line and runs the library.

use std::net::TcpListener;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use haul::config::{Config, DEFAULT_BIND, DEFAULT_DATABASE_URL};
use haul::db::Db;
use haul::state::{AppState, Clock};

#[derive(Parser)]
#[command(name = "haul", version, about = "Tracks salvaged and donated goods from festival field to hand-out.")]
struct Cli {
    /// sqlite://PATH, a plain path, or postgres://…
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and pages (creates and migrates the database on first start).
    Serve {
        #[arg(long, env = "HAUL_BIND", default_value = DEFAULT_BIND)]
        bind: String,
        /// Also load the demo season into an empty database.
        #[arg(long)]
        demo: bool,
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
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ImportKind {
    /// source, warehouse, received_on, category, condition, quantity[, note]
    Intakes,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportKind {
    Stock,
    Ledger,
    Handouts,
}

impl From<ExportKind> for haul::exports::ExportKind {
    fn from(k: ExportKind) -> Self {
        match k {
            ExportKind::Stock => haul::exports::ExportKind::Stock,
            ExportKind::Ledger => haul::exports::ExportKind::Ledger,
            ExportKind::Handouts => haul::exports::ExportKind::Handouts,
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

fn open(database_url: &str, bind: &str) -> anyhow::Result<(Config, Db)> {
    let config = Config::new(database_url, bind)?;
    let db = Db::connect(&config.database, 8).context("cannot open the database")?;
    let applied = db.migrate()?;
    if applied > 0 {
        tracing::info!(applied, "migrations applied");
    }
    Ok((config, db))
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,actix_server=warn".into()),
        )
        .with_target(false)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve { bind, demo } => {
            let (config, db) = open(&cli.database_url, &bind)?;
            let added = haul::seed::catalogue(&db)?;
            if added > 0 {
                println!("Seeded {added} categories into the empty catalogue.");
            }
            if demo {
                let s = haul::seed::demo(&db)?;
                println!("Demo season: {} locations, {} intakes added.", s.locations, s.intakes);
            }
            let listener = TcpListener::bind(&config.bind)
                .with_context(|| format!("cannot listen on {}", config.bind))?;
            println!("Haul is serving on http://{}/ (Ctrl-C stops it)", listener.local_addr()?);
            let state = AppState { db, clock: Clock };
            actix_web::rt::System::new().block_on(async move { haul::server(listener, state)?.await })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let (_, _db) = open(&cli.database_url, DEFAULT_BIND)?;
            println!("The database is up to date.");
            Ok(ExitCode::SUCCESS)
        }
        Command::Seed { demo } => {
            let (_, db) = open(&cli.database_url, DEFAULT_BIND)?;
            if demo {
                let s = haul::seed::demo(&db)?;
                println!("Seeded {} categories, {} locations, {} intakes.", s.categories, s.locations, s.intakes);
            } else {
                println!("Seeded {} categories.", haul::seed::catalogue(&db)?);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let (_, db) = open(&cli.database_url, DEFAULT_BIND)?;
            let diffs = db.read_blocking(|c| Ok(haul::ledger::check(c)?))?;
            if diffs.is_empty() {
                println!("Stock matches the ledger.");
                Ok(ExitCode::SUCCESS)
            } else {
                for d in &diffs {
                    println!(
                        "location {} category {} {}: ledger says {}, stock says {}",
                        d.location_id, d.category_id, d.condition, d.ledger, d.projection
                    );
                }
                println!("{} difference(s) between stock and the ledger.", diffs.len());
                Ok(ExitCode::from(1))
            }
        }
        Command::Import { kind, file, actor } => {
            let (_, db) = open(&cli.database_url, DEFAULT_BIND)?;
            import(&db, kind, &file, actor)
        }
        Command::Export { kind, out } => {
            let (_, db) = open(&cli.database_url, DEFAULT_BIND)?;
            export(&db, kind, out.as_deref())
        }
    }
}
