//! Helpers shared by the van-run tests (`tests/runs.rs`, `tests/fleet.rs`): vans, runs and
//! needs made over the API, and what a refused call must leave as it was.

use chrono::{Days, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::TestApp;

/// `offset` days from today, as the API writes dates.
pub fn day(offset: u64) -> String {
    (Utc::now().date_naive() + Days::new(offset)).to_string()
}

pub fn line(category: &str, condition: &str, quantity: i64) -> Value {
    json!({"category": category, "condition": condition, "quantity": quantity})
}

impl TestApp {
    pub async fn create_van(&self, slug: &str, capacity_l: f64, payload_kg: f64) {
        let (s, body) = self
            .post(
                "/api/v1/vans",
                &json!({"slug": slug, "name": format!("Van {slug}"), "capacity_l": capacity_l, "payload_kg": payload_kg}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }

    /// A run in planning leaving today.
    pub async fn create_run(&self, van: &str, origin: &str, stops: &[&str]) -> i64 {
        self.run_on(van, origin, stops, &day(0)).await
    }

    pub async fn run_on(&self, van: &str, origin: &str, stops: &[&str], departs_on: &str) -> i64 {
        let (s, body) = self
            .post(
                "/api/v1/runs",
                &json!({"van": van, "origin": origin, "stops": stops, "departs_on": departs_on}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
        assert_eq!(body["status"], "planning");
        body["id"].as_i64().expect("run id")
    }

    pub async fn state_need(&self, site: &str, category: &str, quantity: i64) {
        let (s, body) = self
            .post(
                "/api/v1/needs",
                &json!({"site": site, "category": category, "quantity": quantity, "stated_on": day(0), "stated_by": format!("{site} assembly")}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }

    /// The site's need for one category, as `GET /needs` shows it.
    pub async fn need(&self, site: &str, category: &str) -> Value {
        let (s, body) = self
            .get(&format!("/api/v1/needs?site={site}&category={category}"))
            .await;
        assert_eq!(s, StatusCode::OK, "{body}");
        body["needs"][0].clone()
    }

    pub async fn unmet(&self, site: &str, category: &str) -> i64 {
        self.need(site, category).await["unmet"]
            .as_i64()
            .unwrap_or(0)
    }

    pub async fn run(&self, id: i64) -> Value {
        let (s, body) = self.get(&format!("/api/v1/runs/{id}")).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        body
    }

    pub async fn lines_of(&self, id: i64) -> Vec<Value> {
        self.run(id).await["lines"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Stock, ledger length and every run: what a refused call must leave as it was.
    pub async fn world(&self) -> (Value, usize, Value) {
        let (s, runs) = self.get("/api/v1/runs").await;
        assert_eq!(s, StatusCode::OK);
        (self.stock_snapshot().await, self.ledger_len().await, runs)
    }
}
