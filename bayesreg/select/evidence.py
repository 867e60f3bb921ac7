"""select_lambda(method="evidence") (not written yet)."""

from __future__ import annotations

__all__ = ["OPTIONS", "run"]

#: method options and their defaults
OPTIONS: dict = {}


def run(X, y, prior, **kwargs):
    raise NotImplementedError("select_lambda(method='evidence') is not written yet.")
