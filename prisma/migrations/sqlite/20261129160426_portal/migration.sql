-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN "publicTokenHash" TEXT;

-- CreateTable
CREATE TABLE "PublicChallenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "usedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_publicTokenHash_key" ON "Complaint"("publicTokenHash");
