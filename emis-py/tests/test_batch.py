"""Batch checks: one bool per item, same answer as the single check, never an exception for
an item."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator

import pytest

import emis
from conftest import TODAY

KINDS = ["nik", "kk", "nisn", "nip", "nuptk", "nspp", "npsn", "nism"]
BATCH = {kind: getattr(emis, f"check_{kind}s") for kind in KINDS}
SEEDS = {
    "nik": ["3517011708080001", "3273014503100002", "9101011708080001", "3517013002080001"],
    "kk": ["3205011203240003", "0005011203240003"],
    "nisn": ["0081234567", "1251234567"],
    "nip": ["199001012020121001", "199203152019032001", "199005052023211001", "199013012020121001"],
    "nuptk": ["1234567890123456"],
    "nspp": ["510033110106", "311232050001", "510032730145"],
    "npsn": ["20320271"],
    "nism": ["311232050001240007", "311232050001240000"],
}


def mutate(rnd: random.Random, s: str) -> str:
    """A random variation: a digit changed, dropped or added, separators, odd characters."""
    op = rnd.randrange(9)
    i = rnd.randrange(len(s))
    if op == 0:
        return s[:i] + str(rnd.randrange(10)) + s[i + 1 :]
    if op == 1:
        return s[:i] + s[i + 1 :]
    if op == 2:
        return s[:i] + str(rnd.randrange(10)) + s[i:]
    if op == 3:
        return s[:i] + rnd.choice([" ", ".", "-", "\u00a0", "\t"]) + s[i:]
    if op == 4:
        return s[:i] + rnd.choice(["\u00b2", "\u0663", "\uff11", "O", "l", "\u200b", "\ud800", "\U0001f600"]) + s[i + 1 :]
    if op == 5:
        return f" {s} "
    if op == 6:
        return s[:i]
    if op == 7:
        return "".join(rnd.choice("0123456789") for _ in s)
    return s


def generated(kind: str, n: int = 3000, seed: int = 1) -> list[str]:
    rnd = random.Random(f"{kind}-{seed}")
    out = list(SEEDS[kind])
    while len(out) < n:
        s = rnd.choice(SEEDS[kind])
        for _ in range(rnd.randrange(1, 4)):
            s = mutate(rnd, s) or s
        out.append(s)
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_batch_equals_single(kind: str) -> None:
    values = generated(kind)
    expected = [emis.check(kind, v, today=TODAY)["valid"] for v in values]
    assert any(expected) and not all(expected)
    assert BATCH[kind](values, today=TODAY) == expected
    assert emis.check_many(kind, values, today=TODAY) == expected
    assert BATCH[kind](tuple(values), today=TODAY) == expected
    assert BATCH[kind](iter(values), today=TODAY) == expected
    assert BATCH[kind]((v for v in values), today=TODAY) == expected


def test_non_str_non_number_items_are_false() -> None:
    valid = "3517011708080001"

    class MyStr(str):
        pass

    # Numbers are read as the digits they stand for (tests/test_columns.py); other types: False.
    items = [valid, None, 3517011708080001, b"3517011708080001", bytearray(b"1"), 1.5, [valid], {"nik": valid}, MyStr(valid), object(), True]
    assert emis.check_niks(items) == [True, False, True, False, False, False, False, False, True, False, False]
    assert emis.check_many("nik", items) == emis.check_niks(items)


def test_empty_and_result_type() -> None:
    assert emis.check_niks([]) == []
    out = emis.check_niks(["3517011708080001", "x"])
    assert type(out) is list and out[0] is True and out[1] is False


@pytest.mark.parametrize("bad", [5, None, 1.0, object()])
def test_non_iterable_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        emis.check_niks(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["3517011708080001", b"3517011708080001", bytearray(b"35")])
def test_a_single_string_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="not a single str"):
        emis.check_niks(bad)  # type: ignore[arg-type]


def test_iterator_errors_propagate() -> None:
    def broken() -> Iterator[str]:
        yield "3517011708080001"
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        emis.check_niks(broken())


def test_other_iterables() -> None:
    values = {"3517011708080001": 1}
    assert emis.check_niks(values.keys()) == [True]
    assert emis.check_niks(range(3)) == [False, False, False]


def test_nip_date_rules_apply_to_the_batch() -> None:
    # TMT year 2043 is after `today`: invalid in the single check, so in the batch too.
    nip = "199005052043211001"
    assert emis.check_nip(nip, today=TODAY)["codes"] == ["nip.tmt_tidak_valid"]
    assert emis.check_nips([nip], today=TODAY) == [False]
    assert emis.check_nips([nip], today=datetime.date(2043, 1, 1)) == [True]
    assert emis.check_many("nip", [nip]) == [False]  # default: the system date
