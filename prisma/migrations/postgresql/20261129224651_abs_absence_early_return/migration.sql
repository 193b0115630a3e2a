-- AlterTable
ALTER TABLE "OfficerAbsence" ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "changeReason" TEXT,
ADD COLUMN     "changedAt" TIMESTAMP(3),
ADD COLUMN     "changedBy" JSONB,
ADD COLUMN     "declaredToDate" TEXT;
