/** The recording forms' own checks, pure: every mistake of a form at once, in the agent's words, and the
 * operation's body as the gateway takes it (identifiers normalised, money in integer fen). */

import { type Checked, checkBankCard, checkCitizenId, checkMobile, checkName, isCalendarDay } from "./identifiers";
import { S } from "./strings";
import { parseYuan } from "./yuan";

// --- enrolment ---

export interface EnrolmentForm {
  name: string;
  citizen_id_number: string;
  village_code: string;
  mobile: string;
  bank_code: string;
  bank_card_number: string;
  full_time_student: boolean;
}

export const EMPTY_ENROLMENT: EnrolmentForm = {
  name: "",
  citizen_id_number: "",
  village_code: "",
  mobile: "",
  bank_code: "",
  bank_card_number: "",
  full_time_student: false,
};

export type EnrolmentErrors = Partial<Record<keyof EnrolmentForm | "photo", string>>;

function message(checked: Checked): string | undefined {
  return checked.ok ? undefined : S.checks[checked.code];
}

/** Every mistake of the form at once, in the form's order; the values as the server wants them. */
export function checkEnrolment(
  form: EnrolmentForm,
  hasPhoto: boolean,
  day: string,
): { errors: EnrolmentErrors; body: EnrolmentForm | null } {
  const name = checkName(form.name);
  const id = checkCitizenId(form.citizen_id_number, day);
  const mobile = checkMobile(form.mobile);
  const card = checkBankCard(form.bank_card_number);
  const errors: EnrolmentErrors = {
    name: message(name),
    citizen_id_number: message(id),
    village_code: form.village_code ? undefined : S.checks.REQUIRED,
    mobile: message(mobile),
    bank_code: form.bank_code ? undefined : S.checks.REQUIRED,
    bank_card_number: message(card),
    photo: hasPhoto ? undefined : S.photoRequired,
  };
  const valid = Object.values(errors).every((e) => e === undefined);
  if (!valid || !name.ok || !id.ok || !mobile.ok || !card.ok) return { errors, body: null };
  return {
    errors,
    body: {
      ...form,
      name: name.value,
      citizen_id_number: id.value,
      mobile: mobile.value,
      bank_card_number: card.value,
    },
  };
}

// --- contribution ---

// The gateway's receipt number (RECEIPT_NUMBER_PATTERN, RECEIPT_NUMBER_MAX in gateway fields.py).
const RECEIPT_NUMBER = /^[A-Za-z0-9/-]{1,40}$/;
// Years offered: this one and the five before it (arrears further back are the township office's to record).
export const YEARS_BACK = 5;

export interface ContributionForm {
  year: string;
  amount: string;
  receipt_number: string;
}

export type ContributionErrors = Partial<Record<keyof ContributionForm, string>>;

/** The form's mistakes, or the operation's body (the grade in fen, exactly). */
export function checkContribution(
  form: ContributionForm,
  paidYears: readonly number[],
): { errors: ContributionErrors; body: { year: number; grade_fen: number; receipt_number: string } | null } {
  const amount = parseYuan(form.amount);
  const receipt = form.receipt_number.trim();
  const year = Number(form.year);
  const errors: ContributionErrors = {
    year: !form.year ? S.checks.REQUIRED : paidYears.includes(year) ? S.contributionYearAlreadyPaid : undefined,
    amount: amount.ok ? undefined : S.checks[amount.code],
    receipt_number: !receipt ? S.checks.REQUIRED : RECEIPT_NUMBER.test(receipt) ? undefined : S.checks.RECEIPT_FORMAT,
  };
  if (Object.values(errors).some(Boolean) || !amount.ok) return { errors, body: null };
  return { errors, body: { year, grade_fen: amount.fen, receipt_number: receipt } };
}

// --- death report ---

export interface DeathReportForm {
  date_of_death: string;
  evidence_ref: string;
  reason: string;
}

export type DeathReportErrors = Partial<Record<keyof DeathReportForm, string>>;

/** The form's mistakes: a day of the calendar, not after today (the phone's date). */
export function checkDeathReport(form: DeathReportForm, day: string): DeathReportErrors {
  const date = form.date_of_death;
  const [year, month, dayOfMonth] = date.split("-").map(Number);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && isCalendarDay(year, month, dayOfMonth);
  return {
    date_of_death: !date
      ? S.checks.REQUIRED
      : !valid
        ? S.checks.DATE_INVALID
        : date > day
          ? S.checks.DATE_FUTURE
          : undefined,
  };
}

