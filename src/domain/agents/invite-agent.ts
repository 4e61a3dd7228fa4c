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
 * `invited`: a new account was created and emailed a link to choose its password. `added`: the email already had
 * an account, which joins the organisation and stays one account (its names are kept).
 */
export type InviteAgentResult = { agentId: string; outcome: "invited" | "added"; firstName: string; lastName: string };

/** Invite an agent into the organisation by email, with a single-use link valid 7 days, sent through the outbox. */
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
        passwordHash: true,
        roles: { where: { organisationId: input.organisationId }, select: { id: true } },
      },
    });
    if (existing && existing.roles.length > 0) {
      throw conflict("Cet agent fait déjà partie de l'organisation.", {
        email: "Un agent de l'organisation a déjà cette adresse email.",
      });
    }
    const agent =
      existing ??
      (await tx.agent.create({
        data: { email: values.email, firstName: values.firstName, lastName: values.lastName },
        select: { id: true, firstName: true, lastName: true, passwordHash: true },
      }));
    await tx.agentRole.create({
      data: { agentId: agent.id, organisationId: input.organisationId, level: values.role },
    });
    // An account without a password (never activated, maybe invited elsewhere) needs a link to choose one.
    const token = agent.passwordHash
      ? null
      : await issueAgentToken(
          tx,
          {
            kind: "invitation",
            agentId: agent.id,
            organisationId: input.organisationId,
            createdByAgentId: input.actor.agentId,
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
      },
    });
    await recordHistory(tx, {
      organisationId: input.organisationId,
      recordId: agent.id,
      author: agentAuthor(input.actor.agentId),
      data: {
        type: "agent",
        action: existing ? "added" : "invited",
        agent: fullName(agent),
        email: values.email,
        role: values.role,
      },
    });
    return {
      agentId: agent.id,
      outcome: existing ? "added" : "invited",
      firstName: agent.firstName,
      lastName: agent.lastName,
    };
  });
}
