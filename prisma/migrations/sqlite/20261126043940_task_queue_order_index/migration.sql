-- DropIndex
DROP INDEX "Task_departmentId_status_greenChannel_receivedAt_idx";

-- CreateIndex
CREATE INDEX "Task_departmentId_status_greenChannel_receivedAt_id_idx" ON "Task"("departmentId", "status", "greenChannel" DESC, "receivedAt", "id");
