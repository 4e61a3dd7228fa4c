// Express set-up: security headers, body parsing, sessions, CSRF, views, routes, and the error pages.
import { join } from "node:path";
import cookieParser from "cookie-parser";
import express, { type Express } from "express";
import helmet from "helmet";
import { apiRoutes } from "./api/index.ts";
import { publicApi } from "./api/public.ts";
import type { AppContext } from "./context.ts";
import { csrf } from "./middleware/csrf.ts";
import { errorHandler, notFoundHandler } from "./middleware/errors.ts";
import { inputGuard } from "./middleware/input-guard.ts";
import { loadSession, noStore } from "./middleware/session.ts";
import { absenceRoutes } from "./routes/absences.ts";
import { accountRoutes } from "./routes/account.ts";
import { accountTokenRoutes } from "./routes/account-tokens.ts";
import { adminRoutes } from "./routes/admin/index.ts";
import { agendaRoutes } from "./routes/agenda.ts";
import { authRoutes } from "./routes/auth.ts";
import { bookingRoutes } from "./routes/booking.ts";
import { creneauRoutes } from "./routes/creneaux.ts";
import { daySheetRoutes } from "./routes/day-sheet.ts";
import { devEmailRoutes } from "./routes/dev-emails.ts";
import { failedEmailRoutes } from "./routes/failed-emails.ts";
import { healthRoutes } from "./routes/health.ts";
import { invitationRoutes } from "./routes/invitations.ts";
import { legalRoutes } from "./routes/legal.ts";
import { passwordRoutes } from "./routes/password.ts";
import { plageRoutes } from "./routes/plages.ts";
import { preferenceRoutes } from "./routes/preferences.ts";
import { rdvRoutes } from "./routes/rdvs.ts";
import { usagerRoutes } from "./routes/usagers.ts";

const ROOT = join(import.meta.dirname, "../..");

/** Build the web application; it holds no state of its own beyond `context`. */
export function createApp(context: AppContext): Express {
  const app = express();
  const production = context.config.NODE_ENV === "production";
  app.disable("x-powered-by");
  // Every dynamic answer is no-store (session.ts), so no browser sends an ETag back: hashing each page was 6 % of the
  // agenda page's CPU. The static files keep theirs (express.static sets its own).
  app.set("etag", false);
  app.set("views", join(ROOT, "views"));
  app.set("view engine", "ejs");
  app.set("trust proxy", "loopback");
  app.locals.appName = "RDV Agents";

  // Before anything reads the request: undecodable paths, queries and bodies are a 400 here, never further on.
  app.use(inputGuard());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          "script-src": ["'self'"],
          // FullCalendar 6 inserts an EMPTY <style data-fullcalendar> and fills it through CSSOM (insertRule), which
          // CSP does not govern; Chromium blocks the empty element itself under 'self' alone, and the calendar then
          // crashes (its sheet is null). The hash of the empty string allows exactly that element and no inline CSS.
          "style-src": ["'self'", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"],
          "img-src": ["'self'", "data:"],
          // Plain HTTP on localhost in development and tests must not be upgraded.
          "upgrade-insecure-requests": production ? [] : null,
        },
      },
      hsts: production,
    }),
  );
  const assets = { maxAge: production ? "7d" : 0, fallthrough: false };
  app.use("/assets", express.static(join(ROOT, "public"), assets));
  app.use("/vendor/bootstrap", express.static(join(ROOT, "node_modules/bootstrap/dist"), assets));
  app.use("/vendor/fullcalendar", express.static(join(ROOT, "node_modules/fullcalendar"), assets));

  // Every answer past the static files may hold personal data (or a CSRF token): never kept by the browser or a proxy.
  app.use(noStore);
  app.use("/api/v1", apiRoutes(context));
  // No token and no cookie: usagers book through the secret of their link only.
  app.use("/api/public/v1", publicApi(context));

  app.use(cookieParser());

  app.use(loadSession(context));
  app.use(csrf(context.config));
  for (const routes of [
    authRoutes,
    passwordRoutes,
    invitationRoutes,
    agendaRoutes,
    daySheetRoutes,
    rdvRoutes,
    usagerRoutes,
    creneauRoutes,
    plageRoutes,
    absenceRoutes,
    accountRoutes,
    accountTokenRoutes,
    preferenceRoutes,
    adminRoutes,
    devEmailRoutes,
    failedEmailRoutes,
    healthRoutes,
    legalRoutes,
    bookingRoutes,
  ]) {
    app.use(routes(context));
  }

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
