//! CSV exports and the intake import, over HTTP and on the command line, on SQLite and
//! PostgreSQL: flat records without addresses, all-or-nothing imports that name every
//! bad line, the 2 MiB limit, and `haul import` / `haul export`.

mod common;

use common::{Backend, TestApp};
use reqwest::StatusCode;
use serde_json::json;

const HEADER: &str = "source,warehouse,received_on,category,condition,quantity,note";

async fn exports_are_flat_and_never_show_an_address(app: TestApp) {
    app.post_intake("unit-east", json!([{"category": "tent-2p", "condition": "good", "quantity": 6}, {"category": "blanket", "condition": "usable", "quantity": 4}])).await;
    app.stock_site(
        "unit-east",
        "oak",
        &[("tent-2p", "good", 5), ("blanket", "usable", 4)],
    )
    .await;
    let (s, h) = app.post_handout(&json!({"site": "oak", "handed_out_on": "2026-11-20", "lines": [{"category": "tent-2p", "quantity": 2}], "unmet": [{"category": "sleeping-bag", "quantity": 9}]})).await;
    assert_eq!(s, StatusCode::CREATED, "{h}");

    let (s, ct, stock) = app.get_csv("/api/v1/export/stock.csv").await;
    assert_eq!(s, StatusCode::OK);
    assert!(ct.starts_with("text/csv"));
    let (_, api) = app.get("/api/v1/stock").await;
    assert_eq!(stock.len(), api["stock"].as_array().unwrap().len());
    let oak_tents = stock
        .iter()
        .find(|r| r["location"] == "oak" && r["category"] == "tent-2p")
        .expect("oak's tents");
    assert_eq!(
        (
            oak_tents["quantity"].as_str(),
            oak_tents["kg"].as_str(),
            oak_tents["location_kind"].as_str()
        ),
        ("3", "7.8", "site")
    );

    let (s, _, ledger) = app.get_csv("/api/v1/export/ledger.csv").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ledger.len(), app.ledger_len().await);
    assert!(ledger
        .iter()
        .any(|r| r["cause"] == "hand-out" && r["location"] == "oak" && r["quantity"] == "-2"));

    let (s, _, handouts) = app.get_csv("/api/v1/export/handouts.csv?site=oak").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(handouts.len(), 2, "{handouts:?}");
    assert_eq!(handouts[0]["kind"], "handed-out");
    assert_eq!(
        (
            handouts[0]["category"].as_str(),
            handouts[0]["condition"].as_str(),
            handouts[0]["quantity"].as_str()
        ),
        ("tent-2p", "good", "2")
    );
    assert_eq!(
        (
            handouts[1]["kind"].as_str(),
            handouts[1]["condition"].as_str(),
            handouts[1]["quantity"].as_str()
        ),
        ("unmet", "", "9")
    );
    assert_eq!(handouts[0]["region"], "east");
    let (_, _, none) = app.get_csv("/api/v1/export/handouts.csv?site=heron").await;
    assert!(none.is_empty());
    let (_, _, none) = app
        .get_csv("/api/v1/export/handouts.csv?from=2026-11-21")
        .await;
    assert!(none.is_empty());

    for path in [
        "/api/v1/export/stock.csv",
        "/api/v1/export/ledger.csv",
        "/api/v1/export/handouts.csv",
    ] {
        let (s, text) = app.get_text(path).await;
        assert_eq!(s, StatusCode::OK);
        for address in ["behind the old mill", "12 Dock Road", "address"] {
            assert!(!text.contains(address), "{path} shows '{address}'");
        }
    }
    // An empty export is still a header.
    let (s, text) = app
        .get_text("/api/v1/export/ledger.csv?from=2001-01-01&to=2001-01-02")
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        text.trim(),
        "id,at,actor,cause,cause_id,location,location_kind,category,condition,quantity,corrects"
    );
    for (path, status) in [
        (
            "/api/v1/export/handouts.csv?site=atlantis",
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/v1/export/ledger.csv?from=2026-12-01&to=2026-01-01",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/api/v1/export/ledger.csv?from=monday",
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/export/stock.csv?location=oak",
            StatusCode::BAD_REQUEST,
        ),
        ("/api/v1/export/needs-of-people.csv", StatusCode::NOT_FOUND),
    ] {
        let (s, _) = app.get_text(path).await;
        assert_eq!(s, status, "{path}");
    }
}

async fn a_good_file_imports_every_row(app: TestApp) {
    let csv = format!(
        "{HEADER}\n\
         leeds-2026,unit-east,2026-09-01,tent-2p,good,5,\n\
         leeds-2026,unit-east,2026-09-01,tent-2p,needs-drying,3,wet\n\
         leeds-2026,unit-south,2026-09-01,blanket,usable,7,\n\
         \"donor st marks\",unit-east,2026-10-12,sleeping-bag,good,2,from the church hall\n"
    );
    let (s, report) = app
        .post_csv_with_key("/api/v1/import/intakes", csv.clone(), Some("import-1"))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{report}");
    assert_eq!(
        (
            report["intakes"].as_i64(),
            report["lines"].as_i64(),
            report["items"].as_i64()
        ),
        (Some(3), Some(4), Some(17))
    );
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 5);
    assert_eq!(
        app.stock_of("unit-east", "tent-2p", "needs-drying").await,
        3
    );
    assert_eq!(app.stock_of("unit-south", "blanket", "usable").await, 7);
    assert_eq!(app.stock_of("unit-east", "sleeping-bag", "good").await, 2);
    let (_, list) = app.get("/api/v1/intakes?source=leeds-2026").await;
    assert_eq!(
        list["intakes"].as_array().unwrap().len(),
        2,
        "one intake per source, warehouse and date"
    );
    // The same file sent again with the same key takes effect once.
    let (s, again) = app
        .post_csv_with_key("/api/v1/import/intakes", csv, Some("import-1"))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(again, report);
    assert_eq!(app.stock_of("unit-east", "tent-2p", "good").await, 5);
    app.assert_ledger_consistent();
}

async fn a_file_with_bad_rows_imports_nothing_and_names_each_line(app: TestApp) {
    app.post_intake(
        "unit-east",
        json!([{"category": "tent-2p", "condition": "good", "quantity": 1}]),
    )
    .await;
    let before = (app.stock_snapshot().await, app.ledger_len().await);
    let csv = format!(
        "{HEADER}\n\
         leeds-2026,unit-east,2026-09-01,tent-2p,good,5,\n\
         leeds-2026,oak,2026-09-01,tent-2p,good,5,\n\
         leeds-2026,unit-east,2026-13-01,tent-2p,good,5,\n\
         leeds-2026,unit-east,2026-09-01,tent-9p,good,5,\n\
         leeds-2026,unit-east,2026-09-01,tent-2p,soggy,5,\n\
         leeds-2026,unit-east,2026-09-01,tent-2p,good,0,\n\
         leeds-2026,unit-east,2026-09-01,blanket,good,2,\n\
         leeds-2026,unit-east,2026-09-01,tent-2p\n\
         leeds-2026,atlantis,2026-09-01,blanket,good,2,\n"
    );
    let (s, err) = app
        .post_csv_with_key("/api/v1/import/intakes", csv, None)
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    let lines: Vec<&str> = err["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        lines,
        vec!["line 3", "line 4", "line 5", "line 6", "line 7", "line 9", "line 10"],
        "{err}"
    );
    let message = |line: &str| -> String {
        err["error"]["details"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["field"] == line)
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(message("line 3").contains("oak"), "{}", message("line 3"));
    assert!(message("line 5").contains("tent-9p"));
    assert!(message("line 10").contains("atlantis"));
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("nothing was imported"));
    assert_eq!(
        (app.stock_snapshot().await, app.ledger_len().await),
        before,
        "all or nothing"
    );

    for (body, what) in [
        (
            "warehouse,source\nunit-east,x\n".to_string(),
            "a wrong header",
        ),
        (format!("{HEADER}\n"), "no rows"),
        (String::new(), "an empty file"),
    ] {
        let (s, err) = app
            .post_csv_with_key("/api/v1/import/intakes", body, None)
            .await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {err}");
    }
    let resp = app
        .client
        .post(app.url("/api/v1/import/intakes"))
        .json(&json!({"source": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "JSON is not CSV");
    assert_eq!((app.stock_snapshot().await, app.ledger_len().await), before);
}

async fn an_oversized_file_is_413(app: TestApp) {
    let before = (app.stock_snapshot().await, app.ledger_len().await);
    let row = "leeds-2026,unit-east,2026-09-01,blanket,good,1,\n";
    let big = format!("{HEADER}\n{}", row.repeat(2 * 1024 * 1024 / row.len() + 10));
    assert!(big.len() > 2 * 1024 * 1024);
    let (s, err) = app
        .post_csv_with_key("/api/v1/import/intakes", big.clone(), None)
        .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{err}");
    assert_eq!(err["error"]["code"], "too_large");
    // Without a Content-Length (chunked), the limit still holds.
    let address = app.address.trim_start_matches("http://").to_string();
    let token = app.token.clone().unwrap_or_default();
    let status_line = tokio::task::spawn_blocking(move || {
        post_chunked(&address, &token, "/api/v1/import/intakes", big.as_bytes())
    })
    .await
    .unwrap();
    assert!(status_line.contains(" 413 "), "{status_line}");
    assert_eq!((app.stock_snapshot().await, app.ledger_len().await), before);
    // Just under the limit is fine: 20 000 rows, as 50 intakes (one per day) of 400 lines.
    let mut fits = format!("{HEADER}\n");
    let first = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    for i in 0..20_000u64 {
        fits.push_str(&format!(
            "leeds-2026,unit-east,{},blanket,good,1,\n",
            first + chrono::Days::new(i % 50)
        ));
    }
    assert!(fits.len() < 2 * 1024 * 1024);
    let (s, report) = app
        .post_csv_with_key("/api/v1/import/intakes", fits, None)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{report}");
    assert_eq!(app.stock_of("unit-east", "blanket", "good").await, 20_000);
}

/// A POST with `Transfer-Encoding: chunked` (no Content-Length), by hand: the
/// server may answer and close before the whole body is sent. Returns the status line.
fn post_chunked(address: &str, token: &str, path: &str, body: &[u8]) -> String {
    use std::io::{BufRead, BufReader, Write};
    let mut s = std::net::TcpStream::connect(address).expect("connect");
    let head = format!("POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    let _ = s.write_all(head.as_bytes());
    for chunk in body.chunks(64 * 1024) {
        if s.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .and_then(|_| s.write_all(chunk))
            .and_then(|_| s.write_all(b"\r\n"))
            .is_err()
        {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n");
    let mut line = String::new();
    let _ = BufReader::new(s).read_line(&mut line);
    line
}

on_both_backends!(
    exports_are_flat_and_never_show_an_address,
    a_good_file_imports_every_row,
    a_file_with_bad_rows_imports_nothing_and_names_each_line,
    an_oversized_file_is_413,
);

// ---- The command line ----

fn haul(url: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_haul"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run haul")
}

fn cli_import_and_export(backend: Backend) {
    let Some((db, url, _cleanup)) = common::fresh_database(backend) else {
        return;
    };
    let url = match &url {
        haul::db::DatabaseUrl::Sqlite(path) => path.display().to_string(),
        haul::db::DatabaseUrl::Postgres(u) => u.clone(),
    };
    haul::seed::demo(&db).expect("demo season");
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.csv");
    std::fs::write(&good, format!("{HEADER}\nwomad-2026,unit-east,2026-07-28,bike,good,2,\nwomad-2026,unit-east,2026-07-28,tent-4p,usable,3,\n")).unwrap();
    let out = haul(&url, &["import", "intakes", good.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Imported 1 intakes: 2 lines, 5 items"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{HEADER}\nwomad-2026,unit-east,2026-07-28,bike,good,2,\nwomad-2026,heron,2026-07-28,bike,good,2,\nwomad-2026,unit-east,2026-07-28,bike,good,x,\n")).unwrap();
    let out = haul(&url, &["import", "intakes", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 3") && stderr.contains("line 4") && !stderr.contains("line 2:"),
        "{stderr}"
    );

    let ledger = dir.path().join("ledger.csv");
    let out = haul(
        &url,
        &["export", "ledger", "--out", ledger.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut reader = csv::Reader::from_path(&ledger).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let entries = db
        .read_blocking(|c| Ok(haul::ledger::store::entry_keys(c)?.len()))
        .unwrap();
    assert_eq!(rows.len(), entries, "every entry, past the first page");
    let bikes: i64 = rows
        .iter()
        .filter(|r| &r[7] == "bike" && &r[3] == "intake")
        .map(|r| r[9].parse::<i64>().unwrap())
        .sum();
    let in_stock = db
        .read_blocking(|c| Ok(haul::ledger::store::stock(c, &Default::default())?))
        .unwrap()
        .into_iter()
        .filter(|r| r.category == "bike")
        .map(|r| r.quantity)
        .sum::<i64>();
    assert_eq!(bikes, in_stock, "the bad file added no bike");

    let out = haul(&url, &["export", "stock"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("location,location_kind,region,category,condition,quantity,kg"),
        "{text}"
    );
    let out = haul(&url, &["export", "people"]);
    assert!(!out.status.success());
}

#[test]
fn cli_import_and_export_sqlite() {
    cli_import_and_export(Backend::Sqlite);
}

#[test]
fn cli_import_and_export_postgres() {
    cli_import_and_export(Backend::Postgres);
}
