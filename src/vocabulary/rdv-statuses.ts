// The statuses of an RDV as the service says them: one French label set for the RDV page, the list, the agenda, the
// status form, flash messages, emails and the history, and the one definition of a cancelled RDV.
import type { RdvStatus } from "../generated/prisma/enums.ts";

/** The statuses that mean the RDV will not take place: cancelled by the usager, or by the service. */
export const CANCELLED_STATUSES = ["excused", "revoked"] as const satisfies readonly RdvStatus[];

/** A status of a cancelled RDV. */
type CancelledStatus = (typeof CANCELLED_STATUSES)[number];

/** Cancelled RDVs are `excused` (by the usager) or `revoked` (by the service). */
export function isCancelledStatus(status: RdvStatus): status is CancelledStatus {
  return status === "excused" || status === "revoked";
}

const LABELS: Record<Exclude<RdvStatus, "unknown">, string> = {
  seen: "Honoré",
  noshow: "Absence non excusée",
  excused: "Annulé (à la demande de l'usager)",
  revoked: "Annulé (par le service)",
};

/**
 * « À venir », « À renseigner », « Honoré », « Absence non excusée », « Annulé (…) ». An RDV with no status yet is
 * to come until it starts, then waits for an agent to say what became of it.
 */
export function rdvStatusLabel(status: RdvStatus, timing: { past: boolean }): string {
  if (status === "unknown") return timing.past ? "À renseigner" : "À venir";
  return LABELS[status];
}

/** Whether an RDV starting at `startsAt` has started at `now` (its status then says what became of it). */
export function isPastRdv(startsAt: Date, now: Date): boolean {
  return startsAt.getTime() <= now.getTime();
}

/** The label inside a sentence (« Statut : honoré »): the same words, lower-case first letter. */
export function rdvStatusInSentence(status: RdvStatus, timing: { past: boolean }): string {
  const label = rdvStatusLabel(status, timing);
  return label.charAt(0).toLocaleLowerCase("fr") + label.slice(1);
}
