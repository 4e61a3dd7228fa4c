// Server-rendered forms: on bad input the same view comes back with the submitted values and a message per field.
import type { Response } from "express";
import { AppError } from "../domain/errors.ts";

export type FormLocals = Record<string, unknown> & { values?: unknown };

/**
 * Run `action`; if it refuses the input (`invalid`, or `conflict` naming fields), render `view` again with
 * `locals`, the errors and HTTP 422. Other errors go on to the error middleware.
 */
export async function submitForm(
  res: Response,
  view: string,
  locals: FormLocals,
  action: () => Promise<void>,
): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof AppError && (error.code === "invalid" || (error.code === "conflict" && error.fields))) {
      res.status(422).render(view, { ...locals, errors: error.fields ?? {}, errorMessage: error.message });
      return;
    }
    throw error;
  }
}
