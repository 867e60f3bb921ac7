"""The ``bayesreg`` command (a first cut: the MAP vs scikit-learn report)."""

from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


def _report(args) -> int:
    from .compare import check_map
    from .datasets import load_diabetes
    from .priors import Gaussian, Laplace

    X, y = load_diabetes()
    sigma = float(args.sigma)
    ok = True
    for prior in (
        Gaussian(scale=args.gaussian_scale),
        Laplace(scale=args.laplace_scale),
    ):
        res = check_map(X, y, prior, sigma=sigma)
        print(f"\n== {prior!r}, sigma={sigma:g} (diabetes, n={len(y)}) ==")
        print(res)
        ok &= res.ok
    return 0 if ok else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bayesreg", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="MAP vs scikit-learn on the diabetes data")
    rep.add_argument("--sigma", type=float, default=1.0)
    rep.add_argument("--gaussian-scale", type=float, default=0.1)
    rep.add_argument("--laplace-scale", type=float, default=0.01)
    rep.set_defaults(func=_report)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
