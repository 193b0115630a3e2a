-- AlterTable
ALTER TABLE "OfficerAbsence" ADD COLUMN "cancelledAt" DATETIME;
ALTER TABLE "OfficerAbsence" ADD COLUMN "changeReason" TEXT;
ALTER TABLE "OfficerAbsence" ADD COLUMN "changedAt" DATETIME;
ALTER TABLE "OfficerAbsence" ADD COLUMN "changedBy" JSONB;
ALTER TABLE "OfficerAbsence" ADD COLUMN "declaredToDate" TEXT;
