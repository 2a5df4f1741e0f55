<?php
/**
 * Plugin Name: cpwoo Pricing
 * Description: Customer prices from NCR Counterpoint's price rules, served by cpwoo's pricing service.
 * Version: 0.1.0
 * Requires PHP: 8.1
 * Requires Plugins: woocommerce
 * License: MIT
 *
 * @package CpwooPricing
 */

declare(strict_types=1);

if (!defined('ABSPATH')) {
	exit;
}

require_once __DIR__ . '/includes/class-cpwoo-pricing-client.php';
require_once __DIR__ . '/includes/class-cpwoo-pricing-settings.php';
require_once __DIR__ . '/includes/class-cpwoo-pricing-plugin.php';

Cpwoo_Pricing_Settings::register();
Cpwoo_Pricing_Plugin::register();
