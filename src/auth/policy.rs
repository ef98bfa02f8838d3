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
    // Partner collectives (issue 18): a coordinator speaks for the collective.
    ("GET", "/api/v1/partners/key", COORDINATOR),
    ("GET", "/api/v1/partners", COORDINATOR),
    ("POST", "/api/v1/partners", COORDINATOR),
    ("PUT", "/api/v1/partners/{code}/categories", COORDINATOR),
    ("GET", "/api/v1/partner-transfers", COORDINATOR),
    ("POST", "/api/v1/partner-transfers", COORDINATOR),
    ("POST", "/api/v1/partner-transfers/import", COORDINATOR),
    ("GET", "/api/v1/partner-transfers/{transfer}", COORDINATOR),
    (
        "GET",
        "/api/v1/partner-transfers/{transfer}/files/{kind}",
        COORDINATOR,
    ),
    (
        "POST",
        "/api/v1/partner-transfers/{transfer}/answer",
        COORDINATOR,
    ),
    (
        "POST",
        "/api/v1/partner-transfers/{transfer}/withdraw",
        COORDINATOR,
    ),
    (
        "POST",
        "/api/v1/partner-transfers/{transfer}/dispatch",
        COORDINATOR,
    ),
    (
        "POST",
        "/api/v1/partner-transfers/{transfer}/extra",
        COORDINATOR,
    ),
    (
        "POST",
        "/api/v1/partner-transfers/{transfer}/receive",
        COORDINATOR,
    ),
    (
        "POST",
        "/api/v1/partner-transfers/{transfer}/lost",
        COORDINATOR,
    ),
    ("GET", "/partners", COORDINATOR),
    ("POST", "/partners", COORDINATOR),
    ("GET", "/partners/offer", COORDINATOR),
    ("POST", "/partners/offer", COORDINATOR),
    ("GET", "/partners/import", COORDINATOR),
    ("POST", "/partners/import", COORDINATOR),
    ("GET", "/partners/transfers/{transfer}", COORDINATOR),
    ("POST", "/partners/transfers/{transfer}", COORDINATOR),
    (
        "GET",
        "/partners/transfers/{transfer}/files/{kind}",
        COORDINATOR,
    ),
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
    // The language switch (issue 13): anyone, and a volunteer's own setting by session.
    ("GET", "/lang/{tag}", Access::Public),
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
    // Page polish (issue 9, pages-c): the icon browsers ask for on every site
    ("GET", "/favicon.ico", Access::Public),
    ("GET", "/favicon.svg", Access::Public),
    // Offline (issue 14): the script, worker, manifest and icon are static; the queue
    // page shows what waits on the phone, to whoever is logged in there.
    ("GET", "/static/haul.js", Access::Public),
    ("GET", "/sw.js", Access::Public),
    ("GET", "/manifest.webmanifest", Access::Public),
    ("GET", "/static/icon.svg", Access::Public),
    ("GET", "/static/icon-192.png", Access::Public),
    ("GET", "/static/icon-512.png", Access::Public),
    ("GET", "/queue", Access::AnyRole),
    // Warehouse and admin pages, admin API (issue 9, items 1 and 2)
    ("GET", "/triage", WAREHOUSE),
    ("POST", "/triage", WAREHOUSE),
    ("GET", "/transfer", WAREHOUSE),
    ("POST", "/transfer", WAREHOUSE),
    ("GET", "/stocktake", WAREHOUSE),
    ("POST", "/stocktake", WAREHOUSE),
    ("GET", "/writeoff", WAREHOUSE),
    ("POST", "/writeoff", WAREHOUSE),
    ("GET", "/reset", Access::Public),
    ("POST", "/reset", Access::Public),
    ("GET", "/admin", COORDINATOR),
    ("GET", "/admin/volunteers", COORDINATOR),
    ("POST", "/admin/volunteers", COORDINATOR),
    ("POST", "/admin/volunteers/{handle}/role", COORDINATOR),
    ("POST", "/admin/volunteers/{handle}/deactivate", COORDINATOR),
    (
        "POST",
        "/admin/volunteers/{handle}/password-link",
        COORDINATOR,
    ),
    ("GET", "/admin/vans", COORDINATOR),
    ("POST", "/admin/vans", COORDINATOR),
    ("GET", "/admin/vans/{slug}", COORDINATOR),
    ("POST", "/admin/vans/{slug}", COORDINATOR),
    ("POST", "/admin/vans/{slug}/retire", COORDINATOR),
    ("GET", "/admin/places", COORDINATOR),
    ("POST", "/admin/places", COORDINATOR),
    ("GET", "/admin/places/{slug}", COORDINATOR),
    ("POST", "/admin/places/{slug}", COORDINATOR),
    ("POST", "/admin/places/{slug}/archive", COORDINATOR),
    ("GET", "/admin/categories", COORDINATOR),
    ("POST", "/admin/categories", COORDINATOR),
    ("GET", "/admin/categories/{slug}", COORDINATOR),
    ("POST", "/admin/categories/{slug}", COORDINATOR),
    ("PATCH", "/api/v1/users/{handle}", COORDINATOR),
    ("POST", "/api/v1/users/{handle}/deactivate", COORDINATOR),
    ("POST", "/api/v1/users/{handle}/password-link", COORDINATOR),
    ("PATCH", "/api/v1/vans/{slug}", COORDINATOR),
    ("POST", "/api/v1/vans/{slug}/retire", COORDINATOR),
    ("PATCH", "/api/v1/locations/{slug}", COORDINATOR),
    ("POST", "/api/v1/locations/{slug}/archive", COORDINATOR),
    ("PATCH", "/api/v1/categories/{slug}", COORDINATOR),
    // History and corrections (issue 9 item 3). Any volunteer may open the history, but
    // each sees the kinds of change of their job (crew intakes, distributors hand-outs,
    // drivers runs, warehouse and coordinators everything) and their own changes; a
    // correction is for warehouse and coordinators, or the change's own author; undo is
    // for the author's last change within ten minutes. The handlers enforce those rules.
    ("GET", "/history", Access::AnyRole),
    ("GET", "/history/{kind}/{id}", Access::AnyRole),
    ("POST", "/history/{kind}/{id}/correct", Access::AnyRole),
    ("POST", "/history/{kind}/{id}/undo", Access::AnyRole),
    ("POST", "/api/v1/corrections", Access::AnyRole),
    // Lock now and forgetting (issue 15)
    ("GET", "/safety", COORDINATOR),
    ("GET", "/safety/lock", COORDINATOR),
    ("POST", "/safety/lock", COORDINATOR),
    ("GET", "/safety/forget-site", COORDINATOR),
    ("POST", "/safety/forget-site", COORDINATOR),
    ("GET", "/safety/forget-volunteer", COORDINATOR),
    ("POST", "/safety/forget-volunteer", COORDINATOR),
    // Runs, second round (issue 17): fleet plans, cancelling a plan, partial delivery and
    // the return's confirmation page
    ("POST", "/api/v1/runs/plan", WAREHOUSE),
    ("DELETE", "/api/v1/runs/{id}", WAREHOUSE),
    ("GET", "/runs/day/{day}", WAREHOUSE),
    ("POST", "/runs/day/{day}/plan", WAREHOUSE),
    ("GET", "/runs/{id}/sheet", RUN_READERS),
    ("GET", "/runs/{id}/stops/{site}", RUN_READERS),
    ("GET", "/runs/{id}/return", DRIVER_AND_WAREHOUSE),
    ("POST", "/runs/{id}/cancel", WAREHOUSE),
    ("POST", "/runs/{id}/stops/{site}/remove", WAREHOUSE),
    // Boxes, labels, scan pages, items tracked one by one (issue 16). Scanning is for
    // everyone logged in; each action on the box page checks the role it needs.
    ("POST", "/api/v1/labels", WAREHOUSE),
    ("GET", "/api/v1/boxes", Access::AnyRole),
    ("POST", "/api/v1/boxes", WAREHOUSE),
    ("GET", "/api/v1/boxes/{code}", Access::AnyRole),
    ("POST", "/api/v1/boxes/{code}/move", WAREHOUSE),
    ("POST", "/api/v1/boxes/{code}/regrade", WAREHOUSE),
    ("POST", "/api/v1/boxes/{code}/add", WAREHOUSE),
    ("POST", "/api/v1/boxes/{code}/take", WAREHOUSE),
    ("POST", "/api/v1/boxes/{code}/empty", WAREHOUSE),
    ("POST", "/api/v1/boxes/{code}/split", WAREHOUSE),
    ("POST", "/api/v1/boxes/{code}/merge", WAREHOUSE),
    ("POST", "/api/v1/boxes/{code}/handout", DISTRIBUTOR),
    ("PUT", "/api/v1/categories/{slug}/tracked", COORDINATOR),
    ("GET", "/b", Access::AnyRole),
    ("GET", "/b/{code}", Access::AnyRole),
    (
        "POST",
        "/b/{code}",
        Access::Roles(&[Warehouse, Driver, Distributor]),
    ),
    ("GET", "/labels", WAREHOUSE),
    ("POST", "/labels", WAREHOUSE),
    ("GET", "/labels/sheet", WAREHOUSE),
    ("GET", "/api/v1/runs/{id}/boxes", RUN_READERS),
    (
        "POST",
        "/api/v1/runs/{id}/boxes/{code}/scan",
        DRIVER_AND_WAREHOUSE,
    ),
    ("POST", "/api/v1/runs/{id}/shortfall", DRIVER_AND_WAREHOUSE),
    ("GET", "/runs/{id}/boxes", RUN_READERS),
    ("POST", "/runs/{id}/boxes/shortfall", DRIVER_AND_WAREHOUSE),
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
