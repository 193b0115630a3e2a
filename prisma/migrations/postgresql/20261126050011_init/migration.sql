-- CreateTable
CREATE TABLE "Department" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApprovalItem" (
    "id" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "statutoryDays" INTEGER NOT NULL,
    "promisedDays" INTEGER NOT NULL,
    "greenChannelDays" INTEGER,
    "requiredMaterials" JSONB NOT NULL,
    "prerequisites" JSONB NOT NULL,
    "applicability" JSONB NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ApprovalItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "Counter_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,

    CONSTRAINT "Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "investmentWan" DECIMAL(65,30) NOT NULL,
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
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "repliedAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "light" TEXT NOT NULL DEFAULT 'green',
    "greenChannel" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "deemedAccepted" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" TIMESTAMP(3),
    "decision" TEXT,
    "decisionDetail" JSONB,
    "statutoryDueDate" TEXT,
    "promisedDueDate" TEXT,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "clock" JSONB,
    "assignee" JSONB,
    "noticeCount" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "notice" JSONB,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" SERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "projectId" TEXT,
    "taskId" TEXT,
    "departmentId" TEXT,
    "agentId" TEXT,
    "actor" JSONB,
    "payload" JSONB NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "ConsolidatedReply" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsolidatedReply_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Milestone" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "plannedDate" TEXT NOT NULL,
    "actualDate" TEXT,
    "recordedAt" TIMESTAMP(3),
    "recordedBy" JSONB,

    CONSTRAINT "Milestone_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Satisfaction" (
    "projectId" TEXT NOT NULL,
    "rating" TEXT NOT NULL,
    "comment" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "recordedBy" JSONB NOT NULL,

    CONSTRAINT "Satisfaction_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL,
    "official" BOOLEAN NOT NULL,
    "holidays" JSONB NOT NULL,
    "workdays" JSONB NOT NULL,
    "schedule" JSONB,
    "source" TEXT NOT NULL,
    "loadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarYear_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT,
    "agentId" TEXT,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "principalId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER NOT NULL,
    "responseBody" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("principalId","key")
);

-- CreateTable
CREATE TABLE "WebhookSubscription" (
    "id" TEXT NOT NULL,
    "ownerKeyId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT,
    "agentId" TEXT,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "eventTypes" JSONB NOT NULL,
    "description" TEXT,
    "startSeq" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),
    "disabledAt" TIMESTAMP(3),
    "disabledReason" TEXT,

    CONSTRAINT "WebhookSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "responseCode" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Complaint" (
    "id" TEXT NOT NULL,
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
    "filedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "workingDays" INTEGER,
    "assignedAt" TIMESTAMP(3),
    "dueDate" TEXT,
    "reminderDate" TEXT,
    "explanationDueDate" TEXT,
    "escalationDate" TEXT,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "overdueAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "explanation" JSONB,
    "resolution" JSONB,
    "feedback" JSONB,
    "notice" JSONB,
    "closedAt" TIMESTAMP(3),
    "workflowId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Complaint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupervisionOrder" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "directive" TEXT NOT NULL,
    "workingDays" INTEGER NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "issuedBy" JSONB NOT NULL,
    "dueDate" TEXT NOT NULL,
    "reminderDate" TEXT NOT NULL,
    "provisional" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL,
    "overdueAt" TIMESTAMP(3),
    "response" JSONB,
    "workflowId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SupervisionOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountabilityRecord" (
    "id" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "taskId" TEXT,
    "projectId" TEXT,
    "complaintId" TEXT,
    "supervisionOrderId" TEXT,
    "dueDate" TEXT,
    "daysOver" INTEGER NOT NULL,
    "settledAt" TIMESTAMP(3),
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "detail" TEXT NOT NULL,

    CONSTRAINT "AccountabilityRecord_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "ApprovalItem" ADD CONSTRAINT "ApprovalItem_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "ApprovalItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsolidatedReply" ADD CONSTRAINT "ConsolidatedReply_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Milestone" ADD CONSTRAINT "Milestone_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Satisfaction" ADD CONSTRAINT "Satisfaction_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "WebhookSubscription"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountabilityRecord" ADD CONSTRAINT "AccountabilityRecord_id_fkey" FOREIGN KEY ("id") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
