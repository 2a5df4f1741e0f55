<?php
/**
 * Talks to the cpwoo pricing service. Plain PHP (no WordPress needed), so it can be tested on its own:
 * one batch request per call, and null on any failure so callers fall back to the regular price.
 *
 * @package CpwooPricing
 */

declare(strict_types=1);

if (!defined('ABSPATH') && !defined('CPWOO_PRICING_STANDALONE')) {
	exit;
}

final class Cpwoo_Pricing_Client
{
	/** @var callable(string, array<string,string>, string, float): ?array{status:int, body:string} */
	private $transport;

	public function __construct(
		private readonly string $service_url,
		private readonly string $api_key,
		private readonly float $timeout_seconds = 3.0,
		?callable $transport = null
	) {
		$this->transport = $transport ?? [self::class, 'default_transport'];
	}

	/**
	 * The request for one batch: URL, headers and JSON body.
	 *
	 * @param string $customer Counterpoint customer number or price-group code.
	 * @param array<int, array{sku:string, qty:int|float}> $items
	 * @return array{url:string, headers:array<string,string>, body:string}
	 */
	public function build_request(string $customer, array $items, ?string $location = null): array
	{
		$lines = [];
		foreach ($items as $item) {
			$sku = trim((string) ($item['sku'] ?? ''));
			$qty = (float) ($item['qty'] ?? 1);
			if ($sku === '') {
				continue;
			}
			$lines[] = ['sku' => $sku, 'qty' => $qty > 0 ? $qty : 1];
		}
		$payload = ['customer' => $customer, 'items' => $lines];
		if ($location !== null && $location !== '') {
			$payload['location'] = $location;
		}
		return [
			'url' => rtrim($this->service_url, '/') . '/api/v1/prices',
			'headers' => [
				'Content-Type' => 'application/json',
				'Accept' => 'application/json',
				'X-API-Key' => $this->api_key,
			],
			'body' => (string) json_encode($payload, JSON_UNESCAPED_SLASHES),
		];
	}

	/**
	 * Prices for a batch of items, keyed by SKU as sent: ['price' => '27.50', 'regular' => '38.00'|null].
	 * Items the service could not price are left out. Returns null on timeout, refusal or any error.
	 *
	 * @param array<int, array{sku:string, qty:int|float}> $items
	 * @return array<string, array{price:string, regular:?string}>|null
	 */
	public function fetch_prices(string $customer, array $items, ?string $location = null): ?array
	{
		if ($customer === '' || $items === [] || $this->service_url === '') {
			return null;
		}
		try {
			$request = $this->build_request($customer, $items, $location);
			$response = ($this->transport)($request['url'], $request['headers'], $request['body'], $this->timeout_seconds);
			if ($response === null || $response['status'] !== 200) {
				return null;
			}
			$decoded = json_decode($response['body'], true);
			if (!is_array($decoded) || !isset($decoded['items']) || !is_array($decoded['items'])) {
				return null;
			}
			$sent = array_values(array_filter($items, static fn ($i) => trim((string) ($i['sku'] ?? '')) !== ''));
			$prices = [];
			foreach ($decoded['items'] as $index => $answer) {
				if (!is_array($answer) || ($answer['ok'] ?? false) !== true || !isset($answer['price'])) {
					continue;
				}
				$sku = (string) ($sent[$index]['sku'] ?? $answer['sku'] ?? '');
				$prices[$sku] = [
					'price' => (string) $answer['price'],
					'regular' => isset($answer['regularPrice']) ? (string) $answer['regularPrice'] : null,
				];
			}
			return $prices;
		} catch (\Throwable $e) {
			return null;
		}
	}

	/**
	 * WordPress's HTTP API when loaded, else PHP streams. Null on any transport failure or timeout.
	 *
	 * @param array<string,string> $headers
	 * @return array{status:int, body:string}|null
	 */
	public static function default_transport(string $url, array $headers, string $body, float $timeout): ?array
	{
		if (function_exists('wp_remote_post')) {
			$response = wp_remote_post($url, ['headers' => $headers, 'body' => $body, 'timeout' => $timeout]);
			if (is_wp_error($response)) {
				return null;
			}
			return [
				'status' => (int) wp_remote_retrieve_response_code($response),
				'body' => (string) wp_remote_retrieve_body($response),
			];
		}
		$lines = [];
		foreach ($headers as $name => $value) {
			$lines[] = $name . ': ' . $value;
		}
		$context = stream_context_create([
			'http' => [
				'method' => 'POST',
				'header' => implode("\r\n", $lines),
				'content' => $body,
				'timeout' => $timeout,
				'ignore_errors' => true,
			],
		]);
		$result = @file_get_contents($url, false, $context);
		if ($result === false) {
			return null;
		}
		$status = 0;
		foreach ($http_response_header ?? [] as $line) {
			if (preg_match('#^HTTP/\S+\s+(\d{3})#', $line, $m) === 1) {
				$status = (int) $m[1];
			}
		}
		return ['status' => $status, 'body' => $result];
	}
}
