// CSRF protection for every form. Signed in: the session's own random token. Anonymous (sign-in, forgotten password,
// invitations): a random pre-session id in its own strict cookie, and as token the HMAC-SHA256 of that id under the
// server's SESSION_SECRET. A plain double-submit would accept any cookie equal to the field, so a cookie planted by a
// sibling site would let it sign the victim in to the attacker's account (login CSRF); a signed token cannot be made
// up without the secret. Token-authenticated API calls carry no cookie and are exempt.
import { createHmac } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Config } from "../../config.ts";
import { newSecret, sameSecret } from "../../domain/auth/tokens.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** The secret it signs is random, 256 bits, base64url: anything else in the cookie is not ours. */
const PRE_SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** The pre-session cookie's name: `__Host-` in production, so that no subdomain nor plain-HTTP page can set it. */
export function preSessionCookieName(config: Pick<Config, "NODE_ENV">): string {
  return config.NODE_ENV === "production" ? "__Host-rdv_presession" : "rdv_presession";
}

/** The anonymous CSRF token bound to a pre-session id. */
export function anonymousCsrfToken(secret: string, preSessionId: string): string {
  return createHmac("sha256", secret).update(`csrf:${preSessionId}`).digest("base64url");
}

/** Make the token available to views and refuse unsafe requests without the matching one. */
export function csrf(config: Pick<Config, "NODE_ENV" | "SESSION_SECRET">) {
  const cookieName = preSessionCookieName(config);
  const secure = config.NODE_ENV === "production";
  return (req: Request, res: Response, next: NextFunction) => {
    let expected = res.locals.session?.csrfToken;
    if (!expected) {
      const existing: unknown = req.cookies?.[cookieName];
      const preSessionId = typeof existing === "string" && PRE_SESSION_ID.test(existing) ? existing : newSecret();
      if (preSessionId !== existing) {
        res.cookie(cookieName, preSessionId, { httpOnly: true, sameSite: "strict", secure, path: "/" });
      }
      expected = anonymousCsrfToken(config.SESSION_SECRET, preSessionId);
    }
    res.locals.csrfToken = expected;
    if (SAFE_METHODS.has(req.method)) return next();
    const sent: unknown = req.body?._csrf ?? req.get("x-csrf-token");
    if (typeof sent === "string" && sameSecret(sent, expected)) return next();
    res.status(403).render("errors/error", {
      title: "Formulaire expiré",
      message: "Ce formulaire a expiré. Rechargez la page et recommencez.",
    });
  };
}
