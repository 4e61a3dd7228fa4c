// One bounded round of HTTP load with autocannon, on loopback, reduced to the numbers the table shows.
import autocannon from "autocannon";

export type Round = {
  /** Successful (2xx) answers per second over the round. */
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers that were not 2xx, plus connection errors and timeouts. */
  errors: number;
  statuses: Record<string, number>;
  requests: number;
  seconds: number;
};

export type LoadOptions = {
  url: string;
  connections: number;
  /** Length of the round in seconds (ignored when `amount` is given). */
  seconds?: number;
  /** Exactly this many requests, then stop. */
  amount?: number;
  method?: "GET" | "POST" | "PATCH";
  headers?: Record<string, string>;
  /** A body and path for each request (new start times, another RDV to move…). */
  request?: () => { path?: string; body?: string };
};

/**
 * Run one round and summarise it. The rate is over the round's own span, from its start to its last answer:
 * autocannon's `duration` only ends on its once-a-second tick, which turned any round shorter than a second into
 * exactly one second (a ceiling of 4,000 answers/s measured as the 384 requests it was asked for).
 */
export async function load(options: LoadOptions): Promise<Round> {
  const make = options.request;
  const startedAt = performance.now();
  let lastAnswerAt = startedAt;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 5 }),
        timeout: 30,
        method: options.method ?? "GET",
        headers: options.headers ?? {},
        requests: [
          {
            method: options.method ?? "GET",
            ...(make ? { setupRequest: (request) => ({ ...request, ...make() }) } : {}),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on("response", () => {
      lastAnswerAt = performance.now();
    });
  });
  const seconds = Math.max((lastAnswerAt - startedAt) / 1000, 0.001);
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count ?? 0;
  const ok = result["2xx"];
  return {
    perSecond: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
    statuses,
    requests: result.requests.total,
    seconds,
  };
}
