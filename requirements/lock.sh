#!/usr/bin/env bash
# Pin the exact versions CI uses: requirements/ci.in -> requirements/ci.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(mktemp -d)/venv
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q -r requirements/ci.in -c ../shared/corpus/requirements-exec.txt
{
  echo "# Pinned by requirements/lock.sh from requirements/ci.in on $(date -u +%Y-%m-%d); Python $("$venv/bin/python" -c 'import sys; print(*sys.version_info[:3], sep=".")')."
  "$venv/bin/pip" freeze --exclude-editable | grep -v '^-e '
} > requirements/ci.txt
echo "wrote requirements/ci.txt"
