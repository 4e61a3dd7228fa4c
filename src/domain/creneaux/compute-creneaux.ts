// The créneaux engine, pure: given the plages d'ouverture that offer a motif, the absences and the RDVs of their
// agents, it lists the free créneaux of a period. No database, no clock: `load-creneaux-data.ts` reads what it needs
// and `find-creneaux.ts` ties both together. Plages and absences are expanded by the recurrence module only.
import { expandOccurrences, type Range, type Series } from "../recurrence/expand.ts";

/** A plage d'ouverture that offers the motif: whose, where, and when (local days and times of the organisation). */
export type CreneauxPlage = { agentId: string; lieuId: string; series: Series };

/** An absence of an agent, in the zone of the organisation it was entered in (an agent may belong to several). */
export type CreneauxAbsence = { agentId: string; timezone: string; series: Series };

/** A non-cancelled RDV of an agent: the time it keeps the agent busy. */
export type CreneauxRdv = { agentId: string; startsAt: Date; durationInMin: number };

/** How early and how late a créneau may be booked, in minutes from now (the organisation's settings). */
export type BookingWindow = { minDelayInMin: number; maxDelayInMin: number };

export type CreneauxInput = {
  /** The organisation's zone, in which the plages' local days and times are read. */
  timezone: string;
  /** The motif's duration: every créneau lasts exactly this long. */
  durationInMin: number;
  /** The grid on which créneaux start, counted from the start of each plage occurrence; defaults to the duration. */
  stepInMin?: number;
  /** Créneaux that start in [from, to) are listed. */
  period: Range;
  now: Date;
  window: BookingWindow;
  plages: readonly CreneauxPlage[];
  absences: readonly CreneauxAbsence[];
  rdvs: readonly CreneauxRdv[];
};

/** A free créneau: an agent at a lieu over [startsAt, endsAt), instants in UTC. */
export type Creneau = { startsAt: Date; endsAt: Date; agentId: string; lieuId: string };

const MS_PER_MIN = 60_000;

/** A busy interval [start, end) of one agent, in epoch milliseconds. */
type Interval = { start: number; end: number };

/**
 * The free créneaux of the input, sorted by start, then agent, then lieu. A créneau lies inside one occurrence of a
 * plage, starts on that occurrence's grid (start + k·step), lasts the motif's duration, overlaps no absence and no RDV
 * of its agent, starts no sooner than now + the minimum delay and ends no later than now + the maximum delay.
 */
export function computeCreneaux(input: CreneauxInput): Creneau[] {
  const durationMs = input.durationInMin * MS_PER_MIN;
  const stepMs = (input.stepInMin ?? input.durationInMin) * MS_PER_MIN;
  if (!(durationMs > 0) || !(stepMs > 0)) throw new RangeError("The duration and the step must be positive");
  const now = input.now.getTime();
  const firstStart = Math.max(input.period.from.getTime(), now + input.window.minDelayInMin * MS_PER_MIN);
  const startsBefore = input.period.to.getTime();
  const lastEnd = Math.min(startsBefore + durationMs, now + input.window.maxDelayInMin * MS_PER_MIN);
  if (firstStart >= startsBefore || firstStart + durationMs > lastEnd) return [];
  // Every créneau lies within [firstStart, lastEnd): nothing outside it can matter.
  const horizon = { from: new Date(firstStart), to: new Date(lastEnd) };
  const busy = busyByAgent(input, horizon);
  const expand = expansionOf(horizon);
  const rank = ranks(input.plages);

  // Créneaux by start instant: there are far fewer distinct starts than créneaux (colleagues keep the same hours), so
  // sorting the starts as numbers, then each small group by agent and lieu, is much cheaper than sorting them all.
  const byStart = new Map<number, Found[]>();
  for (const plage of input.plages) {
    const agentBusy = busy.get(plage.agentId) ?? [];
    const order = (rank.get(plage.agentId) ?? 0) * rank.size + (rank.get(plage.lieuId) ?? 0);
    for (const occurrence of expand(plage.series, input.timezone)) {
      const end = Math.min(occurrence.end, lastEnd);
      let slot = occurrence.start + Math.max(0, Math.ceil((firstStart - occurrence.start) / stepMs)) * stepMs;
      let next = firstEndingAfter(agentBusy, slot);
      for (; slot + durationMs <= end && slot < startsBefore; slot += stepMs) {
        while (next < agentBusy.length && (agentBusy[next]?.end ?? 0) <= slot) next++;
        // Busy intervals are disjoint and sorted: only the first one ending after the slot's start can overlap it.
        const blocking = agentBusy[next];
        if (blocking && blocking.start < slot + durationMs) continue;
        const group = byStart.get(slot);
        if (group) group.push({ order, plage });
        else byStart.set(slot, [{ order, plage }]);
      }
    }
  }
  const creneaux: Creneau[] = [];
  for (const start of new Float64Array([...byStart.keys()]).sort()) {
    const group = byStart.get(start) ?? [];
    group.sort((a, b) => a.order - b.order);
    let previous: number | undefined;
    for (const { order, plage } of group) {
      // Two plages of one agent at one lieu should never overlap, but if old data does, a créneau is listed once.
      if (order === previous) continue;
      previous = order;
      const startsAt = new Date(start);
      creneaux.push({ startsAt, endsAt: new Date(start + durationMs), agentId: plage.agentId, lieuId: plage.lieuId });
    }
  }
  return creneaux;
}

/** A créneau found at some start: its plage, and its rank by agent then lieu. */
type Found = { order: number; plage: CreneauxPlage };

/**
 * Expansion over the horizon, once per distinct series and zone: colleagues often keep the same hours (and share the
 * weekly meeting), so an organisation has far fewer distinct series than plages and absences.
 */
function expansionOf(horizon: Range) {
  const expanded = new Map<string, Interval[]>();
  return (series: Series, timezone: string): Interval[] => {
    const key = JSON.stringify([
      timezone,
      series.firstDay,
      series.startTime,
      series.endDay,
      series.endTime,
      series.recurrence,
    ]);
    let intervals = expanded.get(key);
    if (!intervals) {
      intervals = expandOccurrences({ ...series, timezone }, horizon).map(({ startsAt, endsAt }) => ({
        start: startsAt.getTime(),
        end: endsAt.getTime(),
      }));
      expanded.set(key, intervals);
    }
    return intervals;
  };
}

/** The rank of each agent id and lieu id in string order, shared by both (ids are unique across tables). */
function ranks(plages: readonly CreneauxPlage[]): Map<string, number> {
  const ids = [...new Set(plages.flatMap((plage) => [plage.agentId, plage.lieuId]))].sort();
  return new Map(ids.map((id, index) => [id, index]));
}

/** Absences (expanded) and RDVs of each agent over the horizon, merged into disjoint sorted intervals. */
function busyByAgent(input: CreneauxInput, horizon: Range): Map<string, Interval[]> {
  const from = horizon.from.getTime();
  const to = horizon.to.getTime();
  const edges = new Map<string, { starts: number[]; ends: number[] }>();
  const add = (agentId: string, start: number, end: number) => {
    if (end <= from || start >= to) return;
    const agent = edges.get(agentId);
    if (agent) {
      agent.starts.push(start);
      agent.ends.push(end);
    } else edges.set(agentId, { starts: [start], ends: [end] });
  };
  for (const rdv of input.rdvs) {
    const start = rdv.startsAt.getTime();
    add(rdv.agentId, start, start + rdv.durationInMin * MS_PER_MIN);
  }
  const expand = expansionOf(horizon);
  for (const absence of input.absences) {
    for (const { start, end } of expand(absence.series, absence.timezone)) add(absence.agentId, start, end);
  }
  const busy = new Map<string, Interval[]>();
  for (const [agentId, agent] of edges) busy.set(agentId, union(agent.starts, agent.ends));
  return busy;
}

/**
 * The union of intervals given by their starts and their ends, as disjoint sorted intervals. A time is covered when
 * more intervals have started than ended by then, which depends on neither pairing: starts and ends are sorted apart,
 * as plain numbers, and swept together.
 */
function union(startList: number[], endList: number[]): Interval[] {
  const starts = new Float64Array(startList).sort();
  const ends = new Float64Array(endList).sort();
  const merged: Interval[] = [];
  let depth = 0;
  let open = 0;
  let j = 0;
  for (const start of starts) {
    // Ends strictly before this start close intervals; an end equal to it does not, so touching intervals merge.
    while ((ends[j] ?? Number.POSITIVE_INFINITY) < start) {
      depth--;
      if (depth === 0) merged.push({ start: open, end: ends[j] ?? open });
      j++;
    }
    if (depth === 0) open = start;
    depth++;
  }
  merged.push({ start: open, end: ends[ends.length - 1] ?? open });
  return merged;
}

/** The index of the first interval that ends after `instant`, by binary search (merged intervals end in order). */
function firstEndingAfter(intervals: readonly Interval[], instant: number): number {
  let low = 0;
  let high = intervals.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((intervals[middle]?.end ?? 0) <= instant) low = middle + 1;
    else high = middle;
  }
  return low;
}
