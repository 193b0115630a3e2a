-- AlterTable
ALTER TABLE "ApprovalItem" ADD COLUMN "chainMaterials" JSONB;
