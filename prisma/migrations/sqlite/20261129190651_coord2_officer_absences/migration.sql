-- CreateTable
CREATE TABLE "OfficerAbsence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "officerId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "deputyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "declaredBy" JSONB NOT NULL,
    "declaredAt" DATETIME NOT NULL,
    "workflowId" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "OfficerAbsence_workflowId_key" ON "OfficerAbsence"("workflowId");

-- CreateIndex
CREATE INDEX "OfficerAbsence_departmentId_toDate_idx" ON "OfficerAbsence"("departmentId", "toDate");

-- CreateIndex
CREATE INDEX "OfficerAbsence_officerId_toDate_idx" ON "OfficerAbsence"("officerId", "toDate");
