"""Statements built once and reused, for as long as the case types they name are the same.

Building the ADM tracker's statements (ORM aliases, subqueries, ten joins) took ~15 ms a load,
and a statement object that is reused keeps its cache key for SQLAlchemy's compiled-statement
cache (issue 21). What a statement holds besides its arguments comes from the case types'
registry (`panelapp.domain.case_types`), so the registry's rows are part of the key: a row
added or changed gives new statements.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, ParamSpec, TypeVar

from panelapp.domain import case_types

KEPT = 64  # statements kept per builder: agencies × filters in use

P = ParamSpec("P")
R = TypeVar("R")


def kept_statement(build: Callable[P, R]) -> Callable[P, R]:
    """`build` called once per set of arguments (hashable) and case types' registry."""

    @lru_cache(maxsize=KEPT)
    def built(
        _registry: tuple[case_types.CaseTypeRow, ...], args: tuple[Any, ...], kwargs: tuple[Any, ...]
    ) -> R:
        return build(*args, **dict(kwargs))

    @wraps(build)
    def keep(*args: P.args, **kwargs: P.kwargs) -> R:
        return built(case_types.all_case_types(), args, tuple(sorted(kwargs.items())))

    return keep
