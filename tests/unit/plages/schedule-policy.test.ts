// The pure rules of who sees and manages the plages and absences of an agent, for every role and relation.
import { describe, expect, it } from "vitest";
import { canManageAgentRecord, canSeeAgentRecordsOf } from "../../../src/domain/agent-records/agent-record.policy.ts";
import type { Actor } from "../../../src/domain/auth/actor.ts";
import type { RoleLevel } from "../../../src/generated/prisma/enums.ts";

const ORG = "org-1";
const OTHER_ORG = "org-2";
const actorWith = (level: RoleLevel): Actor => ({ agentId: "me", memberships: [{ organisationId: ORG, level }] });

type Relation = "own" | "colleague" | "other organisation";
const targets: Record<Relation, [agentId: string, organisationId: string]> = {
  own: ["me", ORG],
  colleague: ["colleague", ORG],
  // Even its own agent id in an organisation it does not belong to gives nothing.
  "other organisation": ["me", OTHER_ORG],
};

/** [sees, manages] for each role and relation. */
const EXPECTED: Record<RoleLevel, Record<Relation, [boolean, boolean]>> = {
  admin: { own: [true, true], colleague: [true, true], "other organisation": [false, false] },
  secretary: { own: [true, true], colleague: [true, false], "other organisation": [false, false] },
  agent: { own: [true, true], colleague: [false, false], "other organisation": [false, false] },
};

// Plages and absences follow one policy (agent-record.policy.ts).
describe.each([["plages and absences", canSeeAgentRecordsOf, canManageAgentRecord]])(
  "who sees and manages %s",
  (_kind, canSee, canManage) => {
    for (const level of ["admin", "secretary", "agent"] as const) {
      for (const relation of ["own", "colleague", "other organisation"] as const) {
        const [sees, manages] = EXPECTED[level][relation];
        it(`${level} × ${relation}: sees ${sees}, manages ${manages}`, () => {
          const [agentId, organisationId] = targets[relation];
          expect(canSee(actorWith(level), agentId, organisationId)).toBe(sees);
          expect(canManage(actorWith(level), agentId, organisationId)).toBe(manages);
        });
      }
    }
  },
);
