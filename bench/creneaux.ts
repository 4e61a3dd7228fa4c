// Benchmark of the créneaux engine (issue 12): six weeks of créneaux for one motif in an organisation of 50 agents,
// each with 3 weekly plages, 2 absences and 200 RDVs. Run alone with `node bench/creneaux.ts` (add `--pure` to skip the
// variant through the loading queries on PGlite); prints the medians. `npm run bench` calls benchCreneaux().
import { randomUUID } from "node:crypto";
import { createPrisma, type Db } from "../src/db/client.ts";
import { startEmbeddedPostgres } from "../src/db/embedded.ts";
import { runMigrations } from "../src/db/migrate.ts";
import {
  type CreneauxAbsence,
  type CreneauxInput,
  type CreneauxPlage,
  type CreneauxRdv,
  computeCreneaux,
} from "../src/domain/creneaux/compute-creneaux.ts";
import { findCreneaux } from "../src/domain/creneaux/find-creneaux.ts";
import { dayNumberFromLocalDate, instantAt, localDateFromDayNumber } from "../src/domain/recurrence/local-calendar.ts";
import type { Weekday } from "../src/domain/recurrence/recurrence.schemas.ts";
import { dbDateFromLocalDate, recurrenceToColumns } from "../src/domain/recurrence/recurrence-columns.ts";

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

/** Wall-clock median and p99 per run, and the mean CPU time of this process per run (the engine's own cost when other
 * processes crowd the machine: on 2 shared cores the wall clock mostly measures the wait for a core). */
type Timings = { medianMs: number; p99Ms: number; cpuMs: number; runs: number; creneaux: number };

/** Median and 99th percentile of `run` over `runs` runs, after `warmups`. */
async function measure(run: () => Promise<number> | number, warmups: number, runs: number): Promise<Timings> {
  let creneaux = 0;
  for (let warmup = 0; warmup < warmups; warmup++) creneaux = await run();
  const timings: number[] = [];
  const cpu = process.cpuUsage();
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await run();
    timings.push(performance.now() - started);
  }
  const { user, system } = process.cpuUsage(cpu);
  timings.sort((a, b) => a - b);
  const at = (quantile: number) => timings[Math.min(runs - 1, Math.floor(quantile * runs))] ?? Number.NaN;
  return { medianMs: at(0.5), p99Ms: at(0.99), cpuMs: (user + system) / 1000 / runs, runs, creneaux };
}

/** Median and 99th percentile of the pure engine on the benchmark's organisation. */
export async function benchCreneaux(): Promise<Timings> {
  const input = benchInput();
  return measure(() => computeCreneaux(input).length, 20, 200);
}

/**
 * The same search through `findCreneaux` (checks, the loading queries, the engine) on an in-memory PGlite holding the
 * benchmark's organisation: what a request of the page or the API costs, the HTTP layer aside.
 */
export async function benchCreneauxThroughQueries(log: (step: string) => void = () => {}): Promise<Timings> {
  const embedded = await startEmbeddedPostgres();
  await runMigrations(embedded.url);
  // PGlite is one session, and a loaded machine makes it slow: wait long for the connection rather than fail.
  const db = createPrisma(embedded.url, 1, 300_000);
  try {
    log("PGlite started and migrated");
    const { organisationId, motifId, actor, now } = await storeBenchInput(db, benchInput());
    log("organisation stored");
    const last = localDateFromDayNumber(dayNumberFromLocalDate(FIRST_DAY) + 7 * WEEKS - 1);
    const raw = { motifId, from: FIRST_DAY, to: last };
    return await measure(
      async () => (await findCreneaux(db, { actor, organisationId, raw, now })).creneaux.length,
      2,
      10,
    );
  } finally {
    await db.$disconnect();
    await embedded.stop();
  }
}

/** Write the generated organisation to the database, with real ids. */
export async function storeBenchInput(db: Db, input: CreneauxInput) {
  const organisation = await db.organisation.create({ data: { name: "Bench créneaux", timezone: TIMEZONE } });
  const organisationId = organisation.id;
  const ids = new Map<string, string>();
  const idOf = (name: string) => {
    const known = ids.get(name);
    if (known) return known;
    const id = randomUUID();
    ids.set(name, id);
    return id;
  };
  const lieux = [...new Set(input.plages.map((plage) => plage.lieuId))];
  await db.lieu.createMany({
    data: lieux.map((name) => ({ id: idOf(name), organisationId, name, address: "1 place de la Mairie" })),
  });
  const motif = await db.motif.create({
    data: { organisationId, name: "Premier accueil", defaultDurationInMin: input.durationInMin },
  });
  const agents = [...new Set(input.plages.map((plage) => plage.agentId))];
  await db.agent.createMany({
    data: agents.map((name) => ({
      id: idOf(name),
      email: `${name}-${organisationId}@bench.fr`,
      firstName: "Agent",
      lastName: name,
    })),
  });
  await db.agentRole.createMany({
    data: agents.map((name) => ({ agentId: idOf(name), organisationId, level: "agent" })),
  });
  const plageIds = input.plages.map(() => randomUUID());
  await db.plageOuverture.createMany({
    data: input.plages.map((plage, index) => ({
      id: plageIds[index],
      organisationId,
      agentId: idOf(plage.agentId),
      lieuId: idOf(plage.lieuId),
      title: "Permanence",
      firstDay: dbDateFromLocalDate(plage.series.firstDay),
      startTime: plage.series.startTime,
      endTime: plage.series.endTime,
      ...recurrenceToColumns(plage.series.recurrence),
      uid: `plage-${randomUUID()}@bench`,
    })),
  });
  await db.plageMotif.createMany({ data: plageIds.map((id) => ({ plageOuvertureId: id, motifId: motif.id })) });
  await db.absence.createMany({
    data: input.absences.map((absence) => ({
      organisationId,
      agentId: idOf(absence.agentId),
      title: "Absence",
      firstDay: dbDateFromLocalDate(absence.series.firstDay),
      startTime: absence.series.startTime,
      endDay: dbDateFromLocalDate(absence.series.endDay ?? absence.series.firstDay),
      endTime: absence.series.endTime,
      ...recurrenceToColumns(absence.series.recurrence),
      uid: `absence-${randomUUID()}@bench`,
    })),
  });
  const rdvIds = input.rdvs.map(() => randomUUID());
  await db.rdv.createMany({
    data: input.rdvs.map((rdv, index) => ({
      id: rdvIds[index],
      organisationId,
      motifId: motif.id,
      lieuId: idOf(lieux[0] ?? ""),
      startsAt: rdv.startsAt,
      durationInMin: rdv.durationInMin,
      uid: `rdv-${randomUUID()}@bench`,
    })),
  });
  await db.rdvAgent.createMany({
    data: input.rdvs.map((rdv, index) => ({ rdvId: rdvIds[index] ?? "", agentId: idOf(rdv.agentId) })),
  });
  // Fresh planner statistics, as autovacuum would gather on a server after such a load (PGlite has no autovacuum).
  await db.$executeRaw`ANALYZE`;
  const actor = { agentId: idOf(agents[0] ?? ""), memberships: [{ organisationId, level: "secretary" as const }] };
  return { organisationId, motifId: motif.id, actor, now: input.now };
}

if (import.meta.main) {
  const describe = `${AGENTS} agents × 3 plages, 2 absences, ${RDVS_PER_AGENT} RDVs, ${WEEKS} weeks`;
  const pure = await benchCreneaux();
  console.log(
    `créneaux, pure engine: ${describe} → ${pure.creneaux} créneaux; ` +
      `median ${pure.medianMs.toFixed(2)} ms, p99 ${pure.p99Ms.toFixed(2)} ms, CPU ${pure.cpuMs.toFixed(2)} ms per run ` +
      `over ${pure.runs} runs`,
  );
  if (!process.argv.includes("--pure")) {
    const started = performance.now();
    const loaded = await benchCreneauxThroughQueries((step) =>
      console.error(`  … ${step} (${((performance.now() - started) / 1000).toFixed(1)} s)`),
    );
    console.log(
      `créneaux, findCreneaux on PGlite (queries + engine): ${loaded.creneaux} créneaux; ` +
        `median ${loaded.medianMs.toFixed(2)} ms, p99 ${loaded.p99Ms.toFixed(2)} ms, CPU ${loaded.cpuMs.toFixed(2)} ms ` +
        `per run (PGlite runs in this process) over ${loaded.runs} runs`,
    );
  }
}
