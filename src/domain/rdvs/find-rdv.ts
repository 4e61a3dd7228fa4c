// Reading one RDV, always through the actor's organisations: an id of another organisation, or a forged one, is a 404.
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { authorName } from "../../vocabulary/names.ts";
import { type Actor, organisationIdsOf } from "../auth/actor.ts";
import { notFound } from "../errors.ts";
import { type HistoryData, readHistoryData } from "../history/history-data.ts";
import { rdvColumnsSelect } from "./rdv-snapshot.ts";

const RDV_NOT_FOUND = "Ce RDV n'existe pas ou vous n'y avez pas accès.";

export const rdvDetailsSelect = {
  ...rdvColumnsSelect,
  createdAt: true,
  updatedAt: true,
  organisation: { select: { name: true, timezone: true } },
  motif: { select: { name: true, locationType: true, color: true } },
  lieu: { select: { name: true, address: true } },
  createdByAgent: { select: { firstName: true, lastName: true } },
  createdByUser: { select: { firstName: true, lastName: true } },
  agents: {
    select: { agent: { select: { id: true, firstName: true, lastName: true } } },
    orderBy: [{ agent: { lastName: "asc" } }, { agent: { firstName: "asc" } }],
  },
  users: {
    select: { user: { select: { id: true, firstName: true, lastName: true, email: true, phone: true } } },
    orderBy: [{ user: { lastName: "asc" } }, { user: { firstName: "asc" } }],
  },
} satisfies Prisma.RdvSelect;

/** An RDV with the names of everything it refers to. */
export type RdvDetails = Prisma.RdvGetPayload<{ select: typeof rdvDetailsSelect }>;

/** One RDV of the actor's organisations, with its names, or a 404. */
export async function findRdv(db: Db, actor: Actor, rdvId: string): Promise<RdvDetails> {
  const rdv = await db.rdv.findFirst({
    where: { id: rdvId, organisationId: { in: organisationIdsOf(actor) } },
    select: rdvDetailsSelect,
  });
  if (!rdv) throw notFound(RDV_NOT_FOUND);
  return rdv;
}

/** One line of an RDV's history: its facts (put into French when shown), when, and who. */
export type RdvHistoryEntry = {
  id: string;
  data: HistoryData;
  createdAt: Date;
  authorName: string;
};

/** The history of an RDV of the actor's organisations, newest first, with the names of its authors. */
export async function findRdvHistory(db: Db, actor: Actor, rdvId: string): Promise<RdvHistoryEntry[]> {
  const entries = await db.historyEntry.findMany({
    where: { recordType: "rdv", recordId: rdvId, organisationId: { in: organisationIdsOf(actor) } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      data: true,
      createdAt: true,
      authorAgent: { select: { firstName: true, lastName: true } },
      authorUser: { select: { firstName: true, lastName: true } },
    },
  });
  return entries.map(({ id, data, createdAt, authorAgent, authorUser }) => ({
    id,
    data: readHistoryData(data),
    createdAt,
    authorName: authorName(authorAgent, authorUser),
  }));
}
