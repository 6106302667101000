"""pandas contender: read the santri sheet as strings (`read_excel(engine="openpyxl")` for .xlsx,
`read_csv` for .csv), then vectorised checks of a small rule set and a count of invalid rows.

    python pandas_validate.py FILE OUT.json

Rules (a row is invalid when any fails):
  nik        NIK is 16 ASCII digits
  nik_date   the NIK's embedded date DDMMYY (DD - 40 for women) equals the birth date (only when
             the NIK has 16 digits and the birth date parses)
  name       Nama Lengkap not empty, and no digit in it
  birth_date Tanggal Lahir parses as YYYY-MM-DD and is a calendar date
  sex        L/P is L or P
  mother     Nama Ibu Kandung not empty
"""

import json
import sys
import time

t_import = time.perf_counter()
import pandas as pd  # noqa: E402

COLS = {"NIK": "nik", "Nama Lengkap": "nama", "Tanggal Lahir": "tgl", "L/P": "lp", "Nama Ibu Kandung": "ibu"}


def main():
    path, out = sys.argv[1:3]
    t0 = time.perf_counter()
    if path.lower().endswith(".xlsx"):
        df = pd.read_excel(path, engine="openpyxl", dtype=str, keep_default_na=False)
    else:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    t1 = time.perf_counter()
    missing = [c for c in COLS if c not in df.columns]
    if missing:
        sys.exit(f"pandas_validate.py: columns missing in {path}: {missing}")
    d = df[list(COLS)].rename(columns=COLS).fillna("")
    nik = d["nik"].str.strip()
    nama = d["nama"].str.strip()
    ibu = d["ibu"].str.strip()
    lp = d["lp"].str.strip().str.upper()

    nik_ok = nik.str.fullmatch(r"[0-9]{16}")
    birth = pd.to_datetime(d["tgl"].str.strip(), format="%Y-%m-%d", errors="coerce")
    birth_ok = birth.notna()
    # Embedded date: digits 7-8 day (+40 for women), 9-10 month, 11-12 two-digit year.
    day = pd.to_numeric(nik.str.slice(6, 8), errors="coerce")
    day = day.where(day <= 40, day - 40)
    month = pd.to_numeric(nik.str.slice(8, 10), errors="coerce")
    yy = pd.to_numeric(nik.str.slice(10, 12), errors="coerce")
    date_same = (day == birth.dt.day) & (month == birth.dt.month) & (yy == birth.dt.year % 100)
    nik_date_bad = nik_ok & birth_ok & ~date_same

    fails = {
        "nik": ~nik_ok,
        "nik_date": nik_date_bad,
        "name": (nama == "") | nama.str.contains(r"[0-9]", regex=True),
        "birth_date": ~birth_ok,
        "sex": ~lp.isin(["L", "P"]),
        "mother": ibu == "",
    }
    bad = pd.concat(fails, axis=1).any(axis=1)
    invalid_rows = int(bad.sum())
    t2 = time.perf_counter()
    json.dump(
        {
            "contender": f"pandas {pd.__version__}",
            "rows": len(df),
            "invalid_rows": invalid_rows,
            "per_rule": {k: int(v.sum()) for k, v in fails.items()},
            "read_s": t1 - t0,
            "check_s": t2 - t1,
            "import_s": t0 - t_import,
        },
        open(out, "w"),
        indent=1,
    )


if __name__ == "__main__":
    main()
