// Properties of the créneaux engine on random organisations: what a free créneau must never be, its agreement with a
// brute-force reference, and wall-clock correctness across daylight-saving changes, checked with luxon alone.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { type Creneau, type CreneauxInput, computeCreneaux } from "../../../src/domain/creneaux/compute-creneaux.ts";
import { expandOccurrences } from "../../../src/domain/recurrence/expand.ts";
import { WEEKDAYS, type Weekday } from "../../../src/domain/recurrence/recurrence.schemas.ts";
import { inputArb, inputArbWith, referenceCreneaux } from "./creneaux-reference.ts";

const MIN = 60_000;
const DAY = 86_400_000;

const overlaps = (creneau: Creneau, start: number, end: number) =>
  start < creneau.endsAt.getTime() && creneau.startsAt.getTime() < end;

function wideRange(input: CreneauxInput) {
  return { from: new Date(input.period.from.getTime() - 3 * DAY), to: new Date(input.period.to.getTime() + 3 * DAY) };
}

describe("computeCreneaux on random organisations", () => {
  it("agrees with the brute-force reference", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(computeCreneaux(input)).toEqual(referenceCreneaux(input));
      }),
      { numRuns: 300 },
    );
  });

  it("never lists a créneau inside an absence, overlapping an RDV, outside a plage or outside the booking window", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const range = wideRange(input);
        for (const creneau of computeCreneaux(input)) {
          expect(creneau.endsAt.getTime() - creneau.startsAt.getTime()).toBe(input.durationInMin * MIN);
          expect(creneau.startsAt >= input.period.from && creneau.startsAt < input.period.to).toBe(true);
          expect(creneau.startsAt.getTime()).toBeGreaterThanOrEqual(
            input.now.getTime() + input.window.minDelayInMin * MIN,
          );
          expect(creneau.endsAt.getTime()).toBeLessThanOrEqual(input.now.getTime() + input.window.maxDelayInMin * MIN);
          for (const rdv of input.rdvs.filter((r) => r.agentId === creneau.agentId)) {
            const start = rdv.startsAt.getTime();
            expect(overlaps(creneau, start, start + rdv.durationInMin * MIN)).toBe(false);
          }
          for (const absence of input.absences.filter((a) => a.agentId === creneau.agentId)) {
            for (const occurrence of expandOccurrences({ ...absence.series, timezone: absence.timezone }, range)) {
              expect(overlaps(creneau, occurrence.startsAt.getTime(), occurrence.endsAt.getTime())).toBe(false);
            }
          }
          const step = (input.stepInMin ?? input.durationInMin) * MIN;
          const inPlage = input.plages.some(
            (plage) =>
              plage.agentId === creneau.agentId &&
              plage.lieuId === creneau.lieuId &&
              expandOccurrences({ ...plage.series, timezone: input.timezone }, range).some(
                (occurrence) =>
                  occurrence.startsAt <= creneau.startsAt &&
                  creneau.endsAt <= occurrence.endsAt &&
                  (creneau.startsAt.getTime() - occurrence.startsAt.getTime()) % step === 0,
              ),
          );
          expect(inPlage).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("lists créneaux in order, each once", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const keys = computeCreneaux(input).map((c) => `${c.startsAt.toISOString()} ${c.agentId} ${c.lieuId}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect([...keys].sort()).toEqual(keys);
      }),
      { numRuns: 100 },
    );
  });
});

/** The last Sundays of March and October from 2024 to 2031, when Paris changes its clocks. */
const PARIS_CHANGE_DAYS = Array.from({ length: 8 }, (_, index) => 2024 + index).flatMap((year) =>
  [3, 10].map((month) => {
    const last = DateTime.fromObject({ year, month }, { zone: "utc" }).endOf("month").startOf("day");
    return last.minus({ days: last.weekday % 7 }).toISODate() ?? "";
  }),
);

const weeklyWithSunday = fc.record({
  every: fc.constant("week" as const),
  interval: fc.constant(1),
  weekdays: fc.subarray(WEEKDAYS.filter((day) => day !== "su")).map((days): Weekday[] => [...days, "su"]),
});

describe("computeCreneaux across daylight-saving changes in Europe/Paris", () => {
  const aroundChangeArb = inputArbWith({
    zones: ["Europe/Paris"],
    baseDay: fc.constantFrom(...PARIS_CHANGE_DAYS),
    // Daytime plages, so that each wall-clock time exists exactly once on every day.
    startMinutes: fc.integer({ min: 6 * 60, max: 14 * 60 }),
    recurrence: weeklyWithSunday,
  });

  it("agrees with the reference around the last Sundays of March and October", () => {
    fc.assert(
      fc.property(aroundChangeArb, (input) => {
        expect(computeCreneaux(input)).toEqual(referenceCreneaux(input));
      }),
      { numRuns: 200 },
    );
  });

  it("starts every créneau on the plage's wall-clock grid, within its hours, on one of its weekdays", () => {
    fc.assert(
      fc.property(aroundChangeArb, (input) => {
        const step = input.stepInMin ?? input.durationInMin;
        for (const creneau of computeCreneaux(input)) {
          const start = DateTime.fromJSDate(creneau.startsAt, { zone: "Europe/Paris" });
          const end = DateTime.fromJSDate(creneau.endsAt, { zone: "Europe/Paris" });
          const minutes = (time: DateTime) => time.hour * 60 + time.minute;
          const fits = input.plages.some((plage) => {
            const [startHour = 0, startMinute = 0] = plage.series.startTime.split(":").map(Number);
            const [endHour = 0, endMinute = 0] = plage.series.endTime.split(":").map(Number);
            const recurrence = plage.series.recurrence;
            const onDay =
              recurrence === null
                ? start.toISODate() === plage.series.firstDay
                : recurrence.every === "week" &&
                  recurrence.weekdays.includes(WEEKDAYS[start.weekday - 1] ?? "mo") &&
                  (start.toISODate() ?? "") >= plage.series.firstDay &&
                  (recurrence.until === undefined || (start.toISODate() ?? "") <= recurrence.until);
            return (
              plage.agentId === creneau.agentId &&
              plage.lieuId === creneau.lieuId &&
              onDay &&
              start.toISODate() === end.toISODate() &&
              minutes(start) >= startHour * 60 + startMinute &&
              minutes(end) <= endHour * 60 + endMinute &&
              (minutes(start) - startHour * 60 - startMinute) % step === 0
            );
          });
          expect(fits).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("computeCreneaux examples", () => {
  const zone = "Europe/Paris";
  const local = (creneaux: Creneau[]) =>
    creneaux.map((c) => DateTime.fromJSDate(c.startsAt, { zone }).toFormat("yyyy-MM-dd HH:mm"));
  const dayRange = (first: string, days: number) => {
    const from = DateTime.fromISO(first, { zone });
    return { from: from.toJSDate(), to: from.plus({ days }).toJSDate() };
  };
  const base = (overrides: Partial<CreneauxInput>): CreneauxInput => ({
    timezone: zone,
    durationInMin: 30,
    period: dayRange("2027-03-27", 3),
    now: new Date("2027-03-01T00:00:00Z"),
    window: { minDelayInMin: 120, maxDelayInMin: 6 * 7 * 1440 },
    plages: [],
    absences: [],
    rdvs: [],
    ...overrides,
  });
  const sundays = { every: "week" as const, interval: 1, weekdays: ["sa" as const, "su" as const] };

  it("keeps 09:00 at 09:00 local on both sides of the spring change, at a different UTC instant", () => {
    const creneaux = computeCreneaux(
      base({
        plages: [
          {
            agentId: "a",
            lieuId: "l",
            series: { firstDay: "2027-03-06", startTime: "09:00", endTime: "10:00", recurrence: sundays },
          },
        ],
      }),
    );
    expect(local(creneaux)).toEqual(["2027-03-27 09:00", "2027-03-27 09:30", "2027-03-28 09:00", "2027-03-28 09:30"]);
    expect(creneaux.map((c) => c.startsAt.toISOString())).toEqual([
      "2027-03-27T08:00:00.000Z",
      "2027-03-27T08:30:00.000Z",
      "2027-03-28T07:00:00.000Z",
      "2027-03-28T07:30:00.000Z",
    ]);
  });

  it("counts real minutes in a night plage across the spring-forward gap (01:00–04:00 lasts two hours)", () => {
    const creneaux = computeCreneaux(
      base({
        plages: [
          {
            agentId: "a",
            lieuId: "l",
            series: { firstDay: "2027-03-28", startTime: "01:00", endTime: "04:00", recurrence: null },
          },
        ],
      }),
    );
    expect(local(creneaux)).toEqual(["2027-03-28 01:00", "2027-03-28 01:30", "2027-03-28 03:00", "2027-03-28 03:30"]);
  });

  it("counts real minutes in a night plage across the autumn change (01:00–04:00 lasts four hours)", () => {
    const creneaux = computeCreneaux(
      base({
        durationInMin: 60,
        period: dayRange("2027-10-31", 1),
        now: new Date("2027-10-01T00:00:00Z"),
        plages: [
          {
            agentId: "a",
            lieuId: "l",
            series: { firstDay: "2027-10-31", startTime: "01:00", endTime: "04:00", recurrence: null },
          },
        ],
      }),
    );
    expect(creneaux.map((c) => DateTime.fromJSDate(c.startsAt, { zone }).toISO())).toEqual([
      "2027-10-31T01:00:00.000+02:00",
      "2027-10-31T02:00:00.000+02:00",
      "2027-10-31T02:00:00.000+01:00",
      "2027-10-31T03:00:00.000+01:00",
    ]);
  });

  it("leaves out what an absence or an RDV of the agent covers, and what comes before the minimum delay", () => {
    const plage = {
      agentId: "a",
      lieuId: "l",
      series: { firstDay: "2027-04-05", startTime: "09:00", endTime: "12:00", recurrence: null },
    };
    const creneaux = computeCreneaux(
      base({
        period: dayRange("2027-04-05", 1),
        now: DateTime.fromISO("2027-04-05T07:10", { zone }).toJSDate(),
        plages: [plage],
        absences: [
          {
            agentId: "a",
            timezone: zone,
            series: { firstDay: "2027-04-05", startTime: "10:15", endTime: "10:45", recurrence: null },
          },
          // Another agent's absence does not matter.
          {
            agentId: "b",
            timezone: zone,
            series: { firstDay: "2027-04-05", startTime: "09:00", endTime: "12:00", recurrence: null },
          },
        ],
        rdvs: [
          { agentId: "a", startsAt: DateTime.fromISO("2027-04-05T11:20", { zone }).toJSDate(), durationInMin: 20 },
        ],
      }),
    );
    // 09:00 is before now + 2 h (09:10); 10:00 and 10:30 meet the absence; 11:00 and 11:30 meet the RDV.
    expect(local(creneaux)).toEqual(["2027-04-05 09:30"]);
  });

  it("starts on the organisation's step when one is given, and ends within the maximum delay", () => {
    const creneaux = computeCreneaux(
      base({
        durationInMin: 45,
        stepInMin: 15,
        period: dayRange("2027-04-05", 2),
        now: DateTime.fromISO("2027-04-04T00:00", { zone }).toJSDate(),
        window: { minDelayInMin: 0, maxDelayInMin: (24 + 10) * 60 },
        plages: [
          {
            agentId: "a",
            lieuId: "l",
            series: {
              firstDay: "2027-04-05",
              startTime: "09:00",
              endTime: "10:30",
              recurrence: { every: "week", interval: 1, weekdays: ["mo", "tu"] },
            },
          },
        ],
      }),
    );
    // Monday only: Tuesday is beyond now + 34 h; on Monday the last créneau ending by 10:00 (the window) starts 09:15.
    expect(local(creneaux)).toEqual(["2027-04-05 09:00", "2027-04-05 09:15"]);
  });

  it("lists nothing for an empty period, and sorts simultaneous créneaux by agent then lieu", () => {
    const plage = (agentId: string, lieuId: string) => ({
      agentId,
      lieuId,
      series: { firstDay: "2027-04-05", startTime: "09:00", endTime: "09:30", recurrence: null },
    });
    const plages = [plage("b", "l1"), plage("a", "l2"), plage("a", "l1")];
    expect(computeCreneaux(base({ plages, period: { from: new Date(0), to: new Date(0) } }))).toEqual([]);
    const creneaux = computeCreneaux(base({ plages, period: dayRange("2027-04-05", 1) }));
    expect(creneaux.map((c) => `${c.agentId}@${c.lieuId}`)).toEqual(["a@l1", "a@l2", "b@l1"]);
  });

  it("refuses a duration or a step that is not positive", () => {
    expect(() => computeCreneaux(base({ durationInMin: 0 }))).toThrow(RangeError);
    expect(() => computeCreneaux(base({ stepInMin: -5 }))).toThrow(RangeError);
  });
});
