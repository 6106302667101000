//! What `emis sync` says on stderr while it works: the stage, items done and left, the
//! estimated end as WIB clock time and minutes left, retries as they happen; and Ctrl-C.
//!
//! On a terminal the progress line is redrawn in place; otherwise (a log file, a pipe, a
//! scheduler) plain lines are written, at most one a second per stage.

use emis_core::Lang;
use emis_core::api::ClientEvent;
use emis_core::sync::{CancelToken, Progress, Stage};
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

/// One progress line (without the terminal control codes).
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

struct State {
    stage: Option<Stage>,
    last_print: Option<Instant>,
    drawn: bool,
}

/// Writes progress and client events to stderr.
pub(crate) struct Printer {
    tty: bool,
    lang: Lang,
    state: Mutex<State>,
}

impl Printer {
    /// A printer for this process's stderr.
    pub(crate) fn new(lang: Lang) -> Printer {
        Printer {
            tty: std::io::stderr().is_terminal(),
            lang,
            state: Mutex::new(State {
                stage: None,
                last_print: None,
                drawn: false,
            }),
        }
    }

    /// One progress report.
    pub(crate) fn progress(&self, p: &Progress) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let text = line(p, now_ms(), self.lang);
        let mut err = std::io::stderr().lock();
        if self.tty {
            let _ = write!(err, "\r\x1b[2K{text}");
            st.drawn = true;
        } else {
            let new_stage = st.stage != Some(p.stage);
            let finished = p.total.is_some_and(|t| p.done >= t);
            let due = st.last_print.is_none_or(|t| t.elapsed().as_millis() >= 1000);
            if !(new_stage || finished || due) {
                return;
            }
            let _ = writeln!(err, "{text}");
            st.last_print = Some(Instant::now());
        }
        st.stage = Some(p.stage);
        let _ = err.flush();
    }

    /// A line of its own (a retry, a notice), above the progress line.
    pub(crate) fn say(&self, text: &str) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut err = std::io::stderr().lock();
        if self.tty && st.drawn {
            let _ = write!(err, "\r\x1b[2K");
            st.drawn = false;
        }
        let _ = writeln!(err, "{text}");
        let _ = err.flush();
    }

    /// Ends the progress line (before the report).
    pub(crate) fn finish(&self) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if self.tty && st.drawn {
            eprintln!();
            st.drawn = false;
        }
    }

    /// A client event.
    pub(crate) fn event(&self, e: &ClientEvent) {
        if let Some(l) = retry_line(e) {
            self.say(&l);
        }
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
        eprintln!(
            "\nCtrl-C: berhenti setelah kiriman yang sedang berjalan selesai dan tersimpan; tekan Ctrl-C lagi untuk keluar segera \
             / stopping after the write in flight is saved; press Ctrl-C again to quit now"
        );
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("Keluar segera; outbox tetap utuh / quitting now; the outbox is consistent");
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
}
