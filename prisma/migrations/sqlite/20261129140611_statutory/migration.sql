-- CreateTable
CREATE TABLE "ProjectType" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "leadDepartmentId" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "CatalogueVersion" (
    "version" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "items" JSONB NOT NULL,
    "change" TEXT NOT NULL,
    "changedBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApprovalItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "departmentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "statutoryDays" INTEGER NOT NULL,
    "promisedDays" INTEGER NOT NULL,
    "greenChannelDays" INTEGER,
    "requiredMaterials" JSONB NOT NULL,
    "prerequisites" JSONB NOT NULL,
    "applicability" JSONB NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "limitUnit" TEXT NOT NULL DEFAULT 'workingDays',
    "stage" TEXT NOT NULL DEFAULT 'intake',
    "legalBasis" JSONB,
    "fee" TEXT,
    "deletedAt" DATETIME,
    CONSTRAINT "ApprovalItem_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ApprovalItem" ("applicability", "departmentId", "greenChannelDays", "id", "name", "prerequisites", "promisedDays", "requiredMaterials", "sortOrder", "statutoryDays") SELECT "applicability", "departmentId", "greenChannelDays", "id", "name", "prerequisites", "promisedDays", "requiredMaterials", "sortOrder", "statutoryDays" FROM "ApprovalItem";
DROP TABLE "ApprovalItem";
ALTER TABLE "new_ApprovalItem" RENAME TO "ApprovalItem";
CREATE INDEX "ApprovalItem_departmentId_idx" ON "ApprovalItem"("departmentId");
CREATE TABLE "new_Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "investmentWan" DECIMAL NOT NULL,
    "applicantName" TEXT NOT NULL,
    "applicantUscc" TEXT NOT NULL,
    "applicantContact" JSONB NOT NULL,
    "greenChannel" BOOLEAN NOT NULL DEFAULT false,
    "firstInquiryStaff" TEXT NOT NULL,
    "agentId" TEXT,
    "servicePointId" TEXT,
    "status" TEXT NOT NULL,
    "light" TEXT NOT NULL DEFAULT 'green',
    "materials" JSONB NOT NULL,
    "workflowId" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    "repliedAt" DATETIME,
    "withdrawnAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    "leadDepartmentId" TEXT,
    "catalogueVersion" INTEGER,
    CONSTRAINT "Project_leadDepartmentId_fkey" FOREIGN KEY ("leadDepartmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Project" ("agentId", "applicantContact", "applicantName", "applicantUscc", "code", "firstInquiryStaff", "greenChannel", "id", "investmentWan", "light", "location", "materials", "name", "repliedAt", "servicePointId", "status", "submittedAt", "type", "updatedAt", "version", "withdrawnAt", "workflowId") SELECT "agentId", "applicantContact", "applicantName", "applicantUscc", "code", "firstInquiryStaff", "greenChannel", "id", "investmentWan", "light", "location", "materials", "name", "repliedAt", "servicePointId", "status", "submittedAt", "type", "updatedAt", "version", "withdrawnAt", "workflowId" FROM "Project";
DROP TABLE "Project";
ALTER TABLE "new_Project" RENAME TO "Project";
CREATE UNIQUE INDEX "Project_code_key" ON "Project"("code");
CREATE UNIQUE INDEX "Project_workflowId_key" ON "Project"("workflowId");
CREATE INDEX "Project_agentId_idx" ON "Project"("agentId");
CREATE INDEX "Project_servicePointId_idx" ON "Project"("servicePointId");
CREATE INDEX "Project_status_idx" ON "Project"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
