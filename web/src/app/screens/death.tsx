/** A death report (死亡报告, #/death/<resident_id>): the date of death, the evidence's reference and a note, then a
 * confirmation step (确认上报) before it is recorded as the queue's `death_report` operation. A report is not a
 * confirmation: an officer or a registry record confirms it before the pension stops. */

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import {
  Outcome,
  type ResidentDetail,
  ResidentLine,
  TextBox,
  residentPath,
  residentTarget,
  today,
  useRecording,
} from "../forms";
import { type DeathReportErrors as Errors, type DeathReportForm as Form, checkDeathReport } from "../form-checks";
import { S } from "../strings";
import { Button, Field, LinkButton, Row, Screen, useRead } from "../ui";

// The gateway's limits (EVIDENCE_REF_MAX, REASON_MAX).
const EVIDENCE_MAX = 100;
const REASON_MAX = 500;

export default function DeathScreen({ id }: { id: string }): JSX.Element {
  const resident = useRead<ResidentDetail>(residentPath(id));
  const { recording, record } = useRecording("death_report");
  const [form, setForm] = useState<Form>({ date_of_death: "", evidence_ref: "", reason: "" });
  const [errors, setErrors] = useState<Errors>({});
  const [confirming, setConfirming] = useState(false);
  const set = (key: keyof Form) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const done = recording.stage === "done" ? recording.operation : null;
  const refusedAt = done?.state === "refused" ? done.answer?.field : "";

  const next = (event: Event) => {
    event.preventDefault();
    const found = checkDeathReport(form, today());
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    setConfirming(true);
  };
  const confirm = async () => {
    const operation = await record(
      { ...residentTarget(id), ...form, evidence_ref: form.evidence_ref.trim(), reason: form.reason.trim() },
      { label: resident.data?.resident.name ?? "" },
    );
    if (operation?.state === "refused") setConfirming(false);
  };

  if (done && done.state !== "refused") {
    return (
      <Screen title={S.deathTitle}>
        <ResidentLine id={id} read={resident} />
        <Outcome operation={done} applied={S.deathDone} />
        <LinkButton href={`#/resident/${id}`}>{S.enrolOpen}</LinkButton>
      </Screen>
    );
  }

  if (confirming) {
    return (
      <Screen title={S.deathTitle}>
        <h2>{S.deathConfirmTitle}</h2>
        <ResidentLine id={id} read={resident} />
        <dl class="card">
          <Row label={S.deathDate}>{form.date_of_death}</Row>
          <Row label={S.deathEvidence}>{form.evidence_ref || "—"}</Row>
          <Row label={S.deathReason}>{form.reason || "—"}</Row>
        </dl>
        <p class="notice" role="note">
          {S.deathConfirmWarning}
        </p>
        <Button kind="danger" onClick={() => void confirm()} disabled={recording.stage === "saving"}>
          {recording.stage === "saving" ? S.saving : S.deathConfirm}
        </Button>
        <Button kind="secondary" onClick={() => setConfirming(false)}>
          {S.deathEdit}
        </Button>
      </Screen>
    );
  }

  const message = (key: keyof Form) => errors[key] ?? (refusedAt === key ? done?.answer?.message_zh : undefined);
  return (
    <Screen title={S.deathTitle}>
      <ResidentLine id={id} read={resident} />
      {done ? <Outcome operation={done} applied={S.deathDone} /> : null}
      <form onSubmit={next} noValidate>
        <Field
          label={S.deathDate}
          type="date"
          value={form.date_of_death}
          onValue={set("date_of_death")}
          max={today()}
          error={message("date_of_death")}
        />
        <Field
          label={S.deathEvidence}
          value={form.evidence_ref}
          onValue={set("evidence_ref")}
          hint={S.deathEvidenceHint}
          maxLength={EVIDENCE_MAX}
          autocomplete="off"
          error={message("evidence_ref")}
        />
        <TextBox
          label={S.deathReason}
          value={form.reason}
          onValue={set("reason")}
          hint={S.deathReasonHint}
          maxLength={REASON_MAX}
          error={message("reason")}
        />
        <button type="submit" class="button button-primary">
          {S.deathNext}
        </button>
      </form>
    </Screen>
  );
}
