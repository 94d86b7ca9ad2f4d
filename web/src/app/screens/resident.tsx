/** (Being built: the first commit of the app gives every route a screen.) */

import type { JSX } from "preact";
import { S } from "../strings";
import { Screen } from "../ui";

export default function ResidentScreen(_props: { id: string }): JSX.Element {
  return (
    <Screen title={S.residentTitle}>
      <p>{S.notReady}</p>
    </Screen>
  );
}
