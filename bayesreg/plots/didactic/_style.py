"""Colours shared by the didactic figures."""

L1_COLOR, L2_COLOR, DATA_COLOR = "tab:blue", "tab:orange", "0.25"
