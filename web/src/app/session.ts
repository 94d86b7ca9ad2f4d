/** The signed-in agent's session on this phone (tokens in localStorage) and the phone's own device id, made once. */

export interface Session {
  access_token: string;
  refresh_token: string;
  /** When the access token expires, ms since the epoch (the phone's clock). */
  expires_at: number;
  refresh_expires_at: number;
  user_id: string;
  villages: string[];
  device_id: string;
}

/** The gateway's answer to POST /agent/v1/session and /session/refresh. */
export interface SessionAnswer {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  refresh_expires_in: number;
  user_id: string;
  villages: string[];
  device_id: string;
}

const SESSION_KEY = "pension.session";
const DEVICE_KEY = "pension.device_id";

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // a browser that refuses storage (private mode): the session lives as long as the page
  }
}

let memory: Session | null = null;

export function currentSession(): Session | null {
  const stored = storage()?.getItem(SESSION_KEY);
  if (!stored) return memory;
  try {
    return JSON.parse(stored) as Session;
  } catch {
    return null;
  }
}

export function sessionFromAnswer(answer: SessionAnswer, now = Date.now()): Session {
  return {
    access_token: answer.access_token,
    refresh_token: answer.refresh_token,
    expires_at: now + answer.expires_in * 1000,
    refresh_expires_at: now + answer.refresh_expires_in * 1000,
    user_id: answer.user_id,
    villages: answer.villages,
    device_id: answer.device_id,
  };
}

export function saveSession(session: Session): void {
  memory = session;
  storage()?.setItem(SESSION_KEY, JSON.stringify(session));
  for (const listener of listeners) listener(session);
}

export function clearSession(): void {
  memory = null;
  storage()?.removeItem(SESSION_KEY);
  for (const listener of listeners) listener(null);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** This phone's id, made on first use and kept: the gateway registers the phone under it at sign-in. */
export function deviceId(): string {
  const store = storage();
  const kept = store?.getItem(DEVICE_KEY);
  if (kept) return kept;
  const made = crypto.randomUUID();
  store?.setItem(DEVICE_KEY, made);
  return made;
}

/** What an officer sees the phone called when they look at the agent's devices: its model if the browser says. */
export function deviceName(userAgent = globalThis.navigator?.userAgent ?? ""): string {
  const model = /Android [\d.]+; ([^;)]+)/.exec(userAgent)?.[1]?.trim();
  const name = model && model !== "K" ? model : /Android/.test(userAgent) ? "安卓手机" : "浏览器";
  return name.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 64);
}
