-- AlterTable
ALTER TABLE "JointMeetingInvitee" ADD COLUMN "commitmentWorkingDays" INTEGER;
