/** (Being built: the first commit of the app gives every route a screen.) */

import type { JSX } from "preact";
import { S } from "../strings";
import { Screen } from "../ui";

export default function CashScreen(_props: { id: string }): JSX.Element {
  return (
    <Screen title={S.cashTitle}>
      <p>{S.notReady}</p>
    </Screen>
  );
}
