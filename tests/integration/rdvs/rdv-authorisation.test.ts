// The authorisation matrix of RDVs: each role × each action × an RDV of its own (agent1 takes part), a colleague's
// (only agent2 takes part) and another organisation's. Checked through the JSON API and through the pages, and every
// refusal is checked to have left the RDV untouched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, apiClient } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { signedInClient, type WebClient } from "../../support/http.ts";
import { apiBody, bookRdv, createRdvTeam, type Team } from "./rdv-fixtures.ts";

type Role = "admin" | "secretary" | "agent";
type Target = "own" | "colleague" | "otherOrganisation";
type Action = "view" | "create" | "edit" | "status" | "delete";

const OK = "allowed";
/** What each role may do: `allowed`, or the refusal status. */
type Outcome = typeof OK | 403 | 404 | 422;

// « own »: an RDV of the actor's organisation with agent1 (the role `agent` is agent1).
// « colleague »: an RDV of the actor's organisation with agent2 only.
// « otherOrganisation »: an RDV of an organisation the actor does not belong to. For `create`, the target says with
// whom the new RDV is booked (agent1, agent2, or agents of the other organisation in its organisationId).
const EXPECTED: Record<Role, Record<Target, Record<Action, Outcome>>> = {
  admin: {
    own: { view: OK, create: OK, edit: OK, status: OK, delete: OK },
    colleague: { view: OK, create: OK, edit: OK, status: OK, delete: OK },
    otherOrganisation: { view: 404, create: 422, edit: 404, status: 404, delete: 404 },
  },
  secretary: {
    own: { view: OK, create: OK, edit: OK, status: OK, delete: OK },
    colleague: { view: OK, create: OK, edit: OK, status: OK, delete: OK },
    otherOrganisation: { view: 404, create: 422, edit: 404, status: 404, delete: 404 },
  },
  agent: {
    own: { view: OK, create: OK, edit: OK, status: OK, delete: OK },
    colleague: { view: OK, create: OK, edit: 403, status: 403, delete: 403 },
    otherOrganisation: { view: 404, create: 422, edit: 404, status: 404, delete: 404 },
  },
};

const ROLES: Role[] = ["admin", "secretary", "agent"];
const TARGETS: Target[] = ["own", "colleague", "otherOrganisation"];
const ACTIONS: Action[] = ["view", "create", "edit", "status", "delete"];

let app: TestApp;
let team: Team;
let other: Team;
beforeAll(async () => {
  app = await startTestApp();
  const db = testDb();
  team = await createRdvTeam(db);
  other = await createRdvTeam(db);
});
afterAll(() => app.close());

const actorEmail = (role: Role) => (role === "agent" ? team.agent1.email : team[role].email);

// One API client and one signed-in page client per role for the whole matrix (as in the plage matrix): each sign-in
// costs an argon2 verification, and the cases differ by what they do, not by their session.
const apis = new Map<Role, ApiClient>();
const pageClients = new Map<Role, WebClient>();

async function apiAs(role: Role): Promise<ApiClient> {
  const known = apis.get(role);
  if (known) return known;
  const api = await apiClient(app.url, actorEmail(role));
  apis.set(role, api);
  return api;
}

async function pagesAs(role: Role): Promise<WebClient> {
  const known = pageClients.get(role);
  if (known) return known;
  const client = await signedInClient(app.url, actorEmail(role));
  pageClients.set(role, client);
  return client;
}

/** A fresh RDV for one case (deletes must not take it from the next one). */
async function rdvFor(target: Target) {
  if (target === "otherOrganisation") return (await bookRdv(other, {}, other.secretary.id)).after;
  return (await bookRdv(team, { agentIds: [target === "own" ? team.agent1.id : team.agent2.id] })).after;
}

// Every case books the same agents at the same time: the matrix is about rights, so conflicts are confirmed up front
// (tests/integration/rdvs/rdv-conflicts.test.ts is about them).
function createBody(target: Target) {
  if (target === "otherOrganisation") return apiBody(other, { allowConflicts: true });
  return apiBody(team, { agentIds: [target === "own" ? team.agent1.id : team.agent2.id], allowConflicts: true });
}

async function viaApi(api: ApiClient, action: Action, target: Target): Promise<{ status: number; rdvId?: string }> {
  if (action === "create") return { status: (await api.post("/rdvs", createBody(target))).status };
  const rdv = await rdvFor(target);
  const response =
    action === "view"
      ? await api.get(`/rdvs/${rdv.id}`)
      : action === "edit"
        ? await api.patch(`/rdvs/${rdv.id}`, { startsAt: "2027-03-30T10:00:00+02:00", allowConflicts: true })
        : action === "status"
          ? await api.post(`/rdvs/${rdv.id}/status`, { status: "revoked" })
          : await api.delete(`/rdvs/${rdv.id}`);
  return { status: response.status, rdvId: rdv.id };
}

const API_SUCCESS: Record<Action, number> = { view: 200, create: 201, edit: 200, status: 200, delete: 204 };

async function expectUntouched(rdvId: string | undefined) {
  if (!rdvId) return;
  const stored = await testDb().rdv.findUniqueOrThrow({ where: { id: rdvId } });
  expect(stored.startsAt.toISOString()).toBe("2027-03-29T07:00:00.000Z");
  expect(stored.status).toBe("unknown");
  expect(stored.sequence).toBe(0);
}

describe("RDV authorisation matrix, through the API", () => {
  for (const role of ROLES) {
    for (const target of TARGETS) {
      for (const action of ACTIONS) {
        const expected = EXPECTED[role][target][action];
        it(`${role} × ${target} RDV × ${action} → ${expected}`, async () => {
          const api = await apiAs(role);
          const rdvCountBefore = await testDb().rdv.count({ where: { organisationId: other.organisation.id } });
          const { status, rdvId } = await viaApi(api, action, target);
          if (expected === OK) {
            expect(status).toBe(API_SUCCESS[action]);
          } else {
            expect(status).toBe(expected);
            await expectUntouched(rdvId);
            if (action === "create" && target === "otherOrganisation") {
              expect(await testDb().rdv.count({ where: { organisationId: other.organisation.id } })).toBe(
                rdvCountBefore,
              );
            }
          }
        });
      }
    }
  }
});

/** The page requests of each action; creating through the form only ever uses the current organisation. */
async function viaPages(client: WebClient, action: Exclude<Action, "create">, target: Target) {
  const rdv = await rdvFor(target);
  if (action === "view") return { status: (await client.get(`/rdvs/${rdv.id}`)).status, rdvId: rdv.id };
  await client.get("/rdvs");
  const response =
    action === "edit"
      ? await client.post(`/rdvs/${rdv.id}/modifier`, {
          motifId: team.organisation.motif.id,
          lieuId: team.organisation.lieu.id,
          date: "2027-03-30",
          time: "10:00",
          agentIds: rdv.agentIds,
          userIds: rdv.userIds,
          intent: "confirm",
        })
      : action === "status"
        ? await client.post(`/rdvs/${rdv.id}/statut`, { status: "revoked" })
        : await client.post(`/rdvs/${rdv.id}/supprimer`, {});
  return { status: response.status, rdvId: rdv.id };
}

describe("RDV authorisation matrix, through the pages", () => {
  for (const role of ROLES) {
    for (const target of TARGETS) {
      for (const action of ["view", "edit", "status", "delete"] as const) {
        const expected = EXPECTED[role][target][action];
        it(`${role} × ${target} RDV × ${action} page → ${expected}`, async () => {
          const { status, rdvId } = await viaPages(await pagesAs(role), action, target);
          if (expected === OK) {
            expect(status).toBe(action === "view" ? 200 : 302);
          } else {
            expect(status).toBe(expected);
            await expectUntouched(rdvId);
          }
        });
      }
    }
  }

  it("shows the edit page only to those who may edit", async () => {
    const colleagueRdv = await rdvFor("colleague");
    expect((await (await pagesAs("agent")).get(`/rdvs/${colleagueRdv.id}/modifier`)).status).toBe(403);
    expect((await (await pagesAs("secretary")).get(`/rdvs/${colleagueRdv.id}/modifier`)).status).toBe(200);
  });
});
