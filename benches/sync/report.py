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
        "- **Floor** = requests × latency, the cost of making every request one after the other. The engine "
        "sends independent requests together (periods + both lists after the login call; all SIMPEG look-ups), so "
        "a run can come in under this floor; the ratio is reported against it all the same. Requests and bytes "
        "are `SyncReport.requests` and `.bytes` (received / sent, HTTP bodies). \"In requests\" sums the time of "
        "every request, overlapping ones included, so it can exceed the wall time.",
        "",
        "| options | latency | wall (median) | target | in requests (summed) | wall − in requests | requests | bytes received / sent | floor | wall / floor | target | wall / floor, simulator time removed | pushed |",
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
        f"- **Without latency** ({ms(plain['wall_ms'])}): the batch push takes {ms(bt.get('santri_batch', 0))} and "
        f"the roster pull {ms(bt.get('santri_list', 0))} of request time (the simulator shares the 2 cores with the "
        f"engine: it builds and parses {kb(plain['bytes_in'])} of JSON too). The simulator pages over references and "
        "copies only the requested page, and compares keys before parsing a record's status when checking a batch.",
        f"- **With {lat['latency_ms']} ms latency**: {ms(lat['wall_ms'])} against the floor of {ms(lat['floor_ms'])} "
        f"({lat['requests']} requests × {lat['latency_ms']} ms): the requests sent together win back part of what the "
        "server and engine work costs on top of the latency. The last column removes the simulator's own time inside requests: "
        f"{est_ratio:.2f} × the floor.",
        "- **Round trips**: the engine defaults are `per_page` 10,000 (the page size public EMIS clients use, "
        "`docs/api.md`: the roster in one request) and `batch_size` 500 (the 5 % changes in one batch; the "
        "simulator accepts up to 5,000 items per batch, and larger batches cost more to resend when one fails). "
        "A server with a smaller page cap costs one round trip per page.",
        f"- The {lat['requests']} requests: login, lembaga info, then periods + santri list + GTK list together, the "
        "batch, the server sync job (start + status) and the SIMPEG look-ups together. The batch waits for the "
        "reconcile, and the checkpoint for the batch, by design (crash safety).",
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
