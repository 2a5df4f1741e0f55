<?php
/**
 * WooCommerce glue. For a logged-in customer with a Counterpoint identity (user meta `cp_customer_no`, else
 * `cp_price_group`, both written by cpwoo's customers flow):
 * - the cart is priced with ONE batch call per calculation (woocommerce_before_calculate_totals);
 * - a catalog page is priced with ONE batch call for all its products (the first price shown triggers it);
 * - the regular price is shown struck through next to the customer's price.
 * Any timeout or error leaves WooCommerce's own prices in place: checkout never breaks.
 *
 * @package CpwooPricing
 */

declare(strict_types=1);

if (!defined('ABSPATH')) {
	exit;
}

final class Cpwoo_Pricing_Plugin
{
	/** @var array<string, array{price:string, regular:?string}> SKU → price, for this request. */
	private static array $memo = [];
	private static bool $page_fetched = false;

	public static function register(): void
	{
		add_action('woocommerce_before_calculate_totals', [self::class, 'price_cart'], 20);
		add_filter('woocommerce_get_price_html', [self::class, 'price_html'], 20, 2);
	}

	/** The Counterpoint customer number or price-group code of the logged-in user, or '' for none. */
	public static function customer_code(): string
	{
		$user = get_current_user_id();
		if ($user <= 0) {
			return '';
		}
		foreach (['cp_customer_no', 'cp_price_group'] as $meta) {
			$value = trim((string) get_user_meta($user, $meta, true));
			if ($value !== '') {
				return $value;
			}
		}
		return '';
	}

	private static function client(): ?Cpwoo_Pricing_Client
	{
		$s = Cpwoo_Pricing_Settings::get();
		if ($s['service_url'] === '' || $s['api_key'] === '') {
			return null;
		}
		return new Cpwoo_Pricing_Client($s['service_url'], $s['api_key'], $s['timeout']);
	}

	/**
	 * One batch call (cached for the TTL in a transient keyed by customer and items). Null on failure.
	 *
	 * @param array<int, array{sku:string, qty:int|float}> $items
	 * @return array<string, array{price:string, regular:?string}>|null
	 */
	public static function fetch(string $customer, array $items): ?array
	{
		$client = self::client();
		if ($client === null || $items === []) {
			return null;
		}
		$ttl = Cpwoo_Pricing_Settings::get()['cache_ttl'];
		$cache_key = 'cpwoo_prc_' . md5($customer . '|' . (string) wp_json_encode($items));
		if ($ttl > 0) {
			$cached = get_transient($cache_key);
			if (is_array($cached)) {
				return $cached;
			}
		}
		$prices = $client->fetch_prices($customer, $items);
		if ($prices !== null && $ttl > 0) {
			set_transient($cache_key, $prices, $ttl);
		}
		return $prices;
	}

	/** @param \WC_Cart $cart */
	public static function price_cart($cart): void
	{
		try {
			if (is_admin() && !wp_doing_ajax()) {
				return;
			}
			$customer = self::customer_code();
			if ($customer === '' || !is_object($cart)) {
				return;
			}
			$lines = [];
			$items = [];
			foreach ($cart->get_cart() as $key => $line) {
				$product = $line['data'] ?? null;
				if (!$product instanceof \WC_Product || $product->get_sku() === '') {
					continue;
				}
				$lines[$key] = $product;
				$items[] = ['sku' => $product->get_sku(), 'qty' => (float) ($line['quantity'] ?? 1)];
			}
			$prices = self::fetch($customer, $items);
			if ($prices === null) {
				return; // fall back to WooCommerce's prices
			}
			foreach ($lines as $product) {
				$answer = $prices[$product->get_sku()] ?? null;
				if ($answer !== null) {
					$product->set_price($answer['price']);
					self::$memo[$product->get_sku()] = $answer;
				}
			}
		} catch (\Throwable $e) {
			// Never break the cart or checkout over a price.
		}
	}

	/** Prices every product of the current loop (or the single product) with one call, once per page. */
	private static function price_page(string $customer, \WC_Product $current): void
	{
		if (self::$page_fetched) {
			return;
		}
		self::$page_fetched = true;
		$items = [];
		global $wp_query;
		$posts = (isset($wp_query) && is_object($wp_query) && is_array($wp_query->posts ?? null)) ? $wp_query->posts : [];
		foreach ($posts as $post) {
			$product = function_exists('wc_get_product') ? wc_get_product($post) : null;
			if ($product instanceof \WC_Product && $product->get_sku() !== '') {
				$items[$product->get_sku()] = ['sku' => $product->get_sku(), 'qty' => 1];
			}
		}
		if ($current->get_sku() !== '') {
			$items[$current->get_sku()] = ['sku' => $current->get_sku(), 'qty' => 1];
		}
		$prices = self::fetch($customer, array_values($items));
		if ($prices !== null) {
			self::$memo = $prices + self::$memo;
		}
	}

	/**
	 * @param string $html
	 * @param \WC_Product $product
	 */
	public static function price_html($html, $product): string
	{
		try {
			$customer = self::customer_code();
			if ($customer === '' || !$product instanceof \WC_Product || $product->get_sku() === '') {
				return (string) $html;
			}
			self::price_page($customer, $product);
			$answer = self::$memo[$product->get_sku()] ?? null;
			if ($answer === null) {
				return (string) $html;
			}
			$regular = $answer['regular'] ?? (string) $product->get_regular_price();
			if ($regular === '' || (float) $regular <= (float) $answer['price']) {
				return wc_price((float) $answer['price']);
			}
			// Regular price struck through next to the customer's price.
			return wc_format_sale_price((float) $regular, (float) $answer['price']);
		} catch (\Throwable $e) {
			return (string) $html;
		}
	}
}
