// Who may do what with plages d'ouverture and absences: each role × own / colleague / other organisation × each
// action, through the JSON API and through the pages, against tables of expected answers written out by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAbsence } from "../../../src/domain/absences/create-absence.ts";
import { agentAuthor } from "../../../src/domain/author.ts";
import { createPlage } from "../../../src/domain/plages/create-plage.ts";
import { type ApiClient, apiClient } from "../../support/api.ts";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { TEST_PASSWORD } from "../../support/factories.ts";
import { WebClient } from "../../support/http.ts";
import {
  absenceBody,
  domainContext,
  newAbsence,
  newPlage,
  plageBody,
  type ScheduleTeam,
  scheduleTeam,
} from "./schedule-fixtures.ts";

type Role = "admin" | "secretary" | "agent";
type Target = "own" | "colleague" | "other organisation";
type ApiAction = "list" | "read" | "create" | "edit" | "delete";
type PageAction = "list" | "new form" | "create" | "edit page" | "edit" | "delete";

const ok = { list: 200, read: 200, create: 201, edit: 200, delete: 204 };
const hidden = { list: 404, read: 404, create: 404, edit: 404, delete: 404 };

/** The API, for plages and absences alike (the rules are the same). */
const API_EXPECTED: Record<Role, Record<Target, Record<ApiAction, number>>> = {
  admin: { own: ok, colleague: ok, "other organisation": hidden },
  secretary: {
    own: ok,
    colleague: { list: 200, read: 200, create: 403, edit: 403, delete: 403 },
    "other organisation": hidden,
  },
  agent: {
    own: ok,
    colleague: { list: 403, read: 403, create: 403, edit: 403, delete: 403 },
    "other organisation": hidden,
  },
};

const pagesOk = { list: 200, "new form": 200, create: 302, "edit page": 200, edit: 302, delete: 302 };
// The pages work in the current organisation: another organisation's agent posted in a form is a wrong value (422).
const pagesHidden = { list: 404, "new form": 404, create: 422, "edit page": 404, edit: 404, delete: 404 };

/** The pages, for plages and absences alike. */
const PAGES_EXPECTED: Record<Role, Record<Target, Record<PageAction, number>>> = {
  admin: { own: pagesOk, colleague: pagesOk, "other organisation": pagesHidden },
  secretary: {
    own: pagesOk,
    colleague: { list: 200, "new form": 403, create: 403, "edit page": 403, edit: 403, delete: 403 },
    "other organisation": pagesHidden,
  },
  agent: {
    own: pagesOk,
    colleague: { list: 403, "new form": 403, create: 403, "edit page": 403, edit: 403, delete: 403 },
    "other organisation": pagesHidden,
  },
};

const ROLES: Role[] = ["admin", "secretary", "agent"];
const TARGETS: Target[] = ["own", "colleague", "other organisation"];

let app: TestApp;
let team: ScheduleTeam;
let otherTeam: ScheduleTeam;
const apis = new Map<Role, ApiClient>();
const browsers = new Map<Role, WebClient>();
let day = 0;

/** A different day for every record, so that no two plages of an agent overlap. */
function nextDay(): string {
  day += 1;
  return new Date(Date.UTC(2028, 0, 1 + day)).toISOString().slice(0, 10);
}

function actingAgent(role: Role) {
  return role === "agent" ? team.agent1 : team[role];
}

/** The agent whose records a role acts on, and the team it belongs to. */
function targetOf(role: Role, target: Target): { agentId: string; owner: ScheduleTeam } {
  if (target === "own") return { agentId: actingAgent(role).id, owner: team };
  if (target === "colleague") return { agentId: role === "agent" ? team.agent2.id : team.agent1.id, owner: team };
  return { agentId: otherTeam.agent1.id, owner: otherTeam };
}

type Kind = {
  api: string;
  page: string;
  apiBody: (owner: ScheduleTeam, agentId: string) => Record<string, unknown>;
  form: (owner: ScheduleTeam, agentId: string) => Record<string, string | string[]>;
  /** Made by the owner's admin, straight through the domain. */
  create: (owner: ScheduleTeam, agentId: string) => Promise<string>;
  titleOf: (id: string) => Promise<string | null>;
  countOf: (agentId: string) => Promise<number>;
};

const KINDS: Record<"plage" | "absence", Kind> = {
  plage: {
    api: "/plages_ouverture",
    page: "/plages",
    apiBody: (owner, agentId) => plageBody(owner, { agentId, firstDay: nextDay(), recurrence: null }),
    form: (owner, agentId) => ({
      agentId,
      title: "Permanence",
      lieuId: owner.organisation.lieu.id,
      motifIds: [owner.organisation.motif.id],
      firstDay: nextDay(),
      startTime: "09:00",
      endTime: "12:00",
      recurrenceEvery: "none",
    }),
    create: async (owner, agentId) => {
      const { record: plage } = await createPlage(domainContext(), {
        actor: owner.actors.admin,
        author: agentAuthor(owner.admin.id),
        plage: newPlage(owner, { agentId, firstDay: nextDay(), recurrence: null }),
      });
      return plage.id;
    },
    titleOf: async (id) => (await testDb().plageOuverture.findUnique({ where: { id } }))?.title ?? null,
    countOf: (agentId) => testDb().plageOuverture.count({ where: { agentId } }),
  },
  absence: {
    api: "/absences",
    page: "/absences",
    apiBody: (owner, agentId) => absenceBody(owner, { agentId }),
    form: (_owner, agentId) => ({
      agentId,
      title: "Congés",
      firstDay: "2027-02-08",
      startTime: "08:00",
      endDay: "2027-02-12",
      endTime: "18:00",
      recurrenceEvery: "none",
    }),
    create: async (owner, agentId) => {
      const { record: absence } = await createAbsence(domainContext(), {
        actor: owner.actors.admin,
        author: agentAuthor(owner.admin.id),
        absence: newAbsence(owner, { agentId }),
      });
      return absence.id;
    },
    titleOf: async (id) => (await testDb().absence.findUnique({ where: { id } }))?.title ?? null,
    countOf: (agentId) => testDb().absence.count({ where: { agentId } }),
  },
};

beforeAll(async () => {
  app = await startTestApp();
  team = await scheduleTeam();
  otherTeam = await scheduleTeam();
  for (const role of ROLES) {
    const agent = actingAgent(role);
    apis.set(role, await apiClient(app.url, agent.email));
    const client = new WebClient(app.url);
    expect((await client.signIn(agent.email, TEST_PASSWORD)).status).toBe(302);
    await client.get("/agenda");
    browsers.set(role, client);
  }
});
afterAll(() => app.close());

for (const [kindName, kind] of Object.entries(KINDS)) {
  describe(`${kindName}s through the API`, () => {
    for (const role of ROLES) {
      for (const target of TARGETS) {
        for (const action of ["list", "read", "create", "edit", "delete"] as const) {
          const expected = API_EXPECTED[role][target][action];
          it(`${role} × ${target} × ${action} → ${expected}`, async () => {
            const api = apis.get(role)!;
            const { agentId, owner } = targetOf(role, target);
            const organisationId = owner.organisation.id;
            if (action === "list") {
              const response = await api.call("GET", `${kind.api}?organisationId=${organisationId}&agentId=${agentId}`);
              expect(response.status).toBe(expected);
            } else if (action === "create") {
              const before = await kind.countOf(agentId);
              const response = await api.call("POST", kind.api, kind.apiBody(owner, agentId));
              expect(response.status).toBe(expected);
              expect(await kind.countOf(agentId)).toBe(before + (expected === 201 ? 1 : 0));
            } else {
              const id = await kind.create(owner, agentId);
              const method = { read: "GET", edit: "PATCH", delete: "DELETE" }[action];
              const response = await api.call(
                method,
                `${kind.api}/${id}`,
                action === "edit" ? { title: "Modifiée" } : undefined,
              );
              expect(response.status).toBe(expected);
              const title = await kind.titleOf(id);
              if (action === "edit")
                expect(title).toBe(expected === 200 ? "Modifiée" : kind === KINDS.plage ? "Permanence" : "Congés");
              if (action === "delete") expect(title === null).toBe(expected === 204);
            }
          });
        }
      }
    }
  });

  describe(`${kindName}s through the pages`, () => {
    for (const role of ROLES) {
      for (const target of TARGETS) {
        for (const action of ["list", "new form", "create", "edit page", "edit", "delete"] as const) {
          const expected = PAGES_EXPECTED[role][target][action];
          it(`${role} × ${target} × ${action} → ${expected}`, async () => {
            const client = browsers.get(role)!;
            const { agentId, owner } = targetOf(role, target);
            if (action === "list") {
              expect((await client.get(`${kind.page}?agentId=${agentId}`)).status).toBe(expected);
            } else if (action === "new form") {
              expect((await client.get(`${kind.page}/nouvelle?agentId=${agentId}`)).status).toBe(expected);
            } else if (action === "create") {
              const before = await kind.countOf(agentId);
              // Forms post lieux and motifs of the current organisation.
              expect((await client.post(kind.page, kind.form(team, agentId))).status).toBe(expected);
              expect(await kind.countOf(agentId)).toBe(before + (expected === 302 ? 1 : 0));
            } else {
              const id = await kind.create(owner, agentId);
              const original = await kind.titleOf(id);
              if (action === "edit page") {
                expect((await client.get(`${kind.page}/${id}/modifier`)).status).toBe(expected);
              } else if (action === "edit") {
                const form = { ...kind.form(team, agentId), title: "Modifiée" };
                expect((await client.post(`${kind.page}/${id}`, form)).status).toBe(expected);
                expect(await kind.titleOf(id)).toBe(expected === 302 ? "Modifiée" : original);
              } else {
                expect((await client.post(`${kind.page}/${id}/supprimer`, {})).status).toBe(expected);
                expect(await kind.titleOf(id)).toBe(expected === 302 ? null : original);
              }
            }
          });
        }
      }
    }
  });
}
