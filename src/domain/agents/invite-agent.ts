import type { RoleLevel } from "../../generated/prisma/enums.ts";
import { enqueueEmail } from "../../notifications/outbox.ts";
import { fullName } from "../../vocabulary/names.ts";
import { requireAdmin } from "../admin/admin.policy.ts";
import type { Actor } from "../auth/actor.ts";
import { issueAgentToken } from "../auth/agent-tokens.ts";
import { agentAuthor } from "../author.ts";
import type { DomainContext } from "../context.ts";
import { conflict } from "../errors.ts";
import { recordHistory } from "../history/record-history.ts";
import { parseInput } from "../validation.ts";
import { inviteAgentSchema } from "./agent.schemas.ts";
import { ROLE_LABELS } from "./roles.ts";

export type InviteAgentInput = { actor: Actor; organisationId: string; raw: unknown; now?: Date };

/**
 * The same for every email, so that neither the API nor the pages tell whether an account has it: the submitted
 * names, email and role, and `invited`.
 */
export type InviteAgentResult = {
  outcome: "invited";
  email: string;
  firstName: string;
  lastName: string;
  role: RoleLevel;
};

/**
 * Invite an agent into the organisation by email, with a single-use link valid 7 days, sent through the outbox. A new
 * email gets an account (and its role) at once, with a link to choose its password; an account that already exists
 * gets a pending invitation only (the role is in the link), which it accepts signed in: nobody is joined unasked.
 */
export async function inviteAgent(context: DomainContext, input: InviteAgentInput): Promise<InviteAgentResult> {
  requireAdmin(input.actor, input.organisationId);
  const values = parseInput(inviteAgentSchema, input.raw);
  const now = input.now ?? new Date();
  return context.db.$transaction(async (tx) => {
    // One query at a time: a transaction is one connection.
    const organisation = await tx.organisation.findUniqueOrThrow({
      where: { id: input.organisationId },
      select: { name: true, emailSenderName: true },
    });
    const inviter = await tx.agent.findUniqueOrThrow({
      where: { id: input.actor.agentId },
      select: { firstName: true, lastName: true },
    });
    const existing = await tx.agent.findUnique({
      where: { email: values.email },
      select: {
        id: true,
        firstName: true,
        lastName: true,
        roles: { where: { organisationId: input.organisationId }, select: { id: true } },
      },
    });
    // Membership of this organisation is the admin's own business (its agent list shows it anyway).
    if (existing && existing.roles.length > 0) {
      throw conflict("Cet agent fait déjà partie de l'organisation.", {
        email: "Un agent de l'organisation a déjà cette adresse email.",
      });
    }
    const agent =
      existing ??
      (await tx.agent.create({
        data: { email: values.email, firstName: values.firstName, lastName: values.lastName },
        select: { id: true, firstName: true, lastName: true },
      }));
    if (!existing) {
      await tx.agentRole.create({
        data: { agentId: agent.id, organisationId: input.organisationId, level: values.role },
      });
    }
    const token = await issueAgentToken(
      tx,
      {
        kind: "invitation",
        agentId: agent.id,
        organisationId: input.organisationId,
        createdByAgentId: input.actor.agentId,
        role: existing ? values.role : null,
      },
      now,
    );
    await enqueueEmail(tx, {
      organisationId: input.organisationId,
      kind: "invitation",
      to: values.email,
      fromName: organisation.emailSenderName ?? organisation.name,
      payload: {
        kind: "invitation",
        recipient: { firstName: agent.firstName, email: values.email },
        inviterName: fullName(inviter),
        organisationName: organisation.name,
        roleLabel: ROLE_LABELS[values.role].toLowerCase(),
        token,
        existingAccount: existing !== null,
      },
    });
    await recordHistory(tx, {
      organisationId: input.organisationId,
      recordId: agent.id,
      author: agentAuthor(input.actor.agentId),
      data: {
        type: "agent",
        action: "invited",
        agent: fullName({ firstName: values.firstName, lastName: values.lastName }),
        email: values.email,
        role: values.role,
      },
    });
    return {
      outcome: "invited" as const,
      email: values.email,
      firstName: values.firstName,
      lastName: values.lastName,
      role: values.role,
    };
  });
}
