"""Typed errors for input nb2mod cannot use; each names the file (and cell) it is about."""

from __future__ import annotations


class NotebookError(Exception):
    """A notebook (or a file given as one) that nb2mod cannot use.

    The message is one line: ``path: reason`` or ``path:cell N: reason``.
    """

    def __init__(self, path: str, reason: str, cell: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.cell = cell
        where = f"{path}:cell {cell}" if cell is not None else path
        super().__init__(f"{where}: {reason}")


class UnreadableFileError(NotebookError):
    """The file does not exist, is a directory, cannot be opened or is not UTF-8 text."""


class NotJSONError(NotebookError):
    """The file is not JSON (the message gives line and column)."""


class TruncatedNotebookError(NotJSONError):
    """The JSON ends before the document is complete."""


class NotANotebookError(NotebookError):
    """The file is JSON but not a Jupyter notebook."""


class UnsupportedVersionError(NotebookError):
    """The nbformat major version is one nb2mod cannot read."""


class NotPythonError(NotebookError):
    """The notebook's kernel runs a language other than Python."""


class ConfigError(Exception):
    """Bad settings: an unknown key, a bad value, or a bad option combination."""


class OutputError(Exception):
    """The output folder cannot take the package; the message is one line naming the path."""


class OutputExistsError(OutputError):
    """A file nb2mod would write exists with other content and --force was not given."""


class UnsafeOutputError(OutputError):
    """A path nb2mod would write through is a symlink, or not a folder or a regular file."""
