// The lieu form (views/admin/lieux/form.ejs) → a lieu's fields. Nothing is special to the form: text fields only.
import { type LieuFields, lieuSchema } from "../../domain/lieux/lieu.schemas.ts";
import { parseInput } from "../../domain/validation.ts";
import { formBody } from "./fields.ts";

/** Every field of a lieu from its form; a 422 names each bad field. */
export function parseLieuForm(body: unknown): LieuFields {
  return parseInput(lieuSchema, formBody(body));
}
