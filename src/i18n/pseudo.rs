//! The pseudo-locale `en-XA`: every letter accented, every message bracketed and
//! about 30 % longer, so a page rendered in it shows at a glance (and to a test) any
//! text that did not come through Fluent, and whether layouts survive longer words.

use std::borrow::Cow;

const PLAIN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ACCENTED: &str = "áƀçðéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ";

/// Latin letters swapped for accented look-alikes; everything else kept.
pub fn accent(s: &str) -> String {
    s.chars()
        .map(|c| match PLAIN.find(c) {
            Some(i) => ACCENTED.chars().nth(i).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// Fluent's hook for the text of a message (not its arguments, which are data).
pub fn transform(s: &str) -> Cow<'_, str> {
    Cow::Owned(accent(s))
}

/// Brackets around the whole message, padded by about 30 %. The padding comes in
/// short groups, so it can wrap like words do rather than make one long word.
pub fn wrap(s: &str) -> String {
    let pad = (s.chars().count() * 3).div_ceil(10);
    let groups: Vec<String> = (0..pad)
        .step_by(4)
        .map(|i| "·".repeat((pad - i).min(4)))
        .collect();
    format!("⟦{s} {}⟧", groups.join(" "))
}

#[cfg(test)]
mod tests {
    #[test]
    fn accents_every_ascii_letter() {
        let a = super::accent("Log in, 3 Tents");
        assert!(!a.chars().any(|c| c.is_ascii_alphabetic()), "{a}");
        assert!(a.contains('3') && a.contains(','));
    }
}
