/** The phone's own checks of what an agent types (citizen ID, mobile, bank card, name), by the same rules as
 * kit/pension_kit/identifiers.py, so that a typo is caught offline and not weeks later when the queue syncs. */

/** Why a value was refused: the server's own reason code for the same mistake. */
export type IdentifierCode =
  | "REQUIRED"
  | "CITIZEN_ID_LENGTH"
  | "CITIZEN_ID_FORMAT"
  | "CITIZEN_ID_REGION"
  | "CITIZEN_ID_BIRTH_DATE_INVALID"
  | "CITIZEN_ID_BIRTH_DATE_FUTURE"
  | "CITIZEN_ID_CHECK_CHARACTER"
  | "MOBILE_FORMAT"
  | "BANK_CARD_FORMAT"
  | "BANK_CARD_CHECKSUM"
  | "NAME_LENGTH"
  | "NAME_CHARACTERS";

export type Checked = { ok: true; value: string } | { ok: false; code: IdentifierCode };

const CITIZEN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CITIZEN_ID_CHECK_MAP = "10X98765432";
// Province-level codes of GB/T 2260, with 71 (Taiwan) and 81-83 (residence permits), as the kit has them.
const PROVINCE_RANGES: ReadonlyArray<[number, number]> = [
  [11, 15], [21, 23], [31, 37], [41, 46], [50, 54], [61, 65], [71, 71], [81, 83],
];
const EARLIEST_BIRTH_YEAR = 1800;

/** The ISO 7064 MOD 11-2 check character of a citizen ID number's first 17 digits. */
export function citizenIdCheckCharacter(first17: string): string {
  let total = 0;
  for (let i = 0; i < 17; i++) total += CITIZEN_ID_WEIGHTS[i] * Number(first17[i]);
  return CITIZEN_ID_CHECK_MAP[total % 11];
}

/** A citizen ID number (GB 11643) checked as the server checks it; blanks around it ignored, x taken as X.
 * `today` is the phone's date as YYYY-MM-DD (a birth date after it is refused). */
export function checkCitizenId(text: string, today: string): Checked {
  const number = text.trim().toUpperCase();
  if (number === "") return { ok: false, code: "REQUIRED" };
  if (number.length !== 18) return { ok: false, code: "CITIZEN_ID_LENGTH" };
  if (!/^[0-9]{17}[0-9X]$/.test(number)) return { ok: false, code: "CITIZEN_ID_FORMAT" };
  const province = Number(number.slice(0, 2));
  if (!PROVINCE_RANGES.some(([low, high]) => low <= province && province <= high)) {
    return { ok: false, code: "CITIZEN_ID_REGION" };
  }
  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  if (year < EARLIEST_BIRTH_YEAR || !isCalendarDay(year, month, day)) {
    return { ok: false, code: "CITIZEN_ID_BIRTH_DATE_INVALID" };
  }
  if (`${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}` > today) {
    return { ok: false, code: "CITIZEN_ID_BIRTH_DATE_FUTURE" };
  }
  if (citizenIdCheckCharacter(number.slice(0, 17)) !== number[17]) {
    return { ok: false, code: "CITIZEN_ID_CHECK_CHARACTER" };
  }
  return { ok: true, value: number };
}

/** Whether year-month-day is a day of the (proleptic Gregorian) calendar. */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/** A mainland mobile number: 11 digits, a 1 then 3-9. */
export function checkMobile(text: string): Checked {
  const number = text.trim();
  if (number === "") return { ok: false, code: "REQUIRED" };
  return /^1[3-9][0-9]{9}$/.test(number) ? { ok: true, value: number } : { ok: false, code: "MOBILE_FORMAT" };
}

/** Whether the digits end with their Luhn check digit. */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]{2,}$/.test(digits)) return false;
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    total += digit;
  }
  return total % 10 === 0;
}

/** A bank card number: 16 to 19 digits passing the Luhn check; spaces between groups ignored. */
export function checkBankCard(text: string): Checked {
  const number = text.replace(/\s+/g, "");
  if (number === "") return { ok: false, code: "REQUIRED" };
  if (!/^[0-9]{16,19}$/.test(number)) return { ok: false, code: "BANK_CARD_FORMAT" };
  return luhnValid(number) ? { ok: true, value: number } : { ok: false, code: "BANK_CARD_CHECKSUM" };
}

const MIDDLE_DOT = "\u00b7";
// Look-alike dots people type for the middle dot of minority names, as the kit normalises them.
const DOT_VARIANTS = /[\u2027\u30fb\uff65\u2022\u2219\u22c5\u0387]/g;
const NAME_PART =
  "[\u3007\u3400-\u4dbf\u4e00-\u9fff\u{20000}-\u{2a6df}\u{2a700}-\u{2ebef}\u{30000}-\u{323af}]+";
const NAME_RE = new RegExp(`^${NAME_PART}(?:${MIDDLE_DOT}${NAME_PART})*$`, "u");

/** A Chinese name of 2 to 20 characters, middle dots between the parts of a minority name. */
export function checkName(text: string): Checked {
  const name = text.trim().replace(DOT_VARIANTS, MIDDLE_DOT);
  if (name === "") return { ok: false, code: "REQUIRED" };
  const length = [...name].length;
  if (length < 2 || length > 20) return { ok: false, code: "NAME_LENGTH" };
  return NAME_RE.test(name) ? { ok: true, value: name } : { ok: false, code: "NAME_CHARACTERS" };
}
