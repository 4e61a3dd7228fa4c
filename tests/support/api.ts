// The bearer token of an agent of the factories, obtained through POST /api/v1/tokens as an integrator would.
import { expect } from "vitest";
import { TEST_PASSWORD } from "./factories.ts";

/** A fresh API token of the agent with this email (and TEST_PASSWORD); fails the test if none is issued. */
export async function apiToken(baseUrl: string, email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(201);
  const body: unknown = await response.json();
  const token = typeof body === "object" && body !== null ? Reflect.get(body, "token") : undefined;
  if (typeof token !== "string") throw new Error("no token in the answer of POST /api/v1/tokens");
  return token;
}
