-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN     "publicTokenHash" TEXT;

-- CreateTable
CREATE TABLE "PublicChallenge" (
    "id" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PublicChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_publicTokenHash_key" ON "Complaint"("publicTokenHash");
