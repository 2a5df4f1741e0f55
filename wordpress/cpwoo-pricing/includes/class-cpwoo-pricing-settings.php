<?php
/**
 * Settings → cpwoo Pricing: service URL, API key, timeout and cache TTL. The form is nonce-protected and only
 * administrators (manage_options) may save it.
 *
 * @package CpwooPricing
 */

declare(strict_types=1);

if (!defined('ABSPATH')) {
	exit;
}

final class Cpwoo_Pricing_Settings
{
	public const OPTION = 'cpwoo_pricing_settings';
	private const NONCE_ACTION = 'cpwoo_pricing_save';
	private const NONCE_FIELD = 'cpwoo_pricing_nonce';

	/** @return array{service_url:string, api_key:string, timeout:float, cache_ttl:int} */
	public static function get(): array
	{
		$saved = get_option(self::OPTION, []);
		$saved = is_array($saved) ? $saved : [];
		return [
			'service_url' => (string) ($saved['service_url'] ?? ''),
			'api_key' => (string) ($saved['api_key'] ?? ''),
			'timeout' => min(10.0, max(0.5, (float) ($saved['timeout'] ?? 3))),
			'cache_ttl' => min(3600, max(0, (int) ($saved['cache_ttl'] ?? 300))),
		];
	}

	public static function register(): void
	{
		add_action('admin_menu', static function (): void {
			add_options_page('cpwoo Pricing', 'cpwoo Pricing', 'manage_options', 'cpwoo-pricing', [self::class, 'render']);
		});
	}

	public static function render(): void
	{
		if (!current_user_can('manage_options')) {
			wp_die(esc_html__('You may not change these settings.', 'cpwoo-pricing'));
		}
		$notice = '';
		if (isset($_POST[self::NONCE_FIELD])) {
			check_admin_referer(self::NONCE_ACTION, self::NONCE_FIELD);
			$url = esc_url_raw(trim((string) wp_unslash($_POST['service_url'] ?? '')));
			$key = sanitize_text_field((string) wp_unslash($_POST['api_key'] ?? ''));
			$current = self::get();
			update_option(self::OPTION, [
				'service_url' => $url,
				// An empty field keeps the stored key, so the key never has to be shown in the form.
				'api_key' => $key === '' ? $current['api_key'] : $key,
				'timeout' => (float) ($_POST['timeout'] ?? 3),
				'cache_ttl' => (int) ($_POST['cache_ttl'] ?? 300),
			]);
			$notice = __('Settings saved.', 'cpwoo-pricing');
		}
		$s = self::get();
		echo '<div class="wrap"><h1>cpwoo Pricing</h1>';
		if ($notice !== '') {
			echo '<div class="notice notice-success"><p>' . esc_html($notice) . '</p></div>';
		}
		echo '<form method="post">';
		wp_nonce_field(self::NONCE_ACTION, self::NONCE_FIELD);
		echo '<table class="form-table">';
		printf(
			'<tr><th><label for="service_url">%s</label></th><td><input class="regular-text" id="service_url" name="service_url" type="url" value="%s" placeholder="http://127.0.0.1:8080"></td></tr>',
			esc_html__('Service URL', 'cpwoo-pricing'),
			esc_attr($s['service_url'])
		);
		printf(
			'<tr><th><label for="api_key">%s</label></th><td><input class="regular-text" id="api_key" name="api_key" type="password" value="" placeholder="%s" autocomplete="off"></td></tr>',
			esc_html__('API key', 'cpwoo-pricing'),
			esc_attr($s['api_key'] === '' ? 'cpwoo apikeys create <name>' : __('(saved; leave empty to keep)', 'cpwoo-pricing'))
		);
		printf(
			'<tr><th><label for="timeout">%s</label></th><td><input id="timeout" name="timeout" type="number" min="0.5" max="10" step="0.5" value="%s"></td></tr>',
			esc_html__('Timeout (seconds)', 'cpwoo-pricing'),
			esc_attr((string) $s['timeout'])
		);
		printf(
			'<tr><th><label for="cache_ttl">%s</label></th><td><input id="cache_ttl" name="cache_ttl" type="number" min="0" max="3600" value="%s"></td></tr>',
			esc_html__('Cache TTL (seconds)', 'cpwoo-pricing'),
			esc_attr((string) $s['cache_ttl'])
		);
		echo '</table>';
		submit_button();
		echo '</form></div>';
	}
}
