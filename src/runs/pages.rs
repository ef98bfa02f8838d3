//! Pages for runs.
