#!/usr/bin/env bash
# The simple alternative: the vendor's curl example (shared/api/update-registry-connector.txt) run once per
# connector, one after the other, with the request bodies already written (GenerateInventory's bodies file).
# Prints each answer's HTTP status, one a line (000: no answer). No retries, no rate limit: as published.
# Usage: bench/curl-loop.sh BODIES_TSV BASE_URL API_KEY_ID API_KEY
set -u
bodies=$1 base=$2 key_id=$3 key=$4
while IFS=$'\t' read -r id body; do
  curl -s -o /dev/null -w '%{http_code}\n' -X 'PUT' \
    -H 'Accept: application/json,application/json; charset=UTF-8' \
    -H 'Content-Type: application/json' \
    -H "Authentication: $key" -H "x-xdr-auth-id: $key_id" \
    "$base/public_api/v1/cwp/registry_onboarding/instances/$id" \
    -d "$body"
done < "$bodies"
