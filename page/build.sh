#!/usr/bin/env bash
# Build the offline page: page/dist/huashu-playground.html, one file that
# the `huashu playground` command carries (docs/playground.md).
#
#   page/build.sh            build it (needs the wasm32-unknown-unknown
#                            target, node and npm; nothing else)
#   HUASHU_CARGO=cargo-locked page/build.sh   (on a shared build machine)
#
# 1. the engine for the browser: crates/huashu_wasm for
#    wasm32-unknown-unknown, optimised for size (the release profile with
#    opt-level s, panic=abort, no debug info: set here, so that Cargo.toml's
#    profiles stay the command line's);
# 2. the page's script: CodeMirror 6 and src/*.js bundled by esbuild
#    (the exact versions in package-lock.json, `npm ci`);
# 3. one HTML file: tools/assemble.mjs inlines the stylesheet, the script
#    and the engine (base64), and records the hash of the inputs.
set -euo pipefail
cd "$(dirname "$0")"
cargo_cmd="${HUASHU_CARGO:-cargo}"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "page/build.sh: the wasm32 target is missing: rustup target add wasm32-unknown-unknown" >&2
  exit 1
fi

# A target folder of its own: the size-optimised profile would otherwise
# rebuild the command line's release artefacts and back.
target="../target/page"
CARGO_PROFILE_RELEASE_OPT_LEVEL=s \
CARGO_PROFILE_RELEASE_PANIC=abort \
CARGO_PROFILE_RELEASE_DEBUG=false \
CARGO_PROFILE_RELEASE_STRIP=true \
CARGO_PROFILE_RELEASE_LTO=fat \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
  $cargo_cmd build --manifest-path ../crates/huashu_wasm/Cargo.toml --lib --release \
    --target wasm32-unknown-unknown --target-dir "$target"
wasm="$target/wasm32-unknown-unknown/release/huashu_wasm.wasm"

[ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
mkdir -p "$target/js"
node_modules/.bin/esbuild src/main.js --bundle --minify --format=iife --target=es2020,chrome100,firefox100 \
  --legal-comments=eof --outfile="$target/js/page.js" --log-level=warning

mkdir -p dist
node tools/assemble.mjs "$wasm" "$target/js/page.js" dist/huashu-playground.html
