#!/usr/bin/env bash
# Prepares the machine for the end-to-end tests (test/e2e/*.e2e.test.ts). Idempotent: every step is
# skipped when its result is already there, so a second run takes well under a second.
#   - Debian packages: chromium (driven by playwright-core), ripgrep (code-server's search),
#     libkrb5-dev (code-server's kerberos module builds from source), neovim (the second LSP client),
#     and a C++ toolchain (g++, make, python3) for code-server's native modules
#   - code-server 4.100.3 (VS Code 1.100.3, the last release that runs on node 20) installed with npm
#     into .cache/code-server/ (gitignored, outside the project's node_modules)
# Works unattended (CI=true, root, no stdin). Set E2E_SKIP_APT=1 to skip the apt step.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CACHE="$ROOT/.cache/code-server"
RG_CACHE_NAME="vscode-ripgrep-cache-1.15.11"
RG_ARCHIVE="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

log() { printf '[e2e setup] %s\n' "$*" >&2; }

# ---- apt ---------------------------------------------------------------------------------------
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
command -v nvim >/dev/null 2>&1 || need_apt+=(neovim)
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/gssapi.h ] || need_apt+=(libkrb5-dev)
for tool in g++ make python3; do command -v "$tool" >/dev/null 2>&1 || need_apt+=("$tool"); done
if [ "${#need_apt[@]}" -gt 0 ] && [ "${E2E_SKIP_APT:-0}" != 1 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else log "not root and no sudo: install ${need_apt[*]} yourself"; exit 1; fi
  fi
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq </dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" </dev/null >/dev/null
fi

# ---- code-server ---------------------------------------------------------------------------------
BIN="$CACHE/node_modules/.bin/code-server"
if [ -x "$BIN" ] && [ -f "$CACHE/.installed-$CODE_SERVER_VERSION" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in ${CACHE#$ROOT/}"
else
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$node_major" != 20 ]; then
    log "warning: code-server $CODE_SERVER_VERSION wants node 20, this is node $(node -v)"
  fi
  log "installing code-server $CODE_SERVER_VERSION into ${CACHE#$ROOT/} (native modules build from source: a few minutes)"
  rm -rf "$CACHE"
  mkdir -p "$CACHE"
  printf '{ "name": "e2e-code-server", "private": true }\n' >"$CACHE/package.json"
  # node-gyp downloads Node's headers unless told where they are; the Node packages of Debian and
  # NodeSource ship them next to the binary (PREFIX/include/node), so no download is needed.
  node_prefix="$(dirname "$(dirname "$(node -p 'process.execPath')")")"
  if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$node_prefix"
  fi
  T="$(mktemp -d)"
  trap 'rm -rf "$T"' EXIT
  # @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable: seed its cache
  # with Debian's rg.
  mkdir -p "$T/$RG_CACHE_NAME"
  RG="$(command -v rg)"
  tar czf "$T/$RG_CACHE_NAME/$RG_ARCHIVE" -C "$(dirname "$RG")" "$(basename "$RG")"
  (
    cd "$CACHE"
    # As root the postinstall wants --unsafe-perm (npm 11 has only the config key); node-pty's
    # postinstall runs `npx node-gyp` (npm_config_yes answers its prompt).
    TMPDIR="$T" npm_config_unsafe_perm=true npm_config_yes=true \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" </dev/null >"$T/npm.log" 2>&1 \
      || { tail -50 "$T/npm.log" >&2; exit 1; }
  )
  [ -x "$BIN" ] || { log "code-server binary missing after install"; exit 1; }
  touch "$CACHE/.installed-$CODE_SERVER_VERSION"
  log "code-server installed"
fi
"$BIN" --version >/dev/null 2>&1 || { log "code-server does not start: remove $CACHE and rerun"; exit 1; }
log "ready: $(command -v chromium), $(command -v nvim), code-server $CODE_SERVER_VERSION"
