/** Find one of my villagers: by the start of the name or the ID number's last four, paged with "更多"
 * (GET /agent/v1/residents). The search is kept in the hash, so that "back" from a record shows it again. */

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { API, type Problem, get, query } from "../api";
import { S } from "../strings";
import { Button, Field, Masked, OfflineNote, ProblemBox, Screen, asProblem, day, hashParams } from "../ui";

export interface ResidentSummary {
  resident_id: string;
  name: string;
  citizen_id_masked: string;
  sex: "male" | "female";
  birth_date: string;
  village_code: string;
  mobile_masked: string;
  status: "active" | "terminated";
}

interface Residents {
  residents: ResidentSummary[];
  next_cursor: string;
}

const ID_LAST4 = /^[0-9]{3}[0-9Xx]$/;
const NAME_PREFIX = /^[\u3400-\u9fff\uf900-\ufaff·•・.]{1,20}$/;

interface Search {
  name: string;
  id_last4: string;
}

/** The field problems of a search before it is sent; empty when it can go. */
export function searchProblems(search: Search): Partial<Record<keyof Search, string>> {
  const problems: Partial<Record<keyof Search, string>> = {};
  if (search.name && !NAME_PREFIX.test(search.name)) problems.name = S.searchNameInvalid;
  if (search.id_last4 && !ID_LAST4.test(search.id_last4)) problems.id_last4 = S.searchIdLast4Invalid;
  return problems;
}

export function ResidentCard({ resident }: { resident: ResidentSummary }): JSX.Element {
  return (
    <a class="result" href={`#/resident/${resident.resident_id}`}>
      <span class="result-title">
        <span>{resident.name}</span>
        <span class={`tag${resident.status === "active" ? "" : " tag-bad"}`}>
          {resident.status === "active" ? S.statusActive : S.statusTerminated}
        </span>
      </span>
      <span class="result-meta">
        {resident.sex === "male" ? S.sexMale : S.sexFemale} · {day(resident.birth_date)}
      </span>
      <br />
      <span class="result-meta">
        {S.citizenId} <Masked value={resident.citizen_id_masked} />
      </span>
    </a>
  );
}

export default function SearchScreen(_props: { id: string }): JSX.Element {
  const initial = hashParams();
  const [name, setName] = useState(initial.get("name") ?? "");
  const [idLast4, setIdLast4] = useState(initial.get("id_last4") ?? "");
  const [asked, setAsked] = useState<Search | null>(initial.has("q") ? { name, id_last4: idLast4 } : null);
  const [found, setFound] = useState<ResidentSummary[]>([]);
  const [cursor, setCursor] = useState("");
  const [cachedAt, setCachedAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [invalid, setInvalid] = useState<Partial<Record<keyof Search, string>>>({});

  const load = async (search: Search, after: string) => {
    setBusy(true);
    setProblem(null);
    try {
      const read = await get<Residents>(
        `${API}/residents${query({ name: search.name, id_last4: search.id_last4, cursor: after, limit: 20 })}`,
      );
      setFound((before) => (after ? [...before, ...read.data.residents] : read.data.residents));
      setCursor(read.data.next_cursor);
      setCachedAt(read.cachedAt);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (asked) void load(asked, "");
  }, [asked]);

  const submit = (event: Event) => {
    event.preventDefault();
    const search = { name: name.trim(), id_last4: idLast4.trim().toUpperCase() };
    const problems = searchProblems(search);
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return;
    history.replaceState(null, "", `#/search${query({ q: "1", ...search })}`);
    setFound([]);
    setCursor("");
    setAsked(search);
  };

  return (
    <Screen title={S.searchTitle}>
      <form onSubmit={submit} noValidate role="search">
        <Field label={S.searchName} value={name} onValue={setName} error={invalid.name} autoComplete="off" />
        <Field
          label={S.searchIdLast4}
          value={idLast4}
          onValue={setIdLast4}
          error={invalid.id_last4}
          hint={S.searchHint}
          inputMode="text"
          maxLength={4}
          autoComplete="off"
        />
        <button type="submit" class="button button-primary" disabled={busy}>
          {S.search}
        </button>
      </form>
      <section aria-live="polite" class="results">
        <OfflineNote cachedAt={cachedAt} />
        <ProblemBox problem={problem} onRetry={asked ? () => void load(asked, cursor) : undefined} />
        {asked && !busy && !problem && found.length === 0 ? <p role="status">{S.searchNoResult}</p> : null}
        {found.map((resident) => (
          <ResidentCard key={resident.resident_id} resident={resident} />
        ))}
        {busy ? <p role="status">{S.loading}</p> : null}
        {cursor && !busy && asked ? (
          <Button kind="secondary" onClick={() => void load(asked, cursor)}>
            {S.more}
          </Button>
        ) : null}
      </section>
    </Screen>
  );
}
