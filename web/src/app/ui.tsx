/** The app's building blocks: the screen with its header (back, title, "待提交 N", offline), labelled fields, big
 * buttons, the problem box, masked numbers, amounts, and the hooks that read the API and the queue. */

import type { ComponentChildren, JSX } from "preact";
import { useCallback, useEffect, useId, useRef, useState } from "preact/hooks";
import { type Problem, ProblemError, type Read, get, isOnline, networkProblem, onOnlineChange } from "./api";
import { onQueueChange, pendingCount } from "./queue";
import { currentSession } from "./session";
import { S } from "./strings";

// --- hooks ---------------------------------------------------------------------------------------------------

export function useOnline(): boolean {
  const [online, setOnline] = useState(isOnline());
  useEffect(() => onOnlineChange(setOnline), []);
  return online;
}

export function usePendingCount(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let alive = true;
    const update = () =>
      void pendingCount().then(
        (n) => alive && setCount(n),
        () => {},
      );
    update();
    const stop = onQueueChange(update);
    return () => {
      alive = false;
      stop();
    };
  }, []);
  return count;
}

export function asProblem(error: unknown): Problem {
  return error instanceof ProblemError ? error.problem : networkProblem();
}

export interface Loaded<T> {
  data: T | null;
  cachedAt: string | null;
  problem: Problem | null;
  loading: boolean;
  reload: () => void;
}

/** A GET of the agents' API for a screen: the answer (or the stored one offline, with its time), or the problem. */
export function useRead<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<Omit<Loaded<T>, "reload">>({
    data: null,
    cachedAt: null,
    problem: null,
    loading: path !== null,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let alive = true;
    setState((s) => ({ ...s, loading: true, problem: null }));
    get<T>(path).then(
      (read: Read<T>) => alive && setState({ data: read.data, cachedAt: read.cachedAt, problem: null, loading: false }),
      (error: unknown) => alive && setState({ data: null, cachedAt: null, problem: asProblem(error), loading: false }),
    );
    return () => {
      alive = false;
    };
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** The query of the location hash: "#/search?name=王" gives name=王 (the screen's state, kept for "back"). */
export function hashParams(hash = location.hash): URLSearchParams {
  const at = hash.indexOf("?");
  return new URLSearchParams(at >= 0 ? hash.slice(at + 1) : "");
}

// --- formatting ------------------------------------------------------------------------------------------------

/** Fen as yuan, "¥1,234.50": integer arithmetic only. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  const whole = Math.trunc(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, "0")}`;
}

/** A day as the agent reads it: 2026-12-04 is 2026年12月4日. */
export function day(iso: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? "");
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : "—";
}

/** A day in a table: 2026-12-04 is 12月4日 (the year is in the heading or this year). */
export function shortDay(iso: string | null | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? "");
  return match ? `${Number(match[2])}月${Number(match[3])}日` : "—";
}

/** An ISO time as the agent reads it: 12月4日 17:30. */
export function shortTime(iso: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${moment.getMonth() + 1}月${moment.getDate()}日 ${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

// --- components ------------------------------------------------------------------------------------------------

export function Header({ title, back }: { title: string; back?: string | boolean }): JSX.Element {
  const pending = usePendingCount();
  const online = useOnline();
  const heading = useRef<HTMLHeadingElement>(null);
  // A new screen: a screen reader starts from its title, as it would on a new page.
  useEffect(() => heading.current?.focus({ preventScroll: true }), [title]);
  const goBack = (event: Event) => {
    if (back === true) {
      event.preventDefault();
      history.back();
    }
  };
  return (
    <header class="bar">
      {back ? (
        <a class="bar-back" href={typeof back === "string" ? back : "#/"} onClick={goBack} aria-label={S.back}>
          <span aria-hidden="true">‹</span> {S.back}
        </a>
      ) : null}
      <h1 class="bar-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      <div class="bar-status">
        {!online ? (
          <span class="badge badge-offline" role="status" title={S.offlineLong}>
            {S.offline}
          </span>
        ) : null}
        {pending > 0 || currentSession() ? (
          <a class={`badge ${pending > 0 ? "badge-pending" : "badge-idle"}`} href="#/queue" data-testid="pending-badge">
            {S.pendingBadge(pending)}
          </a>
        ) : null}
      </div>
    </header>
  );
}

export function Screen({
  title,
  back = true,
  children,
}: {
  title: string;
  back?: string | boolean;
  children: ComponentChildren;
}): JSX.Element {
  useEffect(() => {
    document.title = `${title} · ${S.appShortName}`;
  }, [title]);
  return (
    <>
      <Header title={title} back={back} />
      <main class="page" id="main">
        {children}
      </main>
    </>
  );
}

/** The ids a field's hint and error have (FieldNotes), for the control's aria-describedby; undefined when neither. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

/** A field's hint and its error (announced), under the control whose `id` they describe. */
export function FieldNotes({ id, hint, error }: { id: string; hint?: string; error?: string }): JSX.Element {
  return (
    <>
      {hint ? (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "label" | "onInput" | "value">;

export function Field({
  label,
  value,
  onValue,
  hint,
  error,
  ...input
}: InputProps & {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  error?: string;
}): JSX.Element {
  const id = useId();
  const described = describedBy(id, hint, error);
  return (
    <div class={`field${error ? " field-invalid" : ""}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        {...input}
        value={value}
        onInput={(event) => onValue((event.currentTarget as HTMLInputElement).value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

export function Button({
  children,
  kind = "primary",
  ...rest
}: JSX.ButtonHTMLAttributes<HTMLButtonElement> & { kind?: "primary" | "secondary" | "danger" }): JSX.Element {
  return (
    <button type="button" class={`button button-${kind}`} {...rest}>
      {children}
    </button>
  );
}

/** A link that looks like a big button (menus, the resident's actions). */
export function LinkButton({
  href,
  children,
  kind = "primary",
}: {
  href: string;
  children: ComponentChildren;
  kind?: "primary" | "secondary" | "danger";
}): JSX.Element {
  return (
    <a class={`button button-${kind}`} href={href}>
      {children}
    </a>
  );
}

/** A refusal as the agent reads it: the Chinese title, and the fields it names. */
export function ProblemBox({ problem, onRetry }: { problem: Problem | null; onRetry?: () => void }): JSX.Element | null {
  if (!problem) return null;
  const fields = problem.errors.filter((e) => e.field && e.title_zh && e.title_zh !== problem.title_zh);
  return (
    <div class="problem" role="alert" data-code={problem.code}>
      <p class="problem-title">{problem.title_zh}</p>
      {fields.length > 0 ? (
        <ul>
          {fields.map((e) => (
            <li key={e.field}>
              {S.fieldNames[e.field.split(".").pop() ?? ""] ?? e.field}：{e.title_zh}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <Button kind="secondary" onClick={onRetry}>
          {S.retry}
        </Button>
      ) : null}
    </div>
  );
}

/** A masked number (身份证号, 手机号, 银行卡号) as the server gave it: read out character by character. */
export function Masked({ value }: { value: string }): JSX.Element {
  return <span class="masked">{value || "—"}</span>;
}

/** Says an answer is the one stored for offline use, and when it was fetched. */
export function OfflineNote({ cachedAt }: { cachedAt: string | null }): JSX.Element | null {
  if (!cachedAt) return null;
  return (
    <p class="offline-note" role="status">
      {S.offlineDataAt(shortTime(cachedAt))}
    </p>
  );
}

export function Loading(): JSX.Element {
  return (
    <p class="loading" role="status">
      {S.loading}
    </p>
  );
}

/** What a read shows while loading or refused; children once it has the data. */
export function ReadView<T>({
  read,
  children,
}: {
  read: Loaded<T>;
  children: (data: T) => ComponentChildren;
}): JSX.Element {
  if (read.loading && read.data === null) return <Loading />;
  if (read.problem) return <ProblemBox problem={read.problem} onRetry={read.reload} />;
  if (read.data === null) return <Loading />;
  return (
    <>
      <OfflineNote cachedAt={read.cachedAt} />
      {children(read.data)}
    </>
  );
}

/** A definition list row: a label and its value. */
export function Row({ label, children }: { label: string; children: ComponentChildren }): JSX.Element {
  return (
    <div class="row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
