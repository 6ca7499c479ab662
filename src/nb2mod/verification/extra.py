"""Whether the optional ``verify`` extra (nbclient, ipykernel) is installed."""

from __future__ import annotations

import importlib.util


class VerifyUnavailableError(Exception):
    """nbclient or ipykernel is missing; the message says how to install them."""


def require_verify_extra() -> None:
    missing = [m for m in ("nbclient", "ipykernel") if importlib.util.find_spec(m) is None]
    if missing:
        raise VerifyUnavailableError(
            f"nb2mod verify needs {' and '.join(missing)}: pip install 'nb2mod[verify]'"
        )
