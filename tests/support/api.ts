// The one JSON API client of the tests: a bearer token obtained through POST /api/v1/tokens as an integrator would,
// then requests to /api/v1 that give back the status, the parsed body and the headers.
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
  const token = field(await response.json(), "token");
  if (typeof token !== "string") throw new Error("no token in the answer of POST /api/v1/tokens");
  return token;
}

export type ApiAnswer = { status: number; body: unknown; headers: Headers; location: string | null };

export type ApiClient = {
  token: string;
  /** One request to /api/v1<path>; a string body is sent as is (to try malformed JSON), anything else as JSON. */
  call(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  get(path: string): Promise<ApiAnswer>;
  post(path: string, body?: unknown): Promise<ApiAnswer>;
  patch(path: string, body?: unknown): Promise<ApiAnswer>;
  delete(path: string): Promise<ApiAnswer>;
};

/** A client of the API signed in as the agent with this email (and TEST_PASSWORD). */
export async function apiClient(baseUrl: string, email: string): Promise<ApiClient> {
  const token = await apiToken(baseUrl, email);
  const call = async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : null,
      headers: response.headers,
      location: response.headers.get("location"),
    };
  };
  return {
    token,
    call,
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body),
    patch: (path, body) => call("PATCH", path, body),
    delete: (path) => call("DELETE", path),
  };
}

/** A property of a JSON object body, for assertions (undefined when the body is not an object). */
export function field(body: unknown, key: string): unknown {
  return typeof body === "object" && body !== null ? Reflect.get(body, key) : undefined;
}

/** The `id` of a JSON record; fails the test when there is none. */
export function idOf(body: unknown): string {
  const id = field(body, "id");
  if (typeof id === "string") return id;
  throw new Error(`no id in ${JSON.stringify(body)}`);
}

/** The error of a JSON error body. */
export function apiError(body: unknown): { code?: string; message?: string; fields?: Record<string, string> } {
  const error = field(body, "error");
  return typeof error === "object" && error !== null ? error : {};
}
