"""Predicted means against the data, for labels and counts.

:func:`calibration_table` sorts the rows into bins (of equal width, or of
equal size) by their predicted mean ``E[y | x]`` and gives, per bin, the
mean prediction, the observed mean of ``y`` (for 0/1 labels: the frequency
of ``y = 1``), its standard error and the number of rows;
:func:`plot_calibration` draws it
against the diagonal ``observed = predicted``, with a histogram of the
predictions below. :func:`plot_count_frequencies` compares how often each
value of ``y`` occurs with how often the model expects it,
``sum_i P(y = k | x_i)``.

:func:`predicted_mean` and :func:`value_probabilities` compute those
predictions from a likelihood family (its ``mean`` and
``pointwise_loglik``) for one fit (the MAP) or for posterior draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_choice, check_int
from ._common import MAP_COLOR, POST_COLOR

__all__ = [
    "calibration_table",
    "count_values",
    "plot_calibration",
    "plot_count_frequencies",
    "predicted_mean",
    "value_probabilities",
]

#: Most values of ``y`` drawn by :func:`plot_count_frequencies`.
MAX_VALUES = 40


def _as_rows(y, predicted, owner):
    y = np.asarray(y, dtype=float).ravel()
    pred = np.asarray(predicted, dtype=float).ravel()
    if y.shape != pred.shape or y.size == 0:
        raise ValueError(
            f"{owner}: y and the predictions must be non-empty and of the same "
            f"length; got {y.size} and {pred.size}."
        )
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(pred))):
        raise ValueError(f"{owner}: y and the predictions must be finite.")
    return y, pred


def _is_binary(y) -> bool:
    return bool(np.all((y == 0) | (y == 1)))


def calibration_table(y, predicted, n_bins=10, strategy="uniform") -> pd.DataFrame:
    """Observed vs predicted mean of ``y`` in bins of the predictions.

    ``strategy="uniform"``: ``n_bins`` bins of equal width between the
    smallest and the largest prediction (empty ones left out);
    ``"quantile"``: the rows sorted by prediction and cut into ``n_bins``
    groups of (about) equal size (fewer when there are fewer rows).
    Columns: ``count``, ``predicted`` (mean prediction of the bin),
    ``observed`` (mean of ``y`` in the bin), ``se`` (its standard error,
    ``sd(y) / sqrt(count)`` with ddof=0: the binomial ``sqrt(f (1 - f) /
    count)`` for 0/1 labels), ``lower`` and ``upper`` (the smallest and
    largest prediction of the bin).
    """
    owner = "calibration_table"
    y, pred = _as_rows(y, predicted, owner)
    check_choice(strategy, "strategy", owner, ("uniform", "quantile"))
    n_bins = min(check_int(n_bins, "n_bins", owner), y.size)
    order = np.argsort(pred, kind="stable")
    if strategy == "quantile":
        groups = np.array_split(order, n_bins)
    else:
        edges = np.linspace(pred.min(), pred.max(), n_bins + 1)
        which = np.digitize(pred[order], edges[1:-1], right=True)
        groups = [order[which == k] for k in range(n_bins)]
    rows = []
    for idx in groups:
        if idx.size == 0:
            continue
        yb, pb = y[idx], pred[idx]
        rows.append(
            {
                "count": idx.size,
                "predicted": float(pb.mean()),
                "observed": float(yb.mean()),
                "se": float(yb.std() / np.sqrt(idx.size)),
                "lower": float(pb.min()),
                "upper": float(pb.max()),
            }
        )
    table = pd.DataFrame(rows)
    table.index = pd.RangeIndex(1, len(table) + 1, name="bin")
    return table


def plot_calibration(
    y,
    predicted,
    *,
    n_bins=10,
    strategy="uniform",
    title=None,
    show_rows=None,
    ax=None,
):
    """Calibration plot: observed mean of ``y`` against the mean prediction.

    ``predicted`` is one array of predicted means ``E[y | x_i]`` (for
    logistic regression ``P(y_i = 1)``) or a dict ``{label: array}`` of
    several (e.g. the MAP and the posterior mean), each binned by
    :func:`calibration_table` (``n_bins``, ``strategy``: bins of equal width
    or of equal size): one point per bin at ``(mean predicted, observed
    mean)`` with a ``±2 se`` bar and the number of rows of the bin (for the
    first series) written beside it, and the diagonal ``observed =
    predicted``. Below, the
    histogram of the (first) predictions. With 0/1 labels the axes read
    "frequency of y = 1" and "predicted probability"; when ``y`` takes more
    than two values (counts) the rows themselves are drawn faintly behind
    the bins (``show_rows``, default: then).

    Returns
    -------
    matplotlib.figure.Figure
        The points of series ``label`` are the line labelled ``label``;
        ``fig.calibration_tables`` maps each label to its table.
    """
    import matplotlib.pyplot as plt

    owner = "plot_calibration"
    series = predicted if isinstance(predicted, dict) else {"predicted": predicted}
    if not series:
        raise ValueError(f"{owner}: give at least one array of predictions.")
    data = {k: _as_rows(y, v, owner) for k, v in series.items()}
    yv = next(iter(data.values()))[0]
    binary = _is_binary(yv)
    if show_rows is None:
        show_rows = np.unique(yv).size > 2
    if ax is None:
        fig, (a, h) = plt.subplots(
            2,
            1,
            figsize=(5.6, 6.0),
            sharex=True,
            height_ratios=(3, 1),
            layout="constrained",
        )
    else:
        a, h = list(np.atleast_1d(np.asarray(ax, dtype=object)))
        fig = a.figure
    colors = [MAP_COLOR, POST_COLOR, "tab:orange", "tab:purple"]
    tables = {}
    first = next(iter(data.values()))[1]
    if show_rows:
        a.plot(first, yv, ls="none", marker=".", ms=3, color="0.6", alpha=0.35)
    for k, (label, (yy, pred)) in enumerate(data.items()):
        table = calibration_table(yy, pred, n_bins, strategy)
        tables[label] = table
        color = colors[k % len(colors)]
        obs, bar = table["observed"].to_numpy(), 2 * table["se"].to_numpy()
        low, high = bar, bar
        if binary:  # a frequency stays in [0, 1]
            low, high = np.minimum(bar, obs), np.minimum(bar, 1 - obs)
        a.errorbar(
            table["predicted"],
            obs,
            yerr=[low, high],
            fmt="o-" if len(data) == 1 else "o--",
            ms=5,
            lw=1.2,
            capsize=2,
            color=color,
            label=label,
        )
        if k == 0:
            for _, row in table.iterrows():
                a.annotate(
                    f"{int(row['count'])}",
                    (row["predicted"], row["observed"]),
                    textcoords="offset points",
                    xytext=(5, -10),
                    fontsize="x-small",
                    color="0.35",
                )
    values = np.concatenate([yv, *(p for _, p in data.values())])
    lo, hi = float(values.min()), float(values.max())
    if binary:
        lo, hi = 0.0, 1.0
    a.plot([lo, hi], [lo, hi], color="0.5", lw=1, ls=":", label="observed = predicted")
    a.set_ylabel("observed frequency of y = 1" if binary else "observed mean of y")
    a.legend(fontsize="small", loc="upper left")
    bins = len(next(iter(tables.values())))
    kind = (
        f"{n_bins} bins of equal width"
        if strategy == "uniform"
        else f"{bins} bins of about {yv.size // bins} rows"
    )
    a.set_title(
        title
        or f"calibration: {kind}\n(rows of each bin beside its point; bars: ±2 "
        "standard errors)",
        fontsize="medium",
    )
    h.hist(first, bins=30, color="0.6")
    h.set_ylabel("rows")
    h.set_xlabel(
        "predicted probability P(y = 1 | x)" if binary else "predicted mean E[y | x]"
    )
    fig.calibration_tables = tables
    return fig


def plot_count_frequencies(y, probabilities, values, *, title=None, ax=None):
    """How often each value of ``y`` occurs, and how often the model expects it.

    ``probabilities[i, k]`` is ``P(y_i = values[k] | x_i)`` (from
    :func:`value_probabilities`); the expected frequency of ``values[k]`` is
    its sum over the rows. Bars: observed counts; dots: expected. A model
    that fits the counts has the dots on the bars; dots below the bar at 0
    and in the tail point to zero inflation or overdispersion.

    Returns
    -------
    matplotlib.figure.Figure
        The bars are labelled ``'observed'``, the dots ``'expected'``.
    """
    import matplotlib.pyplot as plt

    owner = "plot_count_frequencies"
    y = np.asarray(y, dtype=float).ravel()
    values = np.asarray(values, dtype=float).ravel()
    probs = np.asarray(probabilities, dtype=float)
    if probs.shape != (y.size, values.size):
        raise ValueError(
            f"{owner}: probabilities must have shape (rows, values) = "
            f"({y.size}, {values.size}); got {probs.shape}."
        )
    observed = np.array([(y == v).sum() for v in values])
    expected = probs.sum(axis=0)
    if ax is None:
        fig, a = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
    else:
        a, fig = ax, ax.figure
    a.bar(values, observed, width=0.8, color="0.75", label="observed")
    a.plot(values, expected, "o-", ms=4, lw=1, color=POST_COLOR, label="expected")
    beyond = y.size - observed.sum()
    a.set_xlabel("value of y")
    a.set_ylabel("rows")
    text = title or "observed vs expected frequency of each value of y"
    if beyond:
        text += f"\n({int(beyond)} rows above {values.max():g} not drawn)"
    a.set_title(text, fontsize="medium")
    a.legend(fontsize="small")
    return fig


# --------------------------------------------------------------------------
# predictions of a likelihood family


def _eta(X, coef, intercept):
    """Linear predictor ``b0 + X w`` for one fit (coef (p,)) or draws (d, p)."""
    X = np.asarray(X, dtype=float)
    eta = np.asarray(coef, dtype=float) @ X.T
    if intercept is not None:
        b0 = np.asarray(intercept, dtype=float)
        eta = eta + (b0[..., None] if b0.ndim else b0)
    return eta


def predicted_mean(likelihood, X, coef, intercept=None):
    """``E[y | x_i]`` per row: ``likelihood.mean(b0 + x_i'w)``.

    ``coef`` of shape (p,) (one fit, e.g. the MAP) or (draws, p) with
    ``intercept`` of shape (draws,): then the posterior mean over the draws,
    ``mean_d E[y | x_i, draw d]``.
    """
    mean = getattr(likelihood, "mean", None)
    if mean is None:
        raise ValueError(
            f"predicted_mean: the likelihood {likelihood!r} has no 'mean' (the "
            "expected response at a linear predictor)."
        )
    mu = mean(_eta(X, coef, intercept))
    return mu if mu.ndim == 1 else mu.mean(axis=0)


def value_probabilities(likelihood, X, coef, intercept, values, sigma=1.0):
    """``(P, values)``: ``P[i, k] = P(y_i = values[k] | x_i)`` of a discrete
    response, from the family's ``pointwise_loglik``.

    ``coef``, ``intercept`` as in :func:`predicted_mean` (draws: averaged
    over them, the posterior predictive probability); ``values`` e.g.
    :func:`count_values` of ``y``.
    """
    values = np.asarray(values, dtype=float).ravel()
    X = np.asarray(X, dtype=float)
    coef = np.asarray(coef, dtype=float)
    b0 = None if intercept is None else np.asarray(intercept, dtype=float)
    probs = np.empty((X.shape[0], values.size))
    for k, v in enumerate(values):
        yk = np.full(X.shape[0], v)
        ll = likelihood.pointwise_loglik(X, yk, coef, b0, sigma)
        p = np.exp(ll)
        probs[:, k] = p if p.ndim == 1 else p.mean(axis=0)
    return probs, values


def count_values(y):
    """The values ``0, 1, ..., max(y)`` of a count response (at most
    :data:`MAX_VALUES` of them)."""
    top = int(np.max(y)) if np.size(y) else 0
    return np.arange(min(top, MAX_VALUES - 1) + 1, dtype=float)
