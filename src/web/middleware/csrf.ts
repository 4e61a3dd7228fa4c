// CSRF protection for every form: a per-session token, or for anonymous forms (sign-in, password reset) a
// double-submit token in its own strict cookie. Token-authenticated API calls carry no cookie and are exempt.
import type { NextFunction, Request, Response } from "express";
import { newSecret, sameSecret } from "../../domain/auth/tokens.ts";

const ANON_COOKIE = "rdv_csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Make the token available to views and refuse unsafe requests without the matching one. */
export function csrf(secureCookies: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    let expected = res.locals.session?.csrfToken;
    if (!expected) {
      const existing: unknown = req.cookies?.[ANON_COOKIE];
      expected = typeof existing === "string" && existing.length > 0 ? existing : newSecret();
      if (expected !== existing) {
        res.cookie(ANON_COOKIE, expected, { httpOnly: true, sameSite: "strict", secure: secureCookies, path: "/" });
      }
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
