// The queue kept in IndexedDB (fake-indexeddb stands in for the browser's in these unit tests) and sent through a
// stand-in for the gateway's POST /agent/v1/sync: what is recorded offline survives, and goes once, in order.
import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { closeDatabase } from "./db";
import { enqueue, flush, getOperation, list, pendingCount, resend } from "./queue";
import { clearSession, saveSession } from "./session";

const RESIDENT = "R00000000000000000001";

interface SentSync {
  device_id: string;
  operations: Array<Record<string, unknown>>;
}

const syncs: SentSync[] = [];
let offline = true;

function answerSync(body: SentSync): Response {
  // Refuses a year already paid, applies the rest.
  const answers = body.operations.map((o) =>
    o.year === 2020
      ? {
          operation_id: o.operation_id,
          kind: o.kind,
          outcome: "refused",
          code: "CONTRIBUTION_YEAR_PAID",
          message: "2020 is already paid",
          message_zh: "该参保人2020年度已缴费，请退还现金并作废收据",
          field: "year",
        }
      : {
          operation_id: o.operation_id,
          kind: o.kind,
          outcome: "applied",
          result: { resident_id: RESIDENT, receipt_number: o.receipt_number },
        },
  );
  return new Response(JSON.stringify({ answers, unanswered: [] }), {
    status: 200,
    headers: { "Content-Type": "application/json" },
  });
}

beforeEach(async () => {
  indexedDB.deleteDatabase("pension-agent");
  syncs.length = 0;
  offline = true;
  vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
    if (offline) throw new TypeError("Failed to fetch");
    const body = JSON.parse(String(init.body)) as SentSync;
    syncs.push(body);
    return answerSync(body);
  });
  saveSession({
    access_token: "token",
    refresh_token: "r".repeat(43),
    expires_at: Date.now() + 900_000,
    refresh_expires_at: Date.now() + 86_400_000,
    user_id: "agent-1",
    villages: ["110101001001"],
    device_id: "phone-1",
  });
});

afterEach(async () => {
  await flush();
  await closeDatabase();
  clearSession();
  vi.unstubAllGlobals();
});

function contribution(receipt: string, year = 2026) {
  return { resident_id: RESIDENT, year, grade_fen: 20000, receipt_number: receipt };
}

describe("the queue", () => {
  it("keeps what was recorded offline through a restart, then sends it once, in the order recorded", async () => {
    const base = Date.parse("2026-12-04T02:00:00Z");
    const ids = [];
    for (const [i, receipt] of ["N-1", "N-2", "N-3"].entries()) {
      ids.push(await enqueue("contribution", contribution(receipt), { now: new Date(base + i * 60_000) }));
    }
    await flush();
    expect(syncs).toEqual([]);
    expect(await pendingCount()).toBe(3);
    const tried = await getOperation(ids[0]!);
    expect(tried?.last_problem?.code).toBe("NETWORK_UNAVAILABLE");
    expect(tried?.attempts).toBeGreaterThan(0); // each was tried when recorded

    await closeDatabase(); // the page closed; the database is opened again on next use
    expect((await list()).map((o) => o.state)).toEqual(["waiting", "waiting", "waiting"]);

    offline = false;
    await flush();
    expect(syncs).toHaveLength(1);
    expect(syncs[0]?.device_id).toBe("phone-1");
    expect(syncs[0]?.operations.map((o) => o.receipt_number)).toEqual(["N-1", "N-2", "N-3"]);
    expect(syncs[0]?.operations.map((o) => o.operation_id)).toEqual(ids);
    expect(await pendingCount()).toBe(0);
    expect((await getOperation(ids[2]!))?.answer?.result?.receipt_number).toBe("N-3");

    await flush();
    expect(syncs).toHaveLength(1); // nothing sent twice
  });

  it("keeps a refusal's code and Chinese reason, and resends the fixed operation under a new id", async () => {
    offline = false;
    const refusedId = await enqueue("contribution", contribution("N-9", 2020), { label: "王建国" });
    await flush();
    const refused = await getOperation(refusedId);
    expect(refused?.state).toBe("refused");
    expect(refused?.answer?.code).toBe("CONTRIBUTION_YEAR_PAID");
    expect(refused?.answer?.message_zh).toBe("该参保人2020年度已缴费，请退还现金并作废收据");

    const fixedId = await resend(refusedId, contribution("N-9", 2021));
    await flush();
    expect(fixedId).not.toBe(refusedId);
    expect((await getOperation(fixedId))?.state).toBe("applied");
    expect((await getOperation(refusedId))?.state).toBe("refused");
    expect(syncs.at(-1)?.operations.map((o) => [o.operation_id, o.year])).toEqual([[fixedId, 2021]]);
  });
});
