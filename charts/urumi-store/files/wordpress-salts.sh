#!/usr/bin/env bash
# Creates the eight WordPress salts once, as files on the wp-content volume, so every WordPress
# pod and the setup Job share them across restarts (the official image reads them through
# WORDPRESS_<NAME>_FILE). Run by the WordPress pod's init container and by the setup Job's
# prepare step; whichever comes first wins (hard links never overwrite). The ".ht" prefix makes
# Apache refuse to serve them (the image's FilesMatch "^\.ht" rule).
set -euo pipefail
umask 077
dir=/var/www/html/wp-content
for name in auth-key secure-auth-key logged-in-key nonce-key auth-salt secure-auth-salt logged-in-salt nonce-salt; do
  file="$dir/.htsalt-$name"
  if [ -s "$file" ]; then
    continue
  fi
  tmp="$(mktemp "$dir/.htsalt-tmp.XXXXXX")"
  head -c 48 /dev/urandom | base64 | tr -d '\n' > "$tmp"
  ln "$tmp" "$file" 2>/dev/null || true
  rm -f "$tmp"
  [ -s "$file" ] || { echo "salts: could not create $file" >&2; exit 1; }
done
