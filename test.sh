#!/usr/bin/env bash
# The test command: on a fresh Debian machine with Java 17 and Maven, installs what the tests
# need, then runs every test (mvn -B verify) and the container test. Run as root (apt, tmpfs).
#   - chromium + chromium-driver: the dashboard's browser tests
#   - nginx (its WebDAV module): a real PUT/DELETE server the analysis must judge correct
#   - json-server (npm, into .tools/): a real REST server whose POSTs really duplicate
#   - php-cli: PHP's built-in server runs a dynamic page (fresh nonce and time on every request)
#   - postgresql: the shared store's tests start their own server (initdb into a temp directory,
#     pg_ctl on a free loopback port, as the postgres user); the package's own cluster is not used
set -euo pipefail
cd "$(dirname "$0")"
JSON_SERVER_VERSION=0.17.4

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v php >/dev/null 2>&1 || missing+=(php-cli)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -x .tools/node_modules/.bin/json-server ]; then
  echo "installing: json-server@$JSON_SERVER_VERSION into .tools/"
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "json-server@$JSON_SERVER_VERSION" >/dev/null
fi

# Versions for the log; printed whole (a pipe into head can break the pipe and, with pipefail, fail the run).
java -version
mvn -B -v
mvn -B verify
# The container test of README.md ("Container"): builds the Dockerfile on a locally made base image.
bash container/test.sh
