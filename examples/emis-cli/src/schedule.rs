//! `emis sync --window 05:00-07:00` / `--at 05:00`: wait for the quiet hours, run, and stop the
//! writes when the window closes (the rest stays in the outbox for the next run). Times in WIB,
//! WITA or WIT (`--zone`); the arithmetic is `emis_core::schedule` (pure, tested with a fake
//! clock); this module only sleeps and cancels.

use crate::output::{CliError, EXIT_INTERRUPTED};
use clap::{Args, ValueEnum};
use emis_core::schedule::{Window, Zone, local_time, parse_at};
use emis_core::sync::CancelToken;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// `--window`, `--at`, `--zone`.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// hanya kirim di jendela jam ini, mis. 05:00-07:00 (menunggu bila belum; berhenti rapi saat
    /// jendela habis, sisanya sesi berikutnya) / send only inside this daily window
    #[arg(long, value_name = "JJ:MM-JJ:MM", conflicts_with = "at")]
    pub window: Option<String>,
    /// mulai pada jam ini (JJ:MM, atau TTTT-BB-HH JJ:MM) / start at this time
    #[arg(long, value_name = "WAKTU")]
    pub at: Option<String>,
    /// zona waktu --window/--at: wib (bawaan), wita, wit / time zone of --window/--at
    #[arg(long, value_enum, ignore_case = true, value_name = "ZONA")]
    pub zone: Option<ZoneArg>,
}

/// `--zone wib|wita|wit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ZoneArg {
    Wib,
    Wita,
    Wit,
}

impl From<ZoneArg> for Zone {
    fn from(z: ZoneArg) -> Zone {
        match z {
            ZoneArg::Wib => Zone::Wib,
            ZoneArg::Wita => Zone::Wita,
            ZoneArg::Wit => Zone::Wit,
        }
    }
}

/// When to start and when to stop, read from the flags before anything else happens.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Start, Unix ms (`None`: now).
    start_ms: Option<i64>,
    window: Option<Window>,
    zone: Zone,
}

impl ScheduleArgs {
    /// The plan, or a usage error naming the flag.
    pub fn plan(&self, now_ms: i64) -> Result<Plan, CliError> {
        let zone = self.zone.map(Zone::from).unwrap_or_default();
        let usage = |m: String| CliError::usage(m, "sync");
        let window = match &self.window {
            Some(w) => Some(Window::parse(w, zone).map_err(|e| usage(format!("--window: {e}")))?),
            None => None,
        };
        let start_ms = match (&self.at, &window) {
            (Some(at), _) => Some(parse_at(at, zone, now_ms).map_err(|e| usage(format!("--at: {e}")))?),
            (None, Some(w)) => Some(w.next_start_ms(now_ms)),
            (None, None) => None,
        };
        Ok(Plan { start_ms, window, zone })
    }
}

/// Set when the window closed and the sync was stopped for it.
pub type Closed = Arc<AtomicBool>;

impl Plan {
    /// Waits until the start (Ctrl-C during the wait ends with 130, nothing done); then, with a
    /// window, arms the stop at its end. `say` prints a line for the operator.
    pub fn wait_and_arm(
        &self,
        rt: &tokio::runtime::Runtime,
        cancel: &CancelToken,
        say: &dyn Fn(&str),
    ) -> Result<Closed, CliError> {
        let closed: Closed = Arc::new(AtomicBool::new(false));
        if let Some(start) = self.start_ms {
            let now = crate::progress::now_ms();
            if start > now {
                say(&format!(
                    "Menunggu sampai {} (Ctrl-C untuk batal) / waiting until then",
                    local_time(start, self.zone)
                ));
            }
            loop {
                if cancel.is_cancelled() {
                    return Err(CliError::stopped(
                        "Dibatalkan sebelum mulai; tidak ada yang dikirim / cancelled before the start; nothing sent",
                        EXIT_INTERRUPTED,
                    ));
                }
                let left = start - crate::progress::now_ms();
                if left <= 0 {
                    break;
                }
                let d = Duration::from_millis(left.min(500) as u64);
                rt.block_on(async move { tokio::time::sleep(d).await });
            }
        }
        if let Some(w) = self.window {
            let now = crate::progress::now_ms();
            if let Some(end) = w.end_ms(now) {
                say(&format!(
                    "Jendela {}: kiriman berhenti pukul {} / writes stop at the window's end",
                    w.zone.name(),
                    local_time(end, w.zone)
                ));
                let (cancel, flag) = (cancel.clone(), closed.clone());
                rt.spawn(async move {
                    let left = end - crate::progress::now_ms();
                    if left > 0 {
                        tokio::time::sleep(Duration::from_millis(left as u64)).await;
                    }
                    flag.store(true, Ordering::SeqCst);
                    cancel.cancel();
                });
            }
        }
        Ok(closed)
    }
}

/// The operator's line when the window closed: what waits for the next run.
pub fn closed_message(unsent: usize) -> String {
    format!(
        "Jendela waktu habis: kiriman dihentikan dengan rapi; {unsent} data menunggu di outbox dan dikirim pada \
         sinkron berikutnya (jalankan perintah yang sama) / the window closed: writes stopped cleanly; {unsent} \
         items wait in the outbox for the next run"
    )
}
