import { describe, expect, it } from "vitest";
import { type QueuedOperation, byRecording, localInstant, toSend } from "./queue-logic";

function operation(id: string, recordedAt: string, seq: number, extra: Partial<QueuedOperation> = {}): QueuedOperation {
  return {
    operation_id: id,
    kind: "contribution",
    body: { resident_id: "R00000000000000000001", year: 2026, grade_fen: 20000, receipt_number: `N-${id}` },
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

describe("the order operations are sent in", () => {
  it("is the moment recorded, whatever offset the phone wrote, ties in the order recorded", () => {
    const later = operation("b", "2026-12-04T10:00:00+08:00", 1);
    const earlier = operation("a", "2026-12-04T01:59:00Z", 2);
    const tie = operation("c", "2026-12-04T02:00:00Z", 3);
    expect([tie, later, earlier].sort(byRecording).map((o) => o.operation_id)).toEqual(["a", "b", "c"]);
  });

  it("leaves out answered operations and another agent's", () => {
    const sent = toSend(
      [
        operation("a", "2026-12-04T10:00:00+08:00", 1, { state: "applied" }),
        operation("b", "2026-12-04T10:01:00+08:00", 2),
        operation("c", "2026-12-04T10:02:00+08:00", 3, { user_id: "agent-2" }),
        operation("d", "2026-12-04T10:03:00+08:00", 4, { state: "unanswered" }),
      ],
      "agent-1",
    );
    expect(sent.map((o) => o.operation_id)).toEqual(["b", "d"]);
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
