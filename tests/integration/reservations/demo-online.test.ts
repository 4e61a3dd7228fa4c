// A fresh `npm start` lets a usager book: the demo organisation is listed on /prendre-rdv, offers its two motifs online
// at the lieux of Bruno Martin's and Chloé Durand's plages, and each motif has free créneaux there in the coming weeks.
import { describe, expect, it } from "vitest";
import { seedDemo } from "../../../src/db/seed.ts";
import { findFreeCreneaux } from "../../../src/domain/reservations/find-free-creneaux.ts";
import { findOnlineOffer, listBookableOrganisations } from "../../../src/domain/reservations/online-offer.ts";
import { freshMigratedClient } from "../../support/fresh-client.ts";

const freshDb = freshMigratedClient();

describe("demo data, as a usager sees it", () => {
  it("offers two motifs online, each with free créneaux at a lieu", async () => {
    const db = freshDb();
    expect(await seedDemo(db)).toEqual({ created: true });
    const [organisation, ...others] = await listBookableOrganisations(db);
    expect(others).toEqual([]);
    if (!organisation) throw new Error("the demo organisation is not bookable online");
    const offer = await findOnlineOffer(db, organisation.id);
    expect(offer.motifs.map((motif) => motif.name)).toEqual(["Accompagnement social", "Aide aux démarches en ligne"]);
    for (const motif of offer.motifs) {
      expect(motif.lieux.length, motif.name).toBeGreaterThan(0);
      for (const lieu of motif.lieux) {
        const search = await findFreeCreneaux(db, {
          organisationId: organisation.id,
          motifId: motif.id,
          lieuId: lieu.id,
        });
        expect(search.creneaux.length, `${motif.name} at ${lieu.name}`).toBeGreaterThan(0);
      }
    }
  });
});
