/** What the recording screens (enrol, contribution, visit, death report) share: a select and a text area with
 * visible labels, the photo taker, whom an operation is about, today's date, and the one way a form is recorded:
 * enqueue (or, for a refused operation being fixed, resend), wait for the answer, and show it. */

import type { JSX } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { type CameraFacing, type CameraProblem, captureFrame, closeCamera, fileToJpeg, openCamera } from "./camera";
import { type OperationKind, type QueuedOperation, enqueue, getOperation, isApplied, resend, settled } from "./queue";
import type { OperationBody } from "./queue-logic";
import { S } from "./strings";
import { API } from "./api";
import { Button, FieldNotes, type Loaded, Masked, ReadView, Row, describedBy } from "./ui";
import "./forms.css";

// --- fields ------------------------------------------------------------------------------------------------

export function Choice({
  label,
  value,
  onValue,
  options,
  hint,
  error,
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  options: ReadonlyArray<{ value: string; label: string; disabled?: boolean }>;
  hint?: string;
  error?: string;
}): JSX.Element {
  const id = useId();
  const described = describedBy(id, hint, error);
  return (
    <div class={`field${error ? " field-invalid" : ""}`}>
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(event) => onValue((event.currentTarget as HTMLSelectElement).value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      >
        <option value="">{S.chooseOne}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value} disabled={option.disabled}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

export function TextBox({
  label,
  value,
  onValue,
  hint,
  error,
  maxLength,
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  error?: string;
  maxLength: number;
}): JSX.Element {
  const id = useId();
  const described = describedBy(id, hint, error);
  return (
    <div class={`field${error ? " field-invalid" : ""}`}>
      <label for={id}>{label}</label>
      <textarea
        id={id}
        rows={3}
        maxLength={maxLength}
        value={value}
        onInput={(event) => onValue((event.currentTarget as HTMLTextAreaElement).value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** A live camera preview with a "拍照" button, or the system camera through a file input where there is no
 * stream; the photo taken is shown with "重拍". Answers the JPEG, or null when retaking. */
export function PhotoTaker({
  label,
  hint,
  error,
  facing = "environment",
  onPhoto,
}: {
  label: string;
  hint?: string;
  error?: string;
  facing?: CameraFacing;
  onPhoto: (photo: Blob | null) => void;
}): JSX.Element {
  const id = useId();
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [problem, setProblem] = useState<CameraProblem | "failed" | null>(null);
  const [shot, setShot] = useState<string | null>(null); // an object URL of the photo taken
  const [starting, setStarting] = useState(true);

  useEffect(() => {
    if (shot) return;
    let alive = true;
    let opened: MediaStream | null = null;
    setStarting(true);
    void openCamera(facing).then((answer) => {
      if (!alive) {
        if (typeof answer !== "string") closeCamera(answer);
        return;
      }
      setStarting(false);
      if (typeof answer === "string") {
        setProblem(answer);
        return;
      }
      opened = answer;
      setStream(answer);
    });
    return () => {
      alive = false;
      closeCamera(opened);
      setStream(null);
    };
  }, [shot, facing]);

  useEffect(() => {
    if (video.current && stream) video.current.srcObject = stream;
  }, [stream]);

  useEffect(() => () => void (shot && URL.revokeObjectURL(shot)), [shot]);

  const took = (photo: Blob) => {
    setProblem(null);
    setShot(URL.createObjectURL(photo));
    onPhoto(photo);
  };
  const take = async () => {
    if (!video.current) return;
    try {
      took(await captureFrame(video.current));
    } catch {
      setProblem("failed");
    }
  };
  const chosen = async (event: Event) => {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      took(await fileToJpeg(file));
    } catch {
      setProblem("failed");
    }
  };
  const retake = () => {
    setShot(null);
    onPhoto(null);
  };

  return (
    <div class={`field photo-taker${error ? " field-invalid" : ""}`} role="group" aria-labelledby={`${id}-label`}>
      <p class="photo-label" id={`${id}-label`}>
        {label}
      </p>
      {hint ? <p class="field-hint">{hint}</p> : null}
      {shot ? (
        <>
          <img class="photo-shot" src={shot} alt={S.camera.photo} />
          <Button kind="secondary" onClick={retake}>
            {S.camera.retake}
          </Button>
        </>
      ) : (
        <>
          {stream ? (
            <>
              <video
                class={`photo-preview${facing === "user" ? " mirrored" : ""}`}
                ref={video}
                autoplay
                muted
                playsInline
                aria-label={S.camera.preview}
              />
              <Button onClick={() => void take()}>{S.camera.take}</Button>
            </>
          ) : starting ? (
            <p role="status">{S.camera.starting}</p>
          ) : null}
          {problem ? (
            <p class="field-error" role="alert">
              {S.camera[problem]}
            </p>
          ) : null}
          {!stream && !starting ? (
            <label class="button button-secondary file-button">
              {S.camera.useFile}
              <input
                class="visually-hidden"
                type="file"
                accept="image/*"
                capture={facing}
                onChange={(e) => void chosen(e)}
              />
            </label>
          ) : null}
        </>
      )}
      {error ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

// --- whom, and when -------------------------------------------------------------------------------------------

const RESIDENT_ID = /^R[0-9A-Fa-f]{20}$/;

/** Whom an operation is about: a resident id, or (for someone enrolled offline, whose id the phone does not know
 * yet) the operation id of their enrolment, which the gateway resolves. */
export function residentTarget(id: string): { resident_id: string } | { resident_operation_id: string } {
  return RESIDENT_ID.test(id) ? { resident_id: id } : { resident_operation_id: id };
}

export function isResidentId(id: string): boolean {
  return RESIDENT_ID.test(id);
}

/** The phone's date, YYYY-MM-DD (the agent's day, not UTC's). */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The operation a form fixes, from "#/enrol?fix=<operation_id>": the queue screen's way back to a form. */
export function fixingId(hash: string = location.hash): string {
  const query = hash.split("?")[1] ?? "";
  return new URLSearchParams(query).get("fix") ?? "";
}

/** A refused operation to fix (prefilled into the form), or null when not fixing. */
export function useFixing(): QueuedOperation | null {
  const [operation, setOperation] = useState<QueuedOperation | null>(null);
  useEffect(() => {
    const id = fixingId();
    if (id) void getOperation(id).then((found) => setOperation(found && found.state === "refused" ? found : null));
  }, []);
  return operation;
}

// --- recording ------------------------------------------------------------------------------------------------

export type Recording =
  | { stage: "editing" }
  | { stage: "saving" }
  | { stage: "done"; operation: QueuedOperation };

/** Records a form's operation through the queue (a refused one, once fixed, is resent as its replacement) and
 * follows it until it is answered or waits for the connection. */
export function useRecording(kind: OperationKind): {
  recording: Recording;
  record: (body: OperationBody, options?: { label?: string; photo?: string }) => Promise<QueuedOperation | undefined>;
  reset: () => void;
} {
  const [recording, setRecording] = useState<Recording>({ stage: "editing" });
  // The refused operation this form's next record replaces: the one being fixed, or the last one refused here.
  const refused = useRef<string>(fixingId());
  const record = async (body: OperationBody, options: { label?: string; photo?: string } = {}) => {
    setRecording({ stage: "saving" });
    const previous = refused.current ? await getOperation(refused.current) : undefined;
    const operationId =
      previous && previous.state === "refused" && !previous.replaced_by
        ? await resend(previous.operation_id, body)
        : await enqueue(kind, body, options);
    const operation = await settled(operationId);
    if (!operation) {
      setRecording({ stage: "editing" });
      return undefined;
    }
    if (operation.state === "refused") refused.current = operation.operation_id;
    setRecording({ stage: "done", operation });
    return operation;
  };
  const reset = () => {
    refused.current = "";
    setRecording({ stage: "editing" });
  };
  return { recording, record, reset };
}

/** What became of a recorded operation, as the agent reads it: applied, saved for later, or refused (why). */
export function Outcome({ operation, applied }: { operation: QueuedOperation; applied: string }): JSX.Element {
  if (isApplied(operation)) {
    return (
      <p class="notice notice-ok" role="status">
        {applied}
      </p>
    );
  }
  if (operation.state === "refused") {
    return (
      <div class="problem" role="alert" data-code={operation.answer?.code ?? ""}>
        <p class="problem-title">{operation.answer?.message_zh || S.unknownProblem}</p>
        {/* Only a refusal about something typed can be put right here; one about the resident cannot. */}
        {operation.answer?.field && operation.answer.field !== "resident_id" ? <p>{S.enrolFixHint}</p> : null}
      </div>
    );
  }
  return (
    <p class="notice" role="status">
      {S.savedOffline}
    </p>
  );
}

/** The field a refusal names, for the form to show its message beside that field. */
export function refusedField(operation: QueuedOperation | null): string {
  return operation?.state === "refused" ? (operation.answer?.field ?? "") : "";
}

// --- the resident an operation is about ----------------------------------------------------------------------

/** What the recording screens read of GET /agent/v1/residents/{id} (AgentResidentDetailOut). */
export interface ResidentDetail {
  resident: { resident_id: string; name: string; name_masked: string; citizen_id_masked: string; village_code: string };
  contribution_years: number[];
  /** Proof of life; null for someone not receiving a pension (nothing to prove). */
  certification: { state: string; due_on: string | null } | null;
}

/** Whether the resident read says they receive no pension, so that no proof of life is asked of them. */
export function notAPensioner(read: Loaded<ResidentDetail>): boolean {
  return read.data !== null && read.data.certification === null;
}

/** The resident read's path, for a resident id; null for an enrolment not applied yet (nothing to read). */
export function residentPath(id: string): string | null {
  return isResidentId(id) ? `${API}/residents/${encodeURIComponent(id)}` : null;
}

/** Who the screen is about, above its form: the name and the masked ID number (the stored answer offline). */
export function ResidentLine({ id, read }: { id: string; read: Loaded<ResidentDetail> }): JSX.Element {
  if (!isResidentId(id)) return <p class="notice">{S.contributionNewResident}</p>;
  return (
    <ReadView read={read}>
      {(data) => (
        <dl class="card">
          <Row label={S.name}>{data.resident.name}</Row>
          <Row label={S.citizenId}>
            <Masked value={data.resident.citizen_id_masked} />
          </Row>
        </dl>
      )}
    </ReadView>
  );
}
