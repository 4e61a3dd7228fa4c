// Benchmark of the créneaux engine (issue 12): six weeks of créneaux for one motif in an organisation of 50 agents,
// each with 3 weekly plages, 2 absences and 200 RDVs. Run alone with `node bench/creneaux.ts`; prints the median.
import {
  type CreneauxAbsence,
  type CreneauxInput,
  type CreneauxPlage,
  type CreneauxRdv,
  computeCreneaux,
} from "../src/domain/creneaux/compute-creneaux.ts";
import { dayNumberFromLocalDate, instantAt, localDateFromDayNumber } from "../src/domain/recurrence/local-calendar.ts";
import type { Weekday } from "../src/domain/recurrence/recurrence.schemas.ts";

const AGENTS = 50;
const RDVS_PER_AGENT = 200;
const TIMEZONE = "Europe/Paris";
/** A Monday, so that the six weeks cross the end of daylight saving time (31 October 2027). */
const FIRST_DAY = "2027-10-04";
const WEEKS = 6;

/** A deterministic generator, so that every run measures the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** The organisation of the benchmark, as the loading queries would hand it to the pure function. */
export function benchInput(): CreneauxInput {
  const next = random(42);
  const first = dayNumberFromLocalDate(FIRST_DAY);
  const lieux = ["lieu-centre", "lieu-nord", "lieu-sud"];
  const weekly = (weekdays: Weekday[]) => ({ every: "week" as const, interval: 1, weekdays });
  const plages: CreneauxPlage[] = [];
  const absences: CreneauxAbsence[] = [];
  const rdvs: CreneauxRdv[] = [];
  const input: CreneauxInput = {
    timezone: TIMEZONE,
    durationInMin: 30,
    period: { from: instantAt(first, "00:00", TIMEZONE), to: instantAt(first + 7 * WEEKS, "00:00", TIMEZONE) },
    now: instantAt(first - 1, "12:00", TIMEZONE),
    window: { minDelayInMin: 120, maxDelayInMin: 6 * 7 * 24 * 60 },
    plages,
    absences,
    rdvs,
  };
  for (let index = 0; index < AGENTS; index++) {
    const agentId = `agent-${String(index).padStart(2, "0")}`;
    const lieuId = lieux[index % lieux.length] ?? "lieu-centre";
    const hours = [
      { startTime: "09:00", endTime: "12:30", weekdays: ["mo", "we"] as Weekday[] },
      { startTime: "13:30", endTime: "17:00", weekdays: ["tu", "th"] as Weekday[] },
      { startTime: "08:30", endTime: "12:00", weekdays: ["fr"] as Weekday[] },
    ];
    for (const plage of hours) {
      plages.push({
        agentId,
        lieuId,
        series: {
          firstDay: "2027-01-04",
          startTime: plage.startTime,
          endTime: plage.endTime,
          recurrence: weekly(plage.weekdays),
        },
      });
    }
    // A week of holidays at some point, and a weekly team meeting.
    const holiday = first + Math.floor(next() * 7 * WEEKS);
    absences.push(
      {
        agentId,
        timezone: TIMEZONE,
        series: {
          firstDay: localDateFromDayNumber(holiday),
          startTime: "00:00",
          endDay: localDateFromDayNumber(holiday + 4),
          endTime: "23:59",
          recurrence: null,
        },
      },
      {
        agentId,
        timezone: TIMEZONE,
        series: { firstDay: "2027-09-01", startTime: "11:00", endTime: "12:00", recurrence: weekly(["we"]) },
      },
    );
    for (let rdv = 0; rdv < RDVS_PER_AGENT; rdv++) {
      const day = first + Math.floor(next() * 7 * WEEKS);
      const minutes = 8 * 60 + 15 * Math.floor(next() * 40);
      const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
      rdvs.push({ agentId, startsAt: instantAt(day, time, TIMEZONE), durationInMin: next() < 0.5 ? 30 : 45 });
    }
  }
  return input;
}

/** Median and 99th percentile of the pure engine on the benchmark's organisation. */
export async function benchCreneaux(): Promise<{ medianMs: number; p99Ms: number; runs: number; creneaux: number }> {
  const input = benchInput();
  let creneaux = 0;
  for (let warmup = 0; warmup < 20; warmup++) creneaux = computeCreneaux(input).length;
  const runs = 200;
  const timings: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    computeCreneaux(input);
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const at = (quantile: number) => timings[Math.min(runs - 1, Math.floor(quantile * runs))] ?? Number.NaN;
  return { medianMs: at(0.5), p99Ms: at(0.99), runs, creneaux };
}

if (import.meta.main) {
  const { medianMs, p99Ms, runs, creneaux } = await benchCreneaux();
  console.log(
    `créneaux: ${AGENTS} agents × 3 plages, 2 absences, ${RDVS_PER_AGENT} RDVs, ${WEEKS} weeks → ${creneaux} créneaux; ` +
      `median ${medianMs.toFixed(2)} ms, p99 ${p99Ms.toFixed(2)} ms over ${runs} runs`,
  );
}
