//! Reports over HTTP, on SQLite and PostgreSQL: the public report over a demo season
//! names no site and no address, anywhere in its HTML or SVG; the totals equal sums
//! computed independently from the ledger CSV export; the coordinator's detail.

mod common;

use common::TestApp;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

const SITE_NAMES: [&str; 5] = ["oak", "heron", "kestrel", "willow", "wren"];
/// Oak's and Wren's addresses, and a warehouse's (from the test harness).
const ADDRESSES: [&str; 3] = ["behind the old mill", "12 Dock Road", "7 Wren Yard"];

/// The demo season, goods moved to every site, and hand-outs (with unmet requests),
/// write-offs and a regrade spread over months.
async fn demo_season_with_handouts(app: &TestApp) {
    haul::seed::demo(&app.db).expect("demo season");
    // Wren (south, with an address) makes a second southern site.
    let (s, body) = app.post("/api/v1/locations", &json!({"slug": "wren", "name": "Wren", "kind": "site", "region": "south", "address": "7 Wren Yard"})).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    for site in ["oak", "heron", "kestrel", "willow", "wren"] {
        app.stock_site(
            "unit-south",
            site,
            &[
                ("tent-2p", "good", 3),
                ("tent-2p", "usable", 2),
                ("sleeping-bag", "good", 4),
            ],
        )
        .await;
    }
    app.stock_site("unit-east", "heron", &[("blanket", "good", 6)])
        .await;
    let days = [
        "2026-07-04",
        "2026-08-15",
        "2026-09-20",
        "2026-10-11",
        "2026-11-02",
    ];
    for (i, site) in ["oak", "heron", "kestrel", "willow", "wren"]
        .iter()
        .enumerate()
    {
        let (s, h) = app
            .post_handout(&json!({"site": site, "handed_out_on": days[i], "lines": [
                {"category": "tent-2p", "quantity": 1 + i as i64},
                {"category": "sleeping-bag", "quantity": 2}
            ], "unmet": [{"category": "blanket", "quantity": 3 + i as i64}], "note": "pitch 4B"}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{h}");
    }
    let (s, h) = app.post_handout(&json!({"site": "heron", "handed_out_on": "2026-11-03", "lines": [{"category": "blanket", "quantity": 4}], "unmet": []})).await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    // A write-off whose free-text reason names a site: coordinators only.
    let (s, w) = app.post("/api/v1/writeoffs", &json!({"location": "unit-south", "lines": [{"category": "tent-2p", "condition": "unusable", "quantity": 2}], "reason": "torn beyond repair, found at oak"})).await;
    assert_eq!(s, StatusCode::CREATED, "{w}");
    let (s, w) = app.post("/api/v1/writeoffs", &json!({"location": "kestrel", "lines": [{"category": "sleeping-bag", "condition": "good", "quantity": 1}], "reason": "mould"})).await;
    assert_eq!(s, StatusCode::CREATED, "{w}");
}

fn assert_names_no_site(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for name in SITE_NAMES {
        assert!(!lower.contains(name), "{what} names the site '{name}'");
    }
    for address in ADDRESSES {
        assert!(
            !lower.contains(&address.to_lowercase()),
            "{what} shows the address '{address}'"
        );
    }
}

async fn public_report_never_names_a_site(app: TestApp) {
    demo_season_with_handouts(&app).await;
    // Sanity: the coordinator's page does name them, so the check below means something.
    let (s, coordinator) = app.get_text("/reports").await;
    assert_eq!(s, StatusCode::OK);
    assert!(coordinator.contains("Kestrel") && coordinator.contains("torn beyond repair"));

    let mut pages = Vec::new();
    for path in [
        "/report",
        "/report?region=east",
        "/report?region=south",
        "/report?region=north",
        "/report?region=oak",
        "/report?from=2026-08-01&to=2026-10-31",
        "/report?from=2026-11-30&to=2026-11-01",
        "/report?from=soon",
    ] {
        let (s, html) = app.get_text(path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(html.contains("<svg"), "{path}: charts are inline SVG");
        assert!(!common::has_inline_script(&html), "{path}: inline script");
        assert_names_no_site(path, &html);
        pages.push(html);
    }
    let all = &pages[0];
    for id in [
        "chart-sources",
        "chart-handouts-by-month",
        "chart-kg-by-month",
        "by-month",
        "headline",
    ] {
        assert!(all.contains(&format!("id=\"{id}\"")), "#{id} missing");
    }
    assert!(all.contains("Glastonbury 2026"), "intake by festival");
    assert!(
        all.contains("<time datetime=\"2026-07\">Jul 2026</time>")
            && all.contains("<time datetime=\"2026-11\">Nov 2026</time>"),
        "hand-outs by month, each month in short words"
    );
    // east has oak, heron and kestrel; south has willow and wren: both may be shown.
    assert!(
        all.contains("<option value=\"east\"") && all.contains("<option value=\"south\""),
        "region choice"
    );
    assert!(pages[2].contains("Hand-outs in south"));
    assert!(
        !pages[3].contains("Hand-outs in north"),
        "a region nobody may see is not shown"
    );

    for path in [
        "/api/v1/reports/summary?public=true",
        "/api/v1/reports/summary?public=true&from=2026-07-01&to=2026-12-31",
    ] {
        let (s, text) = app.get_text(path).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert_names_no_site(path, &text);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(
            v["handed_out"].get("by_site").is_none() && v["written_off"].get("by_reason").is_none()
        );
        assert_eq!(v["view"], "public");
    }
}

/// `(category) → (unit weight)` from the catalogue.
async fn unit_weights(app: &TestApp) -> HashMap<String, f64> {
    let (_, cats) = app.get("/api/v1/categories").await;
    cats["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["slug"].as_str().unwrap().to_string(),
                c["unit_weight_kg"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.01
}

async fn totals_match_the_ledger_export(app: TestApp) {
    demo_season_with_handouts(&app).await;
    let weights = unit_weights(&app).await;
    let (s, ct, ledger) = app.get_csv("/api/v1/export/ledger.csv").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("text/csv"), "{ct}");
    assert!(
        ledger.len() > 500,
        "the whole ledger, past one page: {}",
        ledger.len()
    );

    // Independent sums straight from the CSV rows.
    let mut salvaged: BTreeMap<String, i64> = BTreeMap::new();
    let mut salvaged_kg = 0.0;
    let mut handed: BTreeMap<(String, String), i64> = BTreeMap::new();
    let mut written_off = 0i64;
    let mut by_kind: BTreeMap<String, (i64, f64)> = BTreeMap::new();
    for r in &ledger {
        let q: i64 = r["quantity"].parse().unwrap();
        let w = weights[&r["category"]];
        match r["cause"].as_str() {
            "intake" => {
                *salvaged.entry(r["category"].clone()).or_default() += q;
                salvaged_kg += q as f64 * w;
            }
            "hand-out" => {
                *handed
                    .entry((r["location"].clone(), r["category"].clone()))
                    .or_default() -= q
            }
            "write-off" => written_off -= q,
            _ => {}
        }
        let k = by_kind.entry(r["location_kind"].clone()).or_default();
        k.0 += q;
        k.1 += q as f64 * w;
    }

    let (s, report) = app.get("/api/v1/reports/summary").await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(report["view"], "coordinator");
    let reported: BTreeMap<String, i64> = report["salvaged"]["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["category"].as_str().unwrap().to_string(),
                r["items"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(reported, salvaged);
    assert_eq!(
        report["salvaged"]["total"]["items"].as_i64().unwrap(),
        salvaged.values().sum::<i64>()
    );
    assert!(
        close(
            report["salvaged"]["total"]["kg"].as_f64().unwrap(),
            salvaged_kg
        ),
        "kg diverted from landfill: {} vs {salvaged_kg}",
        report["salvaged"]["total"]["kg"]
    );
    let by_source_total: i64 = report["salvaged"]["by_source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["items"].as_i64().unwrap())
        .sum();
    assert_eq!(by_source_total, salvaged.values().sum::<i64>());

    let reported: BTreeMap<(String, String), i64> = report["handed_out"]["by_site_and_category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                (
                    r["site"].as_str().unwrap().to_string(),
                    r["category"].as_str().unwrap().to_string(),
                ),
                r["items"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(reported, handed);
    for r in report["handed_out"]["by_site_and_category"]
        .as_array()
        .unwrap()
    {
        let w = weights[r["category"].as_str().unwrap()];
        assert!(
            close(
                r["kg"].as_f64().unwrap(),
                r["items"].as_i64().unwrap() as f64 * w
            ),
            "{r}"
        );
    }
    assert_eq!(
        report["written_off"]["total"]["items"].as_i64().unwrap(),
        written_off
    );
    let reasons: Vec<&str> = report["written_off"]["by_reason"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, vec!["mould", "torn beyond repair, found at oak"]);
    for k in report["stock_now"]["by_kind"].as_array().unwrap() {
        let (items, kg) = by_kind[k["kind"].as_str().unwrap()];
        assert_eq!(k["items"].as_i64().unwrap(), items, "{k}");
        assert!(close(k["kg"].as_f64().unwrap(), kg), "{k}");
    }
    let by_kind_total: i64 = by_kind.values().map(|v| v.0).sum();
    assert_eq!(
        report["stock_now"]["total"]["items"].as_i64().unwrap(),
        by_kind_total
    );

    // Months add up to the totals; the unmet requests are there, by site.
    let months = report["by_month"].as_array().unwrap();
    let handed_by_month: i64 = months
        .iter()
        .map(|m| m["handed_out"]["items"].as_i64().unwrap())
        .sum();
    assert_eq!(handed_by_month, handed.values().sum::<i64>());
    // The demo season's own hand-outs asked for things too: count them from the export.
    let (_, _, handouts) = app.get_csv("/api/v1/export/handouts.csv").await;
    let asked: i64 = handouts
        .iter()
        .filter(|r| r["kind"] == "unmet")
        .map(|r| r["quantity"].parse::<i64>().unwrap())
        .sum();
    assert!(asked > 3 + 4 + 5 + 6 + 7, "the demo's hand-outs asked too");
    assert_eq!(report["unmet"]["total"]["items"], asked);

    // Need coverage: one row per need in force, with the needs API's own figures.
    let (_, needs) = app.get("/api/v1/needs").await;
    let needs = needs["needs"].as_array().unwrap();
    let coverage = report["need_coverage"]["by_site_and_category"]
        .as_array()
        .unwrap();
    assert_eq!(coverage.len(), needs.len());
    for n in needs {
        let row = coverage
            .iter()
            .find(|r| r["site"] == n["site"] && r["category"] == n["category"])
            .unwrap_or_else(|| panic!("no coverage row for {n}"));
        assert_eq!(row["wanted"], n["wanted"], "{row}");
        assert_eq!(row["delivered"], n["delivered_since"], "{row}");
        assert_eq!(row["unmet"], n["unmet"], "{row}");
    }
    let wanted: i64 = needs.iter().map(|n| n["wanted"].as_i64().unwrap()).sum();
    assert_eq!(report["need_coverage"]["total"]["wanted"], wanted);

    // The public view has the same totals, just no sites.
    let (_, public) = app.get("/api/v1/reports/summary?public=true").await;
    for key in [
        "salvaged",
        "handed_out",
        "unmet",
        "written_off",
        "stock_now",
    ] {
        assert_eq!(public[key]["total"], report[key]["total"], "{key}");
    }
    assert_eq!(
        public["need_coverage"]["total"],
        report["need_coverage"]["total"]
    );
    assert!(public["need_coverage"]
        .get("by_site_and_category")
        .is_none());
    let regional: i64 = public["handed_out"]["by_region"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["items"].as_i64().unwrap())
        .sum();
    assert_eq!(
        regional,
        report["handed_out"]["total"]["items"].as_i64().unwrap()
    );

    // A period narrows by each cause's own date.
    let (_, autumn) = app
        .get("/api/v1/reports/summary?from=2026-09-01&to=2026-10-31")
        .await;
    assert_eq!(autumn["handed_out"]["total"]["items"], (3 + 2) + (4 + 2));
    let sources: Vec<&str> = autumn["salvaged"]["by_source"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        vec!["Leeds 2026", "St Mark's donors"],
        "Reading 2026 came in on 31 August"
    );
}

async fn coordinator_report_page_and_bad_queries(app: TestApp) {
    demo_season_with_handouts(&app).await;
    let (s, html) = app.get_text("/reports?from=2026-07-01&to=2026-12-31").await;
    assert_eq!(s, StatusCode::OK);
    for id in [
        "handed-out-by-site",
        "handed-out-by-site-and-category",
        "unmet-by-site-and-category",
        "need-coverage",
        "salvaged-by-source-and-category",
        "written-off-by-reason",
        "stock-now",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "#{id} missing");
    }
    // Sites by name (the harness names Oak and Heron by their slugs).
    for site in ["oak", "heron", "Kestrel", "Willow", "Wren"] {
        assert!(
            html.contains(&format!("<td>{site}</td>")),
            "{site} in the detail"
        );
    }
    assert!(!html.contains("<td>kestrel</td>"), "never the slug");
    for address in ADDRESSES {
        assert!(
            !html.contains(address),
            "no address even for coordinators here: {address}"
        );
    }
    let (s, _) = app
        .get("/api/v1/reports/summary?from=2026-12-01&to=2026-01-01")
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = app.get("/api/v1/reports/summary?from=last-week").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = app.get("/api/v1/reports/summary?site=oak").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // An empty period is a report of zeros, not an error.
    let (s, empty) = app
        .get("/api/v1/reports/summary?from=2001-01-01&to=2001-12-31")
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(empty["handed_out"]["total"]["items"], 0);
    assert!(empty["by_month"].as_array().unwrap().is_empty());
}

/// Regions of one site each are shown together as "other regions": said in the
/// reader's language, in the list, the table and the line saying what is shown.
async fn other_regions_speak_the_readers_language(app: TestApp) {
    demo_season_with_handouts(&app).await;
    for (slug, region) in [("alder", "north-west"), ("birch", "far-west")] {
        let (s, body) = app
            .post(
                "/api/v1/locations",
                &json!({"slug": slug, "name": slug, "kind": "site", "region": region}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
        app.stock_site("unit-south", slug, &[("tent-2p", "good", 2)])
            .await;
        let (s, h) = app
            .post_handout(&json!({"site": slug, "handed_out_on": "2026-09-01", "lines": [{"category": "tent-2p", "quantity": 1}]}))
            .await;
        assert_eq!(s, StatusCode::CREATED, "{h}");
    }
    let client = reqwest::Client::new();
    let get = |path: &'static str, lang: &'static str| {
        let client = client.clone();
        let url = app.url(path);
        async move {
            let resp = client
                .get(url)
                .header("Accept-Language", lang)
                .send()
                .await
                .expect("GET");
            assert_eq!(resp.status(), StatusCode::OK, "{path}");
            resp.text().await.expect("text")
        }
    };
    for (lang, other, scope) in [
        (
            "en",
            "Other regions",
            "Hand-outs in the other regions together",
        ),
        (
            "fr",
            "Autres régions",
            "Distributions dans les autres régions réunies",
        ),
        ("ar", "مناطق أخرى", "التوزيع في المناطق الأخرى مجتمعة"),
    ] {
        let html = get("/report", lang).await;
        assert!(
            html.contains(&format!("<option value=\"other regions\">{other}</option>")),
            "{lang}: {html}"
        );
        assert!(
            html.contains(&format!("<td>{other}</td>")),
            "{lang}: {html}"
        );
        assert!(
            !html.contains(">other regions<"),
            "{lang}: the data key shown: {html}"
        );
        let html = get("/report?region=other%20regions", lang).await;
        assert!(html.contains(scope), "{lang}: {html}");
    }
}

/// Every number in the by-month table is written the reader's way: a count of items
/// grouped like the kilograms beside it.
async fn by_month_numbers_speak_the_readers_language(app: TestApp) {
    app.intake_tents("unit-south", 1410).await;
    let resp = reqwest::Client::new()
        .get(app.url("/report"))
        .header("Accept-Language", "fr")
        .send()
        .await
        .expect("GET");
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.expect("text");
    let table = html.split("id=\"by-month\"").nth(1).expect("the table");
    let table = &table[..table.find("</table>").unwrap_or(table.len())];
    assert!(table.contains(">1\u{202f}410<"), "{table}");
    assert!(!table.contains(">1410<"), "{table}");
    // Months in short French words, which a phone's width wraps between, not inside.
    const MONTHS: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    let at = table.find("<time datetime=\"").expect("a month") + 16;
    let (year, month) = table[at..at + 7].split_once('-').expect("YYYY-MM");
    let name = MONTHS[month.parse::<usize>().expect("a month") - 1];
    assert!(
        table.contains(&format!("\">{name} {year}</time>")),
        "{name} {year}: {table}"
    );
}

on_both_backends!(
    by_month_numbers_speak_the_readers_language,
    other_regions_speak_the_readers_language,
    public_report_never_names_a_site,
    totals_match_the_ledger_export,
    coordinator_report_page_and_bad_queries
);
