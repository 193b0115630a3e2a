-- AlterTable
ALTER TABLE "ApprovalItem" ADD COLUMN     "onTheSpot" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ProjectType" ADD COLUMN     "greenChannel" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "acceptedAt" TIMESTAMP(3),
ADD COLUMN     "missingMaterials" JSONB;
