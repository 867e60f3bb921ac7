"""Ctrl-C and SIGTERM: an exception in the main thread, so clean-up runs."""

from __future__ import annotations

import signal

__all__ = ["SIGNALS", "Interrupted", "on_signal", "raise_if_interrupted"]


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, raised in the main thread so clean-up runs."""

    def __init__(self, signum):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


#: Signals received by this process (a sampler may swallow the exception).
SIGNALS: list[int] = []


def on_signal(signum, frame):
    SIGNALS.append(signum)
    raise Interrupted(signum)


def raise_if_interrupted():
    """A sampler may catch Ctrl-C and return part of its draws: never use them."""
    if SIGNALS:
        raise Interrupted(SIGNALS[0])
