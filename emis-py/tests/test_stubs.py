"""The hand-written stubs match the extension (a cheap drift guard; CI may also run
``python -m mypy.stubtest emis --allowlist emis-py/stubtest-allowlist.txt``)."""

from __future__ import annotations

import ast
import doctest
import inspect
import typing
from pathlib import Path

import emis
import emis._emis as ext
from emis.types import IdKindName

STUB = Path(emis.__file__).with_name("_emis.pyi")


def stub_functions() -> dict[str, ast.FunctionDef]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}


def test_stub_and_runtime_have_the_same_functions() -> None:
    runtime = {n for n in dir(ext) if callable(getattr(ext, n)) and not n.startswith("_") and not isinstance(getattr(ext, n), type)}
    assert set(stub_functions()) == runtime
    public = {n for n in ext.__all__ if not n.startswith("_") or n == "__version__"}
    assert public == runtime | {"__version__", "Client"}
    assert set(emis.__all__) >= runtime | {"__version__", "Client", "EmisError", "EmisValidationError", "check_column"}


def test_stub_signatures_match() -> None:
    for name, fn in stub_functions().items():
        sig = inspect.signature(getattr(ext, name))
        positional = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        keyword = [a.arg for a in fn.args.kwonlyargs]
        got_positional = [
            p.name for p in sig.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        got_keyword = [p.name for p in sig.parameters.values() if p.kind == p.KEYWORD_ONLY]
        assert (positional, keyword) == (got_positional, got_keyword), name
        defaults = {p.name: p.default for p in sig.parameters.values() if p.default is not p.empty}
        assert set(defaults) == set(keyword), name


def test_docstring_examples() -> None:
    assert doctest.testmod(emis).failed == 0
    assert ext.check_niks.__doc__ and "False" in ext.check_niks.__doc__


def catalogue_kinds() -> list[str]:
    """The identifier kinds of the rule catalogue: each has its `<kind>.kosong` code."""
    return [r["code"].split(".")[0] for r in emis.rules() if r["scope"] == "identifier" and r["code"].endswith(".kosong")]


def test_every_kind_has_its_functions_and_its_name() -> None:
    kinds = catalogue_kinds()
    assert len(kinds) >= 8
    assert set(typing.get_args(IdKindName)) == set(kinds)
    for kind in kinds:
        assert emis.check(kind, "")["kind"] == kind
        # `check_<prefix>` (an alias where the short name differs: check_nomor_statistik).
        for name in (f"check_{kind}", f"check_{kind}s", f"parse_{kind}"):
            assert callable(getattr(emis, name)), name
    single = {n for n in emis.__all__ if n.startswith("parse_")}
    assert len({getattr(emis, n) for n in single}) == len(kinds)
