<?php
/**
 * Final self-check of the setup Job, run through `wp eval-file`. Fails the Job (exit 1) unless
 * every condition the orchestrator relies on holds: a store that passes this can take an order.
 */

$urumi_failures = [];
$urumi_check = static function (string $what, bool $ok) use (&$urumi_failures): void {
    WP_CLI::log(($ok ? 'ok   ' : 'FAIL ') . $what);
    if (!$ok) {
        $urumi_failures[] = $what;
    }
};
$urumi_env = static function (string $name): string {
    $value = getenv($name);
    return is_string($value) ? $value : '';
};

require_once ABSPATH . 'wp-admin/includes/plugin.php';

$urumi_check('WordPress is installed', is_blog_installed());
$urumi_check('home URL is ' . $urumi_env('STORE_URL'), untrailingslashit(home_url()) === $urumi_env('STORE_URL'));
$urumi_check('environment type is ' . $urumi_env('EXPECTED_ENVIRONMENT_TYPE'), wp_get_environment_type() === $urumi_env('EXPECTED_ENVIRONMENT_TYPE'));
$urumi_check('pretty permalinks are on', get_option('permalink_structure') === '/%postname%/');
$urumi_salts = array_map(
    static fn (string $name): string => defined($name) ? (string) constant($name) : '',
    ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT']
);
$urumi_check('the eight shared salts are set and distinct', count(array_unique($urumi_salts)) === 8 && min(array_map('strlen', $urumi_salts)) >= 32);

$admin = get_user_by('login', $urumi_env('ADMIN_USER'));
$urumi_check('admin user exists', $admin instanceof WP_User);
$urumi_check('admin is an administrator', $admin instanceof WP_User && in_array('administrator', (array) $admin->roles, true));
$urumi_check('admin password matches the credentials Secret', $admin instanceof WP_User && wp_check_password($urumi_env('ADMIN_PASSWORD'), $admin->user_pass, $admin->ID));

$wc_active = is_plugin_active('woocommerce/woocommerce.php') && function_exists('WC');
$urumi_check('WooCommerce is active', $wc_active);
$urumi_check('WooCommerce is version ' . $urumi_env('WOOCOMMERCE_VERSION'), $wc_active && WC()->version === $urumi_env('WOOCOMMERCE_VERSION'));
$urumi_check('Storefront is the active theme', get_stylesheet() === 'storefront');
$urumi_check('Storefront is version ' . $urumi_env('STOREFRONT_VERSION'), wp_get_theme('storefront')->get('Version') === $urumi_env('STOREFRONT_VERSION'));

if ($wc_active) {
    foreach (['shop', 'cart', 'checkout', 'myaccount'] as $page) {
        $id = wc_get_page_id($page);
        $urumi_check("$page page is published", $id > 0 && get_post_status($id) === 'publish');
    }
    $urumi_check('"coming soon" mode is off', get_option('woocommerce_coming_soon') === 'no');
    $urumi_check('guest checkout is on', get_option('woocommerce_enable_guest_checkout') === 'yes');

    $gateways = WC()->payment_gateways()->payment_gateways();
    $cod = $gateways['cod'] ?? null;
    $urumi_check('Cash on Delivery is enabled', $cod !== null && $cod->enabled === 'yes');
    $urumi_check('Cash on Delivery accepts virtual orders', $cod !== null && $cod->get_option('enable_for_virtual') === 'yes');

    $product_id = wc_get_product_id_by_sku($urumi_env('PRODUCT_SKU'));
    $product = $product_id ? wc_get_product($product_id) : null;
    $urumi_check('test product exists', $product instanceof WC_Product);
    $urumi_check('test product is published', $product instanceof WC_Product && $product->get_status() === 'publish');
    $urumi_check('test product is virtual', $product instanceof WC_Product && $product->is_virtual());
    $urumi_check('test product is in stock', $product instanceof WC_Product && $product->is_in_stock());
    $urumi_check('test product is purchasable with a price', $product instanceof WC_Product && $product->is_purchasable() && (float) $product->get_price() > 0);
}

// Last, as it marks this process as a REST request: the application password authenticates the
// admin exactly as it will over HTTP (production is served over TLS, so pretend to be HTTPS).
if ($admin instanceof WP_User) {
    if (!defined('REST_REQUEST')) {
        define('REST_REQUEST', true);
    }
    if (wp_get_environment_type() !== 'local') {
        $_SERVER['HTTPS'] = 'on';
    }
    // WordPress records the client address of a successful application-password login.
    $_SERVER['REMOTE_ADDR'] = $_SERVER['REMOTE_ADDR'] ?? '127.0.0.1';
    $urumi_check('application passwords are available', wp_is_application_passwords_available_for_user($admin));
    $authenticated = wp_authenticate_application_password(null, $urumi_env('ADMIN_USER'), $urumi_env('WP_APP_PASSWORD'));
    $urumi_check('application password "urumi" authenticates the admin', $authenticated instanceof WP_User && $authenticated->ID === $admin->ID);
}

if ($urumi_failures !== []) {
    WP_CLI::error(count($urumi_failures) . ' self-check(s) failed: ' . implode('; ', $urumi_failures));
}
WP_CLI::success('self-check passed');
