import { afterEach, describe, expect, it, vi } from "vitest";
import { CACHED_AT_HEADER, get, problemFrom, query } from "./api";
import { clearSession, currentSession, saveSession } from "./session";

describe("a refusal from the gateway", () => {
  it("is read from its RFC 9457 body: status, code, both titles, the field and the listed errors", () => {
    const problem = problemFrom(400, {
      type: "https://pension.residents.gov.cn/problems/field-format",
      title: "a field does not have its format",
      status: 400,
      code: "FIELD_FORMAT",
      title_zh: "字段格式不正确",
      field: "operations[0].mobile",
      errors: [{ field: "operations[0].mobile", code: "FIELD_FORMAT", title: "format", title_zh: "字段格式不正确" }],
    });
    expect(problem).toEqual({
      status: 400,
      code: "FIELD_FORMAT",
      title: "a field does not have its format",
      title_zh: "字段格式不正确",
      detail: "",
      field: "operations[0].mobile",
      errors: [{ field: "operations[0].mobile", code: "FIELD_FORMAT", title: "format", title_zh: "字段格式不正确" }],
    });
  });

  it("that is not a problem (a proxy's page) still says something in Chinese", () => {
    const problem = problemFrom(502, "<html>Bad Gateway</html>");
    expect(problem.status).toBe(502);
    expect(problem.code).toBe("HTTP_502");
    expect(problem.title_zh).not.toBe("");
    expect(problem.errors).toEqual([]);
  });
});

describe("a query string", () => {
  it("carries only the values given", () => {
    expect(query({ name: "王", id_last4: "", cursor: undefined, limit: 20 })).toBe("?name=%E7%8E%8B&limit=20");
    expect(query({ cursor: "" })).toBe("");
  });
});

describe("a read with an expired token", () => {
  const expired = {
    access_token: "old",
    refresh_token: "r".repeat(43),
    expires_at: Date.now() - 60_000,
    refresh_expires_at: Date.now() + 86_400_000,
    user_id: "agent-1",
    villages: ["411723101201"],
    device_id: "phone-1",
  };

  afterEach(() => {
    clearSession();
    vi.unstubAllGlobals();
  });

  it("offline, is still answered from the service worker's store, with the time it was stored", async () => {
    saveSession(expired);
    const asked: string[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      asked.push(`${init.method} ${url}`);
      if (url.endsWith("/session/refresh")) throw new TypeError("Failed to fetch");
      return new Response(JSON.stringify({ outstanding_fen: 20000 }), {
        status: 200,
        headers: { "Content-Type": "application/json", [CACHED_AT_HEADER]: "2026-12-04T01:00:00.000Z" },
      });
    });
    const read = await get<{ outstanding_fen: number }>("/agent/v1/cash");
    expect(read).toEqual({ data: { outstanding_fen: 20000 }, cachedAt: "2026-12-04T01:00:00.000Z" });
    expect(asked).toEqual(["POST /agent/v1/session/refresh", "GET /agent/v1/cash"]);
    expect(currentSession()?.access_token).toBe("old");
  });

  it("online, is sent with the refreshed token", async () => {
    saveSession(expired);
    const tokens: string[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      if (url.endsWith("/session/refresh")) {
        return Response.json({
          access_token: "new",
          token_type: "Bearer",
          expires_in: 900,
          refresh_token: "s".repeat(43),
          refresh_expires_in: 2_592_000,
          user_id: "agent-1",
          villages: ["411723101201"],
          device_id: "phone-1",
        });
      }
      tokens.push(new Headers(init.headers).get("Authorization") ?? "");
      return Response.json({ villages: [], next_cursor: "" });
    });
    await get("/agent/v1/villages");
    expect(tokens).toEqual(["Bearer new"]);
    expect(currentSession()?.refresh_token).toBe("s".repeat(43));
  });

  it("refused for good, signs the phone out", async () => {
    saveSession(expired);
    vi.stubGlobal("fetch", async (url: string) =>
      url.endsWith("/session/refresh")
        ? new Response(JSON.stringify({ status: 401, code: "REFRESH_TOKEN_REUSED", title_zh: "请重新登录" }), {
            status: 401,
          })
        : new Response(JSON.stringify({ status: 401, code: "TOKEN_EXPIRED", title_zh: "请先登录" }), { status: 401 }),
    );
    await expect(get("/agent/v1/villages")).rejects.toMatchObject({ problem: { status: 401 } });
    expect(currentSession()).toBeNull();
  });
});
