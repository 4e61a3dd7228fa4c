// A JSON API client for tests: gets a token through POST /api/v1/tokens like an integration would.
import { apiToken } from "../../support/api.ts";

export type ApiResponse = { status: number; body: unknown; headers: Headers };

export type ApiClient = {
  get: (path: string) => Promise<ApiResponse>;
  post: (path: string, body?: unknown) => Promise<ApiResponse>;
  patch: (path: string, body?: unknown) => Promise<ApiResponse>;
  delete: (path: string) => Promise<ApiResponse>;
  raw: (path: string, init: RequestInit) => Promise<ApiResponse>;
};

/** A client signed in with the agent's email and TEST_PASSWORD. */
export async function apiClientFor(baseUrl: string, email: string): Promise<ApiClient> {
  const token = await apiToken(baseUrl, email);
  const raw = async (path: string, init: RequestInit): Promise<ApiResponse> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  const withBody = (method: string) => (path: string, body?: unknown) =>
    raw(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return {
    get: (path) => raw(path, { method: "GET" }),
    post: withBody("POST"),
    patch: withBody("PATCH"),
    delete: (path) => raw(path, { method: "DELETE" }),
    raw,
  };
}

/** A property of a JSON object body, for assertions. */
export function field(body: unknown, key: string): unknown {
  return typeof body === "object" && body !== null ? Reflect.get(body, key) : undefined;
}

/** The error of a JSON error body. */
export function apiError(body: unknown): { code?: string; message?: string; fields?: Record<string, string> } {
  const error = field(body, "error");
  return typeof error === "object" && error !== null ? error : {};
}
