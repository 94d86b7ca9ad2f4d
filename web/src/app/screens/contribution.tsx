/** Placeholder until the appforms change brings this screen: the route exists so that the app is whole. */

import type { JSX } from "preact";
import { S } from "../strings";
import { Screen } from "../ui";

export default function ContributionScreen(_props: { id: string }): JSX.Element {
  return (
    <Screen title={S.actionContribution}>
      <p>{S.notReady}</p>
    </Screen>
  );
}
