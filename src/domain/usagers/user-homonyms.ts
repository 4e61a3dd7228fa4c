// The « homonym » warning when a usager is created: someone the service may already know under the same names (case
// and accents aside), or with the same last name and birth date. A warning, not a rule: the agent may confirm.
import type { Tx } from "../../db/client.ts";
import { fullName } from "../../vocabulary/names.ts";
import { AppError } from "../errors.ts";
import type { UserInput } from "./user.schemas.ts";

/** A usager that the new one may duplicate. */
export type Homonym = { id: string; firstName: string; lastName: string; birthDate: Date | null };

// Accented letters of French names and their base letter, for PostgreSQL's translate() (no unaccent extension in
// PGlite) and for the same comparison in JavaScript.
const ACCENTED = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæ";
const PLAIN = "aaaaaaceeeeiiiinooooouuuuyyoa";

/** A name as homonyms are compared: lowercase, without accents or surrounding spaces. */
export function homonymKey(name: string): string {
  const lower = name.trim().toLowerCase();
  return [...lower].map((letter) => PLAIN[ACCENTED.indexOf(letter)] ?? letter).join("");
}

/** The usagers of the organisation with the same first and last names, or the same last name and birth date. */
export async function findHomonyms(
  tx: Tx,
  input: { organisationId: string; user: UserInput; exceptUserId?: string },
): Promise<Homonym[]> {
  const first = homonymKey(input.user.firstName);
  const last = homonymKey(input.user.lastName);
  const rows = await tx.$queryRaw<Homonym[]>`
    SELECT "id", "firstName", "lastName", "birthDate" FROM "User"
    WHERE "organisationId" = ${input.organisationId}
      AND "id" <> ${input.exceptUserId ?? ""}
      AND translate(lower(trim("lastName")), ${ACCENTED}, ${PLAIN}) = ${last}
      AND (translate(lower(trim("firstName")), ${ACCENTED}, ${PLAIN}) = ${first}
           OR ("birthDate" IS NOT NULL AND "birthDate" = ${input.user.birthDate}::date))
    ORDER BY "lastName", "firstName", "id"
    LIMIT 5`;
  return rows;
}

/** A usager was about to be created while homonyms exist: the form shows them and asks to confirm. */
export class HomonymError extends AppError {
  readonly homonyms: Homonym[];

  constructor(homonyms: Homonym[]) {
    super(
      "conflict",
      `Un usager du même nom existe déjà : ${homonyms.map((homonym) => fullName(homonym)).join(", ")}.`,
    );
    this.homonyms = homonyms;
    this.name = "HomonymError";
  }
}
