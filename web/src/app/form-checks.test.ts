import { describe, expect, it } from "vitest";
import { EMPTY_ENROLMENT, checkContribution, checkDeathReport, checkEnrolment } from "./form-checks";
import { S } from "./strings";

const TODAY = "2026-12-04";

describe("the enrolment form", () => {
  const typed = {
    ...EMPTY_ENROLMENT,
    name: " 王秀英 ",
    citizen_id_number: "411723196407090026",
    village_code: "411723101201",
    mobile: "13800138000",
    bank_code: "103",
    bank_card_number: "6222 0212 3412 3412 342",
  };

  it("gives the body as the server takes it: blanks trimmed, the card without its spaces", () => {
    const { body } = checkEnrolment(typed, true, TODAY);
    expect(body).toMatchObject({ name: "王秀英", bank_card_number: "6222021234123412342", full_time_student: false });
  });

  it("lists every mistake at once, each beside its field, a mistyped ID number among them", () => {
    const { errors, body } = checkEnrolment(
      { ...typed, citizen_id_number: "411723196407090027", mobile: "1380013800", village_code: "" },
      false,
      TODAY,
    );
    expect(body).toBeNull();
    expect(errors).toMatchObject({
      citizen_id_number: S.checks.CITIZEN_ID_CHECK_CHARACTER,
      mobile: S.checks.MOBILE_FORMAT,
      village_code: S.checks.REQUIRED,
      photo: S.photoRequired,
    });
    expect(errors.name).toBeUndefined();
  });
});

describe("the contribution form", () => {
  it("sends the amount as integer fen", () => {
    const { body } = checkContribution({ year: "2026", amount: "300", receipt_number: " NO-2026/0001 " }, []);
    expect(body).toEqual({ year: 2026, grade_fen: 30000, receipt_number: "NO-2026/0001" });
  });

  it("stops a second payment of a year already paid, and a receipt number the server would refuse", () => {
    const { errors, body } = checkContribution({ year: "2025", amount: "300.001", receipt_number: "第1号" }, [2025]);
    expect(body).toBeNull();
    expect(errors).toEqual({
      year: S.contributionYearAlreadyPaid,
      amount: S.checks.AMOUNT_DECIMALS,
      receipt_number: S.checks.RECEIPT_FORMAT,
    });
  });
});

describe("the death report form", () => {
  it("takes a past day and refuses a future or impossible one", () => {
    expect(checkDeathReport({ date_of_death: "2026-11-30", evidence_ref: "", reason: "" }, TODAY)).toEqual({
      date_of_death: undefined,
    });
    expect(checkDeathReport({ date_of_death: "2026-12-05", evidence_ref: "", reason: "" }, TODAY).date_of_death).toBe(
      S.checks.DATE_FUTURE,
    );
    expect(checkDeathReport({ date_of_death: "2026-02-30", evidence_ref: "", reason: "" }, TODAY).date_of_death).toBe(
      S.checks.DATE_INVALID,
    );
    expect(checkDeathReport({ date_of_death: "", evidence_ref: "", reason: "" }, TODAY).date_of_death).toBe(
      S.checks.REQUIRED,
    );
  });
});
