#!/usr/bin/env bash
# The VS Code extension (editors/vscode): installed from its lock file, its
# smoke test run, and packaged with @vscode/vsce, as a release would. What
# needs VS Code itself (the extension host) cannot run here: docs/editors.md.
set -euo pipefail
cd "$(dirname "$0")/../../editors/vscode"
if ! command -v npm >/dev/null 2>&1; then
  echo "vscode extension skipped: no npm on this machine"; exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
npm test
npm run package --silent
test -s huashu.vsix
python3 -c "import zipfile,sys; sys.exit('extension/extension.js' not in zipfile.ZipFile('huashu.vsix').namelist())"
echo "vscode extension: built and packaged (huashu.vsix)"
