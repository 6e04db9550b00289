#!/usr/bin/env bash
# Installs (if needed) and starts Debian's PostgreSQL on loopback for the integration tests, and
# prints the URL to use as SILKLINE_TEST_DATABASE_URL.
set -euo pipefail
# Only the URL goes to stdout (callers capture it); everything else to stderr.
exec 3>&1 1>&2
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
su postgres -c "psql -qtAc \"alter user postgres password 'silkline'\"" >/dev/null
echo "postgres://postgres:silkline@127.0.0.1:5432/postgres" >&3
