# Sourced by the scripts: finds a JDK >= 21 and the project root, builds the jar when needed.
# shellcheck shell=bash

LK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LK_JAR="$LK_ROOT/gate-agent/target/lanekeeper.jar"

lk_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

# Sets JAVA_HOME to a JDK >= 21: the given JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
lk_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    local v; v=$(lk_java_major "$JAVA_HOME/bin/java")
    if [ "${v:-0}" -ge 21 ]; then export JAVA_HOME; return 0; fi
  fi
  local best="" bestv=0 d v
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue
    v=$(lk_java_major "$d/bin/java")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best="$d"; bestv="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "No JDK 21 or newer found (JAVA_HOME or /usr/lib/jvm/*). Install one, e.g. apt-get install openjdk-21-jdk-headless." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

# The fonts the synthetic plate generator draws with (Debian packages; see docs/synth.md).
LK_FONT_PACKAGES="fonts-dejavu-core fonts-liberation2 fonts-freefont-ttf fonts-roboto-unhinted fonts-opendin fonts-bebas-neue fonts-jura fonts-dosis fonts-b612"
# What the controller uses at run time besides the jar: the fonts, and libjpeg-turbo's TurboJPEG library
# (SIMD JPEG decoding, about twice OpenCV's bundled decoder; the engine falls back to OpenCV without it).
LK_RUNTIME_PACKAGES="$LK_FONT_PACKAGES libturbojpeg0"
# The tests' RTSP camera (verticles/src/test/resources/rtsp/rtsp_server.py) and the ffmpeg that reads it.
LK_RTSP_TEST_PACKAGES="python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good \
gstreamer1.0-plugins-ugly ffmpeg"

# Installs the named Debian packages that are missing, when we may (root with apt-get); else says what to install.
lk_ensure_debs() {
  local missing="" p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages:$missing" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2
  else
    echo "Missing Debian packages:$missing (install them with apt-get)" >&2
  fi
}

lk_mvn() {
  (cd "$LK_ROOT" && MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow" \
    mvn -B -ntp "$@")
}

# Builds the runnable jar when it is missing or older than any source, resource or model.
lk_ensure_jar() {
  # the jar's modules: web-ui, verticles and gate-agent at the top, plates and synth under models/
  local sources=("$LK_ROOT"/pom.xml "$LK_ROOT"/*/pom.xml "$LK_ROOT"/*/src "$LK_ROOT"/models/*/pom.xml
                 "$LK_ROOT"/models/*/src "$LK_ROOT"/models/*.onnx "$LK_ROOT"/conf)
  if [ -f "$LK_JAR" ] && [ -z "$(find "${sources[@]}" -newer "$LK_JAR" -type f 2>/dev/null | head -1)" ]; then
    return 0
  fi
  echo "Building lanekeeper.jar (first time: Maven downloads the dependencies) ..." >&2
  lk_mvn -q -DskipTests package >&2
}

lk_java() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Djava.awt.headless=true "$@"
}
