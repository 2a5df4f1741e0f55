<?php
// Driven by php-plugin.test.ts: exercises the plugin's client against a real cpwoo pricing service and prints one JSON
// object of observations for the TypeScript test to check.
declare(strict_types=1);

define('CPWOO_PRICING_STANDALONE', true);
require __DIR__ . '/../../wordpress/cpwoo-pricing/includes/class-cpwoo-pricing-client.php';

[, $url, $key, $slow_url, $closed_url] = $argv;
$items = [['sku' => 'PBO-TOTE', 'qty' => 10], ['sku' => 'PBO-BTL-32', 'qty' => 1], ['sku' => '', 'qty' => 3], ['sku' => 'NOPE', 'qty' => 0]];
$out = [];

$client = new Cpwoo_Pricing_Client($url . '/', $key, 2.0);
$out['request'] = $client->build_request('2221', $items);
$req = $out['request'];
$out['raw'] = Cpwoo_Pricing_Client::default_transport($req['url'], $req['headers'], $req['body'], 2.0);
$out['prices'] = $client->fetch_prices('2221', $items);
$out['group_prices'] = $client->fetch_prices('TIER2', [['sku' => 'PBO-BTL-32', 'qty' => 24]]);
$out['bad_key'] = (new Cpwoo_Pricing_Client($url, 'wrong-key', 2.0))->fetch_prices('2221', $items);
$out['unknown_customer'] = $client->fetch_prices('NOBODY', $items);

$started = microtime(true);
$out['timeout'] = (new Cpwoo_Pricing_Client($slow_url, $key, 1.0))->fetch_prices('2221', $items);
$out['timeout_seconds'] = microtime(true) - $started;
$out['closed'] = (new Cpwoo_Pricing_Client($closed_url, $key, 1.0))->fetch_prices('2221', $items);
$out['throwing_transport'] = (new Cpwoo_Pricing_Client($url, $key, 1.0, static function (): array {
	throw new RuntimeException('boom');
}))->fetch_prices('2221', $items);

echo json_encode($out, JSON_UNESCAPED_SLASHES), "\n";
