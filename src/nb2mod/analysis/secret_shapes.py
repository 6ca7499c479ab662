"""What a secret looks like: well-known key shapes, secret-like names, placeholders (NB108)."""

from __future__ import annotations

import re

# Well-known key shapes; found anywhere in any cell, comments and markdown included.
KEY_SHAPES = {
    "AWS access key id": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "Stripe live key": re.compile(r"\b[sr]k_live_[0-9A-Za-z]{20,}"),
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{40,})"),
    "OpenAI key": re.compile(r"\bsk-(?:proj-)?[0-9A-Za-z_-]{32,}"),
    "Slack token": re.compile(r"\bxox[baprs]-[0-9A-Za-z-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}"),
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
}
# Plain substrings every key shape contains: a cheap test before the regular expressions.
SHAPE_ANCHORS = (
    "AKIA", "ASIA", "k_live_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "sk-",
    "xox", "AIza", "PRIVATE KEY",
)  # fmt: skip
SECRET_WORDS = (
    "passw", "passphrase", "pwd", "secret", "token", "api_key", "apikey", "access_key",
    "accesskey", "private_key", "privatekey", "auth_key", "authkey",
)  # fmt: skip
# A secret-like name followed by ``=`` or ``:`` and a string literal, on one line of code:
# only cells holding such a line are handed to the (slower) syntax-tree gatherer.
_SECRET_BINDING = re.compile(
    r"(?i)(?:passw|passphrase|pwd|secret|token|api_?key|access_?key|private_?key|auth_?key)"
    r"\w*['\"]?\]?\s*(?::\s*[\w.]+\s*)?[=:]\s*[rbu]{0,2}['\"]"
)
_PLACEHOLDER = re.compile(
    r"(?i)your|xxx|\*\*\*|\.\.\.|[<>{}\[\]]|change_?me|example|placeholder|dummy|insert|"
    r"replace|fake|redacted|^none$|^null$"
)
_NOT_SECRET_WORDS = frozenset(
    "file path dir folder name url uri env var type id field len length count size max min num "
    "idx index header prefix suffix pattern regex label col column key_col format fmt hash "
    "hint prompt char chars list ids mask".split()
)


def secret_kind(name: str) -> str | None:
    """'password', 'token' or 'key' when ``name`` names a secret, else None."""
    words = [w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name)]
    if not words or _NOT_SECRET_WORDS.intersection(words):
        return None
    joined = "_".join(words)
    if re.search(r"(?:^|_)(?:password|passwd|pwd|passphrase)(?:_|$)", joined):
        return "password"
    if re.search(r"(?:^|_)(?:token|access_token|auth_token)(?:_|$)", joined):
        return "token"
    if re.search(
        r"(?:^|_)(?:secret|api_key|apikey|access_key|private_key|auth_key)(?:_|$)", joined
    ):
        return "key"
    return None


def looks_secret(name: str, value: str) -> bool:
    """A name such as ``api_key`` bound to a real-looking secret (not a placeholder)."""
    kind = secret_kind(name)
    value = value.strip()
    if kind is None or not value or any(ch.isspace() for ch in value) or _PLACEHOLDER.search(value):
        return False
    if re.fullmatch(r"[A-Z][A-Z0-9_]*", value) or value.startswith(("/", "~", ".", "http")):
        return False  # an environment variable's name, a path, a URL
    if re.search(r"\.[A-Za-z]{2,5}$", value) or len(set(value)) < 4:
        return False  # a file name; a repeated character
    if kind == "password":
        return len(value) >= 6
    token_like = re.fullmatch(r"[A-Za-z0-9_\-+/=.:]+", value) is not None
    long_enough = len(value) >= (16 if kind == "token" else 12)
    return token_like and long_enough and any(ch.isdigit() for ch in value)
