# Sourced by scripts/demo and scripts/test: make a virtual environment with the project installed.
# VENV is .venv, or .venv-django<series> when DJANGO_SERIES (e.g. 4.2) pins another Django LTS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
VENV=.venv${DJANGO_SERIES:+-django$DJANGO_SERIES}
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
stamp=$VENV/.installed-$(cat pyproject.toml | sha1sum | cut -c1-12)-$1
if [ ! -f "$stamp" ]; then
  "$VENV/bin/python" -m pip install --quiet -e ".[$1]" ${DJANGO_SERIES:+"django~=$DJANGO_SERIES.0"}
  touch "$stamp"
fi
