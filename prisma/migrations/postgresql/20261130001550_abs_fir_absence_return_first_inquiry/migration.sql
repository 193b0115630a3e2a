-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "firstInquiryOfficerId" TEXT;

-- AlterTable
ALTER TABLE "OfficerAbsence" ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "changeReason" TEXT,
ADD COLUMN     "changedAt" TIMESTAMP(3),
ADD COLUMN     "changedBy" JSONB,
ADD COLUMN     "declaredToDate" TEXT;

-- CreateTable
CREATE TABLE "FirstInquiryPost" (
    "id" TEXT NOT NULL,
    "unitKind" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "postName" TEXT NOT NULL,
    "duties" TEXT NOT NULL,
    "phone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FirstInquiryPost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FirstInquiryPostOfficer" (
    "postId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,

    CONSTRAINT "FirstInquiryPostOfficer_pkey" PRIMARY KEY ("postId","officerId")
);

-- CreateTable
CREATE TABLE "NotificationWatermark" (
    "officerId" TEXT NOT NULL,
    "readThroughSeq" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationWatermark_pkey" PRIMARY KEY ("officerId")
);

-- CreateTable
CREATE TABLE "NotificationRead" (
    "officerId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationRead_pkey" PRIMARY KEY ("officerId","eventId")
);

-- CreateIndex
CREATE INDEX "FirstInquiryPost_unitId_idx" ON "FirstInquiryPost"("unitId");

-- CreateIndex
CREATE INDEX "FirstInquiryPostOfficer_officerId_idx" ON "FirstInquiryPostOfficer"("officerId");

-- CreateIndex
CREATE INDEX "NotificationRead_officerId_seq_idx" ON "NotificationRead"("officerId", "seq");

-- CreateIndex
CREATE INDEX "Project_firstInquiryOfficerId_idx" ON "Project"("firstInquiryOfficerId");

-- AddForeignKey
ALTER TABLE "FirstInquiryPostOfficer" ADD CONSTRAINT "FirstInquiryPostOfficer_postId_fkey" FOREIGN KEY ("postId") REFERENCES "FirstInquiryPost"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FirstInquiryPostOfficer" ADD CONSTRAINT "FirstInquiryPostOfficer_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
