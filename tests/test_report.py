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
    assert "bayesreg report" in res.stderr and "9/9" in res.stderr


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
    for name in ("gaussian", "laplace"):
        t = pd.read_csv(out / f"posterior_{name}.csv", index_col="feature")
        for col in ("mean", "hdi_low", "hdi_high", "r_hat", "ess_bulk", "map"):
            assert col in t, col
        assert (t["hdi_low"] < t["mean"]).all() and (t["mean"] < t["hdi_high"]).all()
        assert t["r_hat"].notna().all() and (t["ess_bulk"] > 0).all()
    loo = pd.read_csv(out / "loo.csv", index_col="prior")
    assert set(loo.index) == {"gaussian", "laplace"}
    assert loo["elpd_diff"].min() == 0 and (loo["elpd_loo"] < 0).all()
    html_text = (out / "report.html").read_text(encoding="utf-8")
    for word in ("divergences", "max R-hat", "min ESS bulk"):
        assert word in html_text


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
  out.textContent = JSON.stringify({
    images: imgs,
    tables: document.querySelectorAll("table").length,
    sections: document.querySelectorAll("section h2").length
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
        [str(CHROMIUM), *flags, "--virtual-time-budget=10000", "--dump-dom",
         probe.as_uri()],
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
