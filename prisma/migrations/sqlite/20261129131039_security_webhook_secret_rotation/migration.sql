-- AlterTable
ALTER TABLE "WebhookSubscription" ADD COLUMN "previousSecret" TEXT;
ALTER TABLE "WebhookSubscription" ADD COLUMN "previousSecretUntil" DATETIME;
