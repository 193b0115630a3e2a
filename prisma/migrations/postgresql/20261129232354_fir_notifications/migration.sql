-- CreateTable
CREATE TABLE "NotificationWatermark" (
    "officerId" TEXT NOT NULL,
    "readThroughSeq" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationWatermark_pkey" PRIMARY KEY ("officerId")
);

-- CreateTable
CREATE TABLE "NotificationRead" (
    "officerId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationRead_pkey" PRIMARY KEY ("officerId","eventId")
);

-- CreateIndex
CREATE INDEX "NotificationRead_officerId_seq_idx" ON "NotificationRead"("officerId", "seq");
