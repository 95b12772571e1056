-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "accountKey" TEXT;

-- CreateIndex
CREATE INDEX "Connection_teamId_accountKey_idx" ON "Connection"("teamId", "accountKey");
