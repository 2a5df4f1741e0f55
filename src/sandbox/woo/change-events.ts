/** A change a webhook topic can be about (`order.created`, `product.updated`, …), collected during a request. */
export interface ChangeEvent {
  resource: "order" | "product" | "customer" | "coupon";
  event: "created" | "updated" | "deleted" | "restored";
  id: number;
}

export function topicOf(e: ChangeEvent): string {
  return `${e.resource}.${e.event}`;
}
