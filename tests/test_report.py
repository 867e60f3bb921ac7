"""``bayesreg report``: run once per module, then check its files and HTML."""

from __future__ import annotations

import base64
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

SCRIPT = Path(sys.executable).with_name("bayesreg")
if not SCRIPT.exists():  # pragma: no cover - not installed in this interpreter
    SCRIPT = Path(shutil.which("bayesreg") or "bayesreg")
CHROMIUM = Path("/usr/bin/chromium")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """One small report on the diabetes data (the expensive part: ~1 min)."""
    out = tmp_path_factory.mktemp("report") / "rep"
    res = subprocess.run(
        [str(SCRIPT), "report", "--out", str(out), "--draws", "200", "--tune", "300",
         "--chains", "2", "--n-lams", "15", "--n-bayes-lams", "3"],
        capture_output=True,
        text=True,
        env=dict(os.environ, MPLBACKEND="Agg"),
        timeout=600,
    )  # fmt: skip
    return res, out


class _Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.imgs, self.tables, self.links, self.scripts = [], 0, [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.imgs.append(attrs)
        elif tag == "table":
            self.tables += 1
        elif tag == "script":
            self.scripts += 1
        for key in ("src", "href"):
            if key in attrs and tag != "img":
                self.links.append(attrs[key])


class _Tables(html.parser.HTMLParser):
    """Every <table> of the page: header, rows of cell texts, its caption."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._caption, self._fig = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            self._fig = None
        elif tag == "table":
            self.tables.append({"header": [], "rows": [], "caption": ""})
            self._fig = self.tables[-1]
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "figcaption":
            self._caption = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "thead":
            self.tables[-1]["header"] = self.tables[-1]["rows"].pop(0)
        elif tag == "figcaption" and self._caption is not None:
            if self._fig is not None:
                self._fig["caption"] = "".join(self._caption)
            self._caption = None
        elif tag == "figure":
            self._fig = None

    def handle_data(self, data):
        for buf in (self._cell, self._caption):
            if buf is not None:
                buf.append(data)


@pytest.fixture(scope="module")
def tables(report):
    """The page's tables, keyed by the start of their caption."""
    _, out = report
    parser = _Tables()
    parser.feed((out / "report.html").read_text(encoding="utf-8"))
    return parser.tables


def _table(tables, caption_start):
    found = [t for t in tables if t["caption"].startswith(caption_start)]
    assert found, [t["caption"][:40] for t in tables]
    return found


@pytest.fixture(scope="module")
def page(report):
    _, out = report
    parser = _Collector()
    parser.feed((out / "report.html").read_text(encoding="utf-8"))
    return parser


def test_report_runs_and_says_where(report):
    res, out = report
    assert res.returncode == 0, res.stderr
    assert f"report: {(out / 'report.html').absolute()}" in res.stdout
    for name in ("flat", "gaussian", "laplace", "elasticnet"):
        assert re.search(rf"^\s+{name}\s+agree\b", res.stdout, re.M), res.stdout
    # progress was shown on stderr while it ran
    assert "bayesreg report" in res.stderr
    assert re.search(r" (\d+)/\1 \|", res.stderr), res.stderr  # every step done


def test_report_is_self_contained(page):
    assert page.imgs, "no figures"
    for img in page.imgs:
        assert img["src"].startswith("data:image/png;base64,")
        assert base64.b64decode(img["src"].split(",", 1)[1])[:8] == PNG_MAGIC
    # only in-page links, no scripts, nothing fetched from a network
    assert all(link.startswith("#") for link in page.links), page.links
    assert page.scripts == 0


def test_embedded_figures_are_the_png_files(report, page):
    _, out = report
    embedded = {base64.b64decode(i["src"].split(",", 1)[1]) for i in page.imgs}
    files = {p.read_bytes() for p in out.glob("*.png")}
    assert embedded == files
    for name in ("posterior_vs_map_laplace.png", "path_map_laplace.png",
                 "path_bayes_laplace.png", "prior_densities.png"):  # fmt: skip
        assert (out / name).exists(), name


def test_equivalence_tables(report):
    _, out = report
    for name in ("flat", "gaussian", "laplace", "elasticnet"):
        t = pd.read_csv(out / f"equivalence_{name}.csv", index_col="feature")
        scale = max(1.0, float(t["sklearn"].abs().max()))
        np.testing.assert_allclose(t["map"], t["sklearn"], rtol=0, atol=1e-6 * scale)
        assert (t["map_zero"] == t["sklearn_zero"]).all()
    lasso = pd.read_csv(out / "equivalence_laplace.csv", index_col="feature")
    assert lasso["map_zero"].sum() > 0  # the default Laplace prior gives zeros


def test_posterior_tables_and_diagnostics(report):
    _, out = report
    for name in ("gaussian", "laplace", "horseshoe"):
        t = pd.read_csv(out / f"posterior_{name}.csv", index_col="feature")
        for col in ("mean", "hdi_low", "hdi_high", "r_hat", "ess_bulk"):
            assert col in t, col
        assert ("map" in t) == (name != "horseshoe")  # no finite MAP
        assert (t["hdi_low"] < t["mean"]).all() and (t["mean"] < t["hdi_high"]).all()
        assert t["r_hat"].notna().all() and (t["ess_bulk"] > 0).all()
    loo = pd.read_csv(out / "loo.csv", index_col="prior")
    assert set(loo.index) == {"gaussian", "laplace", "horseshoe"}
    assert loo["elpd_diff"].min() == 0 and (loo["elpd_loo"] < 0).all()
    html_text = (out / "report.html").read_text(encoding="utf-8")
    for word in ("divergences", "max R-hat", "min ESS bulk"):
        assert word in html_text


def test_the_default_sampler_chose_per_prior(tables):
    diag = _table(tables, "diagnostics (ArviZ")
    got = [t["rows"][0][t["header"].index("sampler")] for t in diag]
    assert got == ["exact", "gibbs", "gibbs"]  # gaussian, laplace, horseshoe


def test_nuts_next_to_gibbs(report, tables):
    """Both samplers on the Laplace and horseshoe posteriors: the means agree
    within Monte Carlo error (|z| about standard normal: 20 values < 4)."""
    _, out = report
    for name in ("laplace", "horseshoe"):
        t = pd.read_csv(out / f"nuts_vs_gibbs_{name}.csv", index_col="feature")
        assert list(t.columns) == [
            "mean gibbs", "mean nutpie", "sd gibbs", "sd nutpie", "z", "z sd",
            "sd ratio",
        ]  # fmt: skip
        assert len(t) == 10 and (t["z"].abs() < 4).all(), t
        assert (t["z sd"].abs() < 4).all() and ((t["sd ratio"] - 1).abs() < 0.25).all()
    res, _ = report
    for name in ("laplace", "horseshoe"):
        assert re.search(
            rf"^NUTS vs Gibbs, {name}: agree \(gibbs and nutpie: max \|z\| = ",
            res.stdout,
            re.M,
        ), res.stdout
    shown = _table(tables, "posterior mean and sd per coefficient from gibbs")
    assert len(shown) == 2 and all("2 x 200 draws" in t["caption"] for t in shown)


def test_sparse_summaries(report, page):
    _, out = report
    t = pd.read_csv(out / "sparse_summary.csv", index_col="feature")
    for name in ("laplace", "horseshoe"):
        for col in ("mean", "savs", "inclusion", "rank"):
            assert f"{name} {col}" in t, (name, col)
        savs = t[f"{name} savs"]
        # SAVS shrinks towards 0 and keeps the largest effects (bmi, s5)
        assert (savs.abs() <= t[f"{name} mean"].abs() + 1e-9).all()
        assert savs["bmi"] != 0 and savs["s5"] != 0 and (savs == 0).sum() >= 3
        assert set(t[f"{name} rank"].nsmallest(2).index) == {"bmi", "s5"}
    assert (out / "coefficients_sparse.png").read_bytes().startswith(PNG_MAGIC)
    assert any("largest by |median|" in img.get("alt", "") for img in page.imgs)


def test_paths_and_timings(report):
    _, out = report
    lasso = pd.read_csv(out / "path_map_laplace.csv", index_col="lam")
    assert len(lasso) == 15 and (lasso.iloc[0] == 0).all()
    bayes = pd.read_csv(out / "path_bayes_laplace.csv")
    assert bayes["lam"].nunique() == 3
    assert set(bayes["lam"]) <= set(lasso.index)
    timings = pd.read_csv(out / "timings.csv", index_col="step")["seconds"]
    assert (timings >= 0).all()
    assert timings["total"] == pytest.approx(timings.drop("total").sum())
    assert "posterior laplace" in timings.index


def test_report_bad_input_exit_2(tmp_path):
    res = subprocess.run(
        [str(SCRIPT), "report", str(tmp_path / "nope.csv"), "--target", "y"],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 2
    assert "nope.csv" in res.stderr and "Traceback" not in res.stderr


_PROBE = """<script>
window.addEventListener("load", function () {
  var imgs = Array.prototype.map.call(document.images, function (i) {
    return {alt: i.alt, complete: i.complete, width: i.naturalWidth};
  });
  var out = document.createElement("pre");
  out.id = "bayesreg-probe";
  var wide = [];
  document.querySelectorAll("table").forEach(function (t) {
    var box = t.parentElement;
    if (box.scrollWidth > box.clientWidth || t.offsetWidth > box.clientWidth) {
      var cap = box.querySelector("figcaption");
      wide.push({caption: cap ? cap.textContent.slice(0, 60) : "",
                 table: t.offsetWidth, container: box.clientWidth});
    }
  });
  var doc = document.documentElement;
  out.textContent = JSON.stringify({
    images: imgs,
    tables: document.querySelectorAll("table").length,
    sections: document.querySelectorAll("section h2").length,
    wide: wide,
    page: [doc.scrollWidth, doc.clientWidth]
  });
  document.body.appendChild(out);
});
</script>"""


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless-browser check needs Debian's chromium at /usr/bin/chromium "
    "(.ci/run installs it: apt-get install chromium)",
)
def test_report_in_headless_chromium(report, page, tmp_path):
    """Every figure decodes in a real browser and the tables are rendered."""
    _, out = report
    # a copy of the page with a probe script appended; the report has no script
    probe = tmp_path / "probe.html"
    text = (out / "report.html").read_text(encoding="utf-8")
    probe.write_text(text.replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    res = subprocess.run(
        [str(CHROMIUM), *flags, "--window-size=1200,3000",
         "--virtual-time-budget=10000", "--dump-dom", probe.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    found = re.search(r'<pre id="bayesreg-probe">(.*?)</pre>', res.stdout, re.S)
    assert found, res.stderr[-2000:]
    result = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert len(result["images"]) == len(page.imgs)
    for img in result["images"]:
        assert img["complete"] and img["width"] > 0, img
    assert result["tables"] == page.tables >= 10
    assert result["sections"] >= 8
    # at the page's full width (main: max-width 1100px) no table needs scrolling
    assert result["wide"] == []
    assert result["page"][0] <= result["page"][1]
    shot = tmp_path / "report.png"
    subprocess.run(
        [str(CHROMIUM), *flags, "--window-size=1200,3000",
         f"--screenshot={shot}", (out / "report.html").as_uri()],
        capture_output=True,
        timeout=120,
    )  # fmt: skip
    assert shot.read_bytes()[:8] == PNG_MAGIC


@pytest.mark.parametrize(
    ("prior", "terms"),
    [
        ("flat", []),
        ("laplace", ["50 ||w||_1"]),
        ("gaussian", ["50/2 ||w||^2"]),
        ("elasticnet", ["25 ||w||_1", "25/2 ||w||^2"]),
    ],
)
def test_describe_map_names_only_the_penalty_terms_present(prior, terms):
    from bayesreg import ElasticNet, Flat, Gaussian, Laplace, fit_map
    from bayesreg.datasets import load_diabetes
    from bayesreg.report import describe_map

    make = {
        "flat": lambda: Flat(),
        "laplace": lambda: Laplace.from_penalty(50.0, 54.0),
        "gaussian": lambda: Gaussian.from_penalty(50.0, 54.0),
        "elasticnet": lambda: ElasticNet.from_penalty(50.0, 54.0, l1_ratio=0.5),
    }[prior]
    X, y = load_diabetes()
    text = describe_map(fit_map(X, y, make(), 54.0), len(y))
    objective = text.split("minimizes ")[1].split(", i.e.")[0]
    assert objective == " + ".join(["1/2||y - b0 - Xw||^2", *terms])


# --------------------------------------------------------------------------
# what the page shows: narrow posterior tables, significant digits, flags

NUMBER = re.compile(r"^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$")


def _significant_digits(text):
    mantissa = text.lstrip("-").split("e")[0]
    digits = mantissa.replace(".", "").lstrip("0")
    return len(digits.rstrip("0")) if "." not in mantissa else len(digits)


SHOWN = {"mean": "mean", "sd": "sd", "HDI low": "hdi_low", "HDI high": "hdi_high",
         "R-hat": "r_hat", "ESS bulk": "ess_bulk", "P(|w|>eps)": "p_abs_gt_eps",
         "map": "map", "penalized": "penalized"}  # fmt: skip


def test_posterior_tables_show_a_narrow_set_of_columns(tables, report):
    _, out = report
    found = _table(tables, "mean, sd, 94% HDI")
    assert len(found) == 3
    for name, t in zip(("gaussian", "laplace", "horseshoe"), found, strict=True):
        assert f"posterior_{name}.csv" in t["caption"]
        shown = dict(SHOWN)
        if name == "horseshoe":  # no finite MAP, no scikit-learn equivalent
            del shown["map"], shown["penalized"]
        assert t["header"] == ["", *shown], t["header"]
        csv = pd.read_csv(out / f"posterior_{name}.csv", index_col="feature")
        assert {"median", "mcse_mean", "ess_tail", "excludes_zero"} <= set(csv)
        body = [r for r in t["rows"] if r and r[0] in csv.index]
        assert len(body) == len(csv) == 10
        for row in body:  # the CSV's exact values to 4 significant digits
            for col, cell in zip(shown.values(), row[1:], strict=True):
                exact = float(csv.loc[row[0], col])
                assert float(cell) == float(f"{exact:.4g}"), (row[0], col, cell)


def test_numbers_on_the_page_have_significant_digits_and_no_minus_zero(tables):
    numbers = [c for t in tables for r in t["rows"] for c in r if NUMBER.match(c)]
    assert len(numbers) > 200
    for cell in numbers:
        assert not (cell.startswith("-") and float(cell) == 0), cell
        assert _significant_digits(cell) <= 6, cell  # lam labels: 6, values: 4
    values = [c for t in tables for r in t["rows"] for c in r[1:] if NUMBER.match(c)]
    assert max(_significant_digits(c) for c in values) <= 4


def test_estimators_print_on_one_line_without_float_noise(tables):
    (settings,) = _table(tables, "each prior's MAP minimizes")
    names = ("flat", "gaussian", "laplace", "elasticnet")
    sk = [r[-1] for r in settings["rows"] if r and r[0] in names]
    assert len(sk) == 4
    for text in sk:
        assert "\\n" not in text and "\n" not in text, text
        for number in re.findall(r"=(-?[\d.]+(?:e[+-]?\d+)?)", text):
            assert _significant_digits(number) <= 6, text
    assert any(t.startswith("Ridge(alpha=") for t in sk), sk


def test_loo_weights_of_1e_minus_16_show_as_0(tables, report):
    _, out = report
    (t,) = _table(tables, "expected log predictive density")
    col = t["header"].index("weight")
    loo = pd.read_csv(out / "loo.csv", index_col="prior")
    shown = {r[0]: r[col] for r in t["rows"] if r and r[0] in loo.index}
    for prior, w in loo["weight"].items():
        # rounded to 1e-6, then shown to 4 significant digits
        assert float(shown[prior]) == float(f"{round(w, 6):.4g}")
        if abs(w) < 5e-7:
            assert shown[prior] == "0"


def test_elastic_net_default_is_an_even_mix(report, tables):
    from bayesreg.compare import penalized_equivalent
    from bayesreg.datasets import load_diabetes
    from bayesreg.report import ReportOptions, default_settings

    X, y = load_diabetes()
    sigma, notes, priors = default_settings(X, y, ReportOptions())
    enet, lasso = priors["elasticnet"].penalty(sigma), priors["laplace"].penalty(sigma)
    assert enet.l1 == pytest.approx(lasso.l1 / 2) and enet.l2 == pytest.approx(
        lasso.l1 / 2
    )
    est = penalized_equivalent(priors["elasticnet"], sigma, len(y))
    assert est.l1_ratio == pytest.approx(0.5)
    assert any("l1_ratio=0.5" in n for n in notes)
    (settings,) = _table(tables, "each prior's MAP minimizes")
    row = next(r for r in settings["rows"] if r and r[0] == "elasticnet")
    assert "l1_ratio=0.5," in row[-1]
    assert settings["header"][2:4] == ["l1", "l2"]
    assert float(row[2]) == pytest.approx(float(row[3]), rel=1e-3)  # l1 == l2


def test_default_sigma_is_the_one_of_bayesreg_sigma():
    from bayesreg.datasets import load_diabetes
    from bayesreg.report import ReportOptions, default_settings
    from bayesreg.sigma import default_sigma

    X, y = load_diabetes()
    sigma, notes, _ = default_settings(X, y, ReportOptions())
    expected, how = default_sigma(X, y)
    assert sigma == expected and how in notes
    # n <= p + 1: the sd of y, stated as such
    sigma, notes, _ = default_settings(X.iloc[:8], y.iloc[:8], ReportOptions())
    assert sigma == pytest.approx(float(np.std(y.iloc[:8], ddof=1)))
    assert "sd of y" in notes[0]


def _fake_fit(rng, shift=0.0, diverging=0, chains=4, draws=500):
    import arviz as az

    coef = rng.standard_normal((chains, draws, 3))
    coef[0] += shift  # one chain off: R-hat > 1.01
    div = np.zeros((chains, draws), dtype=bool)
    div[0, :diverging] = True
    return az.from_dict(
        posterior={"coef": coef},
        sample_stats={"diverging": div},
        coords={"feature": ["a", "b", "c"]},
        dims={"coef": ["feature"]},
    )


def test_path_diagnostics_flag_the_lams_that_fail_the_main_checks():
    from bayesreg.posterior import diagnose
    from bayesreg.report import path_diagnostics, path_table

    rng = np.random.default_rng(0)
    lams = [10.0, 1.0, 0.1]
    fits = [_fake_fit(rng), _fake_fit(rng, shift=0.5), _fake_fit(rng, diverging=3)]
    assert [bool(diagnose(f)) for f in fits] == [False, True, True]
    per_lam, notes = path_diagnostics(path_table(lams, fits), fits)
    assert list(per_lam.index) == lams
    assert per_lam.loc[10.0, "flag"] == ""
    assert "R-hat" in per_lam.loc[1.0, "flag"] and per_lam.loc[1.0, "max R-hat"] > 1.01
    assert per_lam.loc[0.1, "flag"] == "divergences"
    assert per_lam.loc[0.1, "divergences"] == 3
    assert len(notes) == 2
    assert notes[0].startswith("lam = 1: R-hat of 'coef' is")
    assert notes[1].startswith("lam = 0.1: 3 of 2000 draws ended in a divergence")


def test_report_flags_the_bayesian_path_lams_with_poor_diagnostics(report, tables):
    _, out = report
    bayes = pd.read_csv(out / "path_bayes_laplace.csv")
    worst = bayes.groupby("lam").agg({"r_hat": "max", "ess_bulk": "min"})
    # 2 chains x 200 draws here; the main fits' thresholds (diagnose's defaults)
    failing = worst[(worst["r_hat"] > 1.01) | (worst["ess_bulk"] < 200)].index
    assert len(failing) >= 1  # this small run has at least one poor lam
    (t,) = _table(tables, "diagnostics per lam")
    flag = t["header"].index("flag")
    flags = {float(r[0]): r[flag] for r in t["rows"] if r and NUMBER.match(r[0])}
    assert len(flags) == 3
    text = (out / "report.html").read_text(encoding="utf-8")
    for lam in failing:
        got = next(v for k, v in flags.items() if k == pytest.approx(lam, rel=1e-5))
        assert got, (lam, flags)
        assert f"lam = {float(f'{lam:.6g}'):g}: " in text


# --------------------------------------------------------------------------
# standardize (the report's default)


def test_report_map_is_the_standardized_fit(report):
    from bayesreg import fit_map
    from bayesreg.datasets import load_diabetes
    from bayesreg.report import ReportOptions, default_settings

    _, out = report
    X, y = load_diabetes()
    assert ReportOptions().standardize is True
    sigma, _, priors = default_settings(X, y, ReportOptions())
    for name in ("gaussian", "laplace", "elasticnet"):
        t = pd.read_csv(out / f"equivalence_{name}.csv", index_col="feature")
        std = fit_map(X, y, priors[name], sigma, standardize=True)
        raw = fit_map(X, y, priors[name], sigma)
        np.testing.assert_allclose(t["map"].iloc[:-1], std.coef, rtol=1e-9, atol=1e-9)
        assert t.loc["(intercept)", "map"] == pytest.approx(std.intercept)
        assert np.max(np.abs(std.coef - raw.coef)) > 1.0  # not the raw-unit fit
    post = pd.read_csv(out / "posterior_laplace.csv", index_col="feature")
    lasso = fit_map(X, y, priors["laplace"], sigma, standardize=True)
    np.testing.assert_allclose(post["map"], lasso.coef, rtol=1e-7, atol=1e-7)
    text = (out / "report.html").read_text(encoding="utf-8")
    assert "Standardized: the prior (the penalty) acts on each feature" in text
    assert "standardized: the penalties below act on the columns" in text
    data = pd.read_csv(out / "data_summary.csv", index_col="column")
    np.testing.assert_allclose(data["penalty scale"].iloc[:-1], X.std(ddof=0))


def test_standardized_default_lasso_keeps_more_than_the_largest_unit_feature():
    from sklearn.datasets import load_wine

    from bayesreg import Laplace, fit_map
    from bayesreg.report import ReportOptions, default_settings, lam_grid, map_table

    frame = load_wine(as_frame=True).frame
    X, y = frame.drop(columns=["alcohol", "target"]), frame["alcohol"]
    assert X["proline"].std() > 20 * X.drop(columns="proline").std().max()
    kept = {}
    for std in (False, True):
        sigma, _, priors = default_settings(X, y, ReportOptions(standardize=std))
        res, table = map_table(X, y, priors["laplace"], sigma, standardize=std)
        expected = fit_map(X, y, priors["laplace"], sigma, standardize=std)
        np.testing.assert_array_equal(table["map"].iloc[:-1], expected.coef)
        kept[std] = set(X.columns[res.coef != 0])
    assert kept[False] == {"proline"}  # raw units: only the largest-unit feature
    assert len(kept[True]) >= 4 and "color_intensity" in kept[True]
    # lam_max of the standardized grid zeroes everything, just
    Xs = (X - X.mean()) / X.std(ddof=0)
    top = lam_grid(X, y, "laplace", 5, standardize=True)[0]
    assert top == pytest.approx(np.max(np.abs(Xs.T @ (y - y.mean()))))
    sigma, _, _ = default_settings(X, y, ReportOptions())
    at_top = fit_map(X, y, Laplace.from_penalty(top, sigma), sigma, standardize=True)
    assert np.all(at_top.coef == 0)
    below = fit_map(
        X, y, Laplace.from_penalty(0.99 * top, sigma), sigma, standardize=True
    )
    assert np.sum(below.coef != 0) == 1


def test_side_by_side_z_is_the_mean_difference_in_combined_mcse():
    """For independent draws MCSE is sd / sqrt(N): z against that formula."""
    import arviz as az

    from bayesreg.report.crosscheck import side_by_side

    rng = np.random.default_rng(0)
    a = rng.normal(size=(4, 1000, 3)) * [1.0, 2.0, 0.5]
    b = rng.normal(size=(4, 1000, 3)) * [1.0, 2.0, 0.5] + [0.0, 0.3, -0.05]
    idata = az.from_dict(
        posterior={"coef": a},
        dims={"coef": ["feature"]},
        coords={"feature": list("uvw")},
    )
    t = side_by_side(idata, b)
    n = 4000
    fa, fb = a.reshape(n, 3), b.reshape(n, 3)
    z = (fa.mean(0) - fb.mean(0)) / np.sqrt(fa.var(0) / n + fb.var(0) / n)
    np.testing.assert_allclose(t["z"], z, rtol=0.1)
    np.testing.assert_allclose(t["sd ratio"], fa.std(0) / fb.std(0), rtol=1e-12)
    # the MCSE of a normal sd from N independent draws is sd / sqrt(2 N)
    sa, sb = fa.std(0), fb.std(0)
    z_sd = (sa - sb) / np.sqrt((sa**2 + sb**2) / (2 * n))
    np.testing.assert_allclose(t["z sd"], z_sd, rtol=0.15)
    np.testing.assert_allclose(t["mean nuts"], fb.mean(0), rtol=1e-12)
    assert abs(t.loc["v", "z"]) > 4  # a shift of 0.3 sd-units-of-2 is found
