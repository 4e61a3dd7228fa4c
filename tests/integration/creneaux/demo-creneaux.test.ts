// The demo data (`npm start` on an empty embedded database) offers créneaux: both motifs bookable online, with
// weekly plages of agent1 (Bruno Martin) and agent2 (Chloé Durand), found through the same search as the page.
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, seedDemo } from "../../../src/db/seed.ts";
import { findCreneaux } from "../../../src/domain/creneaux/find-creneaux.ts";
import { freshMigratedClient } from "../../support/fresh-client.ts";

const freshDb = freshMigratedClient();

describe("demo data", () => {
  it("has two motifs bookable online with créneaux of agent1 and agent2 in the coming two weeks", async () => {
    const db = freshDb();
    expect(await seedDemo(db)).toEqual({ created: true });
    const organisation = await db.organisation.findFirstOrThrow({ select: { id: true } });
    const motifs = await db.motif.findMany({ where: { bookableOnline: true }, select: { id: true, name: true } });
    expect(motifs.map((motif) => motif.name).sort()).toEqual(["Accompagnement social", "Aide aux démarches en ligne"]);
    const secretary = await db.agent.findUniqueOrThrow({
      where: { email: DEMO_ACCOUNTS[1].email },
      select: { id: true },
    });
    const actor = {
      agentId: secretary.id,
      memberships: [{ organisationId: organisation.id, level: "secretary" as const }],
    };
    for (const motif of motifs) {
      const search = await findCreneaux(db, {
        actor,
        organisationId: organisation.id,
        raw: { motifId: motif.id },
        defaultDays: 14,
      });
      expect(new Set(search.creneaux.map((c) => c.agentName)), motif.name).toEqual(
        new Set(["Bruno Martin", "Chloé Durand"]),
      );
    }
  });
});
