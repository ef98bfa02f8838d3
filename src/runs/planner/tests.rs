//! Tests of the load planner, including a property test against brute force.

use super::*;
use proptest::prelude::*;

fn item(
    category: &str,
    value: f64,
    volume: f64,
    weight: f64,
    available: u32,
    need: &[u32],
) -> Item {
    Item {
        category: category.to_string(),
        unit_value: value,
        volume_l: volume,
        weight_kg: weight,
        available,
        need_per_stop: need.to_vec(),
    }
}

fn van(volume_l: f64, payload_kg: f64) -> Capacity {
    Capacity {
        volume_l,
        payload_kg,
    }
}

fn quantities(plan: &Plan, n: usize) -> Vec<u32> {
    let mut q = vec![0; n];
    for line in &plan.lines {
        q[line.item] = line.quantity;
    }
    q
}

/// Independent of the planner: enumerates every load.
fn brute_force(items: &[Item], capacity: &Capacity) -> f64 {
    let limits: Vec<u32> = items
        .iter()
        .map(|i| i.available.min(i.need_per_stop.iter().sum()))
        .collect();
    let cap_v = capacity.volume_l + 1e-9 * capacity.volume_l.max(1.0);
    let cap_w = capacity.payload_kg + 1e-9 * capacity.payload_kg.max(1.0);
    let mut q = vec![0u32; items.len()];
    let mut best = 0.0f64;
    loop {
        let volume: f64 = items
            .iter()
            .zip(&q)
            .map(|(i, &x)| f64::from(x) * i.volume_l)
            .sum();
        let weight: f64 = items
            .iter()
            .zip(&q)
            .map(|(i, &x)| f64::from(x) * i.weight_kg)
            .sum();
        if volume <= cap_v && weight <= cap_w {
            let value: f64 = items
                .iter()
                .zip(&q)
                .map(|(i, &x)| f64::from(x) * i.unit_value)
                .sum();
            best = best.max(value);
        }
        let mut k = 0;
        loop {
            if k == q.len() {
                return best;
            }
            if q[k] < limits[k] {
                q[k] += 1;
                break;
            }
            q[k] = 0;
            k += 1;
        }
    }
}

/// Checks every promise a plan makes about itself against its input.
fn assert_sound(items: &[Item], capacity: &Capacity, plan: &Plan) {
    let q = quantities(plan, items.len());
    assert_eq!(check(items, capacity, &q), Ok(()));
    let mut total = 0.0;
    for line in &plan.lines {
        let item = &items[line.item];
        assert!(line.quantity > 0);
        assert!(item.unit_value > 0.0, "valueless {} loaded", item.category);
        assert_eq!(line.per_stop.iter().sum::<u32>(), line.quantity);
        for (s, n) in line.per_stop.iter().zip(&item.need_per_stop) {
            assert!(s <= n, "{} gets {s} > need {n}", item.category);
        }
        total += line.value;
    }
    assert!((plan.total_value - total).abs() < 1e-9 * total.max(1.0));
    assert!(plan.lp_bound + 1e-9 >= plan.total_value);
    assert!((0.0..=1.0).contains(&plan.volume_fill));
    assert!((0.0..=1.0).contains(&plan.payload_fill));
    for pair in plan.lines.windows(2) {
        let order = pair[1]
            .value_per_litre
            .total_cmp(&pair[0].value_per_litre)
            .then_with(|| pair[0].category.cmp(&pair[1].category));
        assert_ne!(order, Ordering::Greater, "lines out of order");
    }
}

fn small_item() -> impl Strategy<Value = (f64, f64, f64, u32, Vec<u32>)> {
    (
        prop_oneof![
            prop::sample::select(vec![0.0, 1.0, 2.0, 10.0, 20.0, 100.0, 200.0]),
            0.0..50.0f64,
        ],
        prop::sample::select(vec![0.0, 0.4, 0.5, 1.0, 1.35, 2.5, 3.0, 6.0, 12.0]),
        prop::sample::select(vec![0.0, 0.2, 0.45, 1.0, 1.35, 2.0, 4.0, 8.0]),
        0u32..=4,
        prop::collection::vec(0u32..=3, 3),
    )
}

fn instance(raw: Vec<(f64, f64, f64, u32, Vec<u32>)>, stops: usize) -> Vec<Item> {
    raw.into_iter()
        .enumerate()
        .map(|(k, (v, vol, w, avail, need))| {
            item(&format!("c{k}"), v, vol, w, avail, &need[..stops])
        })
        .collect()
}

// A failure prints its shrunk input; nothing is written next to the sources.
proptest! {
    #![proptest_config(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn matches_brute_force_on_small_instances(
        raw in prop::collection::vec(small_item(), 0..=5),
        stops in 1usize..=3,
        volume in prop::sample::select(vec![0.0, 1.0, 2.4, 5.0, 7.5, 12.0, 20.0]),
        payload in prop::sample::select(vec![0.0, 1.35, 3.0, 6.0, 10.0, 15.0]),
    ) {
        let items = instance(raw, stops);
        let capacity = van(volume, payload);
        let plan = plan(&items, &capacity).expect("valid input");
        let optimum = brute_force(&items, &capacity);
        prop_assert!(plan.proven_optimal);
        prop_assert!(
            (plan.total_value - optimum).abs() <= 1e-6 * optimum.max(1.0),
            "planner {} vs brute force {}", plan.total_value, optimum
        );
        assert_sound(&items, &capacity, &plan);
    }

    /// Larger than brute force allows: a bounded knapsack DP over whole litres and kilograms.
    #[test]
    fn matches_dynamic_programming_on_medium_instances(
        raw in prop::collection::vec(
            (1u32..=30, 1usize..=6, 1usize..=6, 0u32..=12, prop::collection::vec(0u32..=6, 2)),
            1..=8,
        ),
        volume in 0usize..=40,
        payload in 0usize..=40,
    ) {
        let items: Vec<Item> = raw.iter().enumerate()
            .map(|(k, (v, vol, w, avail, need))| {
                item(&format!("c{k}"), f64::from(*v), *vol as f64, *w as f64, *avail, need)
            })
            .collect();
        let mut best = vec![vec![0u32; payload + 1]; volume + 1];
        for (v, vol, w, avail, need) in &raw {
            let limit = (*avail).min(need.iter().sum());
            for _ in 0..limit {
                for a in (*vol..=volume).rev() {
                    for b in (*w..=payload).rev() {
                        best[a][b] = best[a][b].max(best[a - vol][b - w] + v);
                    }
                }
            }
        }
        let capacity = van(volume as f64, payload as f64);
        let plan = plan(&items, &capacity).expect("valid input");
        prop_assert_eq!(plan.total_value, f64::from(best[volume][payload]));
        assert_sound(&items, &capacity, &plan);
    }

    /// Decimal sizes (multiples of 0.1 l and 0.05 kg) as a person types them: the planner
    /// sees floats such as 3 × 0.1 = 0.30000000000000004, the DP counts whole grid units.
    #[test]
    fn matches_dynamic_programming_on_decimal_sizes(
        raw in prop::collection::vec(
            (
                prop::sample::select(vec![1.0, 2.0, 10.0, 20.0, 100.0, 200.0]),
                1usize..=25,
                1usize..=30,
                0u32..=8,
                prop::collection::vec(0u32..=4, 2),
            ),
            1..=8,
        ),
        volume_tenths in 0usize..=80,
        payload_twentieths in 0usize..=80,
    ) {
        let items: Vec<Item> = raw.iter().enumerate()
            .map(|(k, (v, vol, w, avail, need))| {
                item(&format!("c{k}"), *v, *vol as f64 * 0.1, *w as f64 * 0.05, *avail, need)
            })
            .collect();
        let mut best = vec![vec![0.0f64; payload_twentieths + 1]; volume_tenths + 1];
        for (v, vol, w, avail, need) in &raw {
            let limit = (*avail).min(need.iter().sum());
            for _ in 0..limit {
                for a in (*vol..=volume_tenths).rev() {
                    for b in (*w..=payload_twentieths).rev() {
                        best[a][b] = best[a][b].max(best[a - vol][b - w] + v);
                    }
                }
            }
        }
        let capacity = van(volume_tenths as f64 * 0.1, payload_twentieths as f64 * 0.05);
        let plan = plan(&items, &capacity).expect("valid input");
        prop_assert_eq!(plan.total_value, best[volume_tenths][payload_twentieths]);
        assert_sound(&items, &capacity, &plan);
    }

    #[test]
    fn share_is_fair_and_complete(
        needs in prop::collection::vec(0u32..=50, 1..=10),
        fraction in 0.0..=1.0f64,
    ) {
        let total: u32 = needs.iter().sum();
        let quantity = (f64::from(total) * fraction).floor() as u32;
        let shares = share(quantity, &needs);
        prop_assert_eq!(shares.len(), needs.len());
        prop_assert_eq!(shares.iter().sum::<u32>(), quantity);
        for (i, (&s, &n)) in shares.iter().zip(&needs).enumerate() {
            prop_assert!(s <= n);
            let quota = f64::from(quantity) * f64::from(n) / f64::from(total.max(1));
            prop_assert!(
                (f64::from(s) - quota).abs() < 1.0,
                "stop {} got {} for quota {}", i, s, quota
            );
            for (&t, &m) in shares.iter().zip(&needs) {
                if m == n {
                    prop_assert!(s.abs_diff(t) <= 1);
                }
            }
        }
    }

    #[test]
    fn two_stops_with_equal_need_get_within_one(
        need in 0u32..=1000,
        other in 0u32..=1000,
        fraction in 0.0..=1.0f64,
    ) {
        let needs = [need, other, need];
        let quantity = (f64::from(2 * need + other) * fraction).floor() as u32;
        let shares = share(quantity, &needs);
        prop_assert!(shares[0].abs_diff(shares[2]) <= 1);
        prop_assert!(shares[0] >= shares[2], "the earlier stop wins the tie");
        prop_assert_eq!(shares.iter().sum::<u32>(), quantity);
    }
}

#[test]
fn beats_greedy_by_value_density() {
    // Van: 10 l, payload no limit in practice.
    //   stove kit: value 7, 6 l → 1.17 per litre, 1 available
    //   blanket:   value 5, 5 l → 1.00 per litre, 2 available
    // Greedy by density takes the stove kit (6 l, value 7); no blanket fits in the 4 l left.
    // The optimum is two blankets: 10 l, value 10.
    let items = vec![
        item("stove kit", 7.0, 6.0, 1.0, 1, &[1]),
        item("blanket", 5.0, 5.0, 1.0, 2, &[2]),
    ];
    let capacity = van(10.0, 1000.0);
    let plan = plan(&items, &capacity).expect("valid input");
    assert_eq!(plan.total_value, 10.0);
    assert_eq!(quantities(&plan, 2), vec![0, 2]);
    assert_eq!(plan.volume_fill, 1.0);
    // The LP relaxation takes the stove kit and 0.8 blanket: 7 + 4 = 11.
    assert!((plan.lp_bound - 11.0).abs() < 1e-6);
}

#[test]
fn two_constraints_both_bind() {
    // 10 l, 10 kg. bulky: 3 l/1 kg value 3; heavy: 1 l/3 kg value 3; dense: 2 l/2 kg value 3.5.
    // Best: 2 bulky + 2 heavy + 1 dense = 10 l, 10 kg, value 15.5; without the dense unit
    // no mix of the other two beats 12.
    let items = vec![
        item("bulky", 3.0, 3.0, 1.0, 5, &[5]),
        item("heavy", 3.0, 1.0, 3.0, 5, &[5]),
        item("dense", 3.5, 2.0, 2.0, 1, &[1]),
    ];
    let capacity = van(10.0, 10.0);
    let plan = plan(&items, &capacity).expect("valid input");
    assert_eq!(plan.total_value, brute_force(&items, &capacity));
    assert!((plan.total_value - 15.5).abs() < 1e-9);
}

#[test]
fn float_sizes_fill_exactly() {
    // 30 × 0.4 l is 12.000000000000002 l in floating point, and 30 × 1.35 kg is 40.5 kg.
    let items = vec![item("t-shirt", 1.0, 0.4, 1.35, 30, &[10, 20])];
    let plan = plan(&items, &van(12.0, 40.5)).expect("valid input");
    assert_eq!(plan.lines[0].quantity, 30);
    assert_eq!(plan.lines[0].per_stop, vec![10, 20]);
    assert!(plan.left_behind.is_empty());
    assert_eq!(plan.volume_fill, 1.0);
}

#[test]
fn lines_carry_their_figures_and_order() {
    let items = vec![
        item("blanket", 10.0, 8.0, 1.5, 5, &[2, 3]),
        item("socks", 10.0, 0.5, 0.2, 4, &[4, 0]),
        item("pillow", 0.0, 12.0, 0.6, 9, &[9, 9]),
        item("gloves", 10.0, 0.5, 0.2, 1, &[0, 1]),
    ];
    let plan = plan(&items, &van(1000.0, 1000.0)).expect("valid input");
    let names: Vec<&str> = plan.lines.iter().map(|l| l.category.as_str()).collect();
    assert_eq!(names, vec!["gloves", "socks", "blanket"]);
    let blanket = &plan.lines[2];
    assert_eq!(blanket.quantity, 5);
    assert_eq!(blanket.per_stop, vec![2, 3]);
    assert_eq!(blanket.value, 50.0);
    assert_eq!(blanket.value_per_litre, 1.25);
    assert!((blanket.value_per_kg - 10.0 / 1.5).abs() < 1e-12);
    assert_eq!(blanket.volume_l, 40.0);
    assert_eq!(blanket.weight_kg, 7.5);
    assert_eq!(plan.total_value, 100.0);
    assert!((plan.volume_used_l - 42.5).abs() < 1e-9);
    assert!((plan.volume_fill - 0.0425).abs() < 1e-12);
    let pillow = &plan.left_behind[0];
    assert_eq!(pillow.kind, LeftReason::NoValue);
    assert_eq!(pillow.quantity, 9);
    let json = serde_json::to_value(&plan).expect("serialises");
    assert_eq!(json["lines"][0]["category"], "gloves");
    assert_eq!(json["left_behind"][0]["kind"], "no_value");
}

fn reasons(plan: &Plan) -> Vec<(String, u32, LeftReason, String)> {
    plan.left_behind
        .iter()
        .map(|l| (l.category.clone(), l.quantity, l.kind, l.reason.clone()))
        .collect()
}

#[test]
fn left_behind_for_stock_and_need() {
    let items = vec![
        item("tent", 100.0, 25.0, 3.5, 0, &[2, 1]),
        item("pillow", 1.0, 12.0, 0.6, 7, &[0, 0]),
        item("jacket", 100.0, 8.0, 1.5, 3, &[4, 1]),
        item("nothing", 1.0, 1.0, 1.0, 0, &[0, 0]),
    ];
    let plan = plan(&items, &van(1000.0, 1000.0)).expect("valid input");
    assert_eq!(
        reasons(&plan),
        vec![
            (
                "tent".into(),
                3,
                LeftReason::NoStock,
                "no eligible stock at the origin".into()
            ),
            (
                "pillow".into(),
                7,
                LeftReason::NoNeed,
                "no unmet need at the stops".into()
            ),
            (
                "jacket".into(),
                2,
                LeftReason::ShortOfStock,
                "only 3 of the 5 needed are in stock at the origin".into()
            ),
        ]
    );
    assert_eq!(plan.lines[0].per_stop, vec![2, 1]);
}

#[test]
fn left_behind_when_the_van_is_full() {
    // 30 wanted at 10 l each in a 120 l van: 12 fit.
    let items = vec![item("sleeping bag", 100.0, 10.0, 1.8, 40, &[10, 20])];
    let loaded = plan(&items, &van(120.0, 1000.0)).expect("valid input");
    assert_eq!(loaded.lines[0].quantity, 12);
    assert_eq!(loaded.lines[0].per_stop, vec![4, 8]);
    assert_eq!(
        reasons(&loaded),
        vec![(
            "sleeping bag".into(),
            18,
            LeftReason::VanFullByVolume,
            "only 12 of 30 wanted fit: van full by volume".into()
        )]
    );

    // 25 kg each and 100 kg of payload: 4 of 10.
    let items = vec![
        item("water jerrycan", 10.0, 22.0, 25.0, 10, &[10]),
        item("gazebo", 1.0, 80.0, 18.0, 1, &[1]),
    ];
    let loaded = plan(&items, &van(10_000.0, 100.0)).expect("valid input");
    assert_eq!(
        reasons(&loaded),
        vec![
            (
                "water jerrycan".into(),
                6,
                LeftReason::VanFullByPayload,
                "only 4 of 10 wanted fit: van full by payload".into()
            ),
            (
                "gazebo".into(),
                1,
                LeftReason::VanFullByPayload,
                "van full by payload".into()
            ),
        ]
    );
    assert_eq!(loaded.payload_fill, 1.0);
}

#[test]
fn left_behind_when_a_unit_is_too_big() {
    let items = vec![
        item("family tent", 200.0, 120.0, 22.0, 2, &[2]),
        item("cool box", 10.0, 40.0, 4.0, 1, &[1]),
        item("anvil", 10.0, 10.0, 90.0, 1, &[1]),
    ];
    let plan = plan(&items, &van(100.0, 80.0)).expect("valid input");
    assert_eq!(
        reasons(&plan),
        vec![
            (
                "family tent".into(),
                2,
                LeftReason::TooBig,
                "one unit takes 120 l, more than the whole van".into()
            ),
            (
                "anvil".into(),
                1,
                LeftReason::TooHeavy,
                "one unit weighs 90 kg, more than the van's payload".into()
            ),
        ]
    );
    // The LP relaxation may take 100/120 of a family tent.
    assert!((plan.lp_bound - 200.0 * 100.0 / 120.0).abs() < 1e-6);
}

#[test]
fn identical_categories_share_the_room() {
    // Same value, volume and weight: the solver sees one variable. 20 of the 40 wanted fit,
    // shared 30 : 10 → 15 and 5.
    let items = vec![
        item("socks", 10.0, 0.5, 0.2, 30, &[20, 10]),
        item("gloves", 10.0, 0.5, 0.2, 50, &[4, 6]),
    ];
    let plan = plan(&items, &van(10.0, 100.0)).expect("valid input");
    assert_eq!(quantities(&plan, 2), vec![15, 5]);
    assert_eq!(plan.lines[1].per_stop, vec![10, 5]);
    assert_eq!(plan.lines[0].per_stop, vec![2, 3]);
    assert_eq!(
        reasons(&plan),
        vec![
            (
                "socks".into(),
                15,
                LeftReason::VanFullByVolume,
                "only 15 of 30 wanted fit: van full by volume".into()
            ),
            (
                "gloves".into(),
                5,
                LeftReason::VanFullByVolume,
                "only 5 of 10 wanted fit: van full by volume".into()
            ),
        ]
    );
}

#[test]
fn proves_that_the_last_grams_cannot_be_filled() {
    // Payload 10 kg. Jackets (1.5 kg, 100) and pads (0.3 kg, 20) both give 66.67 per kg, so
    // the LP fills all 10 kg for 666.67; but 15a + 3b + 2c = 100 has no solution with the
    // single pair of socks (c ≤ 1), so whole units stop at 9.9 kg: 6 jackets + 3 pads = 660.
    // With a sock instead, 9.8 kg only reaches 650.
    let items = vec![
        item("jacket", 100.0, 8.0, 1.5, 10, &[10]),
        item("pads", 20.0, 1.0, 0.3, 50, &[50]),
        item("socks", 10.0, 0.5, 0.2, 1, &[1]),
    ];
    let capacity = van(1000.0, 10.0);
    let plan = plan(&items, &capacity).expect("valid input");
    assert_eq!(plan.total_value, brute_force(&items, &capacity));
    assert_eq!(plan.total_value, 660.0);
    assert!(plan.proven_optimal);
    assert!((plan.lp_bound - 2000.0 / 3.0).abs() < 1e-6);
}

#[test]
fn check_accepts_a_feasible_load() {
    let items = vec![
        item("blanket", 10.0, 8.0, 1.5, 5, &[2, 3]),
        item("t-shirt", 1.0, 0.4, 0.2, 30, &[30, 0]),
    ];
    assert_eq!(check(&items, &van(52.0, 13.5), &[5, 30]), Ok(()));
    assert_eq!(check(&items, &van(52.0, 13.5), &[0, 0]), Ok(()));
}

#[test]
fn check_reports_every_violation() {
    let items = vec![
        item("blanket", 10.0, 8.0, 1.5, 5, &[2, 3]),
        item("t-shirt", 1.0, 0.4, 0.2, 30, &[10, 0]),
    ];
    assert_eq!(
        check(&items, &van(40.0, 8.0), &[6, 12]),
        Err(vec![
            "blanket: 6 planned but only 5 available at the origin".to_string(),
            "blanket: 6 planned but the stops need only 5".to_string(),
            "t-shirt: 12 planned but the stops need only 10".to_string(),
            "the load takes 52.8 l but the van holds only 40 l".to_string(),
            "the load weighs 11.4 kg but the van carries only 8 kg".to_string(),
        ])
    );
    assert_eq!(
        check(&items, &van(40.0, 8.0), &[1]),
        Err(vec![
            "expected 2 quantities, one per category, but got 1".to_string()
        ])
    );
}

#[test]
fn rejects_invalid_input() {
    let good = item("blanket", 10.0, 8.0, 1.5, 5, &[2, 3]);
    let mut nan = good.clone();
    nan.unit_value = f64::NAN;
    let mut negative = good.clone();
    negative.category = "negative".into();
    negative.volume_l = -1.0;
    let mut short = good.clone();
    short.category = "short".into();
    short.need_per_stop = vec![1];
    let err =
        plan(&[good.clone(), nan, negative, short], &van(100.0, 100.0)).expect_err("invalid input");
    let PlanError::InvalidInput(why) = &err else {
        panic!("wrong error {err:?}");
    };
    assert!(
        why.contains("blanket: unit value must be a finite number"),
        "{why}"
    );
    assert!(why.contains("negative: volume must be"), "{why}");
    assert!(
        why.contains("short: need is given for 1 stops, but the run has 2"),
        "{why}"
    );

    let err = plan(&[good], &van(f64::INFINITY, 100.0)).expect_err("infinite van");
    assert!(err.to_string().contains("the van's volume"), "{err}");
}

#[test]
fn empty_and_zero_inputs() {
    let plan_empty = plan(&[], &van(100.0, 100.0)).expect("valid input");
    assert!(plan_empty.lines.is_empty());
    assert_eq!(plan_empty.total_value, 0.0);
    assert_eq!(plan_empty.lp_bound, 0.0);

    let items = vec![item("blanket", 10.0, 8.0, 1.5, 5, &[2, 3])];
    let plan_zero = plan(&items, &van(0.0, 0.0)).expect("valid input");
    assert!(plan_zero.lines.is_empty());
    assert_eq!(plan_zero.volume_fill, 0.0);
    assert_eq!(plan_zero.left_behind[0].kind, LeftReason::TooBig);
}

#[test]
fn share_breaks_ties_towards_earlier_stops() {
    assert_eq!(share(1, &[1, 1]), vec![1, 0]);
    assert_eq!(share(5, &[3, 3, 3]), vec![2, 2, 1]);
    assert_eq!(share(7, &[10, 0, 4]), vec![5, 0, 2]);
    assert_eq!(share(9, &[2, 3]), vec![2, 3]);
    assert_eq!(share(3, &[0, 0]), vec![0, 0]);
    assert_eq!(share(0, &[]), Vec::<u32>::new());
    assert_eq!(
        share(u32::MAX - 1, &[u32::MAX, u32::MAX]),
        vec![u32::MAX / 2, u32::MAX / 2]
    );
}

#[test]
fn large_realistic_instance_is_proven_optimal() {
    let mut seed = 7u64;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let items: Vec<Item> = (0..80)
        .map(|k| {
            let volume = 0.5 + next(1200) as f64 / 10.0;
            let weight = 0.2 + next(250) as f64 / 10.0;
            let value = [1.0, 10.0, 100.0, 20.0, 200.0][next(5) as usize];
            let need: Vec<u32> = (0..10).map(|_| next(60) as u32).collect();
            item(
                &format!("c{k}"),
                value,
                volume,
                weight,
                next(400) as u32,
                &need,
            )
        })
        .collect();
    let capacity = van(12_000.0, 1_200.0);
    let plan = plan(&items, &capacity).expect("valid input");
    assert!(plan.proven_optimal);
    // Deterministic, so a regression in the bounds shows here rather than as slowness.
    assert!(plan.search_nodes < 5_000, "{} nodes", plan.search_nodes);
    assert_sound(&items, &capacity, &plan);
    assert!(plan.volume_fill > 0.9 || plan.payload_fill > 0.9);
}
