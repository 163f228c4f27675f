"""Bounds on what a template may do, beyond Jinja's sandbox (see docs/limits.md).

Jinja's sandbox stops a template from reaching Python internals, but not from
running for ever (nested ``range()`` loops), printing gigabytes, computing
``10**100000`` or including a file outside the template folders through a
symbolic link. This module bounds time, output size and the size of numbers
and repeated text, and confines includes to the real template folders.
"""
from __future__ import annotations

import math
import os
import signal
import threading
import time
from collections.abc import Iterable
from contextlib import contextmanager

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError, safe_range
from jinja2.utils import Namespace

from edureport.core import limits


class RenderLimitExceeded(SecurityError):
    """A template ran too long or printed too much."""


_deadline = threading.local()


def _check_deadline() -> None:
    deadline = getattr(_deadline, "at", None)
    if deadline is not None and time.monotonic() > deadline:
        # Fires once per render: the alarm (0.05 s later) arriving while this error is still
        # unwinding would replace it with one raised outside the template, naming no line.
        _deadline.at = None
        raise RenderLimitExceeded(f"模板运行超过 {limits.MAX_RENDER_SECONDS} 秒，已停止（可能是循环次数过多或无穷循环）")


def bounded_range(*args) -> Iterable[int]:
    """``range()`` for templates: Jinja's size limit per range, and the render deadline on every 1,000 steps."""
    numbers = safe_range(*args)
    if len(numbers) <= 1000:
        _check_deadline()
        return numbers
    return _ticking(numbers)


def _ticking(numbers: range):
    for index, number in enumerate(numbers):
        if index % 1000 == 0:
            _check_deadline()
        yield number


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """A sandbox where ``**`` and ``*`` cannot build numbers or texts beyond the limits.

    Immutable: lists and dicts from data cannot be changed (``l.append``), so a loop cannot
    pile up memory that way; a ``namespace()`` value is bounded on every assignment.
    """

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context, operator, left, right):
        if operator == "**" and _is_number(left) and _is_number(right):
            digits = abs(right) * math.log10(abs(left)) if abs(left) > 1 and right > 0 else 0
            if digits > limits.MAX_TEMPLATE_INT_DIGITS:
                raise RenderLimitExceeded(f"乘方结果过大（约 {digits:.0f} 位数字），模板中的数最多 "
                                    f"{limits.MAX_TEMPLATE_INT_DIGITS} 位")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) and \
                        len(sequence) * times > limits.MAX_RENDER_CHARS:
                    raise RenderLimitExceeded(f"重复后的内容过长（{len(sequence) * times:,} 项），超过了 "
                                        f"{limits.MAX_RENDER_CHARS:,} 的上限")
        return super().call_binop(context, operator, left, right)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class BoundedNamespace(Namespace):
    """``namespace()`` whose text or list values cannot outgrow ``MAX_RENDER_CHARS`` (``ns.s = ns.s ~ ns.s``)."""

    def __setitem__(self, name, value):
        if isinstance(value, (str, list, tuple, dict)) and len(value) > limits.MAX_RENDER_CHARS:
            raise RenderLimitExceeded(f"namespace 中的“{name}”过长（{len(value):,}），超过了 "
                                      f"{limits.MAX_RENDER_CHARS:,} 的上限（可能是循环中反复拼接）")
        super().__setitem__(name, value)


def prepare(env: BoundedSandbox) -> BoundedSandbox:
    env.globals["range"] = bounded_range
    env.globals["namespace"] = BoundedNamespace
    env.globals.pop("lipsum", None)  # lipsum(n=10**6) prints without bound and is no use in a 公文
    return env


class ConfinedLoader(jinja2.FileSystemLoader):
    """A file loader that refuses files whose real path (symbolic links resolved) leaves the template folders."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        roots = [os.path.realpath(root) for root in self.searchpath]
        if not any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
            raise SecurityError(f"“{template}”是指向模板文件夹以外的链接，出于安全考虑不能引用")
        return source, filename, uptodate


@contextmanager
def render_deadline():
    """Bound the time of one render: checked by ``range()``, and by SIGALRM in the main thread (any loop)."""
    previous = getattr(_deadline, "at", None)
    _deadline.at = time.monotonic() + limits.MAX_RENDER_SECONDS
    alarm = (threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
             and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None))
    if alarm:
        def expire(signum, frame):
            _check_deadline()  # raises inside the template's frame, which names the line

        signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, limits.MAX_RENDER_SECONDS + 0.05, 0.5)
    try:
        yield
    finally:
        _deadline.at = previous
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)


def bounded_output(chunks: Iterable[str]) -> str:
    """Join a template's output, refusing more than ``MAX_RENDER_CHARS`` characters as soon as it is reached."""
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > limits.MAX_RENDER_CHARS:
            exceeded = RenderLimitExceeded(f"模板输出超过 {limits.MAX_RENDER_CHARS:,} 个字符，已停止（可能是循环次数过多）")
            if hasattr(chunks, "throw"):  # raised where the template yielded, so its traceback names the line
                chunks.throw(exceeded)
            raise exceeded
        parts.append(chunk)
    return "".join(parts)
