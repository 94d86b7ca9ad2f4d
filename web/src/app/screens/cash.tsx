/** My cash owed (GET /agent/v1/cash): what I collected and have not deposited, per day, and the receipts owed. */

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { API, get, query } from "../api";
import { S } from "../strings";
import { Button, ReadView, Screen, asProblem, shortDay, useRead, yuan } from "../ui";

interface CashDay {
  collected_on: string | null;
  collected_fen: number;
  deposited_fen: number;
  outstanding_fen: number;
}

interface CashReceipt {
  receipt_number: string;
  contribution_id: string;
  amount_fen: number;
  collected_on: string | null;
}

interface Cash {
  outstanding_fen: number;
  days: CashDay[];
  receipts: CashReceipt[];
  next_cursor: string;
}

export const CASH_PATH = `${API}/cash?limit=50`;

function Receipts({ first }: { first: Cash }): JSX.Element {
  const [receipts, setReceipts] = useState(first.receipts);
  const [cursor, setCursor] = useState(first.next_cursor);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState("");
  useEffect(() => {
    setReceipts(first.receipts);
    setCursor(first.next_cursor);
  }, [first]);
  const more = async () => {
    setBusy(true);
    setFailed("");
    try {
      const read = await get<Cash>(`${API}/cash${query({ cursor, limit: 50 })}`);
      setReceipts((before) => [...before, ...read.data.receipts]);
      setCursor(read.data.next_cursor);
    } catch (error) {
      setFailed(asProblem(error).title_zh);
    } finally {
      setBusy(false);
    }
  };
  if (receipts.length === 0) return <p>{S.none}</p>;
  return (
    <>
      <table>
        <thead>
          <tr>
            <th scope="col">{S.receiptNumber}</th>
            <th scope="col">{S.collectedOn}</th>
            <th scope="col" class="num">
              {S.amount}
            </th>
          </tr>
        </thead>
        <tbody>
          {receipts.map((r) => (
            <tr key={r.receipt_number}>
              <td>{r.receipt_number}</td>
              <td>{r.collected_on ? shortDay(r.collected_on) : S.dayUnknown}</td>
              <td class="num">{yuan(r.amount_fen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {failed ? (
        <p class="field-error" role="alert">
          {failed}
        </p>
      ) : null}
      {cursor ? (
        <Button kind="secondary" onClick={more} disabled={busy}>
          {busy ? S.loading : S.more}
        </Button>
      ) : null}
    </>
  );
}

export default function CashScreen(_props: { id: string }): JSX.Element {
  const read = useRead<Cash>(CASH_PATH);
  return (
    <Screen title={S.cashTitle}>
      <ReadView read={read}>
        {(cash) => (
          <>
            <section class="card" aria-labelledby="owed-title">
              <h2 id="owed-title">{S.cashOutstanding}</h2>
              <p class="amount" data-testid="cash-outstanding">
                {yuan(cash.outstanding_fen)}
              </p>
            </section>
            <section class="card" aria-labelledby="days-title">
              <h2 id="days-title">{S.cashDays}</h2>
              {cash.days.length === 0 ? (
                <p>{S.none}</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{S.collectedOn}</th>
                      <th scope="col" class="num">
                        {S.cashCollected}
                      </th>
                      <th scope="col" class="num">
                        {S.cashOwed}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {cash.days.map((d) => (
                      <tr key={d.collected_on ?? "unknown"}>
                        <td>{d.collected_on ? shortDay(d.collected_on) : S.dayUnknown}</td>
                        <td class="num">{yuan(d.collected_fen)}</td>
                        <td class="num">{yuan(d.outstanding_fen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section class="card" aria-labelledby="receipts-title">
              <h2 id="receipts-title">{S.cashReceipts}</h2>
              <Receipts first={cash} />
            </section>
          </>
        )}
      </ReadView>
    </Screen>
  );
}
