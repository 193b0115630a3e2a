-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "nationalCode" TEXT;

-- CreateIndex
CREATE INDEX "Project_nationalCode_idx" ON "Project"("nationalCode");
