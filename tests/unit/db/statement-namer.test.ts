import { describe, expect, it } from "vitest";
import { statementNamer } from "../../../src/db/client.ts";

describe("statementNamer", () => {
  it("gives one SQL text one name, another text another, and no name past its bound", () => {
    const name = statementNamer(2);
    const first = name({ sql: "SELECT 1" });
    expect(first).not.toBe("");
    expect(name({ sql: "SELECT 1" })).toBe(first);
    const second = name({ sql: "SELECT 2" });
    expect(second).not.toBe("");
    expect(second).not.toBe(first);
    // Past the bound, new texts go unnamed (pg then sends them unprepared); the named ones keep their names.
    expect(name({ sql: "SELECT 3" })).toBe("");
    expect(name({ sql: "SELECT 2" })).toBe(second);
  });
});
