// Agents of an organisation as other areas need them: options for a form or a filter, and membership checks of an
// agent id sent by a client (404 when it names what a page shows, 422 when it is a submitted field).
import type { Tx } from "../../db/client.ts";
import { invalid, notFound } from "../errors.ts";

/** Anything that reads: the client or a transaction. */
type Reader = Tx;

/** An agent as a select or a filter lists it. */
export type AgentOption = { id: string; firstName: string; lastName: string };

/** Agents of an organisation by name, or just one of them. */
export function agentsOf(db: Reader, organisationId: string, onlyAgentId?: string): Promise<AgentOption[]> {
  return db.agent.findMany({
    where: { roles: { some: { organisationId } }, ...(onlyAgentId !== undefined && { id: onlyAgentId }) },
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    select: { id: true, firstName: true, lastName: true },
  });
}

/** 404 for an agent who is not a member of the organisation: a forged id finds nothing. */
export async function requireAgentInOrganisation(db: Reader, agentId: string, organisationId: string): Promise<void> {
  if (!(await isMember(db, agentId, organisationId)))
    throw notFound("Cet agent n'existe pas ou vous n'y avez pas accès.");
}

/** Refuse (422 on agentId) an agent who is not a member of the organisation. */
export async function requireAgentOfOrganisation(db: Reader, agentId: string, organisationId: string): Promise<void> {
  if (!(await isMember(db, agentId, organisationId)))
    throw invalid({ agentId: "Cet agent ne fait pas partie de l'organisation." });
}

async function isMember(db: Reader, agentId: string, organisationId: string): Promise<boolean> {
  const role = await db.agentRole.findUnique({
    where: { agentId_organisationId: { agentId, organisationId } },
    select: { id: true },
  });
  return role !== null;
}
