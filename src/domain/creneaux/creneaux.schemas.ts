// The question asked of the créneaux engine, from a page's query string or the API's: a motif, optionally a lieu and
// an agent, and a period of local days. Forms send an unchosen select as an empty string: it means « any ».
import { z } from "zod";
import { localDateSchema } from "../recurrence/recurrence.schemas.ts";
import { idSchema } from "../validation.ts";

/** The longest period asked at once, in days (both ends included): a two-month horizon is plenty for a search. */
export const MAX_CRENEAUX_PERIOD_DAYS = 62;

/** Without an end, a search covers a week. */
export const DEFAULT_CRENEAUX_PERIOD_DAYS = 7;

const emptyIsAbsent = (value: unknown) => (value === "" ? undefined : value);
const single = (message: string) => z.string({ error: message });

/** The query; the period's bounds are checked once its defaults are known (see `findCreneaux`). */
export const creneauxQuerySchema = z.object({
  motifId: z.preprocess(emptyIsAbsent, idSchema("Choisissez un motif.")),
  lieuId: z.preprocess(emptyIsAbsent, idSchema("Ce lieu n'existe pas.").optional()),
  agentId: z.preprocess(emptyIsAbsent, idSchema("Cet agent n'existe pas.").optional()),
  from: z.preprocess(
    emptyIsAbsent,
    single("Le début doit être une date (AAAA-MM-JJ).").pipe(localDateSchema).optional(),
  ),
  to: z.preprocess(emptyIsAbsent, single("La fin doit être une date (AAAA-MM-JJ).").pipe(localDateSchema).optional()),
});

/** A créneaux search as parsed: ids, and local days "YYYY-MM-DD" when given. */
export type CreneauxQuery = z.output<typeof creneauxQuerySchema>;
