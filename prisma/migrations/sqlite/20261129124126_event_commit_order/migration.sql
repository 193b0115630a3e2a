-- AlterTable
ALTER TABLE "WebhookSubscription" ADD COLUMN "startCursor" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Event" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "projectId" TEXT,
    "taskId" TEXT,
    "departmentId" TEXT,
    "agentId" TEXT,
    "actor" JSONB,
    "payload" JSONB NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "txid" BIGINT NOT NULL DEFAULT 0
);
INSERT INTO "new_Event" ("actor", "agentId", "departmentId", "id", "occurredAt", "payload", "projectId", "seq", "taskId", "type") SELECT "actor", "agentId", "departmentId", "id", "occurredAt", "payload", "projectId", "seq", "taskId", "type" FROM "Event";
DROP TABLE "Event";
ALTER TABLE "new_Event" RENAME TO "Event";
CREATE UNIQUE INDEX "Event_id_key" ON "Event"("id");
CREATE INDEX "Event_projectId_seq_idx" ON "Event"("projectId", "seq");
CREATE INDEX "Event_txid_seq_idx" ON "Event"("txid", "seq");
CREATE INDEX "Event_departmentId_txid_seq_idx" ON "Event"("departmentId", "txid", "seq");
CREATE INDEX "Event_agentId_txid_seq_idx" ON "Event"("agentId", "txid", "seq");
CREATE INDEX "Event_type_seq_idx" ON "Event"("type", "seq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
