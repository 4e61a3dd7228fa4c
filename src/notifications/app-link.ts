// Every link of every email is built here, from APP_URL of the configuration, when the worker renders the email: a
// row queued before a change of APP_URL links to where the app is now.
import type { Config } from "../config.ts";

/** A path of the app, from its root. */
export type AppPath = `/${string}`;

/** An absolute link into the app. */
export type AppLink = (path: AppPath) => string;

/** The link builder of the configuration's APP_URL, whatever its trailing slash. */
export function appLinkOf(config: Pick<Config, "APP_URL">): AppLink {
  const base = config.APP_URL.replace(/\/+$/, "");
  return (path) => `${base}${path}`;
}
