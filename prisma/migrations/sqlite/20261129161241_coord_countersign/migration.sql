-- CreateTable
CREATE TABLE "Countersign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "leadDepartmentId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "draft" TEXT NOT NULL,
    "workingDays" INTEGER NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "startedBy" JSONB NOT NULL,
    "dueDate" TEXT NOT NULL,
    "reminderDate" TEXT NOT NULL,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "remindedAt" DATETIME,
    "overdueAt" DATETIME,
    "completedAt" DATETIME,
    "workflowId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CountersignSignature" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "countersignId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "opinion" TEXT,
    "reasons" JSONB NOT NULL,
    "declines" INTEGER NOT NULL DEFAULT 0,
    "actedAt" DATETIME,
    "actedBy" JSONB,
    CONSTRAINT "CountersignSignature_countersignId_fkey" FOREIGN KEY ("countersignId") REFERENCES "Countersign" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Countersign_workflowId_key" ON "Countersign"("workflowId");

-- CreateIndex
CREATE INDEX "Countersign_projectId_idx" ON "Countersign"("projectId");

-- CreateIndex
CREATE INDEX "Countersign_leadDepartmentId_idx" ON "Countersign"("leadDepartmentId");

-- CreateIndex
CREATE INDEX "CountersignSignature_departmentId_idx" ON "CountersignSignature"("departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "CountersignSignature_countersignId_departmentId_key" ON "CountersignSignature"("countersignId", "departmentId");
