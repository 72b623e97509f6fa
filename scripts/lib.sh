# shellcheck shell=bash
# Shared helpers of the run, test, lint and bench commands. Sourced, never run.
#
# Settings (environment variables, all optional):
#   ODOO_PATH     an Odoo 18.0 tree: the folder that holds the 'odoo' package (and odoo-bin)
#   PGHOST PGPORT PGUSER PGPASSWORD   the PostgreSQL server to use (libpq's own variables)
#   PYTHON        the interpreter the virtualenv is made from (default: python3)

set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="$PROJECT_DIR/.venv"
LINT_VENV_DIR="$PROJECT_DIR/.venv-lint"
VAR_DIR="$PROJECT_DIR/var"
ODOO_CONVENTIONAL_PATHS=(/opt/odoo18/odoo /opt/odoo18)
ODOO_GIT_URL="https://github.com/odoo/odoo.git"
ODOO_CLONE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/b2b_order_mgmt/odoo-18.0"
ADDON_DEPENDENCIES="sale_management,sale_stock,sale_loyalty,stock_delivery,portal"

say() { printf '\033[1m[b2b]\033[0m %s\n' "$*" >&2; }
die() {
    printf '\033[1;31m[b2b] error:\033[0m %s\n' "$*" >&2
    exit 2
}
is_root() { [ "$(id -u)" = 0 ]; }

# --- System packages -------------------------------------------------------

# apt_install PACKAGE... : installs Debian packages when we are root, else explains.
apt_install() {
    if ! is_root || ! command -v apt-get >/dev/null; then
        die "missing system packages: $*. Install them (e.g. 'sudo apt-get install $*') and run again."
    fi
    say "installing system packages: $*"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$VAR_DIR/apt.log" 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$VAR_DIR/apt.log" 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$VAR_DIR/apt.log" 2>&1 ||
            die "could not install $* (see $VAR_DIR/apt.log)"
    fi
}

ensure_system_packages() {
    local missing=()
    command -v psql >/dev/null || missing+=(postgresql postgresql-client)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    command -v chromium >/dev/null || command -v google-chrome >/dev/null || missing+=(chromium)
    command -v pdftoppm >/dev/null || missing+=(poppler-utils)
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
}

# --- Odoo ------------------------------------------------------------------

is_odoo_tree() { [ -f "$1/odoo/release.py" ]; }

# Prints the root of the Odoo 18.0 source tree, or fails with what is missing.
find_odoo() {
    if [ -n "${ODOO_PATH:-}" ]; then
        is_odoo_tree "$ODOO_PATH" || die "ODOO_PATH=$ODOO_PATH does not hold an Odoo tree (no odoo/release.py there)."
        echo "$ODOO_PATH"
        return
    fi
    local python="${PYTHON:-python3}" imported
    if imported=$("$python" -c 'import os, odoo; print(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))))' 2>/dev/null) &&
        is_odoo_tree "$imported"; then
        echo "$imported"
        return
    fi
    local candidate
    for candidate in "${ODOO_CONVENTIONAL_PATHS[@]}" "$ODOO_CLONE_DIR"; do
        if is_odoo_tree "$candidate"; then
            echo "$candidate"
            return
        fi
    done
    if command -v git >/dev/null && timeout 20 git ls-remote --heads "$ODOO_GIT_URL" 18.0 >/dev/null 2>&1; then
        say "no Odoo 18.0 found; cloning the official 18.0 branch (shallow) into $ODOO_CLONE_DIR"
        mkdir -p "$(dirname "$ODOO_CLONE_DIR")"
        git clone -q --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$ODOO_CLONE_DIR" >&2 || die "cloning $ODOO_GIT_URL failed"
        echo "$ODOO_CLONE_DIR"
        return
    fi
    die "Odoo 18.0 was not found, and $ODOO_GIT_URL cannot be reached to clone it.
  Provide an Odoo 18.0 Community source tree (the folder that holds odoo-bin) in one of these ways:
    - set ODOO_PATH=/path/to/odoo-18.0
    - make 'import odoo' work for ${PYTHON:-python3}
    - put it at ${ODOO_CONVENTIONAL_PATHS[0]}"
}

odoo_version_check() {
    local version
    version=$(sed -n "s/^version_info = (\([0-9]*\), \([0-9]*\),.*/\1.\2/p" "$1/odoo/release.py")
    [ "$version" = "18.0" ] || die "the Odoo found at $1 is version '$version', not 18.0"
}

# --- Python ----------------------------------------------------------------

# Odoo's own pins, minus python-ldap (not needed) and with cbor2 5.4.6 (5.4.2 builds as 0.0.0).
write_odoo_requirements() {
    sed -e '/^python-ldap/d' -e 's/^cbor2==5\.4\.2 /cbor2==5.4.6 /' "$1/requirements.txt"
}

pip_install() {
    # The machine's pip configuration may list local indexes that do not exist: keep their noise out.
    "${PIP_VENV:-$VENV_DIR}/bin/pip" install -q --disable-pip-version-check "$@" 2> >(grep -v "^WARNING: Location '" >&2)
}

ensure_venv() {
    local odoo_root="$1" python="${PYTHON:-python3}" venv_opts=() requirements=("$PROJECT_DIR/requirements.txt")
    "$python" -c 'import sys; sys.exit(not (3, 10) <= sys.version_info[:2] <= (3, 12))' ||
        die "$python is $("$python" --version 2>&1); Odoo 18.0 needs Python 3.10, 3.11 or 3.12 (set PYTHON=...)"
    if [ -f "$odoo_root/requirements.txt" ]; then
        write_odoo_requirements "$odoo_root" >"$VAR_DIR/odoo-requirements.txt"
        requirements+=("$VAR_DIR/odoo-requirements.txt")
    else
        # An installed Odoo (no source tree) brings its dependencies in the interpreter's site-packages.
        venv_opts+=(--system-site-packages)
    fi
    [ -x "$VENV_DIR/bin/python" ] || { say "creating the virtualenv in .venv"; "$python" -m venv "${venv_opts[@]}" "$VENV_DIR"; }
    local stamp
    stamp=$(cat "${requirements[@]}" | sha1sum | cut -c1-16)
    if [ "$(cat "$VENV_DIR/.b2b-stamp" 2>/dev/null)" != "$stamp" ]; then
        say "installing Python requirements (Odoo's and the project's) into .venv"
        local req_args=()
        for req in "${requirements[@]}"; do req_args+=(-r "$req"); done
        if ! pip_install "${req_args[@]}"; then
            # Some old source distributions only build with an older setuptools and no isolation.
            say "retrying with setuptools<75 and --no-build-isolation"
            pip_install "setuptools<75" wheel
            pip_install --no-build-isolation "${req_args[@]}" ||
                die "installing the Python requirements failed (see the messages above)"
        fi
        echo "$stamp" >"$VENV_DIR/.b2b-stamp"
    fi
    # Make this Odoo importable from the virtualenv, whatever its origin.
    "$VENV_DIR/bin/python" - "$odoo_root" <<'PY'
import pathlib, site, sys
pathlib.Path(site.getsitepackages()[0], "b2b-odoo.pth").write_text(sys.argv[1] + "\n")
PY
}

# The linters' own virtualenv; needs neither Odoo nor PostgreSQL.
ensure_lint_venv() {
    local python="${PYTHON:-python3}" stamp
    [ -x "$LINT_VENV_DIR/bin/python" ] || { say "creating the linters' virtualenv in .venv-lint"; "$python" -m venv "$LINT_VENV_DIR"; }
    stamp=$(sha1sum <"$PROJECT_DIR/requirements-lint.txt" | cut -c1-16)
    if [ "$(cat "$LINT_VENV_DIR/.b2b-stamp" 2>/dev/null)" != "$stamp" ]; then
        say "installing the linters into .venv-lint"
        PIP_VENV="$LINT_VENV_DIR" pip_install -r "$PROJECT_DIR/requirements-lint.txt" || die "installing the linters failed"
        echo "$stamp" >"$LINT_VENV_DIR/.b2b-stamp"
    fi
}

# --- PostgreSQL ------------------------------------------------------------

pg_ready() { pg_isready -q -t 3 >/dev/null 2>&1; }

ensure_postgres() {
    if ! pg_ready; then
        [ -z "${PGHOST:-}" ] || die "PostgreSQL at PGHOST=$PGHOST${PGPORT:+ port $PGPORT} does not answer."
        command -v pg_lsclusters >/dev/null || die "no PostgreSQL server answers and none is installed here."
        is_root || die "no PostgreSQL server answers. Start it (e.g. 'sudo pg_ctlcluster 15 main start') and run again."
        # The cluster that listens on PGPORT (5432 by default), else the first one.
        local cluster
        cluster=$(pg_lsclusters -h | awk -v port="${PGPORT:-5432}" '$3 == port {print $1" "$2; exit}')
        [ -n "$cluster" ] || cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
        [ -n "$cluster" ] || die "PostgreSQL is installed but has no cluster; create one with pg_createcluster."
        say "starting PostgreSQL cluster $cluster"
        # shellcheck disable=SC2086
        pg_ctlcluster --skip-systemctl-redirect $cluster start
        local tries=0
        until pg_ready; do
            tries=$((tries + 1))
            [ "$tries" -lt 20 ] || die "PostgreSQL did not start (see pg_lsclusters)."
            sleep 0.5
        done
    fi
    export PGUSER="${PGUSER:-$(id -un)}"
    [ "$PGUSER" != postgres ] || die "Odoo refuses to connect as 'postgres'; set PGUSER to another role."
    if ! psql -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; then
        if is_root && [ -z "${PGHOST:-}" ]; then
            say "creating the PostgreSQL role '$PGUSER'"
            # As the postgres superuser: without our PGUSER/PGPASSWORD, which
            # would make createuser log in as the role it is creating.
            runuser -u postgres -- env -u PGUSER -u PGPASSWORD createuser --createdb "$PGUSER" ||
                die "could not create the PostgreSQL role '$PGUSER'"
        else
            die "cannot connect to PostgreSQL as '$PGUSER'. Create the role (createuser --createdb $PGUSER) or set PGUSER/PGPASSWORD."
        fi
    fi
}

db_exists() { [ "$(psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }

# --- Everything a command needs ----------------------------------------------

setup_all() {
    mkdir -p "$VAR_DIR"
    ensure_system_packages
    ODOO_ROOT=$(find_odoo)
    odoo_version_check "$ODOO_ROOT"
    ensure_venv "$ODOO_ROOT"
    ensure_postgres
    ADDONS_PATH="$ODOO_ROOT/odoo/addons"
    [ -d "$ODOO_ROOT/addons" ] && ADDONS_PATH="$ADDONS_PATH,$ODOO_ROOT/addons"
    ADDONS_PATH="$ADDONS_PATH,$PROJECT_DIR"
    export ODOO_ROOT ADDONS_PATH
}

odoo_bin() {
    "$VENV_DIR/bin/python" -m odoo --addons-path="$ADDONS_PATH" "$@"
}
