/** Who made a change: always explicit in a domain call, never guessed from context. */
export type Author = { kind: "agent"; agentId: string } | { kind: "user"; userId: string };

/** The author as an agent, for calls made from the back-office. */
export function agentAuthor(agentId: string): Author {
  return { kind: "agent", agentId };
}
