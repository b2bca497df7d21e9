#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 and creates the role the DB tests use. Safe to run twice.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_ctlcluster "$version" main status >/dev/null 2>&1 || pg_ctlcluster "$version" main start
for _ in $(seq 1 30); do
  su postgres -c "psql -tAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -v ON_ERROR_STOP=1 -tAc \"do \\\$\\\$ begin
  if not exists (select from pg_roles where rolname = 'gridline') then
    create role gridline login createdb password 'gridline';
  end if;
end \\\$\\\$;\""
# Test suites drop their databases WITH (FORCE); that must be allowed to end a leftover connection.
su postgres -c "psql -v ON_ERROR_STOP=1 -tAc 'grant pg_signal_backend to gridline'" >/dev/null
exists=$(su postgres -c "psql -tAc \"select 1 from pg_database where datname = 'gridline_test'\"")
[ "$exists" = "1" ] || su postgres -c "createdb -O gridline gridline_test"
echo "PostgreSQL $version is up: postgres://gridline:gridline@127.0.0.1:5432/gridline_test"
