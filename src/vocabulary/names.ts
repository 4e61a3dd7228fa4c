// How people are named to people: agents and usagers on pages, in emails, in ICS files and in the history.

/** Someone with a first and a last name: an agent or a usager. */
export type Named = { firstName: string; lastName: string };

/**
 * « Prénom Nom », on one line: a name with a control character or a newline can neither split an email header nor
 * a history line.
 */
export function fullName(person: Named): string {
  return `${person.firstName} ${person.lastName}`
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Who made a change, as the history names it: the agent, « Prénom Nom (usager) », or « Auteur supprimé ». */
export function authorName(agent: Named | null, user: Named | null): string {
  if (agent) return fullName(agent);
  if (user) return `${fullName(user)} (usager)`;
  return "Auteur supprimé";
}
