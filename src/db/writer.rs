//! SQLite's one writer: a thread that owns the write connection and commits the
//! changes queued to it together (group commit).
//!
//! SQLite allows one write transaction at a time, and a commit (a WAL append and,
//! with `synchronous = NORMAL`, no fsync) costs about as much as the statements of a
//! small change. So the writer takes every change waiting in its queue, opens one
//! `BEGIN IMMEDIATE` transaction, runs each change in its own savepoint, commits once
//! and only then answers each request. A change that is refused (a 409, a 422) rolls
//! back to its savepoint alone: the others in the same commit are kept.
//!
//! Readers use the pool and never wait for this connection; another process writing
//! the same file waits for `BEGIN IMMEDIATE` through `busy_timeout` instead of
//! failing half-way with "database is locked".

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::ManageConnection;

use super::{DbConn, Manager};
use crate::error::AppError;

/// Most changes one commit holds: bounds how long the first of them waits for its
/// answer behind the others.
const MAX_BATCH: usize = 64;

/// One queued change, with the way to answer whoever is waiting for it.
trait Job: Send {
    /// Runs the change inside the batch's transaction (in its own savepoint) and keeps
    /// its outcome until the commit.
    fn run(&mut self, conn: &mut DbConn);
    /// Answers: the change's own outcome if the commit holding it succeeded.
    fn finish(self: Box<Self>, committed: Result<(), String>);
}

type Reply<T> = Box<dyn FnOnce(Result<T, AppError>) + Send>;

struct Pending<T, F> {
    change: Option<F>,
    outcome: Option<Result<T, AppError>>,
    reply: Reply<T>,
}

impl<T, F> Job for Pending<T, F>
where
    T: Send,
    F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send,
{
    fn run(&mut self, conn: &mut DbConn) {
        let Some(change) = self.change.take() else {
            return;
        };
        crate::metrics::WRITE_QUEUE.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
        // `transaction` inside the batch's transaction is a savepoint: a refusal
        // rolls back this change alone.
        let ran = catch_unwind(AssertUnwindSafe(|| conn.transaction(|c| change(c))));
        self.outcome = Some(match ran {
            Ok(outcome) => outcome,
            Err(_) => {
                // The savepoint is still open: undo it so the others can commit.
                let _ = <DbConn as Connection>::TransactionManager::rollback_transaction(conn);
                Err(AppError::Internal("a change panicked".into()))
            }
        });
    }

    fn finish(self: Box<Self>, committed: Result<(), String>) {
        let answer = match (self.outcome, committed) {
            // A refusal is the answer whether or not the others committed.
            (Some(Err(e)), _) => Err(e),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (_, Err(why)) => Err(AppError::Unavailable(why)),
            (None, Ok(())) => Err(AppError::Internal("a change was not run".into())),
        };
        (self.reply)(answer);
    }
}

/// The queue to the writer thread. Cheap to share; the thread ends when the last
/// `Writer` is dropped.
pub struct Writer {
    queue: Sender<Box<dyn Job>>,
    stats: Arc<Stats>,
}

/// What the writer has committed: to see that changes are grouped.
#[derive(Debug, Default)]
pub struct Stats {
    pub commits: AtomicUsize,
    pub changes: AtomicUsize,
    /// The most changes one commit held.
    pub largest: AtomicUsize,
}

impl Writer {
    /// Starts the writer thread; its connection is opened at the first change.
    pub fn start(manager: Manager) -> Arc<Writer> {
        let (queue, jobs) = mpsc::channel::<Box<dyn Job>>();
        let stats = Arc::new(Stats::default());
        let counted = stats.clone();
        std::thread::Builder::new()
            .name("haul-writer".into())
            .spawn(move || run_writer(manager, jobs, &counted))
            .map(|_| ())
            .unwrap_or_else(|e| tracing::error!(error = %e, "could not start the writer"));
        Arc::new(Writer { queue, stats })
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Queues `change`; `reply` is called with its outcome after its commit.
    pub fn submit<T, F>(&self, change: F, reply: Reply<T>)
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
    {
        crate::metrics::WRITE_QUEUE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let job = Box::new(Pending {
            change: Some(change),
            outcome: None,
            reply,
        });
        if let Err(mpsc::SendError(job)) = self.queue.send(job) {
            crate::metrics::WRITE_QUEUE.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
            job.finish(Err("the database writer has stopped".into()));
        }
    }
}

fn run_writer(manager: Manager, jobs: Receiver<Box<dyn Job>>, stats: &Stats) {
    let mut conn: Option<DbConn> = None;
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if conn.is_none() {
            match manager.connect() {
                Ok(c) => conn = Some(c),
                Err(e) => {
                    let why = format!("database unreachable: {e}");
                    batch.into_iter().for_each(|j| j.finish(Err(why.clone())));
                    continue;
                }
            }
        }
        let Some(c) = conn.as_mut() else { continue };
        let committed = commit_batch(c, &mut batch);
        if committed.is_err() {
            // Whatever state the connection is in, the next batch starts afresh.
            conn = None;
        } else {
            stats.commits.fetch_add(1, Ordering::Relaxed);
            stats.changes.fetch_add(batch.len(), Ordering::Relaxed);
            stats.largest.fetch_max(batch.len(), Ordering::Relaxed);
        }
        batch.into_iter().for_each(|j| j.finish(committed.clone()));
    }
}

/// Runs every job of the batch in one `BEGIN IMMEDIATE` transaction and commits it.
fn commit_batch(conn: &mut DbConn, batch: &mut [Box<dyn Job>]) -> Result<(), String> {
    let DbConn::Sqlite(sqlite) = conn else {
        return Err("the writer thread is for SQLite only".into());
    };
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")
        .map_err(|e| format!("the database is busy, try again: {e}"))?;
    for job in batch.iter_mut() {
        job.run(conn);
    }
    let DbConn::Sqlite(sqlite) = conn else {
        return Err("the writer thread is for SQLite only".into());
    };
    <diesel::SqliteConnection as Connection>::TransactionManager::commit_transaction(sqlite)
        .map_err(|e| format!("the change could not be saved: {e}"))
}
