"""Shared helpers for the plotting modules (figures and axes handling)."""

from __future__ import annotations

import numpy as np

__all__ = ["axes_for", "prior_family"]


def axes_for(ax, n_panels: int, owner: str, *, figsize=None, sharey=False):
    """Return ``(fig, list_of_axes)``: new axes, or the ``ax`` given.

    ``ax`` may be None (a new figure with ``n_panels`` side by side), one Axes
    (only when ``n_panels == 1``) or a sequence of ``n_panels`` Axes.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        if figsize is None:
            figsize = (4.6 * n_panels, 3.8)
        fig, axes = plt.subplots(
            1, n_panels, figsize=figsize, sharey=sharey, layout="constrained"
        )
        return fig, list(np.atleast_1d(axes))
    axes = list(np.atleast_1d(np.asarray(ax, dtype=object)))
    if len(axes) != n_panels:
        raise ValueError(
            f"The 'ax' parameter of {owner} must be None or {n_panels} matplotlib "
            f"Axes (one per panel). Got {len(axes)} instead."
        )
    return axes[0].figure, axes


def prior_family(prior, owner: str):
    """Prior class for ``prior`` given as a name ('laplace', 'gaussian') or class."""
    from ..priors import Gaussian, Laplace, Prior

    names = {"laplace": Laplace, "gaussian": Gaussian}
    if isinstance(prior, str):
        if prior.lower() not in names:
            raise ValueError(
                f"The 'prior' parameter of {owner} must be one of 'laplace', "
                f"'gaussian' or a Prior class with from_penalty. Got {prior!r} "
                "instead."
            )
        return names[prior.lower()]
    if isinstance(prior, type) and issubclass(prior, Prior):
        return prior
    raise TypeError(
        f"The 'prior' parameter of {owner} must be one of 'laplace', 'gaussian' "
        f"or a Prior class with from_penalty. Got {prior!r} instead."
    )
