-- CreateTable
CREATE TABLE "FirstInquiryPost" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "unitKind" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "postName" TEXT NOT NULL,
    "duties" TEXT NOT NULL,
    "phone" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FirstInquiryPostOfficer" (
    "postId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,

    PRIMARY KEY ("postId", "officerId"),
    CONSTRAINT "FirstInquiryPostOfficer_postId_fkey" FOREIGN KEY ("postId") REFERENCES "FirstInquiryPost" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FirstInquiryPostOfficer_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "FirstInquiryPost_unitId_idx" ON "FirstInquiryPost"("unitId");

-- CreateIndex
CREATE INDEX "FirstInquiryPostOfficer_officerId_idx" ON "FirstInquiryPostOfficer"("officerId");
