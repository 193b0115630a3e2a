-- CreateTable
CREATE TABLE "FirstInquiryPost" (
    "id" TEXT NOT NULL,
    "unitKind" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "postName" TEXT NOT NULL,
    "duties" TEXT NOT NULL,
    "phone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FirstInquiryPost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FirstInquiryPostOfficer" (
    "postId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,

    CONSTRAINT "FirstInquiryPostOfficer_pkey" PRIMARY KEY ("postId","officerId")
);

-- CreateIndex
CREATE INDEX "FirstInquiryPost_unitId_idx" ON "FirstInquiryPost"("unitId");

-- CreateIndex
CREATE INDEX "FirstInquiryPostOfficer_officerId_idx" ON "FirstInquiryPostOfficer"("officerId");

-- AddForeignKey
ALTER TABLE "FirstInquiryPostOfficer" ADD CONSTRAINT "FirstInquiryPostOfficer_postId_fkey" FOREIGN KEY ("postId") REFERENCES "FirstInquiryPost"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FirstInquiryPostOfficer" ADD CONSTRAINT "FirstInquiryPostOfficer_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
