-- CreateTable
CREATE TABLE "JointMeeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "triggerDetail" TEXT,
    "agenda" TEXT NOT NULL,
    "meetingDate" TEXT NOT NULL,
    "convenedBy" JSONB NOT NULL,
    "convenedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "minutes" TEXT,
    "minutedAt" DATETIME,
    "minutedBy" JSONB
);

-- CreateTable
CREATE TABLE "JointMeetingInvitee" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "meetingId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "confirmedAt" DATETIME,
    "confirmedBy" JSONB,
    "commitment" TEXT,
    "supervisionOrderId" TEXT,
    CONSTRAINT "JointMeetingInvitee_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "JointMeeting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "JointMeeting_projectId_idx" ON "JointMeeting"("projectId");

-- CreateIndex
CREATE INDEX "JointMeeting_status_idx" ON "JointMeeting"("status");

-- CreateIndex
CREATE INDEX "JointMeetingInvitee_departmentId_idx" ON "JointMeetingInvitee"("departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "JointMeetingInvitee_meetingId_departmentId_key" ON "JointMeetingInvitee"("meetingId", "departmentId");
