#!/usr/bin/env bash
# Installs (if needed) and starts Debian's PostgreSQL on loopback for the integration tests, with
# the password the tests' URL carries: postgres://postgres:silkline@127.0.0.1:5432/postgres.
#
# Hazard: the server is a daemon that outlives this script and inherits every open descriptor
# it is started with. Never call this script inside $(...), and start the server with nothing
# but /dev/null and its log: a daemon holding a pipe open makes the reader wait forever
# (that once hung CI for 90 minutes).
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  pg_ctlcluster "$version" main start </dev/null >/dev/null 2>&1 || true
fi
for _ in $(seq 1 30); do
  if su postgres -c "psql -qtAc 'select 1'" </dev/null >/dev/null 2>&1; then break; fi
  sleep 1
done
su postgres -c "psql -qtAc \"alter user postgres password 'silkline'\"" </dev/null >/dev/null
echo "PostgreSQL $version running on 127.0.0.1:5432"
