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
const DISTRIBUTOR: Access = Access::Roles(&[Distributor]);

/// (method, route pattern as registered, access). Patterns are actix's, e.g. `/api/v1/runs/{id}`.
pub const POLICY: &[(&str, &str, Access)] = &[
    ("GET", "/healthz", Access::Public),
    ("GET", "/static/haul.css", Access::Public),
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
    // Pages
    ("GET", "/", Access::AnyRole),
    ("GET", "/stock", Access::AnyRole),
    ("GET", "/intake", FIELD_AND_WAREHOUSE),
    ("POST", "/intake", FIELD_AND_WAREHOUSE),
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
];

pub fn lookup(method: &str, pattern: &str) -> Option<Access> {
    POLICY
        .iter()
        .find(|(m, p, _)| *m == method && *p == pattern)
        .map(|(_, _, a)| *a)
}
