//! Label codes: six characters from an alphabet without 0/O/1/I, random and
//! unguessable, easy to read aloud and to type from a label.

use rand::Rng;
use std::fmt;

/// 32 letters and digits: no 0/O or 1/I to mix up when a code is read or typed.
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
pub const LENGTH: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LabelCode(String);

impl LabelCode {
    /// A code as typed: case, spaces and dashes are forgiven; anything outside the
    /// alphabet (including the look-alikes it leaves out) is not a code.
    pub fn parse(raw: &str) -> Result<LabelCode, String> {
        let cleaned: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if cleaned.chars().count() != LENGTH || !cleaned.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(format!(
                "'{}' is not a label code: a code is {LENGTH} letters and digits (no 0, O, 1 or I), e.g. K7M4QX",
                raw.chars().take(20).collect::<String>()
            ));
        }
        Ok(LabelCode(cleaned))
    }

    /// A fresh random code (the caller retries on the rare collision).
    pub fn random() -> LabelCode {
        let mut rng = rand::rng();
        let code = (0..LENGTH)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect();
        LabelCode(code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LabelCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(
            LabelCode::parse(" k7m-4qx ").map(|c| c.0),
            Ok("K7M4QX".into())
        );
        assert!(LabelCode::parse("K7M4Q").is_err());
        assert!(LabelCode::parse("K7M4QXX").is_err());
        assert!(
            LabelCode::parse("K7M4Q0").is_err(),
            "0 is not in the alphabet"
        );
        assert!(
            LabelCode::parse("K7M4QI").is_err(),
            "I is not in the alphabet"
        );
        assert!(LabelCode::parse("K7M4Q\u{0}").is_err());
    }

    #[test]
    fn random_codes_parse_and_differ() {
        let codes: std::collections::BTreeSet<String> =
            (0..200).map(|_| LabelCode::random().0).collect();
        assert!(codes.len() > 195);
        for c in &codes {
            assert_eq!(LabelCode::parse(c).map(|p| p.0).as_deref(), Ok(c.as_str()));
        }
    }
}
