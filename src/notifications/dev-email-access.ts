// Who may read which email on /dev/emails (development only): the emails of the organisations where the agent is an
// admin, and the emails sent to the agent itself. They hold sign-in and password-reset links, so nobody else.
import type { Db } from "../db/client.ts";
import type { CurrentSession } from "../domain/auth/sessions.ts";

/** The agent reading the development mailbox. */
export type DevEmailReader = { email: string; adminOrganisationIds: string[] };

/** The reader behind a signed-in session. */
export function devEmailReaderOf(session: CurrentSession): DevEmailReader {
  return {
    email: session.agent.email,
    adminOrganisationIds: session.organisations.filter((o) => o.level === "admin").map((o) => o.id),
  };
}

/** Among `ids`, the outbox emails this reader may see. */
export async function readableDevEmailIds(db: Db, reader: DevEmailReader, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.outboxMessage.findMany({
    where: {
      id: { in: ids },
      OR: [
        { organisationId: { in: reader.adminOrganisationIds } },
        { toEmail: { equals: reader.email, mode: "insensitive" } },
      ],
    },
    select: { id: true },
  });
  return new Set(rows.map((row) => row.id));
}
