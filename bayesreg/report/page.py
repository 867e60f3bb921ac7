"""The HTML page: sections, escaped text, tables and embedded figures."""

from __future__ import annotations

import base64
import html
import io as _io

import pandas as pd

from .format import fmt_num

__all__ = [
    "Page",
    "available",
    "badge",
    "figure_html",
    "note",
    "omit",
    "p",
    "table_html",
    "write_csv",
]

_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;
color:#222;background:#fafafa;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:1em 2em 4em;background:#fff}
h1{border-bottom:2px solid #2a6;padding-bottom:.3em}
h2{margin-top:2em;border-bottom:1px solid #ddd}
nav ol{columns:2}
table.tbl{border-collapse:collapse;font-size:.85em;margin:.6em 0 1.2em}
table.tbl th,table.tbl td{border:1px solid #ccc;padding:2px 8px;text-align:right}
table.tbl th{background:#f0f0f0}
table.tbl tr:nth-child(even) td{background:#fbfbfb}
figure{margin:1em 0;overflow-x:auto}
figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85em;color:#555}
.ok{color:#075;font-weight:bold}
.bad{color:#b00;font-weight:bold}
.note{background:#fff8e0;border-left:4px solid #e0b000;padding:.4em .8em}
code{background:#f3f3f3;padding:0 .2em}
"""


class Page:
    """A list of sections rendered as one self-contained HTML document."""

    def __init__(self, title):
        self.title = title
        self.sections = []  # (anchor, heading, [html parts])

    def section(self, anchor, heading):
        """Start a section; return the list its HTML parts are appended to."""
        parts = []
        self.sections.append((anchor, heading, parts))
        return parts

    def render(self) -> str:
        toc = "".join(
            f'<li><a href="#{a}">{html.escape(h)}</a></li>' for a, h, _ in self.sections
        )
        body = "\n".join(
            f'<section id="{a}"><h2>{html.escape(h)}</h2>\n'
            + "\n".join(p)
            + "</section>"
            for a, h, p in self.sections
        )
        return (
            "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(self.title)}</title><style>{_CSS}</style></head>"
            f"<body><main><h1>{html.escape(self.title)}</h1>"
            f"<nav><ol>{toc}</ol></nav>\n{body}\n</main></body></html>\n"
        )


def p(text) -> str:
    """An escaped paragraph."""
    return f"<p>{html.escape(text)}</p>"


def note(text) -> str:
    return f'<p class="note">{html.escape(text)}</p>'


def badge(ok) -> str:
    return (
        '<span class="ok">agree</span>' if ok else '<span class="bad">DISAGREE</span>'
    )


def table_html(df, caption=None, index=True, digits=4) -> str:
    """A DataFrame as an HTML table (numbers to ``digits`` significant digits)."""
    if df.index.dtype.kind == "f":  # e.g. lam: significant digits, not 6 decimals
        labels = [fmt_num(v, 6) for v in df.index]
        df = df.set_axis(pd.Index(labels, name=df.index.name), axis=0)
    text = df.to_html(
        classes="tbl",
        border=0,
        float_format=lambda x: fmt_num(x, digits),
        index=index,
        na_rep="",
    )
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f"<figure>{text}{cap}</figure>"


def figure_html(out, name, fig, caption) -> str:
    """Save ``fig`` as ``name`` (PNG) in ``out``; return an embedding <figure>."""
    import matplotlib.pyplot as plt

    buf = _io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=110)
    finally:
        plt.close(fig)
    data = buf.getvalue()
    out.file(name).write_bytes(data)
    b64 = base64.b64encode(data).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{b64}" alt="{html.escape(caption)}">'
        f"<figcaption>{html.escape(caption)} (<code>{html.escape(name)}</code>)"
        "</figcaption></figure>"
    )


def write_csv(out, name, df, index=True):
    df.to_csv(out.file(name), index=index)


def omit(parts, result, section, reason):
    result.omitted.append((section, reason))
    parts.append(note(f"This section is omitted: {reason}."))


def available(module, name=None):
    """The attribute ``name`` of ``bayesreg.<module>``, or None if absent."""
    import importlib

    try:
        mod = importlib.import_module(f"bayesreg.{module}")
    except ImportError:
        return None
    return mod if name is None else getattr(mod, name, None)
