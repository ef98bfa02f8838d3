//! Which condition each hand-out line takes its goods from: the one the distributor
//! named, or the best distributable one the site has (good first, then usable). Pure.

use std::collections::BTreeMap;

use crate::catalog::Condition;

/// Best first: the order goods are taken in when a line names no condition.
pub const TAKE_ORDER: [Condition; 2] = [Condition::Good, Condition::Usable];

/// One line of a hand-out, its category already resolved to an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Want {
    pub category: i64,
    pub condition: Option<Condition>,
    pub quantity: i64,
}

/// What one line takes from one condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Take {
    pub line: usize,
    pub category: i64,
    pub condition: Condition,
    pub quantity: i64,
}

/// A category (and the named condition, if any) the site has too little of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Short {
    pub category: i64,
    /// `None`: the lines named no condition, so good and usable together were short.
    pub condition: Option<Condition>,
    pub wanted: i64,
    pub available: i64,
}

/// Splits `wants` over the site's `available` stock (category × condition → quantity).
/// Lines naming a condition are served first, so "any condition" lines never take what
/// a named line needs. Every shortfall is reported, not just the first.
pub fn allocate(
    available: &BTreeMap<(i64, Condition), i64>,
    wants: &[Want],
) -> Result<Vec<Take>, Vec<Short>> {
    let mut left = available.clone();
    let mut takes = Vec::new();
    let mut named: BTreeMap<(i64, Condition), i64> = BTreeMap::new();
    for w in wants {
        if let Some(c) = w.condition {
            *named.entry((w.category, c)).or_insert(0) += w.quantity;
        }
    }
    let mut short = Vec::new();
    for (&(cat, cond), &wanted) in &named {
        let have = left.get(&(cat, cond)).copied().unwrap_or(0);
        if wanted > have {
            short.push(Short {
                category: cat,
                condition: Some(cond),
                wanted,
                available: have,
            });
        }
        left.insert((cat, cond), have - wanted);
    }
    let mut any: BTreeMap<i64, i64> = BTreeMap::new();
    for w in wants.iter().filter(|w| w.condition.is_none()) {
        *any.entry(w.category).or_insert(0) += w.quantity;
    }
    for (&cat, &wanted) in &any {
        let have: i64 = TAKE_ORDER
            .iter()
            .map(|c| left.get(&(cat, *c)).copied().unwrap_or(0).max(0))
            .sum();
        if wanted > have {
            short.push(Short {
                category: cat,
                condition: None,
                wanted,
                available: have,
            });
        }
    }
    if !short.is_empty() {
        return Err(short);
    }
    for (line, w) in wants.iter().enumerate() {
        match w.condition {
            Some(condition) => takes.push(Take {
                line,
                category: w.category,
                condition,
                quantity: w.quantity,
            }),
            None => {
                let mut rest = w.quantity;
                for cond in TAKE_ORDER {
                    let have = left.entry((w.category, cond)).or_insert(0);
                    let n = rest.min((*have).max(0));
                    if n > 0 {
                        takes.push(Take {
                            line,
                            category: w.category,
                            condition: cond,
                            quantity: n,
                        });
                        *have -= n;
                        rest -= n;
                    }
                }
            }
        }
    }
    Ok(takes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Condition::*;

    fn stock(rows: &[(i64, Condition, i64)]) -> BTreeMap<(i64, Condition), i64> {
        rows.iter().map(|&(c, k, q)| ((c, k), q)).collect()
    }
    fn any(category: i64, quantity: i64) -> Want {
        Want {
            category,
            condition: None,
            quantity,
        }
    }

    #[test]
    fn takes_good_before_usable() {
        let s = stock(&[(1, Good, 2), (1, Usable, 5)]);
        let t = allocate(&s, &[any(1, 4)]).unwrap();
        assert_eq!(
            t,
            vec![
                Take {
                    line: 0,
                    category: 1,
                    condition: Good,
                    quantity: 2
                },
                Take {
                    line: 0,
                    category: 1,
                    condition: Usable,
                    quantity: 2
                },
            ]
        );
    }

    #[test]
    fn never_takes_goods_that_need_work() {
        let s = stock(&[(1, NeedsDrying, 9), (1, Usable, 1)]);
        let err = allocate(&s, &[any(1, 2)]).unwrap_err();
        assert_eq!(
            err,
            vec![Short {
                category: 1,
                condition: None,
                wanted: 2,
                available: 1
            }]
        );
    }

    #[test]
    fn named_lines_are_served_first_and_every_shortfall_is_reported() {
        let s = stock(&[(1, Good, 3), (1, Usable, 1), (2, Good, 1)]);
        // The "any" line may not take the good ones the named line needs.
        let t = allocate(
            &s,
            &[
                any(1, 1),
                Want {
                    category: 1,
                    condition: Some(Good),
                    quantity: 3,
                },
            ],
        )
        .unwrap();
        assert_eq!(
            t[0],
            Take {
                line: 0,
                category: 1,
                condition: Usable,
                quantity: 1
            }
        );
        assert_eq!(
            t[1],
            Take {
                line: 1,
                category: 1,
                condition: Good,
                quantity: 3
            }
        );

        let err = allocate(
            &s,
            &[
                any(1, 2),
                Want {
                    category: 1,
                    condition: Some(Good),
                    quantity: 3,
                },
                any(2, 2),
                any(3, 1),
            ],
        )
        .unwrap_err();
        assert_eq!(err.len(), 3, "{err:?}");
        assert!(err.contains(&Short {
            category: 1,
            condition: None,
            wanted: 2,
            available: 1
        }));
        assert!(err.contains(&Short {
            category: 2,
            condition: None,
            wanted: 2,
            available: 1
        }));
        assert!(err.contains(&Short {
            category: 3,
            condition: None,
            wanted: 1,
            available: 0
        }));
    }

    #[test]
    fn two_lines_of_one_category_share_the_stock() {
        let s = stock(&[(1, Good, 2), (1, Usable, 2)]);
        let t = allocate(&s, &[any(1, 3), any(1, 1)]).unwrap();
        let total: i64 = t.iter().map(|t| t.quantity).sum();
        assert_eq!(total, 4);
        assert!(allocate(&s, &[any(1, 3), any(1, 2)]).is_err());
    }
}
