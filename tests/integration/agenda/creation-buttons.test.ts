// The « Nouvelle plage d'ouverture » and « Nouvelle absence » buttons of the agenda: shown to whom the plage and
// absence policies let create them for the agent on screen, and pointing at that agent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { testDb } from "../../support/db.ts";
import { createTeam } from "../../support/factories.ts";
import { signedInClient } from "../../support/http.ts";

const NEW_PLAGE = "Nouvelle plage d'ouverture";
const NEW_ABSENCE = "Nouvelle absence";

describe("the agenda's plage and absence creation buttons", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const signedIn = (email: string) => signedInClient(app.url, email);

  it("are not offered to a secretary nor to an agent on a colleague's agenda", async () => {
    const { secretary, agent1, agent2 } = await createTeam(testDb());
    for (const viewer of [secretary, agent2]) {
      const client = await signedIn(viewer.email);
      const page = await client.get(`/agenda?agentId=${agent1.id}&date=2027-03-31`);
      expect(page.status).toBe(200);
      expect(page.html).toContain("Agenda de ");
      expect(page.html).not.toContain(NEW_PLAGE);
      expect(page.html).not.toContain(NEW_ABSENCE);
      expect(page.html).not.toContain("/plages/nouvelle");
      expect(page.html).not.toContain("/absences/nouvelle");
    }
  });

  it("are offered on one's own agenda, secretaries included", async () => {
    const { secretary, agent1 } = await createTeam(testDb());
    for (const viewer of [secretary, agent1]) {
      const page = await (await signedIn(viewer.email)).get("/agenda?date=2027-03-31&vue=semaine");
      expect(page.html).toContain(`href="/plages/nouvelle">${NEW_PLAGE}`);
      expect(page.html).toContain(`href="/absences/nouvelle">${NEW_ABSENCE}`);
    }
  });

  it("point an admin at the agent on screen, whose form opens with that agent chosen", async () => {
    const { admin, agent1 } = await createTeam(testDb());
    const client = await signedIn(admin.email);
    const page = await client.get(`/agenda?agentId=${agent1.id}&date=2027-03-31`);
    expect(page.html).toContain(`href="/plages/nouvelle?agentId=${agent1.id}">${NEW_PLAGE}`);
    expect(page.html).toContain(`href="/absences/nouvelle?agentId=${agent1.id}">${NEW_ABSENCE}`);
    for (const form of [`/plages/nouvelle?agentId=${agent1.id}`, `/absences/nouvelle?agentId=${agent1.id}`]) {
      const response = await client.get(form);
      expect(response.status).toBe(200);
      expect(response.html).toContain(`<option value="${agent1.id}" selected>`);
      expect(response.html).not.toContain(`<option value="${admin.id}" selected>`);
    }
  });
});
