//! Credentials for `emis sync`: from the environment, or asked on a terminal; never from the
//! command line (argv is visible to every user of the machine, and lands in shell history).
//!
//! - `EMIS_TOKEN`: the `Authorization: Bearer …` value copied from the browser (pasted as it
//!   comes: with or without `Bearer`, quotes or the header name);
//! - `EMIS_EMAIL` (an e-mail or the operator's NIK; `EMIS_USER` also works) + `EMIS_PASSWORD`;
//! - `EMIS_PUBLIC_KEY` + `EMIS_PRIVATE_KEY` (partner application);
//! - `EMIS_GTK_COOKIE` (EMIS GTK cookie session) and `EMIS_PINTAR_TOKEN` for SIMPEG.
//!
//! Secrets stay inside [`Secret`] (its `Debug` prints `***`) and are never printed.

use crate::output::{CliError, EXIT_SESSION};
use emis_core::api::auth::clean_token;
use emis_core::api::{Credentials, Secret, token_info};
use std::io::IsTerminal;

/// How to copy a token, for prompts and help (Bahasa Indonesia / English).
pub(crate) const HOW_TO_COPY: &str = "\
Cara menyalin token: buka https://emis.kemenag.go.id di peramban dan login; tekan F12 → tab
Network (Jaringan) → klik salah satu permintaan ke api-emis.kemenag.go.id → Headers → salin nilai
\"Authorization\" (boleh beserta kata Bearer). Simpan di variabel lingkungan, jangan di argumen:
  read -rs EMIS_TOKEN && export EMIS_TOKEN     (tempel, lalu Enter; tidak tampil di layar)
Token berlaku sekitar 4,5 jam; emis menampilkan kapan berakhir sebelum sinkron.
/ How to copy a token: log in to the portal, open the browser's developer tools (F12), Network,
pick a request to api-emis, copy the Authorization header value; keep it in EMIS_TOKEN.";

fn var(k: &str) -> Option<String> {
    std::env::var(k).ok().filter(|v| !v.trim().is_empty())
}

/// The current time, Unix seconds.
pub(crate) fn now_s() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Which kind of login, for the operator (never the secret).
pub(crate) fn describe(c: &Credentials) -> &'static str {
    match c {
        Credentials::Token(_) => "token tempel (EMIS_TOKEN) / pasted token",
        Credentials::Operator { email, .. } if email.contains('@') => "email + kata sandi / e-mail and password",
        Credentials::Operator { .. } => "NIK + kata sandi / NIK and password",
        Credentials::Partner { .. } => "kunci mitra / partner keys",
    }
}

/// The EMIS credentials: environment first, then a prompt on a terminal.
pub(crate) fn credentials() -> Result<Credentials, CliError> {
    if let Some(t) = var("EMIS_TOKEN") {
        return token(&t);
    }
    let user = var("EMIS_EMAIL").or_else(|| var("EMIS_USER"));
    if let Some(user) = user {
        let password = match var("EMIS_PASSWORD") {
            Some(p) => p,
            None if std::io::stdin().is_terminal() => prompt_hidden("Kata sandi EMIS / password: ")?,
            None => {
                return Err(CliError::input(
                    "EMIS_PASSWORD belum diisi (EMIS_EMAIL ada) / EMIS_PASSWORD is missing",
                ));
            }
        };
        return Ok(Credentials::Operator {
            email: user.trim().to_string(),
            password: Secret::new(password),
        });
    }
    if let (Some(public_key), Some(k)) = (var("EMIS_PUBLIC_KEY"), var("EMIS_PRIVATE_KEY")) {
        return Ok(Credentials::Partner {
            public_key,
            private_key: Secret::new(k),
        });
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::input(
            "kredensial tidak ada: isi EMIS_TOKEN (token dari peramban), atau EMIS_EMAIL (email/NIK) dan \
             EMIS_PASSWORD, atau EMIS_PUBLIC_KEY dan EMIS_PRIVATE_KEY; lihat `emis sync --help` \
             / no credentials in the environment",
        ));
    }
    eprintln!("{HOW_TO_COPY}\n");
    let pasted =
        prompt_hidden("Tempel token (kosongkan untuk login dengan email/NIK) / paste the token (empty: log in): ")?;
    if !pasted.trim().is_empty() {
        return token(&pasted);
    }
    eprint!("Email atau NIK operator EMIS / e-mail or NIK: ");
    let mut user = String::new();
    std::io::stdin().read_line(&mut user)?;
    let password = prompt_hidden("Kata sandi / password: ")?;
    Ok(Credentials::Operator {
        email: user.trim().to_string(),
        password: Secret::new(password),
    })
}

fn prompt_hidden(prompt: &str) -> Result<String, CliError> {
    rpassword::prompt_password(prompt).map_err(|e| CliError::input(format!("masukan tersembunyi / hidden input: {e}")))
}

fn token(pasted: &str) -> Result<Credentials, CliError> {
    let t = clean_token(pasted);
    if t.is_empty() {
        return Err(CliError::input("EMIS_TOKEN kosong / EMIS_TOKEN is empty"));
    }
    Ok(Credentials::Token(Secret::new(t)))
}

/// Before syncing with a pasted token: its expiry for the operator, or the stop when it has
/// already expired (nothing is sent, the outbox is untouched).
pub(crate) fn check_token(c: &Credentials, now_s: i64) -> Result<Option<String>, CliError> {
    let Credentials::Token(t) = c else {
        return Ok(None);
    };
    let info = token_info(t.expose());
    if info.seconds_left(now_s).is_some_and(|left| left <= 0) {
        let e = emis_core::Error::SessionExpired { what: "EMIS" };
        return Err(CliError::stopped(
            format!(
                "Token EMIS sudah kedaluwarsa; tidak ada yang dikirim. / The EMIS token has expired; nothing was sent.\n{e}"
            ),
            EXIT_SESSION,
        ));
    }
    Ok(Some(info.describe(now_s)))
}

/// A pasted cookie header value without `Cookie:`, quotes and surrounding blanks.
pub(crate) fn clean_cookie(pasted: &str) -> String {
    let t = pasted.trim().trim_matches(|c| c == '"' || c == '\'');
    let t = t
        .strip_prefix("Cookie:")
        .or_else(|| t.strip_prefix("cookie:"))
        .unwrap_or(t);
    t.trim().replace(['\r', '\n'], "")
}

/// The SIMPEG sessions from the environment: EMIS GTK cookie and PINTAR token.
pub(crate) fn simpeg_sessions() -> (Option<Secret>, Option<Secret>) {
    let cookie = var("EMIS_GTK_COOKIE").map(|c| Secret::new(clean_cookie(&c)));
    let pintar = var("EMIS_PINTAR_TOKEN").map(|t| Secret::new(clean_token(&t)));
    (cookie, pintar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_forms_are_cleaned() {
        assert_eq!(
            clean_cookie(" 'Cookie: emisSSO=a; sessionid=b'\n"),
            "emisSSO=a; sessionid=b"
        );
        let c = token("Authorization: Bearer abc.def.ghi").unwrap();
        assert!(matches!(&c, Credentials::Token(t) if t.expose() == "abc.def.ghi"));
        assert!(!format!("{c:?}").contains("abc"));
        assert!(token("  \"\" ").is_err());
    }

    #[test]
    fn expired_tokens_stop_before_anything_is_sent() {
        // {"alg":"none"} . {"exp":1700000000}
        let t = Credentials::Token(Secret::new("eyJhbGciOiJub25lIn0.eyJleHAiOjE3MDAwMDAwMDB9.s"));
        let e = check_token(&t, 1_700_000_001).unwrap_err();
        assert_eq!(e.exit_code(), EXIT_SESSION);
        let line = check_token(&t, 1_700_000_000 - 600).unwrap().unwrap();
        assert!(line.contains("PERINGATAN"), "{line}");
    }
}
