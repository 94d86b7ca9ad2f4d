/** The gateway's agents' API: fetch with the bearer token, one refresh on 401, every refusal as a Problem. */

import { S } from "./strings";
import {
  type Session,
  type SessionAnswer,
  clearSession,
  currentSession,
  deviceId,
  deviceName,
  saveSession,
  sessionFromAnswer,
} from "./session";

export interface FieldProblem {
  field: string;
  code: string;
  title: string;
  title_zh: string;
}

/** An RFC 9457 problem as the gateway answers it (pension_gateway.api.problems), or one the phone made up for a
 * request that got no answer at all (status 0, NETWORK_UNAVAILABLE). */
export interface Problem {
  status: number;
  code: string;
  title: string;
  title_zh: string;
  detail: string;
  field: string;
  errors: FieldProblem[];
}

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.title}`);
  }
}

export const NETWORK_UNAVAILABLE = "NETWORK_UNAVAILABLE";

export function networkProblem(): Problem {
  return {
    status: 0,
    code: NETWORK_UNAVAILABLE,
    title: "no answer: the phone is offline or the server is unreachable",
    title_zh: S.networkProblem,
    detail: "",
    field: "",
    errors: [],
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** A non-2xx answer's body as a Problem; a body that is not a problem (a proxy's page) still gives one. */
export function problemFrom(status: number, body: unknown): Problem {
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const errors = Array.isArray(b.errors)
    ? b.errors.map((e: Record<string, unknown>) => ({
        field: text(e.field),
        code: text(e.code),
        title: text(e.title),
        title_zh: text(e.title_zh),
      }))
    : [];
  return {
    status,
    code: text(b.code) || `HTTP_${status}`,
    title: text(b.title) || `HTTP ${status}`,
    title_zh: text(b.title_zh) || S.unknownProblem,
    detail: text(b.detail),
    field: text(b.field),
    errors,
  };
}

// --- connectivity: what navigator.onLine says, corrected by what the last request found ------------------------

type OnlineListener = (online: boolean) => void;
const onlineListeners = new Set<OnlineListener>();
let reachable = typeof navigator === "undefined" ? true : navigator.onLine;

export function isOnline(): boolean {
  return reachable;
}

function setReachable(value: boolean): void {
  if (value === reachable) return;
  reachable = value;
  for (const listener of onlineListeners) listener(value);
}

export function onOnlineChange(listener: OnlineListener): () => void {
  onlineListeners.add(listener);
  return () => onlineListeners.delete(listener);
}

if (typeof window !== "undefined") {
  window.addEventListener("online", () => setReachable(true));
  window.addEventListener("offline", () => setReachable(false));
}

// --- requests ------------------------------------------------------------------------------------------------

/** A read's answer: the data, and when the service worker stored it if it came from there (offline). */
export interface Read<T> {
  data: T;
  /** ISO time of the stored answer when offline; null for a fresh one. */
  cachedAt: string | null;
}

// The service worker marks an answer it served from its store with the time it stored it (sw.ts).
export const CACHED_AT_HEADER = "x-pension-cached-at";

type Method = "GET" | "POST" | "DELETE";

interface Options {
  /** Send the bearer token (and refresh it on 401); false for sign-in and refresh themselves. */
  auth?: boolean;
}

let refreshing: Promise<Session | null> | null = null;

/** One refresh at a time, however many requests found their token expired together. */
function refreshOnce(): Promise<Session | null> {
  refreshing ??= refreshSession().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function send(method: Method, path: string, body: unknown, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      // A read revalidates with the gateway's ETag (a 304 saves a slow connection the body); a write is never
      // kept.
      cache: method === "GET" ? "no-cache" : "no-store",
    });
    setReachable(!response.headers.get(CACHED_AT_HEADER));
    return response;
  } catch {
    setReachable(false);
    throw new ProblemError(networkProblem());
  }
}

async function answerOf(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const raw = await response.text();
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function exchange(method: Method, path: string, body: unknown, options: Options): Promise<Response> {
  const auth = options.auth ?? true;
  let session = auth ? currentSession() : null;
  if (auth && session && session.expires_at - 30_000 < Date.now()) {
    // Expired already: refresh first, not after a wasted 401. Offline, go on with the old token: the service
    // worker answers a read from its store, and the queue keeps a write.
    try {
      session = await refreshOnce();
    } catch {
      // no answer to the refresh: the session stays as it was
    }
  }
  let response = await send(method, path, body, session?.access_token ?? null);
  if (auth && response.status === 401 && session) {
    const renewed = await refreshOnce();
    if (renewed) response = await send(method, path, body, renewed.access_token);
  }
  if (!response.ok) {
    const problem = problemFrom(response.status, await answerOf(response));
    if (auth && response.status === 401) {
      clearSession(); // the phone must sign in again; what is queued stays queued
      problem.title_zh = problem.title_zh || S.sessionEnded;
    }
    throw new ProblemError(problem);
  }
  return response;
}

export async function get<T>(path: string, options: Options = {}): Promise<Read<T>> {
  const response = await exchange("GET", path, undefined, options);
  return { data: (await answerOf(response)) as T, cachedAt: response.headers.get(CACHED_AT_HEADER) };
}

export async function post<T>(path: string, body: unknown, options: Options = {}): Promise<T> {
  return (await answerOf(await exchange("POST", path, body ?? {}, options))) as T;
}

export async function del(path: string, options: Options = {}): Promise<void> {
  await exchange("DELETE", path, undefined, options);
}

/** A query string of the non-empty values. */
export function query(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

// --- the session --------------------------------------------------------------------------------------------

export const API = "/agent/v1";

/** Answers kept by the service worker for offline reads: another agent on this phone must not read them. */
export async function forgetOfflineReads(): Promise<void> {
  if (typeof caches === "undefined") return;
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith("api-")).map((name) => caches.delete(name)));
}

export async function signIn(userId: string, password: string): Promise<Session> {
  const answer = await post<SessionAnswer>(
    `${API}/session`,
    { user_id: userId.trim(), password, device_id: deviceId(), device_name: deviceName() },
    { auth: false },
  );
  const previous = currentSession();
  if (!previous || previous.user_id !== answer.user_id) await forgetOfflineReads();
  const session = sessionFromAnswer(answer);
  saveSession(session);
  return session;
}

/** A new access token for the refresh token; null (and signed out) if the server refused it. */
export async function refreshSession(): Promise<Session | null> {
  const session = currentSession();
  if (!session) return null;
  try {
    const answer = await post<SessionAnswer>(
      `${API}/session/refresh`,
      { refresh_token: session.refresh_token },
      { auth: false },
    );
    const renewed = sessionFromAnswer(answer);
    saveSession(renewed);
    return renewed;
  } catch (error) {
    if (error instanceof ProblemError && error.problem.status === 401) {
      clearSession();
      return null;
    }
    throw error; // offline or the server is away: keep the session, try again later
  }
}

export async function signOut(): Promise<void> {
  try {
    await del(`${API}/session`);
  } catch {
    // offline: the refresh token dies with its 30 days; the phone forgets it now anyway
  }
  clearSession();
  await forgetOfflineReads();
}
