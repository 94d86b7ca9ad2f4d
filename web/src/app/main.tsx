/** The app's entry: mounts the screens, routes by the URL's hash (so the shell works offline), starts the queue
 * and registers the service worker. */

import type { FunctionComponent } from "preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "./app.css";
import { startQueue } from "./queue";
import CashScreen from "./screens/cash";
import ContributionScreen from "./screens/contribution";
import DeathScreen from "./screens/death";
import EnrolScreen from "./screens/enrol";
import FaceScreen from "./screens/face";
import HomeScreen from "./screens/home";
import NoticeScreen from "./screens/notice";
import QueueScreen from "./screens/queue";
import ReceiptScreen from "./screens/receipt";
import ResidentScreen from "./screens/resident";
import SearchScreen from "./screens/search";
import SignInScreen from "./screens/signin";
import TasksScreen from "./screens/tasks";
import VisitScreen from "./screens/visit";
import { currentSession, onSessionChange } from "./session";
import { S } from "./strings";
import { Screen } from "./ui";

/** A route's screen gets the path's one parameter (a resident or operation id), if the route has one. */
export type RouteScreen = FunctionComponent<{ id: string }>;

interface Route {
  pattern: RegExp;
  screen: RouteScreen;
  /** Shown without signing in. */
  open?: boolean;
}

const ID = "([A-Za-z0-9._:-]{1,64})";
const routes: Route[] = [
  { pattern: /^\/signin$/, screen: SignInScreen, open: true },
  { pattern: /^\/$/, screen: HomeScreen },
  { pattern: /^\/search$/, screen: SearchScreen },
  { pattern: new RegExp(`^/resident/${ID}$`), screen: ResidentScreen },
  { pattern: /^\/enrol$/, screen: EnrolScreen },
  { pattern: new RegExp(`^/contribution/${ID}$`), screen: ContributionScreen },
  { pattern: new RegExp(`^/receipt/${ID}$`), screen: ReceiptScreen },
  { pattern: /^\/cash$/, screen: CashScreen },
  { pattern: /^\/tasks$/, screen: TasksScreen },
  { pattern: new RegExp(`^/face/${ID}$`), screen: FaceScreen },
  { pattern: new RegExp(`^/visit/${ID}$`), screen: VisitScreen },
  { pattern: new RegExp(`^/death/${ID}$`), screen: DeathScreen },
  { pattern: /^\/notice$/, screen: NoticeScreen },
  { pattern: /^\/queue$/, screen: QueueScreen },
];

/** The path of a location hash: "#/resident/R1?x" is "/resident/R1"; no hash is home. */
export function hashPath(hash: string): string {
  const path = hash.replace(/^#/, "").split("?")[0] ?? "";
  return path.startsWith("/") ? path : `/${path}`;
}

function NotFound(): preact.JSX.Element {
  return (
    <Screen title={S.notFound}>
      <p>
        <a href="#/">{S.home}</a>
      </p>
    </Screen>
  );
}

function App(): preact.JSX.Element {
  const [path, setPath] = useState(hashPath(location.hash));
  const [signedIn, setSignedIn] = useState(currentSession() !== null);
  useEffect(() => {
    const follow = () => {
      setPath(hashPath(location.hash));
      window.scrollTo(0, 0);
    };
    window.addEventListener("hashchange", follow);
    const stop = onSessionChange((session) => setSignedIn(session !== null));
    return () => {
      window.removeEventListener("hashchange", follow);
      stop();
    };
  }, []);
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (!route.open && !signedIn) {
      location.replace("#/signin");
      return <SignInScreen id="" />;
    }
    const Found = route.screen;
    return <Found id={match[1] ?? ""} />;
  }
  return <NotFound />;
}

const root = document.getElementById("app");
if (root) render(<App />, root);
void startQueue();

if (import.meta.env.PROD && "serviceWorker" in navigator) {
  // The worker sits next to index.html (/app/sw.js), so that its scope is the app's.
  window.addEventListener("load", () => {
    void navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  });
}
