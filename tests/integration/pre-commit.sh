#!/usr/bin/env bash
# pre-commit integration: install pre-commit from PyPI, then run
# `pre-commit try-repo` on this repository against a temporary git
# repository: a commit with a bad script fails with the diagnostic, a good
# one passes. Run by .ci/run.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/cache"

# try-repo needs a commit to clone; a shadow clone of the work tree gives one
# even when run on uncommitted changes.
git -C "$repo" rev-parse HEAD >/dev/null

bank="$work/bank"
mkdir -p "$bank/scripts" "$bank/snippets"
cd "$bank"
git init -q
git config user.email ci@example.com
git config user.name ci
cat > huashu.yaml <<'YAML'
paths: [scripts, snippets]
YAML
cat > snippets/common.yaml <<'YAML'
snippets:
  opener: 您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
YAML
good='id: card.loss
title: 银行卡挂失
category: service
opener:
  - use: opener
steps:
  - stage: listen
    say: 嗯，您是说银行卡找不到了，对吗？
  - stage: resolve
    say: 我已经为您办理了临时挂失。
closing:
  - 您还有其他疑问吗？
  - 感谢您的来电，祝您生活愉快，再见。'
printf '%s\n' "$good" > scripts/good.yaml
printf 'repos: []\n' > .pre-commit-config.yaml
git add -A

echo "== a good commit passes"
pre-commit try-repo "$repo" huashu --verbose

git commit -qm "good scripts" --no-verify
printf '%s\n' "$good" | sed 's/id: card.loss/id: card.bad/; s/您好，很高兴/很高兴/; s/- use: opener/- 很高兴为您服务，我是客服代表/' > scripts/bad.yaml
git add scripts/bad.yaml

echo "== a bad commit fails with the diagnostic"
set +e
output="$(pre-commit try-repo "$repo" huashu --verbose 2>&1)"
status=$?
set -e
echo "$output"
if [ "$status" -eq 0 ]; then
  echo "pre-commit passed a bad script" >&2
  exit 1
fi
for expected in "scripts/bad.yaml" "opener-greeting" "opener-agent-id"; do
  if ! grep -q "$expected" <<<"$output"; then
    echo "the hook's output lacks $expected" >&2
    exit 1
  fi
done
echo "pre-commit integration: 2 passed, 0 failed"
