"""``sampler="auto"`` (the default): the most direct registered sampler that
takes the model."""

from __future__ import annotations

from .base import REGISTRY, Sampler, register


@register
class Auto(Sampler):
    """Pick, per model, the first registered sampler whose own ``check``
    accepts the prior, the sigma prior and the likelihood, preferring

    1. samplers of independent draws (``iid``: the closed-form posterior,
       ``exact``, where prior, sigma and likelihood are conjugate);
    2. specialized Markov chain samplers, those that ``require`` a prior
       capability (``gibbs``, where the prior gives its full conditionals
       and the likelihood is the Gaussian);
    3. the general ones, in registration order (``nutpie``, then ``pymc``
       when nutpie is not installed).

    The choice reads only what each sampler declares (``iid``,
    ``requires``) and what its ``check`` refuses; no prior or sampler is
    named here, so a newly registered sampler takes its place by its
    declarations. :meth:`resolve` is called by the API before drawing; the
    InferenceData then records the sampler actually used in
    ``posterior.attrs["sampler"]`` and ``"auto"`` in ``"sampler_requested"``.

    Its ``method`` is ``"auto"``, a method of its own: an estimator's
    ``method="auto"`` (``--method auto`` on the command line) means the same
    choice, while ``method="nuts"`` keeps meaning Markov chains (nutpie by
    default) and ``method="exact"`` closed-form draws.
    """

    name = "auto"
    method = "auto"
    default = True

    def describe(self) -> str:
        names = ", ".join(s.name for s in self.candidates() if s.available())
        return f"the first of {names} that takes the model"

    def candidates(self) -> list[Sampler]:
        """The other registered samplers in order of preference (above)."""
        others = [s for s in REGISTRY.values() if not isinstance(s, Auto)]
        return sorted(others, key=lambda s: 0 if s.iid else 1 if s.requires else 2)

    def resolve(self, prior, sigma, likelihood=None) -> Sampler:
        """The sampler to use for ``prior``, ``sigma`` (a SigmaPrior) and the
        ``likelihood`` family (None: the Gaussian).

        Raises
        ------
        ValueError
            When no registered sampler takes the model; the message gives
            each candidate's reason.
        """
        reasons = []
        for sampler in self.candidates():
            try:
                sampler.check(prior, sigma, "sampler='auto'", likelihood)
            except (ValueError, ImportError) as err:
                reasons.append(f"{sampler.name}: {err}")
                continue
            return sampler
        raise ValueError(
            "sampler='auto' found no registered sampler for prior "
            f"{prior!r}, sigma={sigma!r} and likelihood {likelihood!r}: "
            + " | ".join(reasons)
        )

    def check(self, prior, sigma, owner, likelihood=None):
        self.resolve(prior, sigma, likelihood)

    def run(self, prior, sigma, data, **settings):
        """Run the resolved sampler (``settings`` as in :meth:`Sampler.run`)."""
        chosen = self.resolve(prior, sigma, data.family)
        return chosen.run(prior, sigma, data, **settings)
