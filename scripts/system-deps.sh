#!/usr/bin/env bash
# Install the Debian packages the test suite needs: chromium + chromedriver (browser test),
# a JDK 17 + Maven (to fetch a real Elasticsearch node from Maven Central and build its test plugin),
# npm (to install axe-core from the npm registry for the accessibility tests).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v npm >/dev/null 2>&1 || need+=(npm)  # installs axe-core for the accessibility tests (make js-deps)
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: chromium, chromedriver, javac, mvn and npm present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "system-deps: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
