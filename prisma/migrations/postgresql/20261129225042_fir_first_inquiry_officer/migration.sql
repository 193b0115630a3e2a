-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "firstInquiryOfficerId" TEXT;

-- CreateIndex
CREATE INDEX "Project_firstInquiryOfficerId_idx" ON "Project"("firstInquiryOfficerId");
