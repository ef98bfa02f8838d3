//! Login throttling: after repeated failures a handle, or an address, must wait.
//! Kept in memory: a restart forgets, which only helps a legitimate volunteer.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const WINDOW: Duration = Duration::from_secs(15 * 60);
pub const MAX_FAILURES_PER_HANDLE: u32 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u32 = 20;

#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

fn handle_key(h: &str) -> String {
    format!("h:{}", h.to_lowercase())
}
fn address_key(a: &str) -> String {
    format!("a:{a}")
}

impl Throttle {
    /// Seconds to wait, if either the handle or the address has failed too often.
    pub fn blocked(&self, handle: &str, address: &str, now: Instant) -> Option<u64> {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        [
            (handle_key(handle), MAX_FAILURES_PER_HANDLE),
            (address_key(address), MAX_FAILURES_PER_ADDRESS),
        ]
        .iter()
        .filter_map(|(k, max)| {
            let (n, since) = map.get(k)?;
            let left = WINDOW.checked_sub(now.duration_since(*since))?;
            (*n >= *max).then_some(left.as_secs().max(1))
        })
        .max()
    }

    pub fn failed(&self, handle: &str, address: &str, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for k in [handle_key(handle), address_key(address)] {
            let e = map.entry(k).or_insert((0, now));
            if now.duration_since(e.1) > WINDOW {
                *e = (0, now);
            }
            e.0 += 1;
        }
    }

    pub fn succeeded(&self, handle: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&handle_key(handle));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_five_failures_per_handle_and_twenty_per_address() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..5 {
            assert!(t.blocked("mo", "1.2.3.4", now).is_none());
            t.failed("mo", "1.2.3.4", now);
        }
        assert!(t.blocked("mo", "9.9.9.9", now).is_some());
        assert!(t.blocked("MO", "1.2.3.4", now).is_some());
        assert!(t
            .blocked("mo", "1.2.3.4", now + WINDOW + Duration::from_secs(1))
            .is_none());
        for i in 0..15 {
            t.failed(&format!("h{i}"), "1.2.3.4", now);
        }
        assert!(t.blocked("fresh", "1.2.3.4", now).is_some());
        assert!(t.blocked("fresh", "5.5.5.5", now).is_none());
    }
}
