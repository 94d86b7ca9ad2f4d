/** Enrolment (参保登记, #/enrol): the person's details checked on the phone (the ID number by its check character,
 * the bank card by its Luhn digit), a village of mine, a photo from the camera; recorded as the queue's `enrol`
 * operation, whose photo the queue uploads once the enrolment is applied and names the resident. */

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { toBase64 } from "../camera";
import { Choice, Outcome, PhotoTaker, refusedField, today, useFixing, useRecording } from "../forms";
import {
  EMPTY_ENROLMENT as EMPTY,
  type EnrolmentErrors as Errors,
  type EnrolmentForm as Form,
  checkEnrolment,
} from "../form-checks";
import { S } from "../strings";
import { Button, Field, LinkButton, Masked, ReadView, Row, Screen, useRead } from "../ui";
import { type Village, VILLAGES_PATH, villageName } from "./home";

const BANK_OPTIONS = S.banks.map(([code, name]) => ({ value: code, label: name }));

export default function EnrolScreen(_props: { id: string }): JSX.Element {
  const villages = useRead<{ villages: Village[] }>(VILLAGES_PATH);
  const fixing = useFixing();
  const { recording, record, reset } = useRecording("enrol");
  const [form, setForm] = useState<Form>(EMPTY);
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [errors, setErrors] = useState<Errors>({});

  useEffect(() => {
    if (fixing) setForm({ ...EMPTY, ...(fixing.body as Partial<Form>) });
  }, [fixing]);

  // A field's message goes as soon as the agent changes it; the rest stay until the next try.
  const set = (key: keyof Form) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const tookPhoto = (taken: Blob | null) => {
    setPhoto(taken);
    if (taken) setErrors((e) => ({ ...e, photo: undefined }));
  };
  const done = recording.stage === "done" ? recording.operation : null;
  const refused = refusedField(done);

  const submit = async (event: Event) => {
    event.preventDefault();
    const { errors: found, body } = checkEnrolment(form, photo !== null || fixing !== null, today());
    setErrors(found);
    if (!body) {
      // The first field with a mistake gets the focus, so that its message is read out.
      requestAnimationFrame(() => document.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
      return;
    }
    const bankName = S.banks.find(([code]) => code === body.bank_code)?.[1] ?? "";
    await record(
      { ...body, bank_name: bankName, photo_ref: "" },
      { label: body.name, photo: photo ? await toBase64(photo) : undefined },
    );
  };

  const again = () => {
    reset();
    setForm(EMPTY);
    setPhoto(null);
    setErrors({});
  };

  if (done && done.state !== "refused") {
    const result = done.answer?.result;
    const residentId = result?.resident_id ?? "";
    return (
      <Screen title={S.enrolTitle}>
        <Outcome operation={done} applied={S.enrolDone} />
        {result ? (
          <dl class="card">
            <Row label={S.name}>{result.name_masked}</Row>
            <Row label={S.citizenId}>
              <Masked value={result.citizen_id_masked ?? ""} />
            </Row>
            <Row label={S.mobile}>
              <Masked value={result.mobile_masked ?? ""} />
            </Row>
            <Row label={S.bank}>
              <Masked value={result.bank_account_masked ?? ""} />
            </Row>
          </dl>
        ) : (
          <p>{S.enrolSavedOffline}</p>
        )}
        <div class="actions">
          {/* Offline, the contribution names the resident by this enrolment; the gateway resolves it. */}
          <LinkButton href={`#/contribution/${residentId || done.operation_id}`}>{S.enrolCollect}</LinkButton>
          {residentId ? (
            <LinkButton kind="secondary" href={`#/resident/${residentId}`}>
              {S.enrolOpen}
            </LinkButton>
          ) : null}
          <Button kind="secondary" onClick={again}>
            {S.enrolNext}
          </Button>
        </div>
      </Screen>
    );
  }

  const fieldError = (key: keyof Form) => errors[key] ?? (refused === key ? done?.answer?.message_zh : undefined);

  return (
    <Screen title={S.enrolTitle}>
      {done ? <Outcome operation={done} applied={S.enrolDone} /> : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          label={S.enrolName}
          value={form.name}
          onValue={set("name")}
          autocomplete="off"
          error={fieldError("name")}
        />
        <Field
          label={S.enrolCitizenId}
          value={form.citizen_id_number}
          onValue={set("citizen_id_number")}
          hint={S.enrolCitizenIdHint}
          maxLength={20}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          error={fieldError("citizen_id_number")}
        />
        <ReadView read={villages}>
          {(data) => (
            <Choice
              label={S.enrolVillage}
              value={form.village_code}
              onValue={set("village_code")}
              options={data.villages.map((v) => ({ value: v.village_code, label: villageName(v) }))}
              error={fieldError("village_code")}
            />
          )}
        </ReadView>
        <Field
          label={S.enrolMobile}
          value={form.mobile}
          onValue={set("mobile")}
          type="tel"
          inputMode="numeric"
          maxLength={11}
          autocomplete="off"
          error={fieldError("mobile")}
        />
        <Choice
          label={S.enrolBank}
          value={form.bank_code}
          onValue={set("bank_code")}
          options={BANK_OPTIONS}
          error={fieldError("bank_code")}
        />
        <Field
          label={S.enrolBankCard}
          value={form.bank_card_number}
          onValue={set("bank_card_number")}
          hint={S.enrolBankCardHint}
          inputMode="numeric"
          maxLength={23}
          autocomplete="off"
          error={fieldError("bank_card_number")}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={form.full_time_student}
            onChange={(e) => {
              const checked = (e.currentTarget as HTMLInputElement).checked;
              setForm((f) => ({ ...f, full_time_student: checked }));
            }}
          />
          {S.enrolStudent}
        </label>
        {fixing ? null : (
          <PhotoTaker label={S.enrolPhoto} hint={S.enrolPhotoHint} error={errors.photo} onPhoto={tookPhoto} />
        )}
        <button type="submit" class="button button-primary" disabled={recording.stage === "saving"}>
          {recording.stage === "saving" ? S.saving : S.enrolSubmit}
        </button>
      </form>
    </Screen>
  );
}
