"""Columns in the caller's kind: list, pandas (object, int64, float64, str, Int64), polars,
pyarrow, NumPy; numbers read as their digits with an explicit Excel code, never a silent False."""

from __future__ import annotations

import decimal

import pytest

import emis
from conftest import TODAY

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

NIK = "3517011708080001"  # synthetic
BAD = "3517013002080001"  # 30 February


def test_pandas_object_keeps_index_and_name() -> None:
    s = pd.Series([NIK, None, BAD, 3517011708080001], index=["a", "b", "c", "d"], name="nik", dtype=object)
    out = emis.check_niks(s)
    assert isinstance(out, pd.Series) and out.dtype == bool
    assert list(out.index) == ["a", "b", "c", "d"] and out.name == "nik"
    assert out.tolist() == [True, False, False, True]
    frame = emis.check_niks(s, codes=True)
    assert list(frame.columns) == ["valid", "code"] and list(frame.index) == ["a", "b", "c", "d"]
    assert frame["code"].tolist()[:2] == [None, "nik.kosong"]
    assert frame["code"]["c"].startswith("nik.") and frame["code"]["d"] == "excel.angka_dipulihkan"


@pytest.mark.parametrize("dtype", ["int64", "float64", "Int64", "object"])
def test_pandas_numbers_are_read_as_digits(dtype: str) -> None:
    s = pd.Series([3517011708080001, 3517011708080002], dtype=dtype, index=[5, 7])
    out = emis.check_niks(s, codes=True)
    assert out["valid"].tolist() == [True, True]
    assert out["code"].tolist() == ["excel.angka_dipulihkan"] * 2
    assert list(out.index) == [5, 7]


def test_excel_damage_is_explicit() -> None:
    # A double above 2^53 lost digits; a 16-digit number ending in 0 probably lost its last one
    # (Excel keeps 15): both invalid, as the spreadsheet reader says of the same cells.
    s = pd.Series([9.107011708080002e15, 3.51701170808001e15, float("nan")])
    out = emis.check_niks(s, codes=True)
    assert out["valid"].tolist() == [False, False, False]
    assert out["code"].tolist() == ["excel.digit_hilang", "excel.digit_terpotong", "nik.kosong"]
    # An 18-digit NIP: exact as int64, damaged as float64.
    nip = 199001012020121001
    assert emis.check_nips(pd.Series([nip]), today=TODAY).tolist() == [True]
    assert emis.check_nips(pd.Series([float(nip)]), today=TODAY, codes=True)["code"].tolist() == ["excel.digit_hilang"]
    # A NISN that lost its leading zeros gets them back.
    assert emis.check_nisns([81234567], codes=True) == ([True], ["excel.nol_depan_hilang"])


def test_decimal_and_numpy_scalars() -> None:
    vals = [decimal.Decimal(NIK), decimal.Decimal(NIK + ".5"), decimal.Decimal("NaN"), np.int64(int(NIK)), np.float64(float(NIK))]
    valid, codes = emis.check_niks(vals, codes=True)
    assert valid == [True, False, False, True, True]
    assert codes == ["excel.angka_dipulihkan", "excel.digit_hilang", "nik.kosong", "excel.angka_dipulihkan", "excel.angka_dipulihkan"]


def test_unsupported_types_say_so() -> None:
    valid, codes = emis.check_niks([b"3517011708080001", True, [NIK]], codes=True)
    assert valid == [False, False, False]
    assert codes == ["kolom.tipe_tidak_didukung"] * 3


def test_pandas_str_dtype() -> None:
    s = pd.Series([NIK, None, "x"], dtype="str", name="n")
    assert emis.check_niks(s).tolist() == [True, False, False]


def test_polars_in_polars_out() -> None:
    s = pl.Series("nik", [NIK, None, BAD])
    out = emis.check_niks(s)
    assert isinstance(out, pl.Series) and out.dtype == pl.Boolean and out.name == "nik"
    assert out.to_list() == [True, False, False]
    frame = emis.check_niks(pl.Series("n", [int(NIK), None]), codes=True)
    assert isinstance(frame, pl.DataFrame) and frame.columns == ["valid", "code"]
    assert frame["code"].to_list() == ["excel.angka_dipulihkan", "nik.kosong"]


def test_pyarrow_in_pyarrow_out() -> None:
    out = emis.check_niks(pa.array([NIK, None, BAD]))
    assert isinstance(out, pa.BooleanArray) and out.to_pylist() == [True, False, False]
    for arr in (pa.array([NIK, BAD], type=pa.large_string()), pa.array([NIK, BAD], type=pa.string_view()),
                pa.chunked_array([[NIK], [BAD]]), pa.array([NIK, BAD]).dictionary_encode()):
        assert emis.check_niks(arr).to_pylist() == [True, False], arr.type
    rb = emis.check_niks(pa.array([int(NIK), None], type=pa.int64()), codes=True)
    assert isinstance(rb, pa.RecordBatch) and rb.column_names == ["valid", "code"]
    assert rb.column("code").to_pylist() == ["excel.angka_dipulihkan", "nik.kosong"]
    dec = pa.array([decimal.Decimal(NIK)], type=pa.decimal128(20, 2))
    assert emis.check_niks(dec).to_pylist() == [True]


def test_unsupported_arrow_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not supported"):
        emis.check_niks(pa.array([[NIK]]))


def test_other_arrow_producers_get_an_arrow_object() -> None:
    class Producer:
        def __init__(self, arr: object) -> None:
            self.arr = arr

        def __arrow_c_array__(self, requested_schema: object = None) -> object:
            return self.arr.__arrow_c_array__(requested_schema)  # type: ignore[attr-defined]

    out = emis.check_niks(Producer(pa.array([NIK, BAD])))
    assert hasattr(out, "__arrow_c_array__")
    assert pa.array(out).to_pylist() == [True, False]


def test_numpy_arrays() -> None:
    out = emis.check_niks(np.array([int(NIK), 5], dtype=np.int64))
    assert out.dtype == np.bool_ and out.tolist() == [True, False]
    assert emis.check_niks(np.array([NIK, None], dtype=object)).tolist() == [True, False]


def test_same_answers_as_the_single_check() -> None:
    values = [NIK, BAD, "", " 3517011708080001", "35170117080800011"]
    expected = [emis.check_nik(v)["valid"] for v in values]
    assert emis.check_niks(pd.Series(values, dtype=object)).tolist() == expected
    assert emis.check_niks(pl.Series(values)).to_list() == expected
    assert emis.check_niks(pa.array(values)).to_pylist() == expected


def test_docstring_examples() -> None:
    import doctest

    import emis.columns

    result = doctest.testmod(emis.columns)
    assert result.attempted >= 3 and result.failed == 0
