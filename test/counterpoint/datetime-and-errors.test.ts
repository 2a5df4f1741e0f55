import { describe, expect, it } from "vitest";
import { cpDateText, cpDateTimeText } from "../../src/counterpoint/datetime.js";
import { isTruncationError } from "../../src/counterpoint/errors.js";

describe("Counterpoint date-time text", () => {
  it("writes local wall-clock time as zone-less ISO text", () => {
    expect(cpDateTimeText(new Date(2025, 11, 4, 13, 5, 2, 7))).toBe("2025-12-04T13:05:02.007");
    expect(cpDateTimeText(new Date(999, 0, 1, 0, 0, 0))).toBe("0999-01-01T00:00:00.000");
    expect(cpDateText(new Date(2025, 11, 4, 13, 5, 2))).toBe("2025-12-04T00:00:00.000");
  });

  it("refuses an invalid date", () => {
    expect(() => cpDateTimeText(new Date("nope"))).toThrow(RangeError);
  });
});

describe("isTruncationError", () => {
  it("recognises SQL Server, PostgreSQL and replica truncation errors", () => {
    expect(
      isTruncationError(Object.assign(new Error("String or binary data would be truncated."), { number: 8152 })),
    ).toBe(true);
    expect(
      isTruncationError(
        Object.assign(new Error("String or binary data would be truncated in table 'dbo.AR_CUST', column 'NAM'."), {
          number: 2628,
        }),
      ),
    ).toBe(true);
    expect(
      isTruncationError(Object.assign(new Error("value too long for type character varying(40)"), { code: "22001" })),
    ).toBe(true);
    expect(
      isTruncationError(
        new Error("CHECK constraint failed: String or binary data would be truncated: AR_CUST.NAM (max 40)"),
      ),
    ).toBe(true);
  });

  it("is false for other errors", () => {
    expect(isTruncationError(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isTruncationError("String or binary data would be truncated")).toBe(false);
    expect(isTruncationError(undefined)).toBe(false);
  });
});
