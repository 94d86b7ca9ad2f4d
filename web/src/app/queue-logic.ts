/** The queue's pure rules: which operations go next and in what order, in how many syncs, and what each answer
 * does to them. queue.ts keeps them in IndexedDB and talks to the gateway; everything decided is decided here. */

import type { Problem } from "./api";

export type OperationKind =
  | "enrol"
  | "change_mobile"
  | "change_bank_account"
  | "change_village"
  | "contribution"
  | "visit"
  | "death_report";

/** waiting: not sent yet, or sent without an answer (offline, the server away); sending: in a sync now;
 * unanswered: the server listed it to resend; applied / already_applied / refused: the server's final answer. */
export type OperationState = "waiting" | "sending" | "applied" | "already_applied" | "refused" | "unanswered";

export type PhotoState = "waiting" | "uploaded" | "refused";

/** The gateway's OperationResult: what an applied operation produced, masked. */
export interface OperationResult {
  resident_id: string;
  village_code?: string | null;
  name_masked?: string | null;
  citizen_id_masked?: string | null;
  mobile_masked?: string | null;
  bank_account_masked?: string | null;
  contribution_id?: string | null;
  receipt_number?: string | null;
  year?: number | null;
  grade_fen?: number | null;
  personal_fen?: number | null;
  balance_fen?: number | null;
  certification_id?: string | null;
  next_due_on?: string | null;
  report_id?: string | null;
}

/** The gateway's OperationAnswer (POST /agent/v1/sync, one per operation). */
export interface OperationAnswer {
  operation_id: string;
  kind: OperationKind;
  outcome: "applied" | "already_applied" | "refused" | "pending";
  result?: OperationResult | null;
  code?: string;
  message?: string;
  message_zh?: string;
  field?: string;
}

export interface SyncAnswer {
  answers: OperationAnswer[];
  unanswered: string[];
}

export type OperationBody = Record<string, unknown>;

export interface QueuedOperation {
  operation_id: string;
  kind: OperationKind;
  /** The operation's own fields, without operation_id, kind and recorded_at. */
  body: OperationBody;
  /** When the agent recorded it, ISO 8601 with the phone's offset. */
  recorded_at: string;
  /** Order of recording on this phone: ties of recorded_at keep it. */
  seq: number;
  /** The agent who recorded it: only their own operations are sent with their token. */
  user_id: string;
  state: OperationState;
  answer: OperationAnswer | null;
  /** How many syncs carried it. */
  attempts: number;
  /** Why the last try got no answer (offline, 503), for the queue screen. */
  last_problem: Problem | null;
  /** What the agent sees it as in lists (the resident's name, the receipt number). */
  label: string;
  /** A refused operation fixed and resent: the new one's id here, and the old one's id in `replaces`. */
  replaced_by?: string;
  replaces?: string;
  discarded?: boolean;
  /** The enrolment photo (base64), uploaded once the enrolment is applied. */
  photo?: string;
  photo_state?: PhotoState;
  photo_problem?: Problem | null;
  /** How many times the photo upload was tried. */
  photo_tries?: number;
}

/** How many times a photo is offered for a resident the verification service has not heard of yet, before it is
 * shown as refused: the enrolment reaches verification as an event a moment after it is applied. */
export const PHOTO_UNKNOWN_RESIDENT_TRIES = 8;

/** Whether a photo upload that failed waits and goes again (no answer, sign-in lapsed, server busy, or a resident
 * verification has not heard of yet) rather than being shown as refused. */
export function photoMustWait(problem: Problem, tries: number): boolean {
  if (problem.status === 0 || problem.status === 401 || problem.status === 429 || problem.status >= 500) return true;
  return problem.status === 404 && problem.code === "RESIDENT_NOT_FOUND" && tries < PHOTO_UNKNOWN_RESIDENT_TRIES;
}

/** What the gateway takes in a sync: the operation as one flat object. */
export function wireForm(operation: QueuedOperation): OperationBody {
  return {
    ...operation.body,
    operation_id: operation.operation_id,
    kind: operation.kind,
    recorded_at: operation.recorded_at,
  };
}

/** An ISO 8601 instant with the phone's own offset (e.g. 2026-12-04T17:30:05.120+08:00), as the agent lived it. */
export function localInstant(moment: Date): string {
  const offset = -moment.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");
  const local = new Date(moment.getTime() + offset * 60_000);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `.${pad(local.getUTCMilliseconds(), 3)}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
  );
}

export function isPending(operation: QueuedOperation): boolean {
  return (
    !operation.discarded &&
    (operation.state === "waiting" || operation.state === "unanswered" || operation.state === "sending")
  );
}

export function isApplied(operation: QueuedOperation): boolean {
  return operation.state === "applied" || operation.state === "already_applied";
}

/** The order the server applies them in (the moment recorded, ties in the order recorded on this phone). */
export function byRecording(a: QueuedOperation, b: QueuedOperation): number {
  const difference = Date.parse(a.recorded_at) - Date.parse(b.recorded_at);
  return difference !== 0 ? difference : a.seq - b.seq;
}

/** The agent's operations to send now, in the order recorded. */
export function toSend(operations: QueuedOperation[], userId: string): QueuedOperation[] {
  return operations.filter((o) => o.user_id === userId && isPending(o)).sort(byRecording);
}

export const MAX_BATCH = 500; // the gateway's MAX_OPERATIONS
// Under the gateway's 8 MiB sync body (SYNC_BODY_MAX), with room for the JSON around the operations.
export const MAX_BATCH_BYTES = 7 * 1024 * 1024;

const encoder = new TextEncoder();

/** The bytes an operation takes in a sync's body (UTF-8 JSON, and its comma). */
export function wireSize(operation: QueuedOperation): number {
  return encoder.encode(JSON.stringify(wireForm(operation))).length + 1;
}

/** Consecutive syncs in recording order, each of at most `maxCount` operations and `maxBytes` of JSON (an
 * operation larger than that alone still goes alone: the gateway answers it). */
export function batches(
  operations: QueuedOperation[],
  maxCount = MAX_BATCH,
  maxBytes = MAX_BATCH_BYTES,
): QueuedOperation[][] {
  const result: QueuedOperation[][] = [];
  let current: QueuedOperation[] = [];
  let bytes = 0;
  for (const operation of operations) {
    const size = wireSize(operation);
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(operation);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/** The batch as it goes out: each marked sending, one more attempt. */
export function markSending(batch: QueuedOperation[]): QueuedOperation[] {
  return batch.map((o) => ({ ...o, state: "sending", attempts: o.attempts + 1 }));
}

/** A page closed during a sync leaves operations marked sending: they were not answered, so they wait again. */
export function recoverInterrupted(operation: QueuedOperation): QueuedOperation {
  return operation.state === "sending" ? { ...operation, state: "waiting" } : operation;
}

/** The sync's answer applied to the batch sent: each answered operation gets its outcome and keeps the answer;
 * unanswered ones (and any the answer forgot) are resent later. */
export function applyAnswers(batch: QueuedOperation[], answer: SyncAnswer): QueuedOperation[] {
  const answers = new Map(answer.answers.map((a) => [a.operation_id, a]));
  return batch.map((operation) => {
    const found = answers.get(operation.operation_id);
    if (!found || found.outcome === "pending") {
      return { ...operation, state: "unanswered", last_problem: null };
    }
    const updated: QueuedOperation = { ...operation, state: found.outcome, answer: found, last_problem: null };
    if (operation.kind === "enrol" && operation.photo && isApplied(updated)) updated.photo_state ??= "waiting";
    return updated;
  });
}

const OPERATION_FIELD = /^operations\[(\d+)\](?:\.(.*))?$/;

/** A sync that got no answer for its operations: a refusal of the request as a whole (an invalid operation
 * refuses the whole body) or no answer at all. An operation the refusal names by its index (or one sent alone
 * and still too large) is refused with the code and Chinese title; the others wait to be sent again (at once if
 * only named ones were wrong).
 * Answers whether the others can be resent at once. */
export function applyFailure(
  batch: QueuedOperation[],
  problem: Problem,
): { operations: QueuedOperation[]; resendNow: boolean } {
  const named = new Map<number, { field: string; code: string; title: string; title_zh: string }>();
  if (problem.status === 413 && batch.length === 1) {
    // Too large even alone (a photo beyond the gateway's limit): resending it can never succeed.
    named.set(0, { field: "", code: problem.code, title: problem.title, title_zh: problem.title_zh });
  }
  if (problem.status === 400 || problem.status === 422) {
    const listed = problem.errors.length > 0 ? problem.errors : [problem];
    for (const error of listed) {
      const match = OPERATION_FIELD.exec(error.field);
      if (!match) continue;
      const index = Number(match[1]);
      if (!named.has(index)) {
        named.set(index, {
          field: match[2] ?? "",
          code: error.code,
          title: error.title,
          title_zh: error.title_zh,
        });
      }
    }
  }
  const operations = batch.map((operation, index): QueuedOperation => {
    const refusal = named.get(index);
    if (!refusal) return { ...operation, state: "waiting", last_problem: problem };
    return {
      ...operation,
      state: "refused",
      last_problem: null,
      answer: {
        operation_id: operation.operation_id,
        kind: operation.kind,
        outcome: "refused",
        code: refusal.code,
        message: refusal.title,
        message_zh: refusal.title_zh,
        field: refusal.field,
      },
    };
  });
  return { operations, resendNow: named.size > 0 };
}

/** A refused operation, fixed by the agent, goes again as a new operation (a new id and the moment it was fixed):
 * the old one stays refused, marked as replaced. */
export function fixAndResend(
  refused: QueuedOperation,
  body: OperationBody,
  newId: string,
  now: Date,
  seq: number,
): { old: QueuedOperation; fixed: QueuedOperation } {
  if (refused.state !== "refused") throw new Error("only a refused operation is fixed and resent");
  if (refused.replaced_by) throw new Error("this operation was fixed and resent already");
  const fixed: QueuedOperation = {
    operation_id: newId,
    kind: refused.kind,
    body,
    recorded_at: localInstant(now),
    seq,
    user_id: refused.user_id,
    state: "waiting",
    answer: null,
    attempts: 0,
    last_problem: null,
    label: refused.label,
    replaces: refused.operation_id,
  };
  if (refused.photo) {
    fixed.photo = refused.photo;
    fixed.photo_state = "waiting";
  }
  return { old: { ...refused, replaced_by: newId }, fixed };
}

/** A refused operation the agent gives up on: kept on the phone but out of every list. */
export function discard(operation: QueuedOperation): QueuedOperation {
  if (operation.state !== "refused") throw new Error("only a refused operation is discarded");
  const { photo: _photo, ...rest } = operation;
  return { ...rest, discarded: true };
}

/** How long to wait before the next automatic try after `failures` syncs in a row without an answer: 5 s,
 * doubling, at most 5 minutes; `jitter` in [0, 1) spreads the phones of a village coming back online together. */
export function backoffMs(failures: number, jitter = 0): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, failures - 1), 300_000);
  return Math.round(base * (1 + jitter * 0.25));
}

/** The queue's three lists on the queue screen. */
export function grouped(operations: QueuedOperation[]): {
  waiting: QueuedOperation[];
  applied: QueuedOperation[];
  refused: QueuedOperation[];
} {
  const shown = operations.filter((o) => !o.discarded);
  const newestFirst = (a: QueuedOperation, b: QueuedOperation) => byRecording(b, a);
  return {
    waiting: shown.filter(isPending).sort(byRecording),
    applied: shown.filter(isApplied).sort(newestFirst),
    refused: shown.filter((o) => o.state === "refused").sort(newestFirst),
  };
}
