//! Quantities that cannot hold bad values: `Quantity` (1..=1 000 000) for lines that move
//! goods, `Count` (0..=1 000 000) for what a stocktake counted.

use serde::{Deserialize, Deserializer, Serialize};

pub const MAX_QUANTITY: i64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Quantity(u32);

impl Quantity {
    pub fn parse(n: i64) -> Result<Quantity, String> {
        if (1..=MAX_QUANTITY).contains(&n) {
            Ok(Quantity(n as u32))
        } else {
            Err(format!(
                "quantity must be between 1 and {MAX_QUANTITY}, got {n}"
            ))
        }
    }
    pub fn get(self) -> i64 {
        i64::from(self.0)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        Quantity::parse(n).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Count(u32);

impl Count {
    pub fn parse(n: i64) -> Result<Count, String> {
        if (0..=MAX_QUANTITY).contains(&n) {
            Ok(Count(n as u32))
        } else {
            Err(format!(
                "count must be between 0 and {MAX_QUANTITY}, got {n}"
            ))
        }
    }
    pub fn get(self) -> i64 {
        i64::from(self.0)
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        Count::parse(n).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        assert!(Quantity::parse(0).is_err());
        assert!(Quantity::parse(-3).is_err());
        assert!(Quantity::parse(1_000_001).is_err());
        assert_eq!(Quantity::parse(7).map(Quantity::get), Ok(7));
        assert_eq!(Count::parse(0).map(Count::get), Ok(0));
        assert!(Count::parse(-1).is_err());
    }
}
