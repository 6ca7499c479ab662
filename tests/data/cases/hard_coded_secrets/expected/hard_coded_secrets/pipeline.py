"""The pipeline of input.ipynb, one function per notebook section; run() runs it all."""

from __future__ import annotations

import logging
from typing import Any

from hard_coded_secrets.config import Config

logger = logging.getLogger(__name__)


class PipelineError(Exception):
    """A step failed on its input; the message names the config field or the path."""


# cell 3
def connect(user, password=None):
    return {"user": user, "password_length": len(password or "")}


# cell 4
def headers(token="[secret removed by nb2mod]"):
    # the old key was [secret removed by nb2mod]
    return {"Authorization": f"Bearer {token}", "X-Key": Config().x_key}


def connect_step(config: Config) -> tuple[Any, ...]:
    """Connect (notebook cells 2, 3, 4).

    The service key for the demo account is [secret removed by nb2mod] (do not share).
    """
    # cell 2
    AWS_ACCESS_KEY_ID = config.aws_access_key_id
    password = config.password
    pwd = config.pwd
    region = config.region
    # cell 3
    github_token = config.github_token
    settings = {"api_key": config.api_key, "region": region}

    conn = connect("bob", password=config.password)
    url = config.url
    # cell 4
    sent = headers()
    banner = f"connected with [secret removed by nb2mod]"
    return AWS_ACCESS_KEY_ID, password, pwd, github_token, settings, conn, url, sent, banner


def compute(password, pwd, conn, url, sent, banner) -> Any:
    """Compute (notebook cell 6)."""
    # cell 6
    total = len(password) + len(pwd) + len(conn) + len(url)
    logger.info("%s %s %s", total, len(sent), len(banner))
    return total


def run(config: Config | None = None) -> dict[str, Any]:
    """Run the notebook's steps in order and return its final results by name (relative
    input paths are read from config.data_dir, written files go below config.output_dir).
    """
    config = (config if config is not None else Config()).resolve_paths()
    AWS_ACCESS_KEY_ID, password, pwd, github_token, settings, conn, url, sent, banner = (
        connect_step(config)
    )
    total = compute(password, pwd, conn, url, sent, banner)
    return {
        "AWS_ACCESS_KEY_ID": AWS_ACCESS_KEY_ID,
        "github_token": github_token,
        "settings": settings,
        "sent": sent,
        "banner": banner,
        "total": total,
    }
