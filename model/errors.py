"""Typed errors of policy-ie.

Every error that bad input can cause is one of these, so callers can catch
exactly what they expect and a message always says where the problem is.
Each class also says how a front end reports it: ``exit_code`` for the
command line, ``http_status`` for a web service (the caller's input is a
4xx, a broken model or configuration on the server's side a 5xx).
"""
from __future__ import annotations


class PolicyIEError(Exception):
    """Base class of every error raised on purpose by this package."""

    exit_code: int = 1
    http_status: int = 500


class AnnotationError(PolicyIEError, ValueError):
    """An annotated file breaks the data contract (ANNOTATION.md).

    The message names the file, the line (1-based) and the problem.
    """

    exit_code = 2
    http_status = 400

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

    exit_code = 3
    http_status = 500


class ModelFilesError(PolicyIEError, FileNotFoundError):
    """A model folder lacks a file that loading needs, or holds a broken one."""

    exit_code = 4
    http_status = 503


class ArgumentError(PolicyIEError, TypeError):
    """An argument of predict(), load_model() … that is not text has the wrong type or value
    (batch_size=0, model=123, max_chars="10"). The message names the argument."""

    exit_code = 2
    http_status = 422


class InputTextError(PolicyIEError, ValueError):
    """Text given to predict() is of the wrong type, empty, too large or not valid Unicode."""

    exit_code = 2
    http_status = 422
