#!/usr/bin/env bash
# Installs what the tests need from Debian's packages when it is missing: PostgreSQL (the cluster tests run a
# private server), iptables (the partition test cuts a member off on the loopback interface), curl (the Validator's
# signature test signs with curl --aws-sigv4) and OpenLDAP's slapd with ldap-utils (the Validator basicAuth LDAP tests
# run a private slapd with their own config; the instance the package configures through debconf is not used).
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v iptables >/dev/null 2>&1 || missing+=(iptables)
command -v curl >/dev/null 2>&1 || missing+=(curl)   # the Validator's signature test signs with curl --aws-sigv4
[ -x /usr/sbin/slapd ] || missing+=(slapd)
command -v ldapadd >/dev/null 2>&1 || missing+=(ldap-utils)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
