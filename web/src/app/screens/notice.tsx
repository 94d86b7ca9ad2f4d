/** My village's public notice (公示) for a month (GET /agent/v1/villages/{code}/notice?month=YYYY-MM): who paid,
 * who was paid, masked, with the totals and whom to ask. */

import type { JSX } from "preact";
import { useId, useState } from "preact/hooks";
import { API, query } from "../api";
import { currentSession } from "../session";
import { S } from "../strings";
import { Field, ReadView, Row, Screen, shortTime, useRead, yuan } from "../ui";
import { VILLAGES_PATH, type Village, villageName } from "./home";

interface Contributor {
  name_masked: string;
  citizen_id_masked: string;
  year: number;
  kind: string;
  kind_zh: string;
  grade_fen: number;
  personal_fen: number;
  subsidy_fen: number;
  paid_on_behalf_fen: number;
}

interface Recipient {
  name_masked: string;
  citizen_id_masked: string;
  amount_fen: number;
  back_pay_fen: number;
}

interface Notice {
  village_code: string;
  village_name: string;
  month: string;
  contributors: Contributor[];
  recipients: Recipient[];
  contributed_fen: number;
  paid_fen: number;
  generated_at: string | null;
  dispute_contact: string;
}

/** This month in China (the notice's months are China's), YYYY-MM. */
export function thisMonthInChina(now = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  return `${china.getUTCFullYear()}-${String(china.getUTCMonth() + 1).padStart(2, "0")}`;
}

function NoticeView({ notice }: { notice: Notice }): JSX.Element {
  const empty = notice.contributors.length === 0 && notice.recipients.length === 0;
  return (
    <>
      <section class="card" aria-labelledby="notice-head">
        <h2 id="notice-head">
          {notice.village_name || notice.village_code} · {notice.month}
        </h2>
        <dl>
          <Row label={S.noticeContributed}>{yuan(notice.contributed_fen)}</Row>
          <Row label={S.noticePaid}>{yuan(notice.paid_fen)}</Row>
          {notice.generated_at ? <Row label={S.noticeGeneratedAt}>{shortTime(notice.generated_at)}</Row> : null}
          {notice.dispute_contact ? <Row label={S.noticeDispute}>{notice.dispute_contact}</Row> : null}
        </dl>
      </section>
      {empty ? <p role="status">{S.noticeEmpty}</p> : null}
      {notice.contributors.length > 0 ? (
        <section class="card" aria-labelledby="contributors-title">
          <h2 id="contributors-title">{S.noticeContributors}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{S.name}</th>
                <th scope="col">{S.grade}</th>
                <th scope="col" class="num">
                  {S.subsidy}
                </th>
              </tr>
            </thead>
            <tbody>
              {notice.contributors.map((c, index) => (
                <tr key={`${c.citizen_id_masked}-${c.year}-${index}`}>
                  <td>
                    {c.name_masked}
                    <br />
                    <span class="masked result-meta">{c.citizen_id_masked}</span>
                  </td>
                  <td>
                    {yuan(c.grade_fen)}
                    <br />
                    <span class="result-meta">
                      {c.year} {c.kind_zh}
                    </span>
                  </td>
                  <td class="num">{yuan(c.subsidy_fen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {notice.recipients.length > 0 ? (
        <section class="card" aria-labelledby="recipients-title">
          <h2 id="recipients-title">{S.noticeRecipients}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{S.name}</th>
                <th scope="col" class="num">
                  {S.pensionAmount}
                </th>
                <th scope="col" class="num">
                  {S.backPay}
                </th>
              </tr>
            </thead>
            <tbody>
              {notice.recipients.map((r, index) => (
                <tr key={`${r.citizen_id_masked}-${index}`}>
                  <td>
                    {r.name_masked}
                    <br />
                    <span class="masked result-meta">{r.citizen_id_masked}</span>
                  </td>
                  <td class="num">{yuan(r.amount_fen)}</td>
                  <td class="num">{yuan(r.back_pay_fen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

export default function NoticeScreen(_props: { id: string }): JSX.Element {
  const mine = currentSession()?.villages ?? [];
  const villages = useRead<{ villages: Village[] }>(mine.length > 1 ? VILLAGES_PATH : null);
  const [village, setVillage] = useState(mine[0] ?? "");
  const [month, setMonth] = useState(thisMonthInChina());
  const selectId = useId();
  const valid = /^\d{4}-\d{2}$/.test(month);
  const notice = useRead<Notice>(
    village && valid ? `${API}/villages/${encodeURIComponent(village)}/notice${query({ month })}` : null,
  );
  const names = new Map((villages.data?.villages ?? []).map((v) => [v.village_code, villageName(v)]));
  return (
    <Screen title={S.noticeTitle}>
      {mine.length > 1 ? (
        <div class="field">
          <label for={selectId}>{S.village}</label>
          <select id={selectId} value={village} onChange={(e) => setVillage((e.currentTarget as HTMLSelectElement).value)}>
            {mine.map((code) => (
              <option key={code} value={code}>
                {names.get(code) ?? code}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Field label={S.noticeMonth} type="month" value={month} onValue={setMonth} max={thisMonthInChina()} />
      {village ? <ReadView read={notice}>{(data) => <NoticeView notice={data} />}</ReadView> : <p>{S.none}</p>}
    </Screen>
  );
}
