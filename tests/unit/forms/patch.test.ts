// The one partial-update convention: `undefined` keeps, anything else (null included) replaces.
import { describe, expect, it } from "vitest";
import { applyPatch, changedKeys } from "../../../src/domain/patch.ts";

describe("applyPatch", () => {
  const current = { name: "Antenne Sud", address: "3 rue Basse", lieuId: "l1" as string | null };

  it("keeps every field a patch leaves undefined, and replaces the others", () => {
    expect(applyPatch(current, { address: "5 rue Haute", name: undefined })).toEqual({
      name: "Antenne Sud",
      address: "5 rue Haute",
      lieuId: "l1",
    });
  });

  it("treats null as a value: it removes what was there", () => {
    expect(applyPatch(current, { lieuId: null })).toEqual({ ...current, lieuId: null });
  });

  it("changes nothing for an empty patch, and never touches the current values", () => {
    const before = { ...current };
    const next = applyPatch(current, {});
    expect(next).toEqual(before);
    expect(next).not.toBe(current);
    applyPatch(current, { name: "Autre" });
    expect(current).toEqual(before);
  });

  it("ignores keys the record does not have (an echoed organisation, a stray field)", () => {
    const patch: Partial<typeof current> & { organisationId?: string } = { organisationId: "o1", name: "X" };
    expect(applyPatch(current, patch)).toEqual({ ...current, name: "X" });
  });
});

describe("changedKeys", () => {
  it("lists the keys whose values differ, in the order asked", () => {
    const before = { a: 1, b: "x", c: null as string | null };
    expect(changedKeys(before, { a: 2, b: "x", c: "y" }, ["c", "b", "a"])).toEqual(["c", "a"]);
    expect(changedKeys(before, { ...before }, ["a", "b", "c"])).toEqual([]);
  });
});
