/** The receipt of a cash contribution (#/receipt/<operation_id>), from the operation kept on the phone: the
 * resident (masked), year, amount in yuan, receipt number, agent, time, and whether it is submitted (已提交) or
 * waiting for the connection (待提交); it follows the queue, and prints (window.print, forms.css's print rules). */

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { type ResidentDetail, residentPath } from "../forms";
import { type QueuedOperation, getOperation, isApplied, onQueueChange } from "../queue";
import { S } from "../strings";
import { Button, LinkButton, Loading, Masked, Row, Screen, useRead } from "../ui";
import { formatYuan } from "../yuan";

interface ContributionBody {
  resident_id?: string;
  resident_operation_id?: string;
  year: number;
  grade_fen: number;
  receipt_number: string;
}

/** The receipt's state in the agent's words: 已提交 once applied, 未通过 if refused, 待提交 until then. */
export function receiptState(operation: QueuedOperation): string {
  if (isApplied(operation)) return S.receiptSubmitted;
  return operation.state === "refused" ? S.receiptRefused : S.receiptWaiting;
}

/** When the cash was taken, as a receipt says it: 2026年12月4日 09:30 (the time the phone recorded it, its own
 * offset: the agent's day). */
export function receiptTime(recordedAt: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(recordedAt);
  if (!match) return recordedAt;
  const [, year, month, day, hour, minute] = match;
  return `${year}年${Number(month)}月${Number(day)}日 ${hour}:${minute}`;
}

function useOperation(operationId: string): QueuedOperation | null | undefined {
  const [operation, setOperation] = useState<QueuedOperation | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    const update = () => void getOperation(operationId).then((found) => alive && setOperation(found ?? null));
    update();
    const stop = onQueueChange(update);
    return () => {
      alive = false;
      stop();
    };
  }, [operationId]);
  return operation;
}

export default function ReceiptScreen({ id }: { id: string }): JSX.Element {
  const operation = useOperation(id);
  const body = operation?.kind === "contribution" ? (operation.body as unknown as ContributionBody) : null;
  const resident = useRead<ResidentDetail>(body?.resident_id ? residentPath(body.resident_id) : null);

  if (operation === undefined) {
    return (
      <Screen title={S.receiptTitle}>
        <Loading />
      </Screen>
    );
  }
  if (!operation || !body) {
    return (
      <Screen title={S.receiptTitle}>
        <p class="problem" role="alert">
          {S.receiptUnknown}
        </p>
        <LinkButton href="#/queue">{S.receiptToQueue}</LinkButton>
      </Screen>
    );
  }
  const refused = operation.state === "refused";
  const target = body.resident_id ?? body.resident_operation_id ?? "";
  const person = resident.data?.resident;
  return (
    <Screen title={S.receiptTitle}>
      <section class="card receipt" aria-labelledby="receipt-title">
        <h2 id="receipt-title">{S.receiptTitle}</h2>
        <dl>
          <Row label={S.receiptResident}>{person?.name_masked || "—"}</Row>
          <Row label={S.citizenId}>
            <Masked value={person?.citizen_id_masked ?? ""} />
          </Row>
          <Row label={S.receiptYear}>{body.year}年</Row>
          <Row label={S.receiptAmount}>
            <span class="amount" data-testid="receipt-amount">
              {formatYuan(body.grade_fen)}
            </span>
          </Row>
          <Row label={S.receiptNumber}>{body.receipt_number}</Row>
          <Row label={S.receiptAgent}>{operation.user_id}</Row>
          <Row label={S.receiptTime}>{receiptTime(operation.recorded_at)}</Row>
          <Row label={S.receiptState}>
            <span role="status" data-testid="receipt-state">
              {receiptState(operation)}
            </span>
          </Row>
        </dl>
      </section>
      {refused ? (
        <>
          <div class="problem" role="alert" data-code={operation.answer?.code ?? ""}>
            <p class="problem-title">{operation.answer?.message_zh || S.unknownProblem}</p>
            <p>{S.receiptRefusedHint}</p>
          </div>
          {!operation.replaced_by ? (
            <LinkButton href={`#/contribution/${target}?fix=${operation.operation_id}`}>{S.queueFix}</LinkButton>
          ) : null}
        </>
      ) : (
        <Button onClick={() => window.print()}>{S.receiptPrint}</Button>
      )}
      {!isApplied(operation) ? (
        <LinkButton kind="secondary" href="#/queue">
          {S.receiptToQueue}
        </LinkButton>
      ) : null}
    </Screen>
  );
}
