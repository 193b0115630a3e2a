-- CreateTable
CREATE TABLE "JointMeeting" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "triggerDetail" TEXT,
    "agenda" TEXT NOT NULL,
    "meetingDate" TEXT NOT NULL,
    "convenedBy" JSONB NOT NULL,
    "convenedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "minutes" TEXT,
    "minutedAt" TIMESTAMP(3),
    "minutedBy" JSONB,

    CONSTRAINT "JointMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JointMeetingInvitee" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "confirmedBy" JSONB,
    "commitment" TEXT,
    "supervisionOrderId" TEXT,

    CONSTRAINT "JointMeetingInvitee_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JointMeeting_projectId_idx" ON "JointMeeting"("projectId");

-- CreateIndex
CREATE INDEX "JointMeeting_status_idx" ON "JointMeeting"("status");

-- CreateIndex
CREATE INDEX "JointMeetingInvitee_departmentId_idx" ON "JointMeetingInvitee"("departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "JointMeetingInvitee_meetingId_departmentId_key" ON "JointMeetingInvitee"("meetingId", "departmentId");

-- AddForeignKey
ALTER TABLE "JointMeetingInvitee" ADD CONSTRAINT "JointMeetingInvitee_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "JointMeeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
