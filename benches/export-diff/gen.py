"""Writes two synthetic santri exports for the diff benchmark, deterministically.

    python3 gen.py N SEED A.csv B.csv TRUTH.json

A has N rows with 10 string columns (nik, nisn, nama, tanggal_lahir, jenis_kelamin, nspp,
kelas, status_mukim, nama_ibu, kode_desa), about 108 bytes per row. B is A minus N/100 rows,
plus N/100 new rows, with N/20 of the kept rows changed in one or two fields (every change
really changes the value), as in the peer survey (peers.md section 3). TRUTH.json gets the
expected counts. Everything is synthetic: random names, NIK-shaped numbers with random
region codes, birth dates and serials; no real person.
"""

import json
import random
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
KELAS = [f"{k}{r}" for k in range(7, 13) for r in "ABCD"]
MUKIM = ["mukim", "non-mukim"]
COLUMNS = [
    "nik", "nisn", "nama", "tanggal_lahir", "jenis_kelamin", "nspp", "kelas", "status_mukim",
    "nama_ibu", "kode_desa",
]


def main():
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    path_a, path_b, path_truth = sys.argv[3:6]
    rng = random.Random(seed)
    kecamatan = [f"{rng.randint(11, 94):02d}{rng.randint(1, 79):02d}{rng.randint(1, 40):02d}" for _ in range(2000)]
    nspp = [f"5100{rng.randint(1101, 9471):04d}{rng.randint(1, 9999):04d}" for _ in range(400)]
    used = set()

    def name():
        if rng.random() < 0.5:
            return f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        return f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(LAST)}"

    def person():
        while True:
            kec = rng.choice(kecamatan)
            year = rng.randint(2006, 2014)
            month = rng.randint(1, 12)
            day = rng.randint(1, 28)
            female = rng.random() < 0.5
            nik = f"{kec}{day + (40 if female else 0):02d}{month:02d}{year % 100:02d}{rng.randint(1, 9999):04d}"
            if nik not in used:
                used.add(nik)
                break
        nama = name()
        return [
            nik,
            f"00{rng.randint(0, 99_999_999):08d}",
            nama,
            f"{year:04d}-{month:02d}-{day:02d}",
            "P" if female else "L",
            rng.choice(nspp),
            rng.choice(KELAS),
            rng.choice(MUKIM),
            f"{rng.choice(MOTHER)} {rng.choice(LAST)}",
            f"{kec}{rng.choice('12')}{rng.randint(1, 30):03d}",
        ]

    rows = [person() for _ in range(n)]
    removed = set(rng.sample(range(n), n // 100))
    kept = [i for i in range(n) if i not in removed]
    changed = set(rng.sample(kept, n // 20))

    def change(row):
        row = list(row)
        for col in rng.sample(range(1, len(COLUMNS)), rng.choice((1, 2))):
            old = row[col]
            while row[col] == old:
                row[col] = person_field(col)
        return row

    def person_field(col):
        if col == 1:
            return f"00{rng.randint(0, 99_999_999):08d}"
        if col == 2:
            return name()
        if col == 3:
            return f"{rng.randint(2006, 2014):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if col == 4:
            return rng.choice("LP")
        if col == 5:
            return rng.choice(nspp)
        if col == 6:
            return rng.choice(KELAS)
        if col == 7:
            return rng.choice(MUKIM)
        if col == 8:
            return f"{rng.choice(MOTHER)} {rng.choice(LAST)}"
        return f"{rng.choice(kecamatan)}{rng.choice('12')}{rng.randint(1, 30):03d}"

    header = ",".join(COLUMNS) + "\n"
    with open(path_a, "w", encoding="utf-8", newline="") as f:
        f.write(header)
        f.writelines(",".join(r) + "\n" for r in rows)
    per_column = {c: 0 for c in COLUMNS[1:]}
    with open(path_b, "w", encoding="utf-8", newline="") as f:
        f.write(header)
        for i in kept:
            r = rows[i]
            if i in changed:
                new = change(r)
                for k, c in enumerate(COLUMNS):
                    if new[k] != r[k]:
                        per_column[c] += 1
                r = new
            f.write(",".join(r) + "\n")
        f.writelines(",".join(person()) + "\n" for _ in range(n // 100))
    truth = {
        "rows_a": n,
        "rows_b": n - len(removed) + n // 100,
        "only_a": len(removed),
        "only_b": n // 100,
        "changed": len(changed),
        "same": len(kept) - len(changed),
        "per_column": per_column,
        "seed": seed,
    }
    with open(path_truth, "w") as f:
        json.dump(truth, f, indent=1)


if __name__ == "__main__":
    main()
