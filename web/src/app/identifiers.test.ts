import { describe, expect, it } from "vitest";
import { checkBankCard, checkCitizenId, checkMobile, checkName, citizenIdCheckCharacter } from "./identifiers";

// Numbers made by kit/pension_kit/identifiers.py (make_citizen_id, luhn_check_digit), so both sides agree.
const VALID_ID = "411723195003011235";
const TODAY = "2026-12-04";

describe("citizen ID number, checked on the phone as the server checks it", () => {
  it("accepts a valid number, with blanks around it and a lower-case x", () => {
    expect(checkCitizenId(` ${VALID_ID} `, TODAY)).toEqual({ ok: true, value: VALID_ID });
    expect(citizenIdCheckCharacter("11010119900101001")).toBe("5");
    const endingX = "41172319500301" + "001";
    const check = citizenIdCheckCharacter(endingX);
    expect(checkCitizenId(endingX + check.toLowerCase(), TODAY)).toEqual({ ok: true, value: endingX + check });
  });

  it("catches one mistyped digit by the check character", () => {
    expect(checkCitizenId("411723195003011236", TODAY)).toEqual({ ok: false, code: "CITIZEN_ID_CHECK_CHARACTER" });
    // Two neighbouring digits swapped: the weights differ, so the check character catches it too.
    expect(checkCitizenId("411723195003012135", TODAY)).toEqual({ ok: false, code: "CITIZEN_ID_CHECK_CHARACTER" });
  });

  it("names what is wrong with the number", () => {
    expect(checkCitizenId("", TODAY)).toEqual({ ok: false, code: "REQUIRED" });
    expect(checkCitizenId("41172319500301123", TODAY)).toEqual({ ok: false, code: "CITIZEN_ID_LENGTH" });
    expect(checkCitizenId("41172319500301123Y", TODAY)).toEqual({ ok: false, code: "CITIZEN_ID_FORMAT" });
    expect(checkCitizenId("991723195003011235", TODAY)).toEqual({ ok: false, code: "CITIZEN_ID_REGION" });
    expect(checkCitizenId("411723195002301235", TODAY)).toEqual({ ok: false, code: "CITIZEN_ID_BIRTH_DATE_INVALID" });
    expect(checkCitizenId("411723203001011235", TODAY)).toEqual({ ok: false, code: "CITIZEN_ID_BIRTH_DATE_FUTURE" });
  });
});

describe("mobile, bank card and name", () => {
  it("takes a mainland mobile number only", () => {
    expect(checkMobile("13800138000")).toEqual({ ok: true, value: "13800138000" });
    expect(checkMobile("12800138000")).toEqual({ ok: false, code: "MOBILE_FORMAT" });
  });

  it("takes a bank card typed in groups and catches a typo by its Luhn digit", () => {
    expect(checkBankCard("6222 0212 3412 3412 342")).toEqual({ ok: true, value: "6222021234123412342" });
    expect(checkBankCard("6222021234123412343")).toEqual({ ok: false, code: "BANK_CARD_CHECKSUM" });
    expect(checkBankCard("62220212")).toEqual({ ok: false, code: "BANK_CARD_FORMAT" });
  });

  it("takes Chinese names, a minority name's look-alike dot made the middle dot", () => {
    expect(checkName("张三")).toEqual({ ok: true, value: "张三" });
    expect(checkName("阿依古丽・买买提")).toEqual({ ok: true, value: "阿依古丽·买买提" });
    expect(checkName("张")).toEqual({ ok: false, code: "NAME_LENGTH" });
    expect(checkName("Zhang San")).toEqual({ ok: false, code: "NAME_CHARACTERS" });
  });
});
