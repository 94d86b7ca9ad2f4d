import { describe, expect, it } from "vitest";
import { problemFrom, query } from "./api";

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
