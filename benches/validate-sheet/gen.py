"""Writes one synthetic santri spreadsheet for the validate benchmark, as CSV and as XLSX, with
the same rows, deterministically.

    python gen.py N SEED OUT.csv OUT.xlsx TRUTH.json

Columns (labels an operator types, all in emis's header alias table): NIK, NISN, No. KK,
Nama Lengkap, Tempat Lahir, Tanggal Lahir, L/P, Nama Ibu Kandung, Rombel. About 8 % of the rows
carry exactly one planted defect, spread evenly over six classes: NIK length (15 or 17 digits),
NIK birth date not matching the birth date, empty name, name with a digit, impossible birth date
(30 Feb, month 13, day 32), unknown sex (`X`). TRUTH.json gets the count per class.

In the XLSX (openpyxl write_only) every cell is a string; NIK, NISN and No. KK cells also carry
the Text number format `@`, as an operator who typed them correctly would have them.

NIK and NISN are unique over the sheet (so emis's duplicate rules stay silent on clean rows); the
NISN starts with the last three digits of the birth year. Everything is synthetic: random names from a small list, NIK-shaped numbers with random serials.
The region part of NIK and No. KK is a random *current kecamatan code* taken from emis's own
table (emis-core/src/wilayah/table.rs, public administrative codes, not personal data), so that
emis's region rules do not reject the clean rows; a purely random code would make emis flag
nearly every row and the comparison would say nothing.
"""

import csv
import json
import os
import random
import re
import sys

FIRST = (
    "Ahmad Muhammad Abdul Siti Nur Dewi Rizky Fajar Putri Aisyah Fatimah Umar Ali Hasan Husain "
    "Zainab Khadijah Yusuf Ibrahim Ismail Ilham Hafidz Nabila Salsabila Annisa Rahmat Hidayat "
    "Taufik Syifa Zahra Maulana Bagus Dimas Rina Wulan Indah Lestari Agus Budi Eko Slamet"
).split()
LAST = (
    "Fauzi Hakim Ramadhan Saputra Pratama Hidayat Nugroho Wibowo Santoso Kurniawan Aminah "
    "Rahmawati Maharani Lestari Permata Anggraini Syahputra Firmansyah Hasanah Aziz Zulkarnain "
    "Fadillah Mubarok Rosyid Arifin Ma'ruf Sholeh Baihaqi Munawar Khoiri"
).split()
MOTHER = "Siti Sri Nur Dewi Umi Aminah Fatimah Khotimah Romlah Muslimah Maryam Rohmah Sumiati Suyati".split()
PLACES = (
    "SEMARANG SURABAYA MALANG KEDIRI JOMBANG LAMONGAN TUBAN GRESIK SIDOARJO PASURUAN PROBOLINGGO "
    "JEMBER BANYUWANGI BANDUNG BOGOR GARUT TASIKMALAYA CIREBON KUDUS DEMAK PATI REMBANG SOLO "
    "YOGYAKARTA MAGELANG MEDAN PADANG PALEMBANG MAKASSAR MATARAM"
).split()
ROMBEL = [f"{k}{r}" for k in range(7, 13) for r in "ABCD"]
HEADER = ["NIK", "NISN", "No. KK", "Nama Lengkap", "Tempat Lahir", "Tanggal Lahir", "L/P",
          "Nama Ibu Kandung", "Rombel"]
ID_COLS = (0, 1, 2)
CLASSES = ["nik_length", "nik_date", "empty_name", "name_digit", "bad_date", "bad_sex"]
DEFECT_SHARE = 0.08

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TABLE = os.path.join(ROOT, "emis-core", "src", "wilayah", "table.rs")


def current_kecamatan():
    """Every current kecamatan code PPKKCC in emis's generated table (KEC_MASK rows)."""
    codes = []
    pat = re.compile(r"^\s*\[(0x[0-9a-f]+), 0x[0-9a-f]+\], // (\d{4}) ")
    with open(TABLE, encoding="utf-8") as f:
        for line in f:
            m = pat.match(line)
            if m:
                mask, kk = int(m.group(1), 16), int(m.group(2))
                codes += [f"{kk:04d}{cc:02d}" for cc in range(1, 100) if (mask >> cc) & 1]
    if len(codes) < 1000:
        sys.exit(f"gen.py: only {len(codes)} kecamatan codes read from {TABLE}; has its layout changed?")
    return codes


def main():
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    path_csv, path_xlsx, path_truth = sys.argv[3:6]
    rng = random.Random(seed)
    kecamatan = rng.sample(current_kecamatan(), 2000)
    used = set()

    def name():
        if rng.random() < 0.5:
            return f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        return f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(LAST)}"

    def nik_for(kec, day, month, year, female):
        while True:
            nik = f"{kec}{day + (40 if female else 0):02d}{month:02d}{year % 100:02d}{rng.randint(1, 9999):04d}"
            if nik not in used:
                used.add(nik)
                return nik

    used_nisn = set()

    def nisn_for(year):
        # Unique, as in a real roster: random NISNs collide (about 110 pairs in 100,000 rows) and
        # emis would rightly flag them (`nisn.ganda`), a defect nobody planted.
        while True:
            nisn = f"{year % 1000:03d}{rng.randint(0, 9_999_999):07d}"
            if nisn not in used_nisn:
                used_nisn.add(nisn)
                return nisn

    def person():
        kec = rng.choice(kecamatan)
        year, month, day = rng.randint(2006, 2014), rng.randint(1, 12), rng.randint(1, 28)
        female = rng.random() < 0.5
        return {
            "nik": nik_for(kec, day, month, year, female),
            "nisn": nisn_for(year),
            "kk": f"{rng.choice(kecamatan)}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(5, 24):02d}"
                  f"{rng.randint(1, 9999):04d}",
            "nama": name(),
            "tempat": rng.choice(PLACES),
            "tanggal": f"{year:04d}-{month:02d}-{day:02d}",
            "lp": "P" if female else "L",
            "ibu": f"{rng.choice(MOTHER)} {rng.choice(LAST)}",
            "rombel": rng.choice(ROMBEL),
            "_kec": kec, "_ymd": (year, month, day), "_female": female,
        }

    def plant(p, cls):
        year, month, day = p["_ymd"]
        if cls == "nik_length":
            p["nik"] = p["nik"][:15] if rng.random() < 0.5 else p["nik"] + str(rng.randint(0, 9))
        elif cls == "nik_date":
            while True:
                d2, m2 = rng.randint(1, 28), rng.randint(1, 12)
                if (d2, m2) != (day, month):
                    break
            p["nik"] = nik_for(p["_kec"], d2, m2, year, p["_female"])
        elif cls == "empty_name":
            p["nama"] = ""
        elif cls == "name_digit":
            p["nama"] = p["nama"] + f" {rng.randint(1, 9)}"
        elif cls == "bad_date":
            p["tanggal"] = rng.choice((f"{year:04d}-02-30", f"{year:04d}-13-{day:02d}", f"{year:04d}-{month:02d}-32"))
        elif cls == "bad_sex":
            p["lp"] = "X"

    rows = [person() for _ in range(n)]
    bad = rng.sample(range(n), round(n * DEFECT_SHARE))
    per_class = {c: 0 for c in CLASSES}
    for k, i in enumerate(bad):
        cls = CLASSES[k % len(CLASSES)]
        plant(rows[i], cls)
        per_class[cls] += 1
    keys = ["nik", "nisn", "kk", "nama", "tempat", "tanggal", "lp", "ibu", "rombel"]
    table = [[p[k] for k in keys] for p in rows]

    with open(path_csv, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(table)

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Santri")
    ws.append(HEADER)
    for r in table:
        cells = list(r)
        for c in ID_COLS:
            cell = WriteOnlyCell(ws, value=r[c])
            cell.number_format = "@"
            cells[c] = cell
        ws.append(cells)
    wb.save(path_xlsx)

    with open(path_truth, "w") as f:
        json.dump({"rows": n, "defect_rows": len(bad), "per_class": per_class, "seed": seed,
                   "columns": HEADER}, f, indent=1)


if __name__ == "__main__":
    main()
