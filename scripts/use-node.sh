# Puts a supported Node.js and the project's pnpm first on PATH in this shell, installing them from
# the npm registry (the `node` and `pnpm` packages) into a cache folder the first time. The machine's
# own Node.js is never touched. Source it from the repository's root folder:
#
#   . scripts/use-node.sh          # Node.js 24 LTS (production)
#   . scripts/use-node.sh 22       # Node.js 22 LTS
#   . scripts/use-node.sh 22.13.0  # an exact version (CI uses the lowest that package.json `engines` accepts)
#
# Cache: $MARGINS_RUNTIME_DIR, by default ~/.cache/margins/runtime (one folder per Node.js and pnpm
# version). It also points native addon builds (node-gyp, for sqlite3) at the headers that come
# with that Node.js, since node-gyp's own header download is not reachable everywhere.

margins_use_node() {
  _mun_spec="${1:-24}"
  _mun_root="${MARGINS_RUNTIME_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/margins/runtime}"
  if [ ! -f package.json ] || [ ! -f pnpm-workspace.yaml ]; then
    echo "use-node: run this from the Margins repository's root folder" >&2
    return 1
  fi
  _mun_pnpm="$(sed -n 's/.*"packageManager": *"pnpm@\([^"+]*\).*/\1/p' package.json)"
  if [ -z "$_mun_pnpm" ]; then
    echo "use-node: package.json names no pnpm version in packageManager" >&2
    return 1
  fi
  # The newest published version matching the spec (so "24" follows Node 24 LTS security releases);
  # offline, the newest one already in the cache.
  _mun_version="$(npm view "node@$_mun_spec" version --json 2>/dev/null | tr -d '[]", ' | grep -E '^[0-9]+\.[0-9]+\.[0-9]+$' | sort -V | tail -n 1 || true)"
  if [ -z "$_mun_version" ]; then
    _mun_version="$(ls "$_mun_root" 2>/dev/null | sed -n "s/^node-\($_mun_spec\.[0-9.]*\|$_mun_spec\)-pnpm-$_mun_pnpm\$/\1/p" | sort -V | tail -n 1 || true)"
  fi
  if [ -z "$_mun_version" ]; then
    echo "use-node: cannot find Node.js $_mun_spec on the npm registry (offline?)" >&2
    return 1
  fi
  _mun_dir="$_mun_root/node-$_mun_version-pnpm-$_mun_pnpm"
  if [ ! -x "$_mun_dir/node_modules/.bin/node" ] || [ ! -x "$_mun_dir/node_modules/.bin/pnpm" ]; then
    echo "use-node: installing Node.js $_mun_version and pnpm $_mun_pnpm into $_mun_dir" >&2
    mkdir -p "$_mun_dir" &&
      npm install --prefix "$_mun_dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
        "node@$_mun_version" "pnpm@$_mun_pnpm" >&2 || {
      rm -rf "$_mun_dir"
      echo "use-node: the install failed" >&2
      return 1
    }
  fi
  # Drop any earlier runtime of ours from PATH, then put this one first.
  PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v "^$_mun_root/" | paste -sd: - || true)"
  PATH="$_mun_dir/node_modules/.bin:$PATH"
  export PATH
  _mun_headers="$(ls -d "$_mun_dir"/node_modules/node/node_modules/node-*/include/node \
    "$_mun_dir"/node_modules/node-*/include/node 2>/dev/null | head -n 1 || true)"
  if [ -n "$_mun_headers" ]; then
    npm_config_nodedir="${_mun_headers%/include/node}"
    export npm_config_nodedir
  fi
  hash -r 2>/dev/null
  echo "use-node: Node.js $(node --version), pnpm $(pnpm --version) from $_mun_dir" >&2
  # sqlite3's addon is compiled at install for the Node.js that installed it; one compiled on Node 24
  # crashes Node 22 as it loads (the other way round works).
  if [ -f lti-tool/node_modules/sqlite3/package.json ] &&
    ! sh -c 'cd lti-tool && node -e "require(\"sqlite3\")"; exit $?' >/dev/null 2>&1; then
    echo "use-node: node_modules was installed with another Node.js and its sqlite3 addon does not load on this one:" >&2
    echo "use-node:   pnpm rebuild sqlite3    (or remove node_modules and pnpm install)" >&2
  fi
  unset _mun_spec _mun_root _mun_pnpm _mun_version _mun_dir _mun_headers
}

margins_use_node "$@"
