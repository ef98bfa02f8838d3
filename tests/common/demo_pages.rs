//! Every page of the demo season, for the tests that look at all of them (no page wider
//! than a phone, the page weights in docs/benchmarks.md): one list, so a new page is
//! added once and both tests see it.

use serde_json::json;

use super::TestApp;

/// One page to look at.
pub struct DemoPage {
    pub path: String,
    /// A short name for its screenshot.
    pub name: String,
    /// Laid out for a phone. A print sheet of labels is A4 by design, and the two
    /// static files are not pages.
    pub phone: bool,
}

fn page(path: impl Into<String>, name: &str) -> DemoPage {
    DemoPage {
        path: path.into(),
        name: name.to_string(),
        phone: true,
    }
}

impl TestApp {
    /// The demo season with a planned run and a box of blankets, and every page the
    /// coordinator can open on it (the login page first, the static files last).
    pub async fn demo_pages(&self) -> Vec<DemoPage> {
        let run = self.demo_season_with_a_run().await;
        let (s, intake) = self
            .post_intake(
                "unit-east",
                json!([{"category": "blanket", "condition": "good", "quantity": 2}]),
            )
            .await;
        assert!(s.is_success(), "{intake}");
        let intake = intake["id"].as_i64().expect("intake id");
        let (s, boxed) = self
            .post(
                "/api/v1/boxes",
                &json!({"location": "unit-east", "category": "blanket", "condition": "good", "quantity": 2}),
            )
            .await;
        assert!(s.is_success(), "{boxed}");
        let code = boxed["code"].as_str().expect("box code").to_string();
        let today = chrono::Utc::now().date_naive();
        let mut pages = vec![
            page("/login", "login"),
            page("/", "home"),
            page("/stock", "stock"),
            page("/intake", "intake"),
            page("/needs", "needs"),
            page("/collect?warehouse=unit-south", "collect"),
            page("/priorities", "priorities"),
            page("/handouts?site=oak", "handouts"),
            page("/handouts?site=heron", "handouts-heron"),
            page("/handouts?site=kestrel", "handouts-kestrel"),
            page("/handouts?site=willow", "handouts-willow"),
            page("/triage?location=unit-south", "triage"),
            page("/transfer?from=unit-south", "transfer"),
            page("/stocktake?location=unit-south", "stocktake"),
            page("/writeoff?location=unit-south", "writeoff"),
            page("/runs", "runs"),
            page(format!("/runs/{run}"), "run"),
            page(format!("/runs/{run}/sheet"), "run-sheet"),
            page(format!("/runs/{run}/stops/oak"), "run-stop"),
            page(format!("/runs/{run}/boxes"), "run-boxes"),
            page(format!("/runs/day/{today}"), "runs-day"),
            page("/b", "box-code"),
            page(format!("/b/{code}"), "box"),
            page("/labels", "labels"),
            page("/history", "history"),
            page("/history?kind=movements", "history-movements"),
            page(format!("/history/intake/{intake}"), "history-intake"),
            page("/admin", "admin"),
            page("/admin/volunteers", "admin-volunteers"),
            page("/admin/vans", "admin-vans"),
            page("/admin/vans/transit", "admin-van"),
            page("/admin/places", "admin-places"),
            page("/admin/places/oak", "admin-place"),
            page("/admin/categories", "admin-categories"),
            page("/admin/categories/tent-2p", "admin-category"),
            page("/safety", "safety"),
            page("/safety/lock", "safety-lock"),
            page("/reports", "reports"),
            page("/report", "public-report"),
        ];
        for (path, name) in [
            (format!("/labels/sheet?codes={code}"), "label-sheet"),
            ("/static/haul.css".to_string(), "stylesheet"),
            ("/favicon.ico".to_string(), "favicon"),
        ] {
            pages.push(DemoPage {
                phone: false,
                ..page(path, name)
            });
        }
        pages
    }
}
