import { describe, expect, it } from "vitest";
import {
  decodeDocId,
  docIdClock,
  docIdFor,
  docIdVariableDigit,
  docTypeDigit,
  genDocId,
  nextDocNumber,
} from "../../src/counterpoint/numbering.js";

describe("nextDocNumber (fnGetNextDocNumber_EX)", () => {
  it.each([
    ["O101-000354", "O101-000355"],
    ["O101-000359", "O101-000360"],
    ["O101-000999", "O101-001000"],
    ["O101-999999", "O102-000000"],
    ["70041", "70042"],
    ["100499", "100500"],
    ["999", "1000"],
    ["9", "10"],
    ["0", "1"],
    ["A", "B"],
    ["AZ", "BA"],
    ["Z", "1"],
    ["Z9", "1"],
    ["A-99", "B-00"],
    ["M-100000", "M-100001"],
    ["O999-999999", "P000-000000"],
    ["101-000001", "101-000002"],
    ["ab9", "ac0"],
    ["-", "1"],
    ["", "1"],
    ["999999999999999", "1"],
    ["99999999999999", "100000000000000"],
  ])("%s → %s", (current, next) => {
    expect(nextDocNumber(current)).toBe(next);
  });

  it("never grows a number past 15 characters", () => {
    for (const start of ["99999999999999", "O101-999999999", "ZZZZZZZZZZZZZZZ"]) {
      expect(nextDocNumber(start).length).toBeLessThanOrEqual(15);
    }
  });
});

describe("DOC_ID (fnGenDocId)", () => {
  it.each([
    ["O", 1],
    ["H", 2],
    ["T", 3],
    ["V", 4],
    ["L", 5],
    ["Q", 6],
    ["R", 7],
    ["X", 9],
  ])("type %s has digit %i", (type, digit) => {
    expect(docTypeDigit(type)).toBe(digit);
  });

  it.each([
    // Golf demo order 70030: store MAIN (STR_NO 2), station 01, order, 2 Mar 2015 (day 61), 13:05:10, digit 0
    [{ storeNo: 2, stationNo: 1, docType: "O", dayOfYear: 61, secondsOfDay: 47110, variableDigit: 0 }, "201161471100"],
    // WP's native order: store 1, station 01, order, day 63, 49221 s, digit 8
    [{ storeNo: 1, stationNo: 1, docType: "O", dayOfYear: 63, secondsOfDay: 49221, variableDigit: 8 }, "101163492218"],
    // WP's native ticket: station 03, ticket, day 98
    [{ storeNo: 1, stationNo: 3, docType: "T", dayOfYear: 98, secondsOfDay: 64847, variableDigit: 7 }, "103398648477"],
    // day of year is kept mod 100, store mod 10000, station mod 100
    [
      { storeNo: 10001, stationNo: 101, docType: "Q", dayOfYear: 161, secondsOfDay: 0, variableDigit: 9 },
      "101661000009",
    ],
  ])("%o → %s", (parts, expected) => {
    expect(genDocId(parts)).toBe(expected);
    const back = decodeDocId(expected);
    expect(back.docType).toBe(parts.docType);
    expect(back.secondsOfDay).toBe(parts.secondsOfDay);
    expect(back.variableDigit).toBe(parts.variableDigit);
  });

  it("is 12 digits for small store numbers and stays within bigint", () => {
    expect(
      genDocId({ storeNo: 1, stationNo: 1, docType: "O", dayOfYear: 1, secondsOfDay: 0, variableDigit: 0 }),
    ).toHaveLength(12);
    const max = genDocId({
      storeNo: 9999,
      stationNo: 99,
      docType: "X",
      dayOfYear: 99,
      secondsOfDay: 86399,
      variableDigit: 9,
    });
    expect(BigInt(max) < 2n ** 63n).toBe(true);
  });

  it("rejects out-of-range parts", () => {
    const ok = { storeNo: 1, stationNo: 1, docType: "O", dayOfYear: 1, secondsOfDay: 0, variableDigit: 0 };
    expect(() => genDocId({ ...ok, secondsOfDay: 86400 })).toThrow(/seconds of day/);
    expect(() => genDocId({ ...ok, dayOfYear: 0 })).toThrow(/day of year/);
    expect(() => genDocId({ ...ok, variableDigit: 10 })).toThrow(/variable digit/);
    expect(() => genDocId({ ...ok, storeNo: 1.5 })).toThrow(/store number/);
  });

  it("takes the variable digit from the ticket number's last character", () => {
    expect(docIdVariableDigit("O101-000354")).toBe("4".charCodeAt(0) % 10);
    expect(docIdVariableDigit("70030")).toBe(8); // '0' is ASCII 48
    expect(docIdVariableDigit("")).toBe(0);
  });

  it("reads day of year and seconds from local wall-clock time", () => {
    expect(docIdClock(new Date(2015, 2, 2, 13, 5, 10))).toEqual({ dayOfYear: 61, secondsOfDay: 47110 });
    expect(docIdClock(new Date(2024, 11, 31, 23, 59, 59))).toEqual({ dayOfYear: 366, secondsOfDay: 86399 });
    expect(
      docIdFor({ storeNo: 2, stationNo: 1, docType: "O", at: new Date(2015, 2, 2, 13, 5, 10), tktNo: "70030" }),
    ).toBe("201161471108");
  });
});
