import { describe, expect, it } from "vitest";
import type { Problem } from "./api";
import {
  type QueuedOperation,
  applyAnswers,
  applyFailure,
  backoffMs,
  batches,
  byRecording,
  discard,
  fixAndResend,
  grouped,
  localInstant,
  PHOTO_UNKNOWN_RESIDENT_TRIES,
  markSending,
  photoMustWait,
  recoverInterrupted,
  toSend,
  wireForm,
  wireSize,
} from "./queue-logic";

const RESIDENT = "R00000000000000000001";

function operation(id: string, recordedAt: string, seq: number, extra: Partial<QueuedOperation> = {}): QueuedOperation {
  return {
    operation_id: id,
    kind: "contribution",
    body: { resident_id: RESIDENT, year: 2026, grade_fen: 20000, receipt_number: `N-${id}` },
    recorded_at: recordedAt,
    seq,
    user_id: "agent-1",
    state: "waiting",
    answer: null,
    attempts: 0,
    last_problem: null,
    label: "",
    ...extra,
  };
}

function problem(status: number, code: string, extra: Partial<Problem> = {}): Problem {
  return { status, code, title: code, title_zh: "中文", detail: "", field: "", errors: [], ...extra };
}

const a = operation("a", "2026-12-04T10:00:00+08:00", 1);
const b = operation("b", "2026-12-04T10:01:00+08:00", 2);
const c = operation("c", "2026-12-04T10:02:00+08:00", 3);

describe("the order operations are sent in", () => {
  it("is the moment recorded, whatever offset the phone wrote, ties in the order recorded", () => {
    const later = operation("b", "2026-12-04T10:00:00+08:00", 1);
    const earlier = operation("a", "2026-12-04T01:59:00Z", 2);
    const tie = operation("c", "2026-12-04T02:00:00Z", 3);
    expect([tie, later, earlier].sort(byRecording).map((o) => o.operation_id)).toEqual(["a", "b", "c"]);
  });

  it("leaves out answered, discarded and another agent's operations, and sends the unanswered again", () => {
    const sent = toSend(
      [
        operation("d", "2026-12-04T10:03:00+08:00", 4, { state: "unanswered" }),
        operation("a", "2026-12-04T10:00:00+08:00", 1, { state: "applied" }),
        operation("b", "2026-12-04T10:01:00+08:00", 2),
        operation("c", "2026-12-04T10:02:00+08:00", 3, { user_id: "agent-2" }),
        operation("e", "2026-12-04T10:04:00+08:00", 5, { state: "refused", discarded: true }),
        operation("f", "2026-12-04T10:05:00+08:00", 6, { state: "refused" }),
      ],
      "agent-1",
    );
    expect(sent.map((o) => o.operation_id)).toEqual(["b", "d"]);
  });

  it("goes out as one flat operation with its id, kind and moment", () => {
    expect(wireForm(a)).toEqual({
      operation_id: "a",
      kind: "contribution",
      recorded_at: "2026-12-04T10:00:00+08:00",
      resident_id: RESIDENT,
      year: 2026,
      grade_fen: 20000,
      receipt_number: "N-a",
    });
  });
});

describe("syncs", () => {
  it("carry at most 500 operations each, in order", () => {
    const many = Array.from({ length: 1203 }, (_, i) =>
      operation(`op-${i}`, new Date(Date.UTC(2026, 11, 4, 0, 0, i)).toISOString(), i),
    );
    const split = batches(many);
    expect(split.map((batch) => batch.length)).toEqual([500, 500, 203]);
    expect(split.flat().map((o) => o.operation_id)).toEqual(many.map((o) => o.operation_id));
  });

  it("are split before the body limit, and an operation larger than it goes alone", () => {
    const photo = "x".repeat(600);
    const visits = [a, b, c].map((o) => ({ ...o, kind: "visit" as const, body: { ...o.body, photo } }));
    const [first, second] = visits.map(wireSize);
    const split = batches(visits, 500, first! + second!);
    expect(split.map((batch) => batch.map((o) => o.operation_id))).toEqual([["a", "b"], ["c"]]);
    expect(batches(visits, 500, 10).map((batch) => batch.length)).toEqual([1, 1, 1]);
  });
});

describe("an answered sync", () => {
  it("keeps each operation's outcome and the server's answer; unanswered ones wait to be resent", () => {
    const sent = markSending([a, b, c]);
    expect(sent.map((o) => [o.state, o.attempts])).toEqual([
      ["sending", 1],
      ["sending", 1],
      ["sending", 1],
    ]);
    const [first, second, third] = applyAnswers(sent, {
      answers: [
        {
          operation_id: "a",
          kind: "contribution",
          outcome: "applied",
          result: { resident_id: RESIDENT, receipt_number: "N-a", balance_fen: 20000 },
        },
        {
          operation_id: "b",
          kind: "contribution",
          outcome: "refused",
          code: "CONTRIBUTION_YEAR_PAID",
          message: "2026 is already paid for this resident",
          message_zh: "该参保人2026年度已缴费，请退还现金并作废收据",
          field: "year",
        },
      ],
      unanswered: ["c"],
    });
    expect(first?.state).toBe("applied");
    expect(first?.answer?.result?.receipt_number).toBe("N-a");
    expect(second?.state).toBe("refused");
    expect(second?.answer?.code).toBe("CONTRIBUTION_YEAR_PAID");
    expect(second?.answer?.message_zh).toBe("该参保人2026年度已缴费，请退还现金并作废收据");
    expect(third?.state).toBe("unanswered");
    expect(toSend([first!, second!, third!], "agent-1").map((o) => o.operation_id)).toEqual(["c"]);
  });

  it("counts an operation applied by an earlier sync as applied", () => {
    const [again] = applyAnswers(markSending([a]), {
      answers: [{ operation_id: "a", kind: "contribution", outcome: "already_applied", result: { resident_id: RESIDENT } }],
      unanswered: [],
    });
    expect(again?.state).toBe("already_applied");
    expect(grouped([again!]).applied).toHaveLength(1);
    expect(toSend([again!], "agent-1")).toEqual([]);
  });

  it("marks an applied enrolment's photo to upload, and sends nothing more of it", () => {
    const enrol = operation("e", "2026-12-04T10:00:00+08:00", 1, { kind: "enrol", photo: "aGVsbG8=" });
    const [applied] = applyAnswers(markSending([enrol]), {
      answers: [{ operation_id: "e", kind: "enrol", outcome: "applied", result: { resident_id: RESIDENT } }],
      unanswered: [],
    });
    expect(applied?.photo_state).toBe("waiting");
    expect(applied?.answer?.result?.resident_id).toBe(RESIDENT);
  });
});

describe("a sync without an answer", () => {
  it("leaves every operation waiting, with why, when the phone is offline", () => {
    const { operations, resendNow } = applyFailure(markSending([a, b]), problem(0, "NETWORK_UNAVAILABLE"));
    expect(operations.map((o) => o.state)).toEqual(["waiting", "waiting"]);
    expect(operations[0]?.last_problem?.code).toBe("NETWORK_UNAVAILABLE");
    expect(resendNow).toBe(false);
  });

  it("leaves them waiting when the server is away", () => {
    const { operations } = applyFailure(markSending([a]), problem(503, "NOT_READY"));
    expect(operations[0]?.state).toBe("waiting");
  });

  it("refuses only the operation a 400 names by its index, and sends the others again at once", () => {
    const refusal = problem(400, "FIELD_FORMAT", {
      field: "operations[1].receipt_number",
      errors: [{ field: "operations[1].receipt_number", code: "FIELD_FORMAT", title: "format", title_zh: "字段格式不正确" }],
    });
    const { operations, resendNow } = applyFailure(markSending([a, b, c]), refusal);
    expect(operations.map((o) => o.state)).toEqual(["waiting", "refused", "waiting"]);
    expect(operations[1]?.answer).toMatchObject({
      outcome: "refused",
      code: "FIELD_FORMAT",
      message_zh: "字段格式不正确",
      field: "receipt_number",
    });
    expect(resendNow).toBe(true);
  });

  it("refuses an operation too large even alone, which no resend could carry", () => {
    const tooLarge = problem(413, "BODY_TOO_LARGE", { title_zh: "请求内容超出大小限制" });
    const alone = applyFailure(markSending([a]), tooLarge);
    expect(alone.operations[0]?.state).toBe("refused");
    expect(alone.operations[0]?.answer?.message_zh).toBe("请求内容超出大小限制");
    expect(applyFailure(markSending([a, b]), tooLarge).operations.map((o) => o.state)).toEqual(["waiting", "waiting"]);
  });

  it("is a page closed mid-sync: what was sending waits again", () => {
    const [interrupted] = markSending([a]);
    expect(recoverInterrupted(interrupted!).state).toBe("waiting");
    expect(recoverInterrupted({ ...a, state: "applied" }).state).toBe("applied");
  });
});

describe("a refused operation", () => {
  const refused = operation("r", "2026-12-01T10:00:00+08:00", 7, {
    state: "refused",
    label: "王建国",
    answer: {
      operation_id: "r",
      kind: "contribution",
      outcome: "refused",
      code: "CONTRIBUTION_YEAR_PAID",
      message_zh: "该参保人2026年度已缴费",
      field: "year",
    },
  });

  it("fixed, goes again as a new operation, and the old one stays refused", () => {
    const now = new Date("2026-12-04T03:00:00Z");
    const { old, fixed } = fixAndResend(refused, { ...refused.body, year: 2025 }, "r2", now, 8);
    expect(old.state).toBe("refused");
    expect(old.answer?.code).toBe("CONTRIBUTION_YEAR_PAID");
    expect(old.replaced_by).toBe("r2");
    expect(fixed).toMatchObject({ operation_id: "r2", state: "waiting", replaces: "r", label: "王建国", attempts: 0 });
    expect(fixed.body.year).toBe(2025);
    expect(Date.parse(fixed.recorded_at)).toBe(now.getTime());
    expect(toSend([old, fixed], "agent-1").map((o) => o.operation_id)).toEqual(["r2"]);
    expect(() => fixAndResend(old, old.body, "r3", now, 9)).toThrow();
  });

  it("is fixed only when refused", () => {
    expect(() => fixAndResend(a, a.body, "x", new Date(), 9)).toThrow();
  });

  it("discarded, leaves every list", () => {
    const gone = discard(refused);
    expect(gone.discarded).toBe(true);
    const lists = grouped([gone, a]);
    expect(lists.refused).toEqual([]);
    expect(lists.waiting.map((o) => o.operation_id)).toEqual(["a"]);
    expect(() => discard(a)).toThrow();
  });
});

describe("the queue screen's lists", () => {
  it("show what waits oldest first, and the answered newest first", () => {
    const lists = grouped([
      { ...a, state: "applied" },
      { ...b, state: "applied" },
      { ...c, state: "sending" },
      operation("d", "2026-12-04T09:00:00+08:00", 0, { state: "unanswered" }),
    ]);
    expect(lists.waiting.map((o) => o.operation_id)).toEqual(["d", "c"]);
    expect(lists.applied.map((o) => o.operation_id)).toEqual(["b", "a"]);
  });
});

describe("retries", () => {
  it("back off from 5 seconds, doubling, to at most 5 minutes", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffMs(20)).toBe(300_000);
    expect(backoffMs(1, 0.99)).toBeGreaterThan(5_000);
    expect(backoffMs(1, 0.99)).toBeLessThanOrEqual(6_250);
  });
});

describe("an enrolment photo that failed", () => {
  const problem = (status: number, code: string): Problem => ({
    status,
    code,
    title: code,
    title_zh: code,
    detail: "",
    field: "",
    errors: [],
  });

  it("waits while the verification service has not heard of the new resident, then is shown as refused", () => {
    const unknown = problem(404, "RESIDENT_NOT_FOUND");
    expect(photoMustWait(unknown, 1)).toBe(true);
    expect(photoMustWait(unknown, PHOTO_UNKNOWN_RESIDENT_TRIES - 1)).toBe(true);
    expect(photoMustWait(unknown, PHOTO_UNKNOWN_RESIDENT_TRIES)).toBe(false);
  });

  it("waits without an answer or when the server is busy, and is refused at once for a bad picture", () => {
    expect(photoMustWait(problem(0, "NETWORK"), 50)).toBe(true);
    expect(photoMustWait(problem(503, "UNAVAILABLE"), 50)).toBe(true);
    expect(photoMustWait(problem(422, "NO_FACE_FOUND"), 1)).toBe(false);
    expect(photoMustWait(problem(404, "NOT_A_PENSIONER"), 1)).toBe(false);
  });
});

describe("a recorded moment", () => {
  it("is written with the phone's offset and names the same instant", () => {
    const moment = new Date("2026-12-04T09:30:05.120Z");
    const written = localInstant(moment);
    expect(written).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect(Date.parse(written)).toBe(moment.getTime());
  });
});
