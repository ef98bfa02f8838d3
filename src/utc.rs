//! Moments in the JSON API: stored as UTC without an offset, answered as RFC 3339 with
//! `Z` (what the document's `format: date-time` promises, and what a client in another
//! time zone needs to read them right).

use chrono::{NaiveDateTime, SecondsFormat};
use serde::Serializer;

/// `2026-11-29T16:56:37.391Z`.
pub fn rfc3339(t: &NaiveDateTime) -> String {
    t.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// For `#[serde(serialize_with = "crate::utc::serialize")]`.
pub fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(t))
}

/// For an optional moment: null stays null.
pub fn serialize_option<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&rfc3339(t)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_carry_their_zone() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 29)
            .and_then(|d| d.and_hms_milli_opt(16, 56, 37, 391))
            .expect("a moment");
        assert_eq!(rfc3339(&t), "2026-11-29T16:56:37.391Z");
        let whole = t.with_nanosecond(0).expect("whole");
        assert_eq!(rfc3339(&whole), "2026-11-29T16:56:37Z");
        let json = serde_json::to_value(Moment {
            at: Some(t),
            never: None,
        })
        .expect("json");
        assert_eq!(
            json,
            serde_json::json!({"at": "2026-11-29T16:56:37.391Z", "never": null})
        );
    }

    #[derive(serde::Serialize)]
    struct Moment {
        #[serde(serialize_with = "serialize_option")]
        at: Option<NaiveDateTime>,
        #[serde(serialize_with = "serialize_option")]
        never: Option<NaiveDateTime>,
    }

    use chrono::Timelike;
}
