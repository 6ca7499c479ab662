"""IPython syntax normalisation: one case per magic form and per known trap."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nb2mod.ipython_syntax import normalise_cell

# (source, expected normalised code, expected line map, expected magics as (kind, name, args, line))
CASES = {
    "plain python is unchanged": ("x = 1\ny = x", "x = 1\ny = x\n", (1, 2), []),
    "line magic": (
        "%matplotlib inline\nimport os",
        "get_ipython().run_line_magic('matplotlib', 'inline')\nimport os\n",
        (1, 2),
        [("line_magic", "matplotlib", "inline", 1)],
    ),
    "shell escape": (
        "!ls -l $x {y}",
        "get_ipython().system('ls -l $x {y}')\n",
        (1,),
        [("shell", "!", "ls -l $x {y}", 1)],
    ),
    "shell assign": (
        "x = 1\nfiles = !ls",
        "x = 1\nfiles = get_ipython().getoutput('ls')\n",
        (1, 2),
        [("shell_assign", "!", "ls", 2)],
    ),
    "magic assign": (
        "home = %env HOME",
        "home = get_ipython().run_line_magic('env', 'HOME')\n",
        (1,),
        [("magic_assign", "env", "HOME", 1)],
    ),
    "help": (
        "a = 1\nobj?\n??other",
        "a = 1\nget_ipython().run_line_magic('pinfo', 'obj')\n"
        "get_ipython().run_line_magic('pinfo2', 'other')\n",
        (1, 2, 3),
        [("help", "pinfo", "obj", 2), ("help", "pinfo2", "other", 3)],
    ),
    "cell magic with a non-Python body": (
        "%%bash\necho hi\n",
        "get_ipython().run_cell_magic('bash', '', 'echo hi\\n')\n",
        (1,),
        [("cell_magic", "bash", "", 1)],
    ),
    "pip line magic": (
        "%pip install foo",
        "get_ipython().run_line_magic('pip', 'install foo')\n",
        (1,),
        [("line_magic", "pip", "install foo", 1)],
    ),
    "indented magic inside a block": (
        "for i in range(3):\n    %timeit f(i)\nx = 2",
        "for i in range(3):\n    get_ipython().run_line_magic('timeit', 'f(i)')\nx = 2\n",
        (1, 2, 3),
        [("line_magic", "timeit", "f(i)", 2)],
    ),
    "%time runs its statement in the namespace": (
        "%time x = f()\nprint(x)",
        "x = f()\nprint(x)\n",
        (1, 2),
        [("line_magic", "time", "x = f()", 1)],
    ),
    "%time with a backslash continuation keeps later lines mapped": (
        "%time x = 1 + \\\n  2\nprint(x)",
        "x = 1 +    2\nprint(x)\n",
        (1, 3),
        [("line_magic", "time", "x = 1 +    2", 1)],
    ),
    "%%time body stays code": (
        "%%time\nx = 1\n!ls\ny = 2\n",
        "x = 1\nget_ipython().system('ls')\ny = 2\n",
        (2, 3, 4),
        [("cell_magic", "time", "", 1), ("shell", "!", "ls", 3)],
    ),
    "%%capture body stays code": (
        "%%capture out\nprint(1)",
        "print(1)\n",
        (2,),
        [("cell_magic", "capture", "out", 1)],
    ),
    "automagic cd is made explicit": (
        "cd /tmp\nx = 1",
        "get_ipython().run_line_magic('cd', '/tmp')\nx = 1\n",
        (1, 2),
        [("line_magic", "cd", "/tmp", 1)],
    ),
    "automagic pip": (
        "pip install pandas",
        "get_ipython().run_line_magic('pip', 'install pandas')\n",
        (1,),
        [("line_magic", "pip", "install pandas", 1)],
    ),
    "a variable named like a magic is not automagic": (
        "time = 3\ntime / 2\nls = [1]\nls.append(2)",
        "time = 3\ntime / 2\nls = [1]\nls.append(2)\n",
        (1, 2, 3, 4),
        [],
    ),
    "automagic-looking text inside a string is left alone": (
        'x = """\ncd /tmp\n"""',
        'x = """\ncd /tmp\n"""\n',
        (1, 2, 3),
        [],
    ),
    "top-level await is kept": ("await asyncio.sleep(1)", "await asyncio.sleep(1)\n", (1,), []),
    "%time with only a comment is not unwrapped": (
        "if True:\n    %time # nothing\n",
        "if True:\n    get_ipython().run_line_magic('time', '# nothing')\n",
        (1, 2),
        [("line_magic", "time", "# nothing", 2)],
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_normalise(case: str) -> None:
    source, code, line_map, magics = CASES[case]
    result = normalise_cell(source, cell=7)
    assert result.code == code
    assert result.line_map == line_map
    assert [(m.kind, m.name, m.args, m.line) for m in result.magics] == magics
    assert all(m.cell == 7 for m in result.magics)


def test_cell_magic_keeps_body_and_shell_assign_keeps_target() -> None:
    cell = normalise_cell("%%writefile out.txt\nhello\n")
    assert cell.magics[0].body == "hello\n"
    assert cell.magics[0].args == "out.txt"
    assert normalise_cell("files = !ls").magics[0].target == "files"
    assert normalise_cell("%%capture captured\nx = 1").magics[0].target == "captured"


def test_python2_print_is_left_unparsable_for_nb001() -> None:
    cell = normalise_cell("print 'hello'")
    assert cell.code == "print 'hello'\n"
    with pytest.raises(SyntaxError):
        ast.parse(cell.code)


_LINE = st.sampled_from(
    ["x = 1", "%time y = 2", "!ls", "files = !ls", "%matplotlib inline", "print(x)", "", "obj?"]
)


@given(st.lists(_LINE, max_size=12))
def test_every_normalised_line_maps_to_a_real_line(lines: list[str]) -> None:
    source = "\n".join(lines)
    cell = normalise_cell(source)
    assert len(cell.line_map) == len(cell.code.splitlines())
    assert all(1 <= line <= max(len(lines), 1) for line in cell.line_map)
    assert list(cell.line_map) == sorted(cell.line_map)
