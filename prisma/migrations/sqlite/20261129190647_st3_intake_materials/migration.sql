-- AlterTable
ALTER TABLE "Project" ADD COLUMN "acceptedAt" DATETIME;
ALTER TABLE "Project" ADD COLUMN "missingMaterials" JSONB;

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
    "onTheSpot" BOOLEAN NOT NULL DEFAULT false,
    "deletedAt" DATETIME,
    CONSTRAINT "ApprovalItem_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_ApprovalItem" ("applicability", "deletedAt", "departmentId", "fee", "greenChannelDays", "id", "legalBasis", "limitUnit", "name", "prerequisites", "promisedDays", "requiredMaterials", "sortOrder", "stage", "statutoryDays") SELECT "applicability", "deletedAt", "departmentId", "fee", "greenChannelDays", "id", "legalBasis", "limitUnit", "name", "prerequisites", "promisedDays", "requiredMaterials", "sortOrder", "stage", "statutoryDays" FROM "ApprovalItem";
DROP TABLE "ApprovalItem";
ALTER TABLE "new_ApprovalItem" RENAME TO "ApprovalItem";
CREATE INDEX "ApprovalItem_departmentId_idx" ON "ApprovalItem"("departmentId");
CREATE TABLE "new_ProjectType" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "leadDepartmentId" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "greenChannel" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_ProjectType" ("id", "leadDepartmentId", "name", "sortOrder") SELECT "id", "leadDepartmentId", "name", "sortOrder" FROM "ProjectType";
DROP TABLE "ProjectType";
ALTER TABLE "new_ProjectType" RENAME TO "ProjectType";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
