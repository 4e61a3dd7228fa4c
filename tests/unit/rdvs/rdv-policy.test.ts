import { describe, expect, it } from "vitest";
import type { Actor } from "../../../src/domain/auth/actor.ts";
import {
  canChangeRdvStatus,
  canCreateRdv,
  canDeleteRdv,
  canEditRdv,
  canViewRdv,
} from "../../../src/domain/rdvs/rdv.policy.ts";

const ORG = "org-1";
const OTHER_ORG = "org-2";
const actor = (level: "admin" | "secretary" | "agent"): Actor => ({
  agentId: "me",
  memberships: [{ organisationId: ORG, level }],
});
const RDVS = {
  own: { organisationId: ORG, agentIds: ["me", "colleague"] },
  colleague: { organisationId: ORG, agentIds: ["colleague"] },
  otherOrganisation: { organisationId: OTHER_ORG, agentIds: ["me"] },
};

// view / create / edit / status / delete, for each role and RDV; `create` is about the RDV's organisation.
const TABLE = {
  admin: { own: "VCESD", colleague: "VCESD", otherOrganisation: "-----" },
  secretary: { own: "VCESD", colleague: "VCESD", otherOrganisation: "-----" },
  agent: { own: "VCESD", colleague: "VC---", otherOrganisation: "-----" },
} as const;

const LEVELS = ["admin", "secretary", "agent"] as const;
const TARGETS = ["own", "colleague", "otherOrganisation"] as const;

describe("RDV policy", () => {
  for (const level of LEVELS) {
    for (const target of TARGETS) {
      const rights = TABLE[level][target];
      it(`${level} × ${target} RDV: ${rights}`, () => {
        const who = actor(level);
        const rdv = RDVS[target];
        const got = [
          canViewRdv(who, rdv) ? "V" : "-",
          canCreateRdv(who, rdv.organisationId) ? "C" : "-",
          canEditRdv(who, rdv) ? "E" : "-",
          canChangeRdvStatus(who, rdv) ? "S" : "-",
          canDeleteRdv(who, rdv) ? "D" : "-",
        ].join("");
        expect(got).toBe(rights);
      });
    }
  }

  it("uses the actor's role in the RDV's organisation, not in another one", () => {
    const adminElsewhere: Actor = {
      agentId: "me",
      memberships: [
        { organisationId: OTHER_ORG, level: "admin" },
        { organisationId: ORG, level: "agent" },
      ],
    };
    expect(canEditRdv(adminElsewhere, RDVS.colleague)).toBe(false);
    expect(canEditRdv(adminElsewhere, { organisationId: OTHER_ORG, agentIds: ["colleague"] })).toBe(true);
  });
});
