import { describe, expect, it } from "vitest";
import type { Actor } from "../../../src/domain/auth/actor.ts";
import type { RoleLevel } from "../../../src/generated/prisma/enums.ts";
import { agendaCreationActions } from "../../../src/web/presenters/agenda-actions.ts";

const ORGANISATION = "org-1";
const actor = (agentId: string, level: RoleLevel): Actor => ({
  agentId,
  memberships: [{ organisationId: ORGANISATION, level }],
});

describe("agendaCreationActions", () => {
  it.each<RoleLevel>(["secretary", "agent"])("offers a %s nothing on a colleague's agenda", (level) => {
    const actions = agendaCreationActions(actor("me", level), ORGANISATION, "colleague");
    expect(actions.canCreatePlage).toBe(false);
    expect(actions.canCreateAbsence).toBe(false);
  });

  it.each<RoleLevel>(["admin", "secretary", "agent"])("offers a %s its own, with plain links", (level) => {
    expect(agendaCreationActions(actor("me", level), ORGANISATION, "me")).toEqual({
      canCreatePlage: true,
      canCreateAbsence: true,
      newPlage: "/plages/nouvelle",
      newAbsence: "/absences/nouvelle",
    });
  });

  it("offers an admin a colleague's, with links for that colleague", () => {
    expect(agendaCreationActions(actor("me", "admin"), ORGANISATION, "colleague")).toEqual({
      canCreatePlage: true,
      canCreateAbsence: true,
      newPlage: "/plages/nouvelle?agentId=colleague",
      newAbsence: "/absences/nouvelle?agentId=colleague",
    });
  });

  it("offers nothing in an organisation the actor is not a member of", () => {
    const actions = agendaCreationActions(actor("me", "admin"), "other-org", "me");
    expect([actions.canCreatePlage, actions.canCreateAbsence]).toEqual([false, false]);
  });
});
