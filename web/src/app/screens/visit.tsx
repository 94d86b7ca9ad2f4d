/** A visit as proof of life (入户认证, #/visit/<resident_id>): where the phone is (GPS, with its accuracy shown,
 * and a clear message when location is denied), a photo of the pensioner at home and a note; recorded as the
 * queue's `visit` operation (offline too: the photo travels in the sync). */

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { toBase64 } from "../camera";
import {
  Outcome,
  PhotoTaker,
  type ResidentDetail,
  ResidentLine,
  TextBox,
  notAPensioner,
  residentPath,
  residentTarget,
  useRecording,
} from "../forms";
import { type GeoProblem, type Position, locate } from "../geo";
import { S } from "../strings";
import { Button, LinkButton, Screen, useRead } from "../ui";

// Beyond this radius the position says little about which house it was: the agent is told to try again outside.
const POOR_ACCURACY_M = 100;
// The gateway's note limit (REASON_MAX).
const NOTE_MAX = 500;

export default function VisitScreen({ id }: { id: string }): JSX.Element {
  const resident = useRead<ResidentDetail>(residentPath(id));
  const { recording, record } = useRecording("visit");
  const [position, setPosition] = useState<Position | GeoProblem | "locating">("locating");
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<{ position?: string; photo?: string; note?: string }>({});

  const find = () => {
    setErrors((e) => ({ ...e, position: undefined }));
    setPosition("locating");
    void locate().then(setPosition);
  };
  useEffect(find, []);

  const tookPhoto = (taken: Blob | null) => {
    setPhoto(taken);
    if (taken) setErrors((e) => ({ ...e, photo: undefined }));
  };

  const done = recording.stage === "done" ? recording.operation : null;
  const submit = async (event: Event) => {
    event.preventDefault();
    const found = {
      position: typeof position === "string" ? S.visitPositionRequired : undefined,
      photo: photo ? undefined : S.photoRequired,
    };
    setErrors(found);
    if (typeof position === "string" || !photo) return;
    await record(
      { ...residentTarget(id), photo: await toBase64(photo), position, note: note.trim() },
      { label: resident.data?.resident.name ?? "" },
    );
  };

  if (done && done.state !== "refused") {
    return (
      <Screen title={S.visitTitle}>
        <ResidentLine id={id} read={resident} />
        <Outcome operation={done} applied={S.visitDone} />
        <LinkButton href={`#/resident/${id}`}>{S.enrolOpen}</LinkButton>
      </Screen>
    );
  }

  if (notAPensioner(resident)) {
    return (
      <Screen title={S.visitTitle}>
        <ResidentLine id={id} read={resident} />
        <p class="notice" role="status">
          {S.certificationNone}
        </p>
      </Screen>
    );
  }

  return (
    <Screen title={S.visitTitle}>
      <ResidentLine id={id} read={resident} />
      {done ? <Outcome operation={done} applied={S.visitDone} /> : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div class={`field${errors.position ? " field-invalid" : ""}`} role="group" aria-labelledby="visit-position">
          <p class="photo-label" id="visit-position">
            {S.visitPosition}
          </p>
          {position === "locating" ? (
            <p role="status">{S.visitLocating}</p>
          ) : typeof position === "string" ? (
            <p class="field-error" role="alert">
              {S.visitGeo[position]}
            </p>
          ) : (
            <p role="status" data-testid="visit-accuracy">
              {S.visitAccuracy(position.accuracy_m)}
              {position.accuracy_m > POOR_ACCURACY_M ? <span class="field-hint"> {S.visitAccuracyPoor}</span> : null}
            </p>
          )}
          {position !== "locating" ? (
            <Button kind="secondary" onClick={find}>
              {S.visitLocate}
            </Button>
          ) : null}
          {errors.position && typeof position === "string" ? <p class="field-error">{errors.position}</p> : null}
        </div>
        <PhotoTaker label={S.visitPhoto} hint={S.visitPhotoHint} error={errors.photo} onPhoto={tookPhoto} />
        <TextBox
          label={S.visitNote}
          value={note}
          onValue={setNote}
          hint={S.visitNoteHint}
          maxLength={NOTE_MAX}
          error={done?.answer?.field === "note" ? done.answer.message_zh : undefined}
        />
        <button type="submit" class="button button-primary" disabled={recording.stage === "saving"}>
          {recording.stage === "saving" ? S.saving : S.visitSubmit}
        </button>
      </form>
    </Screen>
  );
}
