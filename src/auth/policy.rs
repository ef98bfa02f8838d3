//! Who may call what: one table for every route, API and pages. A route missing from
//! the table is refused for everyone, so a new route is guarded by default.

use super::Role;
use Role::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No login needed (health, the public report, login itself).
    Public,
    /// Any logged-in volunteer.
    AnyRole,
    /// These roles; a coordinator may always act too.
    Roles(&'static [Role]),
}

impl Access {
    pub fn allows(self, role: Role) -> bool {
        match self {
            Access::Public | Access::AnyRole => true,
            Access::Roles(roles) => role == Coordinator || roles.contains(&role),
        }
    }
}

const COORDINATOR: Access = Access::Roles(&[]);
const WAREHOUSE: Access = Access::Roles(&[Warehouse]);
const FIELD_AND_WAREHOUSE: Access = Access::Roles(&[Crew, Warehouse]);
/// Who reads the sites' needs: those who state them and those who fill them.
const NEED_READERS: Access = Access::Roles(&[Distributor, Warehouse, Driver]);
/// Who states a site's needs: the distributors who hear them at the site.
const NEED_STATERS: Access = Access::Roles(&[Distributor]);
const DISTRIBUTOR: Access = Access::Roles(&[Distributor]);
/// Who sees runs and their manifests: those who plan them and those who drive them.
const RUN_READERS: Access = Access::Roles(&[Warehouse, Driver]);
const DRIVER_AND_WAREHOUSE: Access = Access::Roles(&[Driver, Warehouse]);
const DRIVER: Access = Access::Roles(&[Driver]);

/// (method, route pattern as registered, access). Patterns are actix's, e.g. `/api/v1/runs/{id}`.
pub const POLICY: &[(&str, &str, Access)] = &[
    ("GET", "/healthz", Access::Public),
    ("GET", "/static/haul.css", Access::Public),
    ("POST", "/api/v1/auth/token", Access::Public),
    ("GET", "/api/v1/users", COORDINATOR),
    ("POST", "/api/v1/users", COORDINATOR),
    ("GET", "/api/v1/categories", Access::AnyRole),
    ("POST", "/api/v1/categories", COORDINATOR),
    ("GET", "/api/v1/locations", Access::AnyRole),
    ("POST", "/api/v1/locations", COORDINATOR),
    ("GET", "/api/v1/intakes", FIELD_AND_WAREHOUSE),
    ("POST", "/api/v1/intakes", FIELD_AND_WAREHOUSE),
    ("GET", "/api/v1/stock", Access::AnyRole),
    ("GET", "/api/v1/ledger", WAREHOUSE),
    ("POST", "/api/v1/transfers", WAREHOUSE),
    ("POST", "/api/v1/regrades", WAREHOUSE),
    ("POST", "/api/v1/stocktakes", WAREHOUSE),
    ("POST", "/api/v1/writeoffs", WAREHOUSE),
    ("GET", "/api/v1/needs", NEED_READERS),
    ("POST", "/api/v1/needs", NEED_STATERS),
    ("POST", "/api/v1/import/needs", NEED_STATERS),
    ("GET", "/api/v1/priorities", Access::AnyRole),
    ("PUT", "/api/v1/priorities", COORDINATOR),
    ("GET", "/api/v1/collect-list", Access::AnyRole),
    // Pages
    ("GET", "/login", Access::Public),
    ("POST", "/login", Access::Public),
    ("GET", "/setup", Access::Public),
    ("POST", "/setup", Access::Public),
    ("POST", "/logout", Access::AnyRole),
    ("GET", "/", Access::AnyRole),
    ("GET", "/stock", Access::AnyRole),
    ("GET", "/intake", FIELD_AND_WAREHOUSE),
    ("POST", "/intake", FIELD_AND_WAREHOUSE),
    ("GET", "/needs", NEED_READERS),
    ("POST", "/needs", NEED_STATERS),
    ("GET", "/priorities", Access::AnyRole),
    ("POST", "/priorities", COORDINATOR),
    ("GET", "/collect", Access::AnyRole),
    // Hand-outs, reports, exports and imports (issue 6)
    ("GET", "/api/v1/handouts", DISTRIBUTOR),
    ("POST", "/api/v1/handouts", DISTRIBUTOR),
    ("GET", "/api/v1/handouts/unmet", DISTRIBUTOR),
    ("GET", "/api/v1/reports/summary", COORDINATOR),
    ("GET", "/api/v1/export/stock.csv", WAREHOUSE),
    ("GET", "/api/v1/export/ledger.csv", WAREHOUSE),
    ("GET", "/api/v1/export/handouts.csv", DISTRIBUTOR),
    ("POST", "/api/v1/import/intakes", FIELD_AND_WAREHOUSE),
    ("GET", "/handouts", DISTRIBUTOR),
    ("POST", "/handouts", DISTRIBUTOR),
    ("GET", "/reports", COORDINATOR),
    ("GET", "/report", Access::Public),
    // Hand-out evidence into needs, need coverage, the needs export
    ("GET", "/api/v1/export/needs.csv", DISTRIBUTOR),
    ("POST", "/needs/from-evidence", NEED_STATERS),
    // Vans and runs (issue 5)
    ("GET", "/api/v1/vans", Access::AnyRole),
    ("POST", "/api/v1/vans", COORDINATOR),
    ("GET", "/api/v1/runs", RUN_READERS),
    ("POST", "/api/v1/runs", WAREHOUSE),
    ("GET", "/api/v1/runs/{id}", RUN_READERS),
    ("POST", "/api/v1/runs/{id}/plan", WAREHOUSE),
    ("PUT", "/api/v1/runs/{id}/lines", WAREHOUSE),
    ("POST", "/api/v1/runs/{id}/load", DRIVER_AND_WAREHOUSE),
    ("POST", "/api/v1/runs/{id}/deliver", DRIVER),
    ("POST", "/api/v1/runs/{id}/return", DRIVER_AND_WAREHOUSE),
    ("GET", "/api/v1/runs/{id}/manifest.csv", RUN_READERS),
    ("GET", "/runs", RUN_READERS),
    ("POST", "/runs", WAREHOUSE),
    ("GET", "/runs/{id}", RUN_READERS),
    ("POST", "/runs/{id}/plan", WAREHOUSE),
    ("POST", "/runs/{id}/lines", WAREHOUSE),
    ("POST", "/runs/{id}/load", DRIVER_AND_WAREHOUSE),
    ("POST", "/runs/{id}/deliver", DRIVER),
    ("POST", "/runs/{id}/return", DRIVER_AND_WAREHOUSE),
    // Operations (issue 12): readiness, metrics (the handler admits a local scraper or
    // a coordinator's token), the API's own description.
    ("GET", "/readyz", Access::Public),
    ("GET", "/metrics", Access::Public),
    ("GET", "/api/v1/openapi.json", Access::Public),
];

pub fn lookup(method: &str, pattern: &str) -> Option<Access> {
    POLICY
        .iter()
        .find(|(m, p, _)| *m == method && *p == pattern)
        .map(|(_, _, a)| *a)
}
