"""Scalar parameter checks with scikit-learn style messages.

Every message names the parameter, its owner, the allowed range and the value
given, e.g. ``The 'scale' parameter of Gaussian must be a float in the range
(0.0, inf). Got -1 instead.``
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "InputError",
    "check_bool",
    "check_choice",
    "check_int",
    "check_nonnegative",
    "check_positive",
]


class InputError(ValueError):
    """Bad user input (file, column, value): the command exits with code 2."""


def check_bool(value, name: str, owner: str) -> bool:
    """Return ``value`` as a bool, or raise unless it is a bool or numpy bool.

    Strings (``'no'``), ints and None are refused: ``bool('no')`` is True.
    """
    if not isinstance(value, bool | np.bool_):
        raise TypeError(
            f"The {name!r} parameter of {owner} must be an instance of bool. "
            f"Got {value!r} of type {type(value).__name__} instead."
        )
    return bool(value)


def _as_real(value, name, owner, range_text):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"The {name!r} parameter of {owner} must be a float in the range "
            f"{range_text}. Got {value!r} of type {type(value).__name__} instead."
        )
    return float(value)


def check_positive(value, name: str, owner: str) -> float:
    """Return ``value`` as a float, or raise if it is not finite and > 0."""
    x = _as_real(value, name, owner, "(0.0, inf)")
    if not (math.isfinite(x) and x > 0):
        raise ValueError(
            f"The {name!r} parameter of {owner} must be a float in the range "
            f"(0.0, inf). Got {value!r} instead."
        )
    return x


def check_nonnegative(value, name: str, owner: str) -> float:
    """Return ``value`` as a float, or raise if it is not finite and >= 0."""
    x = _as_real(value, name, owner, "[0.0, inf)")
    if not (math.isfinite(x) and x >= 0):
        raise ValueError(
            f"The {name!r} parameter of {owner} must be a float in the range "
            f"[0.0, inf). Got {value!r} instead."
        )
    return x


def check_int(value, name: str, owner: str, minimum: int = 1) -> int:
    """Return ``value`` as an int, or raise if it is not an integer >= minimum."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"The {name!r} parameter of {owner} must be an int in the range "
            f"[{minimum}, inf). Got {value!r} of type {type(value).__name__} instead."
        )
    if value < minimum:
        raise ValueError(
            f"The {name!r} parameter of {owner} must be an int in the range "
            f"[{minimum}, inf). Got {value!r} instead."
        )
    return int(value)


def check_choice(value, name: str, owner: str, choices) -> str:
    """Return ``value`` if it is one of ``choices``, else raise naming them all."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(
            f"The {name!r} parameter of {owner} must be one of {options}. "
            f"Got {value!r} instead."
        )
    return value
