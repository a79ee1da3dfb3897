#!/usr/bin/env bash
# `npm run demo`: the AWS CLI "assume a role" walkthrough, played end to end with
# awsrole against a local moto_server (STS, IAM and S3 with IAM enforcement on).
# Everything lives in a temporary HOME that is removed at the end; the file
# store backend is used so no desktop keyring is needed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
awsrole="$root/bin/awsrole"
PYENV_ROOT="${PYENV_ROOT:-$HOME/.pyenv}"
[ -d "$PYENV_ROOT/shims" ] && export PATH="$PYENV_ROOT/shims:$PATH"
for tool in moto_server aws python3; do
  command -v "$tool" >/dev/null || { echo "demo: $tool is not on PATH (see README: Development)" >&2; exit 1; }
done

tmp=$(mktemp -d)
moto_pid=
cleanup() {
  [ -n "$moto_pid" ] && kill "$moto_pid" 2>/dev/null && wait "$moto_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

bold=$(printf '\033[1m'); dim=$(printf '\033[2m'); off=$(printf '\033[0m')
[ -t 1 ] || { bold=; dim=; off=; }
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$off"; }
show() { local line="$*"; printf '%s$ %s%s\n' "$dim" "${line//$awsrole/awsrole}" "$off"; }
# Runs a command and shows it; a failure is expected where the walkthrough expects one.
run() { show "$*"; "$@"; }
expect_fail() { show "$*"; if "$@"; then echo "demo: expected this to fail" >&2; exit 1; else echo "${dim}(failed as expected, exit $?)${off}"; fi; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
endpoint="http://127.0.0.1:$port"
step "Start a local AWS (moto_server on $endpoint, IAM enforced after 3 setup calls)"
INITIAL_NO_AUTH_ACTION_COUNT=3 moto_server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 100); do
  python3 -c "import urllib.request,sys; urllib.request.urlopen('$endpoint/moto-api/', timeout=1)" 2>/dev/null && break
  sleep 0.2
done
seed=$(python3 "$root/test/support/seed_walkthrough.py" seed "$endpoint")
field() { printf '%s' "$seed" | python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
user_key=$(field "['user']['accessKeyId']"); user_secret=$(field "['user']['secretAccessKey']")
admin_key=$(field "['admin']['accessKeyId']"); admin_secret=$(field "['admin']['secretAccessKey']")
echo "IAM user aws_cli_test (read-only S3), role S3_Full_Access (s3:*), bucket a.demo.bucket"

export HOME="$tmp/home" AWS_ENDPOINT_URL="$endpoint" AWS_REGION=us-east-1
export AWSROLE_BACKEND=file AWSROLE_FILE_PASSPHRASE=demo-only-passphrase XDG_RUNTIME_DIR="$tmp/run"
# The demo's store is thrown away at the end: keep nothing of it in the kernel keyring.
export AWSROLE_FILE_UNLOCK_TTL=0 AWSROLE_SESSION_COPY_TTL=0
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" && cd "$HOME"
echo "hello from awsrole" > testfile.txt

step "1. With the user's own keys the upload is denied (read-only S3)"
show "AWS_ACCESS_KEY_ID=<user key> aws s3 cp testfile.txt s3://a.demo.bucket"
if AWS_ACCESS_KEY_ID=$user_key AWS_SECRET_ACCESS_KEY=$user_secret aws s3 cp testfile.txt s3://a.demo.bucket; then
  echo "demo: expected AccessDenied" >&2; exit 1
fi

step "2. Store the user's keys once (here piped; in a terminal awsrole prompts, secret hidden)"
show "printf '%s\n%s\n' <key id> <secret> | awsrole add default"
printf '%s\n%s\n' "$user_key" "$user_secret" | "$awsrole" add default

step "3. Assume the role: refused until the role's trust policy names the user"
expect_fail "$awsrole" exec S3_Full_Access -- aws s3 cp testfile.txt s3://a.demo.bucket

step "4. The admin adds the user to the role's trust policy (aws iam update-assume-role-policy)"
AWS_ACCESS_KEY_ID=$admin_key AWS_SECRET_ACCESS_KEY=$admin_secret python3 "$root/test/support/seed_walkthrough.py" trust-user "$endpoint" >/dev/null
echo "trust policy now allows arn:aws:iam::123456789012:user/aws_cli_test"

step "5. Who am I inside the role? (the child sees only temporary credentials)"
run "$awsrole" exec S3_Full_Access -- aws sts get-caller-identity

step "6. The upload that failed in step 1 now succeeds"
run "$awsrole" exec S3_Full_Access -- aws s3 cp testfile.txt s3://a.demo.bucket

step "7. The session is cached (in the secret store): the next run makes no STS call"
run "$awsrole" list
kill "$moto_pid"; wait "$moto_pid" 2>/dev/null || true; moto_pid=
echo "${dim}(moto_server stopped)${off}"
run "$awsrole" exec S3_Full_Access -- sh -c 'echo "child has $AWSROLE until $AWS_CREDENTIAL_EXPIRATION; AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID%????????????????}…"'
run "$awsrole" exec S3_Full_Access -- "$awsrole" whoami

step "8. The same credentials for other tools"
show "eval \"\$(awsrole export S3_Full_Access)\" && echo \$AWS_CREDENTIAL_EXPIRATION"
eval "$("$awsrole" export S3_Full_Access)" && echo "$AWS_CREDENTIAL_EXPIRATION"
show "awsrole export --format credential-process S3_Full_Access | cut -c1-48"
"$awsrole" export --format credential-process S3_Full_Access | cut -c1-48

step "9. Clean up"
run "$awsrole" clear
run "$awsrole" remove --force default
printf '\n%sDemo finished: the walkthrough ran end to end.%s\n' "$bold" "$off"
