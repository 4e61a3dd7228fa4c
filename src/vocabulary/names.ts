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

// Words that start with a vowel sound take the elided article (« d'Élodie », « qu'agent »). A name starting with
// « h » keeps « de » (« de Hugo »): whether its h is silent cannot be told from the spelling.
const VOWEL_START = /^[aeiouyàâäéèêëîïôöùûüÿæœ]/iu;

/** « de Bruno », « d'Élodie », « d'Yves »: « de » before a name, elided before a vowel. */
export function deName(name: string): string {
  return VOWEL_START.test(name) ? `d'${name}` : `de ${name}`;
}

/** « que secrétaire », « qu'agent », « qu'administrateur »: « que » before a word, elided before a vowel. */
export function queWord(word: string): string {
  return VOWEL_START.test(word) ? `qu'${word}` : `que ${word}`;
}
