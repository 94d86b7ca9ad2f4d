/** The queue (#/queue): what waits to be sent, what was applied, and what was refused with the server's Chinese
 * reason. A refused operation can be opened, its fields fixed and sent again as a new operation, or discarded. */

import type { JSX } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import {
  type QueuedOperation,
  discardOperation,
  flush,
  grouped,
  list,
  onQueueChange,
  resend,
} from "../queue";
import { currentSession } from "../session";
import { S } from "../strings";
import { Button, Field, Masked, Screen, hashParams, shortTime, useOnline, yuan } from "../ui";
import { parseYuan } from "../yuan";

type Tab = "waiting" | "applied" | "refused";
const TABS: Tab[] = ["waiting", "applied", "refused"];
const TAB_NAMES: Record<Tab, string> = { waiting: S.queueWaiting, applied: S.queueApplied, refused: S.queueRefused };

// Fields the agent does not retype when fixing: whom it is about, the photo and the position the phone took.
const NOT_EDITABLE = new Set(["resident_id", "resident_operation_id", "photo", "position", "photo_ref"]);

function useQueue(): QueuedOperation[] {
  const [operations, setOperations] = useState<QueuedOperation[]>([]);
  useEffect(() => {
    let alive = true;
    // Only the signed-in agent's: another agent's operations on a shared phone wait for them to sign in.
    const update = () =>
      void list().then((found) => {
        const userId = currentSession()?.user_id;
        if (alive) setOperations(found.filter((o) => o.user_id === userId));
      });
    update();
    const stop = onQueueChange(update);
    return () => {
      alive = false;
      stop();
    };
  }, []);
  return operations;
}

function stateTag(operation: QueuedOperation): JSX.Element {
  const tone =
    operation.state === "refused" ? " tag-bad" : operation.state === "applied" || operation.state === "already_applied" ? "" : " tag-warn";
  return <span class={`tag${tone}`}>{S.queueStates[operation.state] ?? operation.state}</span>;
}

/** What the operation says, in a line: the fields the agent typed that tell one operation from another. */
export function summary(operation: QueuedOperation): string {
  const body = operation.body;
  const parts: string[] = [];
  if (typeof body.year === "number") parts.push(S.summaryYear(body.year));
  if (typeof body.grade_fen === "number") parts.push(yuan(body.grade_fen));
  if (typeof body.receipt_number === "string") parts.push(`${S.receiptNumber} ${body.receipt_number}`);
  if (typeof body.date_of_death === "string") parts.push(`${S.fieldNames.date_of_death} ${body.date_of_death}`);
  if (operation.kind === "enrol" && typeof body.name === "string") parts.push(body.name);
  return parts.join(" · ");
}

function Result({ operation }: { operation: QueuedOperation }): JSX.Element | null {
  const result = operation.answer?.result;
  if (!result) return null;
  return (
    <div class="result-meta">
      {result.name_masked ? <div>{result.name_masked}</div> : null}
      {result.citizen_id_masked ? (
        <div>
          {S.citizenId} <Masked value={result.citizen_id_masked} />
        </div>
      ) : null}
      {typeof result.balance_fen === "number" ? (
        <div>
          {S.balance} {yuan(result.balance_fen)}
        </div>
      ) : null}
      {operation.kind === "contribution" ? (
        <div>
          <a href={`#/receipt/${operation.operation_id}`}>{S.viewReceipt}</a>
        </div>
      ) : result.resident_id ? (
        <div>
          <a href={`#/resident/${result.resident_id}`}>{S.openResident}</a>
        </div>
      ) : null}
    </div>
  );
}

/** A body field holding money in fen (grade_fen): shown and typed in yuan. */
function isMoney(key: string): boolean {
  return key.endsWith("_fen");
}

/** Fen as yuan the agent can edit: 25000 -> "250.00" (no thousands separators in a field). */
function plainYuan(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The refused operation's fields, as typed, to fix; the field the server named first and marked. */
function FixForm({ operation, onDone }: { operation: QueuedOperation; onDone: () => void }): JSX.Element {
  const refusedField = operation.answer?.field ?? "";
  const editable = Object.entries(operation.body).filter(
    ([key, value]) => !NOT_EDITABLE.has(key) && (typeof value === "string" || typeof value === "number"),
  );
  editable.sort(([a], [b]) => Number(b === refusedField) - Number(a === refusedField));
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(
      editable.map(([key, value]) => [key, isMoney(key) && typeof value === "number" ? plainYuan(value) : String(value)]),
    ),
  );
  const [mistakes, setMistakes] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { ...operation.body };
    const found: Record<string, string> = {};
    for (const [key, original] of editable) {
      const typed = (values[key] ?? "").trim();
      if (isMoney(key)) {
        // Amounts are typed in yuan, as on the contribution screen, and go to the server in fen.
        const parsed = parseYuan(typed);
        if (parsed.ok) body[key] = parsed.fen;
        else found[key] = S.checks[parsed.code] ?? parsed.code;
      } else {
        body[key] = typeof original === "number" && /^-?\d+$/.test(typed) ? Number(typed) : typed;
      }
    }
    setMistakes(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    await resend(operation.operation_id, body);
    setBusy(false);
    onDone();
  };
  return (
    <form onSubmit={submit} class="fix" noValidate>
      {editable.map(([key]) => (
        <Field
          key={key}
          label={S.fieldNames[key] ?? key}
          value={values[key] ?? ""}
          onValue={(value) => setValues((before) => ({ ...before, [key]: value }))}
          error={mistakes[key] ?? (key === refusedField ? operation.answer?.message_zh : undefined)}
        />
      ))}
      <button type="submit" class="button button-primary" disabled={busy}>
        {S.queueResend}
      </button>
      <Button kind="secondary" onClick={onDone}>
        {S.queueCancelFix}
      </Button>
    </form>
  );
}

function OperationCard({ operation }: { operation: QueuedOperation }): JSX.Element {
  const [fixing, setFixing] = useState(false);
  const headingId = useId();
  const answer = operation.answer;
  const discard = () => {
    if (confirm(S.queueDiscardConfirm)) void discardOperation(operation.operation_id);
  };
  return (
    <article class="card operation" aria-labelledby={headingId} data-operation-id={operation.operation_id}>
      <h3 id={headingId} class="result-title">
        <span>
          {S.kinds[operation.kind] ?? operation.kind}
          {operation.label ? ` · ${operation.label}` : ""}
        </span>
        {stateTag(operation)}
      </h3>
      <p class="result-meta">
        {S.queueRecordedAt} {shortTime(operation.recorded_at)}
        {operation.attempts > 0 && operation.state !== "applied" && operation.state !== "already_applied"
          ? ` · ${S.queueAttempts(operation.attempts)}`
          : ""}
      </p>
      <p class="result-meta">{summary(operation)}</p>
      {operation.replaces ? <p class="result-meta">{S.queueReplaces}</p> : null}
      {operation.last_problem && operation.state !== "refused" ? (
        <p class="result-meta">
          {S.queueLastError}：{operation.last_problem.title_zh}
        </p>
      ) : null}
      <Result operation={operation} />
      {operation.photo_state ? (
        <p class="result-meta">
          {operation.photo_state === "uploaded"
            ? S.queuePhotoUploaded
            : operation.photo_state === "refused"
              ? `${S.queuePhotoRefused}：${operation.photo_problem?.title_zh ?? ""}`
              : S.queuePhotoWaiting}
        </p>
      ) : null}
      {operation.state === "refused" && answer ? (
        <div class="problem" data-code={answer.code}>
          <p class="problem-title">
            {S.queueReason}：{answer.message_zh || answer.message}
          </p>
          {answer.field ? <p>{S.queueRefusedField(S.fieldNames[answer.field] ?? answer.field)}</p> : null}
        </div>
      ) : null}
      {operation.state === "refused" && operation.replaced_by ? <p class="result-meta">{S.queueReplacedBy}</p> : null}
      {operation.state === "refused" && !operation.replaced_by ? (
        fixing ? (
          <FixForm operation={operation} onDone={() => setFixing(false)} />
        ) : (
          <div class="actions">
            <Button onClick={() => setFixing(true)}>{S.queueFix}</Button>
            <Button kind="danger" onClick={discard}>
              {S.queueDiscard}
            </Button>
          </div>
        )
      ) : null}
    </article>
  );
}

export default function QueueScreen(_props: { id: string }): JSX.Element {
  const operations = useQueue();
  const online = useOnline();
  const groups = grouped(operations);
  const asked = hashParams().get("tab") as Tab | null;
  const [tab, setTab] = useState<Tab>(asked && TABS.includes(asked) ? asked : "waiting");
  const [sending, setSending] = useState(false);
  const sendNow = async () => {
    setSending(true);
    await flush();
    setSending(false);
  };
  const choose = (next: Tab) => {
    setTab(next);
    history.replaceState(null, "", `#/queue?tab=${next}`);
  };
  // The tabs pattern: arrow keys move between the tabs, Tab goes on to the panel.
  const moveBetweenTabs = (event: KeyboardEvent) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length] ?? "waiting";
    choose(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  const shown = groups[tab];
  return (
    <Screen title={S.queueTitle}>
      <div class="tabs" role="tablist" aria-label={S.queueTitle} onKeyDown={moveBetweenTabs}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            tabIndex={tab === name ? 0 : -1}
            aria-controls="queue-panel"
            onClick={() => choose(name)}
          >
            {TAB_NAMES[name]} {groups[name].length}
          </button>
        ))}
      </div>
      <section id="queue-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === "waiting" && groups.waiting.length > 0 ? (
          <>
            {!online ? (
              <p class="offline-note" role="status">
                {S.queueSavedOffline}
              </p>
            ) : null}
            <p>
              <Button onClick={sendNow} disabled={sending}>
                {sending ? S.queueSending : S.queueSendNow}
              </Button>
            </p>
          </>
        ) : null}
        {shown.length === 0 ? <p role="status">{S.queueEmpty}</p> : null}
        {shown.map((operation) => (
          <OperationCard key={operation.operation_id} operation={operation} />
        ))}
      </section>
    </Screen>
  );
}
