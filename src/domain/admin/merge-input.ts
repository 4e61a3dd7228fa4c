/**
 * The input of a partial update (API `PATCH`): the record's current values overridden by the fields sent, so that
 * one full schema validates both forms (which send every field) and patches (which send some).
 */
export function mergeInput(current: Record<string, unknown>, raw: unknown): Record<string, unknown> {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw) ? { ...current, ...raw } : current;
}
