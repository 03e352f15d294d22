#!/usr/bin/env bash
# Install without Rust: build the `huashu` wheel with maturin (from PyPI),
# install it alone in a fresh venv, check the demo repository with the
# command the wheel carries, and run `pre-commit try-repo` with the
# `huashu-python` hook, which installs this repository's shim package and
# the wheel — no cargo on the PATH of either. Run by .ci/run.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pip_quiet=(--quiet --disable-pip-version-check)

echo "== build the wheel"
python3 -m venv "$work/build"
"$work/build/bin/pip" install "${pip_quiet[@]}" maturin
(cd "$repo/python" && "$work/build/bin/maturin" build --out "$work/wheels")
wheel="$(ls "$work"/wheels/huashu-*.whl)"
echo "built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"

echo "== a fresh venv with only the wheel"
python3 -m venv "$work/user"
"$work/user/bin/pip" install "${pip_quiet[@]}" --no-index "$wheel"
# Nothing but the venv and the system: no cargo, no target/ on the PATH.
user_path="$work/user/bin:/usr/local/bin:/usr/bin:/bin"
if PATH="$user_path" command -v cargo >/dev/null; then
  echo "cargo is on the system PATH; this test must run without it" >&2
  exit 1
fi
installed="$(PATH="$user_path" command -v huashu)"
[ "$installed" = "$work/user/bin/huashu" ] || { echo "huashu not from the venv: $installed" >&2; exit 1; }
PATH="$user_path" huashu --version

echo "== the demo repository, as the README's first command"
set +e
output="$(cd "$repo" && PATH="$user_path" NO_COLOR=1 huashu check --config fixtures/demo/huashu.yaml --format concise)"
status=$?
set -e
echo "$output" | tail -3
if [ "$status" -ne 1 ] || ! grep -q "placeholder-unknown" <<<"$output"; then
  echo "the wheel's huashu did not report the demo's problems (exit $status)" >&2
  exit 1
fi

echo "== pre-commit try-repo with the huashu-python hook"
python3 -m venv "$work/pc"
"$work/pc/bin/pip" install "${pip_quiet[@]}" pre-commit
export PRE_COMMIT_HOME="$work/cache"
# huashu is not on PyPI until it is released: the hook's pip finds the wheel
# just built (its other needs, setuptools, come from PyPI).
export PIP_FIND_LINKS="$work/wheels"
bank="$work/bank"
mkdir -p "$bank/scripts"
cd "$bank"
git init -q
git config user.email ci@example.com
git config user.name ci
printf 'paths: [scripts]\n' > huashu.yaml
printf 'repos: []\n' > .pre-commit-config.yaml
# Not a script, outside `paths`: skipped, not failed.
printf 'services:\n  web:\n    image: nginx\n' > docker-compose.yml
cat > scripts/good.yaml <<'YAML'
id: card.loss
title: 银行卡挂失
category: service
opener:
  - 您好，很高兴为您服务，我是{bank}客服代表{agent_id}，请问有什么可以帮到您？
steps:
  - stage: listen
    say: 嗯，您是说银行卡找不到了，对吗？
  - stage: resolve
    say: 我已经为您办理了临时挂失。
closing:
  - 您还有其他疑问吗？
  - 感谢您的来电，祝您生活愉快，再见。
YAML
git add -A
PATH="$work/pc/bin:$user_path" pre-commit try-repo "$repo" huashu-python --verbose
sed 's/card.loss/card.bad/; s/您好，很高兴/很高兴/' scripts/good.yaml > scripts/bad.yaml
git add scripts/bad.yaml
set +e
output="$(PATH="$work/pc/bin:$user_path" pre-commit try-repo "$repo" huashu-python --verbose 2>&1)"
status=$?
set -e
echo "$output" | tail -8
if [ "$status" -eq 0 ] || ! grep -q "opener-greeting" <<<"$output"; then
  echo "the huashu-python hook passed a bad script" >&2
  exit 1
fi
echo "wheel integration: 3 passed, 0 failed"
