#!/usr/bin/env bash
# Regenerates the throw-away test CA and server certificate (valid for 100 years) used by
# test/cluster/*.test.ts. Test-only keys: nothing outside the suite trusts them.
set -euo pipefail
cd "$(dirname "$0")"
days=36500
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days $days -subj "/CN=marathon-constraints test CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' > server.ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days $days -extfile server.ext 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.crt -days $days -subj "/CN=an unrelated CA" 2>/dev/null
rm -f server.csr server.ext ca.srl ca.key other-ca.key
