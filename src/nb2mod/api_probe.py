"""Whether the installed libraries have the APIs a notebook uses, asked of the interpreter the
dependencies resolve in.

``probe_apis(python, questions)`` runs that interpreter once, the way nb2mod.signatures asks
it (``environment.run_isolated``: ``-I``, an empty scratch folder, a timeout). There it
imports the module paths the notebook imports, only those under the top-level modules it is
given (the installed third-party libraries listed as dependencies: never the notebook's own
modules), then reads each attribute through the modules and classes those imports loaded,
checks the methods called on objects the notebook makes by calling a class (the class has
no such attribute, no ``__getattr__``, no ``__init__`` parameter of that name, and the name
does not end in ``_`` as fitted attributes do), and binds each call's shape (``inspect.signature(obj).bind``, placeholders for the values)
when the callable is Python code (a function, or a class with a Python ``__init__`` and
the default ``__new__`` and metaclass call: a C function's text signature is not trusted,
``numpy.arange(start=0, stop=3)`` binds at run time but not by its text signature).
It answers only what it found missing: an import that raises ImportError, an attribute that
is not there (and is no submodule that could be imported later), a call that cannot bind with
the signature either way (through ``__wrapped__`` and not). Anything it cannot tell (no
signature, the module not installed, an error of another kind, the child failing) is left
out: unknown, so nothing is claimed. Answers are cached per interpreter and questions for
the life of the process (converting the same notebook again asks nothing).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field

from nb2mod.environment import run_isolated

# Run in the interpreter asked: reads the questions (JSON) on stdin, answers on its last line.
_PROBE = r"""
import importlib, importlib.util, inspect, json, sys, types, warnings
from importlib import metadata
warnings.simplefilter("ignore")
ask, missing, libraries, UNKNOWN = json.loads(sys.stdin.read()), {}, {}, object()
tops = set(ask["tops"])

def first(exc):
    return (str(exc).splitlines() or [""])[0]

def load(path):
    try:
        return importlib.import_module(path)
    except ImportError as exc:
        missing["import " + path] = [type(exc).__name__, first(exc), ""]
    except BaseException:
        pass
    return None

def submodule(path):
    try:
        return importlib.util.find_spec(path) is not None
    except BaseException:
        return False

def resolve(dotted):
    parts = dotted.split(".")
    found = sys.modules.get(parts[0]) if parts[0] in tops else None
    if found is None:
        return UNKNOWN
    for index, part in enumerate(parts[1:], 2):
        if not isinstance(found, (types.ModuleType, type)):
            return UNKNOWN
        try:
            found = getattr(found, part)
        except AttributeError as exc:
            if not (isinstance(found, types.ModuleType) and submodule(".".join(parts[:index]))):
                missing["attribute " + dotted] = ["AttributeError", first(exc), ""]
            return UNKNOWN
        except BaseException:
            return UNKNOWN
    return found

def python_code(found):  # a signature read from Python code, not a C text signature
    if inspect.isclass(found):
        plain = type(found).__call__ is type.__call__ and found.__new__ is object.__new__
        return plain and inspect.isfunction(found.__init__)
    found = inspect.unwrap(found)
    return inspect.isfunction(found) or inspect.isfunction(getattr(found, "__func__", None))

def refuses(found, args, keywords):
    if not python_code(found):
        return None
    placeholders = {k: None for k in keywords}
    refusal = None
    for follow in (True, False):
        try:
            signature = inspect.signature(found, follow_wrapped=follow)
        except BaseException:
            return None
        try:
            signature.bind(*[None] * args, **placeholders)
            return None
        except TypeError as exc:
            refusal = refusal or [first(exc), signature]
        except BaseException:
            return None
    return refusal

for path, names in ask["imports"]:
    module = load(path) if path.split(".")[0] in tops else None
    for name in names if module is not None else ():
        try:
            if hasattr(module, name):
                continue
            importlib.import_module(path + "." + name)
        except ModuleNotFoundError as exc:
            if exc.name == path + "." + name:
                text = f"cannot import name {name!r} from {path!r}"
                missing[f"from {path} import {name}"] = ["ImportError", text, ""]
        except BaseException:
            pass
for dotted in ask["attributes"]:
    resolve(dotted)
for dotted, args, keywords in ask["calls"]:
    found = resolve(dotted)
    refusal = None if found is UNKNOWN or not callable(found) else refuses(found, args, keywords)
    if refusal is not None:
        message, signature = refusal
        name = message.rpartition(": ")[2].strip("'")
        kind = signature.parameters[name].kind.name if name in signature.parameters else ""
        missing[f"call {dotted} {args} {','.join(keywords)}"] = ["TypeError", message, kind]
for dotted, method in ask["methods"]:  # vec.get_feature_names() on vec = CountVectorizer()
    found = resolve(dotted)
    if not isinstance(found, type) or method.endswith("_") or hasattr(found, method):
        continue
    if hasattr(found, "__getattr__") or found.__getattribute__ is not object.__getattribute__:
        continue  # its instances may answer any name
    try:
        if method in inspect.signature(found).parameters:
            continue  # set on the instance by __init__
    except BaseException:
        continue
    text = f"object has no attribute {method!r}"
    missing[f"method {dotted} {method}"] = ["AttributeError", text, ""]
for top in sorted({key.split()[1].split(".")[0] for key in missing} & set(sys.modules)):
    try:
        dist = (metadata.packages_distributions().get(top) or [top])[0]
        libraries[top] = f"{dist} {metadata.version(dist)}"
    except BaseException:
        pass
print("\n" + json.dumps({"missing": missing, "libraries": libraries}))
"""
_TIMEOUT = 120


@dataclass(frozen=True)
class ApiQuestions:
    """What to ask: module paths with the names imported from them, attributes, call shapes,
    and the top-level modules the child may import."""

    tops: tuple[str, ...] = ()
    imports: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ('scipy', ('exp',)), ('a.b', ())
    attributes: tuple[str, ...] = ()  # 'matplotlib.cm.spectral'
    calls: tuple[tuple[str, int, tuple[str, ...]], ...] = ()  # ('yaml.load', 1, ())
    methods: tuple[tuple[str, str], ...] = ()  # (class, method): ('a.CountVectorizer', 'fit')

    def __bool__(self) -> bool:
        asked = self.imports or self.attributes or self.calls or self.methods
        return bool(self.tops and asked)


@dataclass(frozen=True)
class Missing:
    """What the installed library lacks: the exception a use of it raises and its message
    (for a call: the bind's message, and the kind of the parameter it names)."""

    exception: str
    message: str
    parameter: str = ""  # POSITIONAL_OR_KEYWORD, KEYWORD_ONLY...: a missing argument's kind


@dataclass(frozen=True)
class ApiAnswers:
    """What one interpreter's installed libraries lack of the APIs asked about."""

    # 'import a.b', 'from scipy import exp', 'attribute numpy.float', 'call yaml.load 1 '
    missing: Mapping[str, Missing] = field(default_factory=dict)
    libraries: Mapping[str, str] = field(default_factory=dict)  # sklearn -> scikit-learn 1.9.1
    problem: str = ""  # why the interpreter could not be asked (then nothing is missing)


def import_key(module: str, name: str | None = None) -> str:
    return f"from {module} import {name}" if name else f"import {module}"


def attribute_key(dotted: str) -> str:
    return f"attribute {dotted}"


def call_key(dotted: str, args: int, keywords: tuple[str, ...]) -> str:
    return f"call {dotted} {args} {','.join(keywords)}"


def method_key(dotted: str, method: str) -> str:
    return f"method {dotted} {method}"


def probe_apis(python: str, questions: ApiQuestions) -> ApiAnswers:
    """The answers of ``python`` for ``questions`` (nothing asked when there are none)."""
    if not questions:
        return ApiAnswers()
    ask = {
        "tops": sorted(questions.tops),
        "imports": [[m, list(names)] for m, names in questions.imports],
        "attributes": list(questions.attributes),
        "calls": [[d, a, list(k)] for d, a, k in questions.calls],
        "methods": [list(m) for m in questions.methods],
    }
    python = os.path.abspath(python)
    key = (python, json.dumps(ask, sort_keys=True))
    if key not in _ANSWERED:
        found = _ask(*key)
        if found.problem:
            return found  # asked again next time
        _ANSWERED[key] = found
    return _ANSWERED[key]


_ANSWERED: dict[tuple[str, str], ApiAnswers] = {}  # (interpreter, questions) -> answers


def _ask(python: str, ask: str) -> ApiAnswers:
    try:
        done = run_isolated(python, _PROBE, _TIMEOUT, stdin=ask)
    except subprocess.TimeoutExpired:
        return ApiAnswers(problem=f"{python} did not answer in {_TIMEOUT} s")
    except OSError as exc:
        return ApiAnswers(problem=f"cannot run {python}: {exc}")
    try:
        data = json.loads(done.stdout.strip().splitlines()[-1])
        missing = {str(k): Missing(*(str(p) for p in v)) for k, v in data["missing"].items()}
        libraries = {str(k): str(v) for k, v in data["libraries"].items()}
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        last = (done.stderr.strip().splitlines() or ["no answer"])[-1]
        return ApiAnswers(problem=f"{python} could not be asked: {last}")
    return ApiAnswers(missing, libraries)


__all__ = [
    "ApiAnswers",
    "ApiQuestions",
    "Missing",
    "attribute_key",
    "call_key",
    "import_key",
    "method_key",
    "probe_apis",
]
