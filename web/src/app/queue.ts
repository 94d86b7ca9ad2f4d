/** The queue of what the agent recorded: kept in IndexedDB (it survives closing the page and restarting the phone),
 * sent with POST /agent/v1/sync in the order recorded, at once when online and again when the connection returns.
 * Every write of the app goes through `enqueue`, online too: one code path. The rules are in queue-logic.ts. */

import { API, ProblemError, type Problem, networkProblem, onOnlineChange, post } from "./api";
import { OPERATIONS, all, one, putAll } from "./db";
import {
  type OperationBody,
  type OperationKind,
  type QueuedOperation,
  type SyncAnswer,
  applyAnswers,
  applyFailure,
  backoffMs,
  batches,
  discard,
  fixAndResend,
  isApplied,
  isPending,
  localInstant,
  markSending,
  photoMustWait,
  recoverInterrupted,
  toSend,
  wireForm,
} from "./queue-logic";
import { currentSession, onSessionChange } from "./session";

export type { OperationAnswer, OperationKind, OperationResult, OperationState, QueuedOperation } from "./queue-logic";
export { grouped, isApplied, isPending } from "./queue-logic";

type Listener = () => void;
const listeners = new Set<Listener>();

/** Called after every change of the queue (a new operation, an answer, a fix). */
export function onQueueChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const listener of listeners) listener();
}

async function save(operations: QueuedOperation[]): Promise<void> {
  await putAll(OPERATIONS, operations);
  changed();
}

export async function list(): Promise<QueuedOperation[]> {
  return all<QueuedOperation>(OPERATIONS);
}

export async function getOperation(operationId: string): Promise<QueuedOperation | undefined> {
  return one<QueuedOperation>(OPERATIONS, operationId);
}

/** What the header's "待提交 N" counts: the agent's operations not answered yet, and enrolment photos not yet
 * uploaded. */
export async function pendingCount(): Promise<number> {
  const userId = currentSession()?.user_id;
  const operations = await list();
  return operations.filter(
    (o) => (!userId || o.user_id === userId) && (isPending(o) || (!o.discarded && o.photo_state === "waiting")),
  ).length;
}

async function nextSeq(): Promise<number> {
  const operations = await list();
  return operations.reduce((max, o) => Math.max(max, o.seq), 0) + 1;
}

export interface EnqueueOptions {
  /** What the agent sees the operation as in the queue's lists (e.g. the resident's name). */
  label?: string;
  /** An enrolment's photo, base64: uploaded once the enrolment is applied and names the resident. */
  photo?: string;
  /** The moment recorded; now if not given. */
  now?: Date;
}

/** Records an operation on the phone and sends it at once if online. Answers its operation id (a new UUID). */
export async function enqueue(kind: OperationKind, body: OperationBody, options: EnqueueOptions = {}): Promise<string> {
  const session = currentSession();
  if (!session) throw new Error("sign in before recording");
  const operation: QueuedOperation = {
    operation_id: crypto.randomUUID(),
    kind,
    body,
    recorded_at: localInstant(options.now ?? new Date()),
    seq: await nextSeq(),
    user_id: session.user_id,
    state: "waiting",
    answer: null,
    attempts: 0,
    last_problem: null,
    label: options.label ?? "",
  };
  if (options.photo) {
    operation.photo = options.photo;
    operation.photo_state = "waiting";
  }
  await save([operation]);
  void flush();
  return operation.operation_id;
}

/** A refused operation, fixed: sent again as a new operation (answered with its id); the old one stays refused. */
export async function resend(operationId: string, body: OperationBody): Promise<string> {
  const refused = await getOperation(operationId);
  if (!refused) throw new Error(`no operation ${operationId} on this phone`);
  const { old, fixed } = fixAndResend(refused, body, crypto.randomUUID(), new Date(), await nextSeq());
  await save([old, fixed]);
  void flush();
  return fixed.operation_id;
}

export async function discardOperation(operationId: string): Promise<void> {
  const operation = await getOperation(operationId);
  if (!operation) return;
  await save([discard(operation)]);
}

/** Resolves when the operation has its answer, or when a sync could not answer it now (offline, the server
 * away): the screen then says it is saved and will go when the connection returns. */
export function settled(operationId: string): Promise<QueuedOperation | undefined> {
  return new Promise((resolve) => {
    let stop = () => {};
    const check = async () => {
      const operation = await getOperation(operationId);
      // Answered, or a sync is over without answering it (it waits for the connection).
      if (!operation || !isPending(operation) || (operation.state !== "sending" && !flushing)) {
        stop();
        resolve(operation);
      }
    };
    stop = onQueueChange(() => void check());
    void check();
  });
}

// --- sending ------------------------------------------------------------------------------------------------

let flushing: Promise<void> | null = null;
let again = false;
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

/** Sends every operation waiting, in the order recorded; one flush at a time (a request made meanwhile runs one
 * more after it). Never throws: what is not answered waits for the next try. */
export function flush(): Promise<void> {
  if (flushing) {
    again = true;
    return flushing;
  }
  flushing = (async () => {
    try {
      do {
        again = false;
        await withLock(sendAll);
      } while (again);
    } finally {
      flushing = null;
      changed();
    }
  })();
  return flushing;
}

/** One tab of the app sends at a time (the gateway answers a duplicate anyway, but the lists stay calm). */
async function withLock(work: () => Promise<void>): Promise<void> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) await locks.request("pension-queue-flush", work);
  else await work();
}

function scheduleRetry(): void {
  failures += 1;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void flush();
  }, backoffMs(failures, Math.random()));
}

async function sendAll(): Promise<void> {
  const session = currentSession();
  if (!session) return;
  // The browser knows it is offline: nothing to try until its `online` event (startQueue) says otherwise.
  if (globalThis.navigator?.onLine === false) return;
  const pending = toSend(await list(), session.user_id);
  let ok = true;
  for (const batch of batches(pending)) {
    const result = await sendBatch(batch, session.device_id);
    if (result === "resend") again = true;
    if (result !== "answered") {
      ok = false;
      break; // what follows may depend on these: it waits with them, in order
    }
  }
  ok = (await uploadPhotos(session.user_id)) && ok;
  if (ok) {
    failures = 0;
    const left = toSend(await list(), session.user_id);
    if (left.some((o) => o.state === "unanswered")) scheduleRetry();
  } else if (!again) {
    scheduleRetry();
  }
}

/** One sync: "answered" (every operation has an outcome or was listed to resend), "resend" (some were refused
 * by name, the rest go again now) or "failed" (no answer: all wait). */
async function sendBatch(batch: QueuedOperation[], deviceId: string): Promise<"answered" | "resend" | "failed"> {
  const sending = markSending(batch);
  await save(sending);
  let answer: SyncAnswer;
  try {
    answer = await post<SyncAnswer>(`${API}/sync`, { device_id: deviceId, operations: batch.map(wireForm) });
  } catch (error) {
    const problem = error instanceof ProblemError ? error.problem : networkProblem();
    if (problem.status === 413 && batch.length > 1) {
      // Too large together (photos): each half alone, in order.
      const half = Math.ceil(batch.length / 2);
      const first = await sendBatch(batch.slice(0, half), deviceId);
      return first === "answered" ? sendBatch(batch.slice(half), deviceId) : first;
    }
    const { operations, resendNow } = applyFailure(sending, problem);
    await save(operations);
    return resendNow ? "resend" : "failed";
  }
  const answered = applyAnswers(sending, answer);
  await save(answered);
  return answer.unanswered.length > 0 && answer.answers.length === 0 ? "failed" : "answered";
}

interface PhotoAnswer {
  photo_ref: string;
}

/** Enrolment photos of applied enrolments, to the resident the enrolment made. Answers false if one must wait. */
async function uploadPhotos(userId: string): Promise<boolean> {
  const waiting = (await list()).filter(
    (o) => o.user_id === userId && o.kind === "enrol" && isApplied(o) && o.photo_state === "waiting" && o.photo,
  );
  for (const operation of waiting) {
    const residentId = operation.answer?.result?.resident_id;
    if (!residentId) continue;
    try {
      await post<PhotoAnswer>(`${API}/residents/${encodeURIComponent(residentId)}/photo`, {
        request_id: `photo-${operation.operation_id}`.slice(0, 64),
        image: operation.photo,
      });
      const { photo: _photo, ...rest } = operation;
      await save([{ ...rest, photo_state: "uploaded", photo_problem: null }]);
    } catch (error) {
      const problem: Problem = error instanceof ProblemError ? error.problem : networkProblem();
      const tries = (operation.photo_tries ?? 0) + 1;
      if (photoMustWait(problem, tries)) {
        await save([{ ...operation, photo_problem: problem, photo_tries: tries }]);
        return false;
      }
      await save([{ ...operation, photo_state: "refused", photo_problem: problem, photo_tries: tries }]);
    }
  }
  return true;
}

// --- starting ------------------------------------------------------------------------------------------------

let started = false;

/** At app start: operations left "sending" by a closed page wait again; the queue is sent now, when the
 * connection returns, and after signing in. */
export async function startQueue(): Promise<void> {
  if (started) return;
  started = true;
  // Ask the browser not to clear the app's storage when the phone runs short of space: the queue lives there.
  void globalThis.navigator?.storage?.persist?.().catch(() => false);
  const operations = await list();
  const interrupted = operations.filter((o) => o.state === "sending").map(recoverInterrupted);
  await save(interrupted);
  onOnlineChange((online) => {
    if (online) {
      failures = 0;
      void flush();
    }
  });
  if (typeof window !== "undefined") window.addEventListener("online", () => void flush());
  onSessionChange((session) => {
    if (session) void flush();
  });
  void flush();
}
