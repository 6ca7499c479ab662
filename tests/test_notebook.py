"""Reading notebooks: versions, cell model, and one-line refusals of bad input."""

from __future__ import annotations

import json

import pytest
from conftest import CORPUS, make_notebook, needs_corpus, write_notebook

from nb2mod.errors import (
    NotANotebookError,
    NotebookError,
    NotJSONError,
    NotPythonError,
    TruncatedNotebookError,
    UnreadableFileError,
    UnsupportedVersionError,
)
from nb2mod.notebook import read_notebook


def test_cells_are_numbered_from_one_in_file_order_with_all_fields() -> None:
    data = make_notebook(("markdown", "# Title"), "x = 1", ("raw", "raw text"))
    data["cells"][1]["metadata"]["tags"] = ["parameters"]
    data["cells"][1]["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": "hi"},
        {"output_type": "error", "ename": "ValueError", "evalue": "x", "traceback": []},
    ]
    nb = read_notebook(data)
    assert [c.index for c in nb.cells] == [1, 2, 3]
    assert [c.kind for c in nb.cells] == ["markdown", "code", "raw"]
    code = nb.cells[1]
    assert code.source == "x = 1"
    assert code.tags == ("parameters",)
    assert code.execution_count == 2
    assert code.cell_id == "c2"
    assert code.outputs.count == 2
    assert code.outputs.has_error
    assert code.outputs.error_names == ("ValueError",)
    assert not nb.cells[0].outputs.has_error


def test_source_given_as_list_of_lines_is_joined() -> None:
    data = make_notebook("")
    data["cells"][0]["source"] = ["a = 1\n", "b = 2"]
    assert read_notebook(data).cells[0].source == "a = 1\nb = 2"


def test_reads_from_path_text_and_dict(tmp_path) -> None:
    path = write_notebook(tmp_path / "nb.ipynb", "x = 1")
    text = path.read_text()
    assert read_notebook(path).path == str(path)
    assert read_notebook(str(path)).cells[0].source == "x = 1"
    assert read_notebook(text, path="given.ipynb").path == "given.ipynb"
    assert read_notebook(json.loads(text)).cells[0].source == "x = 1"


def test_notebook_without_kernelspec_is_python() -> None:
    data = make_notebook("x = 1")
    data["metadata"] = {}
    assert read_notebook(data).language == "python"


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        ("", NotJSONError, "empty file"),
        ("{not json", NotJSONError, "line 1, column 2"),
        ('{"nbformat": 4, "cells": [', TruncatedNotebookError, "truncated"),
        ("[1, 2]", NotANotebookError, "is a list"),
        ('{"a": 1}', NotANotebookError, "not a notebook"),
        ('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}', NotANotebookError, "cells"),
        ('{"nbformat": 9, "cells": []}', UnsupportedVersionError, "v9"),
        ('{"nbformat": "four", "cells": []}', NotANotebookError, "not a number"),
    ],
)
def test_bad_input_is_refused_with_a_typed_error_naming_the_file(
    tmp_path, content: str, error: type[NotebookError], words: str
) -> None:
    path = tmp_path / "bad.ipynb"
    path.write_text(content)
    with pytest.raises(error) as info:
        read_notebook(path)
    message = str(info.value)
    assert message.startswith(str(path) + ": ")
    assert words in message
    assert "\n" not in message


def test_other_kernel_language_is_refused() -> None:
    data = make_notebook("x <- 1")
    data["metadata"]["kernelspec"] = {"name": "ir", "language": "R", "display_name": "R"}
    with pytest.raises(NotPythonError, match="'R', not Python"):
        read_notebook(data, path="r.ipynb")


def test_missing_file_and_directory_are_unreadable(tmp_path) -> None:
    with pytest.raises(UnreadableFileError, match="no such file"):
        read_notebook(tmp_path / "missing.ipynb")
    with pytest.raises(UnreadableFileError, match="is a folder"):
        read_notebook(tmp_path)


def test_non_utf8_file_is_unreadable(tmp_path) -> None:
    path = tmp_path / "latin.ipynb"
    path.write_bytes(b'{"nbformat": 4, "cells": ["\xff"]}')
    with pytest.raises(UnreadableFileError, match="not UTF-8"):
        read_notebook(path)


def test_schema_invalid_notebook_is_read_with_a_warning() -> None:
    data = make_notebook("x = 1")
    del data["cells"][0]["outputs"]
    nb = read_notebook(data)
    assert nb.cells[0].source == "x = 1"
    assert any("schema" in w for w in nb.warnings)


def test_v3_notebook_is_upgraded() -> None:
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {"name": "old"},
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "heading", "level": 1, "source": "Title", "metadata": {}},
                    {
                        "cell_type": "code",
                        "input": ["x = 1\n", "print(x)"],
                        "language": "python",
                        "outputs": [],
                        "prompt_number": 3,
                        "metadata": {},
                    },
                ],
                "metadata": {},
            }
        ],
    }
    nb = read_notebook(v3)
    assert nb.nbformat == (3, 0)
    assert [c.kind for c in nb.cells] == ["markdown", "code"]
    assert nb.cells[1].source == "x = 1\nprint(x)"
    assert nb.cells[1].execution_count == 3
    assert any("upgraded" in w for w in nb.warnings)
    # the converter draws cell ids at random: none is kept, so every read is the same
    assert all(c.cell_id is None for c in nb.cells)
    assert read_notebook(v3) == nb


@needs_corpus
@pytest.mark.parametrize(
    "name", ["tests__test2.ipynb", "tests__test3.ipynb", "tests__test4.5.ipynb"]
)
def test_corpus_nbformat_versions_are_read(name: str) -> None:
    nb = read_notebook(CORPUS / "jupyter__nbformat" / name)
    assert nb.code_cells
