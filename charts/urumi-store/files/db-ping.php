<?php
// Exit 0 when the WordPress database user can connect to its database, 1 otherwise.
// PHP's mysqli avoids the MariaDB command-line client's TLS defaults.
mysqli_report(MYSQLI_REPORT_OFF);
$host = getenv('WORDPRESS_DB_HOST');
$port = 3306;
if (strpos($host, ':') !== false) {
    [$host, $port] = explode(':', $host, 2);
    $port = (int) $port;
}
$link = @mysqli_connect($host, getenv('WORDPRESS_DB_USER'), getenv('WORDPRESS_DB_PASSWORD'), getenv('WORDPRESS_DB_NAME'), $port);
if ($link === false) {
    fwrite(STDERR, 'database not reachable yet: ' . mysqli_connect_error() . PHP_EOL);
    exit(1);
}
mysqli_close($link);
exit(0);
