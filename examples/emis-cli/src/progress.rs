//! What `emis sync` says on stderr while it works: the stage, items done and left, the
//! estimated end as WIB clock time and minutes left, retries as they happen; and Ctrl-C.
//!
//! On a terminal an indicatif bar is redrawn in place, and every other line for stderr (retries,
//! notes, log lines of `-v`) is printed above it; otherwise (a log file, a pipe, a scheduler)
//! plain lines are written, at most one a second per stage; under `-q`, nothing.

use emis_core::Lang;
use emis_core::api::ClientEvent;
use emis_core::sync::{CancelToken, Progress, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Instant;

/// Unix ms now.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// `HH:MM` in WIB (UTC+7) of a Unix ms time.
pub(crate) fn wib_clock(ms: i64) -> String {
    let s = ms.div_euclid(1000) + 7 * 3600;
    format!("{:02}:{:02}", s.rem_euclid(86_400) / 3600, s.rem_euclid(3600) / 60)
}

/// Stage names.
pub(crate) fn stage_name(s: Stage, lang: Lang) -> &'static str {
    let (id, en) = match s {
        Stage::Resume => ("cek kiriman lalu", "look up earlier sends"),
        Stage::Pull => ("ambil data", "pull"),
        Stage::Verify => ("verifikasi", "verify"),
        Stage::Plan => ("rencana", "plan"),
        Stage::Push => ("kirim", "push"),
        Stage::Simpeg => ("SIMPEG", "SIMPEG"),
        Stage::Save => ("simpan", "save"),
    };
    crate::output::tr(lang, id, en)
}

/// The "estimated end" part of a progress line.
pub(crate) fn eta_text(eta_ms: i64, now_ms: i64, lang: Lang) -> String {
    let left_s = ((eta_ms - now_ms).max(0) + 999) / 1000;
    let left = if left_s < 60 {
        crate::output::tr(lang, "< 1 menit lagi", "< 1 min left").to_string()
    } else {
        let m = (left_s + 59) / 60;
        match lang {
            Lang::Id => format!("{m} menit lagi"),
            Lang::En => format!("{m} min left"),
        }
    };
    let clock = wib_clock(eta_ms);
    match lang {
        Lang::Id => format!("selesai ±{clock} WIB ({left})"),
        Lang::En => format!("done ~{clock} WIB ({left})"),
    }
}

/// One plain progress line.
pub(crate) fn line(p: &Progress, now_ms: i64, lang: Lang) -> String {
    let mut s = format!("  {:<16}", stage_name(p.stage, lang));
    if let Some(t) = p.total.filter(|t| *t > 0) {
        let filled = ((p.done.min(t) * 20) / t) as usize;
        let left = t.saturating_sub(p.done);
        s.push_str(&format!(
            " [{}{}] {}/{} ({} {})",
            "#".repeat(filled),
            ".".repeat(20 - filled),
            p.done,
            t,
            left,
            crate::output::tr(lang, "tersisa", "left")
        ));
    }
    if let Some(eta) = p.eta_ms.filter(|_| p.total.is_some_and(|t| p.done < t)) {
        s.push_str(" · ");
        s.push_str(&eta_text(eta, now_ms, lang));
    }
    s
}

/// A retry, as the operator reads it: "server lambat (timeout), coba lagi 2/5 dalam 4 dtk".
pub(crate) fn retry_line(e: &ClientEvent) -> Option<String> {
    match e {
        ClientEvent::Retrying {
            endpoint,
            attempt,
            max_attempts,
            wait,
            reason,
        } => {
            let (id, en) = match reason.as_str() {
                "timeout" => (
                    "server lambat (timeout)".to_string(),
                    "server slow (timeout)".to_string(),
                ),
                "rate_limited" => (
                    "server membatasi permintaan (429)".to_string(),
                    "server rate limit (429)".to_string(),
                ),
                "connect" => ("server tidak dapat dihubungi".to_string(), "cannot connect".to_string()),
                "transport" => ("koneksi terputus".to_string(), "connection broken".to_string()),
                "decode" => ("jawaban server rusak".to_string(), "unreadable answer".to_string()),
                r => {
                    let code = r.strip_prefix("http_").unwrap_or(r);
                    (
                        format!("server sibuk (HTTP {code})"),
                        format!("server busy (HTTP {code})"),
                    )
                }
            };
            let secs = wait.as_secs_f64();
            let wait_txt = if secs < 10.0 && secs.fract() > 0.05 {
                format!("{:.1}", secs).replace('.', ",")
            } else {
                format!("{:.0}", secs.ceil())
            };
            let next = attempt + 1;
            Some(format!(
                "  {id}, coba lagi {next}/{max_attempts} dalam {wait_txt} dtk ({endpoint}) / {en}, retry {next}/{max_attempts} in {} s",
                wait_txt.replace(',', ".")
            ))
        }
        ClientEvent::SessionRenewed => Some("  sesi EMIS diperbarui / session renewed".into()),
        _ => None,
    }
}

/// The bar being drawn, if any: every other line for stderr is printed above it.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

fn active() -> Option<ProgressBar> {
    ACTIVE.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

fn set_active(bar: Option<ProgressBar>) {
    *ACTIVE.lock().unwrap_or_else(|e| e.into_inner()) = bar;
}

/// Writes to stderr; while a progress bar is drawn, above it (the bar is redrawn after).
pub(crate) fn write_stderr(bytes: &[u8]) -> std::io::Result<()> {
    let write = || {
        let mut err = std::io::stderr().lock();
        err.write_all(bytes)?;
        err.flush()
    };
    match active() {
        Some(bar) if !bar.is_hidden() => bar.suspend(write),
        _ => write(),
    }
}

/// One line on stderr (above the progress bar, if one is drawn).
pub(crate) fn eprint_line(text: &str) {
    let _ = write_stderr(format!("{text}\n").as_bytes());
}

/// Plain lines: the stage last printed and when.
struct Plain {
    stage: Option<Stage>,
    last_print: Option<Instant>,
}

/// How progress is shown.
enum Mode {
    /// On a terminal: one indicatif bar per stage, redrawn in place; a finished stage's
    /// line stays above the next one.
    Bar {
        target: fn() -> ProgressDrawTarget,
        bar: Mutex<Option<StageBar>>,
    },
    /// A log file, a pipe, a scheduler: plain lines, at most one a second per stage.
    Plain(Mutex<Plain>),
    /// `-q`: nothing.
    Quiet,
}

/// Writes progress and client events to stderr.
pub(crate) struct Printer {
    lang: Lang,
    mode: Mode,
}

impl Printer {
    /// A printer for this process's stderr: bars on a terminal, plain lines otherwise, nothing
    /// under `-q`.
    pub(crate) fn new(lang: Lang) -> Printer {
        if crate::output::quiet() {
            Printer {
                lang,
                mode: Mode::Quiet,
            }
        } else if std::io::stderr().is_terminal() {
            Printer::with_bar(lang, || ProgressDrawTarget::stderr_with_hz(10))
        } else {
            Printer::plain(lang)
        }
    }

    fn plain(lang: Lang) -> Printer {
        Printer {
            lang,
            mode: Mode::Plain(Mutex::new(Plain {
                stage: None,
                last_print: None,
            })),
        }
    }

    fn with_bar(lang: Lang, target: fn() -> ProgressDrawTarget) -> Printer {
        Printer {
            lang,
            mode: Mode::Bar {
                target,
                bar: Mutex::new(None),
            },
        }
    }

    /// One progress report.
    pub(crate) fn progress(&self, p: &Progress) {
        tracing::trace!(target: "emis::progress", stage = ?p.stage, done = p.done, total = ?p.total, "progress");
        match &self.mode {
            Mode::Quiet => {}
            Mode::Plain(st) => {
                let mut st = st.lock().unwrap_or_else(|e| e.into_inner());
                let new_stage = st.stage != Some(p.stage);
                let finished = p.total.is_some_and(|t| p.done >= t);
                let due = st.last_print.is_none_or(|t| t.elapsed().as_millis() >= 1000);
                if !(new_stage || finished || due) {
                    return;
                }
                eprint_line(&line(p, now_ms(), self.lang));
                st.last_print = Some(Instant::now());
                st.stage = Some(p.stage);
            }
            Mode::Bar { target, bar } => {
                let mut slot = bar.lock().unwrap_or_else(|e| e.into_inner());
                let counted = p.total.is_some_and(|t| t > 0);
                if slot.as_ref().is_none_or(|b| b.stage != p.stage || b.counted != counted) {
                    match slot.take() {
                        // The same stage learnt its total: the spinner becomes the bar.
                        Some(b) if b.stage == p.stage => b.bar.finish_and_clear(),
                        Some(b) => b.close(),
                        None => {}
                    }
                    let b = StageBar::new(p, self.lang, target());
                    set_active(Some(b.bar.clone()));
                    *slot = Some(b);
                }
                if let Some(b) = slot.as_ref() {
                    b.show(p, self.lang);
                }
            }
        }
    }

    /// A line of its own (a retry, a notice), above the progress bar; none under `-q`.
    pub(crate) fn say(&self, text: &str) {
        if !matches!(self.mode, Mode::Quiet) {
            eprint_line(text);
        }
    }

    /// Ends the progress bar of a session (its last state stays on screen), before the report.
    pub(crate) fn finish(&self) {
        if let Mode::Bar { bar, .. } = &self.mode
            && let Some(b) = bar.lock().unwrap_or_else(|e| e.into_inner()).take()
        {
            b.close();
            set_active(None);
        }
    }

    /// A client event.
    pub(crate) fn event(&self, e: &ClientEvent) {
        if let Some(l) = retry_line(e) {
            self.say(&l);
        }
    }
}

/// The bar of one stage: done/total, items left and the WIB end when the total is known, a
/// spinner otherwise.
struct StageBar {
    bar: ProgressBar,
    stage: Stage,
    counted: bool,
}

impl StageBar {
    /// A bar set up out of sight, then shown: its first frame is already right.
    fn new(p: &Progress, lang: Lang, target: ProgressDrawTarget) -> StageBar {
        let total = p.total.filter(|t| *t > 0);
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::hidden());
        let style = if total.is_some() {
            // Items left are computed at draw time from the position and length the bar shows.
            let left = crate::output::tr(lang, "tersisa", "left");
            let template = format!("  {{prefix:<16}} [{{bar:20}}] {{pos}}/{{len}} ({{left}} {left}){{msg}}");
            ProgressStyle::with_template(&template).map(|s| {
                s.progress_chars("#>.")
                    .with_key("left", |st: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{}", st.len().unwrap_or(0).saturating_sub(st.pos()));
                    })
            })
        } else {
            ProgressStyle::with_template("  {prefix:<16} {spinner} {msg}")
        };
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar.set_prefix(stage_name(p.stage, lang));
        let b = StageBar {
            bar,
            stage: p.stage,
            counted: total.is_some(),
        };
        b.show(p, lang);
        b.bar.set_draw_target(target);
        if !b.counted {
            b.bar.enable_steady_tick(std::time::Duration::from_millis(120));
        }
        b
    }

    fn show(&self, p: &Progress, lang: Lang) {
        let mut msg = String::new();
        if let Some(eta) = p.eta_ms.filter(|_| p.total.is_some_and(|t| p.done < t)) {
            msg.push_str(" · ");
            msg.push_str(&eta_text(eta, now_ms(), lang));
        }
        self.bar.set_message(msg);
        if let Some(t) = p.total.filter(|t| *t > 0) {
            self.bar.set_position(p.done.min(t));
        }
    }

    /// Leaves the stage's last line on screen (a spinner stage: its name only).
    fn close(self) {
        if !self.counted
            && let Ok(style) = ProgressStyle::with_template("  {prefix}")
        {
            self.bar.set_style(style);
        }
        self.bar.abandon();
    }
}

/// Ctrl-C: the first asks the sync to stop after the write in flight (it is saved); the
/// second ends the process at once (every file of the store is replaced atomically, so the
/// outbox is consistent whatever the moment).
pub(crate) fn on_ctrl_c(rt: &tokio::runtime::Runtime, cancel: CancelToken) {
    rt.spawn(async move {
        if tokio::signal::ctrl_c().await.is_err() {
            return;
        }
        cancel.cancel();
        eprint_line(
            "\nCtrl-C: berhenti setelah kiriman yang sedang berjalan selesai dan tersimpan; tekan Ctrl-C lagi untuk keluar segera \
             / stopping after the write in flight is saved; press Ctrl-C again to quit now",
        );
        if tokio::signal::ctrl_c().await.is_ok() {
            eprint_line("Keluar segera; outbox tetap utuh / quitting now; the outbox is consistent");
            std::process::exit(i32::from(crate::output::EXIT_INTERRUPTED));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn lines_read_well() {
        let p = Progress {
            stage: Stage::Push,
            done: 5,
            total: Some(20),
            eta_ms: Some(1_700_000_000_000 + 150_000),
        };
        let l = line(&p, 1_700_000_000_000, Lang::Id);
        assert!(
            l.contains("5/20 (15 tersisa)") && l.contains("WIB (3 menit lagi)"),
            "{l}"
        );
        let e = ClientEvent::Retrying {
            endpoint: "santri_list",
            attempt: 1,
            max_attempts: 5,
            wait: Duration::from_secs(4),
            reason: "timeout".into(),
        };
        let r = retry_line(&e).unwrap();
        assert!(r.contains("server lambat (timeout), coba lagi 2/5 dalam 4 dtk"), "{r}");
        assert_eq!(wib_clock(0), "07:00");
    }

    #[test]
    fn the_bar_shows_stage_counts_and_the_wib_end() {
        let printer = Printer::with_bar(Lang::Id, ProgressDrawTarget::hidden);
        printer.progress(&Progress {
            stage: Stage::Pull,
            done: 0,
            total: None,
            eta_ms: None,
        });
        let eta = now_ms() + 150_000;
        printer.progress(&Progress {
            stage: Stage::Push,
            done: 5,
            total: Some(20),
            eta_ms: Some(eta),
        });
        let Mode::Bar { bar, .. } = &printer.mode else {
            panic!("bar mode")
        };
        {
            let slot = bar.lock().unwrap();
            let b = slot.as_ref().expect("a bar");
            assert!(b.counted && b.stage == Stage::Push);
            assert_eq!((b.bar.position(), b.bar.length()), (5, Some(20)));
            assert_eq!(b.bar.prefix(), "kirim");
            assert!(b.bar.message().starts_with(" · selesai ±"), "{}", b.bar.message());
            assert!(b.bar.message().ends_with("menit lagi)"), "{}", b.bar.message());
        }
        printer.finish();
        assert!(bar.lock().unwrap().is_none());
        assert!(active().is_none());
    }
}
