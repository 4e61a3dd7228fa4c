// Plages d'ouverture and absences: the owner is told of every change, whoever made it, unless it opted out.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AgentRecordChange,
  type AgentRecordEmailKind,
  type AgentRecordType,
  decidePlageOrAbsenceEmail,
  type NotificationLevel,
} from "../../../src/notifications/rules.ts";

type Row = [
  AgentRecordType,
  AgentRecordChange,
  plageLevel: NotificationLevel,
  absenceLevel: NotificationLevel,
  AgentRecordEmailKind | null,
];

// biome-ignore format: the table is read as a table
const TABLE: Row[] = [
  // record             change      plage level  absence level  email
  ["plage_ouverture",  "created",  "all",       "all",         "plage_ouverture_created"],
  ["plage_ouverture",  "updated",  "all",       "all",         "plage_ouverture_updated"],
  ["plage_ouverture",  "deleted",  "all",       "all",         "plage_ouverture_deleted"],
  ["plage_ouverture",  "created",  "all",       "none",        "plage_ouverture_created"],
  ["plage_ouverture",  "created",  "none",      "all",         null],
  ["plage_ouverture",  "updated",  "none",      "all",         null],
  ["plage_ouverture",  "deleted",  "none",      "none",        null],
  ["absence",          "created",  "all",       "all",         "absence_created"],
  ["absence",          "updated",  "all",       "all",         "absence_updated"],
  ["absence",          "deleted",  "all",       "all",         "absence_deleted"],
  ["absence",          "deleted",  "none",      "all",         "absence_deleted"],
  ["absence",          "created",  "all",       "none",        null],
  ["absence",          "updated",  "all",       "none",        null],
  ["absence",          "deleted",  "none",      "none",        null],
];

const PHRASE: Record<AgentRecordType, string> = { plage_ouverture: "plage d'ouverture", absence: "absence" };

describe("emails about an agent's plages d'ouverture and absences", () => {
  const cases = TABLE.map(
    ([recordType, change, plageOuvertureNotificationLevel, absenceNotificationLevel, expected]) => {
      const own = recordType === "plage_ouverture" ? plageOuvertureNotificationLevel : absenceNotificationLevel;
      const other = recordType === "plage_ouverture" ? absenceNotificationLevel : plageOuvertureNotificationLevel;
      const outcome = expected === null ? "is not emailed" : `is emailed ${expected}`;
      return {
        name: `an owner at level ${own} for this kind (${other} for the other) ${outcome} when its ${PHRASE[recordType]} is ${change}`,
        input: { recordType, change, ownerPreferences: { plageOuvertureNotificationLevel, absenceNotificationLevel } },
        expected,
      };
    },
  );

  for (const { name, input, expected } of cases) {
    it(name, () => {
      expect(decidePlageOrAbsenceEmail(input)).toBe(expected);
    });
  }

  it("an owner is emailed exactly when its level for that kind of record is all", () => {
    const levelArb = fc.constantFrom<NotificationLevel>("all", "none");
    fc.assert(
      fc.property(
        fc.constantFrom<AgentRecordType>("plage_ouverture", "absence"),
        fc.constantFrom<AgentRecordChange>("created", "updated", "deleted"),
        levelArb,
        levelArb,
        (recordType, change, plageOuvertureNotificationLevel, absenceNotificationLevel) => {
          const own = recordType === "plage_ouverture" ? plageOuvertureNotificationLevel : absenceNotificationLevel;
          const decision = decidePlageOrAbsenceEmail({
            recordType,
            change,
            ownerPreferences: { plageOuvertureNotificationLevel, absenceNotificationLevel },
          });
          expect(decision).toBe(own === "all" ? `${recordType}_${change}` : null);
        },
      ),
    );
  });
});
