//! `emis-sim`: run the EMIS simulator from the command line.
//!
//! ```text
//! emis-sim serve [--profile real|extended] [--port N] [--seed S] [--host 127.0.0.1]
//!                [--token-ttl SECS] [--write-window-ms N] [--read-limit N] [--no-variance]
//!                [--faults faults.json] [--demo-defects] [--closed]
//!                [--cors-origin http://127.0.0.1:PORT]
//! emis-sim dump  [--seed S] [--demo-defects]      # the generated dataset as JSON
//! ```
//!
//! `serve` prints `KEY=value` lines first (the first is always `EMIS_SIM_URL=http://…`), then
//! `#` comments, and runs until Ctrl-C.

use emis_sim::{DEFAULT_TOKEN_TTL, DEFAULT_WRITE_WINDOW_MS, Dataset, Defects, Faults, GenConfig, Profile, Simulator};
use std::io::Write;
use std::net::IpAddr;
use std::process::ExitCode;

const USAGE: &str = "usage:
  emis-sim serve [--profile real|extended] [--port N] [--seed S] [--host 127.0.0.1] [--token-ttl SECS]
                 [--write-window-ms N] [--read-limit N] [--no-variance] [--faults FILE] [--demo-defects] [--closed]
                 [--cors-origin ORIGIN]
  emis-sim dump  [--seed S] [--demo-defects]";

#[derive(Debug)]
struct Args {
    command: String,
    port: u16,
    seed: u64,
    host: IpAddr,
    token_ttl: u64,
    profile: Profile,
    write_window_ms: u64,
    read_limit: Option<u32>,
    no_variance: bool,
    faults: Option<String>,
    demo_defects: bool,
    closed: bool,
    cors_origin: Option<String>,
}

fn parse(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = it.next().ok_or("missing command")?;
    let mut a = Args {
        command,
        port: 0,
        seed: 42,
        host: IpAddr::from([127, 0, 0, 1]),
        token_ttl: DEFAULT_TOKEN_TTL,
        profile: Profile::Real,
        write_window_ms: DEFAULT_WRITE_WINDOW_MS,
        read_limit: None,
        no_variance: false,
        faults: None,
        demo_defects: false,
        closed: false,
        cors_origin: None,
    };
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match flag.as_str() {
            "--port" => a.port = value("--port")?.parse().map_err(|e| format!("--port: {e}"))?,
            "--seed" => a.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--host" => a.host = value("--host")?.parse().map_err(|e| format!("--host: {e}"))?,
            "--token-ttl" => a.token_ttl = value("--token-ttl")?.parse().map_err(|e| format!("--token-ttl: {e}"))?,
            "--profile" => a.profile = value("--profile")?.parse()?,
            "--write-window-ms" => {
                a.write_window_ms = value("--write-window-ms")?
                    .parse()
                    .map_err(|e| format!("--write-window-ms: {e}"))?
            }
            "--read-limit" => {
                a.read_limit = Some(
                    value("--read-limit")?
                        .parse()
                        .map_err(|e| format!("--read-limit: {e}"))?,
                )
            }
            "--no-variance" => a.no_variance = true,
            "--faults" => a.faults = Some(value("--faults")?),
            "--demo-defects" => a.demo_defects = true,
            "--closed" => a.closed = true,
            "--cors-origin" => a.cors_origin = Some(value("--cors-origin")?),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(a)
}

fn defects(a: &Args) -> Defects {
    if a.demo_defects {
        Defects::demo()
    } else {
        Defects::none()
    }
}

async fn serve(a: Args) -> Result<(), String> {
    let faults = match &a.faults {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            serde_json::from_str::<Faults>(&text).map_err(|e| format!("{path}: {e}"))?
        }
        None => Faults::none(),
    };
    let mut b = Simulator::builder()
        .seed(a.seed)
        .host(a.host)
        .port(a.port)
        .profile(a.profile)
        .token_ttl(a.token_ttl)
        .write_window_ms(a.write_window_ms)
        .defects(defects(&a))
        .faults(faults)
        .period_open(!a.closed);
    if a.no_variance {
        b = b.variance(false);
    }
    if let Some(n) = a.read_limit {
        b = b.read_limit_per_sec(n);
    }
    if let Some(o) = &a.cors_origin {
        b = b.cors_origin(o.clone());
    }
    let sim = b.build().start().await.map_err(|e| format!("cannot start: {e}"))?;
    let ds = sim.dataset();
    let demo = ds.demo_lembaga();
    let op = sim
        .operator_credentials(&demo.statistic_num)
        .ok_or("no demo operator")?;
    let partner = sim.partner_credentials();
    let mut out = std::io::stdout().lock();
    let lines = [
        format!("EMIS_SIM_URL={}", sim.base_url()),
        format!("EMIS_SIM_SIMPEG_URL={}", sim.simpeg_base_url()),
        format!("EMIS_SIM_SEED={}", a.seed),
        format!("EMIS_SIM_DEMO_STATISTIC_NUM={}", demo.statistic_num),
        format!("EMIS_SIM_OPERATOR_EMAIL={}", op.email),
        format!("EMIS_SIM_OPERATOR_PASSWORD={}", op.password),
        format!("EMIS_SIM_PARTNER_PUBLIC_KEY={}", partner.public_key),
        format!("EMIS_SIM_PARTNER_PRIVATE_KEY={}", partner.private_key),
        format!("EMIS_SIM_OPERATOR_NIK={}", op.nik),
        format!("EMIS_SIM_PROFILE={}", a.profile),
        format!("EMIS_SIM_TOKEN={}", sim.mint_token(a.token_ttl)),
        format!("EMIS_SIM_GTK_URL={}", sim.gtk_base_url()),
        format!("EMIS_SIM_GTK_COOKIE={}", sim.gtk_cookie()),
        format!("EMIS_SIM_PINTAR_URL={}", sim.pintar_base_url()),
        format!("EMIS_SIM_PINTAR_TOKEN={}", sim.pintar_token()),
        "# synthetic data only: fake people, fake passwords (sim-FAKE-...), loopback only".into(),
        "# lembaga (statistic_num, kind, name, operator email / password):".into(),
    ];
    for l in lines {
        writeln!(out, "{l}").map_err(|e| e.to_string())?;
    }
    for l in &ds.lembaga {
        let o = sim.operator_credentials(&l.statistic_num);
        writeln!(
            out,
            "#   {}  {:<7} {}  ({} santri)  {} / {}",
            l.statistic_num,
            l.kind.short_name(),
            l.name,
            ds.santri_of(&l.statistic_num).count(),
            o.as_ref().map_or("-", |o| o.email.as_str()),
            o.as_ref().map_or("-", |o| o.password.as_str()),
        )
        .map_err(|e| e.to_string())?;
    }
    writeln!(
        out,
        "# control: GET /__sim/state, POST /__sim/faults, /__sim/reset?seed=N, /__sim/period?open=false, /__sim/time?advance_secs=N,\n#   POST /__sim/approvals, GET /__sim/token?ttl=SECS, GET /__sim/gtk-session\n# Ctrl-C to stop"
    )
    .map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    drop(out);
    tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
    sim.shutdown();
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("emis-sim: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match args.command.as_str() {
        "serve" => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
            .and_then(|rt| rt.block_on(serve(args))),
        "dump" => {
            let cfg = GenConfig {
                defects: defects(&args),
                ..GenConfig::default()
            };
            let ds = Dataset::generate(args.seed, &cfg);
            serde_json::to_string_pretty(&ds)
                .map_err(|e| e.to_string())
                .map(|s| println!("{s}"))
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("emis-sim: {e}");
            ExitCode::FAILURE
        }
    }
}
