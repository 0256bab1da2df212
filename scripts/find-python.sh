#!/usr/bin/env bash
# Print the path of a Python 3.12+ interpreter (Django 6.1 needs one), or explain and fail.
# Tries python3.13 and python3.12 on PATH (pyenv shims included), then pyenv's own versions.
set -u
for candidate in python3.12 python3.13 python3; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
    "$candidate" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
pyenv_root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for candidate in "$pyenv_root"/versions/3.12*/bin/python3.12 "$pyenv_root"/versions/3.13*/bin/python3.13; do
  if [ -x "$candidate" ] && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
    echo "$candidate"
    exit 0
  fi
done
echo "IOP Guide needs Python 3.12 or newer (Django 6.1), as python3.13 or python3.12 on PATH." >&2
echo "None was found. Install one (e.g. 'pyenv install 3.12' or your system's python3.12 package) and retry." >&2
exit 1
