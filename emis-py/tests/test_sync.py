"""emis.Client and emis.sync against the simulator (tests/emis-sim) on 127.0.0.1, over real
sockets. The simulator binary is target/debug/emis-sim (built by `cargo build --workspace`;
EMIS_SIM_BIN overrides the path); it is started once per module and killed at the end."""

from __future__ import annotations

import copy
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import emis
from conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
SIM_BIN = Path(os.environ.get("EMIS_SIM_BIN", ROOT / "target" / "debug" / "emis-sim"))


@pytest.fixture(scope="module")
def sim() -> Iterator[dict[str, str]]:
    if not SIM_BIN.exists():
        pytest.fail(f"{SIM_BIN} missing: run `cargo build -p emis-sim` (or set EMIS_SIM_BIN)")
    child = subprocess.Popen(
        [str(SIM_BIN), "serve", "--port", "0", "--seed", "7", "--write-window-ms", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    env: dict[str, str] = {}
    deadline = time.monotonic() + 30
    assert child.stdout is not None
    while time.monotonic() < deadline:
        line = child.stdout.readline().strip()
        if not line or line.startswith("#"):
            break
        k, _, v = line.partition("=")
        env[k] = v
    try:
        assert env.get("EMIS_SIM_URL", "").startswith("http://127.0.0.1:"), env
        yield env
    finally:
        child.kill()
        child.wait(timeout=10)


def client(sim: dict[str, str], **kw: Any) -> emis.Client:
    return emis.Client(
        sim["EMIS_SIM_URL"], email=sim["EMIS_SIM_OPERATOR_EMAIL"], password=sim["EMIS_SIM_OPERATOR_PASSWORD"],
        simpeg_url=sim["EMIS_SIM_PINTAR_URL"], gtk_url=sim["EMIS_SIM_GTK_URL"], timeout=10.0, pacing=False, **kw,
    )


def new_santri(base: dict[str, Any], serial: int, name: str) -> dict[str, Any]:
    """A synthetic santri shaped like a pulled record, with a fresh NIK and no server ids."""
    s = copy.deepcopy(base)
    for k in ("id", "nisn", "local_nis"):
        s.pop(k, None)
    s["nik"] = s["nik"][:12] + f"{serial:04d}"
    s["full_name"] = name
    return s


def test_client_repr_has_no_secret_and_reads(sim: dict[str, str]) -> None:
    c = client(sim)
    r = repr(c)
    assert sim["EMIS_SIM_OPERATOR_PASSWORD"] not in r and "operator" in r
    sn = sim["EMIS_SIM_DEMO_STATISTIC_NUM"]
    assert c.lembaga(sn)["statistic_num"] == sn
    rows = c.santri()
    assert len(rows) > 5 and all("nik" in x for x in rows)
    bad = emis.Client(sim["EMIS_SIM_URL"], email=sim["EMIS_SIM_OPERATOR_EMAIL"], password="salah-sekali", pacing=False)
    with pytest.raises(PermissionError) as e:
        bad.santri()
    assert "salah-sekali" not in str(e.value) and "salah-sekali" not in repr(bad)


def test_no_credentials_is_a_clear_error(sim: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for k in ("EMIS_TOKEN", "EMIS_EMAIL", "EMIS_USER", "EMIS_PASSWORD", "EMIS_PUBLIC_KEY", "EMIS_PRIVATE_KEY"):
        monkeypatch.delenv(k, raising=False)
    with pytest.raises(ValueError, match="no credentials"):
        emis.Client(sim["EMIS_SIM_URL"])
    monkeypatch.setenv("EMIS_TOKEN", "Bearer rahasia.token.x")
    assert "rahasia" not in repr(emis.Client(sim["EMIS_SIM_URL"]))


def test_sync_with_a_tqdm_bar_then_ctrl_c_loses_nothing(sim: dict[str, str], tmp_path: Path) -> None:
    tqdm = pytest.importorskip("tqdm")
    c = client(sim)
    sn = sim["EMIS_SIM_DEMO_STATISTIC_NUM"]
    pulled = c.santri()
    niks = {x["nik"] for x in pulled}
    base = next(x for x in pulled if x.get("nik") and x["nik"][:12] + "9001" not in niks)
    fresh = [new_santri(base, 9001 + i, f"Santri Baru {chr(65 + i)}") for i in range(4)]
    store = tmp_path / "store"

    # Ctrl-C during the pushes: raised, journalled as cancelled, the rest kept for later.
    def interrupt(stage: str, done: int, total: int | None) -> None:
        if stage == "push" and done >= 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        emis.sync(c, sn, store, local=pulled + fresh, today=TODAY, progress=interrupt)
    mid = [x["nik"] for x in c.santri()]
    assert 1 <= sum(s["nik"] in mid for s in fresh) < len(fresh), "stopped between writes"
    j = emis.journal(store)
    assert list(j["result"]) == ["cancelled"]

    with tqdm.tqdm(disable=False, file=open(os.devnull, "w")) as bar:
        res = emis.sync(c, sn, store, today=TODAY, progress=bar)
        assert bar.n >= 0 and bar.desc
    assert list(res.journal["result"])[:2] == ["success", "cancelled"]  # newest first
    assert res.report["pushed"] >= 1
    after = [x["nik"] for x in c.santri()]
    for s in fresh:
        assert after.count(s["nik"]) == 1, "created once, never twice"
    assert res.records is not None and len(res.records) > 0
    assert sim["EMIS_SIM_OPERATOR_PASSWORD"] not in res.journal.to_csv()


def test_python_m_emis_sync_dry_run(sim: dict[str, str], tmp_path: Path) -> None:
    import json
    import sys

    env = dict(os.environ, EMIS_EMAIL=sim["EMIS_SIM_OPERATOR_EMAIL"], EMIS_PASSWORD=sim["EMIS_SIM_OPERATOR_PASSWORD"])
    env.pop("EMIS_TOKEN", None)
    r = subprocess.run(
        [sys.executable, "-m", "emis", "sync", "--server", sim["EMIS_SIM_URL"], "--statistic-num",
         sim["EMIS_SIM_DEMO_STATISTIC_NUM"], "--store", str(tmp_path / "s"), "--dry-run", "--no-pacing",
         "--simpeg-url", sim["EMIS_SIM_PINTAR_URL"], "--gtk-url", sim["EMIS_SIM_GTK_URL"], "--today", "2026-11-30"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["dry_run"] is True and report["pushed"] == 0
    assert sim["EMIS_SIM_OPERATOR_PASSWORD"] not in r.stdout + r.stderr
    bad = dict(env, EMIS_PASSWORD="salah-sekali")
    r = subprocess.run([sys.executable, "-m", "emis", "sync", "--server", sim["EMIS_SIM_URL"], "--statistic-num", "x",
                        "--store", str(tmp_path / "t"), "--no-pacing"], capture_output=True, text=True, timeout=120, env=bad)
    assert r.returncode == 3 and "salah-sekali" not in r.stderr and "Traceback" not in r.stderr
