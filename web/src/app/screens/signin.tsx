/** Sign in on this phone: the agent's account and password; the phone registers itself with its device id. */

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { type Problem, signIn } from "../api";
import { S } from "../strings";
import { Field, ProblemBox, Screen, asProblem } from "../ui";

export default function SignInScreen(_props: { id: string }): JSX.Element {
  const [userId, setUserId] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [missing, setMissing] = useState({ userId: "", password: "" });

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const absent = { userId: userId.trim() ? "" : S.userIdRequired, password: password ? "" : S.passwordRequired };
    setMissing(absent);
    if (absent.userId || absent.password) return;
    setBusy(true);
    setProblem(null);
    try {
      await signIn(userId, password);
      location.hash = "#/";
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title={S.signInTitle} back={false}>
      <p class="app-name">{S.appName}</p>
      <form onSubmit={submit} noValidate>
        <Field
          label={S.userId}
          value={userId}
          onValue={setUserId}
          error={missing.userId}
          autoComplete="username"
          autoCapitalize="none"
          spellcheck={false}
          required
        />
        <Field
          label={S.password}
          value={password}
          onValue={setPassword}
          type="password"
          error={missing.password}
          autoComplete="current-password"
          required
        />
        <ProblemBox problem={problem} />
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? S.signingIn : S.signIn}
        </button>
      </form>
    </Screen>
  );
}
