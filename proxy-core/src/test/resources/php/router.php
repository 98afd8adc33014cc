<?php
// A dynamic page as WordPress-like PHP sites answer every request: HTML, gzip when asked, with a
// fresh nonce, the generation time and a "generated in N s" comment each time. /counter/ also shows
// a visit counter in its visible text: real content that changes on every PUT.
$start = microtime(true);
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (str_starts_with($path, '/api/')) {
    return false;
}
parse_str(file_get_contents('php://input'), $form);
$visits = '';
if ($path === '/counter/') {
    $file = __DIR__ . '/visits.txt';
    $n = (int) @file_get_contents($file) + 1;
    file_put_contents($file, (string) $n);
    $visits = "<p class=\"visits\">Visits: $n</p>";
}
header('Content-Type: text/html; charset=UTF-8');
if (str_contains($_SERVER['HTTP_ACCEPT_ENCODING'] ?? '', 'gzip')) {
    ob_start('ob_gzhandler');
}
$nonce = bin2hex(random_bytes(5));
$scriptNonce = base64_encode(random_bytes(18));
$now = date('c');
$fields = htmlspecialchars(json_encode($form));
echo <<<HTML
<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>A page &#8211; Just another site</title>
<script nonce="$scriptNonce">var wpApiSettings = {"root":"/wp-json/","nonce":"$nonce"};</script>
</head>
<body class="home page-template-default">
<header><h1>Just another site</h1></header>
<main>
<p>Thanks, your form $fields was saved.</p>
$visits
<form method="post"><input type="hidden" name="_wpnonce" value="$nonce"><input type="hidden" name="_wp_http_referer" value="/"></form>
</main>
<footer>Page generated at $now</footer>
</body>
</html>
HTML;
printf("\n<!-- Dynamic page generated in %.3f seconds. -->\n", microtime(true) - $start + 0.001 * random_int(1, 900));
