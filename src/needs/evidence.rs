//! Which unmet hand-out requests are still evidence for a site's next statement: those
//! the statement in force has not already taken in, so none is counted twice.

use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;

use crate::handouts::model::UnmetEvidence;
use crate::handouts::store::UnmetRequest;
use crate::needs::model::NeedView;

/// A statement has taken in a hand-out's request when the hand-out was recorded before
/// the statement was (`recorded_at`) and is dated on or before its `stated_on`. The
/// recording time, not only the date, decides: a need stated today from today's
/// evidence consumes it, and a hand-out recorded after it is new evidence. A hand-out
/// dated after `stated_on` stays new even if recorded earlier: a statement typed in
/// late, with the day the site said it, could not have known of it.
pub fn taken_in(need: &NeedView, request: &UnmetRequest) -> bool {
    takes_in(need, request.handed_out_on, request.recorded_at)
}

/// `taken_in` for a hand-out dated `handed_out_on`, recorded at `recorded_at`.
pub fn takes_in(need: &NeedView, handed_out_on: NaiveDate, recorded_at: NaiveDateTime) -> bool {
    recorded_at <= need.recorded_at && handed_out_on <= need.stated_on
}

/// Per site and category, the requests no statement in force has taken in, summed,
/// with how many hand-outs recorded them and when.
pub fn new_evidence(requests: &[UnmetRequest], needs: &[NeedView]) -> Vec<UnmetEvidence> {
    let in_force: HashMap<(&str, &str), &NeedView> = needs
        .iter()
        .filter(|n| n.current)
        .map(|n| ((n.site.as_str(), n.category.as_str()), n))
        .collect();
    UnmetEvidence::sum(requests.iter().filter(|r| {
        !in_force
            .get(&(r.site.as_str(), r.category.as_str()))
            .is_some_and(|n| taken_in(n, r))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .expect("test time")
    }

    fn request(day: u32, hour: u32, quantity: i64) -> UnmetRequest {
        UnmetRequest {
            site: "kestrel".into(),
            category: "hygiene-kit".into(),
            category_name: "Hygiene kit".into(),
            handed_out_on: at(day, 0).date(),
            recorded_at: at(day, hour),
            quantity,
        }
    }

    fn need(stated_day: u32, recorded_day: u32, hour: u32, current: bool) -> NeedView {
        NeedView {
            id: 1,
            site: "kestrel".into(),
            site_name: "Kestrel".into(),
            category: "hygiene-kit".into(),
            category_name: "Hygiene kit".into(),
            wanted: 28,
            stated_on: at(stated_day, 0).date(),
            stated_by: "coord, from hand-out evidence".into(),
            needed_by: None,
            recorded_by: "coord".into(),
            recorded_at: at(recorded_day, hour),
            current,
            delivered_since: None,
            in_transit: None,
            unmet: None,
            withdrawn: false,
        }
    }

    fn quantities(requests: &[UnmetRequest], needs: &[NeedView]) -> Vec<(i64, i64)> {
        new_evidence(requests, needs)
            .iter()
            .map(|e| (e.quantity, e.handouts))
            .collect()
    }

    #[test]
    fn a_statement_made_today_takes_in_what_was_recorded_before_it() {
        let requests = [request(20, 9, 5), request(20, 10, 3), request(20, 14, 2)];
        assert_eq!(quantities(&requests, &[]), vec![(10, 3)]);
        // Stated at noon on the 20th: the morning's 8 are in it, the afternoon's 2 are new.
        assert_eq!(
            quantities(&requests, &[need(20, 20, 12, true)]),
            vec![(2, 1)]
        );
        // A replaced statement takes nothing in: only the one in force counts.
        assert_eq!(
            quantities(&requests, &[need(20, 20, 12, false)]),
            vec![(10, 3)]
        );
        // Everything taken in: no evidence left to offer.
        assert!(new_evidence(&requests, &[need(20, 20, 15, true)]).is_empty());
    }

    #[test]
    fn a_statement_typed_in_late_has_not_seen_later_hand_outs() {
        // Stated on the 17th, recorded on the 20th after the 18th's hand-out was.
        let requests = [request(16, 9, 4), request(18, 9, 6)];
        assert_eq!(
            quantities(&requests, &[need(17, 20, 12, true)]),
            vec![(6, 1)]
        );
    }
}
