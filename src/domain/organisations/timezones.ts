// Time zones an organisation can choose: France's own first, with their French names, then every other IANA zone.
import { IANAZone } from "luxon";

/** The zones of France (metropolitan and overseas), as people there name them. */
export const FRENCH_TIMEZONES: readonly { id: string; label: string }[] = [
  { id: "Europe/Paris", label: "France métropolitaine (Paris)" },
  { id: "America/Guadeloupe", label: "Guadeloupe" },
  { id: "America/Martinique", label: "Martinique" },
  { id: "America/Cayenne", label: "Guyane (Cayenne)" },
  { id: "Indian/Reunion", label: "La Réunion" },
  { id: "Indian/Mayotte", label: "Mayotte" },
  { id: "America/Miquelon", label: "Saint-Pierre-et-Miquelon" },
  { id: "Pacific/Tahiti", label: "Polynésie française (Tahiti)" },
  { id: "Pacific/Noumea", label: "Nouvelle-Calédonie (Nouméa)" },
  { id: "Pacific/Wallis", label: "Wallis-et-Futuna" },
];

const frenchIds = new Set(FRENCH_TIMEZONES.map((zone) => zone.id));

/** Every other zone the runtime knows, by IANA name. */
export const OTHER_TIMEZONES: readonly string[] = Intl.supportedValuesOf("timeZone").filter(
  (id) => !frenchIds.has(id) && IANAZone.isValidZone(id),
);

const known = new Set([...frenchIds, ...OTHER_TIMEZONES]);

/** Whether `id` is a zone of the list above. */
export function isKnownTimezone(id: string): boolean {
  return known.has(id);
}
