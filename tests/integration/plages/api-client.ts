// A bearer-token client of the JSON API for tests: the token comes from POST /api/v1/tokens, as for integrators.
import { apiToken } from "../../support/api.ts";

export type ApiResponse = { status: number; body: unknown; location: string | null };

export type ApiClient = {
  token: string;
  call: (method: string, path: string, body?: unknown) => Promise<ApiResponse>;
};

/** Sign in to the API as an agent of the factories. */
export async function apiClient(baseUrl: string, email: string): Promise<ApiClient> {
  const token = await apiToken(baseUrl, email);
  return {
    token,
    call: async (method, path, body) => {
      const answer = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { "content-type": "application/json" }),
        },
        // A string is sent as is, to try malformed JSON.
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await answer.text();
      return { status: answer.status, body: text ? JSON.parse(text) : null, location: answer.headers.get("location") };
    },
  };
}

/** The `id` of a JSON record. */
export function idOf(body: unknown): string {
  if (typeof body === "object" && body !== null && "id" in body && typeof body.id === "string") return body.id;
  throw new Error(`no id in ${JSON.stringify(body)}`);
}
