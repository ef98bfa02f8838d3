//! The coordinator's admin: volunteers, vans, warehouses and sites, and the catalogue,
//! as API routes and pages over one set of rules (`model`).

pub mod api;
pub mod fields;
pub mod model;
pub mod pages;
pub mod store;
