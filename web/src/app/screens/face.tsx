/** Placeholder until the appforms change brings this screen: the route exists so that the app is whole. */

import type { JSX } from "preact";
import { S } from "../strings";
import { Screen } from "../ui";

export default function FaceScreen(_props: { id: string }): JSX.Element {
  return (
    <Screen title={S.actionFace}>
      <p>{S.notReady}</p>
    </Screen>
  );
}
