import { describe, expect, it } from "vitest";
import { thisMonthInChina } from "./screens/notice";
import { yearRanges } from "./screens/resident";
import { searchProblems } from "./screens/search";
import { day, hashParams, shortDay, yuan } from "./ui";

describe("amounts", () => {
  it("are fen shown as yuan with integer arithmetic only", () => {
    expect(yuan(0)).toBe("¥0.00");
    expect(yuan(5)).toBe("¥0.05");
    expect(yuan(20000)).toBe("¥200.00");
    expect(yuan(1234550)).toBe("¥12,345.50");
    expect(yuan(-19800)).toBe("-¥198.00");
    expect(yuan(123456789012)).toBe("¥1,234,567,890.12");
  });
});

describe("days and years", () => {
  it("read as the agent writes them", () => {
    expect(day("2026-12-04")).toBe("2026年12月4日");
    expect(shortDay("2026-01-09")).toBe("1月9日");
    expect(day(null)).toBe("—");
  });

  it("of contribution run together", () => {
    expect(yearRanges([2016, 2013, 2014, 2015, 2018, 2020, 2021])).toBe("2013–2016、2018、2020–2021");
    expect(yearRanges([])).toBe("—");
  });

  it("this month is China's, whatever the phone's zone", () => {
    expect(thisMonthInChina(new Date("2026-11-30T16:30:00Z"))).toBe("2026-12");
    expect(thisMonthInChina(new Date("2026-11-30T15:30:00Z"))).toBe("2026-11");
  });
});

describe("a search", () => {
  it("takes Chinese characters for the name and the ID number's last four, X last", () => {
    expect(searchProblems({ name: "王建", id_last4: "123X" })).toEqual({});
    expect(searchProblems({ name: "", id_last4: "1234" })).toEqual({});
    expect(Object.keys(searchProblems({ name: "wang", id_last4: "12X4" }))).toEqual(["name", "id_last4"]);
  });

  it("is kept in the hash", () => {
    expect(hashParams("#/search?q=1&name=%E7%8E%8B").get("name")).toBe("王");
    expect(hashParams("#/queue").get("tab")).toBeNull();
  });
});
