/** Money as the agent types and reads it (yuan, two decimals) and as the server takes it (integer fen): parsed
 * from the decimal string digit by digit, never through a float, so 0.29 yuan is 29 fen and not 28.999... */

export type YuanCode = "REQUIRED" | "AMOUNT_FORMAT" | "AMOUNT_DECIMALS" | "AMOUNT_NOT_POSITIVE" | "AMOUNT_TOO_LARGE";

export type ParsedFen = { ok: true; fen: number } | { ok: false; code: YuanCode };

// The largest grade the gateway takes (GRADE_FEN_MAX in gateway fields.py): 10,000 yuan a year.
export const GRADE_FEN_MAX = 1_000_000;

// A phone's Chinese keyboard may give full-width digits and point: read them as the ASCII ones.
function halfWidth(text: string): string {
  return text.replace(/[\uff10-\uff19\uff0e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Yuan typed as "200", "200.5" or "200.50" (an optional "元" after it) to fen; refusals name the mistake. */
export function parseYuan(text: string, maxFen: number = GRADE_FEN_MAX): ParsedFen {
  const typed = halfWidth(text).trim().replace(/\s*元$/, "");
  if (typed === "") return { ok: false, code: "REQUIRED" };
  const match = /^([0-9]+)(?:\.([0-9]*))?$/.exec(typed);
  if (match === null) return { ok: false, code: "AMOUNT_FORMAT" };
  const [, whole, decimals = ""] = match;
  if (decimals.length > 2) return { ok: false, code: "AMOUNT_DECIMALS" };
  // Beyond this many digits the amount is over any limit: refused before it could lose integer precision.
  if (whole.replace(/^0+/, "").length > 12) return { ok: false, code: "AMOUNT_TOO_LARGE" };
  const fen = Number(whole) * 100 + Number(decimals.padEnd(2, "0"));
  if (fen <= 0) return { ok: false, code: "AMOUNT_NOT_POSITIVE" };
  if (fen > maxFen) return { ok: false, code: "AMOUNT_TOO_LARGE" };
  return { ok: true, fen };
}

/** Fen as yuan with two decimals and thousands separators: 123456 -> "1,234.56". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${whole}.${(abs % 100).toString().padStart(2, "0")}`;
}
