#!/usr/bin/env bash
# Init container of the setup Job, run in the WordPress image (images.wordpress).
# Gives the WP-CLI container the WordPress core of exactly the image the Deployment runs, adds the
# image's bundled wp-content items the store does not have yet, and (pluginSource=image) keeps the
# image's WooCommerce and Storefront under /seed so setup can replace an older installed copy.
set -euo pipefail

src=/usr/src/wordpress
core=/var/www/html
content=/var/www/html/wp-content

echo "prepare: copying WordPress core from the image into $core" >&2
tar -C "$src" --exclude=./wp-content -cf - . | tar -C "$core" --no-overwrite-dir -xf -

echo "prepare: adding the image's bundled wp-content items the store lacks" >&2
tar -C "$src/wp-content" -cf - . | tar -C "$content" --no-overwrite-dir --skip-old-files -xf -

echo "prepare: making sure the shared WordPress salts exist" >&2
bash /scripts/wordpress-salts.sh

if [ "${PLUGIN_SOURCE:-download}" = "image" ]; then
  for path in plugins/woocommerce themes/storefront; do
    if [ ! -d "$src/wp-content/$path" ]; then
      echo "prepare: setup.pluginSource=image but $src/wp-content/$path is not in the image" >&2
      exit 1
    fi
    mkdir -p "/seed/$(dirname "$path")"
    cp -a "$src/wp-content/$path" "/seed/$path"
  done
fi
echo "prepare: done" >&2
