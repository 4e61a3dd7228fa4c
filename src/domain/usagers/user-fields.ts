/**
 * The usager fields of a form or API body, blank optional fields as null, ready for `userInputSchema` (which is
 * strict: the form's other fields, `_csrf` among them, are left out here).
 */
export function userFieldsOf(raw: unknown): Record<string, unknown> {
  const body: Record<string, unknown> = typeof raw === "object" && raw !== null ? { ...raw } : {};
  const blankAsNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);
  return {
    firstName: body.firstName,
    lastName: body.lastName,
    email: blankAsNull(body.email),
    phone: blankAsNull(body.phone),
  };
}
