-- AlterTable
ALTER TABLE "Event" ADD COLUMN "servicePointId" TEXT;

-- AlterTable
ALTER TABLE "WebhookSubscription" ADD COLUMN "servicePointId" TEXT;

-- CreateIndex
CREATE INDEX "Event_servicePointId_txid_seq_idx" ON "Event"("servicePointId", "txid", "seq");

-- Backfill (issue #13): lifecycle and tracking events written before this migration get their
-- project's agent and service point, so agents and windows see their projects' history too.
-- Complaint and 督办 events stay with supervision (complainant details are not the agent's).
UPDATE "Event" SET
  "agentId" = COALESCE("agentId", (SELECT p."agentId" FROM "Project" p WHERE p."id" = "Event"."projectId")),
  "servicePointId" = (SELECT p."servicePointId" FROM "Project" p WHERE p."id" = "Event"."projectId")
WHERE "projectId" IS NOT NULL AND ("type" LIKE 'project.%' OR "type" LIKE 'task.%' OR "type" LIKE 'milestone.%' OR "type" LIKE 'satisfaction.%' OR "type" = 'supervision.alerted');
