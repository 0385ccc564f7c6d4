"""Typed errors of policy-ie.

Every error that bad input can cause is one of these, so callers can catch
exactly what they expect and a message always says where the problem is.
"""
from __future__ import annotations


class PolicyIEError(Exception):
    """Base class of every error raised on purpose by this package."""


class AnnotationError(PolicyIEError, ValueError):
    """An annotated file breaks the data contract (ANNOTATION.md).

    The message names the file, the line (1-based) and the problem.
    """

    def __init__(self, problem: str, path: str | None = None, line: int | None = None):
        self.problem = problem
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}"
            if line is not None:
                where += f", line {line}"
            where += ": "
        super().__init__(f"{where}{problem}")


class ConfigError(PolicyIEError, ValueError):
    """A training or evaluation configuration is invalid."""


class ModelFilesError(PolicyIEError, FileNotFoundError):
    """A model folder lacks a file that loading needs, or holds a broken one."""


class InputTextError(PolicyIEError, ValueError):
    """Text given to predict() is of the wrong type, empty or too large."""
