import { describe, expect, it } from "vitest";
import type { Agenda } from "../../../src/domain/agenda/list-agenda-events.ts";
import { homonymKey } from "../../../src/domain/usagers/user-homonyms.ts";
import { teamDay } from "../../../src/web/presenters/agenda-team.ts";

const agent = (id: string, lastName: string) => ({ id, firstName: "Agent", lastName });

function rdvAt(startsAt: string, minutes: number) {
  const start = new Date(startsAt);
  return {
    kind: "rdv" as const,
    id: `rdv-${startsAt}`,
    startsAt: start,
    endsAt: new Date(start.getTime() + minutes * 60_000),
    status: "unknown" as const,
    motif: { name: "Premier accueil", color: "#112233" },
    lieuName: null,
    usagers: ["Ada Lovelace"],
  };
}

describe("the team's day table", () => {
  it("places RDVs in Paris wall-clock half hours on the spring-forward day, busy until they end, free ones bookable", () => {
    // 2030-03-31: clocks go from 02:00 to 03:00 in Paris; 10:00 there is 08:00 UTC.
    const agendas: Agenda[] = [
      { agent: agent("a1", "Martin"), timezone: "Europe/Paris", events: [rdvAt("2030-03-31T08:00:00Z", 60)] },
      { agent: agent("a2", "Petit"), timezone: "Europe/Paris", events: [] },
    ];
    const day = teamDay(agendas, "2030-03-31", "Europe/Paris", new Date("2030-01-01T00:00:00Z"));
    expect(day.rows[0]?.time).toBe("07:00");
    expect(day.rows.at(-1)?.time).toBe("19:30");
    const row = (time: string) => day.rows.find((r) => r.time === time);
    expect(row("10:00")?.cells[0]?.events.map((e) => e.title)).toEqual(["Premier accueil — Ada Lovelace"]);
    expect(row("10:00")?.cells[0]?.bookUrl).toBeNull();
    expect(row("10:30")?.cells[0]).toMatchObject({ busy: true, bookUrl: null, events: [] });
    expect(row("11:00")?.cells[0]?.bookUrl).toBe("/rdvs/nouveau?agentId=a1&date=2030-03-31&time=11%3A00");
    expect(row("10:00")?.cells[1]?.bookUrl).toBe("/rdvs/nouveau?agentId=a2&date=2030-03-31&time=10%3A00");
  });

  it("starts earlier than 07:00 when an RDV does, on the hour", () => {
    const agendas: Agenda[] = [
      { agent: agent("a1", "Martin"), timezone: "Europe/Paris", events: [rdvAt("2030-03-12T05:15:00Z", 30)] },
    ];
    const day = teamDay(agendas, "2030-03-12", "Europe/Paris");
    expect(day.rows[0]?.time).toBe("06:00");
    expect(day.rows.find((r) => r.time === "06:00")?.cells[0]?.events).toHaveLength(1);
  });
});

describe("homonymKey", () => {
  it("compares names without case, accents or surrounding spaces", () => {
    expect(homonymKey("  Hélène ")).toBe(homonymKey("HELENE"));
    expect(homonymKey("Lefèvre")).toBe("lefevre");
    expect(homonymKey("Çaglar")).toBe("caglar");
    expect(homonymKey("Martin")).not.toBe(homonymKey("Martine"));
  });
});
