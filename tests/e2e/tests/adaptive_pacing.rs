//! Write pacing that follows the server, through the real client and the simulator on
//! loopback: after a 429 on a create, the next writes are spaced wider than configured and
//! come back towards it; never closer than the configured interval. Time is a manual clock.

mod client_support;

use client_support::*;
use emis_core::api::Pacing;
use emis_sim::{Fault, FaultRule, Faults, RetryAfter};
use std::time::Duration;

/// Creates three new santri one after another; the waits the client slept.
async fn three_creates(adaptive: bool) -> (Vec<Result<u16, emis_core::transport::TransportError>>, Vec<Duration>) {
    let rule = FaultRule::new(
        Some("POST"),
        CREATE,
        Fault::TooManyRequests {
            retry_after: RetryAfter::Absent,
        },
    )
    .nth(2);
    let sim = sim_real_with(61, Faults::single(rule)).await;
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, operator(&sim), Some(clock), |c| {
        c.pacing = Pacing {
            write_interval: Duration::from_secs(1),
            read_interval: Duration::ZERO,
        };
        c.adaptive_max_write_interval = adaptive.then_some(Duration::from_secs(30));
    });
    let sn = sim.demo_statistic_num();
    for s in sim.new_santri(&sn, 3) {
        r.client
            .create_santri(&santri_of(&s), Some(active_year(&sim)), Some("2026-07-15"))
            .await
            .expect("created");
    }
    (r.rec.outcomes(CREATE), r.rec.sleeps())
}

#[tokio::test]
async fn writes_slow_down_after_a_429_and_never_go_below_the_interval() {
    let (outcomes, fixed) = three_creates(false).await;
    assert_eq!(outcomes.len(), 4, "three creates and one retry: {outcomes:?}");
    assert_eq!(outcomes[1], Ok(429), "{outcomes:?}");
    let (_, adaptive) = three_creates(true).await;
    let floor = Duration::from_secs(1);
    // The fixed pacer: the last write waits exactly the interval.
    assert_eq!(*fixed.last().unwrap(), floor, "{fixed:?}");
    // The adaptive one: wider after the 429, and no wait between writes under the floor
    // (the short backoff sleep of the retry itself aside).
    let last = *adaptive.last().unwrap();
    assert!(last > floor, "slowed down after the 429: {adaptive:?}");
    assert!(last < Duration::from_secs(30));
    let total = |v: &[Duration]| v.iter().sum::<Duration>();
    assert!(total(&adaptive) > total(&fixed), "{adaptive:?} vs {fixed:?}");
}
