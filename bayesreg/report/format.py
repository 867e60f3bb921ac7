"""Numbers and one-line model descriptions as the report and the CLI print them."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["fmt_num", "model_repr"]


def fmt_num(x, digits=4) -> str:
    """``x`` to ``digits`` significant digits; ``0`` (never ``-0``) when it rounds to 0.

    Positional notation for ``1e-4 <= |x| < 1e6`` (``0.0001235``, ``123500``),
    scientific outside it; ``""`` for NaN or None.
    """
    if x is None:
        return ""
    if isinstance(x, bool | np.bool_):
        return str(bool(x))
    x = float(x)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    r = float(f"{x:.{digits}g}")
    if r == 0:
        return "0"
    if 1e-4 <= abs(r) < 1e6:
        return np.format_float_positional(
            r, precision=digits, unique=False, fractional=False, trim="-"
        )
    return f"{r:.{digits}g}"


#: Parameters always shown by :func:`model_repr`, even at their default.
_ALWAYS_SHOWN = ("alpha", "l1_ratio", "C", "scale", "l1_scale", "l2_scale")


def model_repr(obj, digits=6) -> str:
    """One-line ``Name(param=value, ...)`` of a prior or scikit-learn estimator.

    Floats to ``digits`` significant digits (no float noise such as
    ``0.10000000000000005``), never wrapped over lines; parameters at their
    default are left out, except the penalty ones (``alpha``, ``l1_ratio``,
    ``C``) and a prior's scales.
    """
    import dataclasses
    import inspect

    if hasattr(obj, "get_params"):
        params = obj.get_params(deep=False)
        sig = inspect.signature(type(obj).__init__).parameters
        defaults = {k: v.default for k, v in sig.items()}
    elif dataclasses.is_dataclass(obj):
        params = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        defaults = {f.name: f.default for f in dataclasses.fields(obj)}
    else:
        return " ".join(repr(obj).split())
    args = []
    for key, value in params.items():
        default = defaults.get(key, inspect.Parameter.empty)
        try:
            same = bool(value == default)
        except (TypeError, ValueError):  # e.g. arrays
            same = False
        if same and key not in _ALWAYS_SHOWN:
            continue
        if isinstance(value, float | np.floating) and not isinstance(value, bool):
            text = fmt_num(value, digits)
        elif hasattr(value, "get_params") or dataclasses.is_dataclass(value):
            text = model_repr(value, digits)
        else:
            text = " ".join(repr(value).split())
        args.append(f"{key}={text}")
    return f"{type(obj).__name__}({', '.join(args)})"
