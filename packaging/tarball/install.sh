#!/bin/sh
# Installs apache-mpm-exporter from this tarball on a systemd Linux host (Debian, Ubuntu, RHEL, Rocky,
# Alma, ...), as root: the files of the Debian package at the same paths, but the units in
# /etc/systemd/system; its user and folders. Starts nothing the first time; on an upgrade it restarts
# the units that run and leaves stopped ones stopped. A Java 17+ runtime must be installed.
#   ./install.sh               install or upgrade
#   ./install.sh --uninstall   stop the units and remove the files (keeps /etc/default/apache-mpm-*,
#                              /etc/apache-mpm-exporter and the logs)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
units="apache-mpm-exporter.service apache-mpm-switch.service apache-mpm-switch.socket apache-mpm-switch.path"
say() { echo "install.sh: $*"; }
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run it as root" >&2; exit 1; }
[ -d /run/systemd/system ] || { echo "install.sh: needs a host booted with systemd" >&2; exit 1; }

# The destination of each file of root/: units go to /etc/systemd/system (a host's own units).
dest() {
  case "$1" in
    ./lib/systemd/system/*) echo "/etc/systemd/system/${1##*/}" ;;
    *) echo "${1#.}" ;;
  esac
}

if [ "${1:-}" = "--uninstall" ]; then
  for u in $units; do systemctl disable --now "$u" >/dev/null 2>&1 || true; done
  (cd "$here/root" && find . -type f) | while read -r f; do
    d=$(dest "$f")
    case "$d" in /etc/default/*) continue ;; esac
    rm -f "$d"
  done
  rm -rf /usr/share/apache-mpm-exporter /usr/share/doc/apache-mpm-exporter
  systemctl daemon-reload
  say "removed; /etc/default/apache-mpm-*, /etc/apache-mpm-exporter and the logs are kept"
  exit 0
fi
[ -z "${1:-}" ] || { echo "install.sh: unknown argument '$1' (none, or --uninstall)" >&2; exit 2; }

command -v java >/dev/null 2>&1 ||
  say "warning: no java on PATH; install a Java 17+ runtime (Debian/Ubuntu: default-jre-headless; RHEL/Rocky: java-17-openjdk-headless)"
upgrade=no
[ -f /usr/share/apache-mpm-exporter/apache-mpm-exporter.jar ] && upgrade=yes

if ! getent passwd apache-mpm-exporter >/dev/null; then
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell "$(command -v nologin || echo /bin/false)" --comment apache-mpm-exporter apache-mpm-exporter
fi
(cd "$here/root" && find . -type f) | while read -r f; do
  d=$(dest "$f")
  mode=$(stat -c %a "$here/root/$f")
  case "$d" in
    /etc/default/* | /etc/logrotate.d/*)
      # Configuration: the operator's copy wins; ours lands beside it.
      if [ -e "$d" ] && ! cmp -s "$here/root/$f" "$d"; then
        install -D -m "$mode" "$here/root/$f" "$d.dist"
        say "kept your $d; the shipped one is $d.dist"
        continue
      fi
      ;;
  esac
  install -D -m "$mode" "$here/root/$f" "$d"
done
# As the package's postinst: the admin token's folder (root writes it, the exporter's group reads it)
# and the exporter's log folder.
install -d -m 0750 -o root -g apache-mpm-exporter /etc/apache-mpm-exporter
install -d -m 0750 -o apache-mpm-exporter -g apache-mpm-exporter /var/log/apache-mpm-exporter
systemctl daemon-reload
if [ "$upgrade" = yes ]; then
  for u in $units; do
    systemctl try-restart "$u" >/dev/null 2>&1 || true
  done
  say "upgraded to $(/usr/bin/apache-mpm-exporter --version 2>/dev/null || echo '?'); running units restarted"
else
  say "installed $(/usr/bin/apache-mpm-exporter --version 2>/dev/null || echo '?')"
  say "next: set ARGS in /etc/default/apache-mpm-exporter, then: systemctl enable --now apache-mpm-exporter"
fi
