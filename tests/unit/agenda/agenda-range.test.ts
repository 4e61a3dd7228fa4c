// Today in the organisation's zone is read through the vocabulary's cached offsets: it must be the day luxon gives,
// on both sides of midnight and of daylight-saving changes.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { todayIn } from "../../../src/domain/agenda/agenda-range.ts";

describe("today in the organisation's zone", () => {
  it("is luxon's local day every five minutes around midnights and daylight-saving changes", () => {
    const around: [string, string][] = [
      ["Europe/Paris", "2027-03-28T00:00:00Z"],
      ["Europe/Paris", "2027-10-30T22:00:00Z"],
      ["America/New_York", "2027-11-07T04:00:00Z"],
      ["Pacific/Kiritimati", "2027-03-22T10:00:00Z"],
      ["Pacific/Pago_Pago", "2027-03-22T11:00:00Z"],
      ["Pacific/Chatham", "2027-04-03T13:00:00Z"],
    ];
    for (const [zone, centre] of around) {
      for (let minutes = -36 * 60; minutes <= 36 * 60; minutes += 5) {
        const now = new Date(Date.parse(centre) + minutes * 60_000);
        expect(todayIn(zone, now), `${zone} ${now.toISOString()}`).toBe(
          DateTime.fromJSDate(now, { zone }).toFormat("yyyy-MM-dd"),
        );
      }
    }
  });
});
