#!/usr/bin/env bash
# `make deb`: the Debian package, from a tree that `make install DESTDIR=WORK/debian/kubecapwatch PREFIX=/usr
# INSTALL_CONFIG=no` staged (the layout dpkg-shlibdeps expects), into OUT-DIR/kubecapwatch_VERSION_ARCH.deb.
#
#   Depends      the Debian packages of the shared libraries the binary links, with their least versions
#                (dpkg-shlibdeps), and passwd (useradd, where there is no systemd-sysusers)
#   conffiles    every file under /etc (the example config; config.ini itself is made by the postinst)
#   scripts      packaging/debian/{postinst,prerm,postrm}
#
# Settings (environment): DEB_VERSION (default: `kubecapwatch --version`), DEB_MAINTAINER.
set -euo pipefail
work=$(readlink -f "${1:?usage: build-deb.sh WORK-DIR OUT-DIR}")
outdir=${2:?usage: build-deb.sh WORK-DIR OUT-DIR}
cd "$(dirname "$0")/.."
stage="$work/debian/kubecapwatch"
bin="$stage/usr/bin/kubecapwatch"
[ -x "$bin" ] || { echo "build-deb.sh: no staged binary at $bin" >&2; exit 1; }

version=${DEB_VERSION:-$("$bin" --version)}
arch=$(dpkg --print-architecture)
maintainer=${DEB_MAINTAINER:-kubecapwatch developers <kubecapwatch@invalid>}

# Whatever the umask was when the tree was staged, the package's folders are 0755 and its files 0644 or 0755.
find "$stage" -type d -exec chmod 0755 {} +
find "$stage" -type f -exec chmod go-w,a+r {} +
rm -rf "$stage/DEBIAN"
mkdir -m 0755 "$stage/DEBIAN"

# dpkg-shlibdeps wants a debian/control beside the staged tree (the skeleton is enough) and the DEBIAN folder in it.
printf 'Source: kubecapwatch\n\nPackage: kubecapwatch\nArchitecture: any\n' > "$work/debian/control"
shlibs=$(cd "$work" && dpkg-shlibdeps -O "${bin#"$work"/}" | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "build-deb.sh: dpkg-shlibdeps found no library dependencies" >&2; exit 1; }

install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$stage/DEBIAN/"
(cd "$stage" && find etc -type f | sed 's|^|/|' | sort) > "$stage/DEBIAN/conffiles"
# md5sums (dpkg --verify) of everything but the conffiles, whose sums dpkg keeps itself.
(cd "$stage" && find usr -type f | sort | xargs md5sum) > "$stage/DEBIAN/md5sums"
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)

cat > "$stage/DEBIAN/control" <<EOF
Package: kubecapwatch
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $shlibs, passwd
Recommends: systemd
Suggests: graphviz
Section: admin
Priority: optional
Description: Kubernetes capacity threshold watcher
 Every interval kubecapwatch reads each node's allocatable CPU and memory and
 the requests and limits of the pods bound to it (the figures of kubectl
 describe node), compares the percentages with the thresholds in
 /etc/kubecapwatch/config.ini, and alerts on the console (the journal), a Slack
 incoming webhook or SMTP email: when a threshold is crossed, as a reminder
 while it stays crossed, and when it resolves. The same binary prints capacity
 reports (kubecapwatch scan) and draws the relationship graph of pods, volumes
 and nodes (kubecapwatch graph; SVG and PNG need graphviz).
 .
 kubecapwatch.service watches one cluster; the template kubecapwatch@.service
 one per cluster (kubecapwatch@prod reads /etc/kubecapwatch/prod.ini). The
 Swift runtime and Foundation are linked into the binary: no Swift toolchain
 is needed.
EOF

mkdir -p "$outdir"
deb="$outdir/kubecapwatch_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$deb" >&2
echo "$deb"
