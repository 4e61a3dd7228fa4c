// « Trouver un créneau »: the search form, the créneaux by day across agents, the « Réserver » link that opens the RDV
// form pre-filled (motif, lieu, agent, date, time), an agent held to its own créneaux, and field errors with 422.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../support/app.ts";
import { signedInClient } from "../../support/http.ts";
import { bookWithAgent1, type CreneauxTeam, creneauxTeam } from "./creneaux-fixtures.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

function searchPath(team: CreneauxTeam, query: Record<string, string> = {}) {
  return `/creneaux?${new URLSearchParams({ motifId: team.organisation.motif.id, lieuId: "", agentId: "", from: team.monday, ...query })}`;
}

/** The « Réserver » links of a page, decoded. */
function bookLinks(html: string): URL[] {
  return [...html.matchAll(/href="(\/rdvs\/nouveau\?[^"]+)"/g)].map(
    (match) => new URL((match[1] ?? "").replaceAll("&amp;", "&"), "http://x"),
  );
}

describe("« Trouver un créneau »", () => {
  it("is linked from the navigation and shows the search form", async () => {
    const team = await creneauxTeam(app.url);
    const client = await signedInClient(app.url, team.secretary.email);
    const page = await client.get("/creneaux");
    expect(page.status).toBe(200);
    expect(page.html).toContain('href="/creneaux" aria-current="page">Trouver un créneau</a>');
    expect(page.html).toContain(`<option value="${team.organisation.motif.id}"`);
    expect(page.html).toContain('<option value="">Tous les lieux</option>');
    expect(page.html).toContain('<option value="">N\'importe quel agent</option>');
    expect(page.html).not.toContain('data-testid="creneaux"');
  });

  it("lists the créneaux of every agent by day, and « Réserver » opens the RDV form pre-filled", async () => {
    const team = await creneauxTeam(app.url);
    await bookWithAgent1(app.url, team, "10:00");
    const client = await signedInClient(app.url, team.secretary.email);
    const page = await client.get(searchPath(team));
    expect(page.status).toBe(200);
    // The first Monday holds 4 + 3 créneaux: agent1's 10:00 is booked.
    const links = bookLinks(page.html);
    const firstDay = links.filter((url) => url.searchParams.get("date") === team.monday);
    expect(firstDay.map((url) => url.searchParams.get("time")).sort()).toEqual([
      "09:00",
      "09:00",
      "09:30",
      "09:30",
      "10:00",
      "10:30",
      "10:30",
    ]);
    expect(firstDay.filter((url) => url.searchParams.get("agentId") === team.agent1.id)).toHaveLength(3);
    expect(page.html).toMatch(/<h3[^>]*data-testid="creneaux-jour">lundi \d+ \S+ \d{4}<\/h3>/);

    const link = firstDay.find((url) => url.searchParams.get("agentId") === team.agent2.id);
    if (!link) throw new Error("no créneau of agent2");
    expect(Object.fromEntries(link.searchParams)).toEqual({
      motifId: team.organisation.motif.id,
      lieuId: team.organisation.lieu.id,
      agentId: team.agent2.id,
      date: team.monday,
      time: "09:00",
    });
    const form = await client.get(`${link.pathname}${link.search}`);
    expect(form.status).toBe(200);
    expect(form.html).toMatch(new RegExp(`<option value="${team.organisation.motif.id}"[^>]*selected`));
    expect(form.html).toMatch(new RegExp(`<option value="${team.organisation.lieu.id}"[^>]*selected`));
    expect(form.html).toMatch(new RegExp(`value="${team.agent2.id}" id="agent-${team.agent2.id}" checked`));
    expect(form.html).toMatch(new RegExp(`name="date"\\s+type="date" value="${team.monday}"`));
    expect(form.html).toMatch(/name="time"\s+type="time" value="09:00"/);
  });

  it("holds an agent to its own créneaux, without an agent choice", async () => {
    const team = await creneauxTeam(app.url);
    const client = await signedInClient(app.url, team.agent2.email);
    const page = await client.get(searchPath(team, { agentId: "" }));
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('name="agentId"');
    const agents = new Set(bookLinks(page.html).map((url) => url.searchParams.get("agentId")));
    expect([...agents]).toEqual([team.agent2.id]);
    const colleague = await client.get(searchPath(team, { agentId: team.agent1.id }));
    expect(new Set(bookLinks(colleague.html).map((url) => url.searchParams.get("agentId")))).toEqual(
      new Set([team.agent2.id]),
    );
  });

  it("says when nothing is free, and re-renders with a French message next to a bad field (422)", async () => {
    const team = await creneauxTeam(app.url);
    const client = await signedInClient(app.url, team.secretary.email);
    const other = await creneauxTeam(app.url);
    const none = await client.get(searchPath(team, { motifId: team.organisation.motifs[1]?.id ?? "" }));
    expect(none.status).toBe(200);
    expect(none.html).toContain('data-testid="creneaux-vide"');
    const badMotif = await client.get(searchPath(team, { motifId: other.organisation.motif.id }));
    expect(badMotif.status).toBe(422);
    expect(badMotif.html).toContain('id="champ-motifId-erreur">Ce motif n&#39;existe pas ou n&#39;est plus proposé');
    const badDay = await client.get(searchPath(team, { from: "2027-02-30" }));
    expect(badDay.status).toBe(422);
    expect(badDay.html).toContain('id="champ-from-erreur">La date doit être une date valide (AAAA-MM-JJ).</div>');
  });
});
