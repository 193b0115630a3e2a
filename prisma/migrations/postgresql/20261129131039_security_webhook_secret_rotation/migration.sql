-- AlterTable
ALTER TABLE "WebhookSubscription" ADD COLUMN     "previousSecret" TEXT,
ADD COLUMN     "previousSecretUntil" TIMESTAMP(3);
