#!/usr/bin/env bash
# Urumi store setup, run by the setup Job with WP-CLI. Idempotent: every step converges to the
# wanted state, so a retry, an upgrade or a re-run on an existing store is safe. Any failed step
# fails the Job (set -euo pipefail), and a final self-check fails it unless the shop can sell.
set -euo pipefail

readonly WP_PATH=/var/www/html
readonly SCRIPTS=/scripts

log() { printf '%s setup: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
wpc() { wp --path="$WP_PATH" "$@"; }

for name in WORDPRESS_DB_HOST WORDPRESS_DB_NAME WORDPRESS_DB_USER WORDPRESS_DB_PASSWORD \
  ADMIN_USER ADMIN_PASSWORD ADMIN_EMAIL WP_APP_PASSWORD STORE_URL STORE_TITLE \
  EXPECTED_ENVIRONMENT_TYPE PLUGIN_SOURCE WOOCOMMERCE_VERSION STOREFRONT_VERSION \
  WC_COUNTRY WC_CURRENCY PRODUCT_NAME PRODUCT_SKU PRODUCT_PRICE DB_WAIT_SECONDS SETUP_REVISION; do
  [ -n "${!name:-}" ] || die "environment variable $name is empty (check the credentials Secret keys)"
done

cd "$WP_PATH"
[ -f wp-settings.php ] || die "WordPress core is missing in $WP_PATH (the prepare init container did not run)"
if [ ! -s wp-config.php ]; then
  # The official image's config reads the WORDPRESS_* environment, exactly as in the Deployment.
  cp wp-config-docker.php wp-config.php
fi

log "waiting up to ${DB_WAIT_SECONDS}s for the database at $WORDPRESS_DB_HOST"
deadline=$(( $(date +%s) + DB_WAIT_SECONDS ))
until php "$SCRIPTS/db-ping.php"; do
  [ "$(date +%s)" -lt "$deadline" ] || die "the database did not accept connections within ${DB_WAIT_SECONDS}s"
  sleep 3
done
log "database is up"

if wpc core is-installed; then
  log "WordPress is already installed"
else
  log "installing WordPress for $STORE_URL"
  # The admin password goes through standard input, never the command line.
  printf '%s\n' "$ADMIN_PASSWORD" | wpc core install --url="$STORE_URL" --title="$STORE_TITLE" \
    --admin_user="$ADMIN_USER" --admin_email="$ADMIN_EMAIL" --skip-email --prompt=admin_password
fi
wpc core is-installed || die "WordPress is not installed after core install"
wpc core update-db

# install_pinned KIND SLUG VERSION: the exact pinned version, from wordpress.org or the image.
install_pinned() {
  local kind="$1" slug="$2" version="$3" current=""
  if wpc "$kind" is-installed "$slug"; then
    current="$(wpc "$kind" get "$slug" --field=version)"
  fi
  if [ "$current" = "$version" ]; then
    log "$kind $slug $version is installed"
    return 0
  fi
  log "$kind $slug: installed '${current:-none}', pinned $version (source: $PLUGIN_SOURCE)"
  case "$PLUGIN_SOURCE" in
    download)
      wpc "$kind" install "$slug" --version="$version" --force
      ;;
    image)
      local dir="${kind}s/$slug"
      [ -d "/seed/$dir" ] || die "$dir is not in the WordPress image"
      rm -rf "${WP_PATH:?}/wp-content/$dir"
      cp -R "/seed/$dir" "$WP_PATH/wp-content/$dir"
      ;;
    *)
      die "unknown PLUGIN_SOURCE '$PLUGIN_SOURCE'"
      ;;
  esac
  current="$(wpc "$kind" get "$slug" --field=version)"
  [ "$current" = "$version" ] || die "$kind $slug is $current after install, pinned $version"
}

install_pinned plugin woocommerce "$WOOCOMMERCE_VERSION"
wpc plugin activate woocommerce
install_pinned theme storefront "$STOREFRONT_VERSION"
wpc theme activate storefront

log "configuring the site and the shop"
wpc option update blogname "$STORE_TITLE"
wpc rewrite structure '/%postname%/'
wpc rewrite flush
wpc option update woocommerce_default_country "$WC_COUNTRY"
wpc option update woocommerce_currency "$WC_CURRENCY"
# Launch the store: WooCommerce 9.1+ starts new shops in "coming soon" mode.
wpc option update woocommerce_coming_soon no
wpc option update woocommerce_store_pages_only no
wpc option update woocommerce_enable_guest_checkout yes
wpc option update woocommerce_allow_tracking no
wpc option update woocommerce_show_marketplace_suggestions no
wpc option update woocommerce_task_list_hidden yes
wpc option update woocommerce_onboarding_profile '{"skipped":true}' --format=json
# Admin account sync, pages, Cash on Delivery, the test product, the application password.
wpc eval-file "$SCRIPTS/configure.php"

log "self-check"
wpc eval-file "$SCRIPTS/self-check.php"

# WordPress turns Ready only once this marker exists (see its readiness probe).
printf '%s\n' "$SETUP_REVISION" > "$WP_PATH/wp-content/.urumi-setup-complete"
log "store is set up and passed its self-check"
