#!/usr/bin/env bash
# Installs Lanekeeper on a gate device (Raspberry Pi OS / Debian / Ubuntu, JetPack): a system user, the jar in
# /opt/lanekeeper, a configuration in /etc/lanekeeper (kept if present), data in /var/lib/lanekeeper, GPIO access,
# and the systemd unit with restart and watchdog. Run as root on the device:
#
#   sudo gate-agent/install.sh [--jar lanekeeper.jar] [--config raspberry-pi|jetson|FILE] [--no-start]
#                              [--root DIR]   (stage into DIR instead of /, e.g. to build an image; implies --no-start)
#                              [--site DIR --node NAME]   (a device of a site cluster, docs/site.md: its certificate
#                              NAME.p12 and the site's site-trust.p12, made by `lanekeeper site-certs DIR ...` on an
#                              admin's machine, go to /etc/lanekeeper/site; the CA's key never comes to the device)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/lanekeeper.jar"
config=""
root=""
start=1
site=""
node=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    --config) config="$2"; shift 2 ;;
    --root) root="${2%/}"; start=0; shift 2 ;;
    --no-start) start=0; shift ;;
    --site) site="${2%/}"; shift 2 ;;
    --node) node="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "no jar at $jar: build it first (mvn -DskipTests package) or pass --jar" >&2; exit 2; }
if [ -n "$site" ] || [ -n "$node" ]; then
  [ -n "$site" ] && [ -n "$node" ] || { echo "--site and --node go together" >&2; exit 2; }
  for f in "$site/$node.p12" "$site/site-trust.p12"; do
    [ -f "$f" ] || { echo "no $f: make it with 'lanekeeper site-certs $site $node' on an admin's machine" >&2; exit 2; }
  done
fi
if [ -z "$root" ] && [ "$(id -u)" != 0 ]; then echo "run as root (sudo)" >&2; exit 2; fi

arch="$(uname -m)"
case "$arch" in x86_64|aarch64) ;; *) echo "unsupported architecture $arch (x86_64 or aarch64)" >&2; exit 2 ;; esac
if [ -z "$config" ]; then
  if [ -e /etc/nv_tegra_release ] || grep -qi jetson /proc/device-tree/model 2>/dev/null; then config=jetson
  elif grep -qi "raspberry pi" /proc/device-tree/model 2>/dev/null; then config=raspberry-pi
  else config=default; fi
fi
case "$config" in
  jetson|raspberry-pi|default) config_file="$here/../conf/$config.json" ;;
  *) config_file="$config" ;;
esac
[ -f "$config_file" ] || { echo "no configuration $config_file" >&2; exit 2; }

# A Java 21 or newer runtime, and the native libraries the jar does not carry
find_java() {
  local j
  for j in "${JAVA_HOME:-}/bin/java" /usr/lib/jvm/*/bin/java /usr/bin/java; do
    [ -x "$j" ] || continue
    v="$("$j" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)"
    if [ "${v:-0}" -ge 21 ]; then readlink -f "$j"; return 0; fi
  done
  return 1
}
if [ -z "$root" ] && command -v apt-get >/dev/null; then
  apt-get update -qq || true
  apt-get install -y -qq libturbojpeg0 libgpiod2 gpiod >/dev/null || echo "warning: could not install libturbojpeg0/libgpiod2" >&2
  # rtsp cameras are read by ffmpeg (docs/cameras.md); without it such a lane says so and retries
  apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null || echo "warning: could not install ffmpeg: rtsp cameras need it" >&2
  find_java >/dev/null || apt-get install -y -qq openjdk-21-jre-headless >/dev/null 2>&1 || true
fi
java="$(find_java || true)"
if [ -z "$java" ]; then
  echo "no Java 21 or newer found: install one (Debian/Raspberry Pi OS: Temurin 21 from packages.adoptium.net;" \
       "JetPack 6 / Ubuntu 22.04: apt-get install openjdk-21-jre-headless) and run again" >&2
  [ -n "$root" ] || exit 3
fi

# user, folders, files
if [ -z "$root" ]; then
  getent group lanekeeper >/dev/null || groupadd --system lanekeeper
  id lanekeeper >/dev/null 2>&1 || useradd --system --gid lanekeeper --home-dir /var/lib/lanekeeper \
    --shell /usr/sbin/nologin lanekeeper
  getent group gpio >/dev/null || groupadd --system gpio
  getent group video >/dev/null || groupadd --system video
  usermod -a -G gpio,video lanekeeper
fi
install -d -m 0755 "$root/opt/lanekeeper" "$root/opt/lanekeeper/bin" "$root/etc/lanekeeper" \
  "$root/etc/systemd/system" "$root/etc/udev/rules.d"
install -d -m 0750 "$root/var/lib/lanekeeper"
install -m 0644 "$jar" "$root/opt/lanekeeper/lanekeeper.jar"
[ -n "$java" ] && ln -sfn "$java" "$root/opt/lanekeeper/bin/java"
if [ ! -f "$root/etc/lanekeeper/lanekeeper.json" ]; then
  install -m 0640 "$config_file" "$root/etc/lanekeeper/lanekeeper.json"
  echo "configuration: $root/etc/lanekeeper/lanekeeper.json (from $config_file): set lanes, pins, broker, then restart"
else
  echo "configuration kept: $root/etc/lanekeeper/lanekeeper.json"
fi
[ -f "$root/etc/lanekeeper/lanekeeper.env" ] || cat > "$root/etc/lanekeeper/lanekeeper.env" <<'ENV'
# Environment of the lanekeeper service: JVM options and LANEKEEPER_* overrides of the configuration.
LANEKEEPER_JAVA_OPTS=-Xmx512m
# LANEKEEPER_DB_URL=postgresql://lanekeeper@site-server:5432/lanekeeper
ENV
# it may hold a database password: the service's group reads it, nobody else
chmod 0640 "$root/etc/lanekeeper/lanekeeper.env"
# GPIO character devices for the gpio group (Raspberry Pi OS already does this; JetPack does not)
cat > "$root/etc/udev/rules.d/60-lanekeeper-gpio.rules" <<'UDEV'
SUBSYSTEM=="gpio", KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"
UDEV
install -m 0644 "$here/systemd/lanekeeper.service" "$root/etc/systemd/system/lanekeeper.service"
if [ -n "$site" ]; then
  # the device's key: the service's group reads it, nobody else
  install -d -m 0750 "$root/etc/lanekeeper/site"
  install -m 0640 "$site/$node.p12" "$root/etc/lanekeeper/site/$node.p12"
  install -m 0640 "$site/site-trust.p12" "$root/etc/lanekeeper/site/site-trust.p12"
  echo "site certificates: $root/etc/lanekeeper/site ($node.p12, site-trust.p12): set cluster.* in the" \
       "configuration (docs/site.md)"
fi
if [ -z "$root" ]; then
  chown -R lanekeeper:lanekeeper /var/lib/lanekeeper
  chgrp lanekeeper /etc/lanekeeper/lanekeeper.json /etc/lanekeeper/lanekeeper.env
  [ -z "$site" ] || chgrp -R lanekeeper /etc/lanekeeper/site
  udevadm control --reload-rules 2>/dev/null && udevadm trigger --subsystem-match=gpio 2>/dev/null || true
  systemctl daemon-reload
  systemctl enable lanekeeper.service
  if [ "$start" = 1 ]; then
    systemctl restart lanekeeper.service
    echo "started: journalctl -u lanekeeper -f; dashboard on port 8080"
  fi
fi
echo "installed for $arch with ${java:-<no Java yet>}"
