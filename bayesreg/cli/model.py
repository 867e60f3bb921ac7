"""Options, noise scale, prior and sampler of the subcommands.

The prior families and their extra options come from
:data:`bayesreg.priors.REGISTRY`, the samplers from
:data:`bayesreg.posterior.samplers.REGISTRY` and the likelihoods from
:data:`bayesreg.likelihoods.LIKELIHOODS`: nothing here names a family or
a sampler. A prior is built by ``REGISTRY[name].from_options(scale=, lam=,
sigma=, relative=, **extra)``, ``extra`` holding every family option of
``cli_options`` (None when not given); a family refuses the options it does
not declare. A likelihood is ``LIKELIHOODS[name](**params)``, ``params`` the
``--likelihood-PARAM`` options given (its constructor's parameters); what
the commands do with it follows what the family declares: ``has_scale``
(without a noise scale sigma is 1 and ``--sigma`` is refused) and its
``capabilities()`` (``"quadratic"``: the Gaussian, which alone can be fitted
from sufficient statistics and sampled in closed form).
"""

from __future__ import annotations

import math

from .._validation import InputError
from .outputs import say, std

__all__ = [
    "SIGMA_PRIORS",
    "check_likelihood",
    "check_options",
    "check_sampler",
    "check_target",
    "families_with",
    "family_options",
    "likelihood_options",
    "make_likelihood",
    "make_prior",
    "make_sigma",
    "methods",
    "model",
    "noise_scale",
    "sampler_name",
    "sampling",
    "target_sd",
    "varies_penalty",
]

#: Choices of --sigma-prior (the priors of bayesreg.noise, by their keyword).
SIGMA_PRIORS = ("halfnormal", "halfcauchy", "jeffreys")


def _priors():
    from ..priors import REGISTRY

    return REGISTRY


def _samplers():
    from ..posterior.samplers import REGISTRY

    return REGISTRY


def _likelihoods():
    from ..likelihoods import LIKELIHOODS

    return LIKELIHOODS


def likelihood_options() -> dict:
    """``{parameter: {likelihood name: default}}``: the parameters of the
    likelihood families' constructors (``df`` of student_t), each an option
    ``--likelihood-PARAM``."""
    import inspect

    options = {}
    for name, cls in _likelihoods().items():
        for key, par in inspect.signature(cls).parameters.items():
            if par.kind in (par.VAR_POSITIONAL, par.VAR_KEYWORD):
                continue
            default = None if par.default is par.empty else par.default
            options.setdefault(key, {})[name] = default
    return options


def make_likelihood(args):
    """The likelihood family of ``--likelihood`` with its ``--likelihood-PARAM``
    options; an option of another family is refused, naming the families it
    belongs to."""
    name = getattr(args, "likelihood", None) or "gaussian"
    params = {}
    for key, defaults in likelihood_options().items():
        value = getattr(args, f"likelihood_{key}", None)
        if value is None:
            continue
        if name not in defaults:
            raise InputError(
                f"{_option('likelihood_' + key)} is a parameter of --likelihood "
                f"{_or(defaults)}, not of --likelihood {name}."
            )
        params[key] = value
    try:
        return _likelihoods()[name](**params)
    except (TypeError, ValueError) as err:
        raise InputError(f"--likelihood {name}: {err}") from err


def check_likelihood(args, family, *, chunked=False):
    """Options that do not go with the likelihood, before any work.

    A family without a noise scale refuses ``--sigma`` and ``--sigma-prior``
    (sigma is 1 in its penalties); one that is not quadratic (the Gaussian's
    capability) cannot be fitted from sufficient statistics (``chunked``:
    ``fit`` reads several files, or in chunks); the sampler of ``--method``
    must accept the family (its ``likelihood_requires``: the closed-form
    draws need the Gaussian).
    """
    name = args.likelihood
    if not family.has_scale:
        for option in ("sigma", "sigma_prior"):
            value = getattr(args, option, None)
            if value is not None:
                raise InputError(
                    f"{_option(option)} sets the noise scale; --likelihood {name} "
                    f"({family!r}) has none: sigma is 1 in its penalties. Leave "
                    f"{_option(option)} out."
                )
    if chunked and "quadratic" not in family.capabilities():
        raise InputError(
            f"--likelihood {name} needs the rows in memory: several files, "
            "--chunksize or --dask-scheduler give only sufficient statistics (n, "
            "means, X'X, X'y, y'y), which describe the Gaussian likelihood alone. "
            "Give one file."
        )
    chosen = sampler_name(args)
    if chosen is not None and not _samplers()[chosen].accepts_likelihood(family):
        who = f"--method {args.method}"
        if getattr(args, "sampler", None) is not None:
            who = f"--sampler {chosen}"
        sampler = _samplers()[chosen]
        fits = [
            k for k, cls in _likelihoods().items() if sampler.accepts_likelihood(cls())
        ]
        free = dict.fromkeys(
            s.method for s in _samplers().values() if s.accepts_likelihood(family)
        )
        raise InputError(
            f"{who} needs a likelihood with "
            f"{' and '.join(sorted(sampler.likelihood_requires))} ({_or(fits)}); "
            f"--likelihood {name} ({family!r}) lacks it: use "
            f"{_or(f'--method {m}' for m in free)}."
        )


def check_target(family, X, y, source):
    """The target must suit the likelihood (0/1 for logistic, counts for
    Poisson): the family's own check, as an InputError naming the column."""
    try:
        family.bind(X, y, owner=f"target column '{y.name}' of {source}")
    except ValueError as err:
        raise InputError(str(err)) from err


def family_options() -> dict:
    """``{keyword: help}`` of every family option in the prior registry."""
    options = {}
    for cls in _priors().values():
        for key, text in cls.cli_options.items():
            options[key] = f"{options[key]}; {text}" if key in options else text
    return options


def methods() -> tuple:
    """Choices of ``--method``: ``map`` and the methods of the samplers."""
    found = dict.fromkeys(s.method for s in _samplers().values())
    return ("map", *found)


def families_with(capabilities) -> list:
    """Registered families whose every instance has ``capabilities``."""
    need = set(capabilities)
    return [k for k, cls in _priors().items() if need <= cls.family_capabilities]


def varies_penalty(cls) -> bool:
    """Whether a family has a penalty to vary along a path: it has
    ``from_penalty`` and its own ``lam_range`` (the base class's refuses)."""
    from ..priors import Prior

    own = cls.lam_range.__func__ is not Prior.lam_range.__func__
    return own and hasattr(cls, "from_penalty")


def _or(names) -> str:
    names = list(names)
    return " or ".join(names) if len(names) < 3 else ", ".join(names)


def _positive(value, option):
    if value is None:
        return None
    if not (math.isfinite(value) and value > 0):
        raise InputError(f"{option} must be a number in (0, inf); got {value:g}.")
    return value


def _option(keyword) -> str:
    return "--" + keyword.replace("_", "-")


def check_options(args):
    """Check every numeric option before any work; messages name the option."""
    ratio = getattr(args, "l1_ratio", None)
    if ratio is not None and not 0 < ratio < 1:
        raise InputError(
            f"--l1-ratio must be a number in (0, 1) (use --prior laplace or gaussian "
            f"for the end points); got {ratio:g}."
        )
    numbers = ("scale", "lam", "sigma", "sigma_prior_scale", "rtol", "lam_min")
    numbers += ("lam_max", "gaussian_scale", "laplace_scale", *family_options())
    numbers += tuple(f"likelihood_{key}" for key in likelihood_options())
    for option in numbers:  # every family option is a positive number
        _positive(getattr(args, option, None), _option(option))
    minimum = {"draws": 1, "chains": 1, "tune": 1, "n_lams": 2, "n_bayes_lams": 1}
    for name, low in minimum.items():
        value = getattr(args, name, None)
        hint = ""
        if name == "tune" and value is not None and value < 1:
            low, hint = _tune_minimum(args)
        if value is not None and value < low:
            raise InputError(
                f"{_option(name)} must be an integer >= {low}{hint}; got {value}."
            )
    seed = getattr(args, "seed", None)
    if seed is not None and seed < 0:
        raise InputError(f"--seed must be an integer >= 0; got {seed}.")
    if getattr(args, "sigma_prior", None) is not None:
        if args.sigma is not None:
            raise InputError(
                f"--sigma fixes the noise scale, --sigma-prior {args.sigma_prior} "
                "makes it unknown: give one of them."
            )
        if args.method == "map":
            drawn = _or(methods()[1:])
            raise InputError(
                f"--sigma-prior needs --method {drawn} (the MAP fixes sigma)."
            )
    sampler_name(args)


def _tune_minimum(args):
    """``(lowest --tune, hint)``: 0 with a sampler of independent draws."""
    samplers = _samplers()
    free = dict.fromkeys(s.method for s in samplers.values() if s.iid)
    hint = f" (0 only with {_or(f'--method {m}' for m in free)}, which has no warm-up)"
    name = sampler_name(args)
    return (0 if name is not None and samplers[name].iid else 1), hint


def sampler_name(args):
    """The registered sampler of ``--method`` (and ``--sampler``); None for map."""
    method, chosen = getattr(args, "method", None), getattr(args, "sampler", None)
    if method in (None, "map"):
        if chosen is not None:
            how = _samplers()[chosen].method
            raise InputError(
                f"--sampler {chosen} draws from the posterior: add --method {how}."
            )
        return None
    from ..posterior.samplers import default_sampler

    if chosen is None:
        return default_sampler(method)
    how = _samplers()[chosen].method
    if how != method:
        raise InputError(
            f"--sampler {chosen} gives {how} draws: use it with --method {how}, "
            f"not --method {method}."
        )
    return chosen


def check_sampler(args, prior, sigma):
    """The sampler must have what it needs of the prior (``requires``) and,
    for independent draws, a conjugate noise prior; says which option fixes it."""
    name = sampler_name(args)
    sampler = _samplers()[name]
    missing = [c for c in sampler.requires if c not in prior.capabilities()]
    if missing:
        who = f"--method {args.method}"
        if getattr(args, "sampler", None) is not None:
            who = f"--sampler {name}"
        have = _or(families_with(missing))
        raise InputError(
            f"{who} needs a {' and '.join(missing)} prior ({have}); "
            f"got --prior {args.prior}."
        )
    if isinstance(sigma, float) or "conjugate" not in sampler.requires:
        return
    if sigma.inverse_gamma() is None:
        raise InputError(
            f"--method {args.method} needs --sigma-prior jeffreys (conjugate); got "
            f"--sigma-prior {args.sigma_prior}. Use --method nuts."
        )
    conj = prior.conjugate_variance()
    if not (conj[1] or math.isinf(conj[0])):
        raise InputError(
            f"--method {args.method} with --sigma-prior {args.sigma_prior} needs "
            "the prior scale relative to sigma: add --relative (or give --lam)."
        )


def sampling(args):
    """The sampling keywords of ``--method nuts|exact`` (and ``standardize``)."""
    return {
        "draws": args.draws,
        "tune": args.tune,
        "chains": args.chains,
        "sampler": sampler_name(args),
        "progressbar": not args.quiet,
        **std(args),
    }


def noise_scale(args, data, family=None):
    """``(sigma, how)``: ``--sigma``, else the data-based default, stated.

    ``data``: ``(X, y)`` or ``(stats, None)``. The default is
    :func:`bayesreg.sigma.default_sigma`, the least-squares residual sd (the
    sd of y when ``n <= p + 1``); it does not depend on ``--standardize``.
    A likelihood ``family`` without a noise scale has sigma 1 (``how``
    None: nothing to state).
    """
    if family is not None and not family.has_scale:
        return 1.0, None
    if args.sigma is not None:
        return args.sigma, f"sigma = {args.sigma:.6g} (--sigma)"
    from ..sigma import default_sigma

    return default_sigma(*data)


def make_prior(args, sigma):
    """The prior of ``--prior`` from ``--scale`` or ``--lam`` and its options.

    ``--lam`` is converted at the noise scale ``sigma`` (``--sigma`` or the
    data-based default); with ``--sigma-prior`` into a prior relative to sigma
    (``--relative`` is implied), so its penalty is ``--lam`` at that sigma.
    Without ``--relative``/``--no-relative`` the family's default holds
    (relative for the horseshoe family, as in BayesReg and rstanarm).
    """
    lam = args.lam
    cls = _priors()[args.prior]
    # --relative / --no-relative, else the family's own default
    given = getattr(args, "relative", None)
    relative = bool(cls.relative if given is None else given) or (
        lam is not None and getattr(args, "sigma_prior", None) is not None
    )
    extra = {key: getattr(args, key, None) for key in family_options()}
    try:
        return cls.from_options(
            scale=args.scale, lam=lam, sigma=sigma, relative=relative, **extra
        )
    except (TypeError, ValueError) as err:
        raise InputError(str(err)) from err


def _check_penalty(prior, sigma):
    """An extreme --scale or --lam must not give a zero or infinite penalty."""
    if "penalty" not in prior.capabilities():
        return
    pen = prior.penalty(sigma)
    for value in (pen.l1, pen.l2):
        if not math.isfinite(value):
            raise InputError(
                f"{prior!r} at sigma = {sigma:.6g} gives an infinite penalty: "
                "choose a larger --scale or a smaller --lam."
            )


def target_sd(data) -> float:
    """Sample sd (``ddof=1``) of the target: from its values or SufficientStats.

    One formula for both, ``sqrt(sum (y - ȳ)^2 / (n - 1))``, so a fit from
    rows and a fit from statistics of the same rows get the same value.
    """
    from ..data import SufficientStats

    if isinstance(data, SufficientStats):
        n, ss = data.n, data.yy
    else:
        import numpy as np

        y = np.asarray(data, dtype=float)
        yc = y - y.mean()
        n, ss = len(y), float(yc @ yc)
    return math.sqrt(ss / (n - 1))


def make_sigma(args, data, sigma):
    """The fixed noise scale ``sigma``, or the prior of ``--sigma-prior``.

    ``data``: the target values or SufficientStats (for the default scale).
    """
    choice = getattr(args, "sigma_prior", None)
    if choice is None:
        return sigma
    from .. import noise

    if choice == "jeffreys":
        return noise.Jeffreys()
    scale = args.sigma_prior_scale
    if scale is None:
        scale = target_sd(data)
    cls = {"halfnormal": noise.HalfNormal, "halfcauchy": noise.HalfCauchy}
    return cls[choice](scale)


def model(args, data, family=None):
    """``(prior, sigma)`` for fit/compare/path: the prior and the fixed noise
    scale (``--sigma`` or the data-based default; 1 for a likelihood
    ``family`` without a noise scale); says what was chosen."""
    sigma, how = noise_scale(args, data, family)
    prior = make_prior(args, sigma)
    if getattr(args, "method", None) == "map" and not prior.has_density:
        raise InputError(
            f"--prior {args.prior} ({prior!r}) has no finite MAP: its density has "
            "a pole at w = 0. Use a posterior --method (e.g. --method nuts)."
        )
    _check_penalty(prior, sigma)
    if getattr(args, "sigma_prior", None) is None:
        if how is not None:
            say(args, how)
    elif args.lam is not None:
        say(
            args,
            f"--lam {args.lam:g} with --sigma-prior: {prior!r}, a prior relative to "
            f"sigma whose penalty is lam = {args.lam:g} at {how}",
        )
    if getattr(args, "standardize", False):
        say(
            args,
            "--standardize: the prior is on the coefficients of the columns "
            "divided by their sd; coefficients are printed in the original units",
        )
    return prior, sigma
