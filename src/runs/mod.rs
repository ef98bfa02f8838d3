//! Van runs: vans, runs, the exact load planner, loading, delivery and returns.

pub mod planner;
