"""Exact minimizer of an L1-penalized quadratic: a monotone active-set method.

Minimizes

    q(w) = 1/2 w'Gw - b'w + l2/2 ||w||^2 + l1 ||w||_1

for a symmetric positive semi-definite ``G = X'X`` and ``b = X'y``, in the
manner of Osborne, Presnell & Turlach (2000) and the feature-sign search of
Lee et al. (2007). An active set ``A`` carries fixed signs ``s``; each step
minimizes the sign-restricted quadratic on ``A``, whose minimizer is
``x = (G_AA + l2 I)^-1 (b_A - l1 s)``:

* if ``x`` keeps every sign, take it; then the zeros violating ``|g_j| <= l1``
  (``g = b - Gw - l2 w``) by more than ``atol`` enter with the signs of their
  ``g_j``, the largest violations first (a batch, below), or, if there are
  none, ``w`` satisfies the KKT conditions and is the minimum;
* if ``x`` flips a sign, move from ``w`` towards ``x`` only to the first sign
  change (``q`` decreases all the way) and drop the coefficient that reached 0;
* if the entering column is linearly dependent on the active ones (possible
  when ``p > n`` or with collinear columns, and only when ``l2 = 0``), move
  along the null direction ``d`` of ``G`` it opens: the fit is constant along
  ``d`` and ``||w||_1`` falls, so go until an active coefficient reaches 0,
  drop it, and let the new one in.

Batches. One violator entering alone always moves (its coordinate of ``x``
has the sign of ``g_j``); several may not: a newcomer whose coordinate of
``x`` has the wrong sign would stop the step at once. Then the batch is cut
just before that newcomer (its first member, the largest violator, always
stays) and the system solved again, which costs one ``O(k^2)`` solve and
no pass over ``X``; ``q`` never increases, and the method ends at the same
minimum. The first batch has 4 violators; a batch doubles after it entered
whole (to ``_BATCH = 8``) and shrinks to what stayed after a cut: on
100x1000 at 1% of the all-zero penalty 81 steps (76 entries, 81 passes over
``X``) became 28 (14 passes), on diabetes 11 became 5; over 15 problems
(442x10 to 50x2000, at 10%, 1% and 0.1%) 1139 became 535, and a first batch
of 1 or 2, or halving the batch after a drop, took more.

``q`` never increases, so the method stops in finitely many steps, and the
active block stays of full rank: at most ``rank(X)`` non-zeros.

Only the columns ``G[:, j]`` of active features are used, asked for through a
callable (or, given the design matrix ``X`` itself as :class:`Design`, never
formed: ``G_Aj = X_A'x_j`` and ``G[:, A] x = X'(X_A x)`` cost ``O(n k)`` and
``O(n p)``, fewer flops than ``p``-long columns when ``p > n``); the Cholesky
factor of ``G_AA + l2 I`` is updated as columns enter (a triangular solve
each; for a batch, the Cholesky factor of their Schur complement) and leave
(``scipy.linalg.qr_delete``), so a step costs O(p k + k^2) for ``k`` active
columns.
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
# Most violators entering in one batch (the first batch: half as many).
_BATCH = 8
# qr_delete without scipy >= 1.16's batch wrapper (30 columns: 13 -> 4 us)
_qr_delete = getattr(linalg.qr_delete, "__wrapped__", linalg.qr_delete)


class _Factor:
    """Upper Cholesky factor ``R'R = G_AA + l2 I`` of an ordered active set.

    LAPACK (``dtrtrs``, ``dpotrs``, ``dpotrf``) is called directly: a step is
    a few small solves, and scipy.linalg's checks would cost more. Solves take
    one right-hand side at a time: OpenBLAS runs ``dtrtrs`` with several on
    its threads however small, and scipy's thread pool then fights numpy's
    (:mod:`bayesreg._threads`): a 6x3 solve took 8 ms instead of 2 us.
    """

    _trtrs, _potrs, _potrf = linalg.get_lapack_funcs(
        ("trtrs", "potrs", "potrf"), (np.ones(1),)
    )

    def __init__(self):
        self.R = np.zeros((0, 0), order="F")

    def append(self, H_AB, H_BB):
        """Append the columns ``B`` (``H_AB = H[A, B]``, ``H_BB = H[B, B]``)
        in order, up to the first one dependent on those before it.

        Returns how many were appended.
        """
        k, m = H_AB.shape
        r = np.empty((k, m), order="F")  # R^-T H_AB
        for q in range(m if k else 0):
            r[:, q], info = self._trtrs(self.R, H_AB[:, q], lower=0, trans=1)
            if info != 0:
                raise linalg.LinAlgError(f"triangular solve failed (info={info})")
        if m == 1:  # one column: no factorization (~8 numpy calls, not ~20)
            c = H_BB[0, 0]
            d2 = c - r[:, 0] @ r[:, 0]
            if d2 <= _DEPENDENT_RTOL * max(k, 1) * c:
                return 0
            U = np.sqrt(d2)
        else:
            # Cholesky factor of the Schur complement: U[q, q]^2 is the squared
            # distance of column q to the span of the active ones and those
            # before it
            U, info = self._potrf(H_BB - r.T @ r if k else H_BB, lower=0)
            ok = m if info == 0 else info - 1
            limit = _DEPENDENT_RTOL * np.maximum(np.arange(k, k + ok), 1)
            small = np.diagonal(U)[:ok] ** 2 <= limit * np.diagonal(H_BB)[:ok]
            if ok < m or small.any():
                m = int(np.argmax(small)) if small.any() else ok
                if m == 0:
                    return 0
                r = r[:, :m]
                U, _ = self._potrf(H_BB[:m, :m] - r.T @ r, lower=0)
        R = np.zeros((k + m, k + m), order="F")
        R[:k, :k] = self.R
        R[:k, k:] = r
        R[k:, k:] = U
        self.R = R
        return m

    def truncate(self, k):
        """Keep the first ``k`` columns (their factor is the leading block)."""
        self.R = np.asfortranarray(self.R[:k, :k])

    def remove(self, i):
        """Remove column ``i`` (Givens rotations, ``scipy.linalg.qr_delete``:
        at 70 columns 13-21 us; LAPACK's QR of the trailing block 16-54 us)."""
        k = self.R.shape[0]
        if i == k - 1:
            self.truncate(i)
            return
        _, R = _qr_delete(
            np.eye(k), self.R, i, which="col", overwrite_qr=True, check_finite=False
        )
        self.R = np.asfortranarray(R[: k - 1])

    def solve(self, rhs):
        """``(R'R)^-1 rhs``."""
        if rhs.size == 0:
            return rhs.copy()
        x, info = self._potrs(self.R, rhs, lower=0)
        if info != 0:
            raise linalg.LinAlgError(f"Cholesky solve failed (info={info})")
        return x


class _ActiveSet:
    """Active indices in factor order, their stored vectors and the factor.

    The stored vector of ``j`` is its Gram column ``G[:, j]`` (or, in
    :class:`_DesignActiveSet`, the column ``X[:, j]``): :meth:`_entries` says
    what is stored and what ``js`` add to the factor; the rest is shared.
    Indices and vectors live in buffers that grow by doubling (``idx`` is a
    view), so entering and leaving seldom allocate.
    """

    def __init__(self, rows, p, l2):
        self.l2 = l2
        self.k = 0
        self.factor = _Factor()
        cap = min(p, 32)
        self._idx = np.empty(cap, dtype=np.intp)
        self._C = np.empty((rows, cap), order="F")  # stored vectors first

    @property
    def idx(self):
        return self._idx[: self.k]

    def _entries(self, js, cols):
        """``(G[idx, js], G[js, js], vectors to store)`` for ``cols = G[:, js]``."""
        return cols[self.idx], cols[js], cols

    def add(self, js, cols=None):
        """Add ``js`` in order (Gram columns ``cols``), up to the first one
        dependent on those before it. Returns ``(how many, z)``: ``z =
        H_AA^-1 H_Aj`` when none was added (``js[0]`` is dependent), else None.
        """
        H_AB, H_BB, V = self._entries(js, cols)
        if self.l2:
            H_BB = H_BB + self.l2 * np.eye(len(js))
        m = self.factor.append(H_AB, H_BB)
        if m == 0:
            return 0, self.factor.solve(H_AB[:, 0])
        k = self.k
        if k + m > self._idx.size:
            cap = max(2 * self._idx.size, k + m)
            idx = np.empty(cap, dtype=np.intp)
            idx[:k] = self._idx[:k]
            C = np.empty((self._C.shape[0], cap), order="F")
            C[:, :k] = self._C[:, :k]
            self._idx, self._C = idx, C
        self._C[:, k : k + m] = V[:, :m]
        self._idx[k : k + m] = js[:m]
        self.k = k + m
        return m, None

    def drop(self, i):
        """Remove the ``i``-th active index."""
        k = self.k
        self.factor.remove(i)
        self._C[:, i : k - 1] = self._C[:, i + 1 : k]
        self._idx[i : k - 1] = self._idx[i + 1 : k]
        self.k = k - 1

    def truncate(self, k):
        """Keep the first ``k`` active indices."""
        self.factor.truncate(k)
        self.k = k

    def gram_times(self, x):
        """``G[:, idx] @ x``."""
        return self._C[:, : self.k] @ x


class _DesignActiveSet(_ActiveSet):
    """:class:`_ActiveSet` on the columns of ``X`` (``G = X'X`` never formed)."""

    def __init__(self, X, l2):
        super().__init__(X.shape[0], X.shape[1], l2)
        self.X = X

    def _entries(self, js, cols=None):
        XB = self.X[:, js]
        return self._C[:, : self.k].T @ XB, XB.T @ XB, XB

    def gram_times(self, x):
        """``X'(X_A x)``."""
        return self.X.T @ (self._C[:, : self.k] @ x)


class Design:
    """The (centred) design matrix ``X`` in place of Gram columns."""

    def __init__(self, X):
        self.X = X

    def block(self, js, violation):  # the active set reads X[:, js] itself
        return None


class GramColumns:
    """Cache of columns ``G[:, j]``, computed in blocks by ``columns(idx)``.

    The columns do not depend on the penalty: one cache serves a whole path.
    """

    def __init__(self, columns):
        self._columns = columns
        self._cache = {}

    def block(self, js, violation):
        """``G[:, js]``; missing columns are computed together with those of
        the largest ``violation`` (``_PREFETCH`` in all)."""
        cache = self._cache
        js = js.tolist()
        missing = [j for j in js if j not in cache]
        if missing:
            order = np.argsort(-violation)[: _PREFETCH + len(missing)].tolist()
            more = [i for i in order if i not in cache and i not in missing]
            idx = missing + more[: max(_PREFETCH - len(missing), 0)]
            cols = self._columns(np.asarray(idx))
            for pos, i in enumerate(idx):
                cache[i] = cols[:, pos]
        if len(js) == 1:
            return cache[js[0]][:, None]
        return np.column_stack([cache[j] for j in js])


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


def _largest(over, bound, count):
    """Up to ``count`` indices with ``over > bound``, largest first (ties:
    smallest index first, as ``argmax``)."""
    cand = np.flatnonzero(over > bound)
    if cand.size > count:
        cand = np.sort(cand[np.argpartition(over[cand], -count)[-count:]])
    return cand[np.argsort(-over[cand], kind="stable")]


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
        Cap on the steps (solves of the system on the active set).

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
    rhs = b - l1 * signs  # b_j - l1 s_j: the right-hand side for j in A
    start = np.argsort(-size, kind="stable")[: np.count_nonzero(w0)]
    while start.size:  # skip a dependent one, add the rest
        m, _ = act.add(start, cols.block(start, size))
        w[start[:m]] = w0[start[:m]]
        start = start[m + 1 :]

    # fresh: factor position of the newest batch while its members are at 0
    # (else -1); batch: how many violators enter next
    fresh, batch, bound = -1, _BATCH // 2, l1 + atol
    for step in range(1, max_steps + 1):
        A = act.idx
        x = act.factor.solve(rhs[A])
        sx = signs[A] * x
        if act.k and sx.min() <= 0:
            wrong = np.flatnonzero(sx <= 0)
            if fresh >= 0 and wrong[-1] >= fresh and act.k - fresh > 1:
                # a newcomer would stop the step at once: cut the batch before
                # the first such one, keeping at least the largest violator
                keep = max(int(wrong[np.searchsorted(wrong, fresh)]), fresh + 1)
                act.truncate(keep)
                batch = keep - fresh
                continue
            # go to the first sign change on the way to x
            wA = w[A]
            num = np.abs(wA[wrong])
            den = num + np.abs(x[wrong])
            ts = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
            i = int(np.argmin(ts))
            t, i = ts[i], int(wrong[i])
            w[A] = wA + t * (x - wA)
            w[A[i]] = 0.0
            fresh = fresh - 1 if t == 0 and 0 <= i < fresh else -1
            act.drop(i)
            continue
        w[A] = x
        g = b - act.gram_times(x)
        if l2:
            g -= l2 * w
        over = np.abs(g)
        over[A] = 0.0
        js = over.argmax(keepdims=True)
        if over[js[0]] <= bound:
            return w, True, step
        if batch > 1:
            js = _largest(over, bound, batch)
        signs[js] = np.sign(g[js])
        rhs[js] = b[js] - l1 * signs[js]
        fresh = act.k
        m, z = act.add(js, cols.block(js, over))
        batch = min(2 * batch, _BATCH)
        if m:
            continue
        j, fresh = int(js[0]), -1
        while z is not None:
            # X_j = X_A z: along d = s_j (e_j - z) the fit is constant and
            # ||w||_1 falls (as |g_j| > l1): move until an active weight is 0
            A = act.idx
            t, i = _first_zero(w[A], -signs[j] * z, signs[A])
            if i < 0:
                return w, False, step
            w[A] -= t * signs[j] * z
            w[j] += t * signs[j]
            w[A[i]] = 0.0
            act.drop(i)
            _, z = act.add(js[:1], cols.block(js[:1], over))
    return w, False, max_steps
