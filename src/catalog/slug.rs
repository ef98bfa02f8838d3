//! `Slug`: the short lowercase names that categories and locations are known by.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Result<Slug, String> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if ok {
            Ok(Slug(s.to_string()))
        } else {
            Err(format!(
                "'{s}' is not a valid slug: use 1-64 lowercase letters, digits and single dashes, e.g. tent-2p"
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Slug {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Slug::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_kebab_case_only() {
        assert!(Slug::parse("tent-2p").is_ok());
        assert!(Slug::parse("Tent").is_err());
        assert!(Slug::parse("tent--2p").is_err());
        assert!(Slug::parse("-tent").is_err());
        assert!(Slug::parse("").is_err());
        assert!(Slug::parse("tent 2p").is_err());
    }
}
