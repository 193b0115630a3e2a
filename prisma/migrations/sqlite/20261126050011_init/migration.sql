-- CreateTable
CREATE TABLE "Department" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "shortName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ApprovalItem" (
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
    CONSTRAINT "ApprovalItem_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "phone" TEXT
);

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "investmentWan" DECIMAL NOT NULL,
    "applicantName" TEXT NOT NULL,
    "applicantUscc" TEXT NOT NULL,
    "applicantContact" JSONB NOT NULL,
    "greenChannel" BOOLEAN NOT NULL DEFAULT false,
    "firstInquiryStaff" TEXT NOT NULL,
    "agentId" TEXT,
    "status" TEXT NOT NULL,
    "light" TEXT NOT NULL DEFAULT 'green',
    "materials" JSONB NOT NULL,
    "workflowId" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL,
    "repliedAt" DATETIME,
    "withdrawnAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "light" TEXT NOT NULL DEFAULT 'green',
    "greenChannel" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" DATETIME,
    "acceptedAt" DATETIME,
    "deemedAccepted" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" DATETIME,
    "decision" TEXT,
    "decisionDetail" JSONB,
    "statutoryDueDate" TEXT,
    "promisedDueDate" TEXT,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "clock" JSONB,
    "assignee" JSONB,
    "noticeCount" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,
    "notice" JSONB,
    CONSTRAINT "Task_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Task_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Task_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ApprovalItem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "projectId" TEXT,
    "taskId" TEXT,
    "departmentId" TEXT,
    "agentId" TEXT,
    "actor" JSONB,
    "payload" JSONB NOT NULL,
    "occurredAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ConsolidatedReply" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConsolidatedReply_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "plannedDate" TEXT NOT NULL,
    "actualDate" TEXT,
    "recordedAt" DATETIME,
    "recordedBy" JSONB,
    CONSTRAINT "Milestone_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Satisfaction" (
    "projectId" TEXT NOT NULL PRIMARY KEY,
    "rating" TEXT NOT NULL,
    "comment" TEXT,
    "recordedAt" DATETIME NOT NULL,
    "recordedBy" JSONB NOT NULL,
    CONSTRAINT "Satisfaction_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "official" BOOLEAN NOT NULL,
    "holidays" JSONB NOT NULL,
    "workdays" JSONB NOT NULL,
    "schedule" JSONB,
    "source" TEXT NOT NULL,
    "loadedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT,
    "agentId" TEXT,
    "label" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "principalId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER NOT NULL,
    "responseBody" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("principalId", "key")
);

-- CreateTable
CREATE TABLE "WebhookSubscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerKeyId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT,
    "agentId" TEXT,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "eventTypes" JSONB NOT NULL,
    "description" TEXT,
    "startSeq" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" DATETIME,
    "disabledAt" DATETIME,
    "disabledReason" TEXT
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriptionId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "responseCode" INTEGER,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookDelivery_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "WebhookSubscription" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Complaint" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "departmentId" TEXT NOT NULL,
    "unitId" TEXT,
    "projectId" TEXT,
    "taskId" TEXT,
    "category" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "complainant" JSONB NOT NULL,
    "filedBy" JSONB NOT NULL,
    "filedByKeyId" TEXT NOT NULL,
    "filedByAgentId" TEXT,
    "filedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "workingDays" INTEGER,
    "assignedAt" DATETIME,
    "dueDate" TEXT,
    "reminderDate" TEXT,
    "explanationDueDate" TEXT,
    "escalationDate" TEXT,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "overdueAt" DATETIME,
    "escalatedAt" DATETIME,
    "explanation" JSONB,
    "resolution" JSONB,
    "feedback" JSONB,
    "notice" JSONB,
    "closedAt" DATETIME,
    "workflowId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SupervisionOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "directive" TEXT NOT NULL,
    "workingDays" INTEGER NOT NULL,
    "issuedAt" DATETIME NOT NULL,
    "issuedBy" JSONB NOT NULL,
    "dueDate" TEXT NOT NULL,
    "reminderDate" TEXT NOT NULL,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "overdueAt" DATETIME,
    "response" JSONB,
    "workflowId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AccountabilityRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "departmentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "taskId" TEXT,
    "projectId" TEXT,
    "complaintId" TEXT,
    "supervisionOrderId" TEXT,
    "dueDate" TEXT,
    "daysOver" INTEGER NOT NULL,
    "settledAt" DATETIME,
    "occurredAt" DATETIME NOT NULL,
    "detail" TEXT NOT NULL,
    CONSTRAINT "AccountabilityRecord_id_fkey" FOREIGN KEY ("id") REFERENCES "Event" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ApprovalItem_departmentId_idx" ON "ApprovalItem"("departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "Project_code_key" ON "Project"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Project_workflowId_key" ON "Project"("workflowId");

-- CreateIndex
CREATE INDEX "Project_agentId_idx" ON "Project"("agentId");

-- CreateIndex
CREATE INDEX "Project_status_idx" ON "Project"("status");

-- CreateIndex
CREATE INDEX "Task_departmentId_status_greenChannel_receivedAt_id_idx" ON "Task"("departmentId", "status", "greenChannel" DESC, "receivedAt", "id");

-- CreateIndex
CREATE INDEX "Task_departmentId_light_idx" ON "Task"("departmentId", "light");

-- CreateIndex
CREATE UNIQUE INDEX "Task_projectId_itemId_key" ON "Task"("projectId", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_id_key" ON "Event"("id");

-- CreateIndex
CREATE INDEX "Event_projectId_seq_idx" ON "Event"("projectId", "seq");

-- CreateIndex
CREATE INDEX "Event_departmentId_seq_idx" ON "Event"("departmentId", "seq");

-- CreateIndex
CREATE INDEX "Event_type_seq_idx" ON "Event"("type", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "ConsolidatedReply_projectId_version_key" ON "ConsolidatedReply"("projectId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Milestone_projectId_kind_key" ON "Milestone"("projectId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "WebhookSubscription_ownerKeyId_idx" ON "WebhookSubscription"("ownerKeyId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_subscriptionId_createdAt_idx" ON "WebhookDelivery"("subscriptionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_workflowId_key" ON "Complaint"("workflowId");

-- CreateIndex
CREATE INDEX "Complaint_unitId_status_idx" ON "Complaint"("unitId", "status");

-- CreateIndex
CREATE INDEX "Complaint_status_dueDate_idx" ON "Complaint"("status", "dueDate");

-- CreateIndex
CREATE INDEX "Complaint_filedByKeyId_idx" ON "Complaint"("filedByKeyId");

-- CreateIndex
CREATE INDEX "Complaint_filedByAgentId_idx" ON "Complaint"("filedByAgentId");

-- CreateIndex
CREATE UNIQUE INDEX "SupervisionOrder_workflowId_key" ON "SupervisionOrder"("workflowId");

-- CreateIndex
CREATE INDEX "SupervisionOrder_taskId_idx" ON "SupervisionOrder"("taskId");

-- CreateIndex
CREATE INDEX "SupervisionOrder_status_dueDate_idx" ON "SupervisionOrder"("status", "dueDate");

-- CreateIndex
CREATE INDEX "AccountabilityRecord_departmentId_occurredAt_idx" ON "AccountabilityRecord"("departmentId", "occurredAt");

-- CreateIndex
CREATE INDEX "AccountabilityRecord_kind_occurredAt_idx" ON "AccountabilityRecord"("kind", "occurredAt");

-- CreateIndex
CREATE INDEX "AccountabilityRecord_occurredAt_idx" ON "AccountabilityRecord"("occurredAt");

-- CreateIndex
CREATE INDEX "AccountabilityRecord_settledAt_idx" ON "AccountabilityRecord"("settledAt");
