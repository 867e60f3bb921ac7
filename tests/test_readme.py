import re
import warnings
from pathlib import Path

from bayesreg.posterior import SamplingWarning

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_quick_start_runs():
    text = README.read_text()
    block = re.search(r"## Quick start\n\n```python\n(.*?)```", text, re.S).group(1)
    namespace = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error", SamplingWarning)  # R-hat, ESS, divergences
        exec(compile(block, "README quick start", "exec"), namespace)
    assert namespace["fit"].converged
    assert (namespace["fit"].coef == 0).sum() == (namespace["lasso"].coef_ == 0).sum()
    assert namespace["idata"].posterior["coef"].shape == (2, 1000, 10)
    assert 50 < namespace["sigma"] < 60


def test_readme_gives_the_two_setup_commands_and_ci_calls_the_test_one():
    text = README.read_text()
    assert "make demo" in text and "make test" in text
    ci = (README.parent / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_readme_logistic_example_runs_and_matches_scikit_learn():
    text = README.read_text()
    section = text.split("## Beyond the Gaussian", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace = {}
    exec(compile(block, "README logistic", "exec"), namespace)
    l1 = namespace["l1"]
    assert namespace["l2"].converged and l1.converged
    assert 0 < (l1.coef == 0).sum() < l1.coef.size


def test_readme_horseshoe_example_runs_on_the_gibbs_engine():
    text = README.read_text()
    section = text.split("## Sparse posteriors", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace = {}
    exec(compile(block, "README horseshoe", "exec"), namespace)
    for fit in (namespace["lasso"], namespace["hs"]):
        assert fit.posterior.attrs["sampler"] == "gibbs"  # what "auto" chose
    table = namespace["table"]
    # the two strong predictors of diabetes survive SAVS, weak ones do not
    assert (table.loc[["bmi", "s5"], "savs"] != 0).all()
    assert (table["savs"] == 0).sum() >= 4
    assert set(table["rank"]) <= set(range(1, 11))
