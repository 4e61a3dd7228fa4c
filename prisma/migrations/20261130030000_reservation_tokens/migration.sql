-- Usagers book online (issue 12): the confirmation email links to /mon-rdv/<token>, where the usager can cancel or
-- move the RDV. The token is a 256-bit secret; only its sha256 is stored here, and it stops working when the RDV
-- starts (`expiresAt`, moved with the RDV).

-- CreateTable
CREATE TABLE "ReservationToken" (
    "id" TEXT NOT NULL,
    "rdvId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReservationToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReservationToken_tokenHash_key" ON "ReservationToken"("tokenHash");

-- CreateIndex
CREATE INDEX "ReservationToken_rdvId_idx" ON "ReservationToken"("rdvId");

-- CreateIndex
CREATE INDEX "ReservationToken_userId_idx" ON "ReservationToken"("userId");

-- AddForeignKey
ALTER TABLE "ReservationToken" ADD CONSTRAINT "ReservationToken_rdvId_fkey" FOREIGN KEY ("rdvId") REFERENCES "Rdv"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReservationToken" ADD CONSTRAINT "ReservationToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
