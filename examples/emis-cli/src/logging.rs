//! `-v`/`-q` and `RUST_LOG`: emis-core's `tracing` spans and events (one span per request:
//! endpoint template, method, attempt, status, duration; retries; writes whose answer was lost)
//! printed on stderr, above the progress bar, with WIB times.
//!
//! Levels of emis's own targets (`emis::http`, `emis::sync`, `emis::progress`, …): warnings by
//! default, errors only with `-q`, `-v` info, `-vv` debug, `-vvv` trace. Other crates stay
//! silent unless `RUST_LOG` names them. `RUST_LOG` (e.g. `emis=debug`, `emis::http=trace,warn`)
//! replaces the `-v` levels when it is set. emis-core keeps NIKs, names, tokens, cookies and
//! passwords out of its spans (endpoint templates, never filled paths or bodies); logs that
//! `RUST_LOG` opens in other crates are theirs.

use std::io;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::format::{FmtSpan, Writer};
use tracing_subscriber::fmt::time::FormatTime;
use tracing_subscriber::prelude::*;

/// The filter for `-v` repeated `verbose` times, or `-q`.
pub fn levels(verbose: u8, quiet: bool) -> Targets {
    let emis = match (quiet, verbose) {
        (true, _) => LevelFilter::ERROR,
        (false, 0) => LevelFilter::WARN,
        (false, 1) => LevelFilter::INFO,
        (false, 2) => LevelFilter::DEBUG,
        (false, _) => LevelFilter::TRACE,
    };
    Targets::new().with_target("emis", emis)
}

/// Installs the subscriber for this process.
pub fn init(verbose: u8, quiet: bool) {
    let mut filter = levels(verbose, quiet);
    if let Some(spec) = std::env::var("RUST_LOG").ok().filter(|s| !s.trim().is_empty()) {
        match spec.parse::<Targets>() {
            Ok(t) => filter = t,
            Err(e) => crate::progress::eprint_line(&format!(
                "catatan: RUST_LOG tidak terbaca ({e}); pakai -v / note: RUST_LOG unreadable, -v levels used"
            )),
        }
    }
    // A line when a span closes: `emis.request{endpoint method path attempt status duration_ms}`.
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(|| StderrAboveBar)
        .with_timer(Wib)
        .with_span_events(FmtSpan::CLOSE);
    let _ = tracing_subscriber::registry()
        .with(layer.with_filter(filter))
        .try_init();
}

/// Times as `2026-11-30 14:05:09.123 WIB`, as the rest of emis shows them.
struct Wib;

impl FormatTime for Wib {
    fn format_time(&self, w: &mut Writer<'_>) -> std::fmt::Result {
        let ms = crate::progress::now_ms() + 7 * 3_600_000;
        let day = emis_core::date::Date::from_unix_days(ms.div_euclid(86_400_000));
        let t = ms.rem_euclid(86_400_000);
        write!(
            w,
            "{day} {:02}:{:02}:{:02}.{:03} WIB",
            t / 3_600_000,
            t / 60_000 % 60,
            t / 1000 % 60,
            t % 1000
        )
    }
}

/// stderr, written above the progress bar while one is drawn.
struct StderrAboveBar;

impl io::Write for StderrAboveBar {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        crate::progress::write_stderr(buf)?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    fn enabled(t: &Targets, target: &str, level: Level) -> bool {
        t.would_enable(target, &level)
    }

    #[test]
    fn verbosity_opens_emis_targets_only() {
        let quiet = levels(0, true);
        assert!(!enabled(&quiet, "emis::http", Level::WARN));
        assert!(enabled(&quiet, "emis::http", Level::ERROR));
        let plain = levels(0, false);
        assert!(enabled(&plain, "emis::sync", Level::WARN));
        assert!(!enabled(&plain, "emis::sync", Level::INFO));
        assert!(enabled(&levels(1, false), "emis::http", Level::INFO));
        assert!(!enabled(&levels(1, false), "emis::http", Level::DEBUG));
        assert!(enabled(&levels(2, false), "emis::http", Level::DEBUG));
        assert!(enabled(&levels(3, false), "emis_core::api", Level::TRACE));
        for v in 0..4 {
            assert!(!enabled(&levels(v, false), "hyper_util::client", Level::ERROR));
        }
    }
}
