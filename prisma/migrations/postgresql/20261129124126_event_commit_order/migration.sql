-- DropIndex
DROP INDEX "Event_departmentId_seq_idx";

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "txid" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "WebhookSubscription" ADD COLUMN     "startCursor" TEXT;

-- CreateIndex
CREATE INDEX "Event_txid_seq_idx" ON "Event"("txid", "seq");

-- CreateIndex
CREATE INDEX "Event_departmentId_txid_seq_idx" ON "Event"("departmentId", "txid", "seq");

-- CreateIndex
CREATE INDEX "Event_agentId_txid_seq_idx" ON "Event"("agentId", "txid", "seq");

-- Commit-order feed (lib/event-feed.ts): every event records the transaction that inserted it.
-- A trigger rather than a column default because the model is shared with SQLite and Prisma's
-- diff does not see triggers; rows that existed before keep txid 0 and stay in seq order.
CREATE FUNCTION "Event_set_txid"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."txid" := pg_current_xact_id()::text::bigint;
  RETURN NEW;
END
$$;

CREATE TRIGGER "Event_set_txid" BEFORE INSERT ON "Event" FOR EACH ROW EXECUTE FUNCTION "Event_set_txid"();
