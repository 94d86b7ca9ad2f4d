import { describe, expect, it } from "vitest";
import { formatYuan, parseYuan } from "./yuan";

describe("yuan typed to fen, exactly", () => {
  it("reads whole yuan, one or two decimals", () => {
    expect(parseYuan("200")).toEqual({ ok: true, fen: 20000 });
    expect(parseYuan("200.5")).toEqual({ ok: true, fen: 20050 });
    expect(parseYuan("200.05")).toEqual({ ok: true, fen: 20005 });
    expect(parseYuan("300.")).toEqual({ ok: true, fen: 30000 });
    expect(parseYuan(" 1500 元")).toEqual({ ok: true, fen: 150000 });
  });

  it("never goes through a float: amounts a float would round wrongly are exact", () => {
    // 0.29 * 100 is 28.999999999999996 and 1.15 * 100 is 114.99999999999999 in floating point.
    expect(parseYuan("0.29")).toEqual({ ok: true, fen: 29 });
    expect(parseYuan("1.15")).toEqual({ ok: true, fen: 115 });
    expect(parseYuan("4.35")).toEqual({ ok: true, fen: 435 });
  });

  it("reads the full-width digits of a Chinese keyboard", () => {
    expect(parseYuan("２００．５０")).toEqual({ ok: true, fen: 20050 });
  });

  it("refuses what is not an amount, naming why", () => {
    expect(parseYuan("")).toEqual({ ok: false, code: "REQUIRED" });
    expect(parseYuan("2OO")).toEqual({ ok: false, code: "AMOUNT_FORMAT" });
    expect(parseYuan("-200")).toEqual({ ok: false, code: "AMOUNT_FORMAT" });
    expect(parseYuan("1e3")).toEqual({ ok: false, code: "AMOUNT_FORMAT" });
    expect(parseYuan("200.005")).toEqual({ ok: false, code: "AMOUNT_DECIMALS" });
    expect(parseYuan("0.00")).toEqual({ ok: false, code: "AMOUNT_NOT_POSITIVE" });
    expect(parseYuan("10000.01")).toEqual({ ok: false, code: "AMOUNT_TOO_LARGE" });
    expect(parseYuan("99999999999999999999")).toEqual({ ok: false, code: "AMOUNT_TOO_LARGE" });
    expect(parseYuan("10000")).toEqual({ ok: true, fen: 1_000_000 });
  });
});

describe("fen shown as yuan", () => {
  it("has two decimals and thousands separators", () => {
    expect(formatYuan(20000)).toBe("200.00");
    expect(formatYuan(5)).toBe("0.05");
    expect(formatYuan(123456)).toBe("1,234.56");
  });
});
