/** Placeholder until the appforms change brings this screen: the route exists so that the app is whole. */

import type { JSX } from "preact";
import { S } from "../strings";
import { Screen } from "../ui";

export default function VisitScreen(_props: { id: string }): JSX.Element {
  return (
    <Screen title={S.actionVisit}>
      <p>{S.notReady}</p>
    </Screen>
  );
}
