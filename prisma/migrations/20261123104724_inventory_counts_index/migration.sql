-- CreateIndex
CREATE INDEX "ClusterSnapshot_teamId_connectionId_goneAt_idx" ON "ClusterSnapshot"("teamId", "connectionId", "goneAt");
