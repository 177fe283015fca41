"""Both back ends offer exactly what the `ResultsStore` protocol promises, with the same
signatures, so nothing above the store layer can call what only one of them has."""

from __future__ import annotations

import inspect

import pytest

from casequiz.store.base import ResultsStore
from casequiz.store.postgres import PgStore

Store = next(c for c in PgStore.__mro__ if c.__module__ == "casequiz.store.db")
"""The SQLite store's class (`casequiz.store.db.Store` is a function standing in for it when
the whole suite runs on PostgreSQL)."""

DUNDERS = ("__enter__", "__exit__")


def promised() -> dict[str, object]:
    members = {
        name: value
        for protocol in reversed(ResultsStore.__mro__)  # its own and AttemptLog's
        if protocol.__module__.startswith("casequiz.")
        for name, value in vars(protocol).items()
        if not name.startswith("_") or name in DUNDERS
    }
    for name in ResultsStore.__annotations__:
        members.setdefault(name, None)
    return members


def public(cls: type) -> set[str]:
    return {
        name
        for name in dir(cls)
        if (not name.startswith("_") or name in DUNDERS) and name not in dir(object)
    } | set(DUNDERS)


@pytest.mark.parametrize("cls", [Store, PgStore])
def test_every_public_method_of_a_back_end_is_in_the_protocol(cls: type) -> None:
    missing = public(cls) - promised().keys()
    assert not missing, f"{cls.__name__} offers what ResultsStore does not promise: {missing}"


@pytest.mark.parametrize("cls", [Store, PgStore])
def test_every_promise_is_kept_with_the_same_signature(cls: type) -> None:
    for name, member in promised().items():
        if member is None:  # an attribute: set by the constructor
            continue
        have = inspect.getattr_static(cls, name)
        if isinstance(member, property):
            assert isinstance(have, property), name
            continue
        wanted = inspect.signature(member)  # type: ignore[arg-type]
        got = inspect.signature(getattr(cls, name))
        assert [(p.name, p.kind, p.default) for p in got.parameters.values()] == [
            (p.name, p.kind, p.default) for p in wanted.parameters.values()
        ], f"{cls.__name__}.{name}{got} is not ResultsStore.{name}{wanted}"


def test_an_open_store_has_the_attributes_the_protocol_names(tmp_path: object) -> None:
    from pathlib import Path

    from casequiz.store.db import Store as open_by_path

    with open_by_path(Path(str(tmp_path)) / "s.db") as store:
        for name in ResultsStore.__annotations__:
            assert hasattr(store, name), name
