/** Face proof of life (人脸认证, #/face/<resident_id>), online only: the service issues a challenge (2 or 3 actions),
 * the screen walks the pensioner through the frames it needs one big instruction at a time (liveness.ts), takes
 * each frame from the camera when the agent presses 拍照, sends them, and shows the answer: passed with the next due
 * date, or what went wrong and what to do (the service's retake hints frame by frame, or the failure's reason). */

import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { API, type Problem, post } from "../api";
import { type CameraFacing, type CameraProblem, captureFrame, closeCamera, openCamera, toBase64 } from "../camera";
import { type ResidentDetail, ResidentLine, notAPensioner, residentPath } from "../forms";
import { type FaceAnswer, type FrameStep, failureReasons, framePlan } from "../liveness";
import { localInstant } from "../queue-logic";
import { S } from "../strings";
import { Button, LinkButton, ProblemBox, Row, Screen, asProblem, useOnline, useRead } from "../ui";

interface Challenge {
  challenge_token: string;
  actions: string[];
  expires_at: string | null;
}

interface Frame {
  photo: Blob;
  url: string;
  at: Date;
}

type Stage =
  | { name: "ready" }
  | { name: "starting" }
  | { name: "capturing"; challenge: Challenge; steps: FrameStep[] }
  | { name: "sending" }
  | { name: "answered"; answer: FaceAnswer };

export default function FaceScreen({ id }: { id: string }): JSX.Element {
  const resident = useRead<ResidentDetail>(residentPath(id));
  const online = useOnline();
  const [stage, setStage] = useState<Stage>({ name: "ready" });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [frames, setFrames] = useState<Frame[]>([]);
  const [facing, setFacing] = useState<CameraFacing>("user");
  const [camera, setCamera] = useState<MediaStream | CameraProblem | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const capturing = stage.name === "capturing";

  // The camera is on while frames are taken, and off as soon as they are (or the screen is left).
  useEffect(() => {
    if (!capturing) return;
    let alive = true;
    let opened: MediaStream | null = null;
    void openCamera(facing).then((answer) => {
      if (!alive) return typeof answer === "string" ? undefined : closeCamera(answer);
      if (typeof answer !== "string") opened = answer;
      setCamera(answer);
    });
    return () => {
      alive = false;
      closeCamera(opened);
      setCamera(null);
    };
  }, [capturing, facing]);

  useEffect(() => {
    if (video.current && camera && typeof camera !== "string") video.current.srcObject = camera;
  }, [camera]);

  // The thumbnails' object URLs, freed when a new attempt starts and when the screen is left.
  const urls = useRef<string[]>([]);
  const forget = () => {
    urls.current.forEach((url) => URL.revokeObjectURL(url));
    urls.current = [];
  };
  useEffect(() => forget, []);

  const start = async () => {
    setProblem(null);
    forget();
    setFrames([]);
    setStage({ name: "starting" });
    try {
      const path = `${API}/residents/${encodeURIComponent(id)}/liveness-challenges`;
      const challenge = await post<Challenge>(path, undefined);
      const steps = framePlan(challenge.actions);
      if (!steps) {
        setProblem({ ...asProblem(null), code: "LIVENESS_ACTION_UNKNOWN", title_zh: S.faceUnknownAction });
        setStage({ name: "ready" });
        return;
      }
      setStage({ name: "capturing", challenge, steps });
    } catch (error) {
      setProblem(asProblem(error));
      setStage({ name: "ready" });
    }
  };

  const send = async (challenge: Challenge, taken: Frame[]) => {
    setStage({ name: "sending" });
    try {
      const answer = await post<FaceAnswer>(`${API}/residents/${encodeURIComponent(id)}/face-certifications`, {
        request_id: crypto.randomUUID(),
        challenge_token: challenge.challenge_token,
        frames: await Promise.all(taken.map((f) => toBase64(f.photo))),
        captured_at: localInstant(taken[0].at),
      });
      setStage({ name: "answered", answer });
    } catch (error) {
      setProblem(asProblem(error));
      setStage({ name: "ready" });
    }
  };

  // One frame per press: a double tap must not take the next step's frame too.
  const [taking, setTaking] = useState(false);
  const take = async () => {
    if (stage.name !== "capturing" || !video.current || taking) return;
    setTaking(true);
    let photo: Blob;
    try {
      photo = await captureFrame(video.current);
    } catch {
      return; // the camera has no picture yet: the button stays for another press
    } finally {
      setTaking(false);
    }
    const url = URL.createObjectURL(photo);
    urls.current.push(url);
    const taken = [...frames, { photo, url, at: new Date() }];
    setFrames(taken);
    if (taken.length === stage.steps.length) void send(stage.challenge, taken);
  };

  let body: JSX.Element;
  if (stage.name === "capturing") {
    const step = stage.steps[frames.length];
    body = (
      <section aria-live="polite">
        <p class="face-step">{S.faceStep(frames.length + 1, stage.steps.length)}</p>
        <p class="face-instruction" data-testid="face-instruction">
          {S.faceSteps[step]}
        </p>
        <p class="face-help">{S.faceStepHelp[step]}</p>
        {typeof camera === "string" ? (
          <p class="problem" role="alert">
            {S.camera[camera]}
          </p>
        ) : camera ? (
          <>
            <video
              class={`photo-preview${facing === "user" ? " mirrored" : ""}`}
              ref={video}
              autoplay
              muted
              playsInline
              aria-label={S.camera.preview}
            />
            <Button onClick={() => void take()} disabled={taking}>
              {S.camera.take}
            </Button>
          </>
        ) : (
          <p role="status">{S.camera.starting}</p>
        )}
        {frames.length > 0 ? (
          <div class="face-frames">
            {frames.map((f, i) => (
              <img key={f.url} src={f.url} alt={S.faceFrame(i + 1)} />
            ))}
          </div>
        ) : null}
        <Button kind="secondary" onClick={() => setFacing((f) => (f === "user" ? "environment" : "user"))}>
          {S.faceSwitchCamera}
        </Button>
      </section>
    );
  } else if (stage.name === "sending" || stage.name === "starting") {
    body = <p role="status">{stage.name === "sending" ? S.faceSending : S.faceStarting}</p>;
  } else if (stage.name === "answered") {
    body = <FaceResult answer={stage.answer} onAgain={() => void start()} residentId={id} />;
  } else {
    body = (
      <>
        <ProblemBox problem={problem} />
        {notAPensioner(resident) ? (
          <p class="notice" role="status">
            {S.certificationNone}
          </p>
        ) : online ? (
          <>
            <p>{S.faceIntro}</p>
            <Button onClick={() => void start()}>{S.faceStart}</Button>
          </>
        ) : (
          <p class="problem" role="alert">
            {S.faceOnlineOnly}
          </p>
        )}
      </>
    );
  }

  return (
    <Screen title={S.faceTitle}>
      <ResidentLine id={id} read={resident} />
      {body}
    </Screen>
  );
}

function FaceResult({
  answer,
  onAgain,
  residentId,
}: {
  answer: FaceAnswer;
  onAgain: () => void;
  residentId: string;
}): JSX.Element {
  if (answer.passed) {
    return (
      <>
        <p class="notice notice-ok" role="status">
          {S.facePassed}
        </p>
        {answer.certification?.next_due_on ? (
          <dl class="card">
            <Row label={S.faceNextDue}>{answer.certification.next_due_on}</Row>
          </dl>
        ) : null}
        <LinkButton href={`#/resident/${residentId}`}>{S.enrolOpen}</LinkButton>
      </>
    );
  }
  const reasons = failureReasons(answer);
  return (
    <>
      <div class="problem" role="alert" data-code={answer.failure_code}>
        <p class="problem-title">{answer.retake_hints.length > 0 ? S.faceRetake : S.faceFailed}</p>
        <ul>
          {answer.retake_hints.map((hint) => (
            <li key={`${hint.frame}-${hint.code}`}>
              {S.faceFrame(hint.frame + 1)}：{hint.message_zh}
            </li>
          ))}
          {reasons.map((code) => (S.faceFailures[code] ? <li key={code}>{S.faceFailures[code]}</li> : null))}
        </ul>
      </div>
      <Button onClick={onAgain}>{S.faceAgain}</Button>
      {answer.failure_code === "FACE_MISMATCH" ? (
        <LinkButton kind="secondary" href={`#/visit/${residentId}`}>
          {S.actionVisit}
        </LinkButton>
      ) : null}
    </>
  );
}
