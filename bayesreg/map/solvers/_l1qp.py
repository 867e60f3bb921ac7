"""Exact minimizer of an L1-penalized quadratic: a monotone active-set method.

Minimizes

    q(w) = 1/2 w'Gw - b'w + l2/2 ||w||^2 + l1 ||w||_1

for a symmetric positive semi-definite ``G = X'X`` and ``b = X'y``, in the
manner of Osborne, Presnell & Turlach (2000) and the feature-sign search of
Lee et al. (2007). An active set ``A`` carries fixed signs ``s``; each step
minimizes the sign-restricted quadratic on ``A``, whose minimizer is
``x = (G_AA + l2 I)^-1 (b_A - l1 s)``:

* if ``x`` keeps every sign, take it; then the zero with the largest
  violation ``|g_j| - l1`` (``g = b - Gw - l2 w``) enters with the sign of
  ``g_j``, or, if none violates by more than ``atol``, ``w`` satisfies the
  KKT conditions and is the minimum;
* if ``x`` flips a sign, move from ``w`` towards ``x`` only to the first sign
  change (``q`` decreases all the way) and drop the coefficient that reached 0;
* if the entering column is linearly dependent on the active ones (possible
  when ``p > n`` or with collinear columns, and only when ``l2 = 0``), move
  along the null direction ``d`` of ``G`` it opens: the fit is constant along
  ``d`` and ``||w||_1`` falls, so go until an active coefficient reaches 0,
  drop it, and let the new one in.

``q`` never increases, so the method stops in finitely many steps, and the
active block stays of full rank: at most ``rank(X)`` non-zeros, as the
minimum-support lasso solutions have.

Only the columns ``G[:, j]`` of active features are used, asked for through a
callable (or, given the design matrix ``X`` itself as :class:`Design`, never
formed: ``G_Aj = X_A'x_j`` and ``G[:, A] x = X'(X_A x)`` cost ``O(n k)`` and
``O(n p)``, fewer flops than ``p``-long columns when ``p > n``); the Cholesky
factor of ``G_AA + l2 I`` is updated as columns enter (a triangular solve) and
leave (``scipy.linalg.qr_delete``), so a step costs O(p k + k^2) for ``k``
active columns.
"""

from __future__ import annotations

import numpy as np
from scipy import linalg

__all__ = ["Design", "GramColumns", "minimize_l1_qp"]

# A column is dependent on the active ones when its squared distance to their
# span (in the metric of G + l2 I) is below this fraction of its squared norm.
_DEPENDENT_RTOL = 1e3 * np.finfo(float).eps
# Columns of G asked for at once when a new one is needed: the largest
# violators, so that one pass over X (design form) serves several entries.
_PREFETCH = 16


class _Factor:
    """Upper Cholesky factor ``R'R = G_AA + l2 I`` of an ordered active set.

    Triangular solves call LAPACK (``dtrtrs``, ``dpotrs``) directly: a step
    is a few small solves, and scipy.linalg's checks would cost more.
    """

    _trtrs, _potrs = linalg.get_lapack_funcs(("trtrs", "potrs"), (np.ones(1),))

    def __init__(self):
        self.R = np.zeros((0, 0), order="F")

    def _tri(self, rhs, trans):
        """``R^-1 rhs`` (trans=0) or ``R^-T rhs`` (trans=1)."""
        if rhs.size == 0:
            return rhs.copy()
        x, info = self._trtrs(self.R, rhs, lower=0, trans=trans)
        if info != 0:
            raise linalg.LinAlgError(f"triangular solve failed (info={info})")
        return x

    def append(self, h, c):
        """Append a column with ``H_Aj = h``, ``H_jj = c``.

        Returns None, or ``z = H_AA^-1 h`` (without appending) when the column
        is dependent on the active ones.
        """
        k = h.size
        r = self._tri(h, trans=1)
        d2 = c - r @ r
        if d2 <= _DEPENDENT_RTOL * max(k, 1) * c:
            return self._tri(r, trans=0)
        R = np.zeros((k + 1, k + 1), order="F")
        R[:k, :k] = self.R
        R[:k, k] = r
        R[k, k] = np.sqrt(d2)
        self.R = R
        return None

    def remove(self, i):
        k = self.R.shape[0]
        _, R = linalg.qr_delete(
            np.eye(k), self.R, i, which="col", overwrite_qr=True, check_finite=False
        )
        self.R = np.asfortranarray(R[: k - 1])

    def solve(self, rhs):
        if rhs.size == 0:
            return rhs.copy()
        x, info = self._potrs(self.R, rhs, lower=0)
        if info != 0:
            raise linalg.LinAlgError(f"Cholesky solve failed (info={info})")
        return x


class _ActiveSet:
    """Active indices in factor order, their stored vectors and the factor.

    The stored vector of ``j`` is its Gram column ``G[:, j]`` (or, in
    :class:`_DesignActiveSet`, the column ``X[:, j]``): :meth:`_entry` says what
    is stored and what ``j`` adds to the factor; the rest is shared.
    """

    def __init__(self, rows, p, l2):
        self.l2 = l2
        self.idx = np.zeros(0, dtype=np.intp)
        self.factor = _Factor()
        self._C = np.empty((rows, min(p, 32)), order="F")  # stored vectors first

    def _entry(self, j, col):
        """``(G[idx, j], G[j, j], vector to store)`` for the Gram column ``col``."""
        return col[self.idx], col[j], col

    def add(self, j, col):
        """Add ``j`` (Gram column ``col``); see :meth:`_Factor.append`."""
        h, c, keep = self._entry(j, col)
        z = self.factor.append(h, c + self.l2)
        if z is not None:
            return z
        k = self.idx.size
        if k == self._C.shape[1]:
            C = np.empty((self._C.shape[0], 2 * k), order="F")
            C[:, :k] = self._C
            self._C = C
        self._C[:, k] = keep
        self.idx = np.append(self.idx, j)
        return None

    def drop(self, i):
        k = self.idx.size
        self.factor.remove(i)
        self._C[:, i : k - 1] = self._C[:, i + 1 : k]
        self.idx = np.delete(self.idx, i)

    def gram_times(self, x):
        """``G[:, idx] @ x``."""
        return self._C[:, : self.idx.size] @ x


class _DesignActiveSet(_ActiveSet):
    """:class:`_ActiveSet` on the columns of ``X`` (``G = X'X`` never formed)."""

    def __init__(self, X, l2):
        super().__init__(X.shape[0], X.shape[1], l2)
        self.X = X

    def _entry(self, j, col=None):
        xj = self.X[:, j]
        return self._C[:, : self.idx.size].T @ xj, xj @ xj, xj

    def gram_times(self, x):
        """``X'(X_A x)``."""
        return self.X.T @ (self._C[:, : self.idx.size] @ x)


class Design:
    """The (centred) design matrix ``X`` in place of Gram columns."""

    def __init__(self, X):
        self.X = X

    def get(self, j, violation):
        return None


class GramColumns:
    """Cache of columns ``G[:, j]``, computed in blocks by ``columns(idx)``.

    The columns do not depend on the penalty: one cache serves a whole path.
    """

    def __init__(self, columns):
        self._columns = columns
        self._cache = {}

    def get(self, j, violation):
        if j not in self._cache:
            order = np.argsort(-violation)[:_PREFETCH]
            idx = [j] + [int(i) for i in order if i != j and i not in self._cache]
            block = self._columns(np.asarray(idx[:_PREFETCH]))
            for pos, i in enumerate(idx[:_PREFETCH]):
                self._cache[i] = block[:, pos]
        return self._cache[j]


def _first_zero(w, d, s):
    """Smallest ``t >= 0`` at which a coefficient of ``w + t d`` reaches zero.

    Only coefficients moving against their sign ``s`` can. Returns ``(t, i)``,
    or ``(inf, -1)`` when none does.
    """
    against = np.flatnonzero(s * d < 0)
    if against.size == 0:
        return np.inf, -1
    t = np.abs(w[against]) / np.abs(d[against])
    i = int(np.argmin(t))
    return float(t[i]), int(against[i])


def minimize_l1_qp(columns, b, l1, l2, w0, atol, max_steps):
    """Minimize ``q`` (module docstring) exactly, starting from ``w0``.

    Parameters
    ----------
    columns : callable, GramColumns or Design
        ``columns(idx)`` returns ``G[:, idx]``, shape (p, len(idx)); or a
        :class:`GramColumns` cache of it to share between calls; or
        :class:`Design` with ``X`` (``G = X'X``).
    b : ndarray of shape (p,)
    l1 : float > 0
    l2 : float >= 0
    w0 : ndarray of shape (p,)
        Start: its non-zeros (largest first, skipping any dependent on those
        before) and their signs form the first active set.
    atol : float
        A zero is optimal when ``|g_j| <= l1 + atol``.
    max_steps : int

    Returns
    -------
    w : ndarray of shape (p,)
    ok : bool
        True when the KKT conditions hold (then ``g_A = l1 s_A`` up to
        rounding and ``|g_j| <= l1 + atol`` for every zero).
    steps : int
    """
    p = b.size
    if isinstance(columns, Design):
        cols, act = columns, _DesignActiveSet(columns.X, l2)
    else:
        cols = columns if isinstance(columns, GramColumns) else GramColumns(columns)
        act = _ActiveSet(p, p, l2)
    w = np.zeros(p)
    signs, size = np.sign(w0), np.abs(w0)
    for j in np.argsort(-size)[: np.count_nonzero(w0)]:
        if act.add(int(j), cols.get(int(j), size)) is None:
            w[j] = w0[j]

    def drop(i):
        w[act.idx[i]] = 0.0
        act.drop(i)

    for step in range(1, max_steps + 1):
        A = act.idx
        s = signs[A]
        x = act.factor.solve(b[A] - l1 * s)
        wA = w[A]
        wrong = np.flatnonzero(s * x <= 0)
        if wrong.size:  # go to the first sign change on the way to x
            num = np.abs(wA[wrong])
            den = num + np.abs(x[wrong])
            ts = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
            i = int(np.argmin(ts))
            w[A] = wA + ts[i] * (x - wA)
            drop(int(wrong[i]))
            continue
        w[A] = x
        g = b - act.gram_times(x) - l2 * w
        over = np.abs(g) - l1
        over[A] = -np.inf
        j = int(np.argmax(over))
        if over[j] <= atol:
            return w, True, step
        signs[j] = np.sign(g[j])
        col = cols.get(j, over)
        while (z := act.add(j, col)) is not None:
            # X_j = X_A z: along d = s_j (e_j - z) the fit is constant and
            # ||w||_1 falls (as |g_j| > l1): move until an active weight is 0
            A = act.idx
            t, i = _first_zero(w[A], -signs[j] * z, signs[A])
            if i < 0:
                return w, False, step
            w[A] -= t * signs[j] * z
            w[j] += t * signs[j]
            drop(i)
    return w, False, max_steps
