"""emis.arrow: RecordBatch in, RecordBatch out (pyarrow, polars, any PyCapsule producer), and
the Dask recipe on a real LocalCluster (two worker processes, closed at the end)."""

from __future__ import annotations

import doctest

import pytest

import emis
import emis.arrow
from conftest import TODAY

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

NIK = "3517011708080001"
BAD = "3517013002080001"


def test_validate_batch_and_table_agree_with_the_dataframe_path() -> None:
    df = pd.DataFrame({"nik": [NIK, BAD, None], "full_name": ["Ahmad Fauzi", "Budi", "Citra"],
                       "birth_date": ["2008-08-17", "2008-08-17", None]})
    expected = emis.validate_santri(df, today=TODAY)
    batch = pa.RecordBatch.from_pandas(df, preserve_index=False)
    for data in (batch, pa.Table.from_batches([batch])):
        out = emis.arrow.validate_santri(data, today=TODAY)
        assert isinstance(out, pa.RecordBatch)
        assert out.schema.names == ["row", "field", "code", "severity", "message", "hint"]
        assert out.column("code").to_pylist() == list(expected["code"])
        assert out.column("row").to_pylist() == list(expected["row"])


def test_polars_and_other_producers_get_an_arrow_batch() -> None:
    df = pl.DataFrame({"nik": [NIK, BAD], "nama_lengkap": ["Ahmad Fauzi", "Budi"]})
    out = emis.arrow.validate_gtk(df, today=TODAY, lang="en")
    assert hasattr(out, "__arrow_c_array__")
    issues = pl.DataFrame(pa.record_batch(out))
    assert 1 in issues.filter(pl.col("field") == "nik")["row"].to_list()


def test_check_a_column_of_a_batch_with_dates_and_numbers() -> None:
    batch = pa.record_batch({"nik": pa.array([int(NIK), None], type=pa.int64()),
                             "tgl": pa.array([13742, None], type=pa.date32())})
    out = emis.arrow.check(batch, "nik", column="nik")
    assert out.to_pylist() == [{"valid": True, "code": "excel.angka_dipulihkan"}, {"valid": False, "code": "nik.kosong"}]
    with pytest.raises(KeyError):
        emis.arrow.check(batch, "nik", column="tidak_ada")
    with pytest.raises(TypeError, match="not supported"):
        emis.arrow.check(batch, "nik")  # a whole batch: a struct, name the column


def test_docstring_examples() -> None:
    r = doctest.testmod(emis.arrow)
    assert r.attempted >= 3 and r.failed == 0


def _issues(part: object) -> object:
    import emis as e

    return e.validate_santri(part, today=TODAY).astype({"row": "int64"})


def test_dask_local_cluster_map_partitions() -> None:
    dd = pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    rows = [{"nik": NIK if i % 3 else BAD, "full_name": f"Santri {i}", "birth_date": "2008-08-17"} for i in range(40)]
    df = pd.DataFrame(rows)
    meta = pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "object") for c in
                         ["row", "field", "code", "severity", "message", "hint"]})
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        ddf = dd.from_pandas(df, npartitions=4)
        got = ddf.map_partitions(_issues, meta=meta).compute()
    want = _issues(df)
    # Rows keep the input's index labels across partitions; roster rules (duplicates) are
    # per partition, so compare the row-level codes only.
    key = lambda f: sorted(zip(f["row"], f["code"]))  # noqa: E731
    row_level = {"nik.ganda", "nisn.ganda"}
    assert key(got[~got["code"].isin(row_level)]) == key(want[~want["code"].isin(row_level)])
    assert (got["code"] == "nik.tanggal_tidak_valid").sum() == 14
