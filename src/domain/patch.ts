// The one convention for partial updates, and the one result shape of every update action.
//
// A `Patch<T>` holds, for each field of `T`, either the new value or `undefined`: keep the current one. `null` is a
// value like any other (`lieuId: null` removes the lieu). Forms send every field, so their patch has none undefined;
// an API PATCH leaves out what it does not change. `applyPatch` is the only place a patch meets the current values.

/** A partial update of `T`: a field left `undefined` keeps its current value. */
export type Patch<T> = { [K in keyof T]?: T[K] | undefined };

/** What an update action returns: the record as it now is, and the change, null when nothing changed (nothing written). */
export type Updated<R, C> = { record: R; change: C | null };

/** A change of a record with no notifications: its values before and after. */
export type ValuesChange<T> = { before: T; after: T };

/** `current` with each field that `patch` defines replaced by the patch's value. */
export function applyPatch<T extends object>(current: T, patch: Patch<T>): T {
  const next = { ...current };
  for (const key in patch) {
    const value = patch[key];
    if (value !== undefined && Object.hasOwn(current, key)) next[key] = value;
  }
  return next;
}

/** The keys of `T` whose values differ between `before` and `after` (compared with `===`), in `keys` order. */
export function changedKeys<T extends object>(before: T, after: T, keys: readonly (keyof T)[]): (keyof T)[] {
  return keys.filter((key) => before[key] !== after[key]);
}
