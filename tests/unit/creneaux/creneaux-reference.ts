// A brute-force reference for the créneaux engine, written straight from the definition and nothing cleverer: every
// grid slot of every plage occurrence, checked against every absence occurrence and every RDV, one by one. Plages and
// absences are expanded by the recurrence module, which has its own property tests against a day-by-day reference.
import fc from "fast-check";
import type { Creneau, CreneauxInput } from "../../../src/domain/creneaux/compute-creneaux.ts";
import { expandOccurrences, type Series } from "../../../src/domain/recurrence/expand.ts";
import { dayNumberFromLocalDate, localDateFromDayNumber } from "../../../src/domain/recurrence/local-calendar.ts";
import { type Recurrence, WEEKDAYS } from "../../../src/domain/recurrence/recurrence.schemas.ts";
import { FRENCH_ZONES, localDayArb, monthlyArb, weeklyArb } from "../recurrence/recurrence-arbitraries.ts";

const MIN = 60_000;
const DAY = 86_400_000;

/** Every occurrence of a series that could matter, over a range wide enough for any input of these tests. */
function occurrencesAround(series: Series, timezone: string, input: CreneauxInput) {
  const range = {
    from: new Date(input.period.from.getTime() - 3 * DAY),
    to: new Date(input.period.to.getTime() + 3 * DAY),
  };
  return expandOccurrences({ ...series, timezone }, range);
}

/** The free créneaux of the input, by brute force. */
export function referenceCreneaux(input: CreneauxInput): Creneau[] {
  const duration = input.durationInMin * MIN;
  const step = (input.stepInMin ?? input.durationInMin) * MIN;
  const now = input.now.getTime();
  const busy = [
    ...input.rdvs.map((rdv) => ({
      agentId: rdv.agentId,
      start: rdv.startsAt.getTime(),
      end: rdv.startsAt.getTime() + rdv.durationInMin * MIN,
    })),
    ...input.absences.flatMap((absence) =>
      occurrencesAround(absence.series, absence.timezone, input).map((occurrence) => ({
        agentId: absence.agentId,
        start: occurrence.startsAt.getTime(),
        end: occurrence.endsAt.getTime(),
      })),
    ),
  ];
  const found = new Map<string, Creneau>();
  for (const plage of input.plages) {
    for (const occurrence of occurrencesAround(plage.series, input.timezone, input)) {
      for (let start = occurrence.startsAt.getTime(); start + duration <= occurrence.endsAt.getTime(); start += step) {
        const end = start + duration;
        if (start < input.period.from.getTime() || start >= input.period.to.getTime()) continue;
        if (start < now + input.window.minDelayInMin * MIN || end > now + input.window.maxDelayInMin * MIN) continue;
        if (busy.some((b) => b.agentId === plage.agentId && b.start < end && start < b.end)) continue;
        const key = `${start} ${plage.agentId} ${plage.lieuId}`;
        found.set(key, {
          startsAt: new Date(start),
          endsAt: new Date(end),
          agentId: plage.agentId,
          lieuId: plage.lieuId,
        });
      }
    }
  }
  return [...found.values()].sort(
    (a, b) =>
      a.startsAt.getTime() - b.startsAt.getTime() || compare(a.agentId, b.agentId) || compare(a.lieuId, b.lieuId),
  );
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const AGENT_IDS = ["agent-a", "agent-b", "agent-c"] as const;
export const LIEU_IDS = ["lieu-1", "lieu-2"] as const;

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

type SeriesOptions = {
  baseDay: number;
  multiDay: boolean;
  startMinutes: fc.Arbitrary<number>;
  recurrence: fc.Arbitrary<Recurrence>;
};

/** A plage or an absence whose first day is around the base day, recurring or not. */
function seriesArb({ baseDay, multiDay, startMinutes, recurrence }: SeriesOptions): fc.Arbitrary<Series> {
  return fc
    .record({
      offset: fc.integer({ min: -20, max: 5 }),
      start: startMinutes,
      length: fc.integer({ min: 5, max: 600 }),
      spanDays: multiDay
        ? fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) })
        : fc.constant(0),
      recurrence: fc.option(recurrence, { freq: 4 }),
      untilAfter: fc.option(fc.integer({ min: 0, max: 60 }), { freq: 3 }),
    })
    .map(({ offset, start, length, spanDays, recurrence, untilAfter }) => {
      const firstDay = baseDay + offset;
      const end = spanDays === 0 ? Math.min(start + length, 1439) : (start + length) % 1440;
      const until = untilAfter === null ? undefined : localDateFromDayNumber(firstDay + untilAfter);
      return {
        firstDay: localDateFromDayNumber(firstDay),
        startTime: hhmm(start),
        ...(spanDays > 0 && { endDay: localDateFromDayNumber(firstDay + spanDays) }),
        endTime: hhmm(end),
        recurrence: recurrence && (until === undefined ? recurrence : { ...recurrence, until }),
      };
    });
}

type InputOptions = {
  zones: readonly string[];
  baseDay: fc.Arbitrary<string>;
  startMinutes: fc.Arbitrary<number>;
  recurrence: fc.Arbitrary<Recurrence>;
};

/** Random organisations of up to three agents, two lieux, a few plages, absences and RDVs, and a period near them. */
export function inputArbWith({ zones, baseDay, startMinutes, recurrence }: InputOptions): fc.Arbitrary<CreneauxInput> {
  return fc
    .record({ timezone: fc.constantFrom(...zones), baseDay: baseDay.map(dayNumberFromLocalDate) })
    .chain(({ timezone, baseDay }) => {
      const origin = baseDay * DAY;
      const agentArb = fc.constantFrom(...AGENT_IDS);
      return fc
        .record({
          durationInMin: fc.constantFrom(5, 10, 15, 20, 30, 45, 60, 90),
          stepInMin: fc.option(fc.constantFrom(5, 10, 15, 30, 60), { freq: 3 }),
          periodStart: fc.integer({ min: -1440, max: 1440 }),
          periodLength: fc.oneof(
            { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 * 1440 }) },
            { weight: 3, arbitrary: fc.integer({ min: 3 * 1440, max: 14 * 1440 }) },
          ),
          nowOffset: fc.integer({ min: -2 * 1440, max: 120 }),
          minDelayInMin: fc.oneof(
            { weight: 3, arbitrary: fc.integer({ min: 0, max: 240 }) },
            { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 * 1440 }) },
          ),
          maxDelayLength: fc.oneof(
            { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 * 1440 }) },
            { weight: 3, arbitrary: fc.constant(42 * 1440) },
          ),
          plages: fc.array(
            fc.record({
              agentId: agentArb,
              lieuId: fc.constantFrom(...LIEU_IDS),
              series: seriesArb({ baseDay, multiDay: false, startMinutes, recurrence }),
            }),
            { minLength: 1, maxLength: 5 },
          ),
          absences: fc.array(
            fc.record({
              agentId: agentArb,
              // Mostly the organisation's zone; sometimes another, as for an absence entered in another organisation.
              timezone: fc.oneof(
                { weight: 4, arbitrary: fc.constant(timezone) },
                { weight: 1, arbitrary: fc.constantFrom(...zones) },
              ),
              series: seriesArb({
                baseDay,
                multiDay: true,
                startMinutes: fc.integer({ min: 0, max: 1430 }),
                recurrence,
              }),
            }),
            { maxLength: 5 },
          ),
          rdvs: fc.array(
            fc.record({
              agentId: agentArb,
              offset: fc.integer({ min: -1440, max: 10 * 1440 }),
              durationInMin: fc.integer({ min: 5, max: 120 }),
            }),
            { maxLength: 30 },
          ),
        })
        .map((r) => {
          const from = origin + r.periodStart * MIN;
          const now = from + r.nowOffset * MIN;
          return {
            timezone,
            durationInMin: r.durationInMin,
            ...(r.stepInMin !== null && { stepInMin: r.stepInMin }),
            period: { from: new Date(from), to: new Date(from + r.periodLength * MIN) },
            now: new Date(now),
            window: { minDelayInMin: r.minDelayInMin, maxDelayInMin: r.minDelayInMin + r.maxDelayLength },
            plages: r.plages,
            absences: r.absences,
            rdvs: r.rdvs.map((rdv) => ({
              agentId: rdv.agentId,
              startsAt: new Date(from + rdv.offset * MIN),
              durationInMin: rdv.durationInMin,
            })),
          };
        });
    });
}

/** Any zone of a French organisation, any day from 2024 to 2031. */
export const inputArb = inputArbWith({
  zones: FRENCH_ZONES,
  baseDay: localDayArb,
  startMinutes: fc.integer({ min: 0, max: 1430 }),
  // Mostly recurrences that come back within the period; sometimes any, as the recurrence tests draw them.
  recurrence: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        every: fc.constant("week" as const),
        interval: fc.integer({ min: 1, max: 2 }),
        weekdays: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      }),
    },
    { weight: 1, arbitrary: fc.oneof(weeklyArb, monthlyArb) },
  ),
});
