-- AlterTable
ALTER TABLE "ApprovalItem" ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "fee" TEXT,
ADD COLUMN     "legalBasis" JSONB,
ADD COLUMN     "limitUnit" TEXT NOT NULL DEFAULT 'workingDays',
ADD COLUMN     "stage" TEXT NOT NULL DEFAULT 'intake';

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "catalogueVersion" INTEGER,
ADD COLUMN     "leadDepartmentId" TEXT;

-- CreateTable
CREATE TABLE "ProjectType" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "leadDepartmentId" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ProjectType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogueVersion" (
    "version" INTEGER NOT NULL,
    "items" JSONB NOT NULL,
    "change" TEXT NOT NULL,
    "changedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CatalogueVersion_pkey" PRIMARY KEY ("version")
);

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_leadDepartmentId_fkey" FOREIGN KEY ("leadDepartmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;
