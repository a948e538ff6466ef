<?php
/**
 * Urumi store configuration, run by setup.sh through `wp eval-file` once WooCommerce and
 * Storefront are active. Idempotent: each step converges to the wanted state. Values come from
 * the environment (secrets from the credentials Secret), never from arguments.
 */

$urumi_env = static function (string $name): string {
    $value = getenv($name);
    if (!is_string($value) || $value === '') {
        WP_CLI::error("environment variable $name is empty");
    }
    return $value;
};

if (!function_exists('WC')) {
    WP_CLI::error('WooCommerce is not loaded');
}

// --- Admin account: the credentials Secret is the source of truth. ---
$admin = get_user_by('login', $urumi_env('ADMIN_USER'));
if (!$admin instanceof WP_User) {
    WP_CLI::error('the admin user from the credentials Secret does not exist');
}
if (!wp_check_password($urumi_env('ADMIN_PASSWORD'), $admin->user_pass, $admin->ID)) {
    wp_set_password($urumi_env('ADMIN_PASSWORD'), $admin->ID);
    WP_CLI::log('admin password set from the credentials Secret');
}
if ($admin->user_email !== $urumi_env('ADMIN_EMAIL')) {
    $updated = wp_update_user(['ID' => $admin->ID, 'user_email' => $urumi_env('ADMIN_EMAIL')]);
    if (is_wp_error($updated)) {
        WP_CLI::error('could not set the admin email: ' . $updated->get_error_message());
    }
}
$admin = get_user_by('id', $admin->ID);
if (!in_array('administrator', (array) $admin->roles, true)) {
    $admin->set_role('administrator');
}

// --- Shop, cart, checkout and my-account pages (creates only the missing ones). ---
WC_Install::create_pages();

// --- Cash on Delivery, also for virtual products, for every shipping method. ---
$cod = get_option('woocommerce_cod_settings', []);
$cod = is_array($cod) ? $cod : [];
$cod = array_merge(
    [
        'title'       => 'Cash on delivery',
        'description' => 'Pay with cash upon delivery.',
        'instructions' => 'Pay with cash upon delivery.',
    ],
    $cod,
    ['enabled' => 'yes', 'enable_for_virtual' => 'yes', 'enable_for_methods' => []]
);
update_option('woocommerce_cod_settings', $cod);

// --- The seeded product: virtual (no shipping), in stock, published, found by SKU. ---
$sku = $urumi_env('PRODUCT_SKU');
$product_id = wc_get_product_id_by_sku($sku);
$product = $product_id ? wc_get_product($product_id) : new WC_Product_Simple();
if (!$product instanceof WC_Product_Simple) {
    WP_CLI::error("SKU $sku belongs to a product that is not a simple product");
}
if (!$product_id) {
    $product->set_sku($sku);
}
$product->set_name($urumi_env('PRODUCT_NAME'));
$product->set_status('publish');
$product->set_catalog_visibility('visible');
$product->set_regular_price($urumi_env('PRODUCT_PRICE'));
$product->set_sale_price('');
$product->set_virtual(true);
$product->set_downloadable(false);
$product->set_manage_stock(false);
$product->set_stock_status('instock');
$product->set_tax_status('none');
$product->save();

// --- The application password the orchestrator uses (basic auth admin-user:wp-app-password). ---
// WP-CLI cannot register a chosen password, so write the entry as WP_Application_Passwords
// does. WordPress strips everything but letters and digits before checking (spaces are
// allowed for readability), so hash the stripped form. WordPress 6.8+ hashes application
// passwords with wp_fast_hash (BLAKE2b); older versions used wp_hash_password.
$app_name = 'urumi';
$app_password = preg_replace('/[^a-z\d]/i', '', $urumi_env('WP_APP_PASSWORD'));
if (strlen($app_password) < 16) {
    WP_CLI::error('wp-app-password must have at least 16 letters and digits (other characters are ignored by WordPress)');
}
$hash = function_exists('wp_fast_hash') ? wp_fast_hash($app_password) : wp_hash_password($app_password);
$verify = static function (string $password, string $hashed): bool {
    return function_exists('wp_verify_fast_hash')
        ? wp_verify_fast_hash($password, $hashed)
        : wp_check_password($password, $hashed);
};
$items = WP_Application_Passwords::get_user_application_passwords($admin->ID);
$kept = [];
$valid = false;
foreach ($items as $item) {
    if (($item['name'] ?? '') !== $app_name) {
        $kept[] = $item;
        continue;
    }
    if (!$valid && $verify($app_password, (string) $item['password'])) {
        $valid = true;
        $kept[] = $item;
    }
    // Any other "urumi" entry is stale (a rotated password): dropped.
}
if (!$valid) {
    $kept[] = [
        'uuid'      => wp_generate_uuid4(),
        'app_id'    => '',
        'name'      => $app_name,
        'password'  => $hash,
        'created'   => time(),
        'last_used' => null,
        'last_ip'   => null,
    ];
    WP_CLI::log('application password "urumi" registered for the admin');
}
if ($kept !== $items) {
    update_user_meta($admin->ID, WP_Application_Passwords::USERMETA_KEY_APPLICATION_PASSWORDS, $kept);
}
update_network_option(get_main_network_id(), WP_Application_Passwords::OPTION_KEY_IN_USE, true);

WP_CLI::success('store configured');
