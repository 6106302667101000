//! Shared helpers for the end-to-end tests (client and sync engine against `emis-sim`).

use emis_core::api::{Credentials, EmisClient, EmisConfig, Pacing, Secret};
use emis_core::transport::{ManualClock, ReqwestTransport, RetryPolicy};
use emis_sim::{Profile, SimHandle, Simulator};
use std::sync::Arc;
use std::time::Duration;

/// A client for the simulator's demo lembaga (operator login by e-mail) with fast retries
/// and no pacing, on the system clock and the tokio timer; the PINTAR and EMIS GTK bases
/// point at the simulator.
pub fn client_for(sim: &SimHandle, tune: impl FnOnce(&mut EmisConfig)) -> EmisClient {
    let sn = sim.demo_statistic_num();
    let op = sim.operator_credentials(&sn).expect("demo operator");
    let mut cfg = EmisConfig::new(&sim.base_url()).expect("base url");
    cfg.simpeg_base_url = url::Url::parse(&sim.pintar_base_url()).ok();
    cfg.gtk_base_url = url::Url::parse(&sim.gtk_base_url()).ok();
    cfg.timeout = Duration::from_secs(5);
    cfg.poll_interval = Duration::from_millis(20);
    cfg.pacing = Pacing::none();
    cfg.retry = RetryPolicy {
        max_attempts: 5,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_total: Duration::from_secs(10),
        min_rate_limit_delay: Duration::from_millis(10),
        jitter: true,
    };
    tune(&mut cfg);
    EmisClient::new(
        cfg,
        Credentials::Operator {
            email: op.email,
            password: Secret::new(op.password),
        },
        Arc::new(ReqwestTransport::new().expect("transport")),
        Arc::new(emis_core::transport::SystemClock),
        Arc::new(emis_core::transport::TokioSleep),
    )
}

/// Starts a simulator of the real profile (the default) with a seed and no write window.
pub async fn sim(seed: u64) -> SimHandle {
    sim_profile(seed, Profile::Real).await
}

/// Starts a simulator of a profile with a seed and no write window.
pub async fn sim_profile(seed: u64, profile: Profile) -> SimHandle {
    Simulator::builder()
        .seed(seed)
        .profile(profile)
        .write_window_ms(0)
        .build()
        .start()
        .await
        .expect("simulator")
}

/// A manual clock starting now (for tests that move time by hand).
pub fn manual_clock() -> Arc<ManualClock> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Arc::new(ManualClock::new(now))
}
