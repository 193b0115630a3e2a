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
CREATE UNIQUE INDEX "OfficerAbsence_workflowId_key" ON "OfficerAbsence"("workflowId");

-- CreateIndex
CREATE INDEX "OfficerAbsence_departmentId_toDate_idx" ON "OfficerAbsence"("departmentId", "toDate");

-- CreateIndex
CREATE INDEX "OfficerAbsence_officerId_toDate_idx" ON "OfficerAbsence"("officerId", "toDate");
