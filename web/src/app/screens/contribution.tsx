/** A cash contribution (收取现金缴费, #/contribution/<resident_id>): the year, the amount typed in yuan and sent as
 * the grade in integer fen, the paper receipt's number; recorded as the queue's `contribution` operation, then the
 * receipt (#/receipt/<operation_id>) is shown. The gateway has no route that lists the county's grades to an agent,
 * so the amount is the grade the resident chose, typed; a sum that is not a grade is refused by the service. */

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { enqueue, getOperation, resend } from "../queue";
import { Choice, type ResidentDetail, ResidentLine, fixingId, residentPath, residentTarget } from "../forms";
import { S } from "../strings";
import { Field, Screen, useRead } from "../ui";
import {
  type ContributionErrors as Errors,
  type ContributionForm as Form,
  YEARS_BACK,
  checkContribution,
} from "../form-checks";
import { formatYuan } from "../yuan";

export default function ContributionScreen({ id }: { id: string }): JSX.Element {
  const resident = useRead<ResidentDetail>(residentPath(id));
  const thisYear = new Date().getFullYear();
  const [form, setForm] = useState<Form>({ year: String(thisYear), amount: "", receipt_number: "" });
  const [errors, setErrors] = useState<Errors>({});
  const [saving, setSaving] = useState(false);
  const paid = resident.data?.contribution_years ?? [];

  // Fixing a refused contribution from the queue: its values back in the form.
  const fixing = fixingId();
  useEffect(() => {
    if (!fixing) return;
    void getOperation(fixing).then((operation) => {
      if (!operation || operation.state !== "refused") return;
      const body = operation.body as { year?: number; grade_fen?: number; receipt_number?: string };
      setForm({
        year: String(body.year ?? thisYear),
        amount: body.grade_fen ? formatYuan(body.grade_fen).replace(/,/g, "") : "",
        receipt_number: body.receipt_number ?? "",
      });
    });
  }, [fixing]);

  const set = (key: keyof Form) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const submit = async (event: Event) => {
    event.preventDefault();
    const { errors: found, body } = checkContribution(form, paid);
    setErrors(found);
    if (!body) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>("[aria-invalid='true']")?.focus());
      return;
    }
    setSaving(true);
    const operation = { ...residentTarget(id), ...body };
    const label = resident.data?.resident.name ?? "";
    const previous = fixing ? await getOperation(fixing) : undefined;
    const operationId =
      previous && previous.state === "refused" && !previous.replaced_by
        ? await resend(previous.operation_id, operation)
        : await enqueue("contribution", operation, { label });
    location.hash = `#/receipt/${operationId}`;
  };

  const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - i).map((year) => ({
    value: String(year),
    label: paid.includes(year) ? S.contributionYearPaid(year) : `${year}年`,
    disabled: paid.includes(year),
  }));

  return (
    <Screen title={S.contributionTitle}>
      <ResidentLine id={id} read={resident} />
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Choice
          label={S.contributionYear}
          value={form.year}
          onValue={set("year")}
          options={years}
          error={errors.year}
        />
        <Field
          label={S.contributionAmount}
          value={form.amount}
          onValue={set("amount")}
          hint={S.contributionAmountHint}
          inputMode="decimal"
          autocomplete="off"
          error={errors.amount}
        />
        <Field
          label={S.contributionReceipt}
          value={form.receipt_number}
          onValue={set("receipt_number")}
          hint={S.contributionReceiptHint}
          maxLength={40}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          error={errors.receipt_number}
        />
        <button type="submit" class="button button-primary" disabled={saving}>
          {saving ? S.saving : S.contributionSubmit}
        </button>
      </form>
    </Screen>
  );
}
