"""``bayesreg sbc``: outputs, verdict, exit codes, and the README's commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pandas as pd
import pytest

from bayesreg.cli import main
from bayesreg.cli.app import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def test_sbc_writes_ranks_figure_and_verdict(tmp_path, capsys):
    out = tmp_path / "sbc"
    args = "sbc --prior gaussian --scale 0.8 --relative --sigma-prior inversegamma "
    args += f"--sampler exact --sims 40 --draws 19 --jobs 1 -q --out {out}"
    code = main(shlex.split(args))
    printed = capsys.readouterr().out.strip()
    ranks = pd.read_csv(out / "ranks.csv", index_col="simulation")
    truth = pd.read_csv(out / "truth.csv", index_col="simulation")
    pvalues = pd.read_csv(out / "pvalues.csv", index_col="parameter")["pvalue"]
    assert list(ranks.columns) == [
        "coef[0]",
        "coef[1]",
        "coef[2]",
        "intercept",
        "sigma",
    ]
    assert ranks.shape == truth.shape == (40, 5)
    assert ranks.to_numpy().min() >= 0 and ranks.to_numpy().max() <= 20
    assert (out / "sbc.png").stat().st_size > 1000
    assert printed == (out / "verdict.txt").read_text().strip()
    assert printed.startswith("SBC pass" if code == 0 else "SBC FAIL")
    assert f"{pvalues.min():.3g}" in printed
    assert "sigma=InverseGamma(alpha=3.0, beta=1.0)" in printed


def test_sbc_hyperprior_is_ranked(tmp_path, capsys):
    args = "sbc --prior laplace --relative --lam2-gamma 2 1 --sigma-prior "
    args += "inversegamma --sampler gibbs --sims 4 --draws 8 --tune 20 --thin 1 "
    args += f"--jobs 1 -q --out {tmp_path}"
    main(shlex.split(args))
    ranks = pd.read_csv(tmp_path / "ranks.csv", index_col="simulation")
    assert "coef_lam2" in ranks.columns and "sigma" in ranks.columns


@pytest.mark.parametrize(
    "options, message",
    [
        ("--prior flat", "must be a proper prior"),
        ("--prior gaussian --scale 1 --relative --sigma-prior jeffreys", "improper"),
        ("--prior gaussian --scale 1 --standardize", "--standardize does not apply"),
        ("--prior elasticnet --scale 1 --lam2-gamma 1 1", "takes no hyperprior"),
        ("--prior gaussian --scale 1 --sigma 1 --sigma-prior halfnormal", "one of"),
        ("--prior laplace --scale 1 --sampler exact", "conjugate"),
        ("--prior gaussian --scale 1 --sims 0", "--sims must be"),
    ],
)
def test_sbc_refuses_bad_input_with_exit_code_2(options, message, capsys):
    code = main(shlex.split(f"sbc {options} --jobs 1 -q"))
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err


def test_readme_sbc_commands_parse():
    """Every command of the README's SBC table is a valid ``bayesreg sbc``."""
    section = README.read_text().split("## Are the samplers right?", 1)[1]
    section = section.split("\n## ", 1)[0]
    commands = re.findall(r"`bayesreg (sbc [^`]+)`", section)
    assert len(commands) >= 5
    parser = build_parser()
    for command in commands:
        args = parser.parse_args(shlex.split(command))
        assert args.command == "sbc"
