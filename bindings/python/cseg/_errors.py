"""Exceptions raised by cseg.

Every C call that returns a status other than ``CSEG_OK`` raises one of these,
carrying the library's message (``cseg_last_error()``), which names the
offending argument, row, column or file position.

The hierarchy mirrors the C status codes while staying catchable by the
built-in types Python users expect::

    Error (RuntimeError)                         every cseg failure
    ├── InvalidArgumentError (ValueError)        CSEG_E_INVALID_ARG
    │   └── MissingValuesError                   CSEG_E_MISSING_VALUES
    ├── NotFittedError (ValueError, AttributeError)  CSEG_E_NOT_FITTED
    ├── FileError (OSError)                      CSEG_E_IO
    │   ├── FormatError                          CSEG_E_FORMAT
    │   └── VersionError                         CSEG_E_VERSION
    ├── OutOfMemoryError (MemoryError)           CSEG_E_NOMEM
    ├── UnsupportedError                         CSEG_E_UNSUPPORTED
    ├── CancelledError                           CSEG_E_CANCELLED
    ├── NotConvergedError                        CSEG_E_NOT_CONVERGED
    └── InternalError                            CSEG_E_INTERNAL

A syntax error in segment rules is a :class:`RuleSyntaxError`, an
``InvalidArgumentError`` (so a ``ValueError``) with ``line`` and ``column``,
not the ``FormatError`` (an ``OSError``) the C status maps to: rule text is an
argument, not a file.

``NotFittedError`` also derives from ``sklearn.exceptions.NotFittedError``
when scikit-learn is installed, so code written for scikit-learn catches it.
"""

from __future__ import annotations

import re
from typing import Dict, Optional, Type

try:  # scikit-learn is optional for this module only
    from sklearn.exceptions import NotFittedError as _SklearnNotFittedError
except ImportError:  # pragma: no cover - exercised without sklearn
    class _SklearnNotFittedError(ValueError, AttributeError):  # type: ignore[no-redef]
        """Stand-in with scikit-learn's bases."""

__all__ = [
    "Error",
    "InvalidArgumentError",
    "MissingValuesError",
    "NotFittedError",
    "FileError",
    "FormatError",
    "VersionError",
    "OutOfMemoryError",
    "UnsupportedError",
    "CancelledError",
    "NotConvergedError",
    "InternalError",
    "RuleSyntaxError",
]


class Error(RuntimeError):
    """Base class of every error raised by cseg.

    Attributes
    ----------
    status : int
        The C ``cseg_status`` code.
    """

    status: int = 11


class InvalidArgumentError(Error, ValueError):
    """An argument is NULL, out of range or inconsistent (``CSEG_E_INVALID_ARG``)."""

    status = 1


class MissingValuesError(InvalidArgumentError):
    """The data holds missing values (NaN) and nothing allows them (``CSEG_E_MISSING_VALUES``)."""

    status = 7


class NotFittedError(Error, _SklearnNotFittedError):
    """The model has not been fitted or loaded yet (``CSEG_E_NOT_FITTED``).

    Derives from ``ValueError`` and ``AttributeError`` (and from
    ``sklearn.exceptions.NotFittedError`` when scikit-learn is installed).
    """

    status = 6


class FileError(Error, OSError):
    """A file could not be opened, read, written or renamed (``CSEG_E_IO``)."""

    status = 3


class FormatError(FileError):
    """Malformed CSV, or a corrupt or truncated model file (``CSEG_E_FORMAT``)."""

    status = 4


class VersionError(FileError):
    """A model file written by a newer, incompatible format version (``CSEG_E_VERSION``)."""

    status = 9


class OutOfMemoryError(Error, MemoryError):
    """An allocation failed or the request would not fit (``CSEG_E_NOMEM``)."""

    status = 2


class UnsupportedError(Error):
    """Unknown parameter key, wrong type, or a missing feature (``CSEG_E_UNSUPPORTED``)."""

    status = 5


class CancelledError(Error):
    """A progress callback asked to stop (``CSEG_E_CANCELLED``)."""

    status = 8


class NotConvergedError(Error):
    """An optimiser failed to converge where that is fatal (``CSEG_E_NOT_CONVERGED``)."""

    status = 10


class InternalError(Error):
    """A bug in cseg (``CSEG_E_INTERNAL``): please report it."""

    status = 11


class RuleSyntaxError(InvalidArgumentError):
    """Segment rules that do not parse (``CSEG_E_FORMAT`` from the rule parser).

    Attributes
    ----------
    line, column : int or None
        1-based position of the error in the rule text, when the message gives one.
    """

    status = 4

    def __init__(self, message: str, line: Optional[int] = None,
                 column: Optional[int] = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column

    @classmethod
    def _from(cls, exc: Error) -> "RuleSyntaxError":
        """The same message, with the position read from its "line L, column C"."""
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        new = cls(str(exc), *(int(g) for g in m.groups()) if m else ())
        new.status = exc.status
        return new


_BY_STATUS: Dict[int, Type[Error]] = {
    cls.status: cls
    for cls in (InvalidArgumentError, OutOfMemoryError, FileError, FormatError,
                UnsupportedError, NotFittedError, MissingValuesError,
                CancelledError, VersionError, NotConvergedError, InternalError)
}


def _from_status(status: int, message: str) -> Error:
    """Build the exception for a C status; called by the extension module."""
    cls = _BY_STATUS.get(status, Error)
    # One argument only: OSError reads two as (errno, strerror).
    exc = cls(message)
    exc.status = status
    return exc


# Show and pickle the errors as cseg.X, where users import them from.
for _cls in (Error, RuleSyntaxError, *_BY_STATUS.values()):
    _cls.__module__ = "cseg"
del _cls
