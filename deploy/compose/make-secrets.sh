#!/usr/bin/env bash
# Makes the compose file's secrets once, as files of mode 600 in deploy/compose/secrets/ (git-ignored); keeps existing ones.
# The data sealed with PENSION_PII_KEYS cannot be read without that key: back the folder up like the database.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="$here/secrets"
mkdir -p "$dir" && chmod 700 "$dir"
umask 077
random_key() { head -c 32 /dev/urandom | base64; }
[ -s "$dir/pii_keys" ] || printf 'k%s:%s' "$(date -u +%Y%m)" "$(random_key)" >"$dir/pii_keys"
[ -s "$dir/lookup_key" ] || random_key | tr -d '\n' >"$dir/lookup_key"
[ -s "$dir/audit_chain_key" ] || random_key | tr -d '\n' >"$dir/audit_chain_key"
# The Ed25519 seed that signs the daily audit heads: 32 random bytes, as its setting takes them.
[ -s "$dir/audit_head_signing_key" ] || random_key | tr -d '\n' >"$dir/audit_head_signing_key"
[ -s "$dir/liveness_challenge_key" ] || random_key | tr -d '\n' >"$dir/liveness_challenge_key"
if ! [ -s "$dir/token_signing_key" ]; then
  # `keys new` prints the private JWK on its 2nd line and a JWKS of its public half on its 6th.
  keys="$("$repo/scripts/uv.sh" run --frozen --project "$repo" python -m pension_gateway keys new --kid "$(date -u +%Y-%m)")"
  sed -n 2p <<<"$keys" | tr -d '\n' >"$dir/token_signing_key"
  sed -n 6p <<<"$keys" | tr -d '\n' >"$dir/token_public_keys"
fi
echo "$dir"
