"""The text of the generated end-to-end test's outcomes: a skip when run() fails for want of
data that is not there (a network source out of reach, a missing file the notebook reads),
and a strict expected failure where the plan knows run() stops like the notebook did."""

from __future__ import annotations

from nb2mod.codegen.chunks import Chunk, styled, unstyled
from nb2mod.plan.model import ExpectedStop, Plan, TestPlan


def needs_run_helper(tests: TestPlan) -> bool:
    """The end-to-end test calls ``_run`` (not run()) when a failure may be data that is not
    there or a stop the notebook made too."""
    return bool(tests.network or tests.files or tests.stops)


def render_outcomes(plan: Plan) -> list[Chunk]:
    """The tables the skips and the expected failure read, and ``_run`` with its checks."""
    tests = plan.tests
    if not needs_run_helper(tests):
        return []
    stops = [(s.step, s.cell, exception_names(plan, s), s.text) for s in tests.stops]
    tables = (
        f"{_TABLES_HEAD}\nNETWORK = {tests.network!r}\nFILES = {tests.files!r}\n"
        f"{_STOPS_HEAD}\nSTOPS = {tuple(stops)!r}"
    )
    helper = _RUN.replace("pipeline.run(", f"pipeline.{plan.name('run')}(")
    return [unstyled(tables), styled(_STOPPED), styled(helper), styled(_CHECKS)]


def exception_names(plan: Plan, stop: ExpectedStop) -> tuple[str, ...]:
    """The class names ``stop`` expects, PipelineError as pipeline.py names it."""
    error = plan.name("PipelineError")
    return tuple(error if name == "PipelineError" else name for name in stop.exceptions)


def xfail_decorator(tests: TestPlan) -> str:
    """``@pytest.mark.xfail(strict=True, ...)`` naming where run() stops, or nothing."""
    if not tests.stops:
        return ""
    where = "; ".join(s.why for s in tests.stops)
    reason = f"run() stops where the notebook does: {where}"
    return f"@pytest.mark.xfail(strict=True, raises=_StopsLikeTheNotebook, reason={reason!r})\n"


_TABLES_HEAD = """# run() may fail for want of data that is not there here; the end-to-end tests then skip,
# naming it: the network sources the notebook reads, and the files (path, cell) it reads
# by a literal path that no Config field names and no earlier cell writes."""

_STOPS_HEAD = """# Where run() stops like the notebook did (step, cell, exception class names, text of its
# message): the end-to-end test expects that failure (strict: it fails if run() gets
# through or fails in any other way)."""

_STOPPED = '''class _StopsLikeTheNotebook(Exception):
    """run() failed where STOPS says the notebook stops."""'''

_RUN = '''def _run(pipeline, config):
    """run(config); skips when it fails for want of data that is not there (NETWORK,
    FILES), raises _StopsLikeTheNotebook when it fails where the notebook did (STOPS).
    Any other failure fails the test."""
    try:
        return pipeline.run(config)
    except Exception as exc:
        chain = _chain(exc)
        if NETWORK and any(_network_error(error) for error in chain):
            pytest.skip(
                f"the notebook's data comes from the network, not reachable here: "
                f"{', '.join(NETWORK)} ({type(exc).__name__}: {exc})"
            )
        missing = _missing_files(chain)
        if missing:
            pytest.skip(f"the notebook's data is not there: {', '.join(missing)} not found")
        _raise_if_it_stops_like_the_notebook(pipeline, exc, chain)
        raise'''

_CHECKS = '''def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and the exceptions it was raised from or while handling."""
    chain = [exc]
    while True:
        cause = chain[-1].__cause__ or chain[-1].__context__
        if cause is None or cause in chain:
            return chain
        chain.append(cause)


_NETWORK_NAMES = frozenset(
    (
        "ConnectionError Timeout ConnectTimeout ReadTimeout SSLError ProxyError NewConnectionError "
        "MaxRetryError NameResolutionError ConnectTimeoutError ReadTimeoutError ProtocolError "
        "ConnectError NetworkError TimeoutException"
    ).split()
)


def _network_error(error: BaseException) -> bool:
    """A failure to reach a network source: urllib's, socket's, http.client's, or a
    connection error of requests, urllib3 or httpx."""
    import http.client
    import socket
    import urllib.error

    kinds = (urllib.error.URLError, socket.gaierror, TimeoutError, ConnectionError)
    if isinstance(error, (*kinds, http.client.HTTPException)):
        return True
    return any(
        kind.__name__ in _NETWORK_NAMES
        and kind.__module__.split(".")[0] in ("requests", "urllib3", "httpx")
        for kind in type(error).__mro__
    )


def _missing_files(chain: list[BaseException]) -> list[str]:
    """The FILES a FileNotFoundError in ``chain`` names that the data folder lacks too."""
    missing = []
    for error in chain:
        if not isinstance(error, FileNotFoundError) or error.filename is None:
            continue
        named = os.path.normpath(os.fsdecode(error.filename))
        for path, cell in FILES:
            normal = os.path.normpath(path)
            if named == normal or named.endswith(os.sep + normal):
                if not (_data_folder() / path).exists():
                    missing.append(f"{path!r} (read in cell {cell})")
    return missing


def _raise_if_it_stops_like_the_notebook(pipeline, exc, chain) -> None:
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    steps = {frame.name for frame in frames if frame.filename == pipeline.__file__}
    for step, cell, names, text in STOPS:
        for error in chain:
            named = any(kind.__name__ in names for kind in type(error).__mro__)
            if step in steps and named and text in str(error):
                raise _StopsLikeTheNotebook(
                    f"cell {cell} ({step}): {type(error).__name__}: {error}"
                ) from exc'''
