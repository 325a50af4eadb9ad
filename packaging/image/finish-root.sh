#!/bin/sh
# The last step of the container image's root filesystem, run inside it once its Debian packages are installed:
# by the Containerfile (RUN) and by `make image` (scripts/build-image.sh, through chroot), so both images are made
# the same way. It makes the root slim (no package lists, caches or logs; no documentation but the copyright
# files, no manuals, no translations), makes packages installed later leave those out too, and adds the
# service's account and its state folder.
set -eu
here=$(dirname "$0")

apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old
find /var/log -type f -delete
find /usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete
find /usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf /usr/share/man/* /usr/share/info/* /usr/share/locale/* /usr/share/groff /usr/share/lintian
install -m 0644 "$here/dpkg-slim.cfg" /etc/dpkg/dpkg.cfg.d/slim

# The account the image runs as: numeric ids, so Kubernetes can check runAsNonRoot without reading /etc/passwd.
groupadd -K GID_MAX=65532 --gid 65532 kubecapwatch
useradd -K UID_MAX=65532 --uid 65532 --gid 65532 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin \
    kubecapwatch
# The default state folder ([state] path and outbox_dir) of a `run` with the file backend.
install -d -m 0700 -o 65532 -g 65532 /var/lib/kubecapwatch
