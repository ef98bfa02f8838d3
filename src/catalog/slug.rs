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

/// A code made from a name, as a person would write it: "Cuisine Solidaire Calais" →
/// "cuisine-solidaire-calais". Lowercase, accents folded ("é" → "e"), anything else
/// between words a single dash; letters with no Latin form (Arabic) are left out, so
/// the result may be empty: the caller then asks for a code.
pub fn slug_from_name(name: &str, max: usize) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let mut out = String::new();
    let folded = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .flat_map(|c| match c {
            'ß' => "ss".chars().collect::<Vec<_>>(),
            'æ' => vec!['a', 'e'],
            'œ' => vec!['o', 'e'],
            'ø' => vec!['o'],
            'ł' => vec!['l'],
            c => vec![c],
        });
    for ch in folded {
        if ch.is_ascii_lowercase() || ch.is_ascii_digit() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let cut: String = out.trim_end_matches('-').chars().take(max).collect();
    cut.trim_end_matches('-').to_string()
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

    #[test]
    fn a_name_becomes_a_code_accents_folded() {
        assert_eq!(
            slug_from_name("Cuisine Solidaire — Calais", 40),
            "cuisine-solidaire-calais"
        );
        assert_eq!(slug_from_name("  Écoles d'Été ", 40), "ecoles-d-ete");
        assert_eq!(slug_from_name("Straße 12", 40), "strasse-12");
        assert_eq!(slug_from_name("مطبخ", 40), "");
        assert_eq!(slug_from_name("abc def", 4), "abc");
        assert!(Slug::parse(&slug_from_name("Ünïcödé Kitchen!", 40)).is_ok());
    }
}
