// The usager form (views/admin/usagers/form.ejs) → a usager's fields: email, phone and birth date left blank are none.
import type { UserInput } from "../../domain/usagers/user.schemas.ts";
import { userFieldsSchema } from "../../domain/usagers/user.schemas.ts";
import { parseInput } from "../../domain/validation.ts";
import { formBody, formString } from "./fields.ts";

/** Every field of a usager from its form; a 422 names each bad field. */
export function parseUsagerForm(body: unknown): UserInput {
  return parseInput(userFieldsSchema, formBody(body));
}

/** Whether the agent pressed « Créer quand même » after the homonym warning. */
export function confirmsHomonyms(body: unknown): boolean {
  return formString(formBody(body).homonymes) === "confirmer";
}
