/** One of my villagers (GET /agent/v1/residents/{id}): masked numbers, the account's balance and years, proof of
 * life, and the buttons to what the agent records about them. */

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { API } from "../api";
import { isPending, list, onQueueChange } from "../queue";
import { S } from "../strings";
import { useVillageNames } from "./home";
import { LinkButton, Masked, ReadView, Row, Screen, day, useRead, yuan } from "../ui";

interface SpecialGroup {
  [key: string]: unknown;
}

export interface ResidentRecord {
  resident_id: string;
  citizen_id_masked: string;
  name: string;
  name_masked: string;
  sex: "male" | "female";
  birth_date: string;
  pooling_region_code: string;
  village_code: string;
  mobile_masked: string;
  bank_name: string;
  bank_account_masked: string;
  special_groups: SpecialGroup[];
  enrolled_on: string;
  enrolled_by_agent_id: string;
  status: "active" | "terminated";
}

export interface CertificationStatus {
  resident_id: string;
  state: string;
  due_on: string | null;
  village_code: string;
  last_certification: { certified_on: string | null; method: string } | null;
  date_of_death: string | null;
  death_reported: boolean;
  imprisoned: boolean;
  duplicate_receipt: boolean;
}

export interface ResidentDetail {
  resident: ResidentRecord;
  balance_fen: number;
  contributed_years: number;
  contribution_years: number[];
  certification: CertificationStatus | null;
}

/** Years as the agent reads them: 2013–2016、2018 (runs of consecutive years joined). */
export function yearRanges(years: number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    runs.push(i === j ? `${sorted[i]}` : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return runs.length > 0 ? runs.join("、") : "—";
}

export function residentPath(residentId: string): string {
  return `${API}/residents/${encodeURIComponent(residentId)}`;
}

/** A proof-of-life state as a tag: green when done, amber when due soon, red when overdue or deceased. */
export function CertificationTag({ state }: { state: string }): JSX.Element {
  const tone = state === "overdue" || state === "deceased" ? " tag-bad" : state === "due_soon" ? " tag-warn" : "";
  return <span class={`tag${tone}`}>{S.certificationStates[state] ?? state}</span>;
}

function usePendingFor(residentId: string): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let alive = true;
    const update = () =>
      void list().then((operations) => {
        if (alive) setCount(operations.filter((o) => isPending(o) && o.body.resident_id === residentId).length);
      });
    update();
    const stop = onQueueChange(update);
    return () => {
      alive = false;
      stop();
    };
  }, [residentId]);
  return count;
}

export default function ResidentScreen({ id }: { id: string }): JSX.Element {
  const read = useRead<ResidentDetail>(residentPath(id));
  const pending = usePendingFor(id);
  const villageOf = useVillageNames();
  return (
    <Screen title={S.residentTitle}>
      <ReadView read={read}>
        {(detail) => {
          const r = detail.resident;
          const active = r.status === "active";
          const deceased = detail.certification?.state === "deceased" || !!detail.certification?.death_reported;
          return (
            <>
              <section class="card" aria-labelledby="resident-name">
                <h2 id="resident-name">
                  {r.name}{" "}
                  <span class={`tag${active ? "" : " tag-bad"}`}>{active ? S.statusActive : S.statusTerminated}</span>
                </h2>
                <dl>
                  <Row label={S.citizenId}>
                    <Masked value={r.citizen_id_masked} />
                  </Row>
                  <Row label={S.sex}>{r.sex === "male" ? S.sexMale : S.sexFemale}</Row>
                  <Row label={S.birthDate}>{day(r.birth_date)}</Row>
                  <Row label={S.village}>{villageOf(r.village_code)}</Row>
                  <Row label={S.mobile}>
                    <Masked value={r.mobile_masked} />
                  </Row>
                  <Row label={S.bank}>
                    {r.bank_name ? `${r.bank_name} ` : ""}
                    <Masked value={r.bank_account_masked} />
                  </Row>
                  <Row label={S.enrolledOn}>{day(r.enrolled_on)}</Row>
                </dl>
              </section>
              <section class="card" aria-labelledby="account-title">
                <h2 id="account-title">{S.balance}</h2>
                <p class="amount">{yuan(detail.balance_fen)}</p>
                <dl>
                  <Row label={S.contributedYears}>{S.years(detail.contributed_years)}</Row>
                  <Row label={S.contributionYears}>
                    {yearRanges(detail.contribution_years)}
                  </Row>
                </dl>
              </section>
              <section class="card" aria-labelledby="certification-title">
                <h2 id="certification-title">{S.certification}</h2>
                {detail.certification ? (
                  <dl>
                    <Row label={S.certificationState}>
                      <CertificationTag state={detail.certification.state} />
                    </Row>
                    <Row label={S.certificationDue}>{day(detail.certification.due_on)}</Row>
                    <Row label={S.lastCertification}>{day(detail.certification.last_certification?.certified_on)}</Row>
                    {detail.certification.death_reported ? <Row label={S.deathReported}>✓</Row> : null}
                  </dl>
                ) : (
                  <p>{S.certificationNone}</p>
                )}
              </section>
              {pending > 0 ? (
                <p class="notice" role="status">
                  <a href="#/queue">{S.residentQueued(pending)}</a>
                </p>
              ) : null}
              {active && !deceased ? (
                <div class="actions">
                  <LinkButton href={`#/contribution/${r.resident_id}`}>{S.actionContribution}</LinkButton>
                  {detail.certification ? (
                    <>
                      <LinkButton href={`#/face/${r.resident_id}`}>{S.actionFace}</LinkButton>
                      <LinkButton href={`#/visit/${r.resident_id}`}>{S.actionVisit}</LinkButton>
                    </>
                  ) : null}
                  <LinkButton href={`#/death/${r.resident_id}`} kind="danger">
                    {S.actionDeath}
                  </LinkButton>
                </div>
              ) : null}
            </>
          );
        }}
      </ReadView>
    </Screen>
  );
}
