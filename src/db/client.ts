// The Prisma client, always through the pg driver adapter (the same code path for the embedded and the real database).
import { PrismaPg } from "@prisma/adapter-pg";
import { type Prisma, PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
/** The transaction client handed down to every write of a domain action. */
export type Tx = Prisma.TransactionClient;

/** A Prisma client on `url`; `poolMax` is 1 for the embedded database, which is a single session anyway. */
export function createPrisma(url: string, poolMax: number): Db {
  const adapter = new PrismaPg({ connectionString: url, max: poolMax });
  return new PrismaClient({ adapter });
}
