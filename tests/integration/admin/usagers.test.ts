import { describe, expect, it } from "vitest";
import { addUser } from "../../../src/domain/usagers/add-user.ts";
import { updateUser } from "../../../src/domain/usagers/update-user.ts";
import { getUserDetails, listUsers } from "../../../src/domain/usagers/user.queries.ts";
import { userPatchSchema } from "../../../src/domain/usagers/user.schemas.ts";
import { DuplicateUserError } from "../../../src/domain/usagers/user-duplicates.ts";
import { parseInput } from "../../../src/domain/validation.ts";
import { parseUsagerForm } from "../../../src/web/forms/usager-form.ts";
import { testDb } from "../../support/db.ts";
import { createTeam, unique } from "../../support/factories.ts";
import { actorIn, domainContext, inDays, insertRdv } from "./support.ts";

/** The DuplicateUserError a usager action is expected to throw. */
async function duplicateRefusal(action: Promise<unknown>): Promise<DuplicateUserError> {
  const error = await action.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DuplicateUserError)) throw new Error(`expected a DuplicateUserError, got ${String(error)}`);
  return error;
}

async function adminScope() {
  const team = await createTeam(testDb());
  return {
    team,
    scope: { actor: actorIn(team.admin, team.organisation.id, "admin"), organisationId: team.organisation.id },
  };
}

describe("usagers in the administration", () => {
  it("refuses a second usager with the same email in the organisation, naming the existing one", async () => {
    const db = testDb();
    const { scope } = await adminScope();
    const email = `jeanne-${unique()}@example.org`;
    const jeanne = await addUser(domainContext(db), {
      ...scope,
      user: parseUsagerForm({ firstName: "Jeanne", lastName: "Lefèvre", email, phone: "" }),
    });
    const error = await duplicateRefusal(
      addUser(domainContext(db), {
        ...scope,
        user: parseUsagerForm({ firstName: "Jeanne", lastName: "Doublon", email: email.toUpperCase() }),
      }),
    );
    expect(error.existingUserId).toBe(jeanne.id);
    expect(error.fields?.email).toContain("Jeanne Lefèvre");
    expect(await db.user.count({ where: { organisationId: scope.organisationId, lastName: "Doublon" } })).toBe(0);
  });

  it("accepts the same email in another organisation, and usagers without email", async () => {
    const db = testDb();
    const { scope } = await adminScope();
    const other = await adminScope();
    const email = `partage-${unique()}@example.org`;
    await addUser(domainContext(db), { ...scope, user: parseUsagerForm({ firstName: "A", lastName: "Un", email }) });
    await addUser(domainContext(db), {
      ...other.scope,
      user: parseUsagerForm({ firstName: "A", lastName: "Un", email }),
    });
    await addUser(domainContext(db), {
      ...scope,
      user: parseUsagerForm({ firstName: "Sans", lastName: "Email", email: "", phone: "06 12 34 56 78" }),
    });
    await addUser(domainContext(db), {
      ...scope,
      user: parseUsagerForm({ firstName: "Sans", lastName: "Email non plus", email: " " }),
    });
    expect(await db.user.count({ where: { organisationId: scope.organisationId, email: null } })).toBe(2);
  });

  it("refuses an edit that takes another usager's email, but keeps one's own", async () => {
    const db = testDb();
    const { scope } = await adminScope();
    const a = await addUser(domainContext(db), {
      ...scope,
      user: parseUsagerForm({ firstName: "A", lastName: "A", email: `a-${unique()}@example.org` }),
    });
    const b = await addUser(domainContext(db), {
      ...scope,
      user: parseUsagerForm({ firstName: "B", lastName: "B", email: `b-${unique()}@example.org` }),
    });
    const error = await duplicateRefusal(
      updateUser(domainContext(db), {
        ...scope,
        userId: b.id,
        patch: parseUsagerForm({ firstName: "B", lastName: "B", email: a.email }),
      }),
    );
    expect(error.existingUserId).toBe(a.id);
    expect(error.fields?.email).toContain("A A");
    const same = await updateUser(domainContext(db), {
      ...scope,
      userId: b.id,
      patch: parseInput(userPatchSchema, { phone: "0612345678" }),
    });
    expect(same.record).toMatchObject({ email: b.email, phone: "0612345678" });
    const history = await db.historyEntry.findMany({
      where: { recordType: "user", recordId: b.id },
      select: { action: true },
    });
    expect(history.map((h) => h.action).sort()).toEqual(["created", "updated"]);
  });

  it("finds usagers by name, email or phone, and shows one with its RDVs", async () => {
    const db = testDb();
    const { team, scope } = await adminScope();
    const suffix = unique();
    const user = await addUser(domainContext(db), {
      ...scope,
      user: parseUsagerForm({
        firstName: "Karim",
        lastName: `Benali${suffix}`,
        email: `karim-${suffix}@example.org`,
        phone: "07 98 76 54 32",
      }),
    });
    for (const q of [`benali${suffix}`, `karim-${suffix}`, "07 98 76"]) {
      expect((await listUsers(db, { ...scope, q })).map((u) => u.id)).toContain(user.id);
    }
    await insertRdv(db, {
      organisationId: team.organisation.id,
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      startsAt: inDays(3),
      agentIds: [team.agent1.id],
      userIds: [user.id],
    });
    const details = await getUserDetails(db, { ...scope, userId: user.id });
    expect(details.rdvs).toHaveLength(1);
    expect(details.rdvs[0]?.motifName).toBe(team.organisation.motif.name);
    const other = await adminScope();
    await expect(getUserDetails(db, { ...other.scope, userId: user.id })).rejects.toMatchObject({ code: "not_found" });
  });
});
