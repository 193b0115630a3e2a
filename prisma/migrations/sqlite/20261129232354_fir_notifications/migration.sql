-- CreateTable
CREATE TABLE "NotificationWatermark" (
    "officerId" TEXT NOT NULL PRIMARY KEY,
    "readThroughSeq" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "NotificationRead" (
    "officerId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "readAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("officerId", "eventId")
);

-- CreateIndex
CREATE INDEX "NotificationRead_officerId_seq_idx" ON "NotificationRead"("officerId", "seq");
