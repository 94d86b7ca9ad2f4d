/** My certification tasks (GET /agent/v1/tasks): pensioners due or overdue for proof of life, the earliest first. */

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { API, type Problem, get, query } from "../api";
import { S } from "../strings";
import { Button, OfflineNote, ProblemBox, Screen, asProblem, day, useRead } from "../ui";
import { useVillageNames } from "./home";
import { type CertificationStatus, CertificationTag, type ResidentDetail, residentPath } from "./resident";

/** A task: the pensioner's proof-of-life status and their name (null when enrolment could not be read then). */
interface Task extends CertificationStatus {
  name: string | null;
}

interface Tasks {
  tasks: Task[];
  next_cursor: string;
}

/** The task's pensioner by name: the list names them, in the same answer; only when it could not (enrolment
 * away for a moment) is the name read from their record (kept for offline reads like every answer). */
function PensionerName({ task }: { task: Task }): JSX.Element {
  return task.name ? <span>{task.name}</span> : <NameFromRecord residentId={task.resident_id} />;
}

function NameFromRecord({ residentId }: { residentId: string }): JSX.Element {
  const read = useRead<ResidentDetail>(residentPath(residentId));
  return <span>{read.data?.resident.name ?? residentId}</span>;
}

export default function TasksScreen(_props: { id: string }): JSX.Element {
  const [tasks, setTasks] = useState<Task[]>([]);
  const [cursor, setCursor] = useState("");
  const [cachedAt, setCachedAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const villageOf = useVillageNames();

  const load = async (after: string) => {
    setBusy(true);
    setProblem(null);
    try {
      const read = await get<Tasks>(`${API}/tasks${query({ cursor: after, limit: 20 })}`);
      setTasks((before) => (after ? [...before, ...read.data.tasks] : read.data.tasks));
      setCursor(read.data.next_cursor);
      setCachedAt(read.cachedAt);
      setLoaded(true);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => void load(""), []);

  return (
    <Screen title={S.tasksTitle}>
      <OfflineNote cachedAt={cachedAt} />
      <ProblemBox problem={problem} onRetry={() => void load(cursor)} />
      {loaded && tasks.length === 0 ? <p role="status">{S.tasksNone}</p> : null}
      {tasks.map((task) => (
        <a class="result" key={task.resident_id} href={`#/resident/${task.resident_id}`}>
          <span class="result-title">
            <PensionerName task={task} />
            <CertificationTag state={task.state} />
          </span>
          <span class="result-meta">
            {S.dueOn} {day(task.due_on)} · {villageOf(task.village_code)}
          </span>
        </a>
      ))}
      {busy ? <p role="status">{S.loading}</p> : null}
      {cursor && !busy ? (
        <Button kind="secondary" onClick={() => void load(cursor)}>
          {S.more}
        </Button>
      ) : null}
    </Screen>
  );
}
