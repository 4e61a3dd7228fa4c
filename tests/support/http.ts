// A small cookie-keeping HTTP client for route tests: it reads the CSRF token from pages like a browser would.
import { expect } from "vitest";
import { TEST_PASSWORD } from "./factories.ts";

export type Page = { status: number; html: string; location: string | null };

export class WebClient {
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  readonly baseUrl: string;
  /** Sent with every request, e.g. an X-Forwarded-For of its own so that per-address limits count this client apart. */
  private readonly headers: Record<string, string>;

  constructor(baseUrl: string, headers: Record<string, string> = {}) {
    this.baseUrl = baseUrl;
    this.headers = headers;
  }

  /** GET a page, following no redirect; remembers the CSRF token found in it. */
  async get(path: string): Promise<Page> {
    return this.request("GET", path);
  }

  /** POST a form (with the last CSRF token seen unless `_csrf` is given). */
  async post(path: string, form: Record<string, string | string[]>): Promise<Page> {
    const body = new URLSearchParams();
    if (!("_csrf" in form) && this.csrf) body.append("_csrf", this.csrf);
    for (const [key, value] of Object.entries(form)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
    }
    return this.request("POST", path, body);
  }

  /** Sign in through the sign-in form. */
  async signIn(email: string, password: string): Promise<Page> {
    await this.get("/connexion");
    return this.post("/connexion", { email, password });
  }

  /** GET with the client's cookies, for tests that read the answer's headers; its cookies are not kept. */
  async fetch(path: string): Promise<Response> {
    return fetch(this.baseUrl + path, { redirect: "manual", headers: { cookie: this.cookieHeader() } });
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private async request(method: string, path: string, body?: URLSearchParams): Promise<Page> {
    const response = await fetch(this.baseUrl + path, {
      method,
      body,
      redirect: "manual",
      headers: {
        ...this.headers,
        accept: "text/html",
        cookie: this.cookieHeader(),
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, html, location: response.headers.get("location") };
  }
}

/** A client signed in through the form as the agent with this email (and TEST_PASSWORD); fails the test otherwise. */
export async function signedInClient(baseUrl: string, email: string): Promise<WebClient> {
  const client = new WebClient(baseUrl);
  const response = await client.signIn(email, TEST_PASSWORD);
  expect(response.status).toBe(302);
  return client;
}
