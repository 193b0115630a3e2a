-- AlterTable
ALTER TABLE "Project" ADD COLUMN "firstInquiryOfficerId" TEXT;

-- AlterTable
ALTER TABLE "OfficerAbsence" ADD COLUMN "cancelledAt" DATETIME;
ALTER TABLE "OfficerAbsence" ADD COLUMN "changeReason" TEXT;
ALTER TABLE "OfficerAbsence" ADD COLUMN "changedAt" DATETIME;
ALTER TABLE "OfficerAbsence" ADD COLUMN "changedBy" JSONB;
ALTER TABLE "OfficerAbsence" ADD COLUMN "declaredToDate" TEXT;

-- CreateTable
CREATE TABLE "FirstInquiryPost" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitKind" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "postName" TEXT NOT NULL,
    "duties" TEXT NOT NULL,
    "phone" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FirstInquiryPostOfficer" (
    "postId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,

    PRIMARY KEY ("postId", "officerId"),
    CONSTRAINT "FirstInquiryPostOfficer_postId_fkey" FOREIGN KEY ("postId") REFERENCES "FirstInquiryPost" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FirstInquiryPostOfficer_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NotificationWatermark" (
    "officerId" TEXT NOT NULL PRIMARY KEY,
    "readThroughSeq" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "NotificationRead" (
    "officerId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "readAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("officerId", "eventId")
);

-- CreateIndex
CREATE INDEX "FirstInquiryPost_unitId_idx" ON "FirstInquiryPost"("unitId");

-- CreateIndex
CREATE INDEX "FirstInquiryPostOfficer_officerId_idx" ON "FirstInquiryPostOfficer"("officerId");

-- CreateIndex
CREATE INDEX "NotificationRead_officerId_seq_idx" ON "NotificationRead"("officerId", "seq");

-- CreateIndex
CREATE INDEX "Project_firstInquiryOfficerId_idx" ON "Project"("firstInquiryOfficerId");
