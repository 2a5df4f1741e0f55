import type { GuestBuyer } from "../sandbox/woo/place-order.js";

/** One checkout the demo makes on the fake store, and what it shows. */
export interface DemoShopper {
  /** What this order demonstrates, for the summary. */
  shows: string;
  guest: GuestBuyer;
  lines: ReadonlyArray<{ sku: string; quantity: number }>;
  coupons?: readonly string[];
  shipping: { methodId: string; total: string };
  paymentMethod: string;
}

/**
 * The demo's shoppers: guests of the demo store's Florida cities buying its web items (PBO-*). The last one has a
 * 38-character street line and a company name longer than Counterpoint's 40, so the order carries fitting warnings.
 */
export const DEMO_SHOPPERS: readonly DemoShopper[] = [
  {
    shows: "guest checkout",
    guest: {
      email: "maya.castillo@example.com",
      firstName: "Maya",
      lastName: "Castillo",
      address: "2150 SW 8th Street, Miami, FL 33135",
      phone: "305-555-0142",
    },
    lines: [{ sku: "PBO-TOTE", quantity: 1 }],
    shipping: { methodId: "flat_rate", total: "7.95" },
    paymentMethod: "stripe",
  },
  {
    shows: "coupon sunny10",
    guest: {
      email: "ray.delgado@example.com",
      firstName: "Ray",
      lastName: "Delgado",
      address: "401 Channelside Drive, Tampa, FL 33602",
      phone: "813-555-0177",
    },
    lines: [
      { sku: "PBO-BTL-32", quantity: 2 },
      { sku: "PBO-TEE-PELICAN", quantity: 1 },
    ],
    coupons: ["sunny10"],
    shipping: { methodId: "flat_rate", total: "7.95" },
    paymentMethod: "paypal",
  },
  {
    shows: "variation PBO-HOOD-M",
    guest: {
      email: "june.park@example.com",
      firstName: "June",
      lastName: "Park",
      address: "55 West Church Street, Orlando, FL 32801",
      phone: "407-555-0190",
    },
    lines: [
      { sku: "PBO-HOOD-M", quantity: 1 },
      { sku: "PBO-SUN-50", quantity: 2 },
    ],
    shipping: { methodId: "free_shipping", total: "0" },
    paymentMethod: "stripe",
  },
  {
    shows: "long address and company",
    guest: {
      email: "orders@seabreeze-charters.example.com",
      firstName: "Bartholomew",
      lastName: "Okonkwo-Lindqvist",
      company: "Seabreeze Coastal Outfitters & Charter Supply Company of Key West",
      address: "104 Northeast Intracoastal Waterway Dr, Key West, FL 33040",
      phone: "305-555-0123",
    },
    lines: [
      { sku: "PBO-TEE-PELICAN", quantity: 6 },
      { sku: "PBO-HOOD-M", quantity: 2 },
    ],
    shipping: { methodId: "flat_rate", total: "12.50" },
    paymentMethod: "bacs",
  },
  {
    shows: "local pickup",
    guest: {
      email: "sam.whitaker@example.com",
      firstName: "Sam",
      lastName: "Whitaker",
      address: "1017 NW 13th Street, Gainesville, FL 32601",
      phone: "352-555-0111",
    },
    lines: [{ sku: "PBO-SUN-50", quantity: 1 }],
    shipping: { methodId: "local_pickup", total: "0" },
    paymentMethod: "cod",
  },
];
