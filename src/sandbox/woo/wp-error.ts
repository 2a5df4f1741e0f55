/**
 * A WordPress REST error: `{code, message, data}`. `data` is normally `{status, …}`; WooCommerce's refund controller
 * passes a bare number instead, and WordPress then answers HTTP 500 — both shapes are reproduced.
 */
export class WpError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    /** Extra fields of `data` (params, details, resource_id…), or a bare number for the refund quirk. */
    readonly data: Record<string, unknown> | number = {},
  ) {
    super(message);
  }

  /** HTTP status as WordPress derives it: `data.status`, or 500 when `data` is not an object. */
  get httpStatus(): number {
    return typeof this.data === "number" ? 500 : this.status;
  }

  toBody(): { code: string; message: string; data: unknown } {
    if (typeof this.data === "number") return { code: this.code, message: this.message, data: this.data };
    return { code: this.code, message: this.message, data: { status: this.status, ...this.data } };
  }
}

/** WooCommerce's refund errors: HTTP 500 with `data` a bare number. */
export function refundError(code: string, message: string, data: number): WpError {
  return new WpError(code, message, 500, data);
}

export function noRoute(): WpError {
  return new WpError("rest_no_route", "No route was found matching the URL and request method.", 404);
}
