-- AlterTable
ALTER TABLE "JointMeetingInvitee" ADD COLUMN     "commitmentWorkingDays" INTEGER;

-- CreateTable
CREATE TABLE "Intermediary" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "serviceKinds" JSONB NOT NULL,
    "limitDays" INTEGER NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Intermediary_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IntermediaryPeriod" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "intermediaryId" TEXT NOT NULL,
    "intermediaryName" TEXT NOT NULL,
    "serviceKind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "limitDays" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "startedBy" JSONB NOT NULL,
    "dueDate" TEXT NOT NULL,
    "yellowDate" TEXT NOT NULL,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "light" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "endedAt" TIMESTAMP(3),
    "endedBy" JSONB,
    "result" TEXT,
    "note" TEXT,
    "rating" INTEGER,
    "ratingComment" TEXT,
    "daysUsed" INTEGER,
    "onTime" BOOLEAN,
    "workflowId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntermediaryPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfficerAbsence" (
    "id" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "deputyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "declaredBy" JSONB NOT NULL,
    "declaredAt" TIMESTAMP(3) NOT NULL,
    "workflowId" TEXT NOT NULL,

    CONSTRAINT "OfficerAbsence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IntermediaryPeriod_workflowId_key" ON "IntermediaryPeriod"("workflowId");

-- CreateIndex
CREATE INDEX "IntermediaryPeriod_taskId_idx" ON "IntermediaryPeriod"("taskId");

-- CreateIndex
CREATE INDEX "IntermediaryPeriod_intermediaryId_startedAt_idx" ON "IntermediaryPeriod"("intermediaryId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "OfficerAbsence_workflowId_key" ON "OfficerAbsence"("workflowId");

-- CreateIndex
CREATE INDEX "OfficerAbsence_departmentId_toDate_idx" ON "OfficerAbsence"("departmentId", "toDate");

-- CreateIndex
CREATE INDEX "OfficerAbsence_officerId_toDate_idx" ON "OfficerAbsence"("officerId", "toDate");
