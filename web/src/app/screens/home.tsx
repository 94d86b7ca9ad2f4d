/** Home: my villages (GET /agent/v1/villages) and the big menu buttons. */

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { API, signOut } from "../api";
import { currentSession } from "../session";
import { S } from "../strings";
import { Button, LinkButton, ReadView, Screen, usePendingCount, useRead } from "../ui";

export interface Village {
  village_code: string;
  name: string;
  township_name: string;
}

interface Villages {
  villages: Village[];
  next_cursor: string;
}

export function villageName(village: Village): string {
  const name = village.name || S.villageUnnamed(village.village_code);
  return village.township_name ? `${village.township_name} ${name}` : name;
}

export const VILLAGES_PATH = `${API}/villages?limit=100`;

/** My villages' names by code, for screens that show a village (its code until the names arrive). */
export function useVillageNames(): (code: string) => string {
  const read = useRead<Villages>(VILLAGES_PATH);
  const names = new Map((read.data?.villages ?? []).map((v) => [v.village_code, villageName(v)]));
  return (code) => names.get(code) ?? code;
}

export default function HomeScreen(_props: { id: string }): JSX.Element {
  const villages = useRead<Villages>(VILLAGES_PATH);
  const pending = usePendingCount();
  const [leaving, setLeaving] = useState(false);
  const session = currentSession();

  const leave = async () => {
    if (pending > 0 && !confirm(S.signOutPendingWarning(pending))) return;
    setLeaving(true);
    await signOut();
    location.hash = "#/signin";
  };

  return (
    <Screen title={S.homeTitle} back={false}>
      <section aria-labelledby="villages-title" class="card">
        <h2 id="villages-title">{S.myVillages}</h2>
        <ReadView read={villages}>
          {(data) =>
            data.villages.length === 0 ? (
              <p>{S.none}</p>
            ) : (
              <ul class="plain">
                {data.villages.map((v) => (
                  <li key={v.village_code}>{villageName(v)}</li>
                ))}
              </ul>
            )
          }
        </ReadView>
      </section>
      <nav class="menu" aria-label={S.homeTitle}>
        <LinkButton href="#/search">{S.menuSearch}</LinkButton>
        <LinkButton href="#/enrol">{S.menuEnrol}</LinkButton>
        <LinkButton href="#/tasks">{S.menuTasks}</LinkButton>
        <LinkButton href="#/cash">{S.menuCash}</LinkButton>
        <LinkButton href="#/notice">{S.menuNotice}</LinkButton>
        <LinkButton href="#/queue" kind="secondary">
          {S.menuQueue}
          {pending > 0 ? `（${pending}）` : ""}
        </LinkButton>
      </nav>
      <footer class="signed-in">
        {session ? <p>{S.signedInAs(session.user_id)}</p> : null}
        <Button kind="secondary" onClick={leave} disabled={leaving}>
          {S.signOut}
        </Button>
      </footer>
    </Screen>
  );
}
