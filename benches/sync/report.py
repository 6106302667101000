"""Writes the `sync-bench` section of docs/benchmarks.md from sync_bench's JSON.

    python3 report.py RESULTS.json META.json DOC
"""

import json
import sys

TARGET_PLAIN_MS = 1000
TARGET_RATIO = 1.3


def n(x):
    return f"{x:,}"


def ms(x):
    return f"{x / 1000:.2f} s" if x >= 995 else f"{x:.0f} ms"


def kb(x):
    return f"{x / 1e6:.2f} MB" if x >= 1e6 else f"{x / 1e3:.1f} kB"


def write_section(doc, text):
    start, end = "<!-- sync-bench:start -->", "<!-- sync-bench:end -->"
    body = open(doc).read()
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in body and end in body:
        body = body[: body.index(start)] + block + body[body.index(end) + len(end):]
    else:
        body = body.rstrip() + "\n\n" + block + "\n"
    open(doc, "w").write(body)


def main():
    res = json.load(open(sys.argv[1]))
    meta = json.load(open(sys.argv[2]))
    doc = sys.argv[3]
    runs = res["runs"]
    chosen = [r for r in runs if r["label"] == "chosen"]
    plain = next(r for r in chosen if r["latency_ms"] == 0)
    lat = next(r for r in chosen if r["latency_ms"] > 0)
    p = plain["planted"]
    planned = plain["planned"]
    failures = []
    for r in runs:
        if r["rejected"] or r["pushed"] != p["updates"] + p["creates"] + p["departures"]:
            failures.append(f"{r['label']} {r['latency_ms']} ms: pushed {r['pushed']}, rejected {r['rejected']}")
    lines = [
        f"## Full sync of a lembaga with {n(res['santri'])} santri (simulator on 127.0.0.1)",
        "",
        f"- Run {meta['date']} on `{meta['cpu']}`, nproc = {meta['nproc']}, {meta['mem']} RAM, {meta['os']}; "
        f"git `{meta['git']}`; {meta['rustc']}. Load average (1 min) {meta['load']} at the start (a shared VM).",
        f"- `cargo run --release -p emis-e2e --example sync_bench` (`tests/e2e/examples/sync_bench.rs`): the "
        f"simulator (`tests/emis-sim`, seed {res['seed']}) serves one pesantren with {n(p['roster'])} santri "
        "(about 3 % of them already left, as the generator makes them) and 8 GTK. The local dataset is that roster "
        f"with 5 % changes: {n(p['updates'])} name typos pushed as updates (`ConflictPolicy::LocalWins`), "
        f"{n(p['creates'])} new santri (creates) and {n(p['departures'])} departures (mutasi keluar). All synthetic.",
        "- One full sync = `SyncEngine::run` on a `MemoryStore`: login, lembaga info, periods, pull santri and GTK, "
        "reconcile + rules + plan, push through the outbox, the server sync job (queue length 0), SIMPEG look-ups "
        "for GTK with a NIP, save, journal. Only that call is timed (median of "
        f"{res['repeat']} run{'s' if res['repeat'] != 1 else ''}, each on a fresh simulator with the same seed). Latency: the simulator's "
        "`Fault::Delay` on every request, so each request takes at least that long.",
        "- **Floor** = requests × latency: the requests of a sync are sequential, so no run with that latency "
        "can be faster. Requests and bytes are `SyncReport.requests` and `.bytes` (received / sent, HTTP bodies).",
        "",
        "| options | latency | wall (median) | target | in requests | outside requests (engine) | requests | bytes received / sent | floor | wall / floor | target | wall / floor, simulator time removed | pushed |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for r in runs:
        is_chosen = r["label"] == "chosen"
        label = f"{'**chosen**' if is_chosen else r['label']}: per_page {n(r['per_page'])}, batch_size {r['batch_size']}"
        outside = r["wall_ms"] - r["in_requests_ms"]
        if r["latency_ms"] == 0:
            target = f"≤ 1 s {'✅' if r['wall_ms'] <= TARGET_PLAIN_MS else '❌'}" if is_chosen else ""
            floor, ratio, rtarget, est = "–", "–", "", "–"
        else:
            target = ""
            floor = ms(r["floor_ms"])
            ratio = f"{r['ratio_to_floor']:.2f}"
            rtarget = f"≤ 1.3 {'✅' if r['ratio_to_floor'] <= TARGET_RATIO else '❌'}" if is_chosen else ""
            # Time inside requests beyond the injected latency is the simulator's own work
            # (and the transfer); removing it estimates the engine against an instant server.
            server = max(0.0, r["in_requests_ms"] - r["floor_ms"])
            est = f"{(r['wall_ms'] - server) / r['floor_ms']:.2f}"
        lines.append(
            f"| {label} | {r['latency_ms']} ms | {ms(r['wall_ms'])} | {target} | {ms(r['in_requests_ms'])} | "
            f"{ms(outside)} | {r['requests']} | {kb(r['bytes_in'])} / {kb(r['bytes_out'])} | {floor} | {ratio} | "
            f"{rtarget} | {est} | {n(r['pushed'])} |"
        )
    bt = plain["in_requests_by_endpoint"]
    dflt = [r for r in runs if r["label"] == "engine defaults"]
    bd = next((r["in_requests_by_endpoint"] for r in dflt if r["latency_ms"] == 0), {})
    dflt_lat = next((r for r in dflt if r["latency_ms"] > 0), lat)
    est_ratio = (lat["wall_ms"] - max(0.0, lat["in_requests_ms"] - lat["floor_ms"])) / lat["floor_ms"]
    eps = ", ".join(f"`{k}` × {v}" for k, v in sorted(plain["endpoints"].items()))
    overhead = lat["wall_ms"] - lat["floor_ms"]
    lines += [
        "",
        f"Requests of the chosen run ({plain['requests']}): {eps}.",
        f"Planned and pushed: {planned.get('update', 0)} updates, {planned.get('create', 0)} creates, "
        f"{planned.get('mutasi_keluar', 0)} mutasi keluar; {plain['rejected']} rejected, "
        f"{plain['needs_human']} left to a human; {plain['simpeg_lookups']} SIMPEG look-ups.",
        "",
        "Reading the figures:",
        "",
        f"- **Where the time goes without latency** ({ms(plain['wall_ms'])}): {ms(plain['in_requests_ms'])} inside "
        f"requests, of which the batch push takes {ms(bt.get('santri_batch', 0))} and the roster pull "
        f"{ms(bt.get('santri_list', 0))}; the engine's own work outside requests (decoding {kb(plain['bytes_in'])} of "
        f"JSON, reconcile, rules, plan, encoding the batch, saving) is {ms(plain['wall_ms'] - plain['in_requests_ms'])}. "
        "The time inside requests is almost all the simulator's, on the same 2 cores: its batch endpoint scans every "
        "santri record of every lembaga twice per item to find conflicting active NIKs (`active_with` in "
        "`tests/emis-sim/src/routes/batch.rs`: items × records JSON look-ups), and its list endpoint deep-clones all "
        "10,000 records on every page request before slicing the page (`list`/`page_of` in "
        "`tests/emis-sim/src/routes/santri.rs`), so the default 20 pages cost "
        f"{ms(bd.get('santri_list', 0))} against {ms(bt.get('santri_list', 0))} for one page of 10,000. "
        "The 1 s target is met by the engine's own share, not by the whole run against this simulator; a NIK index "
        "for active records and slicing before cloning in the simulator would remove most of the rest.",
        f"- **With {lat['latency_ms']} ms latency** the run costs the floor ({ms(lat['floor_ms'])}) plus the same "
        f"simulator and engine work: {ms(lat['wall_ms'])} = {ms(lat['floor_ms'])} + {ms(overhead)}. With the "
        "simulator's own time inside requests removed (the last column), the engine alone would be at "
        f"{est_ratio:.2f} × the floor.",
        "- **Avoidable round trips** (engine defaults vs chosen): with `per_page` 10,000 (the largest page EMIS "
        "serves, `docs/api.md`) the roster comes in one request; the engine default `per_page` 500 needs one page "
        "per 500 santri, 20 here. `batch_size` 500 pushes the 5 % changes in one batch; the default 100 needs 5 "
        "(the CLI demo uses 25: 20 batches). That is "
        f"{dflt_lat['requests'] - lat['requests']} extra round trips, {ms((dflt_lat['requests'] - lat['requests']) * lat['latency_ms'])} "
        f"at {lat['latency_ms']} ms each. Suggested for a full sync: `per_page` 10,000 (or the server's maximum) "
        "and `batch_size` 500 (the simulator accepts up to 5,000 items per batch; larger batches cost more to resend "
        "when one fails).",
        f"- The remaining {lat['requests']} round trips are sequential: login, lembaga info, periods, santri list, GTK "
        "list, the batch, the server sync job (start + status) and one SIMPEG look-up per GTK with a NIP. Info, "
        "periods, the two lists and the SIMPEG look-ups do not depend on each other; sending them concurrently would "
        "put the wall time below this floor (which counts sequential round trips).",
    ]
    if failures:
        lines += ["", "**Check failed**: " + "; ".join(failures)]
    lines += [
        "",
        "How to rerun: `bash benches/sync/run.sh` (options are passed on to the program, e.g. "
        "`bash benches/sync/run.sh --santri 2000 --repeat 1`; `--per-page`, `--batch-size`, `--latency-ms`, "
        "`--seed`; the engine-default rows come from `--defaults`, which the script always adds). It builds the "
        "example in release mode, runs it and rewrites only this section.",
    ]
    write_section(doc, "\n".join(lines))
    if failures:
        sys.exit("report.py: " + "; ".join(failures))


if __name__ == "__main__":
    main()
