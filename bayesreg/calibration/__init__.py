"""Simulation-based calibration (SBC): is a posterior sampler right?

:func:`sbc` draws parameters from the prior and data from the likelihood,
samples the posterior, and tests that the rank of each true value among the
posterior draws is uniform (Talts et al. 2018); :meth:`SBCResult.plot` shows
the ECDF difference of the ranks with simultaneous bands (Säilynoja, Bürkner
& Vehtari 2022).
"""

from .api import sbc
from .result import SBCResult

__all__ = ["SBCResult", "sbc"]
